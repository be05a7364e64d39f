// One end-to-end test per limit (STYLE habit 7, semantics rule 23): input built to cross the
// limit stops with a clean diagnostic that names it, the documented exit code, and no crash or
// hang. Where the input stays just inside a limit, the run succeeds.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainRuntime
@testable import BargainSemantics
@testable import BargainSyntax

// The time limit only guards against a hang: their speed is `bargain bench --limits`'s. Under a
// load of 7–8 on 2 cores, whole-suite runs went past 2 minutes.
@Suite("Limits", .timeLimit(.minutes(5)))
struct LimitTests {
  static let limitHelp = "  = help: the match was stopped cleanly; simplify the programs or split the question\n"

  static let split = """
    game Split {
      resource 100
      demands 0..100
      outside walk
      disagreement (walk, walk) = (0, 0)
    }

    """

  // MARK: runtime limits (exit 3 when playing)

  /// `them(Grow(n + 1))` reaches a new matchup for every n; int arguments never nest, so it is
  /// the matchup count, not the instance depth, that runs out. The caret is under the
  /// construct that keeps making runs new: the instance `Grow(n + 1)`.
  static let grow = """
    game PrisonersDilemma
    program Grow(n: int) { if provable(them(Grow(n + 1)) == C) { play C } else { play D } }

    """

  @Test func maxMatchups() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Grow.bargain", Self.grow)
    let result = scratch.play("Grow.bargain:Grow(0)", "Grow.bargain:Grow(0)")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        Grow.bargain:2:41: error: resource limit reached: too many distinct matchups (maxMatchups = \(RuntimeLimits.maxMatchups))
         2 | program Grow(n: int) { if provable(them(Grow(n + 1)) == C) { play C } else { play D } }
           |                                         ^^^^^^^^^^^

        """ + Self.limitHelp + "1 error\n")
  }

  @Test func justUnderMaxMatchups() throws {
    // Grow(0) against itself stops at n = 9,000: 18,001 matchups.
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Grow.bargain",
      """
      game PrisonersDilemma
      program Grow(n: int) {
        if n >= 9000 { play C } else if provable(them(Grow(n + 1)) == C) { play C } else { play D }
      }

      """)
    let result = scratch.run(["Grow.bargain:Grow(0)", "Grow.bargain:Grow(0)", "--json"], paths: ["Grow.bargain"])
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
    #expect(try jsonObject(result.stdout)["matchups"] as? Int == 18001)
  }

  /// A program-valued argument that wraps `me` again each step: its depth, not the matchup
  /// count, runs out first.
  @Test func maxInstanceDepth() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Nest.bargain",
      """
      game PrisonersDilemma
      program Nest(p: program) { if provable(them(Nest(me)) == C) { play C } else { play D } }

