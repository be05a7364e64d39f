// Reads agent files and everything they import, parses them, and records how imports resolved.

import BargainSemantics
import BargainSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

public enum LoaderLimits {
  /// Files one run may load (the agents plus transitive imports): bounds a hostile import web.
  public static let maxFiles = 256
}

/// Where program files may be read from: `--confine DIR` keeps every file a run reads, after
/// symlinks, inside DIR (Grammar/semantics.md, rule 1a).
public struct LoadPolicy: Sendable {
  /// The directory as given (for messages) and resolved; nil: no confinement.
  public var confinement: (given: String, resolved: String)?

  public init() {}

  /// Nil when `directory` does not resolve to a directory.
  public init?(confinedTo directory: String) {
    guard case .success(let resolved) = ProgramPath.resolve(directory) else { return nil }
    var info = stat()
    guard stat(resolved, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
    confinement = (directory, resolved)
  }
}

/// Everything loaded for one command: sources (for rendering), parsed units, and problems found.
public struct LoadedProgramSet {
  public var sources = SourceMap()
  public var units: [LoadedUnit] = []
  public var diagnostics: [Diagnostic] = []
  public var prelude = FileID(0)
  public let policy: LoadPolicy
  /// What a program named `-` on the command line is read from.
  public var standardInput: [UInt8] = []
  /// Texts to use instead of the files' contents, by resolved path: the documents an editor has
  /// open (`bargain lsp`), so a document sees the unsaved text of what it imports.
  public var openDocuments: [String: String] = [:]
  /// Files read from disk, by resolved path: the same file reached twice is loaded once.
  private var byPath: [String: FileID] = [:]

  public init(policy: LoadPolicy = LoadPolicy()) {
    self.policy = policy
    prelude = addParsed(path: Prelude.path, text: Prelude.source)
  }

  /// Loads `path` (as given by the user) and its imports; returns its id, or nil with a diagnostic.
  public mutating func load(path: String) -> FileID? {
    loadFile(path: path, from: nil)
  }

  /// Adds an in-memory file (tests, generated benchmarks) and loads its imports.
  public mutating func add(path: String, text: String) -> FileID {
    let id = addParsed(path: path, text: text)
    resolveImports(of: id)
    return id
  }

  private mutating func addParsed(path: String, text: String) -> FileID {
    let id = sources.add(path: path, text: text)
    guard let file = sources.file(id) else { return id }
    let (unit, problems) = Parser.parse(file)
    diagnostics += problems
    units.append(LoadedUnit(unit: unit, path: path, imports: []))
    return id
  }

  /// The checks of rule 1a, in order: the name, where it resolves, what it is, its size, its
  /// encoding. Nothing is read from a file that fails the first three.
  private mutating func loadFile(path: String, from site: SourceRange?) -> FileID? {
    func fail(_ message: LoadMessage) -> FileID? {
      var diagnostic = message.diagnostic(at: site)
      // A file named on the command line: the message is about the file as a whole.
      if site == nil, !path.isEmpty { diagnostic.file = path }
      diagnostics.append(diagnostic)
      return nil
    }
    if path == "-" && site == nil { return loadStandardInput() }
    guard ProgramPath.hasProgramExtension(path) else { return fail(.notProgramFile(path: path)) }
    let resolved: String
    switch ProgramPath.resolve(path) {
    case .success(let value): resolved = value
    case .failure(let error):
      switch ProgramFileReader.problem(error.code) {
      case .notFound: return fail(.notFound(path: path))
      case .unreadable(let reason): return fail(.unreadable(path: path, reason: reason))
      case .notRegular, .tooLarge: return fail(.unreadable(path: path, reason: StandardStream.describe(error.code)))
      }
    }
    guard ProgramPath.hasProgramExtension(resolved) else { return fail(.linkToNonProgram(path: path)) }
    if let confinement = policy.confinement, !ProgramPath.isInside(resolved, root: confinement.resolved) {
      return fail(.outsideConfinement(path: path, directory: confinement.given))
    }
    if let known = byPath[resolved] { return known }
    guard units.count < LoaderLimits.maxFiles + 1 else {
      return fail(.tooManyFiles(limit: LoaderLimits.maxFiles))
    }
    if let text = openDocuments[resolved] {
      let id = addParsed(path: path, text: text)
      byPath[resolved] = id
      resolveImports(of: id)
      return id
    }
    let bytes: [UInt8]
    switch ProgramFileReader.read(resolved, limit: SyntaxLimits.maxSourceBytes) {
    case .success(let read): bytes = read
    case .failure(.notFound): return fail(.notFound(path: path))
    case .failure(.notRegular(let kind)): return fail(.notRegular(path: path, kind: kind))
    case .failure(.tooLarge(let size)):
      return fail(.tooLarge(path: path, bytes: size, limit: SyntaxLimits.maxSourceBytes))
    case .failure(.unreadable(let reason)): return fail(.unreadable(path: path, reason: reason))
    }
    if let offset = Self.firstInvalidUTF8(bytes) {
      // Shown with the bad bytes replaced (U+FFFD), so the caret can point at the first one.
      let id = sources.add(path: path, text: String(decoding: bytes, as: UTF8.self))
      units.append(LoadedUnit(unit: SourceUnit(file: id, imports: [], items: []), path: path, imports: []))
      let notes = site.map { [Diagnostic.Note(message: "imported here", range: $0)] } ?? []
      // U+FFFD takes three bytes in the shown text: the range covers exactly that character.
      let range = SourceRange(file: id, start: offset, end: offset + 3)
      diagnostics.append(LoadMessage.notUTF8(path: path, byte: bytes[offset]).diagnostic(at: range, notes: notes))
      return nil
    }
    let id = addParsed(path: path, text: String(decoding: bytes, as: UTF8.self))
    byPath[resolved] = id
    resolveImports(of: id)
    return id
  }

