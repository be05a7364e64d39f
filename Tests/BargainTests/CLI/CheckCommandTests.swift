// `bargain check`: warnings it decides statically (rule 6b), names from files not imported directly
// and kind-aware suggestions (rule 6a), directories, `--json`, `--quiet`, repeated warnings.

import Foundation
import Testing

@testable import BargainCLI

@Suite struct CheckCommandTests {
  static let games = """
    game Split {
      resource 10
      demands 0..10 step 2
      outside walk
      default outside walk
      disagreement (walk, walk) = (0, 0)
    }
    """

  func scratch() throws -> ScratchDirectory {
    let scratch = try ScratchDirectory()
    try scratch.write("lib/Games.bargain", Self.games)
    try scratch.write("lib/Mid.bargain", "import \"Games.bargain\"\ngame Split\nprogram Helper { demand 4 }\n")
    try scratch.write(
      "Agent.bargain",
      """
      import "lib/Mid.bargain"
      import "lib/Games.bargain"
      game Split
      program Agent { if provable(me(them).demand == 4) { demand 5 } else { demand Used(them).demand } }
      program Used { if provable(me(them).demand == 4) { demand 4 } else { demand 6 } }
      program Mirror { play me(them) }

      """)
    return scratch
  }

  func lines(_ text: String) -> [String] {
    text.split(separator: "\n").filter { $0.contains(": warning: ") || $0.contains(": error: ") }.map(String.init)
  }

