// Rule B3: bounded searches rely only on true axioms. Bounded FairBots are never exploited, the
// threshold command and `prove` agree with the match, outputs that depend on a search are not
// labelled "proved in PA", and a search that hits a limit stops with exit code 3.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainLogic
@testable import BargainProtocol
@testable import BargainRuntime
@testable import BargainSemantics

@Suite("Sound bounded searches", .timeLimit(.minutes(5)))
struct SoundBoundedTests {
  static let budgets = Array(0...12) + [20, 50, 100, 1000]
  let bot = Repository.path("Programs/bounded/BoundedFairBot.bargain")

  /// The checked world of BoundedFairBot.bargain and its program with any budget.
  struct Bots {
    let world: CheckedWorld
    let base: ProgramInstance

    init(_ path: String) throws {
      var loaded = LoadedProgramSet()
      let loadedRequest = loaded.loadAgent(path)
      let request = try #require(loadedRequest)
      let checked = Checker.check(units: loaded.units, prelude: loaded.prelude, agents: [request, request])
      world = try #require(checked.world)
      base = try MatchupCompiler.closedInstance(of: try #require(checked.agents.first), in: world)
    }

    func bot(_ budget: Int) -> ProgramInstance {
      var instance = base
      instance.arguments[0] = .int(budget)
      return instance
    }

    func outcome(_ row: Int, _ column: Int) throws -> String {
      let report = try Match.play(world: world, row: bot(row), column: bot(column))
      return report.sides.map { MatchRendering.shortOutput(world.game, $0.output) }.joined(separator: ",")
    }
  }

