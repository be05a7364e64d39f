// Reports of matches with chance are distributions (Grammar/semantics.md, rules S3–S9): every
// outcome profile with its exact probability, never ends included, expected payoffs and nested
// simulations (∞ when infinite), bounds labelled as bounds, a sample only with --seed.

import BargainCLI
import Foundation
import Testing

@Suite struct ChanceReportTests {
  func simulation(_ name: String) -> String { Repository.path("Programs/simulation/\(name).bargain") }
  func pd(_ name: String) -> String { Repository.path("Programs/prisoners-dilemma/\(name).bargain") }

  func json(_ arguments: [String]) throws -> [String: Any] {
    let result = CLI.run(["bargain"] + arguments + ["--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  }

  /// `{"fraction", "decimal", "bound"}` as `fraction decimal bound`.
  func quantity(_ value: Any?) -> String {
    guard let object = value as? [String: Any] else { return "?" }
    let decimal = (object["decimal"] as? NSNumber)?.stringValue ?? (object["decimal"] as? String ?? "?")
    return "\(object["fraction"] as? String ?? "?") \(decimal) \(object["bound"] as? String ?? "?")"
  }

  func output(_ value: Any?) -> String {
    if let text = value as? String { return text }
    guard let object = value as? [String: Any] else { return "?" }
    if let action = object["action"] as? String { return action }
    return "\((object["demand"] as? Int).map(String.init) ?? "?") \(object["outside"] as? String ?? "?")"
  }

  /// Each profile as `(row, column) probability kind [payoffs]`.
  func profiles(_ object: [String: Any]) -> [String] {
    let result = object["result"] as? [String: Any] ?? [:]
    return (result["profiles"] as? [[String: Any]] ?? []).map { profile in
      let outputs = (profile["outputs"] as? [Any] ?? []).map(output).joined(separator: ", ")
      let payoffs = (profile["payoffs"] as? [NSNumber] ?? []).map(\.stringValue).joined(separator: ", ")
      return "(\(outputs)) \(quantity(profile["probability"])) \(profile["kind"] as? String ?? "?") [\(payoffs)]"
    }
  }

  func sides(_ object: [String: Any]) -> [[String: Any]] {
    ((object["result"] as? [String: Any])?["sides"] as? [[String: Any]]) ?? []
  }

  @Test func mirrorBotSelfPlayNeverEndsWithProbabilityOneAndClaimsNoOutcome() throws {
    let object = try json([simulation("MirrorBot"), simulation("MirrorBot")])
    #expect(object["schemaVersion"] as? Int == 3)
    let result = try #require(object["result"] as? [String: Any])
    #expect(result["kind"] as? String == "distribution")
    #expect(result["actions"] == nil && result["payoffs"] == nil)
    #expect(profiles(object) == ["(never ends, never ends) 1 1.0 exact unsettled [0, 0]"])
    #expect(quantity(result["nonTermination"]) == "1 1.0 exact")
    #expect(
      sides(object).map { quantity($0["expectedSimulations"]) } == [
        "infinite infinite exact", "infinite infinite exact",
      ])
    let players = try #require(object["players"] as? [[String: Any]])
    #expect(players.allSatisfy { $0["output"] == nil && $0["level"] == nil })

    let text = CLI.run(["bargain", simulation("MirrorBot"), simulation("MirrorBot")])
    let file = simulation("MirrorBot")
    #expect(
      text.stdout == """
        game     PrisonersDilemma (matrix game; actions C, D)
        row      MirrorBot  \(file)
        column   MirrorBot  \(file)

        row      MirrorBot  never ends 1
        column   MirrorBot  never ends 1

        outcome profiles (exact; the sides' runs are independent)
          probability  decimal  row         column      payoffs
          1            1.0      never ends  never ends  (0, 0) unsettled
        never ends        1 (1.0): some side's run never ends; a profile in which a side has no action (timeout or never ends) pays (0, 0) (rule S6)
        expected payoffs  row 0 (0.0), column 0 (0.0)
        expected nested simulations  row ∞, column ∞
        solved   1 run, stable from Kripke world 0

        """)
  }

  @Test func randomBotGivesExactProfilesAndExpectedPayoffs() throws {
    let arguments = [simulation("EpsilonGroundedFairBot"), simulation("RandomBot")]
    let object = try json(arguments)
    #expect(
      profiles(object) == [
        "(C, C) 11/40 0.275 exact played [2, 2]", "(C, D) 11/40 0.275 exact played [0, 3]",
        "(D, C) 9/40 0.225 exact played [3, 0]", "(D, D) 9/40 0.225 exact played [1, 1]",
      ])
    let result = try #require(object["result"] as? [String: Any])
    #expect((result["expectedPayoffs"] as? [Any] ?? []).map(quantity) == ["29/20 1.45 exact", "8/5 1.6 exact"])
    #expect(sides(object).map { quantity($0["expectedSimulations"]) } == ["9/10 0.9 exact", "0 0.0 exact"])
    let text = CLI.run(["bargain"] + arguments).stdout
    let body = text.components(separatedBy: "\n\n").dropFirst(2).first ?? ""
    #expect(
      body == """
        outcome profiles (exact; the sides' runs are independent)
          probability  decimal  row  column  payoffs
          11/40        0.275    C    C       (2, 2)
          11/40        0.275    C    D       (0, 3)
          9/40         0.225    D    C       (3, 0)
          9/40         0.225    D    D       (1, 1)
        never ends        0 (0.0): some side's run never ends; a profile in which a side has no action (timeout or never ends) pays (0, 0) (rule S6)
        expected payoffs  row 29/20 (1.45), column 8/5 (1.6)
        expected nested simulations  row 9/10 (0.9), column 0 (0.0)
        solved   2 runs, stable from Kripke world 0

        """)
    // Without --seed no play is sampled; with it the play is labelled as a draw.
    #expect(!text.contains("sample"))
    let sampled = CLI.run(["bargain"] + arguments + ["--seed", "3"]).stdout
    #expect(
      sampled.hasSuffix(
        "\nsample   one play drawn with seed 3 (a draw, not the result): row C, column D; played, payoffs (0, 3)\n"))
  }

  @Test(arguments: [("1/10", "9"), ("1/4", "3"), ("1/3", "2"), ("2/3", "1/2")])
  func epsilonGroundedSelfPlayRunsOneMinusEpsilonOverEpsilonSimulations(epsilon: String, expected: String) throws {
    let agent = simulation("EpsilonGroundedFairBot") + ":EpsilonGroundedFairBot(\(epsilon))"
    let object = try json([agent, agent])
    let values = sides(object).map { ($0["expectedSimulations"] as? [String: Any])?["fraction"] as? String }
    #expect(values == [expected, expected])
    #expect(
      sides(object).map { ($0["expectedSimulations"] as? [String: Any])?["bound"] as? String } == ["exact", "exact"])
  }

  @Test func partialNonTerminationIsAProfileAndMakesTheExpectationInfinite() throws {
    let directory = try temporaryProgramDirectory([
      "Half.bargain": """
      game PrisonersDilemma
      program Mirror { play simulate(them, me) }
      program Half { with probability 1/2 { play C } else { play simulate(Mirror, Mirror) } }
      """
    ])
    let arguments = [directory + "/Half.bargain:Half", pd("CooperateBot")]
    let object = try json(arguments)
    #expect(
      profiles(object) == [
        "(C, C) 1/2 0.5 exact played [2, 2]", "(never ends, C) 1/2 0.5 exact unsettled [0, 0]",
      ])
    let result = try #require(object["result"] as? [String: Any])
    #expect(quantity(result["nonTermination"]) == "1/2 0.5 exact")
    #expect((result["expectedPayoffs"] as? [Any] ?? []).map(quantity) == ["1 1.0 exact", "1 1.0 exact"])
    #expect(sides(object).map { quantity($0["expectedSimulations"]) } == ["infinite infinite exact", "0 0.0 exact"])
    let text = CLI.run(["bargain"] + arguments).stdout
    #expect(text.contains("\n  1/2          0.5      never ends  C       (0, 0) unsettled\n"))
    #expect(text.contains("\nexpected nested simulations  row ∞, column 0 (0.0)\n"))
  }

  @Test func aBargainingSideThatNeverEndsTakesTheDefaultOutsideOption() throws {
    let directory = try temporaryProgramDirectory([
      "Hold.bargain": """
      game Hold {
        resource 100
        demands 0..100 step 50
        outside walk, fight
        default outside walk
        disagreement (walk, walk) = (10, 10)
        disagreement (walk, fight) = (5, -5)
        disagreement (fight, walk) = (-5, 5)
        disagreement (fight, fight) = (-20, -20)
      }
      program Mirror { play simulate(them, me) }
      program Hold { with probability 1/4 { demand 50 outside fight } else { play simulate(Mirror, Mirror) } }
      program Fifty { demand 50 outside fight }
      """
    ])
    let object = try json([directory + "/Hold.bargain:Hold", directory + "/Hold.bargain:Fifty"])
    #expect(
      profiles(object) == [
        "(never ends, 50 fight) 3/4 0.75 exact disagreement [5, -5]",
        "(50 fight, 50 fight) 1/4 0.25 exact agreement [50, 50]",
      ])
    let result = try #require(object["result"] as? [String: Any])
    #expect((result["expectedPayoffs"] as? [Any] ?? []).map(quantity) == ["65/4 16.25 exact", "35/4 8.75 exact"])
  }

  @Test func aGameMayDeclareWhatNeverEndingPays() throws {
    let directory = try temporaryProgramDirectory([
      "Declared.bargain": """
      game Dilemma {
        actions C, D
        payoff (C, C) = (2, 2)
        payoff (C, D) = (0, 3)
        payoff (D, C) = (3, 0)
        payoff (D, D) = (1, 1)
        never ends (-1, -2)
      }
      program Mirror { play simulate(them, me) }
      program Half { with probability 1/2 { play C } else { play simulate(Mirror, Mirror) } }
      """
    ])
    let file = directory + "/Declared.bargain"
    let object = try json([file + ":Half", file + ":Mirror"])
    #expect(
      profiles(object) == [
        "(C, C) 1/4 0.25 exact played [2, 2]", "(C, never ends) 1/4 0.25 exact unsettled [-1, -2]",
        "(never ends, C) 1/4 0.25 exact unsettled [-1, -2]",
        "(never ends, never ends) 1/4 0.25 exact unsettled [-1, -2]",
      ])
    let result = try #require(object["result"] as? [String: Any])
    #expect((result["expectedPayoffs"] as? [Any] ?? []).map(quantity) == ["-1/4 -0.25 exact", "-1 -1.0 exact"])
    let text = CLI.run(["bargain", file + ":Half", file + ":Mirror"]).stdout
    #expect(
      text.contains(
        "\nnever ends        3/4 (0.75): some side's run never ends; a profile in which a side has no output "
          + "(timeout or never ends) pays (-1, -2), the game's `never ends` (rule S6)\n"))
  }

  @Test func aBoundProgramWithChanceHasItsBoundDistribution() throws {
    let game = """
      game Split {
        resource 100
        demands 0..100 step 10
        outside walk
        disagreement (walk, walk) = (0, 0)
      }
      """
    let directory = try temporaryProgramDirectory([
      "Floor.bargain": game + """

        grant conditional at 0
        plan { at 0 { commit demand >= 50 } }
        main Coin
        program Coin { with probability 1/2 { demand 20 outside walk } else { demand 60 outside walk } }
        """,
      "Forty.bargain": game + "\nprogram Forty { demand 40 outside walk }\n",
    ])
    let arguments = [directory + "/Floor.bargain", directory + "/Forty.bargain"]
    let object = try json(arguments)
    #expect(
      profiles(object) == [
        "(50 walk, 40 walk) 1/2 0.5 exact agreement [50, 40]", "(60 walk, 40 walk) 1/2 0.5 exact agreement [60, 40]",
      ])
    // The coin is bound by its floor inside the system (rule P8): its distribution already has
    // 50 where the program says 20, and nothing is replaced after solving.
    let entries = sides(object).first?["distribution"] as? [[String: Any]] ?? []
    #expect(entries.map { output($0["result"]) } == ["50 walk", "60 walk"])
    #expect(entries.allSatisfy { $0["enforced"] == nil })
    let players = object["players"] as? [[String: Any]] ?? []
    #expect(players.first?["agent"] as? String == "Coin under demand >= 50")
    let sampled = CLI.run(["bargain"] + arguments + ["--seed", "3"]).stdout
    #expect(
      sampled.contains("\nrow      bound: outputs outside demand >= 50 become the nearest allowed one (rule P8)\n"))
    #expect(
      sampled.hasSuffix(
        "\nsample   one play drawn with seed 3 (a draw, not the result): row demand 50 outside walk, "
          + "column demand 40 outside walk; agreement, payoffs (50, 40)\n"))
  }

  @Test func thresholdScansOfMatchesWithChanceShowDistributions() throws {
    let directory = try temporaryProgramDirectory([
      "Coin.bargain": """
      game PrisonersDilemma
      program Coin(n: int = 1) {
        if provable within n (them(me) == C) { play C } else { with probability 1/2 { play C } else { play D } }
      }
      """
    ])
    let result = CLI.run(["bargain", "threshold", directory + "/Coin.bargain", "--from", "1", "--to", "3"])
    #expect(
      result.stdout.hasSuffix(
        "\noutcome    row C 1/2, D 1/2; column C 1/2, D 1/2 for every N from 1 to 3: no threshold in this range\n"))
  }

  /// P(C) = ½ + ½·P(C)² has the double root 1 (a critical branching process): iteration only
  /// approaches it, the certificate makes it exact, and the expected number of nested
  /// simulations of a critical branching process is infinite (it once printed "5003").
  @Test func criticalRecursionIsExactWithInfinitelyManyExpectedSimulations() throws {
    let directory = try temporaryProgramDirectory([
      "Twice.bargain": """
      game PrisonersDilemma
      program Twice {
        with probability 1/2 { play C } else {
          if simulate(them, me) == C and simulate(them, me) == C { play C } else { play D }
        }
      }
      """
    ])
    let arguments = [directory + "/Twice.bargain", directory + "/Twice.bargain"]
    let object = try json(arguments)
    #expect((object["result"] as? [String: Any])?["exact"] as? Bool == true)
    #expect(profiles(object) == ["(C, C) 1 1.0 exact played [2, 2]"])
    #expect(
      sides(object).map { quantity($0["expectedSimulations"]) } == [
        "infinite infinite exact", "infinite infinite exact",
      ])
    let text = CLI.run(["bargain"] + arguments).stdout
    #expect(text.contains("\nexpected nested simulations  row ∞, column ∞\n"))
    #expect(text.contains("\nnever ends        0 (0.0): "))
  }

  /// P(C) = ½ + ¼·P(C)²: the least root 2 − √2 is irrational, so every value stays a bound.
  @Test func nonlinearRecursionLabelsEveryBound() throws {
    let directory = try temporaryProgramDirectory([
      "Quarter.bargain": """
      game PrisonersDilemma
      program Quarter {
        with probability 1/2 { play C } else {
          with probability 1/2 {
            if simulate(them, me) == C and simulate(them, me) == C { play C } else { play D }
          } else { play D }
        }
      }
      """
    ])
    let arguments = [directory + "/Quarter.bargain", directory + "/Quarter.bargain"]
    let object = try json(arguments)
    let result = try #require(object["result"] as? [String: Any])
    #expect(result["exact"] as? Bool == false)
    #expect(result["inexactReason"] as? String == "nonlinear component approximated from below by rounded iteration")
    #expect((result["nonTermination"] as? [String: Any])?["bound"] as? String == "upper")
    let bounds = (result["profiles"] as? [[String: Any]] ?? []).map {
      ($0["probability"] as? [String: Any])?["bound"] as? String ?? "?"
    }
    #expect(
      bounds == [
        "lower", "lower", "lower", "lower", "approximate", "approximate", "approximate", "approximate", "upper",
      ])
    #expect(
      sides(object).map { ($0["expectedSimulations"] as? [String: Any])?["bound"] as? String } == ["lower", "lower"])
    let text = CLI.run(["bargain"] + arguments).stdout
    #expect(text.contains("\nrow      Quarter  C ≥ "))
    #expect(text.contains("\nnever ends        at most "))
    #expect(text.contains("\nexpected payoffs  row about "))
    #expect(text.contains("\nexpected nested simulations  row at least "))
    #expect(text.contains(" (0.656854), column at least "))
  }

  @Test func deterministicMatchesKeepTheirResultAndGainTheSchemaVersion() throws {
    let object = try json([pd("FairBot"), pd("FairBot")])
    #expect(object["schemaVersion"] as? Int == 3)
    let result = try #require(object["result"] as? [String: Any])
    #expect(result["kind"] as? String == "played")
    #expect(result["actions"] as? [String] == ["C", "C"])
    let prove = CLI.run(["bargain", "prove", pd("FairBot"), "FairBot(FairBot) == C", "--json"])
    #expect(prove.stdout.contains("\n  \"schemaVersion\": 3,\n"))
  }

  /// 51 demands a side, each with probability 1/51: 2,601 profiles, rendered in linear time. The
  /// expected table is built here from the format's definition, not by the renderer.
  @Test func manyProfilesRenderExactlyAndInLinearTime() throws {
    var body = "demand 100 outside walk"
    for demand in stride(from: 98, through: 0, by: -2) {
      body = "with probability 1/\((100 - demand) / 2 + 1) { demand \(demand) outside walk } else { \(body) }"
    }
    let directory = try temporaryProgramDirectory([
      "Spread.bargain": """
      game Wide {
        resource 100
        demands 0..100 step 2
        outside walk
        disagreement (walk, walk) = (-1, -1)
      }
      program Spread { \(body) }
      """
    ])
    let file = directory + "/Spread.bargain"
    let text = CLI.run(["bargain", file, file]).stdout
    let side = stride(from: 0, through: 100, by: 2).map { "\($0) walk 1/51" }.joined(separator: ", ")
    func pad(_ text: String, _ width: Int) -> String {
      text + String(repeating: " ", count: max(0, width - text.count))
    }
    var expected = "game     Wide (bargaining over 100; demands 0..100 step 2; outside walk)\n"
    expected += "row      Spread  \(file)\ncolumn   Spread  \(file)\n\n"
    expected += "row      Spread  \(side)\ncolumn   Spread  \(side)\n\n"
    expected += "outcome profiles (exact; the sides' runs are independent)\n"
    expected += "  probability  decimal   row       column    payoffs\n"
    var rowPayoff = 0
    var columnPayoff = 0
    for row in stride(from: 0, through: 100, by: 2) {
      for column in stride(from: 0, through: 100, by: 2) {
        let payoffs = row + column <= 100 ? (row, column) : (-1, -1)
        rowPayoff += payoffs.0
        columnPayoff += payoffs.1
        expected += "  1/2601       0.000384  \(pad("\(row) walk", 10))\(pad("\(column) walk", 10))"
        expected += "(\(payoffs.0), \(payoffs.1))\n"
      }
    }
    #expect(rowPayoff == columnPayoff && rowPayoff == 44_200 - 1_275)
    expected +=
      "never ends        0 (0.0): some side's run never ends; a side without an output (timeout or never ends) "
    expected += "takes outside walk: a disagreement (rule S6)\n"
    expected += "expected payoffs  row 2525/153 (16.503268), column 2525/153 (16.503268)\n"
    expected += "expected nested simulations  row 0 (0.0), column 0 (0.0)\n"
    expected += "solved   1 run, stable from Kripke world 0\n"
    #expect(text == expected)
  }
}