  /// `-` on the command line: standard input, named `<stdin>` in diagnostics, read once per run;
  /// its imports resolve from the working directory.
  private mutating func loadStandardInput() -> FileID? {
    let name = Self.standardInputName
    if let known = byPath[name] { return known }
    guard standardInput.count <= SyntaxLimits.maxSourceBytes else {
      diagnostics.append(
        LoadMessage.tooLarge(path: name, bytes: standardInput.count, limit: SyntaxLimits.maxSourceBytes)
          .diagnostic(at: nil))
      return nil
    }
    if let offset = Self.firstInvalidUTF8(standardInput) {
      let id = sources.add(path: name, text: String(decoding: standardInput, as: UTF8.self))
      units.append(LoadedUnit(unit: SourceUnit(file: id, imports: [], items: []), path: name, imports: []))
      let range = SourceRange(file: id, start: offset, end: offset + 3)
      diagnostics.append(LoadMessage.notUTF8(path: name, byte: standardInput[offset]).diagnostic(at: range))
      return nil
    }
    let id = addParsed(path: name, text: String(decoding: standardInput, as: UTF8.self))
    byPath[name] = id
    resolveImports(of: id)
    return id
  }

  /// How standard input is named in diagnostics (`<stdin>:3:5`); never a real path's resolution.
  public static let standardInputName = "<stdin>"

  /// The offset of the first byte that is not part of valid UTF-8, or nil.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var offset = 0
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar): offset += UTF8.width(scalar)
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }

  private mutating func resolveImports(of id: FileID) {
    let unit = units[id.index].unit
    let directory = ProgramPath.directory(of: units[id.index].path)
    var targets: [FileID?] = []
    for decl in unit.imports {
      targets.append(loadFile(path: ProgramPath.join(directory, decl.path), from: decl.range))
    }
    units[id.index].imports = targets
  }
}

enum LoadMessage: DiagnosticMessage, Error {
  case notFound(path: String)
  case unreadable(path: String, reason: String)
  case notProgramFile(path: String)
  case linkToNonProgram(path: String)
  case notRegular(path: String, kind: String)
  case outsideConfinement(path: String, directory: String)
  case notUTF8(path: String, byte: UInt8)
  case tooLarge(path: String, bytes: Int, limit: Int)
  case tooManyFiles(limit: Int)
  /// `fmt` could not write a formatted file back.
  case unwritable(path: String)

  var id: String {
    switch self {
    case .notFound: return "load.not-found"
    case .unreadable: return "load.unreadable"
    case .notProgramFile, .linkToNonProgram: return "load.not-a-program-file"
    case .notRegular: return "load.not-a-regular-file"
    case .outsideConfinement: return "load.outside-confinement"
    case .notUTF8: return "load.not-utf8"
    case .tooLarge: return "limit.file-size"
    case .tooManyFiles: return "limit.files"
    case .unwritable: return "fmt.unwritable"
    }
  }

  var message: String {
    switch self {
    case .notFound(let path): return "cannot find file '\(path)'"
    case .unreadable(let path, let reason): return "cannot read '\(path)': \(reason)"
    case .notProgramFile(let path): return "'\(path)' is not a program file: names end in .bargain or .bp"
    case .linkToNonProgram(let path):
      return "'\(path)' resolves to a file whose name does not end in .bargain or .bp"
    case .notRegular(let path, let kind): return "'\(path)' is \(kind), not a regular file"
    case .outsideConfinement(let path, let directory):
      return "'\(path)' resolves to a file outside '\(directory)' (--confine)"
    case .notUTF8(let path, let byte):
      return "'\(path)' is not UTF-8 text: byte 0x\(String(byte, radix: 16, uppercase: true)) is not valid here"
    case .tooLarge(let path, let bytes, let limit):
      return "'\(path)' has \(bytes) bytes, more than the limit of \(limit) (maxSourceBytes)"
    case .tooManyFiles(let limit): return "more than \(limit) files are imported (maxFiles)"
    case .unwritable(let path): return "cannot write the formatted text back to '\(path)'"
    }
  }
}

extension LoadedProgramSet {
  /// Loads an agent given as `FILE` or `FILE:PROGRAM`; nil (with a diagnostic) when the file fails.
  public mutating func loadAgent(_ spec: String) -> AgentRequest? {
    let (path, selection) = CLI.splitAgent(spec)
    guard let file = load(path: path) else { return nil }
    var request = AgentRequest(file: file)
    if let selection {
      let (expr, problems) = addExpression(label: "<agent \(spec)>", text: selection)
      diagnostics += problems
      request.selection = expr
    }
    return request
  }

  /// Parses a command-line expression as its own pseudo-file (so diagnostics can point into it).
  public mutating func addExpression(label: String, text: String) -> (Expr?, [Diagnostic]) {
    let id = sources.add(path: label, text: text)
    units.append(LoadedUnit(unit: SourceUnit(file: id, imports: [], items: []), path: label, imports: []))
    guard let file = sources.file(id) else { return (nil, []) }
    let (expr, problems) = Parser.parseExpression(file)
    return (expr, problems)
  }
}
