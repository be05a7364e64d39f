// `bargain fmt`: canonical layout, comments kept, idempotent, never a different program.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainSyntax

/// A program text to format: every file of `Programs/` and every ```bargain block of the docs.
struct FormatCase: CustomTestStringConvertible, Sendable {
  var name: String
  var text: String
  var testDescription: String { name }
}

func formatCases() -> [FormatCase] {
  let programs = Repository.programFiles().compactMap { name -> FormatCase? in
    guard let text = try? String(contentsOfFile: Repository.path("Programs/" + name), encoding: .utf8) else {
      return nil
    }
    return FormatCase(name: "Programs/" + name, text: text)
  }
  return programs + bargainBlocks().map { FormatCase(name: $0.testDescription, text: $0.text) }
}

enum FormatFixture {
  static func format(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String? {
    switch SourceFormatter.format(SyntaxFixture.file(text)) {
    case .success(let formatted): return formatted
    case .failure(let bag):
      Issue.record("does not format: \(bag.diagnostics.map(\.message))", sourceLocation: sourceLocation)
      return nil
    }
  }

  static func canonical(_ text: String) -> String {
    CanonicalPrinter.print(SyntaxFixture.parse(text).unit)
  }

  /// The text of each comment, without trailing blanks.
  static func comments(_ text: String) -> [String] {
    let file = SyntaxFixture.file(text)
    return Lexer.tokenize(file).comments.map { range in
      var comment = Substring(file.text(of: range))
      while comment.last == " " || comment.last == "\t" { comment = comment.dropLast() }
      return String(comment)
    }
  }
}

@Suite struct FormatterTests {
  @Test func thereAreFilesToFormat() {
    #expect(formatCases().count >= 30)
  }

  @Test(arguments: formatCases())
  func formattingIsIdempotentAndKeepsProgramAndComments(_ source: FormatCase) throws {
    let once = try #require(FormatFixture.format(source.text))
    let twice = try #require(FormatFixture.format(once))
    #expect(twice == once, "not idempotent")
    #expect(FormatFixture.canonical(once) == FormatFixture.canonical(source.text), "the program changed")
    #expect(SyntaxFixture.parse(once).diagnostics.isEmpty)
    // Every comment survives, in order (comments that end up on one line read as one).
    let kept = FormatFixture.comments(once).joined(separator: "\n")
    var searchFrom = kept.startIndex
    for comment in FormatFixture.comments(source.text) {
      let found = try #require(kept.range(of: comment, range: searchFrom..<kept.endIndex), "lost: \(comment)")
      searchFrom = found.upperBound
    }
  }

  /// The file with a comment after every token (`// tN` then a line break) or on a line of its
  /// own before every token (`// oN`): each must survive, in order, and the program must not change.
  @Test(arguments: Repository.programFiles(), [true, false])
  func aCommentBetweenEveryTwoTokens(_ name: String, trailing: Bool) throws {
    let original = try String(contentsOfFile: Repository.path("Programs/" + name), encoding: .utf8)
    let file = SyntaxFixture.file(original)
    let bytes = file.bytes
    var text: [UInt8] = []
    var copied = 0
    var added: [String] = []
    for (index, token) in Lexer.tokenize(file).tokens.dropLast().enumerated() {
      let cut = trailing ? token.range.end : token.range.start
      text += bytes[copied..<cut]
      copied = cut
      let comment = trailing ? "// t\(index);" : "// o\(index);"
      text += Array((trailing ? " \(comment)\n" : "\n\(comment)\n").utf8)
      added.append(comment)
    }
    text += bytes[copied...]
    let commented = String(decoding: text, as: UTF8.self)
    let once = try #require(FormatFixture.format(commented))
    #expect(FormatFixture.format(once) == once, "not idempotent")
    #expect(FormatFixture.canonical(once) == FormatFixture.canonical(original))
    let kept = FormatFixture.comments(once).joined(separator: "\n")
    var searchFrom = kept.startIndex
    for comment in added {
      let found = try #require(kept.range(of: comment, range: searchFrom..<kept.endIndex))
      searchFrom = found.upperBound
    }
  }

