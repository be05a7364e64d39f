// Capability costs (rule P7): what each side paid for `prepare ... cost r` is subtracted from its
// payoff in every outcome, so expected payoffs, tournaments and reports all see the net payoff.

import BargainLogic
import BargainRuntime
import BargainSemantics

extension Match {
  /// `report` with `costs` (row, column) subtracted from every payoff; unchanged when both are 0.
  /// The bargaining phase after pre-bargaining: the effective programs, each knowing what it
  /// received (rules P6, P8), settled with the sides' payoff changes (rules SP1–SP3) and net of
  /// capability costs (rule P7). Every caller that plays a protocol outcome goes through here.
  public static func play(world: CheckedWorld, after outcome: ProtocolOutcome) throws(RuntimeFailure) -> MatchReport {
    try charge(
      play(
        world: outcome.settlementWorld(world), row: outcome.programs[0], column: outcome.programs[1],
        opponents: outcome.opponents),
      costs: outcome.costs)
  }

  public static func charge(_ report: MatchReport, costs: [Rational]) throws(RuntimeFailure) -> MatchReport {
    guard costs.count == 2, costs.contains(where: { $0 != Rational(0) }) else { return report }
    var charged = report
    charged.costs = costs
    if let settlement = report.settlement {
      charged.settlement = try charge(settlement, costs)
    }
    if var chance = report.chance {
      for index in chance.profiles.indices {
        chance.profiles[index].payoffs = try net(chance.profiles[index].payoffs, costs)
        if let settlement = chance.profiles[index].settlement {
          chance.profiles[index].settlement = try charge(settlement, costs)
        }
      }
      // Each profile pays its cost with its probability: the mass of all profiles, listed or not.
      let mass = totalMass(report)
      for side in chance.expectedPayoffs.indices where costs.indices.contains(side) {
        chance.expectedPayoffs[side] = chance.expectedPayoffs[side] - mass * fraction(costs[side])
      }
      charged.chance = chance
    }
    return charged
  }

  static func totalMass(_ report: MatchReport) -> Fraction {
    guard let chance = report.chance else { return Fraction.one }
    return chance.profiles.reduce(chance.unlistedMass) { $0 + $1.probability }
  }

  public static func net(_ payoffs: PayoffProfile, _ costs: [Rational]) throws(RuntimeFailure) -> PayoffProfile {
    guard let row = payoffs.row.subtracting(costs[0]), let column = payoffs.column.subtracting(costs[1]) else {
      throw RuntimeFailure(.overflow(operation: "payoff minus capability cost"), at: nil)
    }
    return PayoffProfile(row: row, column: column)
  }

  static func charge(_ settlement: Settlement, _ costs: [Rational]) throws(RuntimeFailure) -> Settlement {
    switch settlement {
    case .played(let r, let c, let payoffs):
      return .played(rowAction: r, columnAction: c, payoffs: try net(payoffs, costs))
    case .agreement(let r, let c, let payoffs):
      return .agreement(rowDemand: r, columnDemand: c, payoffs: try net(payoffs, costs))
    case .disagreement(let r, let c, let payoffs):
      return .disagreement(rowOutside: r, columnOutside: c, payoffs: try net(payoffs, costs))
    }
  }
}
