// Protocol rule P10: situation facts as known constants, in plans and in program bodies.

import BargainCLI
import Foundation
import Testing

@testable import BargainSyntax

@Suite struct SituationTests {

  func directory(_ programs: [String: String]) throws -> String {
    let header = """
      import "Standoff.bargain"
      game Standoff

      """
    var files = [
      "Standoff.bargain": try String(
        contentsOfFile: Repository.path("Programs/bargaining/Standoff.bargain"), encoding: .utf8)
    ]
    for (name, text) in programs { files[name + ".bargain"] = header + text }
    return try temporaryProgramDirectory(files)
  }

  func demands(_ arguments: [String]) throws -> [Int] {
    let result = CLI.run(["bargain"] + arguments + ["--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    return (object["players"] as? [[String: Any]] ?? []).map {
      ($0["output"] as? [String: Any])?["demand"] as? Int ?? -1
    }
  }

  static let reader = """
    grant conditional at 0
    plan { at 0 { commit program Reader } }
    program Reader {
      if they committed unconditionally and provable(they committed demand >= 70 and T is reached) {
        demand 30 outside walk
      } else if they committed first {
        demand 40 outside walk
      } else {
        demand 50 outside walk
      }
    }
    main Reader
    """

  /// Against BobStubborn (Demand70, delivered at t = 1): unconditionally committed, a known
  /// bound, T reached, and constant inside `provable`. Against Floor70 (only `demand >= 70`) and
  /// Menu (a set): not unconditional, but they committed at t = 0, before Reader's commitment
  /// reached them at t = 1.
  @Test func programsReadTheSituation() throws {
    let path = try directory(["Reader": Self.reader]) + "/Reader.bargain"
    #expect(try demands([path, protocolPath("BobStubborn")]) == [30, 70])
    #expect(try demands([path, protocolPath("Floor70")]) == [40, 70])
    #expect(try demands([path, protocolPath("Menu")]) == [40, 30])
    // Played outside the protocol's knowledge of the other (a second copy with a late plan):
    // when the other committed after seeing Reader's commitment, the last branch.
    let late = try directory([
      "Reader": Self.reader,
      "Late": """
      plan { at 2 { commit program Late } }
      program Late { demand 50 outside walk }
      main Late
      """,
    ])
    #expect(try demands([late + "/Reader.bargain", late + "/Late.bargain"]) == [50, 50])
  }

  @Test func plansReadTheNewFacts() throws {
    let path = try directory([
      "Echo": """
      plan {
        at 0 { commit demand >= 40 }
        at 1 { if they received my commitments { commit demand <= 60 } }
        at 2 { if they received my commitments and not they committed first { commit outside = walk } }
      }
      program Echo { demand 50 outside walk }
      main Echo
      """,
      "Quiet": """
      plan { at 0 { close } }
      program Quiet { demand 50 outside walk }
      main Quiet
      """,
    ])
    let open = CLI.run(["bargain", path + "/Echo.bargain", protocolPath("Concede30"), "--json"])
    #expect(open.stdout.contains("commits demand <= 60"))
    // Concede30 has no plan: it commits at t = 0, before Echo's commitment reached it.
    #expect(!open.stdout.contains("commits outside = walk"))
    let closed = CLI.run(["bargain", path + "/Echo.bargain", path + "/Quiet.bargain", "--json"])
    #expect(!closed.stdout.contains("commits demand <= 60"))
  }

  @Test func situationSyntaxErrorsAreLocated() throws {
    let path = try directory([
      "Bad": """
      program Q { if they received my { demand 50 outside walk } else { demand 0 outside walk } }
      """,
      "Default": """
      program P(x: bool = they committed first) { demand 50 outside walk }
      """,
    ])
    let bad = CLI.run(["bargain", "check", path + "/Bad.bargain"])
    #expect(bad.exitCode == ExitCode.programError)
    #expect(bad.stderr.hasPrefix(path + "/Bad.bargain:3:33: error: expected 'commitments', found '{'\n"))
    let inDefault = CLI.run(["bargain", "check", path + "/Default.bargain"])
    #expect(
      inDefault.stderr.hasPrefix(
        path + "/Default.bargain:3:21: error: the default value of 'x' cannot depend on `me` or `them`\n"))
  }

