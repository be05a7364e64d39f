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

  public func render(_ diagnostics: [Diagnostic]) -> String {
    diagnostics.map(render).joined()
  }

  public func render(_ diagnostic: Diagnostic) -> String {
    var out = "\(place(diagnostic.range))\(diagnostic.severity.rawValue): \(diagnostic.message)\n"
    out += excerpt(diagnostic.range)
    for note in diagnostic.notes {
      out += "\(place(note.range))note: \(note.message)\n"
      out += excerpt(note.range)
    }
    if let help = diagnostic.help { out += "  = help: \(help)\n" }
    return out
  }

  private func place(_ range: SourceRange?) -> String {
    guard let range, let file = sources.file(range.file) else { return "bargain: " }
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
    let indent = String(lineText.prefix(start.column - 1).map { $0 == "\t" ? "\t" : " " })
    return " \(gutter) | \(lineText)\n \(pad) | \(indent)\(String(repeating: "^", count: width))\n"
  }
}
