// End-to-end goldens: each `Goldens/*.txtar` is one command run through `CLI.run`, with its input
// files, its arguments and its exact expected exit code, stdout and stderr (STYLE habit 11).
//
// Format (txtar, as in cue-lang/cue's testdata/script):
//
//   # one-line description
//   args: check play.bargain          (split at spaces; '...' quotes an argument with spaces)
//   exit: 1
//   -- play.bargain --                (any number of input files, subdirectories allowed)
//   ...
//   -- stdout --
//   ...
//   -- stderr --
//   ...
//
// Each case runs in a fresh temporary directory. Every argument except options (`-...`) and a
// leading subcommand word is a path and is prefixed with that directory; the prefix is removed
// from the output again, so goldens read `play.bargain:3:5: error: ...`.
//
// Set BARGAIN_UPDATE_GOLDENS=1 to rewrite the exit/stdout/stderr sections from the actual
// output. The run still fails, so an update never passes silently: read the diff, then rerun.

import Foundation
import Testing

@testable import BargainCLI

/// The golden directory, found from this file's path so the tests run from any working directory.
private let goldenDirectory: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .appendingPathComponent("Goldens")

/// Every golden's file name without `.txtar`, sorted so the test list is stable.
func allGoldenNames() -> [String] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: goldenDirectory.path)) ?? []
  return names.filter { $0.hasSuffix(".txtar") }.map { String($0.dropLast(".txtar".count)) }.sorted()
}

/// One parsed golden file.
struct Golden: Equatable {
  /// Header lines before `args:` (the `#` description), kept verbatim on update.
  var comments: [String] = []
  var arguments: [String] = []
  /// The `args:` line as written (kept verbatim on update).
  var argumentLine = ""
  var exitCode: Int32 = 0
  /// Input files in order of appearance.
  var files: [(name: String, text: String)] = []
  var stdout = ""
  var stderr = ""

  static func == (lhs: Golden, rhs: Golden) -> Bool {
    lhs.comments == rhs.comments && lhs.arguments == rhs.arguments && lhs.exitCode == rhs.exitCode
      && lhs.files.map(\.name) == rhs.files.map(\.name) && lhs.files.map(\.text) == rhs.files.map(\.text)
      && lhs.stdout == rhs.stdout && lhs.stderr == rhs.stderr
  }

  enum FormatError: Error, CustomStringConvertible {
    case missingHeader(String)
    case badExitCode(String)
    case duplicateSection(String)
    case badQuoting(String)

    var description: String {
      switch self {
      case .missingHeader(let what): return "the header has no `\(what):` line"
      case .badExitCode(let text): return "`exit:` must be an integer, found '\(text)'"
      case .duplicateSection(let name): return "section '\(name)' appears twice"
      case .badQuoting(let line): return "unterminated quote in `args: \(line)`"
      }
    }
  }

  /// `-- name --` on a line of its own starts a section.
  static func sectionName(_ line: Substring) -> String? {
    guard line.hasPrefix("-- "), line.hasSuffix(" --"), line.count > 6 else { return nil }
    return String(line.dropFirst(3).dropLast(3))
  }

  static func parse(_ text: String) throws -> Golden {
    var golden = Golden()
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    if lines.last == "" { lines.removeLast() }
    var index = 0
    var sawArguments = false
    var sawExit = false
    while index < lines.count, sectionName(lines[index]) == nil {
      let line = lines[index]
      if line.hasPrefix("args:") {
        golden.argumentLine = String(line.dropFirst("args:".count)).trimmingCharacters(in: .whitespaces)
        golden.arguments = try splitArguments(golden.argumentLine)
        sawArguments = true
      } else if line.hasPrefix("exit:") {
        let value = line.dropFirst("exit:".count).trimmingCharacters(in: .whitespaces)
        guard let code = Int32(value) else { throw FormatError.badExitCode(value) }
        golden.exitCode = code
        sawExit = true
      } else {
        golden.comments.append(String(line))
      }
      index += 1
    }
    guard sawArguments else { throw FormatError.missingHeader("args") }
    guard sawExit else { throw FormatError.missingHeader("exit") }
    var seen: Set<String> = []
    while index < lines.count, let name = sectionName(lines[index]) {
      guard seen.insert(name).inserted else { throw FormatError.duplicateSection(name) }
      index += 1
      var body = ""
      while index < lines.count, sectionName(lines[index]) == nil {
        body += lines[index] + "\n"
        index += 1
      }
      switch name {
      case "stdout": golden.stdout = body
      case "stderr": golden.stderr = body
      default: golden.files.append((name, body))
      }
    }
    return golden
  }