  @Test func warningsDecidedStatically() throws {
    let scratch = try scratch()
    let result = scratch.check("Agent.bargain")
    #expect(result.exitCode == 0)
    #expect(result.stdout == "Agent.bargain: ok\n")
    #expect(
      lines(result.stderr) == [
        "Agent.bargain:4:60: warning: demand 5 is not one of Split's demands (0, 2, 4, 6, 8, 10); a run that reaches it fails",
        "Agent.bargain:6:23: warning: `me(them)` outside `provable` is this program's own move in the current matchup: a run that reaches it depends on itself",
        "Agent.bargain:6:9: warning: program 'Mirror' is never used: the file's agent is 'Agent', and no program of this file names it",
        "Agent.bargain:1:1: warning: nothing from lib/Mid.bargain is used",
      ])
    // A match does not report them; its own run decides what is reached.
    let match = scratch.play("Agent.bargain:Used", "Agent.bargain:Used")
    #expect(match.exitCode == 0, "\(match.stderr)")
    #expect(!match.stderr.contains("warning"))
    #expect(scratch.run(["check", "Agent.bargain", "--quiet"], paths: ["Agent.bargain"]).stderr == "")
  }

  @Test func theProgramsDirectoryHasNoNewWarnings() {
    let result = CLI.run(["bargain", "check", Repository.path("Programs")])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(result.stdout.hasSuffix(" files: ok\n"))
    // The plan analysis' warnings: FloorFirst's rejected commitment and Waiter's bound main program.
    #expect(lines(result.stderr).count == 2, "\(result.stderr)")
    #expect(result.stderr.contains("FloorFirst.bargain:18:5: warning:"))
    #expect(result.stderr.contains("Waiter.bargain:16:6: warning:"))
  }

  @Test func quietHidesAMatchsWarnings() {
    let floor = Repository.path("Programs/protocol/FloorFirst.bargain")
    let bob = Repository.path("Programs/protocol/BobStubborn.bargain")
    let loud = CLI.run(["bargain", floor, bob])
    #expect(loud.exitCode == 0)
    #expect(loud.stderr.contains(": warning: "))
    let quiet = CLI.run(["bargain", floor, bob, "--quiet"])
    #expect(quiet.stderr == "")
    #expect(quiet.stdout == loud.stdout)
  }

  @Test func aRepeatedWarningIsShownOnceWithItsCount() throws {
    let scratch = try scratch()
    try scratch.write(
      "Many.bargain",
      "import \"lib/Games.bargain\"\ngame Split\n"
        + "program Many { if them == me { demand 3 } else if true { demand 3 } else { demand 3 } }\n")
    let result = scratch.check("Many.bargain")
    #expect(lines(result.stderr).count == 1)
    #expect(result.stderr.contains("bargain: note: this warning is repeated 2 more times (not shown)\n"))
  }

  @Test func namesDeclaredInFilesNotImportedDirectly() throws {
    let scratch = try scratch()
    try scratch.write("Far.bargain", "import \"lib/Mid.bargain\"\ngame Split\nprogram Far { demand 4 }\n")
    let game = scratch.check("Far.bargain")
    #expect(game.exitCode == 1)
    #expect(
      game.stderr.contains(
        "  = help: 'Split' is declared in lib/Games.bargain, which this file does not import directly; "
          + "imports are not transitive: add `import \"lib/Games.bargain\"`\n"), "\(game.stderr)")
    try scratch.write(
      "Near.bargain",
      "import \"lib/Games.bargain\"\nimport \"Agent.bargain\"\ngame Split\nprogram Near { play Helper(them) }\n")
    let name = scratch.check("Near.bargain")
    #expect(
      name.stderr.contains(
        "  = help: 'Helper' is declared in lib/Mid.bargain, which this file does not import directly; "
          + "imports are not transitive: add `import \"lib/Mid.bargain\"`\n"), "\(name.stderr)")
  }

  @Test(arguments: [
    ("play Cooperate", "CooperateBot"), ("play Coop", "CooperateBot"), ("play Fair(them)", "FairBot"),
    ("play Defect(them)", "DefectBot"), ("play CC", "C"),
  ])
  func suggestionsPreferTheRightKind(body: String, suggestion: String) throws {
    let scratch = try ScratchDirectory()
    try scratch.write("p.bargain", "game PrisonersDilemma\nprogram P { \(body) }\n")
    #expect(scratch.check("p.bargain").stderr.contains("  = help: did you mean '\(suggestion)'?\n"))
  }

  @Test func directoriesAreCheckedSortedAndAsJSON() throws {
    let scratch = try scratch()
    try scratch.write("sub/b.bargain", "game PrisonersDilemma\nprogram b { play C }\n")
    try scratch.write("sub/a.bargain", "game PrisonersDilemma\nprogram a { play X }\n")
    try scratch.write("sub/notes.txt", "not a program")
    let result = scratch.run(["check", "sub", "--json"], paths: ["sub"])
    #expect(result.exitCode == 1)
    let object = try jsonObject(result.stdout)
    #expect(object["schemaVersion"] as? Int == 3)
    #expect(object["files"] as? [String] == ["sub/a.bargain", "sub/b.bargain"])
    #expect(object["errors"] as? Int == 1)
    #expect(object["warnings"] as? Int == 0)
    let diagnostic = try #require((object["diagnostics"] as? [[String: Any]])?.first)
    #expect(diagnostic["id"] as? String == "check.unknown-name")
    #expect(diagnostic["severity"] as? String == "error")
    #expect(diagnostic["file"] as? String == "sub/a.bargain")
    #expect([diagnostic["line"], diagnostic["column"], diagnostic["endColumn"]].map { $0 as? Int } == [2, 18, 19])
    #expect(diagnostic["help"] as? String == "did you mean 'C'?")
    let warnings = try jsonObject(scratch.run(["check", "Agent.bargain", "--json"], paths: ["Agent.bargain"]).stdout)
    #expect(warnings["warnings"] as? Int == 4)
    #expect(warnings["errors"] as? Int == 0)
    let everything = scratch.run(["check", "."], paths: ["."])
    #expect(everything.stdout == "", "\(everything.stdout)")
  }

  /// `maxSuggestions`: only the first 100 unknown names get a "did you mean".
  @Test func suggestionsAreBounded() throws {
    let scratch = try ScratchDirectory()
    var text = "game PrisonersDilemma\n"
    for index in 0..<120 {
      text += "program Alpha\(index) { play C }\nprogram Q\(index) { play Alphb\(index)(them) }\n"
    }
    try scratch.write("many.bargain", text)
    let result = scratch.run(["check", "many.bargain", "--json"], paths: ["many.bargain"])
    let diagnostics = try #require(try jsonObject(result.stdout)["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 120)
    let helped = diagnostics.filter { ($0["help"] as? String)?.hasPrefix("did you mean") == true }
    #expect(helped.count == 100)
    #expect(diagnostics[99]["help"] as? String == "did you mean 'Alpha99'?")
    #expect(diagnostics[100]["help"] == nil)
  }

  @Test func theListingOfADirectoryIsBounded() throws {
    let scratch = try scratch()
    for index in 0..<4 {
      try scratch.write("many/p\(index).bargain", "game PrisonersDilemma\nprogram p\(index) { play C }\n")
    }
    let context = CLI.RunContext(policy: LoadPolicy(), phases: PhaseRecorder())
    let result = CheckCommand.run([scratch.prefix + "many"], context, maxFiles: 3)
    #expect(result.exitCode == 3)
    #expect(result.stderr.contains("holds more than 3 program files (maxCheckedFiles)"))
    #expect(CheckCommand.run([scratch.prefix + "many"], context, maxFiles: 4).exitCode == 0)
    #expect(CheckCommand.maxCheckedFiles == 256)
  }
}
