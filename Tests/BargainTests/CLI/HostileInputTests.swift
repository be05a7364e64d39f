// Input built to overflow arithmetic, and errors that used to have no location (issue: untrusted
// programs). Each was a trap or a message without `file:line:col` before.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainSemantics

@Suite("Hostile input")
struct HostileInputTests {
  static func bargainingGame(demands: String, resource: String = "100") -> String {
    """
    game G {
      resource \(resource)
      demands \(demands)
      outside walk
      disagreement (walk, walk) = (0, 0)
    }
    program P { demand 0 outside walk }

    """
  }

  /// The grid has Int.max + 1 demands: counting them overflowed.
  @Test(arguments: ["0..9223372036854775807", "0..9223372036854775807 step 1"])
  func demandRangeBeyondIntIsOverTheLimit(_ demands: String) throws {
    let scratch = try ScratchDirectory()
    try scratch.write("G.bargain", Self.bargainingGame(demands: demands))
    let result = scratch.check("G.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(
      result.stderr == """
        G.bargain:3:3: error: the game has at least 9223372036854775807 outputs, more than the limit of 4096 (maxOutputs)
         3 |   demands \(demands)
           |   \(String(repeating: "^", count: "demands \(demands)".count))
        1 error

        """)
  }

  /// Two demands of 2^62 add up past Int.max: incompatible with a resource of Int.max.
  @Test func hugeDemandsWithAHugeStepArePlayed() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "G.bargain",
      Self.bargainingGame(demands: "0..9223372036854775807 step 4611686018427387904", resource: "9223372036854775807")
        + "program All { demand 4611686018427387904 outside walk }\n")
    let result = scratch.play("G.bargain:All", "G.bargain:All")
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
    #expect(result.stdout.contains("demands 0, 4611686018427387904; outside walk)\n"))
    #expect(
      result.stdout.contains("result   disagreement: demands are incompatible; row takes walk, column takes walk\n"))
  }

  /// p < q needs 3037000499 · 3037000501 against 3037000500², both above Int.max.
  @Test func comparingRationalsWithHugeCrossProducts() throws {
    let p = try #require(Rational(3_037_000_499, 3_037_000_500))
    let q = try #require(Rational(3_037_000_500, 3_037_000_501))
    #expect(p < q)
    #expect(!(q < p))
    #expect(!(p < p))
    let negative = try #require(Rational(-3_037_000_500, 3_037_000_501))
    #expect(negative < p)
    #expect(!(p < negative))
  }

  @Test func comparingRationalsInAProgram() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "S.bargain",
      """
      game PrisonersDilemma
      program S(p: rational = 3037000499/3037000500, q: rational = 3037000500/3037000501) {
        if p < q { play C } else { play D }
      }

      """)
    let result = scratch.play("S.bargain", "S.bargain")
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stdout.contains("result   played (C, C)\n"))
  }

  /// A denominator of 2^62 has a finite decimal expansion whose digits do not fit in an Int.
  @Test func rationalWithAHugePowerOfTwoDenominatorIsShownAsAFraction() throws {
    #expect(try #require(Rational(3, 4_611_686_018_427_387_904)).description == "3/4611686018427387904")
    #expect(try #require(Rational(3, 1024)).description == "0.0029296875")
  }

  @Test func maxActionsPerStepSaysWhere() throws {
    let block = Array(repeating: "if true { close open }", count: 600).joined(separator: "\n")
    let directory = try temporaryProgramDirectory([
      "A.bargain": standoffHeader + "plan {\nat 0 {\n\(block)\n}\n}\nmain Demand70\n",
      "B.bargain": standoffHeader + "main Concede30\n",
    ])
    let result = CLI.run(["bargain", directory + "/A.bargain", directory + "/B.bargain"])
    #expect(result.exitCode == ExitCode.limit)
    // 333 blocks of three actions, then the 334th `if` (line 14 + 334) is the 1000th: its `close`
    // is one too many.
    #expect(
      result.stderr.replacingOccurrences(of: directory + "/", with: "") == """
        A.bargain:348:11: error: resource limit reached: A performs too many actions at t=0 (maxActionsPerStep = 1000)
         348 | if true { close open }
             |           ^^^^^
        """ + "\n" + LimitTests.limitHelp + "1 error\n")
  }

  @Test func maxLedgerEntriesSaysWhere() throws {
    let block = Array(repeating: "commit demand >= 0", count: 1000).joined(separator: "\n")
    let steps = (0...10).map { "at \($0) {\n\(block)\n}" }.joined(separator: "\n")
    let directory = try temporaryProgramDirectory([
      "A.bargain": standoffHeader + "plan {\n\(steps)\n}\nmain Demand70\n",
      "B.bargain": standoffHeader + "main Concede30\n",
    ])
    let result = CLI.run(["bargain", directory + "/A.bargain", directory + "/B.bargain"])
    #expect(result.exitCode == ExitCode.limit)
    // B's main program is the first entry, so A's 10,000th commitment, the last of `at 9` (line
    // 14 + 9 · 1002 + 1000), is one too many.
    #expect(
      result.stderr.replacingOccurrences(of: directory + "/", with: "") == """
        A.bargain:10032:1: error: resource limit reached: too many commitments (maxLedgerEntries = 10000)
         10032 | commit demand >= 0
               | ^^^^^^^^^^^^^^^^^^
        """ + "\n" + LimitTests.limitHelp + "1 error\n")
  }

  @Test func proveWithChanceSaysWhere() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "R.bargain", "game PrisonersDilemma\nprogram R { with probability 1/2 { play C } else { play D } }\n")
    let result = scratch.run(["prove", "R.bargain", "R(R) == C"], paths: ["R.bargain"])
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == """
        <statement>:1:1: error: `prove` works on programs without chance; this statement mentions programs that use `with probability` or `simulate`
         1 | R(R) == C
           | ^^^^^^^^^
        R.bargain:2:13: note: chance is used here
         2 | program R { with probability 1/2 { play C } else { play D } }
           |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
        1 error

        """)
  }
}

