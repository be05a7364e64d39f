// Rule S7: a statement about runs with chance is an event over their joint results, provable
// when it has probability 1, with its Boolean structure kept.

import BargainCLI
import BargainLogic
import Testing

@testable import BargainRuntime

@Suite struct ChanceEventTests {
  /// The programs under test, in one file next to the opponents they ask about.
  static let programs = """
    game PrisonersDilemma
    program RandomBot(p: rational) { with probability p { play C } else { play D } }
    program Loop { play simulate(me, me) }
    program Half { with probability 1/2 { play C } else { play simulate(Loop, Loop) } }
    program Tautology { if provable(them(me) == C or them(me) == D) { play C } else { play D } }
    program OnlyC { if provable(them(me) == C) { play C } else { play D } }
    program Both {
      if provable((them(me) == C or them(me) == D) and (simulate(RandomBot(1/3), me) == C or simulate(RandomBot(1/3), me) == D)) {
        play C
      } else { play D }
    }
    program Either { if provable(them(me) == C or simulate(RandomBot(1/3), me) == C) { play C } else { play D } }
    program Joint {
      if provable(them(me) == simulate(RandomBot(1/3), me) or them(me) != simulate(RandomBot(1/3), me)) {
        play C
      } else { play D }
    }
    program Same { if provable(them(me) == simulate(RandomBot(1/3), me)) { play C } else { play D } }

    """

  func row(_ asker: String, _ opponent: String) throws -> String {
    let directory = try temporaryProgramDirectory(["P.bargain": Self.programs])
    let file = directory + "/P.bargain"
    let result = CLI.run(["bargain", file + ":" + asker, file + ":" + opponent])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let line = result.stdout.split(separator: "\n").first { $0.hasPrefix("row ") && $0.contains(" 1 ") }
    return line.map { $0.split(separator: " ").dropFirst().joined(separator: " ") } ?? result.stdout
  }

  @Test func aTautologyAboutARandomOpponentIsProvable() throws {
    #expect(try row("Tautology", "RandomBot(1/2)") == "Tautology C 1 proved in PA")
  }

  @Test func oneOutcomeOfARandomOpponentIsNotProvable() throws {
    #expect(try row("OnlyC", "RandomBot(1/2)") == "OnlyC D 1 proved in PA+1")
  }

  @Test func conjunctionsOfSureFactsAboutTwoRandomRunsAreProvable() throws {
    #expect(try row("Both", "RandomBot(1/2)") == "Both C 1 proved in PA")
  }

  @Test func independentRunsAreNotJointlyCertain() throws {
    // P(them C or the other C) = 1 − 1/2 · 2/3.
    #expect(try row("Either", "RandomBot(1/2)") == "Either D 1 proved in PA+1")
    #expect(try row("Same", "RandomBot(1/2)") == "Same D 1 proved in PA+1")
  }

  @Test func aTautologyOverTheJointResultsOfTwoRunsIsProvable() throws {
    #expect(try row("Joint", "RandomBot(1/2)") == "Joint C 1 proved in PA")
  }

  @Test func aRunThatMayNeverEndMakesItsTautologyUnprovable() throws {
    // Half vs Tautology: C with probability 1/2, never ends with 1/2; neither C nor D then.
    #expect(try row("Tautology", "Half") == "Tautology D 1 proved in PA+1")
  }

  @Test func deterministicOpponentsAreUnchanged() throws {
    #expect(try row("OnlyC", "RandomBot(1)") == "OnlyC C 1 proved in PA")
    #expect(try row("Tautology", "Loop") == "Tautology D 1 proved in PA+1")
  }

  @Test func supportsCountUnknownMassAsPossible() throws {
    let third = try #require(Fraction(1, 3))
    let support = ChanceEvents.support
    // Exact: the positive results, plus never-ends (3) when they sum to less than 1.
    #expect(support([third, .zero, .zero], [true, true, true]) == [0, 3])
    #expect(support([third, third + third, .zero], [true, true, true]) == [0, 1])
    // Lower bounds below 1: a zero bound may hide mass, and the rest may never end.
    #expect(support([third, .zero, .zero], [false, true, false]) == [0, 2, 3])
    // Lower bounds that reach 1 are exact.
    #expect(support([third, third + third, .zero], [false, false, false]) == [0, 1])
  }