      """)
    let result = scratch.play("Nest.bargain:Nest(DefectBot)", "Nest.bargain:Nest(DefectBot)")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        Nest.bargain:2:45: error: resource limit reached: program arguments nest too deeply (maxInstanceDepth = \(RuntimeLimits.maxInstanceDepth))
         2 | program Nest(p: program) { if provable(them(Nest(me)) == C) { play C } else { play D } }
           |                                             ^^^^^^^^

        """ + Self.limitHelp + "1 error\n")
  }

  /// Three unguarded plays of different matchups in one expression, 101 outputs each:
  /// 101 + 101² + 101³ cases.
  @Test func maxPathsPerMatchup() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Many.bargain",
      Self.split + """
        program A { demand 0 outside walk }
        program B { demand 0 outside walk }
        program C { demand 0 outside walk }
        program Many { demand (them(A).demand + them(B).demand + them(C).demand) / 3 outside walk }

        """)
    let result = scratch.play("Many.bargain", "Many.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        Many.bargain:10:58: error: resource limit reached: Many vs Many splits into too many cases (maxPathsPerMatchup = \(RuntimeLimits.maxPathsPerMatchup))
         10 | program Many { demand (them(A).demand + them(B).demand + them(C).demand) / 3 outside walk }
            |                                                          ^^^^^^^

        """ + Self.limitHelp + "1 error\n")
  }

  @Test func maxProofLevel() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Deep.bargain",
      """
      game PrisonersDilemma
      program Deep { if provable[1000000](them(me) == C) { play C } else { play D } }

      """)
    let result = scratch.play("Deep.bargain", "Deep.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr == """
        Deep.bargain:2:28: error: resource limit reached: proof level 1000000 is too high (maxProofLevel = \(RuntimeLimits.maxProofLevel))
         2 | program Deep { if provable[1000000](them(me) == C) { play C } else { play D } }
           |                            ^^^^^^^

        """ + Self.limitHelp + "1 error\n")
  }

  @Test func proofLevelAtTheLimitIsSolved() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Deep.bargain",
      """
      game PrisonersDilemma
      program Deep { if provable[10000](them(me) == C) { play C } else { play D } }

      """)
    let solved = scratch.run(["Deep.bargain", "Deep.bargain:DefectBot", "--json"], paths: ["Deep.bargain"])
    #expect(solved.exitCode == ExitCode.success)
    #expect(solved.stderr == "")
    // Deep defects iff PA+10000 is consistent: proved in PA+10001, and the table settles there.
    let object = try jsonObject(solved.stdout)
    #expect((object["players"] as? [[String: Any]])?.map { $0["level"] as? Int } == [10001, 0])
    #expect(object["stableWorld"] as? Int == 10001)
  }

  /// maxProofLevel (10,000) is far below maxWorlds (100,000), so one high level cannot reach it;
  /// a chain can: Chain(n) boxes Chain(n - 1)'s answer 90 times more under a [10000] box, and
  /// each link pushes the first world where the outputs settle about 90 worlds further.
  @Test func maxWorlds() throws {
    var body = "Chain(n - 1)(them) == C"
    for _ in 0..<90 { body = "provable(\(body))" }
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Chain.bargain",
      """
      game PrisonersDilemma
      program Chain(n: int) {
        if n == 0 { play D } else if provable[10000](\(body)) { play C } else { play D }
      }

      """)
    let result = scratch.play("Chain.bargain:Chain(1000)", "Chain.bargain:DefectBot")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    // At the `provable[10000]` whose box flips past the limit (the line is clipped).
    #expect(
      result.stderr.firstLine
        == "Chain.bargain:3:32: error: resource limit reached: the Kripke sequence did not settle "
        + "(maxWorlds = \(RuntimeLimits.maxWorlds))")
    #expect(result.stderr.hasSuffix(Self.limitHelp + "1 error\n"))

    // Half as long a chain settles well inside the limit.
    let shorter = scratch.run(
      ["Chain.bargain:Chain(500)", "Chain.bargain:DefectBot", "--json"], paths: ["Chain.bargain"])
    #expect(shorter.exitCode == ExitCode.success)
    #expect(try jsonObject(shorter.stdout)["stableWorld"] as? Int == 55410)
  }

  // MARK: limits on the input (a diagnostic; exit 1 from `check`)

  static let hugeGame = """
    game Huge {
      resource 100000000
      demands 0..100000000
      outside walk
      disagreement (walk, walk) = (0, 0)
    }
    program Huge { demand 0 outside walk }

    """

  @Test func maxOutputs() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Huge.bargain", Self.hugeGame)
    let result = scratch.check("Huge.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr.firstLine
        == "Huge.bargain:3:3: error: the game has at least 100000001 outputs, more than the limit of \(SemanticLimits.maxOutputs) (maxOutputs)"
    )
  }

  @Test
  func maxOutputsIsNamedOnce() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Huge.bargain", Self.hugeGame)
    let result = scratch.check("Huge.bargain")
    #expect(result.stderr.contains("maxOutputs"))
    #expect(result.stderr.hasSuffix("\n1 error\n"))
  }

  @Test
  func maxOutputsWhenPlayingExits3() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Huge.bargain", Self.hugeGame)
    #expect(scratch.play("Huge.bargain", "Huge.bargain").exitCode == ExitCode.limit)
  }

  @Test func outputsProductOverTheLimit() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Wide.bargain",
      """
      game Wide {
        resource 3000
        demands 0..3000
        outside a, b
        default outside a
        disagreement (a, a) = (0, 0)
        disagreement (a, b) = (0, 0)
        disagreement (b, a) = (0, 0)
        disagreement (b, b) = (0, 0)
      }
      program Wide { demand 0 }

      """)
    let result = scratch.check("Wide.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(
      result.stderr == """
        Wide.bargain:3:3: error: the game has at least 6002 outputs, more than the limit of \(SemanticLimits.maxOutputs) (maxOutputs)
         3 |   demands 0..3000
           |   ^^^^^^^^^^^^^^^
        1 error

        """)
  }

  @Test func outputsAtTheLimitArePlayed() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Full.bargain",
      """
      game Full {
        resource 4095
        demands 0..4095
        outside a
        disagreement (a, a) = (0, 0)
      }
      program Full { demand 4095 outside a }

      """)
    let result = scratch.play("Full.bargain", "Full.bargain")
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
    #expect(result.stdout.contains("result   disagreement: demands are incompatible; row takes a, column takes a\n"))
  }

  /// A chain of `count` files, each importing the next.
  static func writeImportChain(_ scratch: ScratchDirectory, count: Int) throws {
    for index in 0..<count {
      let importLine = index + 1 < count ? "import \"f\(index + 1).bargain\"\n" : ""
      try scratch.write("f\(index).bargain", importLine + "game PrisonersDilemma\nprogram F\(index) { play C }\n")
    }
  }

  @Test func maxFiles() throws {
    let scratch = try ScratchDirectory()
    try Self.writeImportChain(scratch, count: 300)
    let result = scratch.check("f0.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    // f0 ... f255 are the 256 files allowed; f255's import of f256 is one too many.
    #expect(
      result.stderr == """
        f255.bargain:1:1: error: more than \(LoaderLimits.maxFiles) files are imported (maxFiles)
         1 | import "f256.bargain"
           | ^^^^^^^^^^^^^^^^^^^^^
        1 error

        """)
  }

  @Test func filesAtTheLimitAreLoaded() throws {
    let scratch = try ScratchDirectory()
    try Self.writeImportChain(scratch, count: LoaderLimits.maxFiles)
    // Quiet: the chain's imports are unused (a warning), and only the limit matters here.
    let result = scratch.run(["check", "f0.bargain", "--quiet"], paths: ["f0.bargain"])
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
  }

  @Test
  func maxFilesWhenPlayingExits3() throws {
    let scratch = try ScratchDirectory()
    try Self.writeImportChain(scratch, count: 300)
    #expect(scratch.play("f0.bargain", "f0.bargain").exitCode == ExitCode.limit)
  }

  /// 2 MiB: a valid program followed by comment lines.
  static let twoMebibytes =
    "game PrisonersDilemma\nprogram Big { play C }\n"
    + String(repeating: "// " + String(repeating: "x", count: 1020) + "\n", count: 2048)

  @Test func maxSourceBytes() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Big.bargain", Self.twoMebibytes)
    let bytes = Self.twoMebibytes.utf8.count
    let result = scratch.check("Big.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == "Big.bargain:1:1: error: 'Big.bargain' has \(bytes) bytes, more than the limit of \(SyntaxLimits.maxSourceBytes) (maxSourceBytes)\n1 error\n"
    )
  }

  @Test func sourceBytesAtTheLimitAreRead() throws {
    let head = "game PrisonersDilemma\nprogram Big { play C }\n"
    let padding = SyntaxLimits.maxSourceBytes - head.utf8.count
    let text = head + "//" + String(repeating: "x", count: padding - 3) + "\n"
    #expect(text.utf8.count == SyntaxLimits.maxSourceBytes)
    let scratch = try ScratchDirectory()
    try scratch.write("Big.bargain", text)
    let result = scratch.check("Big.bargain")
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stdout == "Big.bargain: ok\n")
  }

  @Test
  func maxSourceBytesWhenPlaying() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Big.bargain", Self.twoMebibytes)
    let result = scratch.play("Big.bargain", "Big.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stderr.hasSuffix("\n1 error\n"))
  }

  static let tenThousandParentheses =
    "game PrisonersDilemma\nprogram Deep { if " + String(repeating: "(", count: 10_000) + "true"
    + String(repeating: ")", count: 10_000) + " { play C } else { play D } }\n"

  @Test func maxNestingDepth() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Deep.bargain", Self.tenThousandParentheses)
    let result = scratch.check("Deep.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    // The block is level 1, so the 200th parenthesis (column 18 + 200) is one too many.
    #expect(
      result.stderr.firstLine
        == "Deep.bargain:2:218: error: nesting too deep: more than \(SyntaxLimits.maxNestingDepth) levels of blocks, parentheses or operators (maxNestingDepth)"
    )
    #expect(result.stderr.hasSuffix("\n1 error\n"))
  }

  @Test
  func maxNestingDepthIsNamed() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Deep.bargain", Self.tenThousandParentheses)
    #expect(scratch.check("Deep.bargain").stderr.contains("maxNestingDepth"))
    #expect(scratch.play("Deep.bargain", "Deep.bargain").exitCode == ExitCode.limit)
  }

  /// A flat chain `0+1+1+...` is one level of nesting in the source but a tree of height 149,000
  /// (298 KB, just under maxTokens); the parser refuses the chain at the link past the limit,
  /// before building a tree deep enough to overflow the stack when freed.
  @Test
  func longFlatSumIsRejected() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Sum.bargain",
      "game PrisonersDilemma\nprogram Sum { if 0" + String(repeating: "+1", count: 149_000)
        + " > 0 { play C } else { play D } }\n")
    let result = scratch.check("Sum.bargain")
    #expect(result.exitCode == ExitCode.limit)
    #expect(
      result.stderr.firstLine
        == "Sum.bargain:2:415: error: nesting too deep: more than \(SyntaxLimits.maxNestingDepth) levels of blocks, parentheses or operators (maxNestingDepth)"
    )
  }

  /// 30,000 `else if` branches: a 960 KB file within every limit, which `check` accepts and the
  /// compiler walks without recursing per branch.
  @Test
  func longElseIfChainIsPlayed() throws {
    var source = "game PrisonersDilemma\nprogram Many(n: int) {\n  if n == 0 { play C }\n"
    for branch in 1..<30_000 { source += "  else if n == \(branch) { play D }\n" }
    source += "  else { play D }\n}\n"
    let scratch = try ScratchDirectory()
    try scratch.write("Many.bargain", source)
    #expect(scratch.check("Many.bargain").exitCode == ExitCode.success)
    let result = scratch.play("Many.bargain:Many(0)", "Many.bargain:Many(-1)")
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stdout.contains("result   played (C, D)\n"))
  }

  @Test func limitsHaveTheDocumentedValues() {
    #expect(RuntimeLimits.maxMatchups == 20_000)
    #expect(RuntimeLimits.maxPathsPerMatchup == 20_000)
    #expect(RuntimeLimits.maxFormulaNodes == 2_000_000)
    #expect(RuntimeLimits.maxProofLevel == 10_000)
    #expect(RuntimeLimits.maxInstanceDepth == 64)
    #expect(RuntimeLimits.maxWorlds == 100_000)
    #expect(RuntimeLimits.maxEvaluationSteps == 1_000_000)
    #expect(RuntimeLimits.maxWorldSteps == 500_000)
    #expect(RuntimeLimits.maxSearchWork == 1_000_000)
    #expect(ThresholdCommand.maxScanWork == 3_000_000)
    #expect(SemanticLimits.maxOutputs == 4096)
    #expect(LoaderLimits.maxFiles == 256)
  }
}