  /// Splits at spaces; single quotes group an argument that contains spaces.
  static func splitArguments(_ line: String) throws -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    var started = false
    for character in line {
      if character == "'" {
        quoted.toggle()
        started = true
      } else if character == " " && !quoted {
        if started { result.append(current) }
        current = ""
        started = false
      } else {
        current.append(character)
        started = true
      }
    }
    guard !quoted else { throw FormatError.badQuoting(line) }
    if started { result.append(current) }
    return result
  }

  /// The file text with the given actual results in place of the expected ones.
  func rendered(exitCode: Int32, stdout: String, stderr: String) -> String {
    var out = comments.map { $0 + "\n" }.joined()
    out += "args:" + (argumentLine.isEmpty ? "" : " " + argumentLine) + "\n"
    out += "exit: \(exitCode)\n"
    for (name, text) in files { out += "-- \(name) --\n" + text }
    out += "-- stdout --\n" + stdout
    out += "-- stderr --\n" + stderr
    return out
  }
}

/// What a golden's command actually did.
struct GoldenRun {
  var exitCode: Int32
  var stdout: String
  var stderr: String
}

enum GoldenRunner {
  static let subcommands: Set<String> = ["check", "bench", "play", "help", "fmt"]

  /// Writes the golden's files into a fresh directory, runs the command, and strips the directory.
  static func run(_ golden: Golden) throws -> GoldenRun {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("bargain-golden-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, text) in golden.files {
      let url = directory.appendingPathComponent(name)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }
    let prefix = directory.path + "/"
    var arguments = ["bargain"]
    for (position, argument) in golden.arguments.enumerated() {
      let isSubcommand = position == 0 && subcommands.contains(argument)
      // A number is an option's value (`--seed 7`), never a file.
      let isNumber = !argument.isEmpty && argument.allSatisfy(\.isNumber)
      arguments.append(argument.hasPrefix("-") || isSubcommand || isNumber ? argument : prefix + argument)
    }
    let result = CLI.run(arguments)
    func strip(_ text: String) -> String {
      text.replacingOccurrences(of: prefix, with: "").replacingOccurrences(of: directory.path, with: ".")
    }
    return GoldenRun(exitCode: result.exitCode, stdout: strip(result.stdout), stderr: strip(result.stderr))
  }
}

@Suite("Goldens")
struct GoldenTests {
  @Test(arguments: allGoldenNames())
  func golden(_ name: String) throws {
    let url = goldenDirectory.appendingPathComponent(name + ".txtar")
    let text = try String(contentsOf: url, encoding: .utf8)
    let golden = try Golden.parse(text)
    let actual = try GoldenRunner.run(golden)

    if ProcessInfo.processInfo.environment["BARGAIN_UPDATE_GOLDENS"] == "1" {
      let updated = golden.rendered(exitCode: actual.exitCode, stdout: actual.stdout, stderr: actual.stderr)
      if updated != text {
        try Data(updated.utf8).write(to: url)
        Issue.record("updated \(name).txtar from the actual output; check it by hand and rerun without the switch")
      } else {
        Issue.record("\(name).txtar is up to date; rerun without BARGAIN_UPDATE_GOLDENS")
      }
      return
    }

    #expect(actual.exitCode == golden.exitCode, "exit code of \(name)")
    #expect(actual.stdout == golden.stdout, "stdout of \(name)")
    #expect(actual.stderr == golden.stderr, "stderr of \(name)")
  }

  @Test func goldensExist() {
    #expect(allGoldenNames().count >= 30)
  }

  @Test func parsesSectionsAndKeepsThemVerbatim() throws {
    let text = """
      # a description
      args: check 'a b.bargain' --json
      exit: 1
      -- a b.bargain --
      game PrisonersDilemma

      -- lib/x.bargain --
      -- stdout --
      -- stderr --
      oops

      """
    let golden = try Golden.parse(text)
    #expect(golden.comments == ["# a description"])
    #expect(golden.arguments == ["check", "a b.bargain", "--json"])
    #expect(golden.exitCode == 1)
    #expect(golden.files.map(\.name) == ["a b.bargain", "lib/x.bargain"])
    #expect(golden.files.map(\.text) == ["game PrisonersDilemma\n\n", ""])
    #expect(golden.stdout == "")
    #expect(golden.stderr == "oops\n")
    #expect(golden.rendered(exitCode: 1, stdout: "", stderr: "oops\n") == text)
  }

  @Test func rejectsMalformedHeaders() {
    #expect(throws: Golden.FormatError.self) { try Golden.parse("exit: 0\n-- stdout --\n") }
    #expect(throws: Golden.FormatError.self) { try Golden.parse("args: x\nexit: zero\n") }
    #expect(throws: Golden.FormatError.self) { try Golden.parse("args: 'x\nexit: 0\n") }
    #expect(throws: Golden.FormatError.self) { try Golden.parse("args:\nexit: 0\n-- a --\n-- a --\n") }
  }
}
