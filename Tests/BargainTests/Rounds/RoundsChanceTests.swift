// Multi-round bargaining with chance (semantics rule M8): every history explored exactly,
// equal histories merged, outcomes merged, a side without a demand, and the branch limit.

import BargainCLI
import Foundation
import Testing

@Suite struct RoundsChanceTests {
  static let flip = "  with probability 1/3 { demand 40 outside walk } else { demand 60 outside walk }"

  @Test func lockInAndCostAcrossBranches() throws {
    // Round 1: 40 (1/3) agrees with 60; 60 (2/3) goes on. Round 2: 40 agrees, paying 5 less;
    // 60 repeats both demands and locks in: (walk, fight) = (-10, 40), minus 5.
    let (result, object) = try playRounds(
      "  rounds 3\n  cost per round 5\n  lock when repeated", row: Self.flip, column: "  demand 60 outside fight")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      roundOutcomes(object) == [
        "2 repeated (60 walk, 60 fight) 4/9 (-15, 35)", "1 agreement (40 walk, 60 fight) 1/3 (40, 60)",
        "2 agreement (40 walk, 60 fight) 2/9 (35, 55)",
      ])
    let expected = ((object["result"] as? [String: Any])?["expectedPayoffs"] as? [[String: Any]] ?? []).map {
      $0["fraction"] as? String ?? "?"
    }
    #expect(expected == ["130/9", "430/9"])
    #expect(object["rounds"] == nil)
  }

  /// Fuzz seed 1, case 873: a bounded search about `eventually accepts` in a match with chance
  /// trapped in `ChanceSearch.enumerate` (`arena.size(of: arena.or(parts))` read the arena before
  /// the new node was added). B demands 1 in every round, so B eventually accepts 0 and A proves it.
  @Test func boundedEventuallyAcceptsWithChance() throws {
    let text = """
      game G {
        resource 1
        demands 0..1
        outside leave, wait
        disagreement (leave, leave) = (0, 0)
        disagreement (leave, wait) = (0, 0)
        disagreement (wait, leave) = (0, 0)
        disagreement (wait, wait) = (0, 0)
        rounds 2
      }
      program B { demand 1 outside wait }
      program Coin { with probability 1/2 { demand 0 outside leave } else { demand 0 outside wait } }
      program A {
        if provable within 320 (B(B) eventually accepts 0) { demand 0 outside wait } else { demand 0 outside leave }
      }

      """
    let directory = try temporaryProgramDirectory(["g.bargain": text])
    let result = CLI.run(["bargain", directory + "/g.bargain:A", directory + "/g.bargain:Coin", "--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    #expect(
      roundOutcomes(object) == [
        "1 agreement (0 wait, 0 leave) 1/2 (0, 0)", "1 agreement (0 wait, 0 wait) 1/2 (0, 0)",
      ])
  }

  @Test func equalHistoriesMerge() throws {
    // The outside option is not part of the history (rule M2): both profiles of round 1 reach
    // the history 60 / 60, played once with probability 1.
    let (result, object) = try playRounds(
      "  rounds 3",
      row: "  with probability 1/2 { demand 60 outside walk } else { demand 60 outside fight }",
      column: "  demand 60 outside fight")
    #expect(result.exitCode == 0, "\(result.stderr)")
    let histories = (object["roundsChance"] as? [String: Any])?["histories"] as? [[String: Any]] ?? []
    #expect(histories.count == 3)
    #expect(histories.map { ($0["probability"] as? [String: Any])?["fraction"] as? String ?? "?" } == ["1", "1", "1"])
    #expect(
      roundOutcomes(object) == [
        "3 deadline (60 walk, 60 fight) 1/2 (-10, 40)", "3 deadline (60 fight, 60 fight) 1/2 (-30, -30)",
      ])
  }

  @Test func simulationThatTimesOutMakesNoDemand() throws {
    // Both simulate each other with fuel 3: the runs time out, no demand is made, and the
    // bargaining breaks down at round 1 with the default outside option (rule S6).
    let (result, object) = try playRounds(
      "  rounds 3", row: "  play simulate[3](them, me)", column: "  play simulate[3](them, me)")
    #expect(result.exitCode == 0, "\(result.stderr)")
    let chance = object["roundsChance"] as? [String: Any] ?? [:]
    let outcomes = chance["outcomes"] as? [[String: Any]] ?? []
    #expect(outcomes.count == 1)
    #expect(outcomes.first?["kind"] as? String == "no-demand")
    #expect(outcomes.first?["outputs"] as? [String] == ["timeout", "timeout"])
  }

  @Test func simulatingConcederAgreesAtRoundFive() throws {
    // The example Prober simulates the conceder's demand at each round and takes the rest once
    // it leaves 40: the conceder's 60 at round 5, discounted by (9/10)^4.
    let rounds = Repository.path("Programs/bargaining/rounds") + "/"
    let result = CLI.run(["bargain", rounds + "Prober.bargain", rounds + "Conceder.bargain", "--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    #expect(roundOutcomes(object) == ["5 agreement (40 walk, 60 walk) 1 (26.244, 39.366)"])
  }

  @Test func textShowsHistoriesAndOutcomes() throws {
    let directory = try temporaryProgramDirectory([
      "G.bargain": roundsGame("  rounds 3\n  cost per round 5\n  lock when repeated"),
      "Row.bargain": "import \"G.bargain\"\ngame G\nprogram Row {\n\(Self.flip)\n}\n",
      "Column.bargain": "import \"G.bargain\"\ngame G\nprogram Column {\n  demand 60 outside fight\n}\n",
    ])
    let result = CLI.run(["bargain", directory + "/Row.bargain", directory + "/Column.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        """
          round  history (row / column)  reached  row      column    probability  then
          1      -                       1        60 walk  60 fight  2/3          next round
                                                  40 walk  60 fight  1/3          ends: agreement
          2      60 / 60                 2/3      60 walk  60 fight  2/3          ends: repeated
                                                  40 walk  60 fight  1/3          ends: agreement

        outcomes (exact; merged over the histories; payoffs after discount and costs)
          probability  decimal   round  ended      row      column    payoffs
          4/9          0.444444  2      repeated   60 walk  60 fight  (-15, 35)
          1/3          0.333333  1      agreement  40 walk  60 fight  (40, 60)
          2/9          0.222222  2      agreement  40 walk  60 fight  (35, 55)
        expected payoffs  row 130/9 (14.444444), column 430/9 (47.777778)

        """), "\(result.stdout)")
  }

  @Test func maxRoundBranches() throws {
    // Two demands drawn every round, never compatible: 2^(r−1) histories at round r, so rounds
    // 1–10 play 1023 > 1000 (maxRoundBranches); 9 rounds play 511.
    let row = "  with probability 1/2 { demand 70 outside walk } else { demand 80 outside walk }"
    let (over, _) = try playRounds("  rounds 10", row: row, column: "  demand 60 outside walk")
    #expect(over.exitCode == 3)
    #expect(over.stderr.contains("Row.bargain:4:3: error: "), "\(over.stderr)")
    #expect(over.stderr.contains("maxRoundBranches"), "\(over.stderr)")
    let (under, object) = try playRounds("  rounds 9", row: row, column: "  demand 60 outside walk")
    #expect(under.exitCode == 0, "\(under.stderr)")
    #expect(((object["roundsChance"] as? [String: Any])?["histories"] as? [Any])?.count == 511)
    #expect(roundOutcomes(object).count == 2)
  }

  @Test func seedDrawsOneWholeOutcome() throws {
    // A sampled play draws one merged outcome, both sides at once and discounted: seed 1 gives
    // the round-2 agreement (60, 40) · 9/10, not independent draws settled as one round.
    let rounds = Repository.path("Programs/bargaining/rounds") + "/"
    let result = CLI.run([
      "bargain", rounds + "MixedConceder.bargain", rounds + "Prober.bargain", "--seed", "1", "--json",
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    let sample = object["sample"] as? [String: Any] ?? [:]
    #expect((sample["payoffs"] as? [NSNumber] ?? []).map(\.stringValue) == ["54", "36"])
  }
}
