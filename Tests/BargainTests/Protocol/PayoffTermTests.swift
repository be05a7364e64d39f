// Rules SP1–SP4: surrogate goals, renegotiation wrappers, settlement with changed payoffs, and
// `bargain spi`. Exact payoffs, timelines, located diagnostics and exit codes.

import Foundation
import Testing

@testable import BargainCLI

@Suite struct PayoffTermTests {
  func spiPath(_ name: String) -> String { Repository.path("Programs/spi/\(name).bargain") }
  var hardliner: String { Repository.path("Programs/bargaining/Hardliner.bargain") }

  func json(_ arguments: [String], exitCode: Int32 = 0) throws -> [String: Any] {
    let result = CLI.run(["bargain"] + arguments + ["--json"])
    #expect(result.exitCode == exitCode, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  }

  func payoffs(_ object: [String: Any]) -> String {
    let result = object["result"] as? [String: Any] ?? [:]
    return "(" + ((result["payoffs"] as? [NSNumber])?.map(\.stringValue) ?? []).joined(separator: ", ") + ")"
  }

  /// Agents in a directory next to a copy of Standoff and Hardliner.
  func directory(_ agents: [String: String]) throws -> String {
    var files = [
      "Standoff.bargain": try String(
        contentsOfFile: Repository.path("Programs/bargaining/Standoff.bargain"), encoding: .utf8),
      "Hardliner.bargain": try String(
        contentsOfFile: Repository.path("Programs/bargaining/Hardliner.bargain"), encoding: .utf8),
    ]
    for (name, text) in agents {
      files[name + ".bargain"] = "import \"Standoff.bargain\"\nimport \"Hardliner.bargain\"\ngame Standoff\n" + text
    }
    return try temporaryProgramDirectory(files)
  }

  // MARK: rules SP1–SP3

  /// Agreed wrappers replace the fight by its substitute; the demands stay 100 and fight. Before
  /// wrappers existed this file did not parse, and two Hardliners paid (-30, -30).
  @Test func agreedWrappersReplaceTheFight() throws {
    let both = try json([spiPath("WrappedHawk"), spiPath("WrappedHawk")])
    #expect(payoffs(both) == "(-5, -5)")
    let events = both["timeline"] as? [[String: Any]] ?? []
    let agreed = events.filter { $0["event"] as? String == "renegotiate" }
    #expect(agreed.count == 1)
    #expect(
      agreed.first?["detail"] as? String
        == "both wrappers agree: disagreement (fight, fight) is replaced by its substitute (-5, -5)")
    #expect(agreed.first?["t"] as? Int == 1)
    #expect(
      both["payoffChanges"] as? [String] == ["disagreement (fight, fight) is replaced by its substitute (-5, -5)"])
    #expect(try json([hardliner, hardliner])["payoffChanges"] == nil)
    let text = CLI.run(["bargain", spiPath("SurrogateHawk"), spiPath("WrappedHawk")]).stdout
    #expect(
      text.hasSuffix(
        "payoffs  row -5, column -30\nsolved   1 matchup, stable from Kripke world 0\n"
          + "changed  disagreement (fight, fight) pays row -5 (its surrogate goal)\n"))
  }

  /// Against a side without a wrapper, or before the wrappers reach each other, nothing changes.
  @Test func aWrapperNeedsTheOthersAgreementAndDelivery() throws {
    #expect(payoffs(try json([spiPath("WrappedHawk"), hardliner])) == "(-30, -30)")
    #expect(payoffs(try json([hardliner, spiPath("WrappedHawk")])) == "(-30, -30)")
    // Horizon 0: bargaining starts at t = 0, nothing is delivered.
    #expect(payoffs(try json([spiPath("WrappedHawk"), spiPath("WrappedHawk"), "--horizon", "0"])) == "(-30, -30)")
    // Each Taker offers the other -40: the substitutes are not the same one seen from each side.
    #expect(payoffs(try json([spiPath("Taker"), spiPath("Taker")])) == "(-30, -30)")
  }

  /// Wrappers are written from the committing side: Taker's substitute pays Taker 0 in either seat.
  @Test func termsAreWrittenFromTheCommittingSide() throws {
    #expect(payoffs(try json([spiPath("Taker"), spiPath("Giver")])) == "(0, -40)")
    #expect(payoffs(try json([spiPath("Giver"), spiPath("Taker")])) == "(-40, 0)")
    #expect(payoffs(try json([spiPath("SurrogateHawk"), hardliner])) == "(-5, -30)")
    #expect(payoffs(try json([hardliner, spiPath("SurrogateHawk")])) == "(-30, -5)")
  }

  /// Without the capability a wrapper is rejected (rule P4 (c)); one surrogate per outcome; a
  /// wrapper replaces the outcome, the surrogate on it included (rule SP3).
  @Test func rejectionsAndOrder() throws {
    let dir = try directory([
      "NoCapability": """
      plan {
        at 0 {
          commit program Hardliner
          commit renegotiate (fight, fight) = (-5, -5)
          commit surrogate (fight, fight) = -1
          commit surrogate (fight, fight) = -2
          commit surrogate (fight, fight) = -1
          commit surrogate (walk, fight) = 7/2
        }
      }
      main Hardliner
      """,
      "Late": """
      plan {
        at 0 { prepare renegotiate for 2 }
        at 1 { commit renegotiate (fight, fight) = (-5, -5) }
        at 2 {
          commit renegotiate (fight, fight) = (-5, -5)
          commit program Hardliner
        }
      }
      main Hardliner
      """,
      "Both": """
      grant renegotiate at 0
      plan {
        at 0 {
          commit surrogate (fight, fight) = -1
          commit renegotiate (fight, fight) = (-5, -5)
          commit program Hardliner
        }
      }
      main Hardliner
      """,
    ])
    let result = CLI.run(["bargain", dir + "/NoCapability.bargain", spiPath("WrappedHawk")])
    #expect(result.exitCode == 0)
    #expect(
      result.stdout.contains(
        "cannot commit renegotiate (fight, fight) = (-5, -5): a renegotiation wrapper needs the capability renegotiate\n"
      ))
    #expect(
      result.stdout.contains(
        "cannot commit surrogate (fight, fight) = -2: already committed surrogate (fight, fight) = -1\n"))
    #expect(result.stdout.contains("cannot commit surrogate (fight, fight) = -1: already committed to it\n"))
    #expect(result.stdout.contains("payoffs  row -1, column -30\n"))
    let late = CLI.run(["bargain", dir + "/Late.bargain", spiPath("WrappedHawk")])
    #expect(late.stdout.contains("t=1   Late         cannot commit renegotiate (fight, fight) = (-5, -5): a "))
    #expect(late.stdout.contains("the capability renegotiate, available from t=2\n"))
    #expect(late.stdout.contains("t=2   Late         commits renegotiate (fight, fight) = (-5, -5)\n"))
    #expect(late.stdout.contains("t=3   Late         both wrappers agree: "))
    #expect(late.stdout.contains("payoffs  row -5, column -5\n"))
    // The substitute replaces the outcome: the surrogate's -1 is not paid.
    #expect(payoffs(try json([dir + "/Both.bargain", spiPath("WrappedHawk")])) == "(-5, -5)")
    // Against a plain Hardliner the surrogate holds.
    #expect(payoffs(try json([dir + "/Both.bargain", hardliner])) == "(-1, -30)")
  }

  /// Programs read a received wrapper as a situation fact (rule P10).
  @Test func aProgramSeesTheOthersWrapper() throws {
    let wrapped = try json([spiPath("WrappedEmboldened"), spiPath("Emboldened")])
    let players = wrapped["players"] as? [[String: Any]] ?? []
    let demands = players.map { ($0["output"] as? [String: Any])?["demand"] as? Int }
    #expect(demands == [50, 100])
    #expect(payoffs(wrapped) == "(-10, 40)")
  }

  @Test func termsAreCheckedWithLocations() throws {
    let dir = try directory([
      "Unknown": "plan { at 0 { commit surrogate (fight, fihgt) = -5 } }\nmain Hardliner\n"
    ])
    let unknown = CLI.run(["bargain", dir + "/Unknown.bargain", hardliner])
    #expect(unknown.exitCode == 1)
    #expect(unknown.stderr.contains("Unknown.bargain:4:40: error: unknown name 'fihgt'"))
    // `check` too, though the file declares no program of its own (it used to skip such files' plans).
    let checked = CLI.run(["bargain", "check", dir + "/Unknown.bargain"])
    #expect(checked.exitCode == 1)
    #expect(checked.stderr.contains("Unknown.bargain:4:40: error: unknown name 'fihgt'"))
    let matrix = try temporaryProgramDirectory([
      "M.bargain": "game PrisonersDilemma\nplan { at 0 { commit renegotiate (C, D) = (1, 1) } }\nprogram M { play C }\n"
    ])
    let result = CLI.run(["bargain", "check", matrix + "/M.bargain"])
    #expect(result.exitCode == 1)
    #expect(
      result.stderr.contains(
        "M.bargain:2:22: error: `commit renegotiate` cannot be used in PrisonersDilemma, which is a matrix game"))
    let syntax = try directory(["Syntax": "plan { at 0 { commit renegotiate (fight, fight) = -5 } }\nmain Hardliner\n"])
    let parse = CLI.run(["bargain", "check", syntax + "/Syntax.bargain"])
    #expect(parse.exitCode == 1)
    #expect(parse.stderr.contains("Syntax.bargain:4:51: error: expected '(', found '-'"))
  }

  @Test func termsFormatCanonically() throws {
    let dir = try directory([
      "Messy":
        "plan { at 0 { commit surrogate(fight,walk)=-1.5 commit renegotiate ( walk , fight ) = ( 1/2 , -3 ) } }\n"
        + "main Hardliner\n"
    ])
    let result = CLI.run(["bargain", "fmt", "--stdout", dir + "/Messy.bargain"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("    commit surrogate (fight, walk) = -3/2\n"))
    #expect(result.stdout.contains("    commit renegotiate (walk, fight) = (1/2, -3)\n"))
  }

  // MARK: rule SP4

  func spi(_ arguments: [String], exitCode: Int32) throws -> [String: Any] {
    try json(["spi"] + arguments, exitCode: exitCode)
  }

  @Test func wrappedHardlinersAreASafeParetoImprovement() throws {
    let object = try spi([hardliner, hardliner, "--with", spiPath("WrappedHawk"), spiPath("WrappedHawk")], exitCode: 0)
    #expect(object["spi"] as? Bool == true)
    #expect((object["assumption"] as? [String: Any])?["holds"] as? Bool == true)
    let outcomes = object["outcomes"] as? [[String: Any]] ?? []
    #expect(
      outcomes.map { $0["outcome"] as? String ?? "" } == [
        "any agreement", "disagreement (walk, walk)", "disagreement (walk, fight)", "disagreement (fight, walk)",
        "disagreement (fight, fight)",
      ])
    #expect(
      outcomes.map { "\($0["row"] as? String ?? "")/\($0["column"] as? String ?? "")" } == [
        "equal/equal", "equal/equal", "equal/equal", "equal/equal", "better/better",
      ])
    let actual = object["actual"] as? [String: Any] ?? [:]
    #expect((actual["original"] as? [String: Any])?["payoffs"] as? [String] == ["-30", "-30"])
    #expect((actual["new"] as? [String: Any])?["payoffs"] as? [String] == ["-5", "-5"])
  }

  @Test func spiTextNamesTheCounterexample() {
    let result = CLI.run([
      "bargain", "spi", hardliner, hardliner, "--with", spiPath("Taker"), spiPath("Giver"),
    ])
    #expect(result.exitCode == 4)
    #expect(result.stdout.contains("disagreement (fight, fight)  (-30, -30)   (0, -40)     better  worse\n"))
    #expect(
      result.stdout.hasSuffix(
        "not a safe Pareto improvement: counterexample: in disagreement (fight, fight) column is worse off\n"))
  }

  /// A wrapper bought at a cost is paid in every outcome (rule P7): the cheaper fight (-5 instead
  /// of -30) does not make up for 30 paid by each, so it is no improvement. Before, the table
  /// ignored costs and called it one while the actual payoffs fell from -30 to -35.
  @Test func spiCountsCapabilityCosts() throws {
    let dir = try directory([
      "DearWrap": """
      plan {
        at 0 {
          prepare renegotiate for 0 cost 30
          commit program Hardliner
          commit renegotiate (fight, fight) = (-5, -5)
        }
      }
      main Hardliner

      """
    ])
    let result = CLI.run([
      "bargain", "spi", hardliner, hardliner, "--with", dir + "/DearWrap.bargain", dir + "/DearWrap.bargain",
    ])
    #expect(result.exitCode == 4, "\(result.stderr)")
    #expect(result.stdout.contains("any agreement                the demands  the demands - (30, 30)  worse  worse\n"))
    #expect(result.stdout.contains("disagreement (fight, fight)  (-30, -30)   (-35, -35)              worse  worse\n"))
    #expect(
      result.stdout.hasSuffix(
        "not a safe Pareto improvement: counterexample: in any agreement row and column are worse off\n"))
    let object = try spi(
      [hardliner, hardliner, "--with", dir + "/DearWrap.bargain", dir + "/DearWrap.bargain"], exitCode: 4)
    let outcomes = object["outcomes"] as? [[String: Any]] ?? []
    let costs = outcomes.first?["costs"] as? [String: Any]
    #expect((costs?["new"] as? [NSNumber])?.map(\.stringValue) == ["30", "30"])
    #expect((costs?["original"] as? [NSNumber])?.map(\.stringValue) == ["0", "0"])
  }

  /// Randomized plans give a distribution of protocol outcomes, which rule SP4's outcome-by-outcome
  /// correspondence does not cover: refused (exit 2) rather than judged on one branch.
  @Test func spiRefusesRandomizedPlans() throws {
    let dir = try directory([
      "CoinWrap": """
      grant renegotiate at 0
      plan {
        at 0 {
          commit program Hardliner
          with probability 1/2 { commit renegotiate (fight, fight) = (-5, -5) } else { }
        }
      }
      main Hardliner

      """
    ])
    let result = CLI.run([
      "bargain", "spi", hardliner, hardliner, "--with", dir + "/CoinWrap.bargain", dir + "/CoinWrap.bargain",
    ])
    #expect(result.exitCode == 2)
    #expect(
      result.stderr
        == "bargain: error: spi compares one protocol outcome per pair, and the randomized plans of the new pair make "
        + "4 branches (rule P16)\n")
  }

  @Test func spiChecksTheAssumption() throws {
    let object = try spi(
      [
        spiPath("Emboldened"), spiPath("Emboldened"), "--with", spiPath("WrappedEmboldened"),
        spiPath("WrappedEmboldened"),
      ],
      exitCode: 4)
    #expect(object["spi"] as? Bool == false)
    let assumption = object["assumption"] as? [String: Any] ?? [:]
    #expect(assumption["holds"] as? Bool == false)
    let sides = assumption["sides"] as? [[String: Any]] ?? []
    #expect(sides.map { $0["sameProgram"] as? Bool } == [true, true])
    #expect(sides.map { $0["sameOutput"] as? Bool } == [false, false])
    #expect(sides.map { $0["newOutput"] as? String } == ["demand 100 outside fight", "demand 100 outside fight"])
    // Every outcome pays at least as much; only the assumption makes it fail.
    let outcomes = object["outcomes"] as? [[String: Any]] ?? []
    #expect(!outcomes.contains { $0["row"] as? String == "worse" || $0["column"] as? String == "worse" })
    // A different program on one side fails it too.
    let other = try spi(
      [hardliner, hardliner, "--with", spiPath("WrappedEmboldened"), spiPath("WrappedHawk")], exitCode: 4)
    let otherSides = (other["assumption"] as? [String: Any])?["sides"] as? [[String: Any]] ?? []
    #expect(otherSides.map { $0["sameProgram"] as? Bool } == [false, true])
    #expect((other["reason"] as? String)?.hasPrefix("the assumption fails for row:") == true)
  }

  @Test func nothingBetterIsNotAnImprovement() throws {
    let object = try spi([hardliner, hardliner, "--with", hardliner, hardliner], exitCode: 4)
    #expect(object["reason"] as? String == "no outcome is better for anyone: the replacement changes nothing")
  }

  @Test func spiUsage() throws {
    #expect(CLI.run(["bargain", "spi", hardliner, hardliner]).exitCode == 2)
    #expect(CLI.run(["bargain", "spi", hardliner, hardliner, "--with", hardliner]).exitCode == 2)
    #expect(CLI.run(["bargain", "spi", hardliner, hardliner, "--with", hardliner, hardliner, "--nope"]).exitCode == 2)
    #expect(
      CLI.run(["bargain", "spi", hardliner, hardliner, "--with", hardliner, hardliner, "--lag", "0"]).exitCode == 2)
    let help = try #require(CLI.commandHelp("spi"))
    #expect(CLI.run(["bargain", "spi", "--help"]).stdout == help)
    #expect(help.contains("--time-limit S"))
    #expect(CLI.usage.contains("bargain spi A B --with A2 B2"))
    // Program errors keep exit code 1.
    let dir = try directory(["Broken": "plan { at 0 { commit surrogate (fight, nope) = 1 } }\nmain Hardliner\n"])
    #expect(
      CLI.run(["bargain", "spi", hardliner, hardliner, "--with", dir + "/Broken.bargain", hardliner]).exitCode == 1)
  }

  /// Tournaments settle with the same changed payoffs.
  @Test func tournamentsSettleWithAgreedWrappers() throws {
    let object = try json(["tournament", spiPath("WrappedHawk"), hardliner])
    let analysis = object["analysis"] as? [String: Any] ?? [:]
    #expect(analysis["welfare"] as? [[String]] == [["-10", "-60"], ["-60", "-60"]])
  }
}
