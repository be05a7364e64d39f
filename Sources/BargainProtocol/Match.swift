// One match of the bargaining phase: solve both effective programs (committed ones bound by their
// commitments, rule P8), then settle (for matches with chance: every outcome profile).

import BargainLogic
import BargainRuntime
import BargainSemantics

/// One side's result in a match with chance.
public enum RunResult: Hashable, Sendable {
  case output(Output)
  /// The program played the result of a simulation that ran out of fuel (rule S2).
  case timeout
  /// The run never ends (rule S3).
  case neverEnds
}

/// How a reported probability or expectation relates to the true value: probabilities of a
/// nonlinear system are lower bounds (rule S4), so the non-termination mass (1 minus them) is an
/// upper bound, and what mixes the two is neither.
public enum Accuracy: String, Hashable, Sendable {
  case exact
  case lowerBound = "lower"
  case upperBound = "upper"
  case approximate
}

/// One outcome profile of a match with chance.
public struct ProfileOutcome: Sendable {
  /// Each side's result, row first.
  public var results: [RunResult]
  public var probability: Fraction
  public var accuracy: Accuracy
  /// What the game's rules give; nil in a matrix game when a side has no action (timeout or never
  /// ends): then `payoffs` is the unsettled payoff (rule S6).
  public var settlement: Settlement?
  public var payoffs: PayoffProfile
}

public struct ChanceReport: Sendable {
  /// Profiles with positive probability, most probable first (ties: the game's order, then
  /// `timeout`, then never ends), including those where a side never ends.
  public var profiles: [ProfileOutcome]
  /// Probability that at least one side's run never ends (an upper bound when `exact` is false).
  public var nonTermination: Fraction
  /// Expected payoffs over every profile, those without a settlement at their unsettled payoff.
  public var expectedPayoffs: [Fraction]
  /// Mass of the profiles left out of `profiles` by `maxProfiles` (they still count in the
  /// expected payoffs).
  public var unlistedMass: Fraction
  public var outcome: ChanceOutcome
  /// `results[side][i]`: what entry i of the side's distribution (`outcome.sides[side]`) settles
  /// as; sampled plays read it.
  public var results: [[RunResult]]
  /// Whether every probability is exact; otherwise each value says which way it errs.
  public var exact: Bool { outcome.exact }
  public var nonTerminationAccuracy: Accuracy { exact ? .exact : .upperBound }
  public var expectedPayoffsAccuracy: Accuracy { exact ? .exact : .approximate }
}

/// The outcome of one match, as plain data for the renderers.
public struct MatchReport: Sendable {
  public var game: Game
  /// Row first; each side's program, eventual output (before enforcement) and proof level.
  public var sides: [SideResult]
  public var names: [String]
  /// The outputs that were settled: the programs' outputs (bound programs already respect
  /// their commitments, rule P8).
  public var finalOutputs: [Output]
  /// Per side, a note when the side's program is bound by commitments it could break (rule P8).
  public var enforcements: [String?]
  /// Deterministic matches: what happened; nil with chance (`chance` holds every profile).
  public var settlement: Settlement?
  public var stableWorld: Int
  public var frames: [[Output]]
  public var matchupCount: Int
  public var solved: SolvedMatch
  public var chance: ChanceReport?
  /// Per side, the capability costs already subtracted from the payoffs above (rule P7).
  public var costs: [Rational] = [Rational(0), Rational(0)]
  /// Games with rounds (rules M1–M7): every round played; the report's other fields are the
  /// final round's, with its settlement discounted (rule M6).
  public var rounds: RoundsReport? = nil
}

public enum Match {
  /// Plays two effective programs (protocol rule P8: a committed program arrives bound by its
  /// commitments, so its outputs already respect them and nothing is replaced after solving).
  /// `opponents`: what each side knows of the other at bargaining time (rule P6); nil: each
  /// plays the other's program.
  public static func play(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance, opponents: [ProgramInstance]? = nil
  ) throws(RuntimeFailure) -> MatchReport {
    if case .bargaining(let bargaining) = world.game.kind, let rule = bargaining.rounds {
      return try RoundsMatch.play(
        world: world, row: row, column: column, opponents: opponents, rule: rule
      ) { row, column, opponents throws(RuntimeFailure) in
        try playRound(world: world, row: row, column: column, opponents: opponents)
      }
    }
    return try playRound(world: world, row: row, column: column, opponents: opponents)
  }

  /// One round: the match of rule 16.
  static func playRound(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance, opponents: [ProgramInstance]?
  ) throws(RuntimeFailure) -> MatchReport {
    let solved = try MatchSolver.solve(world: world, row: row, column: column, opponents: opponents)
    let finals = solved.sides.map(\.output)
    let notes = solved.sides.map { side -> String? in
      side.instance.binding.map { "outputs outside \($0.text) become the nearest allowed one (rule P8)" }
    }
    let chance = solved.chance.map { chanceReport($0, game: world.game) }
    var settlement: Settlement?
    if chance == nil {
      guard let settled = Settle.settle(world.game, row: finals[0], column: finals[1]) else {
        throw RuntimeFailure(.limit(name: "outputs", limit: 0, what: "an output does not belong to the game"), at: nil)
      }
      settlement = settled
    }
    return MatchReport(
      game: world.game, sides: solved.sides, names: solved.sides.map { world.describe($0.instance) },
      finalOutputs: finals, enforcements: notes, settlement: settlement, stableWorld: solved.stableWorld,
      frames: solved.frames, matchupCount: solved.matchupCount, solved: solved, chance: chance)
  }

