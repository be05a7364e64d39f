// The language server's state and requests: open documents, diagnostics as `bargain check` gives
// them, formatting as `bargain fmt` does, definitions and hover (each name as the checker resolves
// it). Pure: bytes of one message in, messages to send out; the loop around it is
// `LanguageServerCommand`.

import BargainProtocol
import BargainSemantics
import BargainSyntax
import Foundation

struct LanguageServer {
  enum Phase {
    case uninitialized
    case running
    /// `shutdown` was answered; only `exit` is left.
    case shuttingDown
  }

  var phase = Phase.uninitialized
  /// Set by `exit`: 0 after `shutdown`, else 1 (as the protocol asks).
  var exitCode: Int32?
  /// Open documents by URI, with their full text (the server asks for full synchronisation).
  var documents: [String: String] = [:]
  /// The open documents' texts by resolved path (for imports), and each URI's resolved path
  /// (none for a document not saved yet), kept in step with `documents`.
  var openTexts: [String: String] = [:]
  var resolvedPaths: [String: String] = [:]
  let policy: LoadPolicy

  init(policy: LoadPolicy) {
    self.policy = policy
  }

  /// The replies to one frame: responses, notifications, or nothing.
  mutating func handle(_ frame: Frame) -> [JSON] {
    switch frame {
    case .malformed(let problem):
      return [JSONRPC.error(id: .null, code: JSONRPC.invalidRequest, message: "ignored \(problem)")]
    case .message(let body):
      return handle(body: body)
    }
  }