  @Test(arguments: Repository.programFiles())
  func programsAreFormatted(_ name: String) throws {
    let text = try String(contentsOfFile: Repository.path("Programs/" + name), encoding: .utf8)
    #expect(FormatFixture.format(text) == text, "run: bargain fmt Programs")
  }

  @Test func commentsStayWithTheirCode() {
    let source = """
      // header

      game PrisonersDilemma
      // about P
      program P { if them == me { play C } // trailing
        else {
          // before the output
          play D   // defect
          // at the end of the block
        } }
      // at the end of the file
      """
    let expected = """
      // header

      game PrisonersDilemma

      // about P
      program P {
        if them == me {
          play C
        } else { // trailing
          // before the output
          play D // defect
          // at the end of the block
        }
      }
      // at the end of the file

      """
    #expect(FormatFixture.format(source) == expected)
  }

  @Test func commentsInsideAnExpressionMoveToItsLine() {
    let source = """
      game PrisonersDilemma
      program P {
        if provable(them(me) == C) and // first half
           // about the second half
           ((them.unconditional)) {
          play C
        } else {
          play D
        }
      }
      """
    let expected = """
      game PrisonersDilemma

      program P {
        // about the second half
        if provable(them(me) == C) and them.unconditional { // first half
          play C
        } else {
          play D
        }
      }

      """
    #expect(FormatFixture.format(source) == expected)
  }

  @Test func redundantParenthesesDoNotMoveComments() {
    let source = "game PrisonersDilemma\nprogram P {\n  play ((((((((((((C)))))))))))) // x\n}\n"
    #expect(FormatFixture.format(source) == "game PrisonersDilemma\n\nprogram P {\n  play C // x\n}\n")
  }

  /// Each comment finds its place in constant time: 1,000 programs with three comments each.
  @Test func manyComments() throws {
    var source = "game PrisonersDilemma\n"
    for index in 0..<1_000 {
      source +=
        "// above \(index);\nprogram P\(index) { if (them == me) { play C } // after \(index);\n else { play D } }\n// below \(index);\n"
    }
    let formatted = try #require(FormatFixture.format(source))
    #expect(FormatFixture.comments(formatted).count == 3_000)
    #expect(formatted.contains("program P999 {\n  if them == me {\n    play C\n  } else { // after 999;\n"))
    #expect(FormatFixture.format(formatted) == formatted)
  }

  @Test func onlyCommentsAndCarriageReturns() {
    #expect(FormatFixture.format("// one\r\n\r\n// two  \r\n") == "// one\n\n// two\n")
  }

  @Test func aFileWithSyntaxErrorsIsNotFormatted() {
    guard case .failure(let bag) = SourceFormatter.format(SyntaxFixture.file("game G\nprogram P { play }\n")) else {
      Issue.record("formatted a file that does not parse")
      return
    }
    #expect(bag.diagnostics.map(\.id) == ["parse.expected-token"])
  }
}

@Suite struct FormatCommandTests {
  static let messy = "game PrisonersDilemma\nprogram P { play C  // cooperates\n}\n"
  static let tidy = "game PrisonersDilemma\n\nprogram P {\n  play C // cooperates\n}\n"

