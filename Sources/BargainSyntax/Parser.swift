// The parser's entry points and the machinery its rule functions share: the token cursor, error
// reporting, resynchronisation and the nesting limit. The rules themselves live in
// Parser+Declarations.swift and Parser+Expressions.swift, one function per rule of
// Grammar/bargain.ebnf.

public enum Parser {
  /// Parses a whole file. Always returns a tree (possibly partial) and the diagnostics, ordered by
  /// position. After a syntax error the parser skips to the next top-level `game`, `program` or
  /// `import`, so one mistake gives one error.
  public static func parse(_ file: SourceFile) -> (unit: SourceUnit, diagnostics: [Diagnostic]) {
    let empty = SourceUnit(file: file.id, imports: [], items: [])
    if let tooLarge = sizeDiagnostic(file) { return (empty, [tooLarge]) }
    let lexed = Lexer.tokenize(file)
    if lexed.stoppedAtTokenLimit { return (empty, lexed.diagnostics) }
    var session = ParseSession(file: file, tokens: lexed.tokens)
    let unit = session.parseFile()
    return (unit, ordered(lexed.diagnostics + session.diagnostics))
  }

  /// Parses a standalone expression (used for command-line queries like `Demand(70)` or a formula).
  /// The expression is nil when none could be parsed or input follows it.
  public static func parseExpression(_ file: SourceFile) -> (expr: Expr?, diagnostics: [Diagnostic]) {
    if let tooLarge = sizeDiagnostic(file) { return (nil, [tooLarge]) }
    let lexed = Lexer.tokenize(file)
    if lexed.stoppedAtTokenLimit { return (nil, lexed.diagnostics) }
    var session = ParseSession(file: file, tokens: lexed.tokens)
    let expr = session.parseStandaloneExpression()
    return (expr, ordered(lexed.diagnostics + session.diagnostics))
  }

  private static func sizeDiagnostic(_ file: SourceFile) -> Diagnostic? {
    guard file.bytes.count > SyntaxLimits.maxSourceBytes else { return nil }
    let message = ParseMessage.fileTooLarge(bytes: file.bytes.count, limit: SyntaxLimits.maxSourceBytes)
    return message.diagnostic(at: SourceRange(file: file.id, start: 0, end: 0))
  }

  /// Lexer and parser diagnostics interleaved by position; stable for equal positions.
  private static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.enumerated()
      .sorted { ($0.element.range?.start ?? 0, $0.offset) < ($1.element.range?.start ?? 0, $1.offset) }
      .map(\.element)
  }
}

/// Thrown by rule functions after the diagnostic has been recorded; caught where the parser
/// resynchronises.
struct ParseFailure: Error {}

/// The state of one parse: a cursor over the tokens, the nesting depth and the diagnostics.
struct ParseSession {
  let file: SourceFile
  let tokens: [Token]
  var position = 0
  /// Blocks, parentheses, prefix operators and modal operators currently open.
  var depth = 0
  var diagnostics: [Diagnostic] = []

  init(file: SourceFile, tokens: [Token]) {
    self.file = file
    // The lexer always ends with `.endOfFile`; keep that true even for a hand-made token list.
    let end = SourceRange(file: file.id, start: file.bytes.count, end: file.bytes.count)
    self.tokens = tokens.last?.kind == .endOfFile ? tokens : tokens + [Token(kind: .endOfFile, range: end)]
  }

  // MARK: - Cursor

  var current: Token { token(at: position) }

  func peek(_ offset: Int) -> Token { token(at: position + offset) }

  private func token(at index: Int) -> Token {
    tokens[max(0, min(index, tokens.count - 1))]
  }

  var atEnd: Bool { current.kind == .endOfFile }

  @discardableResult
  mutating func advance() -> Token {
    let token = current
    if position < tokens.count - 1 { position += 1 }
    return token
  }

  func check(_ punctuation: Punctuation) -> Bool { current.isPunctuation(punctuation) }

  func check(_ keyword: Keyword) -> Bool { current.isKeyword(keyword) }

  /// Consumes the current token when it is `punctuation`.
  mutating func consume(_ punctuation: Punctuation) -> Token? {
    check(punctuation) ? advance() : nil
  }

  mutating func expect(_ punctuation: Punctuation) throws(ParseFailure) -> Token {
    if let token = consume(punctuation) { return token }
    throw failExpected(.punctuation(punctuation))
  }

  mutating func expect(_ keyword: Keyword) throws(ParseFailure) -> Token {
    if check(keyword) { return advance() }
    throw failExpected(.keyword(keyword))
  }

  /// Consumes `close`, or reports it missing together with where `opening` was.
  mutating func expectClosing(_ close: Punctuation, opening: Token) throws(ParseFailure) -> Token {
    if let token = consume(close) { return token }
    // Callers always pass the opening delimiter's token; the fallback only keeps this total.
    let open: Punctuation
    switch opening.kind {
    case .punctuation(let punctuation): open = punctuation
    case .keyword, .identifier, .integer, .string, .invalid, .endOfFile: open = .leftParen
    }
    throw fail(
      .unclosedDelimiter(
        close: close, open: open, openedAt: file.location(of: opening.range.start), found: found()),
      notes: [ParseNote.opened(open).note(at: opening.range)])
  }

