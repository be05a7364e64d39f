// Agents across games (Grammar/semantics.md, rule 2a): a file whose game item is
// `game any { actions C, D }` plays in any matrix game that has those actions, and its programs see
// only those action names. `any` is therefore not a name for a declared game.

import BargainSyntax

/// What a generic file needs from the game it plays.
struct GameRequirement {
  var actions: [String]
  var range: SourceRange
}

extension CheckerState {
  /// The game name that states a requirement instead of naming a game.
  static let anyGame = "any"

  /// The requirement of `file` when its game item is `game any { ... }`.
  mutating func requirement(of file: FileID) -> GameRequirement? {
    if let known = requirements[file] { return known }
    let found = scanRequirement(of: file)
    requirements[file] = found
    return found
  }

  private func scanRequirement(of file: FileID) -> GameRequirement? {
    guard units.indices.contains(file.index) else { return nil }
    for item in units[file.index].unit.items {
      guard case .game(let decl) = item, decl.name.name == Self.anyGame else { continue }
      var actions: [String] = []
      for clause in decl.body?.clauses ?? [] {
        if case .actions(let names, _) = clause { actions += names.map(\.name) }
      }
      return GameRequirement(actions: actions, range: decl.range)
    }
    return nil
  }

  /// Checks the body of `game any { ... }` (only `actions`, at least one, no repeats) and returns
  /// the game a generic file is checked against on its own: a matrix game with exactly the
  /// required actions (payoffs 0; no match is played in it).
  mutating func genericGame(_ decl: GameDecl, file: FileID) -> Game? {
    guard let body = decl.body else {
      report(.genericGameNeedsActions, decl.range)
      return nil
    }
    var actions: [String] = []
    var fine = true
    for clause in body.clauses {
      guard case .actions(let names, _) = clause else {
        report(.genericGameClause, clause.range)
        fine = false
        continue
      }
      for name in names {
        if actions.contains(name.name) {
          report(.invalidGame(name: Self.anyGame, problem: "action '\(name.name)' is listed twice"), name.range)
          fine = false
        }
        actions.append(name.name)
      }
    }
    guard fine else { return nil }
    guard !actions.isEmpty else {
      report(.genericGameNeedsActions, decl.range)
      return nil
    }
    let zero = PayoffProfile(row: Rational(0), column: Rational(0))
    let table = actions.map { _ in actions.map { _ in zero } }
    return Game(name: Self.anyGame, kind: .matrix(MatrixGame(actions: actions, payoffs: table)), range: decl.range)
  }

  /// Whether `game` has what `requirement` asks for; reports it at the generic file's game item
  /// otherwise.
  mutating func fits(_ requirement: GameRequirement, file: FileID, game: Game) -> Bool {
    guard case .matrix(let matrix) = game.kind else {
      report(.gameLacksActions(path: path(file), game: game.name, missing: requirement.actions), requirement.range)
      return false
    }
    let missing = requirement.actions.filter { !matrix.actions.contains($0) }
    guard missing.isEmpty else {
      report(.gameLacksActions(path: path(file), game: game.name, missing: missing), requirement.range)
      return false
    }
    return true
  }
}
