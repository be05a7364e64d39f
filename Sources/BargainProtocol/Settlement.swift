// The bargaining phase's last step: from two outputs to a split or to outside options.

import BargainSemantics

/// What happened once both outputs were known.
public enum Settlement: Hashable, Sendable {
  /// Matrix game: the action profile was played.
  case played(rowAction: String, columnAction: String, payoffs: PayoffProfile)
  /// Compatible demands: the resource is split.
  case agreement(rowDemand: Int, columnDemand: Int, payoffs: PayoffProfile)
  /// Incompatible demands locked in: each side takes its outside option.
  case disagreement(rowOutside: String, columnOutside: String, payoffs: PayoffProfile)

  public var payoffs: PayoffProfile {
    switch self {
    case .played(_, _, let payoffs), .agreement(_, _, let payoffs), .disagreement(_, _, let payoffs):
      return payoffs
    }
  }

  /// `played`, `agreement` or `disagreement` (the JSON `kind`).
  public var kind: String {
    switch self {
    case .played: return "played"
    case .agreement: return "agreement"
    case .disagreement: return "disagreement"
    }
  }
}

public enum Settle {
  /// Applies the game's rules to the two outputs (row first). Nil only for outputs foreign to the game.
  public static func settle(_ game: Game, row: Output, column: Output) -> Settlement? {
    switch (game.kind, row, column) {
    case (.matrix(let matrix), .action(let r), .action(let c)):
      guard matrix.actions.indices.contains(r), matrix.actions.indices.contains(c) else { return nil }
      return .played(rowAction: matrix.actions[r], columnAction: matrix.actions[c], payoffs: matrix.payoffs[r][c])
    case (
      .bargaining(let bargaining), .bargain(let rowDemand, let rowOutside),
      .bargain(let columnDemand, let columnOutside)
    ):
      let (total, overflow) = rowDemand.addingReportingOverflow(columnDemand)
      if !overflow, total <= bargaining.resource {
        var rowShare = Rational(rowDemand)
        var columnShare = Rational(columnDemand)
        if bargaining.surplus == .split, let half = Rational(bargaining.resource - total, 2),
          let r = rowShare.adding(half), let c = columnShare.adding(half)
        {
          rowShare = r
          columnShare = c
        }
        return .agreement(
          rowDemand: rowDemand, columnDemand: columnDemand, payoffs: PayoffProfile(row: rowShare, column: columnShare))
      }
      guard bargaining.outsideOptions.indices.contains(rowOutside),
        bargaining.outsideOptions.indices.contains(columnOutside)
      else { return nil }
      return .disagreement(
        rowOutside: bargaining.outsideOptions[rowOutside], columnOutside: bargaining.outsideOptions[columnOutside],
        payoffs: bargaining.disagreement[rowOutside][columnOutside])
    case (.matrix, _, _), (.bargaining, _, _):
      return nil
    }
  }
}
