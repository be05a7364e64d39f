// Bounded proof search end to end: thresholds, explanations with re-checked proofs, `prove`, and
// hostile budgets.

import BargainCLI
import Foundation
import Testing

@Suite struct BoundedTests {
  let bot = Repository.path("Programs/bounded/BoundedFairBot.bargain")
  func pd(_ name: String) -> String { Repository.path("Programs/prisoners-dilemma/\(name).bargain") }

  func json(_ arguments: [String]) throws -> [String: Any] {
    let result = CLI.run(["bargain"] + arguments + ["--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  }

  func actions(_ object: [String: Any]) -> [String] {
    (object["players"] as? [[String: Any]] ?? []).map { ($0["output"] as? [String: Any])?["action"] as? String ?? "?" }
  }

  @Test func selfPlayThresholdIsSix() throws {
    let object = try json(["threshold", bot])
    #expect(object["threshold"] as? Int == 6)
    #expect(object["initial"] as? String == "row D, column D")
    #expect(object["changed"] as? String == "row C, column C")
  }

  @Test func mixedBudgetThresholdIsNine() throws {
    let object = try json(["threshold", bot, bot + ":BoundedFairBot(100)"])
    #expect(object["threshold"] as? Int == 9)
    #expect(object["initial"] as? String == "row D, column D")
    #expect(object["changed"] as? String == "row C, column C")
  }

  @Test func noThresholdAgainstDefectBot() throws {
    let object = try json(["threshold", bot, pd("DefectBot"), "--to", "40"])
    #expect(object["threshold"] is NSNull)
  }

  @Test func everyPrintedProofIsAcceptedByTheIndependentChecker() throws {
    let pairs = [
      [bot + ":BoundedFairBot(6)", bot + ":BoundedFairBot(6)"], [bot, pd("CooperateBot")], [bot, pd("FairBot")],
      [bot + ":BoundedFairBot(10)", bot + ":BoundedFairBot(3)"], [bot + ":BoundedFairBot(9)", bot],
      [bot + ":BoundedFairBot(10)", bot + ":BoundedFairBot(12)"],
    ]
    var proofs = 0
    for pair in pairs {
      let object = try json(pair + ["--explain"])
      for side in object["explanation"] as? [[String: Any]] ?? [] {
        for fact in side["facts"] as? [[String: Any]] ?? [] where fact["proof"] != nil {
          #expect(fact["proofChecked"] as? Bool == true, "\(pair)")
          proofs += 1
        }
      }
    }
    #expect(proofs == 8)
  }

  @Test func mixedBudgetsBelowTheMutualProofBothDefect() throws {
    let object = try json([bot + ":BoundedFairBot(10)", bot + ":BoundedFairBot(3)", "--explain"])
    #expect(actions(object) == ["D", "D"])
    let sides = try #require(object["explanation"] as? [[String: Any]])
    let rowFact = try #require((sides[0]["facts"] as? [[String: Any]])?.first)
    let columnFact = try #require((sides[1]["facts"] as? [[String: Any]])?.first)
    #expect(rowFact["explanation"] as? String == "false (budget 10: no proof within 10 steps)")
    #expect(rowFact["proof"] == nil)
    #expect(columnFact["explanation"] as? String == "false (budget 3: no proof within 3 steps)")
  }

  @Test func explanationNamesTheBranchAndLevels() {
    let result = CLI.run(["bargain", pd("PrudentBot"), pd("CooperateBot"), "--explain"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("row: PrudentBot vs CooperateBot outputs D"))
    #expect(
      result.stdout.contains(
        "fact `provable[1](them(DefectBot) == D)` at \(pd("PrudentBot")):6:34: false: not provable in PA+1; PA+2 proves that"
      ))
  }

  @Test func proveFindsTheLobianProofAndComparesWithKripke() throws {
    let object = try json(["prove", pd("FairBot"), "FairBot(FairBot) == C"])
    #expect(object["proved"] as? Bool == true)
    #expect((object["proof"] as? [Any])?.count == 4)
    #expect(object["proofChecked"] as? Bool == true)
    #expect(object["kripke"] as? String == "true at every world: GL proves it from the equations")
    let prudent = try json(["prove", pd("PrudentBot"), "PrudentBot(CooperateBot) == D"])
    #expect(prudent["proved"] as? Bool == false)
    #expect(prudent["kripke"] as? String == "true from world 2: PA+2 proves it, PA itself does not")
    let small = try json(["prove", pd("FairBot"), "FairBot(FairBot) == C", "--budget", "3"])
    #expect(small["result"] as? String == "no proof within 3 steps")
  }

  @Test func hostileBudgetEndsCleanly() throws {
    let directory = try temporaryProgramDirectory([
      "Huge.bargain": """
      game PrisonersDilemma
      program Huge {
        if provable within 1000000000000 (them(me) == D and them(DefectBot) == C) { play C } else { play D }
      }
      """
    ])
    let result = CLI.run(["bargain", directory + "/Huge.bargain", directory + "/Huge.bargain", "--explain"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("row      Huge  plays D"))
    #expect(result.stdout.contains("false (budget 1000000000000: no proof within 1000000000000 steps)"))
  }

  @Test func negativeBudgetIsARuntimeError() throws {
    let directory = try temporaryProgramDirectory([
      "Neg.bargain":
        "game PrisonersDilemma\nprogram Neg(n: int = -1) { if provable within n (true) { play C } else { play D } }\n"
    ])
    let result = CLI.run(["bargain", directory + "/Neg.bargain", directory + "/Neg.bargain"])
    #expect(result.exitCode == 1)
    #expect(result.stderr.contains("error: proof budget must be at least 0, found -1"))
  }
}