  mutating func handle(body: [UInt8]) -> [JSON] {
    guard let parsed = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
      return [JSONRPC.error(id: .null, code: JSONRPC.parseError, message: "the message is not JSON")]
    }
    guard let message = parsed as? [String: Any] else {
      return [JSONRPC.error(id: .null, code: JSONRPC.invalidRequest, message: "a message must be a JSON object")]
    }
    let isRequest = message["id"] != nil
    guard let method = message["method"] as? String else {
      // A response to a request of ours (we send none) is dropped; anything else is invalid.
      if isRequest && (message["result"] != nil || message["error"] != nil) { return [] }
      return [
        JSONRPC.error(
          id: JSONRPC.id(message["id"]) ?? .null, code: JSONRPC.invalidRequest, message: "a request needs a method")
      ]
    }
    let params = message["params"] as? [String: Any] ?? [:]
    guard isRequest else { return notification(method, params) }
    guard let id = JSONRPC.id(message["id"]) else {
      return [JSONRPC.error(id: .null, code: JSONRPC.invalidRequest, message: "an id is an integer or a string")]
    }
    switch request(method, params) {
    case .success(let result): return [JSONRPC.response(id: id, result: result)]
    case .failure(let error): return [JSONRPC.error(id: id, code: error.code, message: error.message)]
    }
  }

  struct RequestError: Error {
    var code: Int
    var message: String
  }

  private mutating func request(_ method: String, _ params: [String: Any]) -> Result<JSON, RequestError> {
    switch phase {
    case .uninitialized where method != "initialize":
      return .failure(RequestError(code: JSONRPC.serverNotInitialized, message: "initialize first"))
    case .shuttingDown:
      return .failure(RequestError(code: JSONRPC.invalidRequest, message: "the server is shutting down"))
    case .uninitialized, .running:
      break
    }
    switch method {
    case "initialize":
      phase = .running
      return .success(Self.capabilities)
    case "shutdown":
      phase = .shuttingDown
      return .success(.null)
    case "textDocument/formatting":
      return document(params).map(formattingEdits)
    case "textDocument/definition":
      return document(params).flatMap { uri, text in
        position(params).map { definition(uri: uri, text: text, at: $0) ?? .null }
      }
    case "textDocument/hover":
      return document(params).flatMap { uri, text in
        position(params).map { hover(uri: uri, text: text, at: $0) ?? .null }
      }
    default:
      return .failure(RequestError(code: JSONRPC.methodNotFound, message: "unknown method '\(method)'"))
    }
  }

  private mutating func notification(_ method: String, _ params: [String: Any]) -> [JSON] {
    if method == "exit" {
      exitCode = phase == .shuttingDown ? 0 : 1
      return []
    }
    guard phase == .running else { return [] }
    let textDocument = params["textDocument"] as? [String: Any] ?? [:]
    guard let uri = textDocument["uri"] as? String else { return [] }
    switch method {
    case "textDocument/didOpen":
      guard let text = textDocument["text"] as? String else { return [] }
      guard documents[uri] != nil || documents.count < LanguageServerLimits.maxDocuments else {
        return [
          JSONRPC.notification(
            "window/showMessage",
            .object([
              "type": .int(1),
              "message": .string(
                "bargain lsp keeps at most \(LanguageServerLimits.maxDocuments) open documents (maxDocuments)"),
            ]))
        ]
      }
      documents[uri] = text
      if case .success(let resolved) = ProgramPath.resolve(LSPLocation.path(fromURI: uri)) {
        resolvedPaths[uri] = resolved
        openTexts[resolved] = text
      }
      return [diagnostics(uri: uri, text: text)]
    case "textDocument/didChange":
      // We ask for full synchronisation; a client that sends ranges anyway gets them applied.
      let changes = params["contentChanges"] as? [[String: Any]] ?? []
      guard var text = documents[uri], !changes.isEmpty else { return [] }
      for change in changes {
        guard let replacement = change["text"] as? String else { continue }
        text = Self.apply(replacement, at: change["range"] as? [String: Any], to: text)
      }
      documents[uri] = text
      if let resolved = resolvedPaths[uri] { openTexts[resolved] = text }
      return [diagnostics(uri: uri, text: text)]
    case "textDocument/didClose":
      documents[uri] = nil
      if let resolved = resolvedPaths.removeValue(forKey: uri) { openTexts[resolved] = nil }
      return [
        JSONRPC.notification(
          "textDocument/publishDiagnostics", .object(["uri": .string(uri), "diagnostics": .array([])]))
      ]
    default:
      return []
    }
  }

  /// `text` with `range` (LSP positions) replaced by `replacement`; without a range, `replacement`.
  static func apply(_ replacement: String, at range: [String: Any]?, to text: String) -> String {
    guard let range, let start = range["start"] as? [String: Any], let end = range["end"] as? [String: Any],
      let startLine = start["line"] as? Int, let startCharacter = start["character"] as? Int,
      let endLine = end["line"] as? Int, let endCharacter = end["character"] as? Int
    else { return replacement }
    let file = SourceFile(id: FileID(0), path: "", text: text)
    let from = LSPLocation.offset(of: (max(0, startLine), max(0, startCharacter)), in: file)
    let to = max(from, LSPLocation.offset(of: (max(0, endLine), max(0, endCharacter)), in: file))
    return String(decoding: file.bytes[..<from] + Array(replacement.utf8) + file.bytes[to...], as: UTF8.self)
  }

  static let capabilities: JSON = .object([
    "capabilities": .object([
      "textDocumentSync": .object(["openClose": .bool(true), "change": .int(1)]),
      "documentFormattingProvider": .bool(true),
      "definitionProvider": .bool(true),
      "hoverProvider": .bool(true),
    ]),
    "serverInfo": .object(["name": .string("bargain"), "version": .string(CLI.version)]),
  ])

  // MARK: - Parameters

  private func document(_ params: [String: Any]) -> Result<(uri: String, text: String), RequestError> {
    guard let uri = (params["textDocument"] as? [String: Any])?["uri"] as? String else {
      return .failure(RequestError(code: JSONRPC.invalidParams, message: "missing textDocument.uri"))
    }
    guard let text = documents[uri] else {
      return .failure(RequestError(code: JSONRPC.invalidParams, message: "the document '\(uri)' is not open"))
    }
    return .success((uri, text))
  }

  private func position(_ params: [String: Any]) -> Result<(line: Int, character: Int), RequestError> {
    guard let position = params["position"] as? [String: Any], let line = position["line"] as? Int,
      let character = position["character"] as? Int, line >= 0, character >= 0
    else {
      return .failure(RequestError(code: JSONRPC.invalidParams, message: "missing or invalid position"))
    }
    return .success((line, character))
  }

  // MARK: - Analysis

  /// The document loaded as a file at its path, with its id: its imports resolve from disk, with
  /// the text of the other open documents in place of their files.
  private func load(uri: String, text: String) -> (loaded: LoadedProgramSet, file: FileID) {
    var loaded = LoadedProgramSet(policy: policy)
    loaded.openDocuments = openTexts
    let file = loaded.add(path: LSPLocation.path(fromURI: uri), text: text)
    return (loaded, file)
  }

  /// `textDocument/publishDiagnostics` with what `bargain check` reports for the document.
  /// Problems in other files (an imported file's errors) are shown at the import that reads the
  /// file (or at the document's start), prefixed with their place.
  func diagnostics(uri: String, text: String) -> JSON {
    let (loaded, file) = load(uri: uri, text: text)
    let found = CheckCommand.diagnostics(of: [file], in: loaded)
    let items = CLI.unique(found).map { diagnostic -> JSON in
      var fields: [String: JSON] = [
        "severity": .int(Self.severity(diagnostic.severity)),
        "code": .string(diagnostic.id),
        "source": .string("bargain"),
      ]
      var message = diagnostic.message
      if let help = diagnostic.help { message += "\nhelp: \(help)" }
      if let range = diagnostic.range, range.file == file, let source = loaded.sources.file(file) {
        fields["range"] = LSPLocation.range(range, in: source)
      } else {
        // At the import that reads the file when there is one, else at the document's start.
        let unit = loaded.units[file.index]
        let site = diagnostic.range.flatMap { range in
          zip(unit.unit.imports, unit.imports).first { $0.1 == range.file }?.0.range
        }
        fields["range"] = LSPLocation.range(
          site ?? SourceRange(file: file, start: 0, end: 0), in: site == nil ? nil : loaded.sources.file(file))
        if let range = diagnostic.range, let other = loaded.sources.file(range.file) {
          let place = other.location(of: range.start)
          message = "\(other.path):\(place.line):\(place.column): \(message)"
        }
      }
      fields["message"] = .string(message)
      let related = diagnostic.notes.compactMap { note -> JSON? in
        guard let range = note.range,
          let location = LSPLocation.location(range, loaded: loaded, documentURI: uri, file: file)
        else { return nil }
        return .object(["location": location, "message": .string(note.message)])
      }
      if !related.isEmpty { fields["relatedInformation"] = .array(related) }
      return .object(fields)
    }
    return JSONRPC.notification(
      "textDocument/publishDiagnostics", .object(["uri": .string(uri), "diagnostics": .array(items)]))
  }

  static func severity(_ severity: Severity) -> Int {
    switch severity {
    case .error: return 1
    case .warning: return 2
    case .note: return 3
    }
  }

  /// One edit replacing the whole document, or none when it is formatted or does not parse.
  func formattingEdits(uri: String, text: String) -> JSON {
    let file = SourceFile(id: FileID(0), path: LSPLocation.path(fromURI: uri), text: text)
    guard case .success(let formatted) = SourceFormatter.format(file), formatted != text else { return .array([]) }
    let whole = SourceRange(file: file.id, start: 0, end: file.bytes.count)
    return .array([.object(["range": LSPLocation.range(whole, in: file), "newText": .string(formatted)])])
  }

  /// The declaration the identifier (or import path) under the cursor names, as a Location.
  func definition(uri: String, text: String, at position: (line: Int, character: Int)) -> JSON? {
    let (loaded, file) = load(uri: uri, text: text)
    guard let source = loaded.sources.file(file) else { return nil }
    let offset = LSPLocation.offset(of: position, in: source)
    let unit = loaded.units[file.index]
    for (index, decl) in unit.unit.imports.enumerated() where decl.range.start <= offset && offset <= decl.range.end {
      guard index < unit.imports.count, let target = unit.imports[index] else { return nil }
      return LSPLocation.location(
        SourceRange(file: target, start: 0, end: 0), loaded: loaded, documentURI: uri, file: file)
    }
    guard let token = Self.identifier(at: offset, in: source) else { return nil }
    switch Self.meaning(of: token, in: file, loaded: loaded) {
    case .declaration(let found):
      return LSPLocation.location(found.name.range, loaded: loaded, documentURI: uri, file: file)
    case .resolved(.local(let declared, _)), .resolved(.parameter(let declared, _)),
      .resolved(.action(_, .some(let declared))), .resolved(.outsideOption(_, .some(let declared))):
      return LSPLocation.location(declared, loaded: loaded, documentURI: uri, file: file)
    case .resolved(.action(_, nil)), .resolved(.outsideOption(_, nil)), .resolved(.program), .none:
      return nil
    }
  }

  /// A program's signature (or a game's declaration), with the comment above it and its file.
  func hover(uri: String, text: String, at position: (line: Int, character: Int)) -> JSON? {
    let (loaded, file) = load(uri: uri, text: text)
    guard let source = loaded.sources.file(file) else { return nil }
    let offset = LSPLocation.offset(of: position, in: source)
    guard let token = Self.identifier(at: offset, in: source) else { return nil }
    let value: String
    switch Self.meaning(of: token, in: file, loaded: loaded) {
    case .declaration(let found):
      guard let declaringFile = loaded.sources.file(found.name.range.file) else { return nil }
      var text = "```bargain\n\(found.signature)\n```"
      let comments = Self.comment(above: found.start, in: declaringFile)
      if !comments.isEmpty { text += "\n\n" + comments }
      text += "\n\n" + (declaringFile.path == Prelude.path ? "from the prelude" : "declared in `\(declaringFile.path)`")
      value = text
    case .resolved(.local(_, let type)):
      value = "```bargain\nlet \(token.name): \(type)\n```\n\na `let` binding"
    case .resolved(.parameter(_, let type)):
      value = "```bargain\n\(token.name): \(type)\n```\n\na parameter of the program"
    case .resolved(.action):
      value = "```bargain\n\(token.name): action\n```\n\nan action of the game"
    case .resolved(.outsideOption):
      value = "```bargain\n\(token.name): outside\n```\n\nan outside option of the game"
    case .resolved(.program), .none:
      return nil
    }
    return .object(["contents": .object(["kind": .string("markdown"), "value": .string(value)])])
  }

  /// The identifier whose token contains `offset` (or ends there: the cursor just after a name).
  static func identifier(at offset: Int, in file: SourceFile) -> (name: String, range: SourceRange)? {
    for token in Lexer.tokenize(file).tokens where token.range.start <= offset && offset <= token.range.end {
      if case .identifier(let name) = token.kind { return (name, token.range) }
    }
    return nil
  }

  enum Meaning {
    /// A program or game declaration.
    case declaration(Declaration)
    /// A `let`, parameter, action or outside option, as the checker resolved it (`.program` is
    /// turned into `.declaration`).
    case resolved(NameResolution.Meaning)
  }

  /// What the identifier means where it stands. Inside a program the checker's own resolution
  /// decides (rule 6: a `let` or parameter shadows a program, an action is never a program), and a
  /// name it did not resolve (unknown, ambiguous, `round`) means nothing; elsewhere (a program's
  /// or game's name, `main`, a plan) the top-level lookup does.
  static func meaning(of token: (name: String, range: SourceRange), in file: FileID, loaded: LoadedProgramSet)
    -> Meaning?
  {
    let resolutions = Checker.nameResolutions(in: file, units: loaded.units, prelude: loaded.prelude)
    if let found = resolutions.first(where: { $0.range == token.range }) {
      switch found.meaning {
      case .program(let declaringFile, let item):
        return declaration(file: declaringFile, item: item, in: loaded).map { .declaration($0) }
      case .local, .parameter, .action, .outsideOption:
        return .resolved(found.meaning)
      }
    }
    let insideProgram = loaded.units[file.index].unit.items.contains { item in
      guard case .program(let program) = item else { return false }
      return program.range.start <= token.range.start && token.range.end <= program.range.end
        && program.name.range != token.range
    }
    guard !insideProgram else { return nil }
    return declaration(named: token.name, from: file, in: loaded).map { .declaration($0) }
  }

  struct Declaration {
    var name: Identifier
    /// Where the declaration starts (its comment is the one above this).
    var start: Int
    var signature: String
  }

  /// The program or game `name` as the file sees it: the checker's resolution (rules 1 and 6), so
  /// a name declared only in an import's import, which the file does not see, has none.
  static func declaration(named name: String, from file: FileID, in loaded: LoadedProgramSet) -> Declaration? {
    guard let found = Checker.declaration(named: name, from: file, units: loaded.units, prelude: loaded.prelude)
    else { return nil }
    return declaration(file: found.file, item: found.item, in: loaded)
  }

  /// The program or game that is item `item` of `file`.
  static func declaration(file: FileID, item: Int, in loaded: LoadedProgramSet) -> Declaration? {
    guard loaded.units.indices.contains(file.index), loaded.units[file.index].unit.items.indices.contains(item)
    else { return nil }
    switch loaded.units[file.index].unit.items[item] {
    case .program(let program):
      return Declaration(name: program.name, start: program.range.start, signature: signature(of: program))
    case .game(let game):
      return Declaration(
        name: game.name, start: game.range.start, signature: String(CanonicalPrinter.print(game).dropLast()))
    case .plan, .main, .grant, .tournament, .lag, .agent:
      return nil
    }
  }

  /// `program Name(a: int = 1, b: action)`: the canonical header without the body.
  static func signature(of program: ProgramDecl) -> String {
    let text = CanonicalPrinter.print(program)
    let header = text.prefix { $0 != "\n" }
    return header.hasSuffix(" {") ? String(header.dropLast(2)) : String(header)
  }

  /// The `//` lines directly above `offset`'s line, without their slashes.
  static func comment(above offset: Int, in file: SourceFile) -> String {
    var lines: [String] = []
    var line = file.lineIndex(of: offset)
    while line > 0 {
      let text = file.lineText(line).trimmingCharacters(in: .whitespaces)
      guard text.hasPrefix("//") else { break }
      lines.insert(String(text.dropFirst(2)).trimmingCharacters(in: .whitespaces), at: 0)
      line -= 1
    }
    return lines.joined(separator: " ")
  }
}

