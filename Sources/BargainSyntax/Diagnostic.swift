// Diagnostics as data, and their one renderer (`file:line:col: error: ...`, source line, caret).

public enum Severity: String, Sendable, Codable {
  case error
  case warning
  case note
}

/// One message tied (usually) to a place in a file. Each phase builds these from its own message enum.
public struct Diagnostic: Hashable, Sendable {
  public var severity: Severity
  /// Stable identifier such as `parse.expected-token`; tests and docs refer to it.
  public var id: String
  public var message: String
  public var range: SourceRange?
  /// Secondary places ("cycle passes here", "first declared here").
  public var notes: [Note]
  /// Shown only when we know the fix.
  public var help: String?
  /// The file a message without a range is about (one that could not be read, so it has no
  /// text to point into): rendered as `file:1:1`, without an excerpt.
  public var file: String?

  public struct Note: Hashable, Sendable {
    public var message: String
    public var range: SourceRange?
    public init(message: String, range: SourceRange?) {
      self.message = message
      self.range = range
    }
  }

  /// Whether this reports a resource limit (exit code 3) rather than a mistake in a program.
  public var isLimit: Bool {
    id.hasPrefix("limit.") || id == "parse.nesting-too-deep" || id.hasPrefix("parse.too-many")
      || id == "parse.file-too-large" || id == "lex.too-many-tokens"
  }

  public init(
    severity: Severity = .error, id: String, message: String, range: SourceRange?,
    notes: [Note] = [], help: String? = nil
  ) {
    self.severity = severity
    self.id = id
    self.message = message
    self.range = range
    self.notes = notes
    self.help = help
  }
}

/// A phase's message catalogue: each case knows its stable id and text.
public protocol DiagnosticMessage: Sendable {
  var id: String { get }
  var message: String { get }
  var help: String? { get }
}

extension DiagnosticMessage {
  public var help: String? { nil }

  public func diagnostic(at range: SourceRange?, notes: [Diagnostic.Note] = []) -> Diagnostic {
    Diagnostic(id: id, message: message, range: range, notes: notes, help: help)
  }
}

/// Collected diagnostics of a phase; `Error` so a phase can stop with them.
public struct DiagnosticBag: Error, Sendable {
  public var diagnostics: [Diagnostic] = []
  public init(_ diagnostics: [Diagnostic] = []) { self.diagnostics = diagnostics }
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
  public mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }
  public mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }
}

/// Renders diagnostics the way compilers do. Pure: returns text, never prints.
public struct DiagnosticRenderer: Sendable {
  public let sources: SourceMap

  public init(sources: SourceMap) { self.sources = sources }

  /// Diagnostics rendered in full per call; the rest are counted. A hostile file can hold tens of
  /// thousands of errors, and a reader acts on the first ones.
  public static let maxRenderedDiagnostics = 100
  /// Characters of a source line shown in an excerpt, in a window around the caret: one
  /// diagnostic per declaration on a 1 MB line would otherwise print the line each time.
  public static let maxExcerptColumns = 160

  public func render(_ diagnostics: [Diagnostic]) -> String {
    let shown = diagnostics.prefix(Self.maxRenderedDiagnostics)
    var out = shown.map(render).joined()
    let hidden = diagnostics.count - shown.count
    if hidden > 0 {
      out +=
        "bargain: note: \(hidden) more diagnostic\(hidden == 1 ? "" : "s") not shown "
        + "(maxRenderedDiagnostics = \(Self.maxRenderedDiagnostics))\n"
    }
    return out
  }

  public func render(_ diagnostic: Diagnostic) -> String {
    var out =
      "\(place(diagnostic.range, file: diagnostic.file))\(diagnostic.severity.rawValue): \(diagnostic.message)\n"
    out += excerpt(diagnostic.range)
    for note in diagnostic.notes {
      out += "\(place(note.range))note: \(note.message)\n"
      out += excerpt(note.range)
    }
    if let help = diagnostic.help { out += "  = help: \(help)\n" }
    return out
  }

  private func place(_ range: SourceRange?, file path: String? = nil) -> String {
    guard let range, let file = sources.file(range.file) else { return path.map { "\($0):1:1: " } ?? "bargain: " }
    let location = file.location(of: range.start)
    return "\(file.path):\(location.line):\(location.column): "
  }

  private func excerpt(_ range: SourceRange?) -> String {
    guard let range, let file = sources.file(range.file) else { return "" }
    let start = file.location(of: range.start)
    let lineText = file.lineText(start.line)
    let endOffset = min(
      range.end, file.lineStarts.indices.contains(start.line) ? file.lineStarts[start.line] - 1 : file.bytes.count)
    let end = file.location(of: max(range.start, endOffset))
    let width = max(1, (end.line == start.line ? end.column : start.column + 1) - start.column)
    let gutter = String(start.line)
    let pad = String(repeating: " ", count: gutter.count)
    let characters = Array(lineText)
    // A window of at most maxExcerptColumns characters that starts some way before the caret.
    let caret = max(0, start.column - 1)
    var first = 0
    if characters.count > Self.maxExcerptColumns {
      first = max(0, min(caret - Self.maxExcerptColumns / 4, characters.count - Self.maxExcerptColumns))
    }
    let last = min(characters.count, first + Self.maxExcerptColumns)
    let shown =
      (first > 0 ? "…" : "") + String(characters[min(first, characters.count)..<last])
      + (last < characters.count ? "…" : "")
    let lead =
      (first > 0 ? " " : "") + String(characters[min(first, caret)..<min(caret, last)].map { $0 == "\t" ? "\t" : " " })
    let visibleWidth = max(1, min(width, Self.maxExcerptColumns - (caret - first)))
    return " \(gutter) | \(shown)\n \(pad) | \(lead)\(String(repeating: "^", count: visibleWidth))\n"
  }
}