  @Test func tooManyJointOutcomesStopTheMatchAtTheStatement() throws {
    let terms = (1..<8).map { "simulate(Spread(\($0)), me) == simulate(Spread(\($0 + 1)), me)" }
    let source = """
      game PrisonersDilemma
      program Loop { play simulate(me, me) }
      program Spread(k: int) {
        with probability 1/4 { play C } else {
          with probability 1/3 { play D } else { with probability 1/2 { play timeout } else { play simulate(Loop, Loop) } }
        }
      }
      program Chain { if provable(\(terms.joined(separator: " or "))) { play C } else { play D } }

      """
    let directory = try temporaryProgramDirectory(["Chain.bargain": source])
    let file = directory + "/Chain.bargain:Chain"
    let result = CLI.run(["bargain", file, file])
    #expect(result.exitCode == ExitCode.limit)
    #expect(
      result.stderr.contains(
        "Chain.bargain:8:20: error: resource limit reached: a statement about 8 runs with chance has too many joint "
          + "outcomes to check (maxEventCases = \(RuntimeLimits.maxEventCases))"))
  }

  // Rule B8: bounded queries in matches with chance, searched with "can output" axioms.

  func play(_ row: String, _ column: String) -> (exitCode: Int32, stdout: String) {
    let result = CLI.run(["bargain", row, column])
    return (result.exitCode, result.stdout)
  }

  @Test func boundedFairBotCooperatesWithTheEpsilonGroundedFairBot() throws {
    let bounded = Repository.path("Programs/bounded/BoundedFairBot.bargain")
    let grounded = Repository.path("Programs/simulation/EpsilonGroundedFairBot.bargain")
    let ample = play(bounded + ":BoundedFairBot(100)", grounded)
    #expect(ample.exitCode == 0)
    #expect(ample.stdout.contains("row      BoundedFairBot(100)           C 1   established with bounded search 1\n"))
    #expect(ample.stdout.contains("column   EpsilonGroundedFairBot(1/10)  C 1   established with bounded search 1\n"))
    #expect(ample.stdout.contains("proof of 26 steps found"))
    // One step short of the proof: the bounded bot defects, and is never exploited.
    let short = play(bounded + ":BoundedFairBot(25)", grounded)
    #expect(short.exitCode == 0)
    #expect(short.stdout.contains("row      BoundedFairBot(25)            D 1   established with bounded search 1\n"))
    #expect(short.stdout.contains("column   EpsilonGroundedFairBot(1/10)  C 1/10, D 9/10\n"))
    #expect(short.stdout.contains("no proof within 25 steps"))
  }

  @Test func aBoundedQueryAboutARandomRunIsSearched() throws {
    let directory = try temporaryProgramDirectory([
      "Mixed.bargain": """
      game PrisonersDilemma
      program Mixed {
        if provable within 100 (them(me) == C) { play C } else { with probability 1/2 { play C } else { play D } }
      }
      program Coin {
        if provable within 100 (them(me) == C or them(me) == D) { play C } else { play D }
      }
      program OnlyCoinC {
        if provable within 100 (them(me) == C) { play C } else { play D }
      }
      """
    ])
    let file = directory + "/Mixed.bargain"
    let mixed = play(file + ":Mixed", file + ":Mixed")
    #expect(mixed.stdout.contains("row      Mixed  C 1   established with bounded search 1\n"))
    // Statements about RandomBot keep their Boolean structure, as with `provable` (rule S7).
    let random = Repository.path("Programs/simulation/RandomBot.bargain")
    #expect(
      play(file + ":Coin", random).stdout.contains("row      Coin            C 1   established with bounded search 1\n")
    )
    #expect(
      play(file + ":OnlyCoinC", random).stdout.contains(
        "row      OnlyCoinC       D 1   established with bounded search 1\n"))
  }

  @Test func tooManyJointOutcomesStopABoundedSearchAtTheQuery() throws {
    let terms = (1..<8).map { "simulate(RandomBot(\($0)/30), me) == simulate(RandomBot(\($0 + 1)/30), me)" }
    let source = """
      game PrisonersDilemma
      program RandomBot(p: rational) { with probability p { play C } else { play D } }
      program Chain { if provable within 100 (\(terms.joined(separator: " or "))) { play C } else { play D } }

      """
    let directory = try temporaryProgramDirectory(["Chain.bargain": source])
    let file = directory + "/Chain.bargain:Chain"
    let result = CLI.run(["bargain", file, file])
    #expect(result.exitCode == ExitCode.limit)
    #expect(
      result.stderr.contains(
        "Chain.bargain:3:20: error: resource limit reached: a statement about 8 runs with chance has too many joint "
          + "outcomes to check (maxEventCases = \(RuntimeLimits.maxEventCases))"))
  }
}