  /// `IDENT`, with a specific message when a reserved word stands where a name belongs.
  mutating func expectName() throws(ParseFailure) -> Identifier {
    switch current.kind {
    case .identifier(let name):
      return Identifier(name: name, range: advance().range)
    case .keyword(let keyword):
      throw fail(.reservedWord(keyword.rawValue))
    case .punctuation, .integer, .string, .invalid, .endOfFile:
      throw failExpected(.name)
    }
  }

  /// `INT`
  mutating func expectInteger() throws(ParseFailure) -> IntegerLiteral {
    guard case .integer(let value) = current.kind else { throw failExpected(.integer) }
    return IntegerLiteral(value: value, range: advance().range)
  }

  // MARK: - Errors

  /// The current token as "found ..." text.
  func found() -> String { ParseMessage.describe(current, in: file) }

  /// Records `message` at `range` (default: the current token) and returns the failure to throw.
  /// Stays quiet on a token the lexer already reported, so one bad character gives one error.
  mutating func fail(
    _ message: ParseMessage, at range: SourceRange? = nil, notes: [Diagnostic.Note] = []
  ) -> ParseFailure {
    if range != nil || current.kind != .invalid {
      diagnostics.append(message.diagnostic(at: range ?? current.range, notes: notes))
    }
    return ParseFailure()
  }

  mutating func failExpected(_ expectation: Expectation) -> ParseFailure {
    fail(.expectedToken(expectation, found: found()))
  }

  // MARK: - Limits

  /// Enters one level of nesting at `token`; the caller leaves it with `depth -= 1` (in a `defer`).
  mutating func nest(at token: Token) throws(ParseFailure) {
    guard depth < SyntaxLimits.maxNestingDepth else {
      throw fail(.nestingTooDeep(limit: SyntaxLimits.maxNestingDepth), at: token.range)
    }
    depth += 1
  }

  /// Loops build left-leaning trees without recursing (`a + b + c`, `f(1)(2)(3)`), so the parser's
  /// own depth does not bound the tree's height. Later phases recurse over it, so measure it here,
  /// without recursion, on top of the blocks it sits in.
  mutating func checkHeight(_ expr: Expr) throws(ParseFailure) {
    var pending: [(expr: Expr, level: Int)] = [(expr, depth + 1)]
    while let (node, level) = pending.popLast() {
      if level > SyntaxLimits.maxNestingDepth {
        throw fail(.nestingTooDeep(limit: SyntaxLimits.maxNestingDepth), at: node.range)
      }
      // Reversed so the leftmost child is visited first: the report lands on the leftmost path.
      for child in Self.children(of: node).reversed() { pending.append((child, level + 1)) }
    }
  }

  private static func children(of expr: Expr) -> [Expr] {
    switch expr.kind {
    case .integer, .boolean, .name, .me, .them: return []
    case .unary(_, let operand): return [operand]
    case .binary(_, let left, let right): return [left, right]
    case .membership(let element, .list(let elements, _), _): return [element] + elements
    case .membership(let element, .range(let low, let high, _), _): return [element, low, high]
    case .call(let callee, let arguments): return [callee] + arguments
    case .field(let base, _): return [base]
    case .modal(_, let level, let body): return (level.map { [$0] } ?? []) + [body]
    case .bounded(let level, let budget, let body): return (level.map { [$0] } ?? []) + [budget, body]
    case .simulate(let fuel, let player, let opponent): return (fuel.map { [$0] } ?? []) + [player, opponent]
    case .timeout, .situation, .lastDemand: return []
    case .labeled(_, let value): return [value]
    case .demandAtRound(_, let round): return [round]
    case .playAtRound(let play, let round, let sticking): return [play, round, sticking]
    case .eventuallyAccepts(let play, let demand): return [play, demand]
    }
  }

  /// Checks a list's length before adding one more element at the current token.
  mutating func checkCount(_ count: Int, of kind: ListKind, limit: Int) throws(ParseFailure) {
    if count >= limit { throw fail(.tooMany(kind, limit: limit)) }
  }

  // MARK: - Recovery

  /// Skips to the next token that starts an item or import. A keyword counts only when followed by
  /// what must follow it at top level (`game G`, `program P`, `import "f"`): then a misplaced
  /// `game` (`let game = 3`) or the type in `q: program` does not restart parsing.
  mutating func synchronize(from start: Int) {
    if position == start { advance() }
    while !atEnd && !startsTopLevel {
      advance()
    }
  }

  var startsTopLevel: Bool {
    if current.isContextual("plan") && peek(1).isPunctuation(.leftBrace) { return true }
    if current.isContextual("tournament") && peek(1).isPunctuation(.leftBrace) { return true }
    switch peek(1).kind {
    case .identifier: return check(.game) || check(.program) || current.isContextual("grant")
    case .integer: return current.isContextual("lag")
    case .string: return check(.import)
    case .keyword, .punctuation, .invalid, .endOfFile: return false
    }
  }
}
