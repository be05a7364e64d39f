// Every SyntaxLimits bound: reaching it gives exactly one clean diagnostic, never a crash.

import Testing

@testable import BargainSyntax

@Suite struct SyntaxLimitTests {
  private static let tooDeep =
    "parse.nesting-too-deep: nesting too deep: more than 200 levels of blocks, parentheses or operators (maxNestingDepth)"

  private func repeated(_ text: String, _ count: Int) -> String {
    String(repeating: text, count: count)
  }

  @Test func limitsHaveTheDocumentedValues() {
    #expect(SyntaxLimits.maxSourceBytes == 1_048_576)
    #expect(SyntaxLimits.maxNestingDepth == 200)
    #expect(SyntaxLimits.maxTokens == 300_000)
    #expect(SyntaxLimits.maxParameters == 64)
    #expect(SyntaxLimits.maxArguments == 64)
    #expect(SyntaxLimits.maxSetElements == 1_000)
    #expect(SyntaxLimits.maxGameClauses == 10_000)
    #expect(SyntaxLimits.maxClauseListElements == 1_000)
  }

  @Test func tenThousandNestedParentheses() {
    let inner = repeated("(", 10_000) + "x" + repeated(")", 10_000)
    // The program's block is level 1, so the 200th parenthesis is one too many.
    #expect(SyntaxFixture.errors("program P { play \(inner) }") == ["1:217 \(Self.tooDeep)"])
    #expect(SyntaxFixture.expressionErrors(inner) == ["1:201 \(Self.tooDeep)"])
  }

  @Test func nestingUpToTheLimitIsAccepted() {
    let parentheses = repeated("(", 200) + "x" + repeated(")", 200)
    #expect(SyntaxFixture.expression(parentheses).map(SyntaxFixture.shape) == "x")
    let negations = SyntaxFixture.expression(repeated("not ", 199) + "x")
    #expect(negations.map(CanonicalPrinter.print) == repeated("not ", 199) + "x")
  }

  @Test func tenThousandNots() {
    let source = "program P { play \(repeated("not ", 10_000))x }"
    #expect(SyntaxFixture.errors(source) == ["1:814 \(Self.tooDeep)"])
  }

  @Test func tenThousandMinuses() {
    #expect(SyntaxFixture.expressionErrors(repeated("- ", 10_000) + "x") == ["1:401 \(Self.tooDeep)"])
  }

  @Test func tenThousandNestedBlocks() {
    let source =
      "program P { " + repeated("if a { ", 10_000) + "play C"
      + repeated(" } else { play D }", 10_000) + " }"
    #expect(SyntaxFixture.errors(source) == ["1:1409 \(Self.tooDeep)"])
  }

  @Test func tenThousandModalOperators() {
    let source = repeated("provable(", 10_000) + "x" + repeated(")", 10_000)
    #expect(SyntaxFixture.expressionErrors(source) == ["1:1801 \(Self.tooDeep)"])
  }

  @Test func longCallChainsAndOperatorChainsAreTooTall() {
    // Loops build these trees without recursion; the link that passes the limit is refused, so no
    // tree deep enough to overflow the stack when it is freed is ever built.
    #expect(SyntaxFixture.expressionErrors("f" + repeated("(1)", 10_000)) == ["1:599 \(Self.tooDeep)"])
    #expect(SyntaxFixture.expressionErrors("f" + repeated(".x", 10_000)) == ["1:400 \(Self.tooDeep)"])
    #expect(SyntaxFixture.expressionErrors("1" + repeated(" + 1", 10_000)) == ["1:799 \(Self.tooDeep)"])
    #expect(
      SyntaxFixture.errors("program P { let x = a\(repeated(" or a", 10_000)) play x }")
        == ["1:1013 \(Self.tooDeep)"])
    // At the limit: 198 operators below a program's block, 199 in a bare expression.
    #expect(SyntaxFixture.errors("program P { play 1\(repeated(" + 1", 198)) }") == [])
    #expect(SyntaxFixture.expression("1" + repeated(" * 1", 199)) != nil)
  }

  @Test func twoMebibyteFile() {
    let source = repeated("a", 2 << 20)
    #expect(
      SyntaxFixture.errors(source)
        == ["1:1 parse.file-too-large: file is too large: 2097152 bytes; the limit is 1048576 bytes (maxSourceBytes)"])
    #expect(SyntaxFixture.expressionErrors(source).count == 1)
  }

  @Test func oneMebibyteFileIsAccepted() {
    let source = "// " + repeated("x", (1 << 20) - 3)
    #expect(SyntaxFixture.errors(source) == [])
  }

  @Test func tooManyTokens() {
    let source = repeated("a ", 300_001)
    #expect(
      SyntaxFixture.errors(source)
        == ["1:600001 lex.too-many-tokens: file has too many tokens; the limit is 300000 (maxTokens)"])
  }

  private func parameters(_ count: Int) -> String {
    (0..<count).map { "p\($0): int" }.joined(separator: ", ")
  }

  @Test func tooManyParameters() {
    #expect(SyntaxFixture.errors("program P(\(parameters(64))) { play C }") == [])
    let source = "program P(\(parameters(65))) { play C }"
    let column = "program P(".count + parameters(64).count + 3
    #expect(
      SyntaxFixture.errors(source)
        == ["1:\(column) parse.too-many-parameters: too many parameters in one program; the limit is 64"])
  }

  @Test func tooManyArguments() {
    let arguments = (0..<65).map(String.init).joined(separator: ", ")
    let column = "f(".count + (0..<64).map(String.init).joined(separator: ", ").count + 3
    #expect(SyntaxFixture.expression("f(\((0..<64).map(String.init).joined(separator: ", ")))") != nil)
    #expect(
      SyntaxFixture.expressionErrors("f(\(arguments))")
        == ["1:\(column) parse.too-many-arguments: too many arguments in one call; the limit is 64"])
  }

  @Test func tooManySetElements() {
    let prefix = "x in {" + repeated("1, ", 1_000)
    #expect(SyntaxFixture.expression("x in {" + repeated("1, ", 999) + "1}") != nil)
    #expect(
      SyntaxFixture.expressionErrors(prefix + "1}")
        == [
          "1:\(prefix.count + 1) parse.too-many-set-elements: too many elements in one set; the limit is 1000"
        ])
  }

  @Test func tooManyGameClauses() {
    let source = "game G {\n" + repeated("  resource 1\n", 10_001) + "}"
    #expect(
      SyntaxFixture.errors(source)
        == ["10002:3 parse.too-many-game-clauses: too many clauses in one game; the limit is 10000"])
    #expect(SyntaxFixture.errors("game G {\n" + repeated("  resource 1\n", 10_000) + "}") == [])
  }

  @Test func tooManyClauseListElements() {
    let names = (0..<1_001).map { "a\($0)" }
    let source = "game G { actions \(names.joined(separator: ", ")) }"
    let column = "game G { actions ".count + names.prefix(1_000).joined(separator: ", ").count + 3
    #expect(
      SyntaxFixture.errors(source)
        == ["1:\(column) parse.too-many-list-elements: too many entries in one clause list; the limit is 1000"])
    let demands = "game G { demands {\(repeated("1, ", 1_000))1} }"
    #expect(SyntaxFixture.errors(demands).count == 1)
  }
}
