// Multi-round bargaining (semantics rules M1–M7): game clauses, history reads, plays at later
// rounds of a hypothetical bargaining, the rounds loop, discounting, reports and limits.

import BargainCLI
import BargainRuntime
import BargainSemantics
import BargainSyntax
import Foundation
import Testing

/// A `Haggle`-like game with extra clauses.
func roundsGame(_ extra: String, name: String = "G") -> String {
  """
  game \(name) {
    resource 100
    demands 0..100 step 10
    outside walk, fight
    disagreement (walk, walk) = (0, 0)
    disagreement (fight, walk) = (40, -10)
    disagreement (walk, fight) = (-10, 40)
    disagreement (fight, fight) = (-30, -30)
  \(extra)
  }

  """
}

/// Plays `row` against `column` (program bodies) in a game with `clauses`; the JSON object.
func playRounds(_ clauses: String, row: String, column: String) throws -> (CommandResult, [String: Any]) {
  let directory = try temporaryProgramDirectory([
    "G.bargain": roundsGame(clauses),
    "Row.bargain": "import \"G.bargain\"\ngame G\nprogram Row {\n\(row)\n}\n",
    "Column.bargain": "import \"G.bargain\"\ngame G\nprogram Column {\n\(column)\n}\n",
  ])
  let result = CLI.run(["bargain", directory + "/Row.bargain", directory + "/Column.bargain", "--json"])
  let object = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
  return (result, object)
}

/// `"100 walk"` per round and side, `row|column`, from a report's `rounds` array.
func roundOutputs(_ object: [String: Any]) -> [String] {
  (object["rounds"] as? [[String: Any]] ?? []).map { round in
    (round["outputs"] as? [[String: Any]] ?? []).map { output in
      "\(output["demand"] as? Int ?? -1) \(output["outside"] as? String ?? "?")"
    }.joined(separator: "|")
  }
}

/// `"2 agreement (40 walk, 60 fight) 2/9 (35, 55)"` per outcome of rounds with chance (rule M8).
func roundOutcomes(_ object: [String: Any]) -> [String] {
  let chance = object["roundsChance"] as? [String: Any] ?? [:]
  return (chance["outcomes"] as? [[String: Any]] ?? []).map { outcome in
    let outputs = (outcome["outputs"] as? [Any] ?? []).map { output -> String in
      guard let output = output as? [String: Any] else { return "\(output)" }
      return "\(output["demand"] as? Int ?? -1) \(output["outside"] as? String ?? "?")"
    }.joined(separator: ", ")
    let probability = (outcome["probability"] as? [String: Any])?["fraction"] as? String ?? "?"
    let paid = (outcome["payoffs"] as? [NSNumber] ?? []).map(\.stringValue).joined(separator: ", ")
    return "\(outcome["round"] as? Int ?? 0) \(outcome["kind"] as? String ?? "?") (\(outputs)) \(probability) (\(paid))"
  }
}

func payoffs(_ object: [String: Any]) -> String {
  let result = object["result"] as? [String: Any] ?? [:]
  return ((result["payoffs"] as? [NSNumber]) ?? []).map(\.stringValue).joined(separator: ", ")
}

@Suite struct RoundsTests {
  static let conceder = """
      if round <= 11 {
        demand 110 - 10 * round outside walk
      } else {
        demand 0 outside walk
      }
    """

