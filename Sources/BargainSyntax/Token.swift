// Tokens: what the lexer produces and the parser consumes. Each carries its SourceRange.

/// The reserved words of `Grammar/bargain.ebnf` ("Keywords (reserved everywhere)").
/// Contextual words (`actions`, `payoff`, `int`, `unconditional`, ...) are plain identifiers.
public enum Keyword: String, Hashable, Sendable, CaseIterable {
  case and
  case consistent
  case demand
  case `else`
  case `false`
  case game
  case `if`
  case `import`
  case `in`
  case `let`
  case me
  case not
  case or
  case outside
  case play
  case program
  case provable
  case simulate
  case them
  case timeout
  case `true`
}

/// Operators and delimiters, spelled as in the source.
public enum Punctuation: String, Hashable, Sendable, CaseIterable {
  case leftParen = "("
  case rightParen = ")"
  case leftBrace = "{"
  case rightBrace = "}"
  case leftBracket = "["
  case rightBracket = "]"
  case comma = ","
  case colon = ":"
  case dot = "."
  case dotDot = ".."
  case assign = "="
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case plus = "+"
  case minus = "-"
  case star = "*"
  case slash = "/"
  case percent = "%"
}

public enum TokenKind: Hashable, Sendable {
  case keyword(Keyword)
  case punctuation(Punctuation)
  case identifier(String)
  /// An integer literal; on overflow the lexer reports it and stores `Int.max`.
  case integer(Int)
  /// A string literal without its quotes.
  case string(String)
  /// Characters the lexer could not read and has already reported; the parser stays quiet on it.
  case invalid
  case endOfFile
}

public struct Token: Hashable, Sendable {
  public var kind: TokenKind
  public var range: SourceRange

  public init(kind: TokenKind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }

  /// The reserved words, sorted; a test pins them against the grammar.
  public static let keywords: [String] = Keyword.allCases.map(\.rawValue).sorted()

  /// The contextual words, sorted: ordinary names except where the parser expects them (in a game
  /// body, a plan, a parameter's type, `with probability`, `provable within`, `never ends`). A
  /// test pins them against the words the parser compares identifiers with, and the TextMate
  /// grammar `Grammar/bargain.tmLanguage.json` against this list.
  public static let contextualWords: [String] = [
    "accepts", "action", "actions", "agent", "agents", "at", "bool", "cap", "capability", "channel", "close",
    "closed", "commit", "commitments", "committed", "cost", "default", "delegate", "demands", "disagreement",
    "discount", "ends", "eventually", "first", "floor", "for", "grant", "horizon", "int", "is", "keep", "lag", "last",
    "lock", "main", "my", "never", "open", "payoff", "per", "plan", "prepare", "probability", "rational", "reached",
    "received", "renegotiate", "repeated", "resource", "round", "rounds", "split", "step", "sticking", "surplus",
    "surrogate", "their", "they", "to", "tournament", "unconditionally", "when", "with", "withheld", "within",
  ]

  func isKeyword(_ keyword: Keyword) -> Bool { kind == .keyword(keyword) }

  func isPunctuation(_ punctuation: Punctuation) -> Bool { kind == .punctuation(punctuation) }

  /// True for an identifier spelled `word` (a contextual word such as `payoff` or `step`).
  func isContextual(_ word: String) -> Bool { kind == .identifier(word) }
}
