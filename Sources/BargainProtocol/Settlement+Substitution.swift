// Surrogate goals and agreed renegotiation wrappers change the disagreement payoffs that
// settlement pays (protocol rules SP1 and SP2); the programs, hence the outputs, are untouched.

import BargainRuntime
import BargainSemantics

/// One change to a disagreement outcome, in the order it is applied.
public struct PayoffChange: Hashable, Sendable {
  /// The row side's and the column side's outside options.
  public var row: Int
  public var column: Int
  /// The outcome's payoffs after this change.
  public var payoffs: PayoffProfile
  /// A wrapper substitute both sides agreed on (rule SP2); false: a surrogate goal (rule SP1).
  public var agreed: Bool
  /// `disagreement (fight, fight) pays row -5 (its surrogate goal)`.
  public var text: String
}

public enum Substitution {
  /// Surrogates first (row's, then column's, each in commit order), then the wrappers both sides
  /// agreed on (in the row side's commit order): a substitute replaces the whole outcome, the
  /// surrogate goals on it included. A wrapper is agreed when the other side accepted the same
  /// substitute seen from its side and each side received the other's by bargaining time.
  public static func changes(terms: [[PayoffTerm]], received: [[PayoffTerm]], game: Game) -> [PayoffChange] {
    guard case .bargaining(let bargaining) = game.kind, terms.count == 2, received.count == 2 else { return [] }
    var table = bargaining.disagreement
    let names = bargaining.outsideOptions
    func name(_ index: Int) -> String { names.indices.contains(index) ? names[index] : "?" }
    func valid(_ row: Int, _ column: Int) -> Bool {
      table.indices.contains(row) && table[row].indices.contains(column)
    }
    var result: [PayoffChange] = []
    for side in 0..<2 {
      for term in terms[side] {
        guard case .surrogate(let mine, let theirs, let value) = term else { continue }
        let (row, column) = side == 0 ? (mine, theirs) : (theirs, mine)
        guard valid(row, column) else { continue }
        if side == 0 { table[row][column].row = value } else { table[row][column].column = value }
        result.append(
          PayoffChange(
            row: row, column: column, payoffs: table[row][column], agreed: false,
            text: "disagreement (\(name(row)), \(name(column))) pays \(side == 0 ? "row" : "column") \(value) "
              + "(its surrogate goal)"))
      }
    }
    for term in terms[0] {
      guard case .renegotiate(let row, let column, let a, let b) = term, valid(row, column),
        terms[1].contains(term.counterpart), received[0].contains(term.counterpart), received[1].contains(term)
      else { continue }
      table[row][column] = PayoffProfile(row: a, column: b)
      result.append(
        PayoffChange(
          row: row, column: column, payoffs: table[row][column], agreed: true,
          text: "disagreement (\(name(row)), \(name(column))) is replaced by its substitute (\(a), \(b))"))
    }
    return result
  }

  /// The game whose disagreement payoffs settlement uses.
  public static func apply(_ changes: [PayoffChange], to game: Game) -> Game {
    guard case .bargaining(var bargaining) = game.kind else { return game }
    for change in changes
    where bargaining.disagreement.indices.contains(change.row)
      && bargaining.disagreement[change.row].indices.contains(change.column)
    {
      bargaining.disagreement[change.row][change.column] = change.payoffs
    }
    var result = game
    result.kind = .bargaining(bargaining)
    return result
  }
}

extension Game {
  /// The outside options' names (none in a matrix game).
  public var outsideOptionNames: [String] {
    switch kind {
    case .bargaining(let bargaining): return bargaining.outsideOptions
    case .matrix: return []
    }
  }
}

extension ProtocolOutcome {
  /// The changes to the disagreement payoffs this pre-bargaining produced.
  public func payoffChanges(in game: Game) -> [PayoffChange] {
    Substitution.changes(terms: terms, received: receivedTerms, game: game)
  }

  /// `world` with the game whose payoffs settlement pays: the programs read no payoffs, so only
  /// settlement sees the difference.
  public func settlementWorld(_ world: CheckedWorld) -> CheckedWorld {
    let changes = payoffChanges(in: world.game)
    guard !changes.isEmpty else { return world }
    var result = world
    result.game = Substitution.apply(changes, to: world.game)
    return result
  }
}