  @Test func parsesAndPrintsCanonically() {
    let text = """
      game G {
        resource 100
        demands 0..100 step 10
        outside walk
        disagreement (walk, walk) = (0, 0)
        rounds 5
        discount 0.9
        cost per round 3/2
        lock when repeated
      }

      program P {
        if them(me) eventually accepts 50 + 10 and (them(me) at round round + 1 sticking to 50).demand == their last demand {
          demand my demand at round (round - 1) outside walk
        } else {
          demand my last demand outside walk
        }
      }

      """
    let canonical = SyntaxFixture.canonical(text)
    #expect(canonical.contains("  discount 9/10\n  cost per round 3/2\n  lock when repeated\n"))
    #expect(
      canonical.contains(
        "if them(me) eventually accepts 50 + 10 and (them(me) at round round + 1 sticking to 50).demand == their last demand {"
      ))
    #expect(canonical.contains("demand my demand at round (round - 1) outside walk"))
    // The canonical text reads back to itself.
    #expect(SyntaxFixture.canonical(canonical) == canonical)
  }

  @Test func contextualWordsStayNames() throws {
    // `round`, `my`, `last`, `to`, `at` remain ordinary names where nothing else is meant.
    let directory = try temporaryProgramDirectory([
      "N.bargain": """
      game Standoff {
        resource 100
        demands 0..100 step 10
        outside walk
        disagreement (walk, walk) = (0, 0)
      }
      program N(round: int = 30) {
        let last = round + 10
        let to = last
        demand to outside walk
      }

      """
    ])
    let result = CLI.run(["bargain", directory + "/N.bargain", directory + "/N.bargain", "--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"demands\": [40, 40]"))
  }

  @Test func oneRoundGamesAreUnchanged() throws {
    // `round` is 1 without rounds, and the report has no rounds; the same programs in `rounds 1`
    // settle the same way and add the one-line table.
    let body = "  if round == 1 { demand 60 outside walk } else { demand 0 outside walk }"
    let (plain, plainObject) = try playRounds("", row: body, column: "  demand 40 outside fight")
    #expect(plain.exitCode == 0, "\(plain.stderr)")
    #expect(plainObject["rounds"] == nil)
    #expect(payoffs(plainObject) == "60, 40")
    let (one, oneObject) = try playRounds("  rounds 1", row: body, column: "  demand 40 outside fight")
    #expect(one.exitCode == 0, "\(one.stderr)")
    #expect(roundOutputs(oneObject) == ["60 walk|40 fight"])
    #expect(payoffs(oneObject) == "60, 40")
  }

  @Test func concederAndHoldoutWithCost() throws {
    // Cost 2 per round after the first, no discount: agreement at round 11 pays (0 - 20, 100 - 20).
    let (result, object) = try playRounds(
      "  rounds 12\n  cost per round 2", row: Self.conceder, column: "  demand 100 outside fight")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(roundOutputs(object).count == 11)
    #expect(roundOutputs(object).last == "0 walk|100 fight")
    #expect(payoffs(object) == "-20, 80")
    let end = object["roundsEnd"] as? [String: Any] ?? [:]
    #expect(end["kind"] as? String == "agreement")
    #expect(end["round"] as? Int == 11)
    #expect((end["undiscountedPayoffs"] as? [NSNumber])?.map(\.stringValue) == ["0", "100"])
  }

  @Test func deadlineLocksInWithCost() throws {
    // Deadline at round 5: the conceder is at 60, the outside options are played, minus 4 * 2.
    let (result, object) = try playRounds(
      "  rounds 5\n  cost per round 2", row: Self.conceder, column: "  demand 100 outside fight")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(roundOutputs(object).last == "60 walk|100 fight")
    #expect(payoffs(object) == "-18, 32")
    #expect((object["roundsEnd"] as? [String: Any])?["kind"] as? String == "deadline")
  }

  @Test func lockWhenRepeated() throws {
    // Both repeat 70 at round 2: the demands lock in there, not at the deadline.
    let (result, object) = try playRounds(
      "  rounds 8\n  lock when repeated", row: "  demand 70 outside walk", column: "  demand 70 outside fight")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(roundOutputs(object) == ["70 walk|70 fight", "70 walk|70 fight"])
    #expect((object["roundsEnd"] as? [String: Any])?["kind"] as? String == "repeated")
    #expect(payoffs(object) == "-10, 40")
    // A side that changes its demand keeps the bargaining going.
    let (_, moving) = try playRounds(
      "  rounds 8\n  lock when repeated", row: "  demand 70 outside walk",
      column: "  if round <= 3 { demand 100 - 10 * round outside fight } else { demand 70 outside fight }")
    #expect(roundOutputs(moving).count == 4)
    #expect((moving["roundsEnd"] as? [String: Any])?["kind"] as? String == "repeated")
  }

  @Test func historyReadsTheActualDemands() throws {
    // The column answers the row's last demand with its complement; the row concedes 20 a round.
    let (result, object) = try playRounds(
      "  rounds 6\n  discount 1/2",
      row: "  demand 100 - 20 * (round - 1) outside walk",
      column: """
          if round == 1 {
            demand 100 outside walk
          } else if their last demand <= 60 and my demand at round 1 == 100 {
            demand 100 - their last demand outside walk
          } else {
            demand 90 outside walk
          }
        """)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(roundOutputs(object) == ["100 walk|100 walk", "80 walk|90 walk", "60 walk|90 walk", "40 walk|40 walk"])
    // Agreement at round 4: (40, 40) times (1/2)^3.
    #expect(payoffs(object) == "5, 5")
  }

  @Test func eventuallyAcceptsFollowsTheHypotheticalHistory() throws {
    // The responder steps down from its own last demand: in the hypothetical its history is the
    // values of its own earlier runs (rule M4). It reaches 0 at round 11.
    let stepper = """
        if round == 1 { demand 100 outside walk } else if my last demand >= 10 {
          demand my last demand - 10 outside walk
        } else {
          demand 0 outside walk
        }
      """
    let alice = """
        if provable(them(me) eventually accepts 100) {
          demand 100 outside walk
        } else {
          demand 50 outside fight
        }
      """
    let (long, longObject) = try playRounds("  rounds 11", row: alice, column: stepper)
    #expect(long.exitCode == 0, "\(long.stderr)")
    #expect(roundOutputs(longObject).last == "100 walk|0 walk")
    #expect(payoffs(longObject) == "100, 0")
    // One round less and it never accepts 100: Alice demands 50 and they agree at round 6.
    let (short, shortObject) = try playRounds("  rounds 10", row: alice, column: stepper)
    #expect(short.exitCode == 0, "\(short.stderr)")
    #expect(roundOutputs(shortObject).first == "50 fight|100 walk")
    #expect(roundOutputs(shortObject).last == "50 fight|50 walk")
    #expect(payoffs(shortObject) == "50, 50")
  }

  @Test func atRoundReadsTheStuckDemand() throws {
    // A responder that gives in after seeing 100 once: at round 2 of "I stick to 100" it demands 0.
    let matcher = """
        if round == 1 { demand 100 outside walk } else if their last demand == 100 {
          demand 0 outside walk
        } else {
          demand 50 outside walk
        }
      """
    let asker = """
        if provable((them(me) at round 2 sticking to 100).demand == 0) and (them(me) at round 1 sticking to 100).demand == 100 {
          demand 100 outside walk
        } else {
          demand 10 outside walk
        }
      """
    let (result, object) = try playRounds("  rounds 3", row: asker, column: matcher)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(roundOutputs(object) == ["100 walk|100 walk", "100 walk|0 walk"])
  }

  @Test func checkErrorsHaveCarets() throws {
    let directory = try temporaryProgramDirectory([
      "One.bargain": roundsGame("", name: "One") + "program P {\n  demand their last demand outside walk\n}\n",
      "Play.bargain": roundsGame("  rounds 3", name: "Play")
        + "program P {\n  if D(10) at round 2 sticking to 50 == D(10) { demand 0 outside walk } else { demand 0 outside walk }\n}\n"
        + "program D(x: int) { demand x outside walk }\n",
      "Discount.bargain": roundsGame("  discount 1/2", name: "Discount"),
      "Bad.bargain": roundsGame("  rounds 0\n", name: "Bad"),
      "Factor.bargain": roundsGame("  rounds 2\n  discount 3/2", name: "Factor"),
    ])
    let one = CLI.run(["bargain", "check", directory + "/One.bargain"])
    #expect(one.exitCode == 1)
    #expect(
      one.stderr.contains(
        "One.bargain:12:10: error: `their last demand` needs a game with rounds, but One has one round: there is no earlier or later round\n"
      ), "\(one.stderr)")
    #expect(
      one.stderr.contains(" 12 |   demand their last demand outside walk\n    |          ^^^^^^^^^^^^^^^^^\n"),
      "\(one.stderr)")
    let play = CLI.run(["bargain", "check", directory + "/Play.bargain"])
    #expect(play.exitCode == 1)
    #expect(play.stderr.contains("Play.bargain:12:6: error: `at round` follows a play `X(Y)`"), "\(play.stderr)")
    let discount = CLI.run(["bargain", "check", directory + "/Discount.bargain"])
    #expect(discount.stderr.contains("`discount`, `cost per round` and `lock when repeated` need `rounds N`"))
    let bad = CLI.run(["bargain", "check", directory + "/Bad.bargain"])
    #expect(bad.stderr.contains("Bad.bargain:9:10: error: game Bad: a game has at least 1 round, found 0"))
    let factor = CLI.run(["bargain", "check", directory + "/Factor.bargain"])
    #expect(factor.stderr.contains("the discount must be greater than 0 and at most 1, found 3/2"))
  }

  @Test func runtimeErrorsAreLocated() throws {
    // Reading the last demand at round 1 is reached, so it is an error at the expression.
    let (early, _) = try playRounds(
      "  rounds 3", row: "  demand their last demand outside walk", column: "  demand 0 outside walk")
    #expect(early.exitCode == 1)
    #expect(early.stderr.contains("Row.bargain:4:10: error: there is no last demand in round 1\n"), "\(early.stderr)")
    // Guarded by the round it is fine.
    let (guarded, guardedObject) = try playRounds(
      "  rounds 3", row: "  if round > 1 { demand their last demand outside walk } else { demand 100 outside walk }",
      column: "  demand 10 outside walk")
    #expect(guarded.exitCode == 0, "\(guarded.stderr)")
    #expect(roundOutputs(guardedObject) == ["100 walk|10 walk", "10 walk|10 walk"])
    let (late, _) = try playRounds(
      "  rounds 3", row: "  demand (them(me) at round 4 sticking to 50).demand outside walk",
      column: "  demand 0 outside walk")
    #expect(late.exitCode == 1)
    #expect(
      late.stderr.contains("Row.bargain:4:29: error: round 4 is outside the game's rounds 1...3\n"), "\(late.stderr)")
    let (offGrid, _) = try playRounds(
      "  rounds 3", row: "  if them(me) eventually accepts 55 { demand 0 outside walk } else { demand 0 outside walk }",
      column: "  demand 0 outside walk")
    #expect(offGrid.exitCode == 1)
    #expect(offGrid.stderr.contains("error: demand 55 is not an allowed demand in G"), "\(offGrid.stderr)")
    let (future, _) = try playRounds(
      "  rounds 3", row: "  if round == 2 { demand my demand at round 2 outside walk } else { demand 10 outside walk }",
      column: "  demand 100 outside walk")
    #expect(future.exitCode == 1)
    #expect(
      future.stderr.contains("error: round 2 is not an earlier round: this run is at round 2"), "\(future.stderr)")
  }

  @Test func discountOverflowPointsAtTheClause() throws {
    // (99/100)^10 needs 100^10 > 2^63 as a denominator: exact payoffs cannot hold it (rule M6).
    let (result, _) = try playRounds(
      "  rounds 12\n  discount 99/100", row: Self.conceder, column: "  demand 100 outside fight")
    #expect(result.exitCode == 1)
    #expect(result.stderr.contains("G.bargain:10:12: error: integer overflow in 'discount'\n"), "\(result.stderr)")
    // Outside options are not discounted: a lock-in at round 12 pays the table, no overflow.
    let (locked, lockedObject) = try playRounds(
      "  rounds 12\n  discount 99/100", row: "  demand 60 outside walk", column: "  demand 100 outside fight")
    #expect(locked.exitCode == 0, "\(locked.stderr)")
    #expect(payoffs(lockedObject) == "-10, 40")
  }

  @Test func protocolRunsBeforeTheRounds() throws {
    // Plans run first (rules P1-P14); a program bound by `demand >= 40` stays bound in every
    // round (rule P8), and Alice, who received only that bound (rule P6), cannot prove that the
    // unknown program eventually accepts 100.
    let rounds = Repository.path("Programs/bargaining/rounds") + "/"
    let directory = try temporaryProgramDirectory([
      "AliceAgent.bargain": """
      import "\(rounds)Haggle.bargain"
      import "\(rounds)EventualAlice.bargain"
      game Haggle
      grant conditional at 0
      plan {
        at 0 {
          commit program EventualAlice
        }
      }
      main EventualAlice

      """,
      "Floor.bargain": """
      import "\(rounds)Haggle.bargain"
      import "\(rounds)Conceder.bargain"
      game Haggle
      plan {
        at 0 {
          commit demand >= 40
        }
      }
      main Conceder

      """,
    ])
    let open = CLI.run(["bargain", directory + "/AliceAgent.bargain", rounds + "Conceder.bargain", "--json"])
    #expect(open.exitCode == 0, "\(open.stderr)")
    let openObject = (try JSONSerialization.jsonObject(with: Data(open.stdout.utf8))) as? [String: Any] ?? [:]
    #expect(roundOutputs(openObject).count == 11)
    #expect(payoffs(openObject) == "34.86784401, 0")
    let bound = CLI.run(["bargain", directory + "/AliceAgent.bargain", directory + "/Floor.bargain", "--json"])
    #expect(bound.exitCode == 0, "\(bound.stderr)")
    let boundObject = (try JSONSerialization.jsonObject(with: Data(bound.stdout.utf8))) as? [String: Any] ?? [:]
    #expect(
      roundOutputs(boundObject) == [
        "50 fight|100 walk", "50 fight|90 walk", "50 fight|80 walk", "50 fight|70 walk", "50 fight|60 walk",
        "50 fight|50 walk",
      ])
    #expect(payoffs(boundObject) == "29.5245, 29.5245")
  }

  @Test func roundsWithChanceBranch() throws {
    // Used to stop with run.rounds-with-chance; now every history is explored (rule M8): 1, 2
    // and 4 histories in rounds 1–3, all incompatible, two ways to lock in at the deadline.
    let (result, object) = try playRounds(
      "  rounds 3\n  cost per round 5",
      row: "  with probability 1/2 { demand 10 outside walk } else { demand 20 outside walk }",
      column: "  demand 100 outside walk")
    #expect(result.exitCode == 0, "\(result.stderr)")
    let chance = object["roundsChance"] as? [String: Any] ?? [:]
    #expect((chance["histories"] as? [Any])?.count == 7)
    #expect(
      roundOutcomes(object) == [
        "3 deadline (10 walk, 100 walk) 1/2 (-10, -10)", "3 deadline (20 walk, 100 walk) 1/2 (-10, -10)",
      ])
  }

  @Test func maxRounds() throws {
    // At the limit: 50 rounds of a conceder by 2 against a hardliner, history of 49 rounds read.
    let slow = """
        if round == 1 { demand 100 outside walk } else if my demand at round (round - 1) >= 2 {
          demand my last demand - 2 outside walk
        } else {
          demand 0 outside walk
        }
      """
    let directory = try temporaryProgramDirectory([
      "G.bargain": roundsGame("  rounds 50").replacingOccurrences(of: "step 10", with: "step 2"),
      "Row.bargain": "import \"G.bargain\"\ngame G\nprogram Row {\n\(slow)\n}\n",
      "Column.bargain": "import \"G.bargain\"\ngame G\nprogram Column {\n  demand 100 outside fight\n}\n",
      "Over.bargain": roundsGame("  rounds 51"),
    ])
    let result = CLI.run(["bargain", directory + "/Row.bargain", directory + "/Column.bargain", "--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = (try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
    #expect(roundOutputs(object).count == 50)
    #expect(roundOutputs(object).last == "2 walk|100 fight")
    #expect((object["roundsEnd"] as? [String: Any])?["kind"] as? String == "deadline")
    let over = CLI.run(["bargain", "check", directory + "/Over.bargain"])
    #expect(over.exitCode == 3)
    #expect(
      over.stderr.contains("Over.bargain:9:10: error: the game has 51 rounds, more than the limit of 50 (maxRounds)\n"),
      "\(over.stderr)")
  }

  @Test func hypotheticalRunsAreCountedOnce() throws {
    // Rounds 1..12 of the stuck bargaining, each compiled once: 12 runs of the other beside
    // Alice's own two (rule M4, rule 22); the final round's report counts them.
    let (result, object) = try playRounds(
      "  rounds 12",
      row:
        "  if provable(them(me) eventually accepts 100) { demand 100 outside walk } else { demand 50 outside fight }",
      column: Self.conceder)
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(object["matchups"] as? Int == 14)
    let rounds = object["rounds"] as? [[String: Any]] ?? []
    #expect(rounds.map { $0["matchups"] as? Int ?? 0 } == [13] + Array(repeating: 14, count: 10))
  }

  @Test func eventuallyAcceptsCountsEveryRoundItPlays() throws {
    // Found by the fuzzer: Alice against herself at 50 rounds and 51 demands makes 50² runs, each
    // playing 50 rounds of 102 outputs folded into one case. Uncounted, that ran for 30 s to an
    // answer; counted, it stops at `maxEvaluationSteps` in well under a second.
    let alice =
      "  if provable(them(me) eventually accepts 100) { demand 100 outside walk } else { demand 50 outside fight }"
    let directory = try temporaryProgramDirectory([
      "G.bargain": roundsGame("  rounds 50").replacingOccurrences(of: "step 10", with: "step 2"),
      "Row.bargain": "import \"G.bargain\"\ngame G\nprogram Row {\n\(alice)\n}\n",
      "Column.bargain": "import \"G.bargain\"\ngame G\nprogram Column {\n\(alice)\n}\n",
    ])
    let result = CLI.run(["bargain", directory + "/Row.bargain", directory + "/Column.bargain"])
    #expect(result.exitCode == ExitCode.limit, "\(result.stderr)")
    #expect(
      result.stderr.hasPrefix(
        directory + "/Row.bargain:4:15: error: resource limit reached: evaluating the programs takes too many steps"
          + " (maxEvaluationSteps = 1000000)\n 4 | \(alice)\n   |               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"),
      "\(result.stderr)")
    // At 10 rounds the same pair plays: both see the other would not accept 100 (rule M4).
    let short = try playRounds("  rounds 10", row: alice, column: alice)
    #expect(short.0.exitCode == 0, "\(short.0.stderr)")
    #expect(roundOutputs(short.1) == ["50 fight|50 fight"])
  }

  @Test func runsAtOtherRoundsHashApart() {
    // The round state is part of a program instance's hash: the N² runs of `eventually accepts`
    // shared one hash before, and each run lookup compared them all (19 s at 50 rounds).
    let alice = ProgramInstance(program: ProgramID(0), arguments: [])
    let hashes = Set((1...50).map { alice.sticking(round: $0, to: 100).hashValue })
    #expect(hashes.count == 50)
  }

  @Test func textReportHasTheRoundsTable() throws {
    let directory = try temporaryProgramDirectory([
      "G.bargain": roundsGame("  rounds 3\n  discount 1/2"),
      "Row.bargain": "import \"G.bargain\"\ngame G\nprogram Row {\n  demand 90 - 20 * round outside walk\n}\n",
      "Column.bargain": "import \"G.bargain\"\ngame G\nprogram Column {\n  demand 50 outside fight\n}\n",
    ])
    let result = CLI.run(["bargain", directory + "/Row.bargain", directory + "/Column.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        """
        payoffs  row 25, column 25

                 round  row      column    levels
                 1      70 walk  50 fight  0 / 0
                 2      50 walk  50 fight  0 / 0
        ended    round 2 of 3: compatible demands
                 before discount and cost: row 50, column 50; discount 0.5, cost per round 0

        """), "\(result.stdout)")
  }
}
