// Plays two program instances: builds the match's equations, rejects unguarded cycles, answers
// bounded proof queries, solves on the Kripke frame of GL (deterministic matches) or as a least
// fixed point of the probabilistic recursion at each Kripke world (matches with chance), and reads
// off each side's eventual output, distribution and proof level.

import BargainLogic
import BargainSemantics
import BargainSyntax

public struct SideResult: Sendable {
  public var instance: ProgramInstance
  /// The eventual output (true in the standard model); with chance, the most likely result.
  public var output: Output
  /// The least n such that PA+n proves this output (with chance: from which it has probability 1),
  /// with the bounded answers in `bounded` taken as given.
  public var level: Int
  /// Numbers (0-based, into `SolvedMatch.answers`) of the bounded queries this output depends on.
  /// When there are any, the output is established with those searches' answers, not by a PA+n
  /// proof alone (rule B3).
  public var bounded: [Int] = []
}

public struct SolvedMatch: Sendable {
  public var world: CheckedWorld
  /// Row side first.
  public var sides: [SideResult]
  /// The first world from which every boxed subformula keeps its value.
  public var stableWorld: Int
  /// `frames[w][side]`: each side's output at world w, for w in 0...stableWorld (deterministic).
  public var frames: [[Output]]
  public var matchupCount: Int
  public var answers: [BoundedAnswer]
  /// The equations and their solution, for explanations.
  public var system: MatchupSystem
  public var solution: KripkeSolution?
  /// Run indices of the two sides' matchups.
  public var sideStates: [Int]
  /// Matches with chance: the distributions.
  public var chance: ChanceOutcome?
  /// The system every bounded search ran in: queries that succeed read as □φ, the others as ⊥
  /// (rule B3); nil without bounded queries or when they were not searched (rule B8).
  public var boundedSystem: ModalSystem?
}

public enum MatchSolver {
  /// `limits` bounds each bounded proof search and `maxSearches` their number (tests lower them;
  /// a hit is exit 3).
  /// `opponents` (row's, column's): what each side's run plays against, when that is not simply
  /// the other program: what the side knows of it (protocol rule P6).
  public static func solve(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance, limits: ProverLimits = .standard,
    maxSearches: Int = RuntimeLimits.maxBoundedSearches, opponents: [ProgramInstance]? = nil
  ) throws(RuntimeFailure) -> SolvedMatch {
    let rowOpponent = opponents?.first ?? column
    let columnOpponent = opponents?.last ?? row
    var aliases: [Matchup: Matchup] = [:]
    if rowOpponent != column {
      aliases[Matchup(player: row, opponent: column)] = Matchup(player: row, opponent: rowOpponent)
    }
    if columnOpponent != row, aliases[Matchup(player: column, opponent: row)] == nil {
      aliases[Matchup(player: column, opponent: row)] = Matchup(player: column, opponent: columnOpponent)
    }
    let compiled = try MatchupCompiler.compileMatch(
      [Matchup(player: row, opponent: rowOpponent), Matchup(player: column, opponent: columnOpponent)], in: world,
      aliases: aliases)
    var system = compiled.system
    let rowState = compiled.states.first ?? 0
    let columnState = compiled.states.last ?? 0
    try rejectUnguardedCycles(system)
    let resolution = try BoundedResolver.resolve(&system, limits: limits, maxSearches: maxSearches)
    let answers = resolution.answers
    let searched = resolution.searchSystem
    let dependencies = [rowState, columnState].map { BoundedResolver.dependencies(of: $0, in: system) }
    if system.hasChance {
      let mustHold = zip(system.queries, answers).filter { $0.1.holds }.map { ($0.0.statement, $0.0.range) }
      let chance = try ChanceSolver.solve(system, sides: [rowState, columnState], mustHold: mustHold)
      let sides = [row, column].enumerated().map { index, instance in
        SideResult(
          instance: instance, output: chance.sides[index].mostLikely, level: chance.sides[index].level ?? 0,
          bounded: dependencies[index])
      }
      return SolvedMatch(
        world: world, sides: sides, stableWorld: chance.stableWorld, frames: [], matchupCount: system.keys.count,
        answers: answers, system: system, solution: nil,
        sideStates: [rowState, columnState], chance: chance, boundedSystem: searched)
    }
    try FailureCheck.check(system, sides: [rowState, columnState])
    let solution = try solveKripke(FailureCheck.withoutFailures(system))
    try BoundedResolver.verify(resolution, against: solution)
    let outputs = system.outputs
    func eventual(_ state: Int) -> (Int, Int) {
      for position in outputs.indices {
        let atom = system.atom(state: state, result: position)
        if solution.eventualValue(ofAtom: atom) { return (position, solution.level(ofAtom: atom) ?? 0) }
      }
      return (0, 0)
    }
    func output(_ state: Int, atWorld world: Int) -> Output {
      for position in outputs.indices
      where solution.value(ofAtom: system.atom(state: state, result: position), atWorld: world) {
        return outputs[position]
      }
      return outputs[0]
    }
    let (rowOutput, rowLevel) = eventual(rowState)
    let (columnOutput, columnLevel) = eventual(columnState)
    let frames = (0...solution.stableWorld).map { w in [output(rowState, atWorld: w), output(columnState, atWorld: w)] }
    return SolvedMatch(
      world: world,
      sides: [
        SideResult(instance: row, output: outputs[rowOutput], level: rowLevel, bounded: dependencies[0]),
        SideResult(instance: column, output: outputs[columnOutput], level: columnLevel, bounded: dependencies[1]),
      ],
      stableWorld: solution.stableWorld, frames: frames, matchupCount: system.keys.count,
      answers: answers, system: system, solution: solution,
      sideStates: [rowState, columnState], chance: nil, boundedSystem: searched)
  }

