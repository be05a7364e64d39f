// Seeded random token soup: the lexer and parser never crash, every diagnostic points inside the
// file, and whatever parses cleanly prints to a fixed point.

import Testing

@testable import BargainSyntax

@Suite struct SyntaxRobustnessTests {
  /// A small deterministic generator (SplitMix64) so failures reproduce from the seed.
  private struct SplitMix {
    var state: UInt64
    mutating func next(below bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
  }

  private static let pieces = [
    "program", "P", "game", "G", "import", "\"f\"", "{", "}", "(", ")", "[", "]", "if", "else", "play",
    "demand", "outside", "let", "x", "=", "==", "<", "in", "not", "and", "or", "..", ".", ",", ":", "int",
    "-", "+", "*", "1", "99999999999999999999", "provable", "consistent", "them", "me", "true", "@",
    "é", "\"open", "\n", "// note\n", "actions", "payoff", "surplus", "keep",
  ]

  @Test(arguments: 0..<200)
  func randomInputNeverCrashes(seed: Int) {
    var random = SplitMix(state: UInt64(seed))
    let length = random.next(below: 60)
    let text = (0..<length).map { _ in Self.pieces[random.next(below: Self.pieces.count)] }
      .joined(separator: " ")
    let file = SyntaxFixture.file(text)
    let (unit, diagnostics) = Parser.parse(file)
    for diagnostic in diagnostics {
      let range = diagnostic.range ?? SourceRange(file: file.id, start: 0, end: 0)
      #expect(range.start >= 0 && range.end <= file.bytes.count, "\(diagnostic.id) in \(text)")
    }
    _ = Parser.parseExpression(file)
    if diagnostics.isEmpty {
      let once = CanonicalPrinter.print(unit)
      #expect(SyntaxFixture.canonical(once) == once)
    }
  }
}
