// Protocol rule P6: at bargaining time a program sees what its agent received. Exact outcomes of
// the knowledge examples, the quantification over every program the agent cannot rule out, and
// the located errors for what an agent cannot do with a program it does not know.

import BargainCLI
import Foundation
import Testing

@Suite struct KnowledgeTests {
  var lobianFair: String { Repository.path("Programs/bargaining/LobianFair.bargain") }

  func them(_ object: [String: Any]) -> [String?] {
    (object["players"] as? [[String: Any]] ?? []).map { $0["them"] as? String }
  }

  func directory(_ programs: [String: String]) throws -> String {
    let header = """
      import "Standoff.bargain"
      game Standoff
      grant conditional at 0

      """
    var files = [
      "Standoff.bargain": try String(
        contentsOfFile: Repository.path("Programs/bargaining/Standoff.bargain"), encoding: .utf8)
    ]
    for (name, text) in programs { files[name + ".bargain"] = header + text }
    return try temporaryProgramDirectory(files)
  }

  /// An agent that never opens its channel knows nothing: it cannot prove anything about the
  /// other's demand, so its LobianFair demands 100. Before rule P6 it read the other's source.
  @Test func anAgentThatNeverOpensItsChannelKnowsNothing() throws {
    let stubborn = try playJSON([protocolPath("Hermit"), protocolPath("BobStubborn")])
    #expect(stubborn["T"] is NSNull)
    #expect(them(stubborn) == ["an unknown program (received: nothing)", nil])
    #expect(demandOutcome(stubborn) == ["100 fight", "70 fight", "(-30, -30)"])
    // Against AliceClosed, who committed to LobianFair too: with the other's source both
    // LobianFairs agreed by Löb's theorem (50, 50). Now the hermit cannot see Alice, and Alice,
    // who knows the hermit's program, reasons about what it will really do against her.
    let alice = try playJSON([protocolPath("Hermit"), protocolPath("AliceClosed")])
    #expect(them(alice) == ["an unknown program (received: nothing)", nil])
    #expect(demandOutcome(alice) == ["100 fight", "100 fight", "(-30, -30)"])
    #expect((alice["players"] as? [[String: Any]] ?? []).map { $0["level"] as? Int } == [1, 1])
  }

  @Test func anAgentThatLearnsOnlyADemandBound() throws {
    let yielder = try playJSON([protocolPath("Yielder"), protocolPath("Floor70")])
    #expect(them(yielder) == ["an unknown program (received: demand >= 70)", nil])
    #expect(demandOutcome(yielder) == ["30 walk", "70 fight", "(30, 70)"])
    let fair = try playJSON([protocolPath("Floor70"), lobianFair])
    #expect(demandOutcome(fair) == ["70 fight", "100 fight", "(-30, -30)"])
  }

  /// With `program in {Demand70, Concede30}` a statement is provable only if it holds for both.
  @Test func anAgentThatLearnsAProgramSet() throws {
    let yielder = try playJSON([protocolPath("Yielder"), protocolPath("Menu")])
    #expect(them(yielder) == ["an unknown program (received: program in {Demand70, Concede30})", nil])
    #expect(demandOutcome(yielder) == ["50 walk", "30 walk", "(50, 30)"])
    // LobianFair would agree with Concede30 if it read its source; Demand70 is on the menu too.
    let fair = try playJSON([protocolPath("Menu"), lobianFair])
    #expect(demandOutcome(fair) == ["30 walk", "100 fight", "(-10, 40)"])
  }

  /// The unknown program may treat each opponent differently: its runs against two opponents
  /// are independent, so "it demands the same against A as against me" is not provable, while a
  /// statement true for every combination is.
  @Test func statementsHoldForEveryCombinationOfTheUnknownRuns() throws {
    let path = try directory([
      "Disc": """
      plan { at 0 { close commit program Disc } }
      program A { demand 10 outside walk }
      program Disc {
        if provable(them(A).demand == them(me).demand) { demand 50 outside walk } else { demand 0 outside walk }
      }
      main Disc
      """,
      "Both": """
      plan { at 0 { close commit program Both } }
      program A { demand 10 outside walk }
      program Both {
        if provable(them(A).demand >= 0 and them(me).demand <= 100) { demand 50 outside walk }
        else { demand 0 outside walk }
      }
      main Both
      """,
    ])
    #expect(demandOutcome(try playJSON([path + "/Disc.bargain", protocolPath("BobStubborn")])).first == "0 walk")
    #expect(demandOutcome(try playJSON([path + "/Both.bargain", protocolPath("BobStubborn")])).first == "50 walk")
  }

