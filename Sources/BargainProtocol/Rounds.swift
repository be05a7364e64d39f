// Multi-round bargaining (rules M1–M7): the rounds are played one after another, each one a
// match as in rule 16 in which the round and the history are constants of the runs, until the
// demands are compatible or lock in. Settlement of the final round is discounted here, in its own
// function, so `Settlement.swift` stays the one-round rules.

import BargainRuntime
import BargainSemantics
import BargainSyntax

/// One played round: both outputs, their proof levels, and where the Kripke sequence settled.
public struct RoundRecord: Sendable {
  public var round: Int
  /// Row first.
  public var outputs: [Output]
  public var levels: [Int]
  public var stableWorld: Int
  public var matchupCount: Int
}

/// How the bargaining ended (rule M5).
public enum RoundsEnd: String, Sendable {
  /// Compatible demands at the final round.
  case agreement
  /// The last round was reached with incompatible demands.
  case deadline
  /// Both sides repeated their previous demands (`lock when repeated`).
  case repeated
}

public struct RoundsReport: Sendable {
  public var rule: RoundsRule
  /// Every round played, in order; the last one ended the bargaining.
  public var rounds: [RoundRecord]
  public var end: RoundsEnd
  /// The one-round settlement of the final round's outputs, before discount and cost.
  public var undiscounted: PayoffProfile
}

public enum RoundsMatch {
  /// Plays the rounds of `rule` (rule M5) and settles the final round (rule M6). `play` solves
  /// one round: the one-round match of rule 16.
  static func play(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance, opponents: [ProgramInstance]?,
    rule: RoundsRule,
    solveRound: (ProgramInstance, ProgramInstance, [ProgramInstance]?) throws(RuntimeFailure) -> MatchReport
  ) throws(RuntimeFailure) -> MatchReport {
    var rowDemands: [Int] = []
    var columnDemands: [Int] = []
    var records: [RoundRecord] = []
    for round in 1...max(1, rule.count) {
      let rowNow = at(row, mine: rowDemands, theirs: columnDemands)
      let columnNow = at(column, mine: columnDemands, theirs: rowDemands)
      // What each side knows of the other (rule P6) stands at the other's place in the rounds.
      let known = opponents.map { list in
        list.enumerated().map { side, instance in
          instance.knowledge != nil
            ? instance
            : at(instance, mine: side == 0 ? columnDemands : rowDemands, theirs: side == 0 ? rowDemands : columnDemands)
        }
      }
      var report = try solveRound(rowNow, columnNow, known)
      guard report.chance == nil else {
        throw RuntimeFailure(.roundsWithChance, at: report.solved.system.chanceSite)
      }
      records.append(
        RoundRecord(
          round: round, outputs: report.finalOutputs, levels: report.sides.map(\.level),
          stableWorld: report.stableWorld, matchupCount: report.matchupCount))
      guard report.finalOutputs.count == 2, case .bargain(let rowDemand, _) = report.finalOutputs[0],
        case .bargain(let columnDemand, _) = report.finalOutputs[1], let settlement = report.settlement
      else { throw RuntimeFailure(.internalError(what: "a round without two bargaining outputs"), at: nil) }
      var end: RoundsEnd?
      switch settlement {
      case .agreement: end = .agreement
      case .disagreement, .played:
        if round >= rule.count {
          end = .deadline
        } else if rule.lockWhenRepeated, rowDemands.last == rowDemand, columnDemands.last == columnDemand {
          end = .repeated
        }
      }
      if let end {
        report.settlement = try discounted(settlement, round: round, rule: rule)
        report.rounds = RoundsReport(rule: rule, rounds: records, end: end, undiscounted: settlement.payoffs)
        return report
      }
      rowDemands.append(rowDemand)
      columnDemands.append(columnDemand)
    }
    throw RuntimeFailure(.internalError(what: "the rounds ended without a final round"), at: nil)
  }

  static func at(_ instance: ProgramInstance, mine: [Int], theirs: [Int]) -> ProgramInstance {
    var copy = instance
    copy.roundState = mine.isEmpty ? nil : .actual(mine: mine, theirs: theirs)
    return copy
  }

  /// Rule M6: at final round r an agreement pays the split times discount^(r-1), and every
  /// payoff, agreement or outside options, loses cost * (r-1). Exact; an overflow is an error.
  public static func discounted(_ settlement: Settlement, round: Int, rule: RoundsRule) throws(RuntimeFailure)
    -> Settlement
  {
    guard let cost = rule.cost.multiplied(by: Rational(round - 1)) else {
      throw overflow("cost per round", rule.costRange)
    }
    // value times discount, r-1 times, each product reduced before it is checked: the exact
    // payoff, failing only when a reduced product does not fit in 64 bits. Outside options are
    // not discounted.
    func adjust(_ value: Rational, discount: Bool) throws(RuntimeFailure) -> Rational {
      var scaled = value
      if discount {
        for _ in 1..<max(1, round) {
          guard let next = reducedProduct(scaled, rule.discount) else { throw overflow("discount", rule.discountRange) }
          scaled = next
        }
      }
      guard let paid = scaled.subtracting(cost) else { throw overflow("cost per round", rule.costRange) }
      return paid
    }
    switch settlement {
    case .agreement(let rowDemand, let columnDemand, let payoffs):
      return .agreement(
        rowDemand: rowDemand, columnDemand: columnDemand,
        payoffs: PayoffProfile(
          row: try adjust(payoffs.row, discount: true), column: try adjust(payoffs.column, discount: true)))
    case .disagreement(let rowOutside, let columnOutside, let payoffs):
      return .disagreement(
        rowOutside: rowOutside, columnOutside: columnOutside,
        payoffs: PayoffProfile(
          row: try adjust(payoffs.row, discount: false), column: try adjust(payoffs.column, discount: false)))
    case .played:
      return settlement
    }
  }

  /// x * y with common factors cancelled first, so only a result that does not fit overflows.
  static func reducedProduct(_ x: Rational, _ y: Rational) -> Rational? {
    let left = gcd(x.numerator, y.denominator)
    let right = gcd(y.numerator, x.denominator)
    let (n, o1) = (x.numerator / left).multipliedReportingOverflow(by: y.numerator / right)
    let (d, o2) = (x.denominator / right).multipliedReportingOverflow(by: y.denominator / left)
    guard !o1, !o2 else { return nil }
    return Rational(n, d)
  }

  /// Positive for a positive denominator; 1 when both are 0 (never divides by zero).
  static func gcd(_ a: Int, _ b: Int) -> Int {
    var x = a.magnitude
    var y = b.magnitude
    while y != 0 { (x, y) = (y, x % y) }
    return x == 0 || x > UInt(Int.max) ? 1 : Int(x)
  }

  static func overflow(_ what: String, _ site: SourceRange?) -> RuntimeFailure {
    RuntimeFailure(.overflow(operation: what), at: site)
  }
}
