// Syntax diagnostics: exact text, place and id for malformed input, rendering, and recovery.

import Testing

@testable import BargainSyntax

@Suite struct SyntaxDiagnosticTests {
  static let cases: [(source: String, errors: [String])] = [
    (
      "program Alice {\n  if provable(them(me) == C {\n    play C\n  } else { play D }\n}",
      ["2:29 parse.unclosed-delimiter: expected ')' to close '(' opened at 2:14, found '{'"]
    ),
    (
      "program P {\n  if them == me { play C }\n}",
      ["3:1 parse.missing-else: expected 'else' after the 'if' block, found '}'"]
    ),
    (
      "program P { if a { play C } else if b { play D } }",
      ["1:50 parse.missing-else: expected 'else' after the 'if' block, found '}'"]
    ),
    (
      "program P { if a < b < c { play C } else { play D } }",
      ["1:22 parse.chained-comparison: expected the end of the comparison, found '<'; comparisons do not chain"]
    ),
    (
      "program P { play @C }",
      ["1:18 lex.unexpected-character: unexpected character '@'"]
    ),
    (
      "program P { demand 99999999999999999999 }",
      [
        "1:20 lex.integer-overflow: integer 99999999999999999999 does not fit in 64 bits; the largest is 9223372036854775807"
      ]
    ),
    (
      "import \"Standoff.bargain\ngame Standoff",
      [#"1:8 lex.unterminated-string: expected '"' to close the string, found end of line"#]
    ),
    (
      "program P { if them = me { play C } else { play D } }",
      ["1:21 parse.assignment-in-expression: expected '==' to compare, found '='"]
    ),
    (
      "program P {\n  play C\n",
      ["3:1 parse.unclosed-delimiter: expected '}' to close '{' opened at 1:11, found end of file"]
    ),
    (
      "game G {\n  actions C, D\nprogram P { play C }",
      ["3:1 parse.unclosed-delimiter: expected '}' to close '{' opened at 1:8, found 'program'"]
    ),
    (
      "program P { play C }\nplay D",
      [
        "2:1 parse.expected-token: expected 'import', 'game', 'program', 'plan', 'main', 'grant', 'tournament', 'lag' or 'agent', found 'play'"
      ]
    ),
    ("", []),
    (
      "program P { let game = 3 play C }",
      ["1:17 parse.reserved-word: expected a name, found reserved word 'game'"]
    ),
    (
      "program P { play C play D }",
      ["1:20 parse.statement-after-decision: expected '}' after the block's decision, found 'play'"]
    ),
    (
      "program P { let x = 1 }",
      ["1:23 parse.expected-token: expected a decision ('if', 'with probability', 'play' or 'demand'), found '}'"]
    ),
    (
      "game G\nimport \"late.bargain\"",
      [
        "2:1 parse.import-after-item: expected 'game' or 'program', found 'import'; imports come before games and programs"
      ]
    ),
    (
      "program P(x: string) { play x }",
      [
        "1:14 parse.expected-token: expected a type ('int', 'rational', 'bool', 'action', 'outside' or 'program'), found 'string'"
      ]
    ),
    (
      "program P { play them.3 }",
      ["1:23 parse.expected-token: expected a field name ('demand', 'outside' or a name), found '3'"]
    ),
    (
      "program P { if a { play C } else play D }",
      ["1:34 parse.expected-token: expected 'if' or '{' after 'else', found 'play'"]
    ),
    (
      "program P [ play C ]",
      ["1:11 parse.expected-token: expected '(' or '{', found '['"]
    ),
    (
      "game G { surplus half }",
      ["1:18 parse.expected-token: expected 'keep' or 'split', found 'half'"]
    ),
    (
      "game G { demands x }",
      ["1:18 parse.expected-token: expected a range 'low..high' or a list '{...}', found 'x'"]
    ),
    (
      "game G { payoff (C, D) = (1, 2 }",
      ["1:32 parse.unclosed-delimiter: expected ')' to close '(' opened at 1:26, found '}'"]
    ),
    (
      "game G { payof (C, D) = (1, 2) }",
      [
        "1:10 parse.expected-token: expected a game clause ('actions', 'payoff', 'resource', 'demands', "
          + "'outside', 'default', 'disagreement', 'surplus', 'never ends', 'rounds', 'discount', 'cost per round', "
          + "'lock when repeated', 'grant' or 'capability') or '}', found 'payof'"
      ]
    ),
    (
      "game G { never (1, 2) }",
      ["1:16 parse.expected-token: expected 'ends', found '('"]
    ),
    (
      "program P { play x in S }",
      ["1:25 parse.expected-token: expected '..', found '}'"]
    ),
    (
      "program P { play x in }",
      ["1:23 parse.expected-token: expected a set ('{...}' or 'low..high'), found '}'"]
    ),
    (
      "program P { play provable[1, 2](x) }",
      ["1:28 parse.unclosed-delimiter: expected ']' to close '[' opened at 1:26, found ','"]
    ),
    (
      "import Standoff",
      ["1:8 parse.expected-token: expected a string, found 'Standoff'"]
    ),
    (
      "program P { play \"C\" }",
      [#"1:18 parse.expected-token: expected an expression, found string "C""#]
    ),
    (
      "program P { play a !b }",
      ["1:20 lex.unexpected-character: unexpected character '!'"]
    ),
  ]

  @Test(arguments: cases)
  func malformedInput(source: String, errors: [String]) {
    #expect(SyntaxFixture.errors(source) == errors)
  }

  @Test func renderedMissingParenthesisShowsTheLineCaretAndOpening() {
    let source = "program Alice {\n  if provable(them(me) == C {\n    play C\n  } else { play D }\n}\n"
    #expect(
      SyntaxFixture.rendered(source) == """
        test.bargain:2:29: error: expected ')' to close '(' opened at 2:14, found '{'
         2 |   if provable(them(me) == C {
           |                             ^
        test.bargain:2:14: note: '(' opened here
         2 |   if provable(them(me) == C {
           |              ^

        """)
  }

  @Test func renderedMissingElseCarriesTheHelp() {
    let source = "program P {\n  if them == me { play C }\n}\n"
    #expect(
      SyntaxFixture.rendered(source) == """
        test.bargain:3:1: error: expected 'else' after the 'if' block, found '}'
         3 | }
           | ^
        test.bargain:2:3: note: the 'if' chain starts here
         2 |   if them == me { play C }
           |   ^^
          = help: every `if` needs a final `else` so the program always decides

        """)
  }