  @Test func checkListsUnformattedFilesAndChangesNothing() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("a/Messy.bargain", Self.messy)
    try scratch.write("a/Tidy.bargain", Self.tidy)
    try scratch.write("a/notes.txt", "not a program")
    let result = scratch.run(["fmt", "--check", "a"], paths: ["a"])
    #expect(result.stdout == "a/Messy.bargain\n")
    #expect(result.stderr == "1 file needs formatting (run bargain fmt)\n")
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      try String(contentsOf: scratch.url.appendingPathComponent("a/Messy.bargain"), encoding: .utf8) == Self.messy)
    let clean = scratch.run(["fmt", "--check", "a/Tidy.bargain"], paths: ["a/Tidy.bargain"])
    #expect(clean == CommandResult(stdout: "", stderr: "", exitCode: ExitCode.success))
  }

  @Test func formatsInPlaceAndListsWhatChanged() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Messy.bargain", Self.messy)
    try scratch.write("Tidy.bargain", Self.tidy)
    let result = scratch.run(["fmt", "Messy.bargain", "Tidy.bargain"], paths: ["Messy.bargain", "Tidy.bargain"])
    #expect(result == CommandResult(stdout: "Messy.bargain\n", stderr: "", exitCode: ExitCode.success))
    #expect(try String(contentsOf: scratch.url.appendingPathComponent("Messy.bargain"), encoding: .utf8) == Self.tidy)
  }

  @Test func stdoutPrintsAndLeavesTheFile() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Messy.bargain", Self.messy)
    let result = scratch.run(["fmt", "--stdout", "Messy.bargain"], paths: ["Messy.bargain"])
    #expect(result == CommandResult(stdout: Self.tidy, stderr: "", exitCode: ExitCode.success))
    #expect(try String(contentsOf: scratch.url.appendingPathComponent("Messy.bargain"), encoding: .utf8) == Self.messy)
  }

  @Test func standardInputIsFormattedToStandardOutput() {
    let result = CLI.run(["bargain", "fmt", "-"], standardInput: Array(Self.messy.utf8))
    #expect(result == CommandResult(stdout: Self.tidy, stderr: "", exitCode: ExitCode.success))
    let check = CLI.run(["bargain", "fmt", "--check", "-"], standardInput: Array(Self.messy.utf8))
    #expect(check.stdout == "<stdin>\n")
    #expect(check.exitCode == ExitCode.programError)
  }

  @Test func syntaxErrorsAreReportedAndTheFileIsLeftAlone() throws {
    let scratch = try ScratchDirectory()
    let broken = "game G\nprogram P { play }\n"
    try scratch.write("Broken.bargain", broken)
    let result = scratch.run(["fmt", "Broken.bargain"], paths: ["Broken.bargain"])
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.hasPrefix("Broken.bargain:2:18: error: "))
    #expect(result.stdout == "")
    #expect(try String(contentsOf: scratch.url.appendingPathComponent("Broken.bargain"), encoding: .utf8) == broken)
  }

  @Test func notUTF8SaysWhere() throws {
    // Found by the fuzzer: `fmt` said "'F' is not UTF-8 text" with no line and column.
    let scratch = try ScratchDirectory()
    let bytes = Array("game PrisonersDilemma\nprogram A { play C } // h".utf8) + [0xFF] + Array("\n".utf8)
    try Data(bytes).write(to: scratch.url.appendingPathComponent("Latin.bargain"))
    let result = scratch.run(["fmt", "--stdout", "Latin.bargain"], paths: ["Latin.bargain"])
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == """
        Latin.bargain:2:26: error: 'Latin.bargain' is not UTF-8 text: byte 0xFF is not valid here
         2 | program A { play C } // h\u{FFFD}
           |                          ^

        """)
    // Found with it: files that cannot be read were named by no location either.
    try scratch.write("a b", "game PrisonersDilemma\n")
    let unnamed = scratch.run(["fmt", "--stdout", "a b", "Missing.bargain"], paths: ["a b", "Missing.bargain"])
    #expect(
      unnamed.stderr == """
        a b:1:1: error: 'a b' is not a program file: names end in .bargain or .bp
        Missing.bargain:1:1: error: cannot find file 'Missing.bargain'

        """)
    let piped = CLI.run(["bargain", "fmt", "-"], standardInput: Array("// \u{E9}".utf8.prefix(3)) + [0xE9])
    #expect(piped.stderr.hasPrefix("<stdin>:1:4: error: '<stdin>' is not UTF-8 text: byte 0xE9"), "\(piped.stderr)")
  }

  @Test func usageErrors() {
    #expect(
      CLI.run(["bargain", "fmt"])
        == CommandResult(
          stdout: "",
          stderr: "bargain: error: `fmt` needs at least one file or directory\nrun 'bargain fmt --help' for usage\n",
          exitCode: ExitCode.usage))
    #expect(
      CLI.run(["bargain", "fmt", "--write", "a.bargain"]).stderr.hasPrefix("bargain: error: unknown option '--write'\n")
    )
  }
}