  public static func solveKripke(_ system: MatchupSystem) throws(RuntimeFailure) -> KripkeSolution {
    do {
      var limits = KripkeLimits.standard
      limits.maxWorlds = RuntimeLimits.maxWorlds
      return try KripkeSolver.solve(ModalSystem(arena: system.arena, definitions: system.definitions), limits: limits)
    } catch {
      switch error {
      case .unguardedCycle(let atoms):
        let names = atoms.map { system.describe(system.keys[$0 / max(system.resultCount, 1)]) }
        throw RuntimeFailure(.unguardedCycle(cycle: names), at: nil)
      case .worldLimit(let limit, let box):
        throw RuntimeFailure(
          .limit(name: "maxWorlds", limit: limit, what: "the Kripke sequence did not settle"),
          at: BoxSites.site(of: box, in: system))
      case .atomLimit(let limit):
        throw RuntimeFailure(.limit(name: "maxAtoms", limit: limit, what: "too many atoms"), at: nil)
      case .undefinedAtom, .invalidDefinition:
        throw RuntimeFailure(
          .limit(name: "maxAtoms", limit: system.definitions.count, what: "an atom has no definition"), at: nil)
      }
    }
  }

  /// Unguarded references must be well-founded; report the first cycle with each step's location.
  static func rejectUnguardedCycles(_ system: MatchupSystem) throws(RuntimeFailure) {
    let count = system.keys.count
    var state = Array(repeating: 0, count: count)  // 0 new, 1 on stack, 2 done
    for root in 0..<count where state[root] == 0 {
      // Iterative DFS: (node, next edge index).
      var stack: [(node: Int, edge: Int)] = [(root, 0)]
      state[root] = 1
      while let top = stack.last {
        let edges = system.unguarded[top.node]
        if top.edge < edges.count {
          stack[stack.count - 1].edge += 1
          let target = edges[top.edge].target
          if state[target] == 1 {
            guard let start = stack.firstIndex(where: { $0.node == target }) else { continue }
            let loop = stack[start...]
            var names = loop.map { system.describe(system.keys[$0.node]) }
            names.append(system.describe(system.keys[target]))
            let notes = loop.map { step -> Diagnostic.Note in
              let edge = system.unguarded[step.node][step.edge - 1]
              return Diagnostic.Note(
                message:
                  "\(system.describe(system.keys[step.node])) needs \(system.describe(system.keys[edge.target])) here",
                range: edge.range)
            }
            throw RuntimeFailure(
              .unguardedCycle(cycle: names), at: notes.first?.range, notes: Array(notes.dropFirst()))
          }
          if state[target] == 0 {
            state[target] = 1
            stack.append((target, 0))
          }
        } else {
          state[top.node] = 2
          stack.removeLast()
        }
      }
    }
  }
}