/// A default value that names its own program without arguments: filling it in never ends, so it
/// is an error at the default (it overflowed the checker's stack before).
@Suite("Recursive defaults")
struct RecursiveDefaultTests {
  @Test func aDefaultThatNeedsItselfIsAnError() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("R.bargain", "game PrisonersDilemma\nprogram P(x: program = P) { play C }\n")
    let result = scratch.run(["check", "R.bargain"], paths: ["R.bargain"])
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == """
        R.bargain:2:24: error: the default value of 'x' in 'P' needs itself: filling it in never ends
         2 | program P(x: program = P) { play C }
           |                        ^
          = help: give 'x' no default, or a default that does not name 'P' without arguments
        1 error

        """)
  }

  @Test func defaultsThatNeedEachOtherAreErrors() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "R.bargain", "game PrisonersDilemma\nprogram P(x: program = Q) { play C }\nprogram Q(y: program = P) { play D }\n"
    )
    let result = scratch.run(["check", "R.bargain"], paths: ["R.bargain"])
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.contains("R.bargain:2:24: error: the default value of 'x' in 'P' needs itself"))
    #expect(result.stderr.contains("R.bargain:3:24: error: the default value of 'y' in 'Q' needs itself"))
    #expect(result.stderr.hasSuffix("2 errors\n"))
  }

  @Test func aChainOfDefaultsIsFine() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "R.bargain",
      "game PrisonersDilemma\nprogram P(x: program = Q) { play x(them) }\nprogram Q(y: int = 3) { play D }\n")
    let result = scratch.run(["R.bargain:P", "R.bargain:P"], paths: ["R.bargain"])
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stdout.contains("result   played (D, D)\n"))
  }
}

/// Thousands of errors on one long line: the first `maxRenderedDiagnostics` are shown, each with
/// a window of the line around its caret, and the rest are counted (52 MB of text before).
@Suite("Bounded diagnostics")
struct BoundedDiagnosticsTests {
  @Test func manyErrorsOnOneLongLine() throws {
    let scratch = try ScratchDirectory()
    let line = Array(repeating: "program P { play C }", count: 2_000).joined(separator: " ")
    try scratch.write("D.bargain", "game PrisonersDilemma\n" + line + "\n")
    let result = scratch.run(["check", "D.bargain"], paths: ["D.bargain"])
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr.hasSuffix(
        "bargain: note: 1899 more diagnostics not shown (maxRenderedDiagnostics = 100)\n1999 errors\n"))
    #expect(result.stderr.utf8.count < 60_000)
    // The second declaration's name, at column 30: its window starts at the line's start.
    #expect(
      result.stderr.hasPrefix(
        """
        D.bargain:2:30: error: program 'P' is declared twice in this file
         2 | \(String(line.prefix(160)))…
           |                              ^
        """))
  }

  @Test func aCaretFarIntoALongLineIsShownInAWindow() throws {
    let scratch = try ScratchDirectory()
    let padding = String(repeating: " ", count: 1_000)
    try scratch.write("L.bargain", "game PrisonersDilemma\nprogram P {" + padding + "play Z }\n")
    let result = scratch.run(["check", "L.bargain"], paths: ["L.bargain"])
    #expect(result.exitCode == ExitCode.programError)
    // Column 1017 of 1019: the 160-character window is the line's last 160 characters.
    #expect(
      result.stderr.hasPrefix(
        """
        L.bargain:2:1017: error: unknown name 'Z'
         2 | …\(String(repeating: " ", count: 152))play Z }
           |  \(String(repeating: " ", count: 157))^
        """))
  }
}

/// Errors about a file as a whole point at its start, so every error from a file names a place.
@Suite("File-level locations")
struct FileLevelLocationTests {
  @Test func anEmptyAgentFileIsLocated() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("E.bargain", "")
    let result = scratch.run(["E.bargain", "E.bargain"], paths: ["E.bargain"])
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == """
        E.bargain:1:1: error: E.bargain is empty: it names no game and declares no program
         1 | \("")
           | ^
        1 error

        """)
  }
}
