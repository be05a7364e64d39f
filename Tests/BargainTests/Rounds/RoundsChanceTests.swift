// Multi-round bargaining with chance (semantics rule M8): every history explored exactly,
// equal histories merged, outcomes merged, a side without a demand, and the branch limit.

import BargainCLI
import BargainRuntime
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

  /// Rule M8: a round whose probabilities are only lower bounds (rule S4) cannot branch. `Twice`
  /// simulates its own run twice, P(60) = 1/2 + P(60)²/4 (least fixed point 2 − √2, irrational):
  /// the error points at `Twice`, whose run is the nonlinear component, not at the first random
  /// choice of the match (`Coin`'s), where it pointed before.
  @Test func roundWithBoundsStopsAtTheNonlinearProgram() throws {
    let text = """
      game G {
        resource 100
        demands 0..100 step 10
        outside walk
        disagreement (walk, walk) = (0, 0)
        rounds 3
      }
      program Coin {
        with probability 1/2 { demand 40 outside walk } else { demand 60 outside walk }
      }
      program Twice {
        with probability 1/2 { demand 60 outside walk } else {
          with probability 1/2 {
            if simulate(me, them).demand == 60 and simulate(me, them).demand == 60 { demand 60 outside walk } else {
              demand 40 outside walk
            }
          } else { demand 40 outside walk }
        }
      }

      """
    // The rendered message is this diagnostic's (the renderer prints no ids).
    #expect(RuntimeMessage.roundsWithChance.id == "run.rounds-with-chance")
    #expect(RuntimeMessage.roundsWithChance.message.hasPrefix("a game with rounds branches on each round's exact"))
    let directory = try temporaryProgramDirectory(["g.bargain": text])
    for (row, column) in [("Coin", "Twice"), ("Twice", "Coin")] {
      let result = CLI.run(["bargain", directory + "/g.bargain:" + row, directory + "/g.bargain:" + column])
      #expect(result.exitCode == 1)
      #expect(result.stdout == "")
      #expect(
        result.stderr.replacingOccurrences(of: directory + "/", with: "") == """
          g.bargain:11:1: error: a game with rounds branches on each round's exact outcome profiles, but this \
          round's chance is not exact
           11 | program Twice {
              | ^^^^^^^^^^^^^^^
          bargain: note: the probabilities of Twice vs Coin are lower bounds: nonlinear component approximated \
          from below by rounded iteration
            = help: rounds branch only on exact probabilities (semantics rule M8): a nonlinear recursion (rule S4), \
          a solver limit or more than maxProfiles profiles leaves only bounds, and `eventually accepts` with chance \
          must be asked inside `provable`
          1 error

          """, "\(result.stderr)")
    }
  }

  /// Rule M8's other inexact round: more profiles than `maxProfiles` lists. Each side draws one of
  /// 101 demands, 10,201 profiles: the error is at the first random choice.
  @Test func roundWithUnlistedProfilesStops() throws {
    var body = "demand 100 outside walk"
    for demand in stride(from: 99, through: 0, by: -1) {
      body = "with probability 1/\(101 - demand) { demand \(demand) outside walk } else { \(body) }"
    }
    let text = """
      game Wide {
        resource 100
        demands 0..100
        outside walk
        disagreement (walk, walk) = (0, 0)
        rounds 2
      }
      program Spread { \(body) }

      """
    let directory = try temporaryProgramDirectory(["Spread.bargain": text])
    let result = CLI.run(["bargain", directory + "/Spread.bargain", directory + "/Spread.bargain"])
    #expect(result.exitCode == 1)
    let lines = result.stderr.replacingOccurrences(of: directory + "/", with: "").split(separator: "\n").map(
      String.init)
    #expect(
      lines.first
        == "Spread.bargain:8:18: error: a game with rounds branches on each round's exact outcome profiles, but this "
        + "round's chance is not exact")
    // The caret starts at column 18, the `with probability` that draws first.
    #expect(lines.dropFirst().first?.hasPrefix(" 8 | program Spread { with probability 1/101 {") == true)
    #expect(lines.dropFirst(2).first?.hasPrefix("   |" + String(repeating: " ", count: 18) + "^^^^") == true)
    #expect(lines.contains("bargain: note: the round has more outcome profiles than maxProfiles (10000) lists"))
  }
}
