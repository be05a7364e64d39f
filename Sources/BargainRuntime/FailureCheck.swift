// Runtime errors are results of paths (Grammar/semantics.md, rule 18): a failing path is an error
// of the match only if some world of the solved match reaches it. This finds the first world at
// which a side fails and follows the failure down, through the runs and boxed statements it came
// from, to the runtime error that caused it, which is reported where it happened.

import BargainLogic
import BargainSemantics

/// Why a path fails. A failure is a result like an output; it is an error of the match only if
/// some world of the solved match reaches it (Grammar/semantics.md, rule 18).
public indirect enum PathFailure: Sendable {
  /// The program's own runtime error here (division by zero, overflow, an off-grid demand, ...).
  case error(RuntimeFailure)
  /// The run it plays or simulates (a run index) fails.
  case run(Int)
  /// The statement of a `provable[level]` (level 0 for bounded queries) fails at an earlier
  /// world: in one of `cases`, each with its condition inside the box.
  case statement(level: Int, cases: [FailureCase])
}

/// One failing case of a statement inside a box.
public struct FailureCase: Sendable {
  public var condition: FormulaID
  public var failure: PathFailure
}

/// What the failure search reads from a solved match.
protocol FailureWorlds {
  /// Whether `path` is taken at `world` (with positive probability, in matches with chance).
  func takes(_ path: CompiledPath, atWorld world: Int) -> Bool
  /// The least world m with `lower` <= m < `upper` (nil: no bound) at which `condition` holds.
  func firstWorld(where condition: FormulaID, from lower: Int, before upper: Int?) -> Int?
}

enum FailureCheck {
  /// A side fails but no runtime error explains it: a bug in the compiler or the search.
  static let unlocated = RuntimeFailure(
    .internalError(what: "a run fails at some world but no runtime error was found"), at: nil)

  /// Deterministic matches: throws the runtime error of the first world at which a side fails
  /// (ties: the row side). Solves the system with its failure atoms, which the outcome ignores.
  static func check(_ system: MatchupSystem, sides: [Int]) throws(RuntimeFailure) {
    guard system.tracksFailures else { return }
    let solution = try MatchSolver.solveKripke(system)
    var first: (world: Int, state: Int)?
    for state in sides {
      let sequence = solution.sequence(ofAtom: system.atom(state: state, result: system.failureResult))
      guard let world = sequence.initialValue ? 0 : sequence.changeWorlds.first else { continue }
      if first.map({ world < $0.world }) ?? true { first = (world, state) }
    }
    guard let first else { return }
    var search = FailureSearch(system: system, worlds: KripkeFailureWorlds(solution: solution))
    throw search.locate(first.state, atWorld: first.world) ?? unlocated
  }

  /// `bargain prove`: the statement is asked at every world, so a failing case at any world is
  /// an error.
  static func checkStatement(_ system: MatchupSystem) throws(RuntimeFailure) {
    guard system.tracksFailures, !system.statementFailures.isEmpty else { return }
    let solution = try MatchSolver.solveKripke(system)
    var search = FailureSearch(system: system, worlds: KripkeFailureWorlds(solution: solution))
    if let error = search.resolve(system.statementFailures, from: 0, before: nil) { throw error }
  }

  /// The system the outcome is solved from: failure atoms read as false, so that failing paths
  /// change nothing (their conditions and boxes do not enter the stable world either).
  static func withoutFailures(_ system: MatchupSystem) -> MatchupSystem {
    guard system.tracksFailures else { return system }
    var outcome = system
    let never = outcome.arena.constant(false)
    for state in system.keys.indices {
      outcome.definitions[system.atom(state: state, result: system.failureResult)] = never
    }
    return outcome
  }
}

/// Depth-first search from a failing run at a world down to a runtime error. Iterative (a chain
/// of unguarded plays can be as long as `maxMatchups`), and each (run, world) is visited once,
/// so cycles through simulations end.
struct FailureSearch<Worlds: FailureWorlds> {
  let system: MatchupSystem
  let worlds: Worlds
  private var visited: Set<RunAtWorld> = []

  private struct RunAtWorld: Hashable {
    var state: Int
    var world: Int
  }

  /// One step of the search; a stack of them replaces recursion.
  private enum Step {
    /// Try the failing paths of `state` taken at `world`, from index `next` on.
    case run(state: Int, world: Int, next: Int)
    case resolve(PathFailure, world: Int)
    /// Try `candidates` (a failure at a world each) from index `next` on.
    case candidates([(world: Int, failure: PathFailure)], next: Int)
  }

  init(system: MatchupSystem, worlds: Worlds) {
    self.system = system
    self.worlds = worlds
  }

