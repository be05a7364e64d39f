// Multi-round bargaining (rules M1–M7): the rounds are played one after another, each one a
// match as in rule 16 in which the round and the history are constants of the runs, until the
// demands are compatible or lock in. Settlement of the final round is discounted here, in its own
// function, so `Settlement.swift` stays the one-round rules.

import BargainLogic
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
  /// A side made no demand (its run timed out or never ended, rule S6): a breakdown (rule M8).
  case noDemand = "no-demand"
}

public struct RoundsReport: Sendable {
  public var rule: RoundsRule
  /// Every round played, in order; the last one ended the bargaining.
  public var rounds: [RoundRecord]
  public var end: RoundsEnd
  /// The one-round settlement of the final round's outputs, before discount and cost.
  public var undiscounted: PayoffProfile
  /// Rounds with chance (rule M8): every history explored and the merged outcomes; then `rounds`
  /// is empty and `end` and `undiscounted` are the most probable outcome's.
  public var chance: RoundsChance? = nil
}

public enum RoundsMatch {
  /// Plays the rounds of `rule` (rule M5) and settles the final round (rule M6). `play` solves
  /// one round: the one-round match of rule 16. A round with chance branches on its outcome
  /// profiles (rule M8); without chance there is one branch and the report is as before.
  static func play(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance, opponents: [ProgramInstance]?,
    rule: RoundsRule,
    solveRound: (ProgramInstance, ProgramInstance, [ProgramInstance]?) throws(RuntimeFailure) -> MatchReport
  ) throws(RuntimeFailure) -> MatchReport {
    var exploration = RoundsExploration(rule: rule, game: world.game)
    var states = [RoundsHistory(rowDemands: [], columnDemands: [], probability: .one, records: [])]
    var deterministicEnd: (MatchReport, RoundsEnd, Settlement, [RoundRecord])?
    var firstChance: ChanceReport?
    var base: MatchReport?
    for round in 1...max(1, rule.count) where !states.isEmpty {
      var next: [RoundsHistory] = []
      var position: [[[Int]]: Int] = [:]
      for state in states {
        exploration.explored += 1
        guard exploration.explored <= ProtocolLimits.maxRoundBranches else {
          throw RuntimeFailure(
            .limit(
              name: "maxRoundBranches", limit: ProtocolLimits.maxRoundBranches,
              what: "rounds with chance explore too many histories"),
            at: base?.solved.system.chanceSite)
        }
        let rowNow = at(row, mine: state.rowDemands, theirs: state.columnDemands)
        let columnNow = at(column, mine: state.columnDemands, theirs: state.rowDemands)
        // What each side knows of the other (rule P6) stands at the other's place in the rounds.
        let known = opponents.map { list in
          list.enumerated().map { side, instance in
            instance.knowledge != nil
              ? instance
              : at(
                instance, mine: side == 0 ? state.columnDemands : state.rowDemands,
                theirs: side == 0 ? state.rowDemands : state.columnDemands)
          }
        }
        var report = try solveRound(rowNow, columnNow, known)
        if base == nil { base = report }
        let record = RoundRecord(
          round: round, outputs: report.finalOutputs, levels: report.sides.map(\.level),
          stableWorld: report.stableWorld, matchupCount: report.matchupCount)
        let records = state.records + [record]
        // The round's outcome profiles with their probabilities (one, of probability 1, without chance).
        var profiles: [(results: [RunResult], probability: Fraction, settlement: Settlement?, payoffs: PayoffProfile)]
        if let chance = report.chance {
          // Lower bounds (rule S4) would not multiply into exact branch probabilities.
          guard chance.exact, chance.unlistedMass.isZero else {
            throw inexactRound(chance, chanceSite: report.solved.system.chanceSite)
          }
          if firstChance == nil { firstChance = chance }
          profiles = chance.profiles.map { ($0.results, $0.probability, $0.settlement, $0.payoffs) }
        } else {
          guard let settlement = report.settlement else {
            throw RuntimeFailure(.internalError(what: "a round without a settlement"), at: nil)
          }
          profiles = [(report.finalOutputs.map { RunResult.output($0) }, .one, settlement, settlement.payoffs)]
        }
        var node = RoundsNode(
          round: round, rowDemands: state.rowDemands, columnDemands: state.columnDemands,
          probability: state.probability, branches: [])
        for profile in profiles {
          let probability = state.probability * profile.probability
          var demands: [Int] = []
          for result in profile.results {
            if case .output(.bargain(let demand, _)) = result { demands.append(demand) }
          }
          var end: RoundsEnd?
          if demands.count != 2 {
            end = .noDemand
          } else {
            switch profile.settlement {
            case .agreement?: end = .agreement
            case .disagreement?, .played?, nil:
              if round >= rule.count {
                end = .deadline
              } else if rule.lockWhenRepeated, state.rowDemands.last == demands[0],
                state.columnDemands.last == demands[1]
              {
                end = .repeated
              }
            }
          }
          node.branches.append(RoundsBranch(results: profile.results, probability: profile.probability, end: end))
          if let end {
            let settlement =
              profile.settlement
              ?? .disagreement(rowOutside: "", columnOutside: "", payoffs: profile.payoffs)
            let paid = try discounted(settlement, round: round, rule: rule)
            try exploration.add(
              RoundsOutcome(
                round: round, end: end, results: profile.results, probability: probability,
                settlement: profile.settlement == nil ? nil : paid, payoffs: paid.payoffs,
                undiscounted: profile.payoffs))
            if report.chance == nil, let settled = profile.settlement, state.probability == .one {
              deterministicEnd = (report, end, settled, records)
            }
            continue
          }
          let key = [state.rowDemands + [demands[0]], state.columnDemands + [demands[1]]]
          if let earlier = position[key] {
            next[earlier].probability = next[earlier].probability + probability
          } else {
            position[key] = next.count
            next.append(
              RoundsHistory(rowDemands: key[0], columnDemands: key[1], probability: probability, records: records))
          }
        }
        report.rounds = nil
        exploration.nodes.append(node)
      }
      states = next
    }
    guard let base else { throw RuntimeFailure(.internalError(what: "the rounds ended without a round"), at: nil) }
    if firstChance == nil, let (last, end, settlement, records) = deterministicEnd {
      var report = last
      report.settlement = try discounted(settlement, round: records.count, rule: rule)
      report.rounds = RoundsReport(rule: rule, rounds: records, end: end, undiscounted: settlement.payoffs)
      return report
    }
    guard let firstChance else {
      throw RuntimeFailure(.internalError(what: "the rounds ended without a final round"), at: nil)
    }
    return exploration.report(base: base, chance: firstChance)
  }

  /// `run.rounds-with-chance` for a round without exact profiles: at the program whose run made
  /// the probabilities bounds (its own component, not one that only reads it), else at the first
  /// chance construct; a note says why.
  static func inexactRound(_ chance: ChanceReport, chanceSite: SourceRange?) -> RuntimeFailure {
    guard chance.exact else {
      let why = chance.outcome.inexactReason ?? "a solver limit"
      guard let blamed = chance.outcome.inexactRun else {
        return RuntimeFailure(
          .roundsWithChance, at: chanceSite,
          notes: [Diagnostic.Note(message: "the probabilities are lower bounds: \(why)", range: nil)])
      }
      return RuntimeFailure(
        .roundsWithChance, at: blamed.site,
        notes: [Diagnostic.Note(message: "the probabilities of \(blamed.run) are lower bounds: \(why)", range: nil)])
    }
    return RuntimeFailure(
      .roundsWithChance, at: chanceSite,
      notes: [
        Diagnostic.Note(
          message: "the round has more outcome profiles than maxProfiles (\(ProtocolLimits.maxProfiles)) lists",
          range: nil)
      ])
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
