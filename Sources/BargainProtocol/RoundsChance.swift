// Multi-round bargaining with chance (rule M8): a round whose match has chance branches on its
// outcome profiles, since the next round's history depends on the demands drawn. Every branch is
// explored exactly (probabilities multiply, equal histories merge) and ends by rules M5–M6.

import BargainLogic
import BargainRuntime
import BargainSemantics

/// A history still bargaining, reached with a probability.
struct RoundsHistory {
  var rowDemands: [Int]
  var columnDemands: [Int]
  var probability: Fraction
  var records: [RoundRecord]
}

/// One round played after one history: its outcome profiles and what each one did.
public struct RoundsNode: Sendable {
  public var round: Int
  /// The demands of rounds 1…round−1 (row's, column's).
  public var rowDemands: [Int]
  public var columnDemands: [Int]
  /// Probability of reaching this history.
  public var probability: Fraction
  public var branches: [RoundsBranch]
}

/// One outcome profile of a round: its probability within the round, and how the bargaining ended
/// on it (nil: it goes on to the next round).
public struct RoundsBranch: Sendable {
  public var results: [RunResult]
  public var probability: Fraction
  public var end: RoundsEnd?
}

/// One way the bargaining ends, merged over the histories that end the same way.
public struct RoundsOutcome: Sendable {
  public var round: Int
  public var end: RoundsEnd
  /// The final round's results, row first.
  public var results: [RunResult]
  public var probability: Fraction
  /// Discounted (rule M6); nil when a side made no demand and the game's `never ends` pays.
  public var settlement: Settlement?
  public var payoffs: PayoffProfile
  public var undiscounted: PayoffProfile
}

public struct RoundsChance: Sendable {
  /// Every round played, breadth first: round 1, then each history of round 2, and so on.
  public var nodes: [RoundsNode]
  /// Most probable first (ties: order of first occurrence); `MatchReport.chance.profiles` lists
  /// the same outcomes in the same order, with the payoffs after capability costs.
  public var outcomes: [RoundsOutcome]
}

struct RoundsExploration {
  var rule: RoundsRule
  var game: Game
  var explored = 0
  var nodes: [RoundsNode] = []
  var outcomes: [RoundsOutcome] = []
  private var position: [OutcomeKey: Int] = [:]

  /// What makes two outcomes one: the same round, ending, results and payoffs.
  private struct OutcomeKey: Hashable {
    var round: Int
    var end: String
    var results: [RunResult]
    var payoffs: PayoffProfile
  }

  init(rule: RoundsRule, game: Game) {
    self.rule = rule
    self.game = game
  }

  mutating func add(_ outcome: RoundsOutcome) throws(RuntimeFailure) {
    let key = OutcomeKey(
      round: outcome.round, end: outcome.end.rawValue, results: outcome.results, payoffs: outcome.payoffs)
    if let earlier = position[key] {
      outcomes[earlier].probability = outcomes[earlier].probability + outcome.probability
      return
    }
    guard outcomes.count < ProtocolLimits.maxProfiles else {
      throw RuntimeFailure(
        .limit(name: "maxProfiles", limit: ProtocolLimits.maxProfiles, what: "rounds with chance end in too many ways"),
        at: nil)
    }
    position[key] = outcomes.count
    outcomes.append(outcome)
  }

  /// The match report: `chance` holds the merged outcomes as profiles (so costs, expected payoffs
  /// and randomized plans treat it as any match with chance), each side's distribution the
  /// marginal of its final result, and `rounds.chance` the branches.
  func report(base: MatchReport, chance first: ChanceReport) -> MatchReport {
    let ordered = outcomes.enumerated().sorted { a, b in
      a.element.probability != b.element.probability
        ? a.element.probability > b.element.probability : a.offset < b.offset
    }.map(\.element)
    var expected = [Fraction.zero, Fraction.zero]
    var never = Fraction.zero
    let outputs = game.outputs
    var marginals = [[Fraction]](repeating: [Fraction](repeating: .zero, count: outputs.count + 1), count: 2)
    var neverBySide = [Fraction.zero, Fraction.zero]
    for outcome in ordered {
      expected[0] = expected[0] + outcome.probability * Match.fraction(outcome.payoffs.row)
      expected[1] = expected[1] + outcome.probability * Match.fraction(outcome.payoffs.column)
      if outcome.results.contains(.neverEnds) { never = never + outcome.probability }
      for (side, result) in outcome.results.enumerated() where side < 2 {
        switch result {
        case .output(let output):
          if let index = outputs.firstIndex(of: output) {
            marginals[side][index] = marginals[side][index] + outcome.probability
          }
        case .timeout: marginals[side][outputs.count] = marginals[side][outputs.count] + outcome.probability
        case .neverEnds: neverBySide[side] = neverBySide[side] + outcome.probability
        }
      }
    }
    var outcome = first.outcome
    for side in outcome.sides.indices where side < 2 {
      outcome.sides[side].distribution = marginals[side]
      outcome.sides[side].nonTermination = neverBySide[side]
    }
    let profiles = ordered.map { entry in
      ProfileOutcome(
        results: entry.results, probability: entry.probability, accuracy: .exact, settlement: entry.settlement,
        payoffs: entry.payoffs)
    }
    let enforced = (0..<2).map { _ in outputs.map { RunResult.output($0) } + [.timeout] }
    var report = base
    report.settlement = nil
    report.chance = ChanceReport(
      profiles: profiles, nonTermination: never, expectedPayoffs: expected, unlistedMass: .zero, outcome: outcome,
      results: enforced)
    let top = ordered.first
    report.rounds = RoundsReport(
      rule: rule, rounds: [], end: top?.end ?? .deadline,
      undiscounted: top?.undiscounted ?? PayoffProfile(row: Rational(0), column: Rational(0)),
      chance: RoundsChance(nodes: nodes, outcomes: ordered))
    return report
  }
}