  /// The joint distribution: the two sides' runs are independent, so a profile's probability is
  /// the product of the sides' probabilities, a side that never ends included (rule S6).
  static func chanceReport(_ outcome: ChanceOutcome, game: Game) -> ChanceReport {
    let outputs = game.outputs
    let enforced = (0..<2).map { side -> [RunResult] in
      let distribution = outcome.sides.indices.contains(side) ? outcome.sides[side].distribution : []
      return distribution.indices.map { index in outputs.indices.contains(index) ? .output(outputs[index]) : .timeout }
    }
    // Per side: (result, probability) in the game's order, then timeout, then never ends.
    let sides = (0..<2).map { side -> [(RunResult, Fraction)] in
      let distribution = outcome.sides.indices.contains(side) ? outcome.sides[side].distribution : []
      var results: [(RunResult, Fraction)] = []
      // Distinct results, in the distribution's order.
      var position: [RunResult: Int] = [:]
      for (index, probability) in distribution.enumerated() where !probability.isZero {
        let result = enforced[side][index]
        if let earlier = position[result] {
          results[earlier].1 = results[earlier].1 + probability
        } else {
          position[result] = results.count
          results.append((result, probability))
        }
      }
      if let never = outcome.sides.indices.contains(side) ? outcome.sides[side].nonTermination : nil, !never.isZero {
        results.append((.neverEnds, never))
      }
      return results
    }
    var profiles: [ProfileOutcome] = []
    var expected = [Fraction.zero, Fraction.zero]
    for (rowResult, pr) in sides[0] {
      for (columnResult, pc) in sides[1] {
        let probability = pr * pc
        let results = [rowResult, columnResult]
        let (settlement, payoffs) = settle(game, results)
        expected[0] = expected[0] + probability * fraction(payoffs.row)
        expected[1] = expected[1] + probability * fraction(payoffs.column)
        profiles.append(
          ProfileOutcome(
            results: results, probability: probability, accuracy: accuracy(of: results, exact: outcome.exact),
            settlement: settlement, payoffs: payoffs))
      }
    }
    // Most probable first; the enumeration order breaks ties: stable sort.
    let ordered = profiles.enumerated().sorted { a, b in
      a.element.probability != b.element.probability
        ? a.element.probability > b.element.probability : a.offset < b.offset
    }.map(\.element)
    let listed = Array(ordered.prefix(ProtocolLimits.maxProfiles))
    let unlisted = ordered.dropFirst(ProtocolLimits.maxProfiles).reduce(Fraction.zero) { $0 + $1.probability }
    let rowEnds = outcome.sides[0].distribution.reduce(Fraction.zero, +)
    let columnEnds = outcome.sides[1].distribution.reduce(Fraction.zero, +)
    return ChanceReport(
      profiles: listed, nonTermination: Fraction.one - rowEnds * columnEnds, expectedPayoffs: expected,
      unlistedMass: unlisted, outcome: outcome, results: enforced)
  }

  /// With lower-bound probabilities, a side's never-ends mass is an upper bound.
  static func accuracy(of results: [RunResult], exact: Bool) -> Accuracy {
    if exact { return .exact }
    let never = results.filter { $0 == .neverEnds }.count
    return never == 0 ? .lowerBound : never == results.count ? .upperBound : .approximate
  }

  /// The settlement and payoffs of one profile (rule S6). Both sides with outputs: the game's
  /// rules. Otherwise a game's `never ends (x, y)` clause gives the payoffs. Without one: a side
  /// without an output (timeout, or its run never ends) made no demand, so a bargaining game
  /// breaks down as on incompatible demands, a disagreement in which that side takes the game's
  /// default outside option (its first when none is declared); a matrix game has no payoff
  /// without both actions, so such a profile pays (0, 0).
  public static func settle(_ game: Game, _ results: [RunResult]) -> (Settlement?, PayoffProfile) {
    let zero = PayoffProfile(row: Rational(0), column: Rational(0))
    let outputs = results.map { result -> Output? in
      if case .output(let output) = result { return output }
      return nil
    }
    if outputs.count == 2, let row = outputs[0], let column = outputs[1] {
      let settlement = Settle.settle(game, row: row, column: column)
      return (settlement, settlement?.payoffs ?? zero)
    }
    if let declared = game.neverEnds { return (nil, declared) }
    guard case .bargaining(let bargaining) = game.kind, outputs.count == 2 else { return (nil, zero) }
    let fallback = bargaining.defaultOutside ?? 0
    let options = outputs.map { output -> Int in
      if case .bargain(_, let outside) = output { return outside }
      return fallback
    }
    guard bargaining.disagreement.indices.contains(options[0]),
      bargaining.disagreement[options[0]].indices.contains(options[1])
    else { return (nil, zero) }
    let payoffs = bargaining.disagreement[options[0]][options[1]]
    return (
      .disagreement(
        rowOutside: bargaining.outsideOptions[options[0]], columnOutside: bargaining.outsideOptions[options[1]],
        payoffs: payoffs),
      payoffs
    )
  }

  static func fraction(_ value: Rational) -> Fraction {
    Fraction(value.numerator, value.denominator) ?? .zero
  }
}
