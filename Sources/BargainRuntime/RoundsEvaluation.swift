// Multi-round bargaining inside a run (rules M2–M4): what a program reads of the rounds, and
// plays at a later round of the hypothetical bargaining in which the opponent sticks to a demand.

import BargainLogic
import BargainSemantics
import BargainSyntax

/// Where a program stands in a multi-round bargaining (rule M2). A program value carries it, like
/// its situation (rule P10): `them(me)` plays the other side at the same round with its own history.
public enum RoundState: Hashable, Sendable {
  /// Round `mine.count + 1` of the actual bargaining, after these demands (this side's, the other's).
  case actual(mine: [Int], theirs: [Int])
  /// Round `round` (at least 2) of the hypothetical bargaining in which the opponent demanded
  /// `demand` in every earlier round and this program demanded what its own runs at those rounds
  /// output (rule M4).
  case sticking(round: Int, demand: Int)

  public var round: Int {
    switch self {
    case .actual(let mine, _): return mine.count + 1
    case .sticking(let round, _): return round
    }
  }
}

extension ProgramInstance {
  /// This program at round `round` of the bargaining in which its opponent sticks to `demand`;
  /// round 1 has no history, so it is the program itself with no round state.
  public func sticking(round: Int, to demand: Int) -> ProgramInstance {
    var copy = self
    copy.roundState = round <= 1 ? nil : .sticking(round: round, demand: demand)
    return copy
  }
}

extension Execution {
  mutating func evaluateRounds(_ expr: CheckedExpr, _ path: Path) throws(RuntimeFailure) -> [(Path, Value)] {
    let round = matchup.player.roundState?.round ?? 1
    switch expr.kind {
    case .round:
      return [(path, .int(round))]
    case .lastDemand(let mine):
      guard round > 1 else {
        try fail(path, .error(RuntimeFailure(.noEarlierRound(asked: 0, current: 1), at: expr.range)))
        return []
      }
      return try demand(mine: mine, at: round - 1, path, at: expr.range)
    case .demandAtRound(let mine, let roundExpr):
      var results: [(Path, Value)] = []
      for (current, value) in try evaluate(roundExpr, path) {
        guard case .int(let asked) = value else { continue }
        guard asked >= 1, asked < round else {
          try fail(current, .error(RuntimeFailure(.noEarlierRound(asked: asked, current: round), at: roundExpr.range)))
          continue
        }
        results += try demand(mine: mine, at: asked, current, at: expr.range)
      }
      return results
    case .playAtRound(let player, let opponent, let roundExpr, let sticking):
      var results: [(Path, Value)] = []
      for (current, p, q, k, d) in try hypotheticals(player, opponent, roundExpr, sticking, path, at: expr.range) {
        results += try play(Matchup(player: p.sticking(round: k, to: d), opponent: q), current, at: expr.range)
      }
      return results
    case .eventuallyAccepts(let player, let opponent, let demandExpr):
      if hasChance && boxDepth == 0 {
        try fail(path, .error(RuntimeFailure(.roundsWithChance, at: expr.range)))
        return []
      }
      guard case .bargaining(let game) = world.game.kind, let rule = game.rounds else { return [] }
      var results: [(Path, Value)] = []
      let cases = try hypotheticals(player, opponent, nil, demandExpr, path, at: expr.range)
      for (current, p, q, _, d) in cases {
        // The disjunction, over the rounds, of the cases in which X's demand there is compatible
        // with d: one formula instead of a split per round, whose cases would multiply.
        var accepting: [FormulaID] = []
        for k in 1...rule.count {
          let branches = try play(Matchup(player: p.sticking(round: k, to: d), opponent: q), current, at: expr.range)
          // Each round's cases are evaluated like an expression's, though they fold into one
          // result: uncounted, N rounds × outputs per run escaped `maxEvaluationSteps` (Alice
          // against herself at 50 rounds ran for 30 s).
          try countSteps(branches.count, of: expr)
          for (branch, value) in branches {
            guard case .output(.bargain(let x, _)) = value else { continue }
            let (total, overflow) = x.addingReportingOverflow(d)
            if !overflow, total <= game.resource { accepting.append(branch.condition) }
          }
        }
        let accepted = arena.or(accepting)
        results.append((current, simplified(accepted)))
      }
      return results
    case .integer, .boolean, .action, .outsideOption, .parameter, .local, .program, .me, .them, .play, .negate, .not,
      .and, .or, .arithmetic, .order, .equal, .membership, .outputField, .unconditional, .provable, .boundedProvable,
      .simulate, .timeout, .situation, .rational, .toRational, .rationalArithmetic, .negateRational:
      return []
    }
  }

  /// The cases of a hypothetical play: the program, its opponent, the round (1 when `roundExpr`
  /// is nil) and the demand stuck to, each checked against the game.
  private mutating func hypotheticals(
    _ player: CheckedExpr, _ opponent: CheckedExpr, _ roundExpr: CheckedExpr?, _ sticking: CheckedExpr,
    _ path: Path, at range: SourceRange
  ) throws(RuntimeFailure) -> [(Path, ProgramInstance, ProgramInstance, Int, Int)] {
    guard case .bargaining(let game) = world.game.kind, let rule = game.rounds else { return [] }
    var results: [(Path, ProgramInstance, ProgramInstance, Int, Int)] = []
    for (afterPlayer, playerValue) in try evaluate(player, path) {
      for (afterOpponent, opponentValue) in try evaluate(opponent, afterPlayer) {
        guard case .program(let p) = playerValue, case .program(let q) = opponentValue else { continue }
        var rounds: [(Path, Value)] = [(afterOpponent, .int(1))]
        if let roundExpr { rounds = try evaluate(roundExpr, afterOpponent) }
        for (afterRound, roundValue) in rounds {
          guard case .int(let k) = roundValue else { continue }
          guard k >= 1, k <= rule.count else {
            try fail(
              afterRound,
              .error(RuntimeFailure(.roundOutOfRange(round: k, rounds: rule.count), at: roundExpr?.range ?? range)))
            continue
          }
          for (afterDemand, demandValue) in try evaluate(sticking, afterRound) {
            guard case .int(let d) = demandValue else { continue }
            guard game.demands.contains(d) else {
              let error = RuntimeFailure(
                .demandNotAllowed(demand: d, game: world.game.name, allowed: allowedDemands()), at: sticking.range)
              try fail(afterDemand, .error(error))
              continue
            }
            results.append((afterDemand, p, q, k, d))
          }
        }
      }
    }
    return results
  }

  /// This run's own or its opponent's demand at an earlier round: a constant of the actual
  /// bargaining; in the sticking hypothetical, the stuck demand, or this program's own run at
  /// that round (an unguarded play, well-founded because the round decreases).
  private mutating func demand(
    mine: Bool, at earlier: Int, _ path: Path, at range: SourceRange
  ) throws(RuntimeFailure) -> [(Path, Value)] {
    switch matchup.player.roundState {
    case .actual(let myDemands, let theirDemands)?:
      let list = mine ? myDemands : theirDemands
      guard list.indices.contains(earlier - 1) else { return [] }
      return [(path, .int(list[earlier - 1]))]
    case .sticking(_, let stuck)?:
      guard mine else { return [(path, .int(stuck))] }
      let own = Matchup(player: matchup.player.sticking(round: earlier, to: stuck), opponent: matchup.opponent)
      return try play(own, path, at: range).compactMap { branch, value in
        guard case .output(.bargain(let x, _)) = value else { return nil }
        return (branch, .int(x))
      }
    case nil:
      return []
    }
  }
}
