// Command-line conventions: `-` for standard input, `--option=value`, `COMMAND --help`, and usage
// errors of one line plus a hint.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainSyntax

@Suite struct ConventionsTests {
  static let fairBot = Repository.path("Programs/prisoners-dilemma/FairBot.bargain")
  static let defectBot = Repository.path("Programs/prisoners-dilemma/DefectBot.bargain")

  static func input(_ text: String) -> [UInt8] { Array(text.utf8) }

  @Test func checkReadsStandardInput() {
    let good = CLI.run(
      ["bargain", "check", "-"], standardInput: Self.input("game PrisonersDilemma\nprogram P { play C }\n"))
    #expect(good == CommandResult(stdout: "<stdin>: ok\n", stderr: "", exitCode: ExitCode.success))
    let bad = CLI.run(
      ["bargain", "check", "-"], standardInput: Self.input("game PrisonersDilemma\nprogram P { play E }\n"))
    #expect(bad.exitCode == ExitCode.programError)
    #expect(bad.stderr.hasPrefix("<stdin>:2:18: error: unknown name 'E'"))
    #expect(bad.stderr.contains(" 2 | program P { play E }\n"))
  }

  @Test func playReadsAnAgentFromStandardInput() throws {
    let fromFile = CLI.run(["bargain", Self.fairBot, Self.fairBot, "--json"])
    let text = try String(contentsOfFile: Self.fairBot, encoding: .utf8)
    let fromInput = CLI.run(["bargain", "-", Self.fairBot, "--json"], standardInput: Self.input(text))
    #expect(fromFile.exitCode == ExitCode.success)
    #expect(fromInput.exitCode == ExitCode.success)
    let players = try #require(try jsonObject(fromInput.stdout)["players"] as? [[String: Any]])
    #expect(players.map { $0["file"] as? String } == ["<stdin>", Self.fairBot])
    #expect(players.map { ($0["output"] as? [String: Any])?["action"] as? String } == ["C", "C"])
    let selected = CLI.run(
      ["bargain", "-:Picky(2)", Self.defectBot, "--json"],
      standardInput: Self.input(
        "game PrisonersDilemma\nprogram Picky(k: int) { if k > 1 { play D } else { play C } }\n"))
    let agents = try #require(try jsonObject(selected.stdout)["players"] as? [[String: Any]])
    #expect(agents.map { $0["agent"] as? String } == ["Picky(2)", "DefectBot"])
  }