  /// The runtime error behind run `state` failing at `world`, if it does.
  mutating func locate(_ state: Int, atWorld world: Int) -> RuntimeFailure? {
    search(from: .resolve(.run(state), world: world))
  }

  /// A failing case of a statement at a world in `lower..<upper` (nil: no bound).
  mutating func resolve(_ cases: [FailureCase], from lower: Int, before upper: Int?) -> RuntimeFailure? {
    search(from: .candidates(candidates(cases, from: lower, before: upper), next: 0))
  }

  private mutating func search(from first: Step) -> RuntimeFailure? {
    var stack = [first]
    while let step = stack.popLast() {
      switch step {
      case .run(let state, let world, let next):
        guard system.paths.indices.contains(state) else { continue }
        let paths = system.paths[state]
        guard
          let index = paths.indices.dropFirst(next).first(where: {
            paths[$0].failure != nil && worlds.takes(paths[$0], atWorld: world)
          }), let failure = paths[index].failure
        else { continue }
        stack.append(.run(state: state, world: world, next: index + 1))
        stack.append(.resolve(failure, world: world))
      case .resolve(let failure, let world):
        switch failure {
        case .error(let error):
          return error
        case .run(let state):
          if visited.insert(RunAtWorld(state: state, world: world)).inserted {
            stack.append(.run(state: state, world: world, next: 0))
          }
        case .statement(let level, let cases):
          stack.append(.candidates(candidates(cases, from: level, before: world), next: 0))
        }
      case .candidates(let list, let next):
        guard next < list.count else { continue }
        stack.append(.candidates(list, next: next + 1))
        stack.append(.resolve(list[next].failure, world: list[next].world))
      }
    }
    return nil
  }

  /// The cases that fail at some world in `lower..<upper`: the earliest world first, then the
  /// first case in source order.
  private func candidates(
    _ cases: [FailureCase], from lower: Int, before upper: Int?
  ) -> [(world: Int, failure: PathFailure)] {
    var found: [(world: Int, index: Int)] = []
    for (index, failing) in cases.enumerated() {
      if let world = worlds.firstWorld(where: failing.condition, from: lower, before: upper) {
        found.append((world, index))
      }
    }
    found.sort { ($0.world, $0.index) < ($1.world, $1.index) }
    return found.map { ($0.world, cases[$0.index].failure) }
  }
}

/// Deterministic matches: truth from the Kripke solution of the system with its failure atoms.
struct KripkeFailureWorlds: FailureWorlds {
  let solution: KripkeSolution

  func takes(_ path: CompiledPath, atWorld world: Int) -> Bool {
    solution.value(of: path.condition, atWorld: world)
  }

  func firstWorld(where condition: FormulaID, from lower: Int, before upper: Int?) -> Int? {
    let sequence = solution.sequence(of: condition)
    let start = max(lower, 0)
    guard let world = sequence.value(at: start) ? start : sequence.nextChange(after: start),
      upper.map({ world < $0 }) ?? true
    else { return nil }
    return world
  }
}

/// Matches with chance: each world's truth and probabilities, as the distribution solver found
/// them; a path is taken where its condition holds and each of its draws has positive probability.
/// Worlds the solver skipped (nothing could change there) share the entry of the world before.
struct ChanceFailureWorlds: FailureWorlds {
  /// Ascending `from`: entry i holds for the worlds from its `from` up to the next entry's.
  let history: [(from: Int, truth: [FormulaID: Bool], values: [Fraction])]
  /// One past the last world solved.
  let end: Int
  let resultCount: Int

  /// The entry that holds at `world`, if it was solved.
  private func entry(at world: Int) -> Int? {
    guard world >= 0, world < end else { return nil }
    var low = 0
    var high = history.count
    while low < high {
      let middle = (low + high) / 2
      if history[middle].from <= world { low = middle + 1 } else { high = middle }
    }
    return low > 0 ? low - 1 : nil
  }

  func takes(_ path: CompiledPath, atWorld world: Int) -> Bool {
    guard let index = entry(at: world), history[index].truth[path.condition] ?? false else { return false }
    let values = history[index].values
    return path.draws.allSatisfy { draw in
      let variable = draw.state * resultCount + draw.result
      return values.indices.contains(variable) && !values[variable].isZero
    }
  }

  func firstWorld(where condition: FormulaID, from lower: Int, before upper: Int?) -> Int? {
    let stop = min(upper ?? end, end)
    let start = max(lower, 0)
    guard start < stop, var index = entry(at: start) else { return nil }
    while index < history.count, history[index].from < stop {
      if history[index].truth[condition] ?? false { return max(history[index].from, start) }
      index += 1
    }
    return nil
  }
}
