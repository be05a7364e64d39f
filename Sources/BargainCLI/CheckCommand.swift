// `bargain check PATH... [--json] [--quiet]`: diagnostics of program files, and of every program
// file below a directory. Also how diagnostics are prepared for any report: each once, a warning
// repeated many times shown once with its count, warnings hidden by `--quiet`.

import BargainProtocol
import BargainSemantics
import BargainSyntax
import Foundation

enum CheckCommand {
  /// Program files `check DIR` lists: a directory is input, and listing it must stay bounded. The
  /// loader cannot load more files than this in one run anyway, so the listing stops there.
  static let maxCheckedFiles = LoaderLimits.maxFiles

  struct Options {
    var paths: [String] = []
    var json = false
    var quiet = false
  }

  static func run(_ words: [String], _ context: CLI.RunContext, maxFiles: Int = maxCheckedFiles) -> CommandResult {
    var options = Options()
    for word in words {
      switch word {
      case "--json": options.json = true
      case "--quiet": options.quiet = true
      default:
        if word.hasPrefix("-") && word != "-" { return CLI.usageError("unknown option '\(word)'", command: "check") }
        options.paths.append(word)
      }
    }
    guard !options.paths.isEmpty else { return CLI.usageError("`check` needs at least one file", command: "check") }
    var paths: [String] = []
    for path in options.paths {
      switch expand(path, remaining: maxFiles - paths.count, maxFiles: maxFiles) {
      case .success(let found): paths += found
      case .failure(let error): return error.result
      }
    }
    var loaded = context.loader()
    var files: [FileID] = []
    for path in paths {
      if let id = loaded.load(path: path) { files.append(id) }
    }
    context.phases.enter(.checking)
    let diagnostics = prepared(self.diagnostics(of: files, in: loaded), quiet: options.quiet)
    context.phases.enter(.rendering)
    let errors = diagnostics.filter { $0.severity == .error }.count
    let exitCode = errors > 0 ? CLI.exitCode(for: diagnostics) : ExitCode.success
    if options.json {
      return CommandResult(
        stdout: json(diagnostics, paths: paths, sources: loaded.sources).render() + "\n", stderr: "",
        exitCode: exitCode)
    }
    let rendered = DiagnosticRenderer(sources: loaded.sources).render(diagnostics)
    if errors > 0 {
      return CommandResult(
        stdout: "", stderr: rendered + "\(errors) error\(errors == 1 ? "" : "s")\n", exitCode: exitCode)
    }
    let shown = paths[0] == "-" ? LoadedProgramSet.standardInputName : paths[0]
    let summary = paths.count == 1 ? "\(shown): ok\n" : "\(paths.count) files: ok\n"
    return CommandResult(stdout: summary, stderr: rendered, exitCode: exitCode)
  }

  /// What `check` reports for `files` (and the language server for one document): the loader's
  /// problems, then the checker's, then, if there is no error, the plan analysis of each file
  /// with a plan. Raw: `prepared` makes them a report.
  static func diagnostics(of files: [FileID], in loaded: LoadedProgramSet) -> [Diagnostic] {
    var diagnostics = loaded.diagnostics
    if !diagnostics.contains(where: { $0.severity == .error }) {
      diagnostics += Checker.checkFiles(units: loaded.units, prelude: loaded.prelude, files: files)
    }
    guard !diagnostics.contains(where: { $0.severity == .error }) else { return diagnostics }
    for file in files
    where loaded.units[file.index].unit.items.contains(where: {
      if case .plan = $0 { return true } else { return false }
    }) {
      let checked = Checker.check(units: loaded.units, prelude: loaded.prelude, agents: [AgentRequest(file: file)])
      if let world = checked.world, let agent = checked.agentPlans.first {
        diagnostics += PlanAnalysis.diagnostics(for: agent, in: world)
      }
    }
    return diagnostics
  }

  /// A file stays as given; a directory becomes every `.bargain`/`.bp` file below it, sorted by
  /// path (byte order), so the run is the same on every machine. A directory named like a program
  /// file stays as given too, and the loader refuses it (rule 1a).
  static func expand(_ path: String, remaining: Int, maxFiles: Int) -> Result<[String], CLI.CommandResultError> {
    var isDirectory: ObjCBool = false
    guard !ProgramPath.hasProgramExtension(path),
      FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      return .success([path])
    }
    let base = path.hasSuffix("/") ? String(path.dropLast()) : path
    var found: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: base)
    while let item = enumerator?.nextObject() as? String {
      guard item.hasSuffix(".bargain") || item.hasSuffix(".bp") else { continue }
      guard found.count < remaining else {
        return .failure(
          CLI.CommandResultError(
            CommandResult(
              stdout: "",
              stderr: "bargain: error: \(path) holds more than \(maxFiles) program files "
                + "(maxCheckedFiles); check a smaller directory\n",
              exitCode: ExitCode.limit)))
      }
      found.append(base + "/" + item)
    }
    return .success(found.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
  }

  /// Diagnostics as a report shows them: each once, in order; without warnings when `quiet`; and a
  /// warning whose id and message repeat shown once, at its first place, with the count of the rest.
  static func prepared(_ diagnostics: [Diagnostic], quiet: Bool) -> [Diagnostic] {
    var seen: Set<Diagnostic> = []
    var result: [Diagnostic] = []
    var firstOf: [String: Int] = [:]
    var repeats: [Int: Int] = [:]
    for diagnostic in diagnostics where seen.insert(diagnostic).inserted {
      guard diagnostic.severity == .warning else {
        result.append(diagnostic)
        continue
      }
      if quiet { continue }
      let key = diagnostic.id + "\u{0}" + diagnostic.message
      if let first = firstOf[key] {
        repeats[first, default: 0] += 1
        continue
      }
      firstOf[key] = result.count
      result.append(diagnostic)
    }
    for (index, count) in repeats.sorted(by: { $0.key < $1.key }) {
      result[index].notes.append(
        Diagnostic.Note(
          message: "this warning is repeated \(count) more time\(count == 1 ? "" : "s") (not shown)", range: nil))
    }
    return result
  }

  /// `{"schemaVersion", "files", "diagnostics", "errors", "warnings"}` (README, "check --json").
  static func json(_ diagnostics: [Diagnostic], paths: [String], sources: SourceMap) -> JSON {
    func place(_ range: SourceRange?, into object: inout [String: JSON]) {
      guard let range, let file = sources.file(range.file) else { return }
      let start = file.location(of: range.start)
      let end = file.location(of: range.end)
      object["file"] = .string(file.path)
      object["line"] = .int(start.line)
      object["column"] = .int(start.column)
      object["endLine"] = .int(end.line)
      object["endColumn"] = .int(end.column)
    }
    let entries = diagnostics.map { diagnostic -> JSON in
      var object: [String: JSON] = [
        "id": .string(diagnostic.id), "severity": .string(diagnostic.severity.rawValue),
        "message": .string(diagnostic.message),
      ]
      place(diagnostic.range, into: &object)
      if let help = diagnostic.help { object["help"] = .string(help) }
      object["notes"] = .array(
        diagnostic.notes.map { note in
          var fields: [String: JSON] = ["message": .string(note.message)]
          place(note.range, into: &fields)
          return .object(fields)
        })
      return .object(object)
    }
    return .object([
      "schemaVersion": .int(JSON.schemaVersion),
      "files": .array(paths.map { .string($0) }),
      "diagnostics": .array(entries),
      "errors": .int(diagnostics.filter { $0.severity == .error }.count),
      "warnings": .int(diagnostics.filter { $0.severity == .warning }.count),
    ])
  }
}
