// What each name in a file resolved to while the file was checked, for the language server: it
// asks the checker rather than repeating rule 6's order, so the two cannot disagree.

import BargainSyntax

/// One name (a use or a declaration of a local or parameter) and what it means there.
public struct NameResolution: Hashable, Sendable {
  public enum Meaning: Hashable, Sendable {
    /// A `let` binding, declared at that name.
    case local(declaredAt: SourceRange, type: ValueType)
    /// A program parameter, declared at that name (also a named argument's label).
    case parameter(declaredAt: SourceRange, type: ValueType)
    /// One of the game's actions, declared in its `actions` clause (nil: no clause names it).
    case action(name: String, declaredAt: SourceRange?)
    /// One of the game's outside options, declared in its `outside` clause.
    case outsideOption(name: String, declaredAt: SourceRange?)
    /// A program declaration: the declaring file and the item's index in it.
    case program(file: FileID, item: Int)
  }

  public var range: SourceRange
  public var meaning: Meaning
}

extension Checker {
  /// What the names in `file` resolve to when `bargain check` checks it (rule 6: `let` bindings,
  /// then parameters, then the game's actions or outside options, then programs), in checking
  /// order. Names the checker did not reach (an unknown or ambiguous name, a body after an error
  /// that stopped checking) have no entry.
  public static func nameResolutions(in file: FileID, units: [LoadedUnit], prelude: FileID) -> [NameResolution] {
    guard units.indices.contains(file.index), units.indices.contains(prelude.index) else { return [] }
    var state = CheckerState(units: units, prelude: prelude)
    state.recordedFile = file
    _ = state.runFile(file)
    let clauses = state.gameClauses(of: file)
    return state.resolutions.map { resolution in
      var resolution = resolution
      switch resolution.meaning {
      case .action(let name, _):
        let declared = clauses.lazy.compactMap { clause -> Identifier? in
          guard case .actions(let names, _) = clause else { return nil }
          return names.first { $0.name == name }
        }.first
        resolution.meaning = .action(name: name, declaredAt: declared?.range)
      case .outsideOption(let name, _):
        let declared = clauses.lazy.compactMap { clause -> Identifier? in
          guard case .outsideOptions(let names, _) = clause else { return nil }
          return names.first { $0.name == name }
        }.first
        resolution.meaning = .outsideOption(name: name, declaredAt: declared?.range)
      case .local, .parameter, .program:
        break
      }
      return resolution
    }
  }
}

extension CheckerState {
  /// Notes what the name at `range` means, when its file is the one being recorded.
  mutating func record(_ range: SourceRange, _ meaning: NameResolution.Meaning) {
    guard range.file == recordedFile else { return }
    resolutions.append(NameResolution(range: range, meaning: meaning))
  }

  /// The clauses of the game `file` plays, as `gameOf(file:)` picks it: the file's first game
  /// item, declared there or named and declared in a visible file.
  func gameClauses(of file: FileID) -> [GameClause] {
    for item in units[file.index].unit.items {
      guard case .game(let decl) = item else { continue }
      if let body = decl.body { return body.clauses }
      return gameDeclarations(from: file).first { $0.1.name.name == decl.name.name }?.2.clauses ?? []
    }
    return []
  }
}