  @Test func renderedEqualsInsteadOfDoubleEquals() {
    #expect(
      SyntaxFixture.rendered("program P { play them = C }") == """
        test.bargain:1:23: error: expected '==' to compare, found '='
         1 | program P { play them = C }
           |                       ^
          = help: '=' only binds names ('let x = ...'); write '==' to test equality

        """)
  }

  @Test func twoBrokenProgramsGiveExactlyTwoErrors() {
    let source = """
      program A {
        if provable(them(me) == C { play C } else { play D }
      }
      program Good { play C }
      program B {
        let x = 1 +
      }
      game G { actions C, D }
      """
    let (unit, diagnostics) = SyntaxFixture.parse(source)
    #expect(
      SyntaxFixture.summaries(diagnostics, in: source) == [
        "2:29 parse.unclosed-delimiter: expected ')' to close '(' opened at 2:14, found '{'",
        "7:1 parse.expected-token: expected an expression, found '}'",
      ])
    // Parsing resumed at each top-level keyword, so the intact items are still there.
    let names = unit.items.map { item -> String in
      switch item {
      case .game(let game): return game.name.name
      case .program(let program): return program.name.name
      case .plan: return "plan"
      case .main: return "main"
      case .grant: return "grant"
      case .tournament: return "tournament"
      case .lag: return "lag"
      case .agent(let agent): return "agent \(agent.name.name)"
      }
    }
    #expect(names == ["Good", "G"])
  }

  @Test func aMisplacedKeywordDoesNotRestartParsing() {
    // `program` as a parameter type and `game` used as a name are not new items.
    #expect(
      SyntaxFixture.errors("program P(q: program, r: int = game) { play C }\nprogram Q { play D }")
        == ["1:32 parse.expected-token: expected an expression, found 'game'"])
  }

  @Test func oneBadCharacterGivesOneError() {
    #expect(
      SyntaxFixture.errors("program P { if a @ b { play C } else { play D } }")
        == ["1:18 lex.unexpected-character: unexpected character '@'"])
    #expect(
      SyntaxFixture.errors("program P { play C } §")
        == ["1:22 lex.unexpected-character: unexpected character '§' (U+00A7)"])
  }

  @Test func expressionEntryPointReportsTrailingInput() {
    #expect(
      SyntaxFixture.expressionErrors("Demand(70) extra")
        == ["1:12 parse.expected-token: expected the end of the expression, found 'extra'"])
    #expect(
      SyntaxFixture.expressionErrors("") == ["1:1 parse.expected-token: expected an expression, found end of file"])
    #expect(Parser.parseExpression(SyntaxFixture.file("Demand(70) extra")).expr == nil)
  }

  @Test func diagnosticIdsAreStable() {
    let messages: [ParseMessage] = [
      .unexpectedCharacters("@"), .integerOverflow(literal: "9"), .unterminatedString(atEndOfFile: true),
      .backslashInString, .tooManyTokens(limit: 1), .fileTooLarge(bytes: 2, limit: 1),
      .expectedToken(.name, found: "'x'"), .reservedWord("game"),
      .unclosedDelimiter(
        close: .rightParen, open: .leftParen, openedAt: BargainSyntax.SourceLocation(line: 1, column: 1), found: "'x'"),
      .missingElse(found: "'}'"), .statementAfterDecision(found: "'play'"),
      .chainedComparison(found: "'<'"), .assignmentInExpression, .importAfterItem,
      .nestingTooDeep(limit: 200), .tooMany(.parameters, limit: 64), .tooMany(.arguments, limit: 64),
      .tooMany(.setElements, limit: 1), .tooMany(.gameClauses, limit: 1), .tooMany(.listElements, limit: 1),
    ]
    #expect(
      messages.map(\.id) == [
        "lex.unexpected-character", "lex.integer-overflow", "lex.unterminated-string",
        "lex.backslash-in-string", "lex.too-many-tokens", "parse.file-too-large", "parse.expected-token",
        "parse.reserved-word", "parse.unclosed-delimiter", "parse.missing-else",
        "parse.statement-after-decision", "parse.chained-comparison", "parse.assignment-in-expression",
        "parse.import-after-item", "parse.nesting-too-deep", "parse.too-many-parameters",
        "parse.too-many-arguments", "parse.too-many-set-elements", "parse.too-many-game-clauses",
        "parse.too-many-list-elements",
      ])
  }
}