/// Converting between our byte offsets and LSP's positions (UTF-16 code units), and URIs.
enum LSPLocation {
  /// `{"line", "character"}` of a byte offset; `character` counts UTF-16 code units.
  static func position(_ offset: Int, in file: SourceFile) -> JSON {
    let clamped = min(max(0, offset), file.bytes.count)
    let line = file.lineIndex(of: clamped)
    let prefix = String(decoding: file.bytes[file.lineStarts[line]..<clamped], as: UTF8.self)
    return .object(["line": .int(line), "character": .int(prefix.utf16.count)])
  }

  /// The range of `range`; without a file, the start of the document.
  static func range(_ range: SourceRange, in file: SourceFile?) -> JSON {
    guard let file else {
      let origin = JSON.object(["line": .int(0), "character": .int(0)])
      return .object(["start": origin, "end": origin])
    }
    return .object(["start": position(range.start, in: file), "end": position(range.end, in: file)])
  }

  /// The byte offset of an LSP position, clamped to its line (and the line to the file).
  static func offset(of position: (line: Int, character: Int), in file: SourceFile) -> Int {
    guard position.line < file.lineStarts.count else { return file.bytes.count }
    var offset = file.lineStarts[position.line]
    var units = 0
    for scalar in file.lineText(position.line + 1).unicodeScalars {
      guard units < position.character else { break }
      units += UTF16.width(scalar)
      offset += UTF8.width(scalar)
    }
    return offset
  }

  /// A Location in the document itself or in a file it loaded; nil for the prelude (no file).
  static func location(_ range: SourceRange, loaded: LoadedProgramSet, documentURI: String, file: FileID) -> JSON? {
    guard let source = loaded.sources.file(range.file), range.file != loaded.prelude else { return nil }
    let uri = range.file == file ? documentURI : self.uri(fromPath: source.path)
    return .object(["uri": .string(uri), "range": self.range(range, in: source)])
  }

  static func path(fromURI uri: String) -> String {
    guard uri.hasPrefix("file://") else { return uri }
    var rest = String(uri.dropFirst("file://".count))
    // `file://host/path`: the host is not part of the path.
    if !rest.hasPrefix("/"), let slash = rest.firstIndex(of: "/") { rest = String(rest[slash...]) }
    return rest.removingPercentEncoding ?? rest
  }

  static func uri(fromPath path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return "file://" + (absolute.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? absolute)
  }
}