  /// A program that reads the situation depends on the other side: committing to it needs the
  /// `conditional` capability, and its canonical text keeps the fact.
  @Test func readingTheSituationIsConditional() throws {
    let path = try directory([
      "Needy": """
      plan { at 0 { commit program Needy } }
      program Needy { if their channel is open { demand 50 outside walk } else { demand 60 outside walk } }
      main Needy
      """
    ])
    let result = CLI.run(["bargain", path + "/Needy.bargain", protocolPath("Concede30")])
    #expect(
      result.stdout.contains(
        "cannot commit program Needy: a program that inspects `them` needs the capability conditional"))
    let format = CLI.run(["bargain", "fmt", "--stdout", path + "/Needy.bargain"])
    if format.exitCode == 0 { #expect(format.stdout.contains("if their channel is open {")) }
  }
}

@Suite struct SituationSyntaxTests {
  @Test func factsParseAsPrimariesAndPrintBack() throws {
    let expr = try #require(SyntaxFixture.expression("not they committed demand >= 70 and T is reached"))
    #expect(SyntaxFixture.shape(expr) == "(and (not (situation they committed demand >= 70)) (situation T is reached))")
    let mixed = try #require(SyntaxFixture.expression("(they committed first) == x or they received my commitments"))
    #expect(
      SyntaxFixture.shape(mixed)
        == "(or (== (situation they committed first) x) (situation they received my commitments))")
    #expect(
      SyntaxFixture.canonical("program P { if (they committed first) == true { play C } else { play D } }")
        .contains("if (they committed first) == true {"))
    // The words stay ordinary names where no fact starts.
    let names = try #require(SyntaxFixture.expression("they + their + T"))
    #expect(SyntaxFixture.shape(names) == "(+ (+ they their) T)")
  }
}

/// Rule P13: `when` steps wait for their condition, then run once.
@Suite struct WhenStepTests {

  func commits(_ arguments: [String], by agent: String) throws -> [String] {
    let result = CLI.run(["bargain"] + arguments + ["--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    return (object["timeline"] as? [[String: Any]] ?? []).compactMap { event in
      guard event["agent"] as? String == agent, event["event"] as? String == "commit" else { return nil }
      return "t=\(event["t"] as? Int ?? -1) \(event["detail"] as? String ?? "?")"
    }
  }

  @Test func patientCommitsWhenTheProgramArrives() throws {
    #expect(
      try commits([protocolPath("Patient"), protocolPath("BobStubborn")], by: "Patient")
        == ["t=1 commits program Concede30"])
    #expect(
      try commits([protocolPath("Patient"), protocolPath("LateBloomer")], by: "Patient")
        == ["t=6 commits program LobianFair"])
    #expect(try commits([protocolPath("Patient"), protocolPath("Menu")], by: "Patient") == [])
  }

  @Test func aWhenStepRunsOnceAfterTheAtSteps() throws {
    let directory = try temporaryProgramDirectory([
      "Standoff.bargain": try String(
        contentsOfFile: Repository.path("Programs/bargaining/Standoff.bargain"), encoding: .utf8),
      "Once.bargain": """
      import "Standoff.bargain"
      game Standoff
      plan {
        when their channel is open { commit demand >= 10 }
        at 0 { commit demand <= 90 }
        when true { commit outside = walk }
      }
      program Once { demand 50 outside walk }
      main Once
      """,
    ])
    #expect(
      try commits([directory + "/Once.bargain", protocolPath("Concede30")], by: "Once")
        == ["t=0 commits demand <= 90", "t=0 commits demand >= 10", "t=0 commits outside = walk"])
  }

  @Test func whenStepsParsePrintAndReportErrors() throws {
    #expect(
      SyntaxFixture.canonical("plan { when they committed program and not T is reached { close } }")
        .contains("  when they committed program and not T is reached {\n"))
    #expect(
      SyntaxFixture.errors("plan { when { close } }") == [
        "1:13 parse.expected-token: expected a condition ('they committed ...', 'their channel is open', "
          + "'true', 'false', 'not' or '('), found '{'"
      ])
  }
}

/// Rule P2: an agent file's own `lag`.
@Suite struct AgentLagTests {

