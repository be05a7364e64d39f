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
  /// The least n such that PA+n proves this output (with chance: from which it has probability 1).
  public var level: Int
}

/// The answer to one `provable within N (φ)`.
public struct BoundedAnswer: Sendable {
  public var query: BoundedQuery
  public var holds: Bool
  /// The proof found (least size), when one was found within the budget.
  public var proof: Proof?
  /// `proved in 7 steps`, `no proof within 5 steps`, `search stopped at maxSearchNodes`.
  public var summary: String
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
  /// The modal system the bounded queries were asked in (oracles read as provability).
  public var idealizedSystem: ModalSystem?
}

public enum MatchSolver {
  public static func solve(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance
  ) throws(RuntimeFailure) -> SolvedMatch {
    let compiled = try MatchupCompiler.compileMatch(
      [Matchup(player: row, opponent: column), Matchup(player: column, opponent: row)], in: world)
    var system = compiled.system
    let rowState = compiled.states.first ?? 0
    let columnState = compiled.states.last ?? 0
    try rejectUnguardedCycles(system)
    let (answers, idealized) = try answerQueries(&system)
    if system.hasChance {
      let chance = try ChanceSolver.solve(system, sides: [rowState, columnState])
      let sides = [row, column].enumerated().map { index, instance in
        SideResult(
          instance: instance, output: chance.sides[index].mostLikely, level: chance.sides[index].level ?? 0)
      }
      return SolvedMatch(
        world: world, sides: sides, stableWorld: chance.stableWorld, frames: [], matchupCount: system.keys.count,
        answers: answers, system: system, solution: nil,
        sideStates: [rowState, columnState], chance: chance, idealizedSystem: idealized)
    }
    try FailureCheck.check(system, sides: [rowState, columnState])
    let solution = try solveKripke(FailureCheck.withoutFailures(system))
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
        SideResult(instance: row, output: outputs[rowOutput], level: rowLevel),
        SideResult(instance: column, output: outputs[columnOutput], level: columnLevel),
      ],
      stableWorld: solution.stableWorld, frames: frames, matchupCount: system.keys.count,
      answers: answers, system: system, solution: solution,
      sideStates: [rowState, columnState], chance: nil, idealizedSystem: idealized)
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
      case .worldLimit(let limit):
        throw RuntimeFailure(
          .limit(name: "maxWorlds", limit: limit, what: "the Kripke sequence did not settle"), at: nil)
      case .atomLimit(let limit):
        throw RuntimeFailure(.limit(name: "maxAtoms", limit: limit, what: "too many atoms"), at: nil)
      case .undefinedAtom, .invalidDefinition:
        throw RuntimeFailure(
          .limit(name: "maxAtoms", limit: system.definitions.count, what: "an atom has no definition"), at: nil)
      }
    }
  }

  /// Answers every `provable within N (φ)` by proof search in the idealized system, where each
  /// bounded query is read as plain provability (Grammar/semantics.md, rule B3); then fixes each
  /// query's atom to its answer.
  static func answerQueries(_ system: inout MatchupSystem) throws(RuntimeFailure) -> ([BoundedAnswer], ModalSystem?) {
    guard !system.queries.isEmpty else { return ([], nil) }
    if system.hasChance {
      // Runs with chance have distributions, not equations the search could use as axioms; a
      // search without them could only be unsound or empty, so it is not run (rule B8).
      var answers: [BoundedAnswer] = []
      for query in system.queries {
        answers.append(
          BoundedAnswer(
            query: query, holds: false, proof: nil, summary: "not searched: the match uses chance (rule B8)"))
        system.definitions[system.atom(state: query.state, result: 0)] = system.arena.constant(false)
      }
      return (answers, nil)
    }
    var idealizedDefinitions = system.definitions
    for query in system.queries {
      let box = system.arena.box(query.statement, level: 0)
      idealizedDefinitions[system.atom(state: query.state, result: 0)] = box
    }
    let idealized = ModalSystem(arena: system.arena, definitions: idealizedDefinitions)
    var answers: [BoundedAnswer] = []
    for query in system.queries {
      let outcome = GLProver.prove(query.statement, in: idealized, budget: query.budget)
      let answer: BoundedAnswer
      switch outcome {
      case .proved(let proof):
        answer = BoundedAnswer(
          query: query, holds: true, proof: proof, summary: "proof of \(proof.size) steps found")
      case .noProofWithinBudget:
        answer = BoundedAnswer(
          query: query, holds: false, proof: nil, summary: "no proof within \(query.budget) steps")
      case .limitReached(let limit):
        answer = BoundedAnswer(
          query: query, holds: false, proof: nil, summary: "search stopped at \(limit.name): not found within limits")
      case .invalidInput(let error):
        answer = BoundedAnswer(query: query, holds: false, proof: nil, summary: "not searched: \(error)")
      case .kernelRejected:
        answer = BoundedAnswer(query: query, holds: false, proof: nil, summary: "the proof kernel refused a step")
      }
      answers.append(answer)
      let value = system.arena.constant(answer.holds)
      system.definitions[system.atom(state: query.state, result: 0)] = value
    }
    return (answers, idealized)
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
