// Protocol rule P7 generalised: the capabilities `conditional`, `verify` and `renegotiate`, a
// game's `capability` clause (withheld by default, default cost) and the cost of a `prepare`,
// subtracted from the payoff. Exact outcomes of the `Sealed*` examples.

import BargainCLI
import Foundation
import Testing

@Suite struct CapabilityTests {

  func details(_ object: [String: Any]) -> [String] {
    (object["timeline"] as? [[String: Any]] ?? []).map {
      "t=\($0["t"] as? Int ?? -1) \($0["agent"] as? String ?? "?"): \($0["detail"] as? String ?? "?")"
    }
  }

  func costs(_ object: [String: Any]) -> [String]? {
    (object["costs"] as? [NSNumber])?.map(\.stringValue)
  }

  static let sealedGame = """
    game Sealed {
      resource 100
      demands 0..100 step 10
      outside walk, fight
      disagreement (walk, walk) = (0, 0)
      disagreement (fight, walk) = (40, -10)
      disagreement (walk, fight) = (-10, 40)
      disagreement (fight, fight) = (-30, -30)
      surplus keep
      capability verify withheld cost 5
    }

    """

  /// Without `verify` the commitment binds its maker but reaches no one: the other side's program
  /// sees nothing, cannot prove the demand of 70, and asks for 50.
  @Test func anUnverifiableCommitmentMovesNoOne() throws {
    let object = try playJSON([protocolPath("SealedFloor"), protocolPath("SealedYielder")])
    #expect(object["T"] is NSNull)
    #expect(demandOutcome(object) == ["70 fight", "50 walk", "(40, -10)"])
    let them = (object["players"] as? [[String: Any]] ?? []).map { $0["them"] as? String }
    #expect(them == ["an unknown program (received: nothing)", "an unknown program (received: nothing)"])
    let unverifiable = " (unverifiable without the capability verify: it binds but never reaches the other)"
    #expect(
      details(object) == [
        "t=0 SealedYielder: gains capability conditional",
        "t=0 SealedFloor: commits demand >= 70" + unverifiable,
        "t=0 SealedYielder: commits program Yielder" + unverifiable,
      ])
    #expect(object["costs"] == nil)
  }

  /// Buying `verify` for the game's 5 makes the same commitment reach the other at t = 2: it
  /// concedes, and the buyer's 70 minus 5 beats the 40 of the unverifiable commitment.
  @Test func buyingVerifyMakesTheCommitmentCount() throws {
    let object = try playJSON([protocolPath("SealedBuyer"), protocolPath("SealedYielder")])
    #expect(demandOutcome(object) == ["70 fight", "30 walk", "(65, 30)"])
    #expect(costs(object) == ["5", "0"])
    #expect(details(object).contains("t=0 SealedBuyer: prepares verify (available from t=1, cost 5)"))
    #expect(details(object).contains("t=2 SealedYielder: learns SealedBuyer committed demand >= 70 (at t=1)"))
    let text = CLI.run(["bargain", protocolPath("SealedBuyer"), protocolPath("SealedYielder")]).stdout
    #expect(
      text.contains(
        "payoffs  row 65, column 30\ncosts    row 5, column 0 (capabilities prepared, already subtracted)\n"))
  }

  /// The same agreement at a price of 45 (the `prepare`'s own cost overrides the game's): the
  /// buyer ends with 25 against the other's 30, so the cost changes who is better off.
  @Test func aCostChangesWhoIsBetterOff() throws {
    let object = try playJSON([protocolPath("SealedDearBuyer"), protocolPath("SealedYielder")])
    #expect(demandOutcome(object) == ["70 fight", "30 walk", "(25, 30)"])
    #expect(costs(object) == ["45", "0"])
  }

  /// Costs are exact rationals, paid by every `prepare` that runs (twice here), and a side's
  /// cost is subtracted in the column too.
  @Test func costsAreExactAndPaidPerPrepare() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Sealed.bargain", Self.sealedGame)
    try scratch.write(
      "Payer.bargain",
      """
      import "Sealed.bargain"
      game Sealed
      plan {
        at 0 { prepare verify for 0 cost 1/3 }
        at 1 { prepare renegotiate for 2 cost 1.5 }
      }
      program Half { demand 50 outside walk }
      main Half

      """)
    try scratch.write(
      "Half.bargain", "import \"Sealed.bargain\"\ngame Sealed\nprogram Half { demand 50 outside walk }\n")
    let result = scratch.play("Half.bargain", "Payer.bargain")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("  t=0   Payer  prepares verify (available from t=0, cost 1/3)\n"))
    #expect(result.stdout.contains("  t=1   Payer  prepares renegotiate (available from t=3, cost 1.5)\n"))
    #expect(result.stdout.contains("  t=3   Payer  gains capability renegotiate\n"))
    #expect(result.stdout.contains("payoffs  row 50, column 289/6\n"))
    #expect(result.stdout.contains("costs    row 0, column 11/6 (capabilities prepared, already subtracted)\n"))
  }

  /// A game that withholds `verify` still lets a `grant` give it; a plan-less file has every
  /// capability (rule P9), so its commitment reaches the other as before.
  @Test func grantsGiveVerifyAndPlanlessFilesHaveIt() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Sealed.bargain", Self.sealedGame)
    let yielder = try String(contentsOfFile: protocolPath("SealedYielder"), encoding: .utf8)
    try scratch.write("Yielder.bargain", yielder)
    try scratch.write(
      "Granted.bargain",
      """
      import "Sealed.bargain"
      game Sealed
      grant verify at 2
      plan {
        at 1 { commit demand >= 70 }
        at 2 { commit outside = fight }
      }
      program Demand70 { demand 70 outside fight }
      main Demand70

      """)
    let granted = try jsonObject(
      scratch.run(["Granted.bargain", "Yielder.bargain", "--json"], paths: ["Granted.bargain", "Yielder.bargain"])
        .stdout)
    // Only the commitment made once verify is had reaches the other; it says nothing of demands.
    let them = (granted["players"] as? [[String: Any]] ?? []).map { $0["them"] as? String }
    #expect(them[1] == "an unknown program (received: outside = fight)")
    #expect(demandOutcome(granted) == ["70 fight", "50 walk", "(40, -10)"])
    try scratch.write(
      "Plain.bargain",
      """
      import "Sealed.bargain"
      game Sealed
      program Demand70 { demand 70 outside fight }

      """)
    let plain = try jsonObject(
      scratch.run(["Plain.bargain", "Yielder.bargain", "--json"], paths: ["Plain.bargain", "Yielder.bargain"]).stdout)
    #expect(demandOutcome(plain) == ["70 fight", "30 walk", "(70, 30)"])
  }

  /// Wrong capability clauses and costs are located errors.
  @Test func capabilityErrorsAreLocated() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Bad.bargain",
      """
      game G {
        resource 10
        demands 0..10
        outside w
        disagreement (w, w) = (0, 0)
        capability verify cost -1
        capability verify
        capability veriffy
      }

      """)
    let bad = scratch.check("Bad.bargain")
    #expect(bad.exitCode == 1)
    #expect(bad.stderr.contains("Bad.bargain:6:26: error: game G: the cost of verify must not be negative, found -1"))
    #expect(bad.stderr.contains("Bad.bargain:7:3: error: game G: `capability verify` is given twice"))
    #expect(
      bad.stderr.contains(
        "Bad.bargain:8:14: error: game G: unknown capability 'veriffy' (known: conditional, verify, renegotiate)"))
    try scratch.write(
      "G.bargain", "game G {\n  resource 10\n  demands 0..10\n  outside w\n  disagreement (w, w) = (0, 0)\n}\n")
    try scratch.write(
      "Plan.bargain",
      """
      import "G.bargain"
      game G
      grant renegotiate at 0
      plan {
        at 0 { prepare verify for 2 cost -3/2 }
        at 1 { prepare sharing for 1 }
      }
      program P { demand 5 outside w }
      main P

      """)
    let plan = scratch.check("Plan.bargain")
    #expect(plan.exitCode == 1)
    #expect(
      plan.stderr.contains(
        "Plan.bargain:5:36: error: a capability's cost is subtracted from the payoff and must not be negative, found -3/2"
      ))
    #expect(plan.stderr.contains("Plan.bargain:6:18: error: unknown capability 'sharing'"))
  }

  /// The canonical printer keeps the new clauses (so `them == me` and `fmt` see them).
  @Test func theNewClausesPrint() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Sealed.bargain", Self.sealedGame)
    let result = scratch.run(["fmt", "--stdout", "Sealed.bargain"], paths: ["Sealed.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("  capability verify withheld cost 5\n"))
    try scratch.write(
      "Agent.bargain", "import \"Sealed.bargain\"\ngame Sealed\nplan { at 0 { prepare verify for 2 cost 5/2 } }\n")
    let agent = scratch.run(["fmt", "--stdout", "Agent.bargain"], paths: ["Agent.bargain"])
    #expect(agent.stdout.contains("prepare verify for 2 cost 5/2"))
  }

  /// With chance, every profile pays the cost and so does the expectation: a coin over 70 (fight)
  /// and 30 (walk) against 30 gives 70 or 30, each minus 5, expected 45.
  @Test func costsApplyToEveryProfileWithChance() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Sealed.bargain", Self.sealedGame)
    try scratch.write(
      "Coin.bargain",
      """
      import "Sealed.bargain"
      game Sealed
      plan { at 0 { prepare verify for 1 } }
      program Coin { with probability 1/2 { demand 70 outside fight } else { demand 30 outside walk } }
      main Coin

      """)
    try scratch.write(
      "Thirty.bargain", "import \"Sealed.bargain\"\ngame Sealed\nprogram Thirty { demand 30 outside walk }\n")
    let result = scratch.play("Coin.bargain", "Thirty.bargain")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.contains("  1/2          0.5      30 walk   30 walk  (25, 30)\n"))
    #expect(result.stdout.contains("  1/2          0.5      70 fight  30 walk  (65, 30)\n"))
    #expect(result.stdout.contains("expected payoffs  row 45 (45.0), column 30 (30.0)\n"))
    #expect(result.stdout.contains("costs    row 5, column 0 (capabilities prepared, already subtracted)\n"))
  }

  /// Tournaments play the same protocol: their payoffs are net of costs too.
  @Test func tournamentsSeeNetPayoffs() {
    let result = CLI.run([
      "bargain", "tournament", protocolPath("SealedDearBuyer"), protocolPath("SealedYielder"),
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        "SealedDearBuyer vs SealedYielder: agreement; row 70 fight PA+0; column 30 walk PA+0; payoffs 25, 30"))
  }

  /// `they received my commitments` never holds while a commitment of this side is unverifiable;
  /// granted `verify`, the same plan sees its commitment received after the lag.
  @Test func unverifiableCommitmentsAreNeverReceived() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Sealed.bargain", Self.sealedGame)
    try scratch.write(
      "Half.bargain", "import \"Sealed.bargain\"\ngame Sealed\nprogram Half { demand 50 outside walk }\n")
    let plan = """
      import "Sealed.bargain"
      game Sealed
      plan {
        at 0 { commit demand >= 50 }
        at 3 { if they received my commitments { close } }
      }
      program Half { demand 50 outside walk }
      main Half

      """
    try scratch.write("Asker.bargain", plan)
    try scratch.write(
      "Granted.bargain", plan.replacingOccurrences(of: "game Sealed\n", with: "game Sealed\ngrant verify at 0\n"))
    let asker = scratch.play("Asker.bargain", "Half.bargain")
    #expect(asker.exitCode == 0, "\(asker.stderr)")
    #expect(!asker.stdout.contains("closes its channel"))
    let granted = scratch.play("Granted.bargain", "Half.bargain")
    #expect(granted.stdout.contains("  t=3   Granted  closes its channel\n"))
  }
}