  @Test func aFilesLagDelaysItsCommitmentsWhateverTheDefault() {
    for options in [[], ["--lag", "2"]] {
      let result = CLI.run(["bargain", protocolPath("AliceOpen"), protocolPath("SlowStubborn")] + options)
      #expect(result.exitCode == 0)
      let lag = options.isEmpty ? "1" : "2"
      #expect(result.stdout.hasPrefix("timeline horizon 10, lag \(lag) (AliceOpen \(lag), SlowStubborn 4)\n"))
      #expect(result.stdout.contains("  t=4   AliceOpen     learns SlowStubborn committed program Demand70 (at t=0)\n"))
      #expect(result.stdout.contains("  t=3   AliceOpen     commits program LobianFair\n"))
    }
    // With the default lag BobStubborn's threat arrives at t = 1 and she concedes.
    let quick = CLI.run(["bargain", protocolPath("AliceOpen"), protocolPath("BobStubborn")])
    #expect(quick.stdout.hasPrefix("timeline horizon 10, lag 1\n"))
    #expect(quick.stdout.contains("commits program Concede30\n"))
  }

  @Test func lagDeclarationsAreChecked() throws {
    let standoff = try String(
      contentsOfFile: Repository.path("Programs/bargaining/Standoff.bargain"), encoding: .utf8)
    let body = "\nprogram P { demand 50 outside walk }\nplan { at 0 { commit program P } }\nmain P\n"
    let directory = try temporaryProgramDirectory([
      "Standoff.bargain": standoff,
      "Zero.bargain": "import \"Standoff.bargain\"\ngame Standoff\nlag 0" + body,
      "Huge.bargain": "import \"Standoff.bargain\"\ngame Standoff\nlag 20000" + body,
      "Twice.bargain": "import \"Standoff.bargain\"\ngame Standoff\nlag 2\nlag 3" + body,
    ])
    let zero = CLI.run(["bargain", "check", directory + "/Zero.bargain"])
    #expect(zero.exitCode == ExitCode.programError)
    #expect(
      zero.stderr.hasPrefix(
        directory
          + "/Zero.bargain:3:5: error: a lag is at least 1 (moves within a step are simultaneous), found 0\n"))
    let huge = CLI.run(["bargain", "check", directory + "/Huge.bargain"])
    #expect(huge.exitCode == ExitCode.limit)
    #expect(huge.stderr.hasPrefix(directory + "/Huge.bargain:3:5: error: "))
    let twice = CLI.run(["bargain", "check", directory + "/Twice.bargain"])
    #expect(
      twice.stderr.hasPrefix(directory + "/Twice.bargain:4:1: error: an agent has one lag; found a second `lag`\n"))
  }
}

/// Rule P14: demand bounds computed from what was received.
@Suite struct ComputedBoundTests {

  @Test func theBoundReadsWhatWasReceivedWhenTheActionRuns() {
    let expected = [("Floor70", "30"), ("BobMeek", "100"), ("Menu", "70"), ("BobStubborn", "30")]
    for (other, cap) in expected {
      let result = CLI.run(["bargain", protocolPath("Accommodator"), protocolPath(other)])
      #expect(result.exitCode == 0)
      #expect(
        result.stdout.contains("  t=2   Accommodator  commits demand <= \(cap) (100 - their floor)\n"), "\(other)")
    }
    // Before anything arrives the floor is the game's least demand: committing at t = 0 caps at 100.
    let early = CLI.run(["bargain", protocolPath("Accommodator"), protocolPath("Floor70"), "--lag", "3"])
    #expect(early.stdout.contains("commits demand <= 100 (100 - their floor)\n"))
  }

  @Test func boundsParsePrintAndStayBounded() {
    #expect(
      SyntaxFixture.canonical("plan { at 0 { commit demand >= 100 - (their cap - 10) + 5 } }")
        .contains("commit demand >= 100 - (their cap - 10) + 5\n"))
    #expect(
      SyntaxFixture.errors("plan { at 0 { commit demand >= their top } }") == [
        "1:38 parse.expected-token: expected 'floor' or 'cap', found 'top'"
      ])
    let long = "plan { at 0 { commit demand >= 1" + String(repeating: " + 1", count: 100) + " } }"
    #expect(SyntaxFixture.errors(long).first?.contains("parse.too-many-bound-terms") == true)
    let fits = "plan { at 0 { commit demand >= 1" + String(repeating: " + 1", count: 99) + " } }"
    #expect(SyntaxFixture.errors(fits) == [])
  }
}
