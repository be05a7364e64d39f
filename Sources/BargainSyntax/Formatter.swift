// `bargain fmt`: the canonical printer's text with the file's comments put back. The printer drops
// comments, so each one is attached to a token of the original (a comment after code on its line
// to the token before it, a comment on a line of its own to the token after it) and re-emitted at
// that token's line in the printed text: after the line's code or on lines of their own just
// above it. A comment never lands inside code, so formatting cannot change the program.

public enum SourceFormatter {
  /// The formatted text of `file`, or its syntax errors (a file that does not parse is left alone).
  public static func format(_ file: SourceFile) -> Result<String, DiagnosticBag> {
    let (unit, diagnostics) = Parser.parse(file)
    let errors = diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else { return .failure(DiagnosticBag(errors)) }
    let printed = CanonicalPrinter.print(unit)
    let lexed = Lexer.tokenize(file)
    guard !lexed.comments.isEmpty else { return .success(printed) }
    let printedFile = SourceFile(id: file.id, path: file.path, text: printed)
    let printedTokens = Array(Lexer.tokenize(printedFile).tokens.dropLast())
    let tokens = Array(lexed.tokens.dropLast())
    let match = align(tokens.map(\.kind), printedTokens.map(\.kind))
    var lines = printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    var above = [[String]](repeating: [], count: lines.count)
    var after = [[String]](repeating: [], count: lines.count)
    var atEnd: [String] = []
    // The nearest matched token at or before / at or after each index, computed once, so each
    // comment finds its anchor in constant time (a file may have many comments).
    var matchedBefore = [Int?](repeating: nil, count: tokens.count)
    var matchedAfter = [Int?](repeating: nil, count: tokens.count + 1)
    for index in tokens.indices {
      matchedBefore[index] = match[index] ?? (index > 0 ? matchedBefore[index - 1] : nil)
    }
    for index in tokens.indices.reversed() { matchedAfter[index] = match[index] ?? matchedAfter[index + 1] }
    var next = 0
    for comment in lexed.comments {
      let text = trimmed(file.text(of: comment))
      while next < tokens.count && tokens[next].range.start < comment.start { next += 1 }
      let previous = next - 1
      let blankAfter = blankLineFollows(comment, in: file)
      if previous >= 0 && !containsNewline(file, from: tokens[previous].range.end, to: comment.start) {
        // After code on its line: stays after the code of the line its token prints on.
        if let target = matchedBefore[previous] {
          after[printedFile.lineIndex(of: printedTokens[target].range.start)].append(text)
          continue
        }
      }
      guard let target = matchedAfter[next] else {
        if atEnd.isEmpty, previous >= 0, blankLineBefore(comment, in: file) { atEnd.append("") }
        atEnd.append(text)
        if blankAfter { atEnd.append("") }
        continue
      }
      let line = printedFile.lineIndex(of: printedTokens[target].range.start)
      var indent = String(lines[line].prefix { $0 == " " })
      // A comment before a closing brace belongs to the block's body.
      if lines[line].dropFirst(indent.count).hasPrefix("}") { indent += "  " }
      above[line].append(indent + text)
      if blankAfter { above[line].append("") }
    }
    var out = ""
    for (index, line) in lines.enumerated() {
      for comment in above[index] { out += comment + "\n" }
      out += ([line] + after[index]).joined(separator: " ") + "\n"
    }
    while atEnd.last == "" { atEnd.removeLast() }
    for comment in atEnd { out += comment + "\n" }
    return .success(out)
  }

  /// For each original token, the printed token it corresponds to. The printed tokens are the
  /// original ones less redundant parentheses, empty `()` and empty `else {}` blocks, so a greedy
  /// walk that skips unmatched parentheses, then other original tokens (looking a few ahead
  /// before giving up on a printed token), aligns them; a token left unmatched takes its comments
  /// to the nearest matched neighbour. Linear in the number of tokens.
  static func align(_ original: [TokenKind], _ printed: [TokenKind]) -> [Int?] {
    var match = [Int?](repeating: nil, count: original.count)
    var i = 0
    var j = 0
    let lookahead = 8
    while i < original.count && j < printed.count {
      if original[i] == printed[j] {
        match[i] = j
        i += 1
        j += 1
      } else if isParenthesis(original[i]) {
        // The printer drops redundant parentheses and adds none the original lacks.
        i += 1
      } else if isParenthesis(printed[j]) {
        j += 1
      } else if let skip = (1...lookahead).first(where: {
        i + $0 < original.count && original[i + $0] == printed[j]
      }) {
        i += skip
      } else {
        j += 1
      }
    }
    return match
  }

  private static func isParenthesis(_ kind: TokenKind) -> Bool {
    kind == .punctuation(.leftParen) || kind == .punctuation(.rightParen)
  }

  private static func trimmed(_ text: String) -> String {
    var text = Substring(text)
    while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
    return String(text)
  }

  private static func containsNewline(_ file: SourceFile, from start: Int, to end: Int) -> Bool {
    file.bytes[max(0, start)..<max(start, min(end, file.bytes.count))].contains(UInt8(ascii: "\n"))
  }

  /// True when an empty line separates the comment from what follows it.
  private static func blankLineFollows(_ comment: SourceRange, in file: SourceFile) -> Bool {
    var newlines = 0
    var offset = comment.end
    while offset < file.bytes.count {
      switch file.bytes[offset] {
      case UInt8(ascii: "\n"): newlines += 1
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
      default: return newlines >= 2
      }
      offset += 1
    }
    return false
  }

  /// True when an empty line separates the comment from what precedes it.
  private static func blankLineBefore(_ comment: SourceRange, in file: SourceFile) -> Bool {
    var newlines = 0
    var offset = comment.start - 1
    while offset >= 0 {
      switch file.bytes[offset] {
      case UInt8(ascii: "\n"): newlines += 1
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
      default: return newlines >= 2
      }
      offset -= 1
    }
    return false
  }
}
