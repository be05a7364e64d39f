// The lexer: UTF-8 bytes of one SourceFile in, tokens and lexical diagnostics out.
// It never fails: unreadable input becomes an `.invalid` token plus one diagnostic.

/// What `Lexer.tokenize` produces. `tokens` always ends with exactly one `.endOfFile`.
public struct LexedFile: Sendable {
  public var tokens: [Token]
  public var diagnostics: [Diagnostic]
  /// True when the file had more than `SyntaxLimits.maxTokens` tokens and lexing stopped early;
  /// the parser then reports nothing more, since the rest of the file was never read.
  public var stoppedAtTokenLimit: Bool
  /// Each `//` comment, from `//` to the end of its line (without the newline): trivia the
  /// parser never sees, kept for the formatter and editors.
  public var comments: [SourceRange] = []
}

public enum Lexer {
  /// The reserved words, sorted (the same list as `Token.keywords`).
  public static let keywords: [String] = Token.keywords
  /// The contextual words, sorted (the same list as `Token.contextualWords`).
  public static let contextualWords: [String] = Token.contextualWords

  public static func tokenize(_ file: SourceFile) -> LexedFile {
    var scanner = Scanner(file: file)
    scanner.run()
    return LexedFile(
      tokens: scanner.tokens, diagnostics: scanner.diagnostics,
      stoppedAtTokenLimit: scanner.stoppedAtTokenLimit, comments: scanner.comments)
  }
}

private struct Scanner {
  let file: SourceFile
  let bytes: [UInt8]
  var offset = 0
  var tokens: [Token] = []
  var diagnostics: [Diagnostic] = []
  var stoppedAtTokenLimit = false
  var comments: [SourceRange] = []

  init(file: SourceFile) {
    self.file = file
    self.bytes = file.bytes
  }

  mutating func run() {
    while let byte = peek(at: offset) {
      let start = offset
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
        offset += 1
        continue
      case UInt8(ascii: "/") where peek(at: offset + 1) == UInt8(ascii: "/"):
        skipComment()
        continue
      case _ where Self.isLetter(byte):
        scanWord()
      case _ where Self.isDigit(byte):
        scanInteger()
      case UInt8(ascii: "\""):
        scanString()
      default:
        if let punctuation = punctuation(at: offset) {
          offset += punctuation.rawValue.utf8.count
          emit(.punctuation(punctuation), from: start)
        } else {
          scanUnexpected()
        }
      }
      if stoppedAtTokenLimit { break }
    }
    tokens.append(Token(kind: .endOfFile, range: range(from: offset, to: offset)))
  }

  // MARK: - Token kinds

  private mutating func scanWord() {
    let start = offset
    while let byte = peek(at: offset), Self.isLetter(byte) || Self.isDigit(byte) { offset += 1 }
    let word = String(decoding: bytes[start..<offset], as: UTF8.self)
    emit(Keyword(rawValue: word).map(TokenKind.keyword) ?? .identifier(word), from: start)
  }

  private mutating func scanInteger() {
    let start = offset
    var value = 0
    var overflowed = false
    while let byte = peek(at: offset), Self.isDigit(byte) {
      let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
      overflowed = overflowed || overflow1 || overflow2
      value = sum
      offset += 1
    }
    if overflowed {
      let literal = String(decoding: bytes[start..<offset], as: UTF8.self)
      report(.integerOverflow(literal: literal), from: start, to: offset)
      value = Int.max
    }
    emit(.integer(value), from: start)
  }

  /// STRING = '"' { any character except '"', '\' and newline } '"'
  private mutating func scanString() {
    let start = offset
    offset += 1
    var reportedBackslash = false
    while let byte = peek(at: offset), byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\n"),
      byte != UInt8(ascii: "\r")
    {
      // One report per string: a Windows path would otherwise give one error per separator.
      if byte == UInt8(ascii: "\\") && !reportedBackslash {
        report(.backslashInString, from: offset, to: offset + 1)
        reportedBackslash = true
      }
      offset += 1
    }
    let contents = String(decoding: bytes[(start + 1)..<offset], as: UTF8.self)
    if peek(at: offset) == UInt8(ascii: "\"") {
      offset += 1
    } else {
      report(.unterminatedString(atEndOfFile: offset >= bytes.count), from: start, to: offset)
    }
    emit(.string(contents), from: start)
  }

  /// Gathers a run of unreadable characters into one token and one diagnostic.
  private mutating func scanUnexpected() {
    let start = offset
    repeat {
      offset += scalarLength(at: offset)
    } while offset < bytes.count && isUnexpected(at: offset)
    let text = String(decoding: bytes[start..<offset], as: UTF8.self)
    report(.unexpectedCharacters(text), from: start, to: offset)
    emit(.invalid, from: start)
  }

  private mutating func skipComment() {
    let start = offset
    while let byte = peek(at: offset), byte != UInt8(ascii: "\n") { offset += 1 }
    let end = offset > start && peek(at: offset - 1) == UInt8(ascii: "\r") ? offset - 1 : offset
    comments.append(range(from: start, to: end))
  }

  // MARK: - Character classes

  private func punctuation(at index: Int) -> Punctuation? {
    guard let first = peek(at: index) else { return nil }
    if let second = peek(at: index + 1) {
      let pair = String(decoding: [first, second], as: UTF8.self)
      if let punctuation = Punctuation(rawValue: pair) { return punctuation }
    }
    return Punctuation(rawValue: String(decoding: [first], as: UTF8.self))
  }

  private func isUnexpected(at index: Int) -> Bool {
    guard let byte = peek(at: index) else { return false }
    if byte >= 0x80 { return true }
    if Self.isLetter(byte) || Self.isDigit(byte) { return false }
    switch byte {
    case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"),
      UInt8(ascii: "\""):
      return false
    default:
      return punctuation(at: index) == nil
    }
  }

  /// Bytes in the UTF-8 scalar starting at `index`, so a caret covers a whole character.
  private func scalarLength(at index: Int) -> Int {
    guard let lead = peek(at: index) else { return 1 }
    let length: Int
    switch lead {
    case 0xC0...0xDF: length = 2
    case 0xE0...0xEF: length = 3
    case 0xF0...0xF7: length = 4
    default: length = 1
    }
    return min(length, bytes.count - index)
  }

  static func isLetter(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
      || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || byte == UInt8(ascii: "_")
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
  }

  // MARK: - Output

  private func peek(at index: Int) -> UInt8? {
    index < bytes.count ? bytes[index] : nil
  }

  private func range(from start: Int, to end: Int) -> SourceRange {
    SourceRange(file: file.id, start: start, end: end)
  }

  private mutating func emit(_ kind: TokenKind, from start: Int) {
    let token = Token(kind: kind, range: range(from: start, to: offset))
    guard tokens.count < SyntaxLimits.maxTokens else {
      diagnostics.append(
        ParseMessage.tooManyTokens(limit: SyntaxLimits.maxTokens).diagnostic(at: token.range))
      stoppedAtTokenLimit = true
      return
    }
    tokens.append(token)
  }

  private mutating func report(_ message: ParseMessage, from start: Int, to end: Int) {
    diagnostics.append(message.diagnostic(at: range(from: start, to: end)))
  }
}
