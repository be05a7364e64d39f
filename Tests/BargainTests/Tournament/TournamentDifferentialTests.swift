// A tournament's shortcuts (pre-bargaining once per planless agent, a pair and its mirror solved
// once, results from worker threads) against playing each ordered pair on its own with
// `PreBargaining.run` and `Match.play`: on random populations every cell must be exactly the same.

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax
import Testing

@testable import BargainCLI
@testable import BargainTournament

@Suite struct TournamentDifferentialTests {
  /// Programs besides the random modal ones: shared helper runs (`DefectBot`), chance, bounded
  /// searches, parameters, a runtime error (`Broken` divides by zero), a cycle (`Mirror` vs itself)
  /// and situation facts, which read the opponent's commitments (rule P10).
  static let fixed = [
    "program DefectBot { play D }",
    "program CooperateBot { play C }",
    "program FairBot { if provable(them(me) == C) { play C } else { play D } }",
    "program PrudentBot { if provable(them(me) == C) and provable[1](them(DefectBot) == D) { play C } else { play D } }",
    "program TrollBot { if provable(them(DefectBot) == C) { play C } else { play D } }",
    "program BoundedFairBot(budget: int = 30) { if provable within budget (them(me) == C) { play C } else { play D } }",
    "program RandomBot(p: rational = 1/3) { with probability p { play C } else { play D } }",
    "program EpsilonGroundedFairBot { with probability 1/10 { play C } else { play simulate(them, me) } }",
    "program Mirror { play them(me) }",
    "program Watchful { if they committed program DefectBot { play D } else { play C } }",
    "program Wary { if they committed unconditionally { play D } else { play C } }",
    "program Broken(d: int = 0) { if 10 / d == 1 { play C } else { play D } }",
  ]

  /// Every program of `fixed` and `size` random modal agents, in an order drawn from `seed`.
  static func population(seed: UInt64, size: Int) -> (text: String, names: [String]) {
    var generator = SeededGenerator(seed: seed)
    var members: [(program: String, name: String)] = fixed.map { program in
      (program, String(program.dropFirst("program ".count).prefix { $0.isLetter }))
    }
    for index in 0..<size {
      members.append((TournamentBench.randomModalProgram(index, &generator), "R\(index)"))
    }
    members.shuffle(using: &generator)
    return (
      "game PrisonersDilemma\n" + members.map(\.program).joined(separator: "\n") + "\n", members.map(\.name)
    )
  }

  static func checked(_ text: String, names: [String]) throws -> (CheckedWorld, [TournamentAgent]) {
    var loaded = LoadedProgramSet()
    let file = loaded.add(path: "<differential>", text: text)
    let range = SourceRange(file: file, start: 0, end: 0)
    let requests = names.map { AgentRequest(file: file, selection: Expr(.name($0), range: range)) }
    let checked = Checker.check(units: loaded.units, prelude: loaded.prelude, agents: requests)
    let rendered = DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics + checked.diagnostics)
    let world = try #require(checked.world, "\(rendered)")
    #expect(!checked.hasErrors, "\(rendered)")
    try #require(checked.agentPlans.count == names.count)
    return (
      world,
      zip(names, checked.agentPlans).map { TournamentAgent(name: $0, source: "-", agent: $1) }
    )
  }

  /// The cell of one ordered pair, computed with nothing shared with any other pair.
  static func alone(world: CheckedWorld, agents: [TournamentAgent], _ row: Int, _ column: Int) -> PairOutcome {
    let options = TournamentOptions()
    do {
      let outcome = try PreBargaining.run(
        world: world, agents: [agents[row].agent, agents[column].agent], horizon: options.horizon, lag: options.lag)
      let report = try Match.play(
        world: world, row: outcome.programs[0], column: outcome.programs[1], opponents: outcome.opponents)
      return .played(Tournament.summarize(report, outcome, world: world, row: row, column: column, planned: false))
    } catch {
      return .failed(PairFailure(row: row, column: column, diagnostics: error.diagnostics, limit: error.limitReached))
    }
  }

  /// Every cell, with any number of jobs and in both orders (mirrors derived, not played), equals
  /// the pair played alone; the order is part of a cell only through `mirrored`.
  @Test(arguments: [11, 12, 13])
  func tournamentEqualsEachPairPlayedAlone(seed: UInt64) throws {
    let (text, names) = Self.population(seed: seed, size: 6)
    let (world, agents) = try Self.checked(text, names: names)
    let n = agents.count
    var expected: [PairOutcome] = []
    for row in 0..<n {
      for column in 0..<n { expected.append(Self.alone(world: world, agents: agents, row, column)) }
    }
    // The population exercises what the shortcuts must get right.
    #expect(expected.contains { $0.result?.kind == .chance })
    #expect(expected.contains { $0.result?.kind == .played })
    #expect(expected.contains { $0.result?.sides.contains { !$0.bounded.isEmpty } ?? false })
    #expect(expected.contains { $0.result == nil })
    for jobs in [1, 2] {
      for order in [PairOrder.ordered, .unordered] {
        let result = Tournament.run(world: world, agents: agents, options: TournamentOptions(jobs: jobs, order: order))
        #expect(result.cells.count == expected.count)
        for (index, cell) in result.cells.enumerated() {
          var plain = cell
          if case .played(var played) = cell {
            played.mirrored = false
            plain = .played(played)
          }
          #expect(plain == expected[index], "jobs \(jobs), \(order), pair \(index / n), \(index % n)")
        }
      }
    }
  }
}
