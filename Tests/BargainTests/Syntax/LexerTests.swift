// Lexer: token kinds, exact ranges, comments, and lexical errors.

import Testing

@testable import BargainSyntax

@Suite struct LexerTests {
  /// Kinds and source text of every token except the final end of file.
  private func lex(_ text: String) -> [String] {
    let file = SyntaxFixture.file(text)
    let lexed = Lexer.tokenize(file)
    #expect(lexed.tokens.last?.kind == .endOfFile)
    return lexed.tokens.dropLast().map { token in
      let spelling = file.text(of: token.range)
      switch token.kind {
      case .keyword: return "kw:\(spelling)"
      case .punctuation: return "p:\(spelling)"
      case .identifier: return "id:\(spelling)"
      case .integer(let value): return "int:\(value)"
      case .string(let text): return "str:\(text)"
      case .invalid: return "invalid:\(spelling)"
      case .endOfFile: return "eof"
      }
    }
  }

  @Test func punctuationPrefersTheLongestToken() {
    #expect(
      lex("( ) { } [ ] , : . .. = == != < <= > >= + - * / %")
        == [
          "p:(", "p:)", "p:{", "p:}", "p:[", "p:]", "p:,", "p::", "p:.", "p:..", "p:=", "p:==",
          "p:!=", "p:<", "p:<=", "p:>", "p:>=", "p:+", "p:-", "p:*", "p:/", "p:%",
        ])
    #expect(lex("0..100") == ["int:0", "p:..", "int:100"])
    #expect(lex("a<=b==c") == ["id:a", "p:<=", "id:b", "p:==", "id:c"])
    #expect(lex("x...y") == ["id:x", "p:..", "p:.", "id:y"])
  }

  @Test func keywordsAreReservedAndContextualWordsAreNames() {
    #expect(
      lex("game program import if else let play demand outside provable consistent")
        == [
          "kw:game", "kw:program", "kw:import", "kw:if", "kw:else", "kw:let", "kw:play",
          "kw:demand", "kw:outside", "kw:provable", "kw:consistent",
        ])
    #expect(
      lex("actions payoff resource demands step default disagreement surplus keep split")
        == [
          "id:actions", "id:payoff", "id:resource", "id:demands", "id:step", "id:default",
          "id:disagreement", "id:surplus", "id:keep", "id:split",
        ])
    #expect(
      lex("int bool action unconditional _x a_1 Games")
        == ["id:int", "id:bool", "id:action", "id:unconditional", "id:_x", "id:a_1", "id:Games"])
  }

  @Test func keywordListIsSortedAndShared() {
    #expect(
      Lexer.keywords
        == [
          "and", "consistent", "demand", "else", "false", "game", "if", "import", "in", "let", "me",
          "not", "or", "outside", "play", "program", "provable", "simulate", "them", "timeout", "true",
        ])
    #expect(Lexer.keywords == Token.keywords)
  }

  @Test func commentsAndWhitespaceSeparateTokens() {
    #expect(lex("a // comment with @ and é\n\tb\r\n// last") == ["id:a", "id:b"])
    #expect(lex("a/b //c") == ["id:a", "p:/", "id:b"])
    #expect(lex("") == [])
  }

  @Test func stringsKeepTheirTextAndAnyCharacters() {
    #expect(lex(#"import "dir/Stand off é.bargain""#) == ["kw:import", "str:dir/Stand off é.bargain"])
  }

  @Test func tokenRangesAreByteOffsets() {
    let lexed = Lexer.tokenize(SyntaxFixture.file("é \"ü\" ab 42"))
    #expect(lexed.tokens.map(\.range.start) == [0, 3, 8, 11, 13])
    #expect(lexed.tokens.map(\.range.end) == [2, 7, 10, 13, 13])
  }

  @Test func integersUpToInt64MaxAreFine() {
    #expect(lex("9223372036854775807 007") == ["int:9223372036854775807", "int:7"])
    #expect(Lexer.tokenize(SyntaxFixture.file("9223372036854775807")).diagnostics.isEmpty)
  }

  @Test func integerOverflowIsReportedOnTheWholeLiteral() {
    let lexed = Lexer.tokenize(SyntaxFixture.file("x 9223372036854775808 y"))
    #expect(lexed.diagnostics.map(\.id) == ["lex.integer-overflow"])
    #expect(lexed.diagnostics.first?.range == SourceRange(file: FileID(0), start: 2, end: 21))
    #expect(
      lexed.diagnostics.first?.message
        == "integer 9223372036854775808 does not fit in 64 bits; the largest is 9223372036854775807")
    #expect(lexed.tokens.count == 4)
  }

  @Test func unexpectedCharactersBecomeOneInvalidTokenPerRun() {
    #expect(lex("a @# b") == ["id:a", "invalid:@#", "id:b"])
    #expect(lex("a!b") == ["id:a", "invalid:!", "id:b"])
    #expect(lex("a → b") == ["id:a", "invalid:→", "id:b"])
    let lexed = Lexer.tokenize(SyntaxFixture.file("a → b"))
    #expect(lexed.diagnostics.map(\.message) == ["unexpected character '→' (U+2192)"])
    #expect(lexed.diagnostics.first?.range == SourceRange(file: FileID(0), start: 2, end: 5))
  }

  @Test func controlCharactersAreNamedByCodePoint() {
    let lexed = Lexer.tokenize(SyntaxFixture.file("a \u{7} b"))
    #expect(lexed.diagnostics.map(\.message) == ["unexpected character U+0007"])
  }

  @Test func unterminatedStringStopsAtTheEndOfTheLine() {
    let lexed = Lexer.tokenize(SyntaxFixture.file("import \"abc\ngame G"))
    #expect(lexed.diagnostics.map(\.message) == [#"expected '"' to close the string, found end of line"#])
    #expect(lexed.diagnostics.first?.range == SourceRange(file: FileID(0), start: 7, end: 11))
    #expect(
      lexed.tokens.map(\.kind) == [
        .keyword(.import), .string("abc"), .keyword(.game), .identifier("G"), .endOfFile,
      ])
  }

  @Test func backslashInAStringIsReportedOnce() {
    let lexed = Lexer.tokenize(SyntaxFixture.file(#"import "a\b\c""#))
    #expect(lexed.diagnostics.map(\.id) == ["lex.backslash-in-string"])
    #expect(lexed.diagnostics.first?.range == SourceRange(file: FileID(0), start: 9, end: 10))
  }
}
