// Every message the lexer and parser can report: stable ids, text and help, in one place.

/// What the parser was looking for when it found something else.
public enum Expectation: Hashable, Sendable {
  case punctuation(Punctuation)
  case keyword(Keyword)
  /// One of two delimiters, e.g. `'(' or '{'` after a program's name.
  case either(Punctuation, Punctuation)
  case name
  case expression
  case integer
  case string
  case type
  case gameClause
  case item
  case decision
  case field
  case set
  case afterElse
  case surplusRule
  case demands
  case endOfExpression
  case budget
  case planStep
  case tournamentClause
  case planAction
  case planCondition
  case boundOperator
  case channelState
  /// A contextual word such as `at`, `for` or `committed`.
  case word(String)

  public var description: String {
    switch self {
    case .punctuation(let punctuation): return "'\(punctuation.rawValue)'"
    case .keyword(let keyword): return "'\(keyword.rawValue)'"
    case .either(let first, let second): return "'\(first.rawValue)' or '\(second.rawValue)'"
    case .name: return "a name"
    case .expression: return "an expression"
    case .integer: return "an integer"
    case .string: return "a string"
    case .type: return "a type ('int', 'rational', 'bool', 'action', 'outside' or 'program')"
    case .gameClause:
      return "a game clause ('actions', 'payoff', 'resource', 'demands', 'outside', 'default', "
        + "'disagreement', 'surplus', 'never ends', 'rounds', 'discount', 'cost per round', 'lock when repeated', "
        + "'grant' or 'capability') or '}'"
    case .item: return "'import', 'game', 'program', 'plan', 'main', 'grant', 'tournament', 'lag' or 'agent'"
    case .decision: return "a decision ('if', 'with probability', 'play' or 'demand')"
    case .field: return "a field name ('demand', 'outside' or a name)"
    case .set: return "a set ('{...}' or 'low..high')"
    case .afterElse: return "'if' or '{' after 'else'"
    case .surplusRule: return "'keep' or 'split'"
    case .demands: return "a range 'low..high' or a list '{...}'"
    case .endOfExpression: return "the end of the expression"
    case .budget: return "a proof budget (an integer, a name or a parenthesised expression)"
    case .planStep: return "a plan step 'at T { ... }', 'when ... { ... }' or '}'"
    case .tournamentClause: return "a tournament clause ('agents', 'horizon' or 'lag') or '}'"
    case .planAction: return "a plan action ('commit', 'open', 'close', 'prepare', 'if' or 'with probability') or '}'"
    case .planCondition:
      return "a condition ('they committed ...', 'their channel is open', 'true', 'false', 'not' or '(')"
    case .boundOperator: return "'>=', '<=' or '=='"
    case .channelState: return "'open' or 'closed'"
    case .word(let word): return "'\(word)'"
    }
  }
}

/// Lists whose length the parser bounds (see `SyntaxLimits`).
public enum ListKind: String, Hashable, Sendable, CaseIterable {
  case parameters
  case arguments
  case setElements = "set-elements"
  case gameClauses = "game-clauses"
  case listElements = "list-elements"
  case planSteps = "plan-steps"
  case planActions = "plan-actions"
  case boundTerms = "bound-terms"

  var noun: String {
    switch self {
    case .parameters: return "parameters in one program"
    case .arguments: return "arguments in one call"
    case .setElements: return "elements in one set"
    case .gameClauses: return "clauses in one game"
    case .listElements: return "entries in one clause list"
    case .planSteps: return "steps in one plan"
    case .planActions: return "actions in one plan block"
    case .boundTerms: return "terms in one demand bound"
    }
  }
}

/// The messages of the syntax phase. `found` payloads are token descriptions made by
/// `ParseMessage.describe(_:in:)`.
public enum ParseMessage: DiagnosticMessage, Hashable {
  /// A run of characters that start no token (`@`, `#`, non-ASCII outside strings and comments).
  case unexpectedCharacters(String)
  case integerOverflow(literal: String)
  case unterminatedString(atEndOfFile: Bool)
  case backslashInString
  case tooManyTokens(limit: Int)
  case fileTooLarge(bytes: Int, limit: Int)
  case expectedToken(Expectation, found: String)
  /// A reserved word where a name belongs.
  case reservedWord(String)
  case unclosedDelimiter(close: Punctuation, open: Punctuation, openedAt: SourceLocation, found: String)
  case missingElse(found: String)
  /// Something after a block's one decision.
  case statementAfterDecision(found: String)
  case chainedComparison(found: String)
  /// `=` where an operator or the end of an expression belongs (meant `==`).
  case assignmentInExpression
  case importAfterItem
  case nestingTooDeep(limit: Int)
  case tooMany(ListKind, limit: Int)
  /// A payoff `n/0`, or a decimal whose fraction does not fit in 64 bits.
  case invalidPayoff(literal: String, zero: Bool)

  public var id: String {
    switch self {
    case .unexpectedCharacters: return "lex.unexpected-character"
    case .integerOverflow: return "lex.integer-overflow"
    case .unterminatedString: return "lex.unterminated-string"
    case .backslashInString: return "lex.backslash-in-string"
    case .tooManyTokens: return "lex.too-many-tokens"
    case .fileTooLarge: return "parse.file-too-large"
    case .expectedToken: return "parse.expected-token"
    case .reservedWord: return "parse.reserved-word"
    case .unclosedDelimiter: return "parse.unclosed-delimiter"
    case .missingElse: return "parse.missing-else"
    case .statementAfterDecision: return "parse.statement-after-decision"
    case .chainedComparison: return "parse.chained-comparison"
    case .assignmentInExpression: return "parse.assignment-in-expression"
    case .importAfterItem: return "parse.import-after-item"
    case .nestingTooDeep: return "parse.nesting-too-deep"
    case .tooMany(let kind, _): return "parse.too-many-\(kind.rawValue)"
    case .invalidPayoff: return "parse.invalid-payoff"
    }
  }