  @Test func proveReadsStandardInput() throws {
    let text = try String(contentsOfFile: Self.fairBot, encoding: .utf8)
    let result = CLI.run(["bargain", "prove", "-", "FairBot(FairBot) == C"], standardInput: Self.input(text))
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stdout.contains("result     proved: "))
  }

  @Test func standardInputIsBoundedLikeAFile() {
    let huge = [UInt8](repeating: UInt8(ascii: " "), count: SyntaxLimits.maxSourceBytes + 1)
    let result = CLI.run(["bargain", "check", "-"], standardInput: huge)
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stderr.hasPrefix("bargain: error: '<stdin>' has \(SyntaxLimits.maxSourceBytes + 1) bytes"))
    let latin1 = CLI.run(["bargain", "check", "-"], standardInput: [0x67, 0xE9, 0x0A])
    #expect(latin1.exitCode == ExitCode.programError)
    #expect(latin1.stderr.hasPrefix("<stdin>:1:2: error: '<stdin>' is not UTF-8 text: byte 0xE9"))
  }

  @Test func optionsTakeTheirValueAfterAnEqualsSign() {
    let spaced = CLI.run([
      "bargain", Self.fairBot, Self.defectBot, "--horizon", "3", "--time-limit", "60", "--timeline",
    ])
    let joined = CLI.run(["bargain", Self.fairBot, Self.defectBot, "--horizon=3", "--time-limit=60", "--timeline"])
    #expect(spaced.exitCode == ExitCode.success)
    #expect(joined == spaced)
    #expect(joined.stdout.contains("horizon 3"))
    let budget = CLI.run(["bargain", "prove", Self.fairBot, "FairBot(FairBot) == C", "--budget=1"])
    #expect(budget.stdout.contains("result     no proof within 1 steps\n"))
    // Flags without a value keep their spelling: `--json=yes` is not `--json`.
    #expect(
      CLI.run(["bargain", Self.fairBot, Self.defectBot, "--json=yes"])
        == CommandResult(
          stdout: "", stderr: "bargain: error: unknown option '--json=yes'\nrun 'bargain play --help' for usage\n",
          exitCode: ExitCode.usage))
    #expect(CLI.run(["bargain", "check", "--time-limit=0", Self.fairBot]).exitCode == ExitCode.usage)
  }

  @Test(arguments: ["play", "check", "prove", "threshold", "bench", "fmt", "lsp"])
  func eachCommandHasItsOwnHelp(_ command: String) throws {
    let help = try #require(CLI.commandHelp(command))
    #expect(CLI.run(["bargain", command, "--help"]) == CommandResult(stdout: help, stderr: "", exitCode: 0))
    #expect(CLI.run(["bargain", command, "-h"]).stdout == help)
    #expect(CLI.run(["bargain", "help", command]).stdout == help)
    #expect(help.hasPrefix("usage: bargain "))
    #expect(help.contains("--time-limit S"))
    #expect(help != CLI.usage)
  }

  @Test func helpTextsNameTheCommandsOptions() throws {
    #expect(try #require(CLI.commandHelp("prove")).contains("--budget N"))
    #expect(try #require(CLI.commandHelp("threshold")).contains("--from A, --to B"))
    #expect(try #require(CLI.commandHelp("fmt")).contains("--check"))
    #expect(try #require(CLI.commandHelp("play")).contains("--horizon H"))
    #expect(CLI.commandHelp("nosuch") == nil)
    #expect(CLI.run(["bargain", "--help"]).stdout == CLI.usage)
    #expect(CLI.run(["bargain", Self.fairBot, "--help"]).stdout == CLI.usage)
  }

  /// The keys of the README table that follows the line starting with `heading`.
  static func documentedKeys(after heading: String) throws -> Set<String> {
    let readme = try String(contentsOfFile: Repository.path("README.md"), encoding: .utf8)
    let lines = readme.components(separatedBy: "\n")
    let start = try #require(lines.firstIndex { $0.hasPrefix(heading) })
    var keys: Set<String> = []
    for line in lines[(start + 1)...].drop(while: { !$0.hasPrefix("|") }).prefix(while: { $0.hasPrefix("|") }) {
      let cell = line.split(separator: "|").first.map(String.init) ?? ""
      for match in cell.matches(of: try Regex("`([A-Za-z]+)`")) {
        if let key = match.output[1].substring { keys.insert(String(key)) }
      }
    }
    return keys
  }

  @Test func proveAndThresholdJSONAreDocumentedUnderOneSchemaVersion() throws {
    let bounded = Repository.path("Programs/bounded/BoundedFairBot.bargain")
    let prove = try jsonObject(CLI.run(["bargain", "prove", Self.fairBot, "FairBot(FairBot) == C", "--json"]).stdout)
    #expect(Set(prove.keys) == (try Self.documentedKeys(after: "`prove --json` prints one object")))
    #expect(prove["schemaVersion"] as? Int == JSON.schemaVersion)
    let noProof = try jsonObject(
      CLI.run(["bargain", "prove", Self.fairBot, "FairBot(FairBot) == C", "--json", "--budget=1"]).stdout)
    #expect(noProof["proof"] == nil && noProof["proved"] as? Bool == false)
    let threshold = try jsonObject(CLI.run(["bargain", "threshold", bounded, "--to=10", "--json"]).stdout)
    #expect(Set(threshold.keys) == (try Self.documentedKeys(after: "`threshold --json` prints one object")))
    #expect(threshold["schemaVersion"] as? Int == JSON.schemaVersion)
    #expect(threshold["threshold"] as? Int == 6)
  }

  @Test func usageErrorsAreOneLineAndAHint() {
    let cases: [([String], String)] = [
      (["bargain"], "bargain: error: missing agents\nrun 'bargain --help' for usage\n"),
      (["bargain", "prove", "x.bargain"], "run 'bargain prove --help' for usage\n"),
      (["bargain", "threshold", "--from", "x"], "run 'bargain threshold --help' for usage\n"),
      (
        ["bargain", "bench", "--slow"],
        "bargain: error: unknown bench option '--slow'\nrun 'bargain bench --help' for usage\n"
      ),
      (["bargain", "lsp", "--stdio-please"], "run 'bargain lsp --help' for usage\n"),
    ]
    for (arguments, ending) in cases {
      let result = CLI.run(arguments)
      #expect(result.exitCode == ExitCode.usage, "\(arguments)")
      #expect(result.stderr.hasSuffix(ending), "\(arguments): \(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 2, "\(arguments): \(result.stderr)")
    }
  }
}
