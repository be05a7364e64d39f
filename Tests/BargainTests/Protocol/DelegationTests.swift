// Protocol rule P15: `commit delegate S` hands the rest of the plan and the bargaining to the
// successor `agent S { ... }`. Exact timelines and outcomes, what carries over, the situation fact
// `they committed delegate`, the static errors and the depth limit.

import BargainCLI
import Foundation
import Testing

@Suite struct DelegationTests {

  static let standoff = """
    game Standoff {
      resource 100
      demands 0..100 step 10
      outside walk, fight
      disagreement (walk, walk) = (0, 0)
      disagreement (fight, walk) = (40, -10)
      disagreement (walk, fight) = (-10, 40)
      disagreement (fight, fight) = (-30, -30)
      surplus keep
    }

    """

  static let programs = """
    program Demand70 { demand 70 outside fight }
    program Concede30 { demand 30 outside walk }
    program Fair {
      if provable(them(me).demand <= 50) { demand 50 outside fight } else { demand 100 outside fight }
    }

    """

  func scratch(_ files: [String: String]) throws -> ScratchDirectory {
    let directory = try ScratchDirectory()
    try directory.write("Standoff.bargain", Self.standoff)
    for (name, text) in files {
      try directory.write(name, "import \"Standoff.bargain\"\ngame Standoff\n" + Self.programs + text)
    }
    return directory
  }