  @Test func usingAnUnknownProgramOutsideProvableIsALocatedError() throws {
    let path = try directory([
      "Blind": """
      plan { at 0 { close commit program Blind } }
      program Blind { demand 100 - them(me).demand outside walk }
      main Blind
      """,
      "Seeing": """
      plan { at 0 { commit program Seeing } }
      program Seeing { demand 100 - them(me).demand outside walk }
      main Seeing
      """,
      "Cmp": """
      plan { at 0 { close commit program Cmp } }
      program Cmp { if them == Cmp { demand 50 outside walk } else { demand 0 outside walk } }
      main Cmp
      """,
    ])
    let blind = CLI.run(["bargain", path + "/Blind.bargain", protocolPath("BobStubborn")])
    #expect(blind.exitCode == ExitCode.programError)
    #expect(
      blind.stderr.hasPrefix(
        path + "/Blind.bargain:5:30: error: playing `them` outside `provable` needs the other side's program, "
          + "but this agent knows only an unknown program (received: nothing)\n"))
    let compare = CLI.run(["bargain", path + "/Cmp.bargain", protocolPath("BobStubborn")])
    #expect(compare.exitCode == ExitCode.programError)
    #expect(
      compare.stderr.hasPrefix(
        path + "/Cmp.bargain:5:18: error: comparing `them`'s source needs the other side's program"))
    // With the program delivered (T = 1), the same body runs: LobianFair demands 50 or 100, so
    // it proves the other demands at most 50, and both ask for 50.
    let known = try playJSON([path + "/Seeing.bargain", lobianFair])
    #expect(known["T"] as? Int == 1)
    #expect(demandOutcome(known) == ["50 walk", "50 walk", "(50, 50)"])
  }

  @Test func tooManyUnknownRunsInOneStatementIsALimit() throws {
    let path = try directory([
      "Many": """
      plan { at 0 { close commit program Many } }
      program A { demand 10 outside walk }
      program B { demand 20 outside walk }
      program C { demand 30 outside walk }
      program Many {
        if provable(them(A).demand >= 0 and them(B).demand >= 0 and them(C).demand >= 0) { demand 50 outside walk }
        else { demand 0 outside walk }
      }
      main Many
      """
    ])
    let result = CLI.run(["bargain", path + "/Many.bargain", protocolPath("BobStubborn")])
    #expect(result.exitCode == ExitCode.limit)
    #expect(
      result.stderr.contains(
        "error: resource limit reached: a statement about the unknown program has too many combinations of "
          + "results to check (maxKnowledgeCases = 1000000)"))
  }

  /// The bound counts the statement's size too: 20³ combinations of a statement of thousands of
  /// nodes took 40 s in a release build when only combinations were counted.
  @Test func largeStatementsTimesManyCombinationsAreALimit() throws {
    let path = try directory([
      "Edge": """
      plan { at 0 { commit program Edge } }
      program A { demand 10 outside walk }
      program B { demand 20 outside walk }
      program C { demand 30 outside walk }
      program Edge {
        if provable(them(A).demand >= 0 and them(B).demand >= 0 and them(C).demand >= 0) { demand 50 outside walk }
        else { demand 0 outside walk }
      }
      main Edge
      """,
      "Floor": """
      plan { at 0 { commit demand >= 10 } }
      program Floor { demand 50 outside fight }
      main Floor
      """,
    ])
    let result = CLI.run(["bargain", path + "/Edge.bargain", path + "/Floor.bargain"])
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stderr.contains("(maxKnowledgeCases = 1000000)"))
  }

  /// Once the single program is delivered, `them` is that program, as before rule P6.
  @Test func aDeliveredProgramIsKnownExactly() throws {
    let object = try playJSON([protocolPath("AliceClosed"), protocolPath("BobBully")])
    #expect(them(object) == [nil, nil])
    #expect(demandOutcome(object) == ["50 walk", "50 walk", "(50, 50)"])
  }
}
