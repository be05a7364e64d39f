// `bargain fmt [--check | --stdout] FILE|DIR...`: rewrites program files in the canonical style
// (`SourceFormatter`), keeping comments. Files that do not parse are reported and left alone.

import BargainSyntax
import Foundation

enum FormatCommand {
  enum Mode {
    /// Rewrite each file that changes and list it on stdout.
    case inPlace
    /// Change nothing; list the files that would change, exit 1 when there are any.
    case check
    /// Print the formatted text of each file.
    case print
  }

  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
    var mode = Mode.inPlace
    var paths: [String] = []
    for word in words {
      switch word {
      case "--check": mode = .check
      case "--stdout": mode = .print
      default:
        if word.hasPrefix("-") && word != "-" {
          return CLI.usageError("unknown option '\(word)'", command: "fmt")
        }
        paths.append(word)
      }
    }
    guard !paths.isEmpty else { return CLI.usageError("`fmt` needs at least one file or directory", command: "fmt") }
    context.phases.enter(.loading)
    var sources = SourceMap()
    var diagnostics: [Diagnostic] = []
    var stdout = ""
    var unformatted = 0
    var failed = false
    for path in expand(paths) {
      let bytes: [UInt8]
      switch read(path, context) {
      case .success(let read): bytes = read
      case .failure(let problem):
        // As the loader does: the message is about the file as a whole, so it names the file.
        var diagnostic = problem.diagnostic(at: nil)
        if !path.isEmpty { diagnostic.file = path == "-" ? LoadedProgramSet.standardInputName : path }
        diagnostics.append(diagnostic)
        failed = true
        continue
      }
      let name = path == "-" ? LoadedProgramSet.standardInputName : path
      // As the loader does: shown with the bad bytes replaced (U+FFFD, three bytes), so the
      // caret points at the first one.
      let text = String(decoding: bytes, as: UTF8.self)
      let id = sources.add(path: name, text: text)
      if let offset = LoadedProgramSet.firstInvalidUTF8(bytes) {
        let range = SourceRange(file: id, start: offset, end: offset + 3)
        diagnostics.append(LoadMessage.notUTF8(path: name, byte: bytes[offset]).diagnostic(at: range))
        failed = true
        continue
      }
      guard let file = sources.file(id) else { continue }
      let formatted: String
      switch SourceFormatter.format(file) {
      case .success(let result): formatted = result
      case .failure(let bag):
        diagnostics += bag.diagnostics
        failed = true
        continue
      }
      let changed = formatted != text
      switch mode {
      case .print:
        stdout += formatted
      case .check:
        if changed {
          stdout += name + "\n"
          unformatted += 1
        }
      case .inPlace:
        // Standard input has nowhere to be written back: its text is printed, changed or not.
        if path == "-" { stdout += formatted }
        guard changed, path != "-" else { continue }
        if write(formatted, to: path) {
          stdout += path + "\n"
        } else {
          diagnostics.append(LoadMessage.unwritable(path: path).diagnostic(at: nil))
          failed = true
        }
      }
    }
    context.phases.enter(.rendering)
    var stderr = DiagnosticRenderer(sources: sources).render(diagnostics)
    if mode == .check && unformatted > 0 {
      stderr += "\(unformatted) file\(unformatted == 1 ? " needs" : "s need") formatting (run bargain fmt)\n"
    }
    let code = failed ? CLI.exitCode(for: diagnostics) : (unformatted > 0 ? ExitCode.programError : ExitCode.success)
    return CommandResult(stdout: stdout, stderr: stderr, exitCode: code)
  }

  /// Each path, with a directory replaced by the program files below it (sorted).
  static func expand(_ paths: [String]) -> [String] {
    paths.flatMap { path -> [String] in
      var isDirectory: ObjCBool = false
      guard path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
        isDirectory.boolValue
      else { return [path] }
      let below = (try? FileManager.default.subpathsOfDirectory(atPath: path)) ?? []
      let base = path.hasSuffix("/") ? path : path + "/"
      return below.filter(ProgramPath.hasProgramExtension).sorted().map { base + $0 }
    }
  }

  /// The bytes of one program file (or of standard input), with the loader's checks but UTF-8.
  private static func read(_ path: String, _ context: CLI.RunContext) -> Result<[UInt8], LoadMessage> {
    let bytes: [UInt8]
    if path == "-" {
      bytes = context.standardInput
      guard bytes.count <= SyntaxLimits.maxSourceBytes else {
        return .failure(.tooLarge(path: path, bytes: bytes.count, limit: SyntaxLimits.maxSourceBytes))
      }
    } else {
      guard ProgramPath.hasProgramExtension(path) else { return .failure(.notProgramFile(path: path)) }
      let resolved: String
      switch ProgramPath.resolve(path) {
      case .success(let value): resolved = value
      case .failure: return .failure(.notFound(path: path))
      }
      if let confinement = context.policy.confinement, !ProgramPath.isInside(resolved, root: confinement.resolved) {
        return .failure(.outsideConfinement(path: path, directory: confinement.given))
      }
      switch ProgramFileReader.read(resolved, limit: SyntaxLimits.maxSourceBytes) {
      case .success(let read): bytes = read
      case .failure(.notFound): return .failure(.notFound(path: path))
      case .failure(.notRegular(let kind)): return .failure(.notRegular(path: path, kind: kind))
      case .failure(.tooLarge(let size)):
        return .failure(.tooLarge(path: path, bytes: size, limit: SyntaxLimits.maxSourceBytes))
      case .failure(.unreadable(let reason)): return .failure(.unreadable(path: path, reason: reason))
      }
    }
    return .success(bytes)
  }

  private static func write(_ text: String, to path: String) -> Bool {
    (try? Data(text.utf8).write(to: URL(fileURLWithPath: path))) != nil
  }
}