  func timeline(_ text: String) -> [String] {
    text.split(separator: "\n").filter { $0.hasPrefix("  t=") }.map {
      $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
  }

  /// The example: the delegation makes Hawk's `Demand70` bargain, and Yielder concedes to it;
  /// the delegator's own main program would have got 30.
  @Test func aDelegationChangesTheOutcome() throws {
    let result = CLI.run(["bargain", protocolPath("Delegator"), protocolPath("Yielder"), "--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try jsonObject(result.stdout)
    #expect(object["T"] as? Int == 2)
    let events = (object["timeline"] as? [[String: Any]] ?? []).map {
      "t=\($0["t"] as? Int ?? -1) \($0["agent"] as? String ?? "?"): \($0["detail"] as? String ?? "?")"
    }
    #expect(
      events == [
        "t=0 Yielder: gains capability conditional",
        "t=0 Delegator: commits delegate Hawk: Hawk acts from t=1",
        "t=0 Yielder: commits program Yielder",
        "t=1 Delegator→Hawk: learns Yielder committed program Yielder (at t=0)",
        "t=1 Yielder: learns Delegator committed delegate Hawk (at t=0)",
        "t=1 Delegator→Hawk: commits program Demand70",
        "t=2 Yielder: learns Delegator committed program Demand70 (at t=1)",
      ])
    let result2 = try #require(object["result"] as? [String: Any])
    #expect((result2["payoffs"] as? [Int]) == [70, 30])
    let plain = CLI.run(["bargain", protocolPath("Concede30"), protocolPath("Yielder")])
    #expect(plain.stdout.contains("payoffs  row 30, column 50\n"))
  }

  /// The successor knows what its delegator received and keeps its capabilities: the delegator
  /// prepared `conditional` and learned the threat; the successor concedes to it with a program
  /// that needs the capability. Its `at 0` runs at the step after the delegation.
  @Test func knowledgeAndCapabilitiesCarryOver() throws {
    let directory = try scratch([
      "Heir.bargain": """
      plan {
        at 0 { prepare conditional for 1 }
        at 2 { commit delegate Deputy }
      }
      agent Deputy {
        plan {
          at 1 {
            if they committed demand >= 70 { commit program Fair } else { commit program Demand70 }
          }
        }
        main Demand70
      }
      main Concede30

      """,
      "Threat.bargain": "plan { at 0 { commit program Demand70 } }\nmain Demand70\n",
    ])
    let result = directory.play("Heir.bargain", "Threat.bargain")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      timeline(result.stdout) == [
        "t=0 Heir prepares conditional (available from t=1)",
        "t=0 Threat commits program Demand70",
        "t=1 Heir gains capability conditional",
        "t=1 Heir learns Threat committed program Demand70 (at t=0)",
        "t=2 Heir commits delegate Deputy: Deputy acts from t=3",
        "t=3 Threat learns Heir committed delegate Deputy (at t=2)",
        "t=4 Heir→Deputy commits program Fair",
        "t=5 Threat learns Heir committed program Fair (at t=4)",
      ])
    #expect(result.stdout.contains("row      Heir bargains with Fair (committed at t=4)\n"))
  }

  /// `they committed delegate` holds once the delegation reached the reader; a successor that
  /// commits to nothing bargains with its main program, and the reason names it.
  @Test func theDelegationIsASituationFact() throws {
    let directory = try scratch([
      "Passer.bargain": """
      plan { at 1 { commit delegate Quiet } }
      agent Quiet { main Demand70 }
      main Concede30

      """,
      "Reader.bargain": """
      plan {
        at 2 { if they committed delegate { commit demand <= 30 } }
        at 1 { if they committed delegate { commit outside = fight } }
      }
      main Concede30

      """,
    ])
    let result = directory.play("Passer.bargain", "Reader.bargain")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      timeline(result.stdout) == [
        "t=1 Passer commits delegate Quiet: Quiet acts from t=2",
        "t=2 Reader learns Passer committed delegate Quiet (at t=1)",
        "t=2 Reader commits demand <= 30",
        "t=3 Passer→Quiet learns Reader committed demand <= 30 (at t=2)",
      ])
    #expect(
      result.stdout.contains(
        "row      Passer bargains with Demand70 (main program of successor Quiet: no single program committed by t=10)\n"
      ))
    #expect(result.stdout.contains("column   Reader's `them` is an unknown program (received: delegate Quiet)"))
  }

  /// After a single program the delegation is refused (that program bargains regardless); the
  /// plan goes on.
  @Test func aCommittedProgramRefusesDelegation() throws {
    let directory = try scratch([
      "Late.bargain": """
      plan {
        at 0 { commit program Demand70 }
        at 1 { commit delegate Soft  close }
      }
      agent Soft { main Concede30 }
      main Demand70

      """,
      "Idle.bargain": "plan { at 5 { open } }\nmain Concede30\n",
    ])
    let result = directory.play("Late.bargain", "Idle.bargain")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        "  t=1   Late  cannot commit delegate Soft: already committed to program Demand70 at t=0, which bargains\n"
          + "  t=1   Late  closes its channel\n"))
  }

  /// The static errors, each located.
  @Test func delegationErrorsAreLocated() throws {
    let directory = try scratch([
      "Bad.bargain": """
      plan {
        at 0 { commit delegate Hawkk }
        at 1 { if true { commit delegate Hawk } else { open } }
        at 2 { commit delegate Dove }
      }
      agent Hawk {
        plan { at 0 { commit delegate Dove } }
        main Demand70
      }
      agent Dove {
        plan { at 0 { commit delegate Hawk } }
        main Concede30
      }
      agent Owl { plan { at 0 { open } } }
      main Concede30

      """
    ])
    let result = directory.check("Bad.bargain")
    #expect(result.exitCode == 1)
    let lines = result.stderr.split(separator: "\n").filter { $0.contains(": error: ") }.map(String.init)
    #expect(
      lines == [
        "Bad.bargain:9:26: error: no successor 'Hawkk': declare `agent Hawkk { plan { ... } main P }` in this file",
        "Bad.bargain:21:7: error: the successor 'Owl' needs a `main` program to bargain with",
        "Bad.bargain:11:10: error: a plan delegates at most once, and this one can already have delegated to Hawk",
        "Bad.bargain:13:7: error: successors delegate in a circle: Hawk -> Dove -> Hawk",
      ])
    #expect(result.stderr.contains("did you mean 'Hawk'?"))
  }

  /// A chain of 17 delegations stops at `maxDelegationDepth` (16) with exit code 3.
  @Test func maxDelegationDepth() throws {
    var text = "plan { at 0 { commit delegate S1 } }\nmain Concede30\n"
    for index in 1...17 {
      text += "agent S\(index) { plan { at 0 { commit delegate S\(index + 1) } } main Concede30 }\n"
    }
    text += "agent S18 { main Concede30 }\n"
    let directory = try scratch(["Chain.bargain": text])
    #expect(directory.check("Chain.bargain").exitCode == 0)
    // S16 acts at t = 16 and would make the 17th delegation.
    let result = directory.run(["Chain.bargain", "Chain.bargain", "--horizon", "40"], paths: ["Chain.bargain"])
    #expect(result.exitCode == 3)
    #expect(result.stderr.contains("maxDelegationDepth"))
    #expect(
      result.stderr.contains(
        "Chain.bargain:25:27: error: resource limit reached: Chain (row) delegates more than 16 times"))
    let shorter = directory.run(["Chain.bargain", "Chain.bargain", "--horizon", "15"], paths: ["Chain.bargain"])
    #expect(shorter.exitCode == 0, "\(shorter.stderr)")
  }

  /// Successor blocks print back as written (`fmt`, and the canonical source of `them == me`).
  @Test func successorsPrint() throws {
    let result = CLI.run(["bargain", "fmt", "--stdout", protocolPath("Delegator")])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let file = try String(contentsOfFile: protocolPath("Delegator"), encoding: .utf8)
    #expect(result.stdout == file)
  }

  /// In a program body the fact is a constant of the run (rule P10): true here, so Wary asks for
  /// 20 instead of 60.
  @Test func programsReadTheDelegationFact() throws {
    let directory = try scratch([
      "Pass.bargain": "plan { at 0 { commit delegate Q } }\nagent Q { main Demand70 }\nmain Concede30\n",
      "Wary.bargain": """
      grant conditional at 0
      program Wary {
        if they committed delegate { demand 20 outside walk } else { demand 60 outside walk }
      }
      plan { at 0 { commit program Wary } }
      main Wary

      """,
      "Stay.bargain": "plan { at 0 { commit program Demand70 } }\nmain Demand70\n",
    ])
    let delegated = directory.play("Pass.bargain", "Wary.bargain")
    #expect(delegated.exitCode == 0, "\(delegated.stderr)")
    #expect(delegated.stdout.contains("payoffs  row 70, column 20\n"))
    let stayed = directory.play("Stay.bargain", "Wary.bargain")
    #expect(stayed.stdout.contains("payoffs  row 40, column -10\n"))
  }

  /// Without `verify` (withheld by the game) the delegation binds but the other never learns it.
  @Test func anUnverifiableDelegationIsNotReceived() throws {
    let directory = try ScratchDirectory()
    try directory.write(
      "Sealed.bargain",
      Self.standoff.replacingOccurrences(of: "  surplus keep\n", with: "  surplus keep\n  capability verify withheld\n")
    )
    try directory.write(
      "Quiet.bargain",
      """
      import "Sealed.bargain"
      game Standoff
      program Demand70 { demand 70 outside fight }
      program Concede30 { demand 30 outside walk }
      plan { at 0 { commit delegate Q } }
      agent Q { main Demand70 }
      main Concede30

      """)
    try directory.write(
      "Reader.bargain",
      """
      import "Sealed.bargain"
      game Standoff
      program Concede30 { demand 30 outside walk }
      program Fifty { demand 50 outside walk }
      plan { at 3 { if they committed delegate { commit demand <= 30 } } }
      main Fifty

      """)
    let result = directory.play("Quiet.bargain", "Reader.bargain")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      timeline(result.stdout) == [
        "t=0 Quiet commits delegate Q: Q acts from t=1 (unverifiable without the capability verify: it binds but never reaches the other)"
      ])
    #expect(result.stdout.contains("row      Quiet bargains with Demand70 (main program of successor Q:"))
    #expect(result.stdout.contains("payoffs  row 40, column -10\n"))
  }

  /// `check.main-bound` with delegation (rules P8, P15): after an unconditional `commit delegate`
  /// the successor's main bargains, bound by the delegator's unconditional commitments made before
  /// it and the successor's own; the delegator's main never bargains, and its later steps never
  /// run. Before, the warning was about the delegator's main, with the dropped `outside = walk`.
  @Test func checkWarnsAboutTheSuccessorsMain() throws {
    let directory = try scratch([
      "Breaks.bargain": """
      plan {
        at 0 {
          commit demand <= 30
          commit delegate S
        }
        at 1 { commit outside = walk }
      }
      agent S {
        plan { at 0 { commit outside = fight } }
        main Demand70
      }
      main Demand70

      """,
      "Respects.bargain": """
      plan {
        at 0 {
          commit demand <= 30
          commit delegate S
        }
        at 1 { commit outside = fight }
      }
      agent S { main Concede30 }
      main Demand70

      """,
    ])
    let breaks = directory.check("Breaks.bargain")
    #expect(breaks.exitCode == 0)
    #expect(
      breaks.stderr.split(separator: "\n").filter { $0.contains(": warning: ") } == [
        "Breaks.bargain:17:8: warning: main program Demand70 of successor S can output demand 70 outside fight, "
          + "forbidden by `demand <= 30` (unconditional, t=0), `outside = fight` (unconditional, t=1)"
      ], "\(breaks.stderr)")
    let respects = directory.check("Respects.bargain")
    #expect(respects.exitCode == 0)
    #expect(!respects.stderr.contains("warning"), "\(respects.stderr)")
  }

  /// A delegation that may not happen: the successor's main is checked against the commitments
  /// made before the delegation (not `outside = walk`, made after it), and the delegator's main
  /// against all of its own, as it bargains when the delegation does not happen. A chain of
  /// delegations is followed to the main that bargains.
  @Test func checkFollowsConditionalDelegationsAndChains() throws {
    let directory = try scratch([
      "Maybe.bargain": """
      plan {
        at 0 {
          commit demand <= 70
          if they committed delegate { commit delegate S } else { open }
        }
        at 1 { commit outside = walk }
      }
      agent S { main Demand70 }
      main Demand70

      """,
      "Chain.bargain": """
      plan {
        at 0 { commit delegate R }
      }
      agent R {
        plan { at 0 { commit demand <= 30 } at 1 { commit delegate S } }
        main Concede30
      }
      agent S { main Demand70 }
      main Concede30

      """,
    ])
    let maybe = directory.check("Maybe.bargain")
    #expect(
      maybe.stderr.split(separator: "\n").filter { $0.contains(": warning: ") } == [
        "Maybe.bargain:16:6: warning: main program Demand70 can output demand 70 outside fight, "
          + "forbidden by `demand <= 70` (unconditional, t=0), `outside = walk` (unconditional, t=1)"
      ], "\(maybe.stderr)")
    let chain = directory.check("Chain.bargain")
    #expect(
      chain.stderr.split(separator: "\n").filter { $0.contains(": warning: ") } == [
        "Chain.bargain:15:16: warning: main program Demand70 of successor S can output demand 70 outside fight, "
          + "forbidden by `demand <= 30` (unconditional, t=1)"
      ], "\(chain.stderr)")
  }
}
