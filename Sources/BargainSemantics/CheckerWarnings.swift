// Warnings `check` decides statically (README, "check"): unused programs and imports of a file.
// The per-expression ones (an off-grid constant demand, `me(them)` outside `provable`) are raised
// where the checker meets them, in CheckerExpressions.swift.

import BargainSyntax

extension CheckerState {
  /// `0, 10, 20, ..., 100` (at most a dozen values written out), as in the runtime error.
  static func gridText(_ demands: [Int]) -> String {
    if demands.count <= 12 { return demands.map(String.init).joined(separator: ", ") }
    let head = demands.prefix(3).map(String.init).joined(separator: ", ")
    return "\(head), ..., \(demands.last.map(String.init) ?? "")"
  }

  /// After a clean check of `file`: a program no other program of the file names, next to an agent
  /// named after the file, and an import nothing of which the file uses. Files with a plan or a
  /// `main` are left alone (plans name programs outside bodies), as are files whose programs are
  /// all agents to pick on the command line (no program is named after the file). A tournament
  /// declaration names programs of its imports outside any body, so its file is left alone too.
  mutating func warnUnused(in file: FileID) {
    let unit = units[file.index]
    var programs: [(decl: ProgramDecl, id: ProgramID)] = []
    for (index, item) in unit.unit.items.enumerated() {
      switch item {
      case .plan, .main, .tournament, .lag, .agent: return
      case .program(let decl): programs.append((decl, programID(DeclRef(file: file, item: index))))
      case .game, .grant: break
      }
    }
    var named: Set<ProgramID> = []
    var usedFiles: Set<FileID> = []
    for (_, id) in programs {
      guard checked.indices.contains(id.index), let program = checked[id.index] else { return }
      for reference in program.references where reference != id {
        named.insert(reference)
        if refs.indices.contains(reference.index) { usedFiles.insert(refs[reference.index].file) }
      }
    }
    for ref in builtGames.keys { usedFiles.insert(ref.file) }
    let stem = Self.stem(of: unit.path)
    if let agent = programs.first(where: { $0.decl.name.name == stem }) {
      for (decl, id) in programs where id != agent.id && !named.contains(id) {
        report(.unusedProgram(name: decl.name.name, agent: stem), decl.name.range)
      }
    }
    for (position, target) in unit.imports.enumerated() {
      guard let target, unit.unit.imports.indices.contains(position), !usedFiles.contains(target) else { continue }
      report(.unusedImport(path: unit.unit.imports[position].path), unit.unit.imports[position].range)
    }
  }

  /// A loaded file other than `file`'s own, its direct imports and the prelude that declares a
  /// program (or game) `name`: loaded through another import, since imports are not transitive
  /// (rule 1). The first in load order, with the import path that would make it visible.
  mutating func declaredElsewhere(_ name: String, game: Bool, from file: FileID) -> (
    path: String, importPath: String
  )? {
    let index = declarationIndex()
    guard let declaring = game ? index.games[name] : index.programs[name] else { return nil }
    let visible = Set([file, prelude] + units[file.index].imports.compactMap { $0 })
    guard !visible.contains(declaring) else { return nil }
    let target = units[declaring.index].path
    return (target, Self.relativePath(to: target, from: units[file.index].path))
  }

  /// The first file (in load order, the prelude excluded) declaring each program and game name.
  mutating func declarationIndex() -> (programs: [String: FileID], games: [String: FileID]) {
    if let known = declaringFiles { return known }
    var programs: [String: FileID] = [:]
    var games: [String: FileID] = [:]
    for (index, unit) in units.enumerated() where FileID(index) != prelude {
      for item in unit.unit.items {
        switch item {
        case .game(let decl) where decl.body != nil && decl.name.name != Self.anyGame:
          if games[decl.name.name] == nil { games[decl.name.name] = FileID(index) }
        case .program(let decl):
          if programs[decl.name.name] == nil { programs[decl.name.name] = FileID(index) }
        case .game, .plan, .main, .grant, .tournament, .lag, .agent: break
        }
      }
    }
    declaringFiles = (programs, games)
    return (programs, games)
  }

  /// The path of `target` relative to the directory of `source` (both as loaded), as an import
  /// writes it; `target` unchanged when one is absolute and the other is not.
  static func relativePath(to target: String, from source: String) -> String {
    guard target.hasPrefix("/") == source.hasPrefix("/") else { return target }
    let from = source.split(separator: "/").dropLast().filter { $0 != "." }
    let to = target.split(separator: "/").filter { $0 != "." }
    var common = 0
    while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
    let up = Array(repeating: "..", count: from.count - common)
    return (up + to[common...].map(String.init)).joined(separator: "/")
  }

  /// `Programs/FairBot.bargain` → `FairBot`.
  static func stem(of path: String) -> String {
    let name = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: ".") else { return name }
    return String(name[..<dot])
  }
}