  public var message: String {
    switch self {
    case .unexpectedCharacters(let text):
      let noun = text.unicodeScalars.count == 1 ? "character" : "characters"
      return "unexpected \(noun) \(Self.show(text))"
    case .integerOverflow(let literal):
      return "integer \(Self.clip(literal)) does not fit in 64 bits; the largest is \(Int.max)"
    case .unterminatedString(let atEndOfFile):
      return "expected '\"' to close the string, found end of \(atEndOfFile ? "file" : "line")"
    case .backslashInString:
      return "unexpected '\\' in a string; strings have no escapes"
    case .tooManyTokens(let limit):
      return "file has too many tokens; the limit is \(limit) (maxTokens)"
    case .fileTooLarge(let bytes, let limit):
      return "file is too large: \(bytes) bytes; the limit is \(limit) bytes (maxSourceBytes)"
    case .expectedToken(let expectation, let found):
      return "expected \(expectation.description), found \(found)"
    case .reservedWord(let word):
      return "expected a name, found reserved word '\(word)'"
    case .unclosedDelimiter(let close, let open, let openedAt, let found):
      return "expected '\(close.rawValue)' to close '\(open.rawValue)' opened at "
        + "\(openedAt.line):\(openedAt.column), found \(found)"
    case .missingElse(let found):
      return "expected 'else' after the 'if' block, found \(found)"
    case .statementAfterDecision(let found):
      return "expected '}' after the block's decision, found \(found)"
    case .chainedComparison(let found):
      return "expected the end of the comparison, found \(found); comparisons do not chain"
    case .assignmentInExpression:
      return "expected '==' to compare, found '='"
    case .importAfterItem:
      return "expected 'game' or 'program', found 'import'; imports come before games and programs"
    case .nestingTooDeep(let limit):
      return "nesting too deep: more than \(limit) levels of blocks, parentheses or operators (maxNestingDepth)"
    case .tooMany(let kind, let limit):
      return "too many \(kind.noun); the limit is \(limit)"
    case .invalidPayoff(let literal, let zero):
      return zero
        ? "payoff \(Self.clip(literal)) divides by zero"
        : "payoff \(Self.clip(literal)) does not fit in 64 bits as a fraction"
    }
  }

  public var help: String? {
    switch self {
    case .unexpectedCharacters(let text):
      switch text.unicodeScalars.first {
      case "!": return "write 'not' to negate, or '!=' for 'not equal'"
      case "&": return "write 'and'"
      case "|": return "write 'or'"
      case "'", "\u{201C}", "\u{201D}": return "strings use straight double quotes: \"...\""
      default: return nil
      }
    case .backslashInString: return "write paths with '/'"
    case .reservedWord(let word): return "'\(word)' is a reserved word; choose another name"
    case .missingElse: return "every `if` needs a final `else` so the program always decides"
    case .statementAfterDecision:
      return "a block is any number of 'let's followed by exactly one decision"
    case .chainedComparison: return "join two comparisons with 'and', as in 'a < b and b < c'"
    case .assignmentInExpression:
      return "'=' only binds names ('let x = ...'); write '==' to test equality"
    case .importAfterItem: return "move every 'import' to the top of the file"
    case .integerOverflow, .unterminatedString, .tooManyTokens, .fileTooLarge, .expectedToken,
      .unclosedDelimiter, .nestingTooDeep, .tooMany:
      return nil
    case .invalidPayoff(_, let zero):
      return zero ? nil : "write it as a fraction such as 3/2, or with fewer digits"
    }
  }

  /// How a token appears in "found ..." text: `'{'`, `'walk'`, `string "a.bargain"`, `end of file`.
  public static func describe(_ token: Token, in file: SourceFile) -> String {
    switch token.kind {
    case .keyword(let keyword): return "'\(keyword.rawValue)'"
    case .punctuation(let punctuation): return "'\(punctuation.rawValue)'"
    case .identifier(let name): return "'\(clip(name))'"
    case .integer: return "'\(clip(file.text(of: token.range)))'"
    case .string(let text): return "string \"\(clip(text))\""
    case .invalid: return show(file.text(of: token.range))
    case .endOfFile: return "end of file"
    }
  }

  /// Quotes printable text; names invisible and non-ASCII characters by code point too.
  static func show(_ text: String) -> String {
    let clipped = clip(text)
    let printable = clipped.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
    let ascii = clipped.unicodeScalars.allSatisfy(\.isASCII)
    let codes = clipped.unicodeScalars.map { "U+" + hex($0.value) }.joined(separator: " ")
    if printable && ascii { return "'\(clipped)'" }
    if printable { return "'\(clipped)' (\(codes))" }
    return codes
  }

  private static func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }

  /// Keeps messages one line long when a token is huge.
  static func clip(_ text: String) -> String {
    text.count <= 40 ? text : String(text.prefix(40)) + "..."
  }
}

/// Secondary places attached to a parse diagnostic.
public enum ParseNote: Hashable, Sendable {
  /// Where the delimiter that was never closed opened.
  case opened(Punctuation)
  /// The `if` whose chain lacks its final `else`.
  case ifChainStart

  public var message: String {
    switch self {
    case .opened(let open): return "'\(open.rawValue)' opened here"
    case .ifChainStart: return "the 'if' chain starts here"
    }
  }

  public func note(at range: SourceRange) -> Diagnostic.Note {
    Diagnostic.Note(message: message, range: range)
  }
}