  func json(_ arguments: [String]) throws -> [String: Any] {
    let result = CLI.run(["bargain"] + arguments + ["--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  }

  /// Every pair of budgets: no exploitation; different budgets cooperate exactly when both reach the
  /// 9-step mutual proof, one budget against itself exactly from the 6-step Löbian proof on; and the
  /// threshold command reports the first change the grid shows.
  @Test func budgetGridIsNeverExploitedAndAgreesWithThreshold() throws {
    let bots = try Bots(bot)
    var grid: [Int: [Int: String]] = [:]
    for a in Self.budgets {
      for b in Self.budgets {
        let outcome = try bots.outcome(a, b)
        grid[a, default: [:]][b] = outcome
        #expect(outcome != "C,D" && outcome != "D,C", "BoundedFairBot(\(a)) vs BoundedFairBot(\(b)): \(outcome)")
        let expected = (a == b ? a >= 6 : a >= 9 && b >= 9) ? "C,C" : "D,D"
        #expect(outcome == expected, "BoundedFairBot(\(a)) vs BoundedFairBot(\(b))")
      }
    }
    let selfPlay = Self.budgets.filter { grid[$0]?[$0] == "C,C" }
    #expect(selfPlay == Self.budgets.filter { $0 >= 6 })
    let threshold = try json(["threshold", bot])
    #expect(threshold["threshold"] as? Int == selfPlay.first)
    for b in [3, 7, 9, 100] {
      // Row budget scanned over 0...12 against a fixed column budget b.
      let scan = try json(["threshold", bot, bot + ":BoundedFairBot(\(b))", "--to", "12"])
      let first = (0...12).first { grid[$0]?[b] != grid[0]?[b] }
      #expect(scan["threshold"] as? Int == first, "column budget \(b)")
    }
  }

  /// The cases of the issue: each gave an exploited or one-sided outcome before.
  @Test(arguments: [(100, 3), (8, 9), (6, 7)])
  func reportedMixedBudgetsBothDefect(row: Int, column: Int) {
    let result = CLI.run(["bargain", bot + ":BoundedFairBot(\(row))", bot + ":BoundedFairBot(\(column))"])
    #expect(result.exitCode == 0)
    let rowName = "BoundedFairBot(\(row))"
    let columnName = "BoundedFairBot(\(column))"
    let width = max(rowName.count, columnName.count) + 2
    func pad(_ text: String) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
    #expect(result.stdout.contains("row      \(pad(rowName))plays D   established with bounded searches 1, 2\n"))
    #expect(result.stdout.contains("column   \(pad(columnName))plays D   established with bounded searches 1, 2\n"))
    #expect(result.stdout.contains("result   played (D, D)\n"))
    #expect(
      result.stdout.contains(
        "bounded  1. the search of \(rowName) vs \(columnName) within \(row) steps: no proof within \(row) steps\n"))
    #expect(
      result.stdout.contains(
        "bounded  2. the search of \(columnName) vs \(rowName) within \(column) steps: no proof within \(column) steps\n"
      ))
  }

  /// `prove`, given each bounded query's statement and budget, answers as the match did, with the
  /// same least proof, and reads every query of the system as the match's answers require.
  @Test(arguments: [(100, 3), (10, 9), (6, 6), (8, 9), (1000, 12)])
  func proveAgreesWithTheMatchOnEveryQuery(row: Int, column: Int) throws {
    let bots = try Bots(bot)
    let report = try Match.play(world: bots.world, row: bots.bot(row), column: bots.bot(column))
    let system = report.solved.system
    let answers = report.solved.answers
    #expect(answers.count == (row == column ? 1 : 2))
    let found = Dictionary(
      uniqueKeysWithValues: answers.map { (system.describe(system.keys[$0.query.state]), $0.holds) })
    for answer in answers {
      guard case .run(let matchup, _) = system.keys[answer.query.asker] else {
        Issue.record("a query asked outside a run")
        continue
      }
      // BoundedFairBot asks `them(me) == C`.
      let statement = "\(bots.world.describe(matchup.opponent))(\(bots.world.describe(matchup.player))) == C"
      let proved = try json(["prove", bot, statement, "--budget", String(answer.query.budget)])
      #expect(proved["proved"] as? Bool == answer.holds, "\(statement)")
      #expect((proved["proof"] as? [Any])?.count == answer.proof?.size, "\(statement)")
      if answer.holds { #expect(proved["proofChecked"] as? Bool == true) }
      let readings = try #require(proved["bounded"] as? [[String: Any]])
      #expect(readings.count == answers.count)
      for reading in readings {
        let search = try #require(reading["search"] as? String)
        #expect(reading["found"] as? Bool == found[search], "\(statement): \(search)")
        #expect((reading["readAs"] as? String)?.hasPrefix("□") == found[search])
      }
    }
  }

  @Test func proveNamesTheSystemItSearched() {
    let result = CLI.run(["bargain", "prove", bot, "BoundedFairBot(3)(BoundedFairBot(100)) == C", "--budget", "100"])
    #expect(result.exitCode == 0)
    #expect(
      result.stdout.contains(
        "bounded    [the search of BoundedFairBot(3) vs BoundedFairBot(100) within 3 steps succeeds] ↔ ⊥   "
          + "(\(bot):7:6: no proof within 3 steps)\n"))
    #expect(
      result.stdout.contains(
        "bounded    [the search of BoundedFairBot(100) vs BoundedFairBot(3) within 100 steps succeeds] ↔ ⊥   "
          + "(\(bot):7:6: no proof within 100 steps)\n"))
    #expect(result.stdout.contains("result     no proof within 100 steps\n"))
    let selfPlay = CLI.run(["bargain", "prove", bot, "BoundedFairBot(6)(BoundedFairBot(6)) == C", "--budget", "6"])
    #expect(
      selfPlay.stdout.contains(
        "bounded    [the search of BoundedFairBot(6) vs BoundedFairBot(6) within 6 steps succeeds] ↔ "
          + "□BoundedFairBot(6) vs BoundedFairBot(6) outputs C   (\(bot):7:6: proof of 6 steps found)\n"))
    #expect(
      selfPlay.stdout.contains("result     proved: a proof of 6 steps (the least possible), within the budget of 6\n"))
  }

  @Test func outputsThatDependOnSearchesAreLabelledSo() throws {
    let both = try json([bot + ":BoundedFairBot(10)", bot + ":BoundedFairBot(9)"])
    let players = try #require(both["players"] as? [[String: Any]])
    #expect(
      players.map { $0["established"] as? String } == [
        "established with bounded searches 1, 2", "established with bounded searches 1, 2",
      ])
    #expect(players.map { $0["bounded"] as? [Int] } == [[1, 2], [1, 2]])
    let searches = try #require(both["boundedSearches"] as? [[String: Any]])
    #expect(searches.map { $0["found"] as? Bool } == [true, true])
    #expect(searches.map { $0["proofSize"] as? Int } == [9, 9])
    // FairBot's own output depends on the bounded search of its opponent.
    let fair = CLI.run(["bargain", bot, Repository.path("Programs/prisoners-dilemma/FairBot.bargain")])
    #expect(fair.stdout.contains("column   FairBot              plays C   established with bounded search 1\n"))
    #expect(!fair.stdout.contains("proved in PA"))
    let explained = CLI.run([
      "bargain", bot, Repository.path("Programs/prisoners-dilemma/FairBot.bargain"), "--explain",
    ])
    #expect(
      explained.stdout.contains(
        ":5:6: true: provable in PA; PA proves that, given the answer of bounded search 1\n"))
    // Without bounded searches the label is unchanged.
    let plain = try json([
      Repository.path("Programs/prisoners-dilemma/FairBot.bargain"),
      Repository.path("Programs/prisoners-dilemma/DefectBot.bargain"),
    ])
    let plainPlayers = try #require(plain["players"] as? [[String: Any]])
    #expect(plainPlayers.map { $0["established"] as? String } == ["proved in PA+1", "proved in PA"])
    #expect(plain["boundedSearches"] == nil)
  }

  @Test func levelLabels() {
    #expect(MatchRendering.levelText(0) == "proved in PA")
    #expect(MatchRendering.levelText(2) == "proved in PA+2")
    #expect(MatchRendering.levelText(0, bounded: [0]) == "established with bounded search 1")
    #expect(MatchRendering.levelText(1, bounded: [0, 2]) == "established with bounded searches 1, 3 and PA+1")
  }

  /// A prover limit inside a match is never read as "no proof": the match stops at the query.
  @Test func limitInsideAMatchStopsTheMatch() throws {
    let bots = try Bots(bot)
    #expect {
      _ = try MatchSolver.solve(
        world: bots.world, row: bots.bot(100), column: bots.bot(100), limits: ProverLimits(maxSearchNodes: 1))
    } throws: { error in
      guard let failure = error as? RuntimeFailure, let diagnostic = failure.diagnostics.first else { return false }
      return failure.limitReached && diagnostic.id == "limit.exceeded"
        && diagnostic.message
          == "resource limit reached: the proof search stopped before it could answer (maxSearchNodes = 1)"
        && diagnostic.range != nil
    }
  }

  /// BoundedFairBot(100) against BoundedFairBot(3) runs five searches: two in round 1, one in
  /// round 2, and the two failed ones again in the final system.
  @Test func maxBoundedSearches() throws {
    let bots = try Bots(bot)
    _ = try MatchSolver.solve(world: bots.world, row: bots.bot(100), column: bots.bot(3), maxSearches: 5)
    #expect {
      _ = try MatchSolver.solve(world: bots.world, row: bots.bot(100), column: bots.bot(3), maxSearches: 4)
    } throws: { error in
      guard let failure = error as? RuntimeFailure, let diagnostic = failure.diagnostics.first else { return false }
      return failure.limitReached
        && diagnostic.message
          == "resource limit reached: too many bounded proof searches in one match (rule B3 repeats them in rounds) "
          + "(maxBoundedSearches = 4)"
    }
    #expect(RuntimeLimits.maxBoundedSearches == 50_000)
  }

  static let wide = """
    game PrisonersDilemma
    program Wide {
      if provable within 10 (provable[10000](them(me) == C)) { play C } else { play D }
    }

    """

  @Test func limitInMatchAndProveIsExitThree() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Wide.bargain", Self.wide)
    let match = scratch.run(["Wide.bargain", "Wide.bargain"], paths: ["Wide.bargain"])
    #expect(match.exitCode == ExitCode.limit)
    #expect(match.stdout == "")
    #expect(match.stderr.hasPrefix("Wide.bargain:3:6: error: resource limit reached: the proof search stopped before"))
    #expect(ProverLimit.allCases.contains { match.stderr.contains("(\($0.name) = ") })
    let prove = scratch.run(
      ["prove", "Wide.bargain", "provable[10000](Wide(Wide) == C)"],
      paths: ["Wide.bargain"])
    #expect(prove.exitCode == ExitCode.limit)
    #expect(prove.stderr.hasPrefix("Wide.bargain:3:6: error: resource limit reached: the proof search stopped before"))
  }

  static let punisher = """
    game PrisonersDilemma
    program Punisher { if provable within 50 (them(me) == D) { play D } else { play C } }
    program Bounded(budget: int) { if provable within budget (them(me) == C) { play C } else { play D } }

    """

  /// Dropping the failed search makes Punisher's search succeed: the rounds move on to the set of
  /// searches that succeed and settle there, on true axioms.
  @Test func answersSettleAfterADroppedSearchIsRevived() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Punisher.bargain", Self.punisher)
    let result = scratch.run(["Punisher.bargain", "Punisher.bargain:Bounded(3)"], paths: ["Punisher.bargain"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("result   played (D, D)\n"))
    #expect(
      result.stdout.contains(
        "bounded  1. the search of Punisher vs Bounded(3) within 50 steps: proof of 4 steps found\n"
          + "bounded  2. the search of Bounded(3) vs Punisher within 3 steps: no proof within 3 steps\n"))
  }

  /// Both "one search succeeds" answers are consistent here, but the rounds alternate between
  /// "both" and "neither": a clean stop naming the searches, not an unsound answer.
  @Test func inconsistentAnswersStopTheMatch() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Punisher.bargain", Self.punisher)
    let result = scratch.run(["Punisher.bargain", "Punisher.bargain:Bounded(30)"], paths: ["Punisher.bargain"])
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr.hasPrefix(
        "Punisher.bargain:2:23: error: rule B3 found no consistent answers for the bounded searches: the answers of "
          + "the search of Punisher vs Bounded(30) within 50 steps and the search of Bounded(30) vs Punisher within "
          + "30 steps keep changing from round to round (each round's answers contradict the searches they lead to)\n"
      ))
    #expect(result.stderr.contains("Punisher.bargain:3:35: note: this search's answer changes too\n"))
  }
}
