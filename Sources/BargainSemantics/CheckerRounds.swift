// Checking what programs read of multi-round bargaining (rules M3 and M4): the round, the
// demands of earlier rounds, and plays at later rounds of a hypothetical bargaining.

import BargainSyntax

extension CheckerState {
  /// The rounds of the game being checked; nil for a one-round game.
  var roundsRule: RoundsRule? {
    if case .bargaining(let bargaining)? = game?.kind { return bargaining.rounds }
    return nil
  }

  /// `round`: an int, 1 in a one-round game. Like `them`, it needs a run (no default value or
  /// agent expression has one).
  mutating func checkRound(_ range: SourceRange, _ context: inout ExprContext) -> CheckedExpr? {
    guard context.allowOpponent else { return nil }
    return CheckedExpr(.round, type: .int, range: range)
  }

  mutating func checkRoundsExpr(_ expr: Expr, _ context: inout ExprContext) -> CheckedExpr? {
    let range = expr.range
    let construct: String
    switch expr.kind {
    case .lastDemand(let mine): construct = (mine ? "my" : "their") + " last demand"
    case .demandAtRound(let mine, _): construct = (mine ? "my" : "their") + " demand at round"
    case .playAtRound: construct = "at round"
    case .eventuallyAccepts: construct = "eventually accepts"
    case .integer, .boolean, .name, .me, .them, .unary, .binary, .membership, .call, .field, .modal, .bounded,
      .simulate, .timeout, .labeled, .situation:
      return nil
    }
    if !context.allowOpponent {
      if let parameter = context.defaultOf {
        report(.opponentInDefault(name: parameter), range)
      } else {
        report(.agentMentionsOpponent(name: construct), range)
      }
      return nil
    }
    guard roundsRule != nil else {
      report(.noRounds(construct: construct, game: game?.name ?? "the game"), range)
      return nil
    }
    // The history is made of the other's outputs: the program depends on its opponent (rule 14).
    context.mentionsOpponent = true
    switch expr.kind {
    case .lastDemand(let mine):
      return CheckedExpr(.lastDemand(mine: mine), type: .int, range: range)
    case .demandAtRound(let mine, let round):
      guard let k = expect(round, .int, "round", &context) else { return nil }
      return CheckedExpr(.demandAtRound(mine: mine, k), type: .int, range: range)
    case .playAtRound(let play, let round, let sticking):
      let checkedPlay = checkExpr(play, &context)
      let k = expect(round, .int, "round", &context)
      let d = expect(sticking, .int, "the demand stuck to", &context)
      guard let checkedPlay, let k, let d else { return nil }
      guard case .play(let player, let opponent) = checkedPlay.kind else {
        report(.notAPlay(construct: construct), play.range)
        return nil
      }
      return CheckedExpr(
        .playAtRound(player: player, opponent: opponent, round: k, sticking: d), type: .output, range: range)
    case .eventuallyAccepts(let play, let demand):
      let checkedPlay = checkExpr(play, &context)
      let d = expect(demand, .int, "the demand stuck to", &context)
      guard let checkedPlay, let d else { return nil }
      guard case .play(let player, let opponent) = checkedPlay.kind else {
        report(.notAPlay(construct: construct), play.range)
        return nil
      }
      return CheckedExpr(.eventuallyAccepts(player: player, opponent: opponent, demand: d), type: .bool, range: range)
    case .integer, .boolean, .name, .me, .them, .unary, .binary, .membership, .call, .field, .modal, .bounded,
      .simulate, .timeout, .labeled, .situation:
      return nil
    }
  }
}
