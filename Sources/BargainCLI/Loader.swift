// Reads agent files and everything they import, parses them, and records how imports resolved.

import BargainSemantics
import BargainSyntax
import Foundation

public enum LoaderLimits {
  /// Files one run may load (the agents plus transitive imports): bounds a hostile import web.
  public static let maxFiles = 256
}

/// Everything loaded for one command: sources (for rendering), parsed units, and problems found.
public struct LoadedProgramSet {
  public var sources = SourceMap()
  public var units: [LoadedUnit] = []
  public var diagnostics: [Diagnostic] = []
  public var prelude = FileID(0)
  private var byPath: [String: FileID] = [:]

  public init() {
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
    byPath[Self.normalize(path)] = id
    return id
  }

  private mutating func loadFile(path: String, from site: SourceRange?) -> FileID? {
    let key = Self.normalize(path)
    if let known = byPath[key] { return known }
    guard units.count < LoaderLimits.maxFiles + 1 else {
      diagnostics.append(
        LoadMessage.tooManyFiles(limit: LoaderLimits.maxFiles).diagnostic(at: site))
      return nil
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
      diagnostics.append(LoadMessage.notFound(path: path).diagnostic(at: site))
      return nil
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= SyntaxLimits.maxSourceBytes else {
      diagnostics.append(
        LoadMessage.tooLarge(path: path, bytes: size, limit: SyntaxLimits.maxSourceBytes).diagnostic(at: site))
      return nil
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      diagnostics.append(LoadMessage.unreadable(path: path).diagnostic(at: site))
      return nil
    }
    guard let text = String(data: data, encoding: .utf8) else {
      diagnostics.append(LoadMessage.notUTF8(path: path).diagnostic(at: site))
      return nil
    }
    let id = addParsed(path: path, text: text)
    resolveImports(of: id)
    return id
  }

  private mutating func resolveImports(of id: FileID) {
    let unit = units[id.index].unit
    let directory = (units[id.index].path as NSString).deletingLastPathComponent
    var targets: [FileID?] = []
    for decl in unit.imports {
      let target = directory.isEmpty ? decl.path : (directory as NSString).appendingPathComponent(decl.path)
      targets.append(loadFile(path: target, from: decl.range))
    }
    units[id.index].imports = targets
  }

  static func normalize(_ path: String) -> String {
    (path as NSString).standardizingPath
  }
}

enum LoadMessage: DiagnosticMessage {
  case notFound(path: String)
  case unreadable(path: String)
  case notUTF8(path: String)
  case tooLarge(path: String, bytes: Int, limit: Int)
  case tooManyFiles(limit: Int)

  var id: String {
    switch self {
    case .notFound: return "load.not-found"
    case .unreadable: return "load.unreadable"
    case .notUTF8: return "load.not-utf8"
    case .tooLarge: return "limit.file-size"
    case .tooManyFiles: return "limit.files"
    }
  }

  var message: String {
    switch self {
    case .notFound(let path): return "cannot find file '\(path)'"
    case .unreadable(let path): return "cannot read '\(path)'"
    case .notUTF8(let path): return "'\(path)' is not UTF-8 text"
    case .tooLarge(let path, let bytes, let limit):
      return "'\(path)' has \(bytes) bytes, more than the limit of \(limit) (maxSourceBytes)"
    case .tooManyFiles(let limit): return "more than \(limit) files are imported (maxFiles)"
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
