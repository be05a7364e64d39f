// The games programs play: matrix games and bargaining games, as checked values.

import BargainSyntax

/// A checked game. Both agents of a match must play equal games.
public struct Game: Hashable, Sendable {
  public var name: String
  public var kind: Kind
  /// Where it was declared.
  public var range: SourceRange?
  /// Capabilities both agents gain at given times (exogenous change).
  public var grants: [CapabilityGrant] = []
  /// `capability` clauses, in file order (at most one per capability).
  public var capabilities: [CapabilitySetting] = []
  /// `never ends (x, y)`: the payoffs of a profile of a match with chance in which a side has no
  /// output (its run never ends, or it plays `timeout`); nil: the default of rule S6.
  public var neverEnds: PayoffProfile?

  /// The game's clause for `capability`, if any.
  public func setting(_ capability: Capability) -> CapabilitySetting? {
    capabilities.first { $0.capability == capability }
  }

  public enum Kind: Hashable, Sendable {
    case matrix(MatrixGame)
    case bargaining(BargainingGame)
  }

  /// Every output a program can produce, in declaration order. Matrix: one per action;
  /// bargaining: demands (ascending) times outside options (declared order).
  public var outputs: [Output] {
    switch kind {
    case .matrix(let game):
      return game.actions.indices.map { Output.action($0) }
    case .bargaining(let game):
      return game.demands.flatMap { demand in
        game.outsideOptions.indices.map { Output.bargain(demand: demand, outside: $0) }
      }
    }
  }

  /// Index of `output` in `outputs`.
  public func outputIndex(_ output: Output) -> Int? {
    switch (kind, output) {
    case (.matrix(let game), .action(let action)):
      return game.actions.indices.contains(action) ? action : nil
    case (.bargaining(let game), .bargain(let demand, let outside)):
      // Demands are sorted: binary search keeps this O(log n) inside per-output loops.
      var low = 0
      var high = game.demands.count
      while low < high {
        let mid = (low + high) / 2
        if game.demands[mid] < demand { low = mid + 1 } else { high = mid }
      }
      guard low < game.demands.count, game.demands[low] == demand, game.outsideOptions.indices.contains(outside)
      else { return nil }
      return low * game.outsideOptions.count + outside
    case (.matrix, .bargain), (.bargaining, .action):
      return nil
    }
  }

  /// An output with its names looked up; every renderer starts from this.
  public enum NamedOutput: Hashable, Sendable {
    case action(String)
    case bargain(demand: Int, outside: String)
    /// An output that does not belong to this game.
    case foreign
  }

  public func named(_ output: Output) -> NamedOutput {
    switch (kind, output) {
    case (.matrix(let game), .action(let action)):
      return .action(game.actions.indices.contains(action) ? game.actions[action] : "?")
    case (.bargaining(let game), .bargain(let demand, let outside)):
      return .bargain(
        demand: demand, outside: game.outsideOptions.indices.contains(outside) ? game.outsideOptions[outside] : "?")
    case (.matrix, .bargain), (.bargaining, .action):
      return .foreign
    }
  }

  public func describe(_ output: Output) -> String {
    switch named(output) {
    case .action(let name): return name
    case .bargain(let demand, let outside): return "demand \(demand) outside \(outside)"
    case .foreign: return "?"
    }
  }
}

/// What one program outputs in a matchup.
public enum Output: Hashable, Sendable {
  /// Index into the game's actions.
  case action(Int)
  /// A demand and an index into the game's outside options.
  case bargain(demand: Int, outside: Int)
}

public struct MatrixGame: Hashable, Sendable {
  /// Both players choose from the same actions.
  public var actions: [String]
  /// `payoffs[row][column]` = (row player's payoff, column player's payoff).
  public var payoffs: [[PayoffProfile]]
}

public struct PayoffProfile: Hashable, Sendable {
  public var row: Rational
  public var column: Rational
  public init(row: Rational, column: Rational) {
    self.row = row
    self.column = column
  }
}

public struct BargainingGame: Hashable, Sendable {
  public var resource: Int
  /// Allowed demands, ascending, no duplicates.
  public var demands: [Int]
  public var outsideOptions: [String]
  public var defaultOutside: Int?
  /// `disagreement[row outside][column outside]`.
  public var disagreement: [[PayoffProfile]]
  public var surplus: SurplusRule
  /// Multi-round bargaining (rules M1–M6); nil: one round, exactly as before rounds existed.
  public var rounds: RoundsRule? = nil
}

/// `rounds N`, `discount q`, `cost per round c`, `lock when repeated` (rules M1, M5, M6).
public struct RoundsRule: Hashable, Sendable {
  public var count: Int
  /// Agreement payoffs at round r are multiplied by discount^(r-1); 1 when not declared.
  public var discount: Rational
  /// Each side's payoff at the final round r loses cost * (r-1); 0 when not declared.
  public var cost: Rational
  /// Demands lock in when both sides repeat their previous round's demands.
  public var lockWhenRepeated: Bool
  /// The `discount` and `cost per round` clauses, where an overflow of the exact payoffs points.
  public var discountRange: SourceRange?
  public var costRange: SourceRange?
  public init(
    count: Int, discount: Rational, cost: Rational, lockWhenRepeated: Bool, discountRange: SourceRange? = nil,
    costRange: SourceRange? = nil
  ) {
    self.count = count
    self.discount = discount
    self.cost = cost
    self.lockWhenRepeated = lockWhenRepeated
    self.discountRange = discountRange
    self.costRange = costRange
  }
}
