// One match of the bargaining phase: solve both programs, let the commitment device enforce each
// side's committed constraints, then settle (for matches with chance: every outcome profile).

import BargainLogic
import BargainRuntime
import BargainSemantics

/// One outcome profile of a match with chance.
public struct ProfileOutcome: Sendable {
  /// Each side's result: an output, or nil for `timeout`.
  public var results: [Output?]
  public var probability: Fraction
  /// Nil when a side timed out (no payoffs are defined).
  public var settlement: Settlement?
}

public struct ChanceReport: Sendable {
  /// Profiles with positive probability, most probable first (ties: game order).
  public var profiles: [ProfileOutcome]
  /// Probability that at least one side's run never ends.
  public var nonTermination: Fraction
  /// Expected payoffs over the profiles that settled (timeouts and non-termination contribute 0).
  public var expectedPayoffs: [Fraction]
  /// Mass of the profiles left out of `profiles` by `maxProfiles` (they still count in the
  /// expected payoffs).
  public var unlistedMass: Fraction
  public var outcome: ChanceOutcome
}

/// The outcome of one match, as plain data for the renderers.
public struct MatchReport: Sendable {
  public var game: Game
  /// Row first; each side's program, eventual output (before enforcement) and proof level.
  public var sides: [SideResult]
  public var names: [String]
  /// The outputs that were settled: the programs' outputs, or the nearest allowed ones.
  public var finalOutputs: [Output]
  /// Per side, a note when the commitment device replaced the program's output.
  public var enforcements: [String?]
  /// Deterministic matches: what happened; with chance: the most probable profile.
  public var settlement: Settlement
  public var stableWorld: Int
  public var frames: [[Output]]
  public var matchupCount: Int
  public var solved: SolvedMatch
  public var chance: ChanceReport?
}

public enum Match {
  /// `allowed[side]` lists the outputs that side's commitments allow (nil: no constraints).
  public static func play(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance, allowed: [[Bool]]? = nil
  ) throws(RuntimeFailure) -> MatchReport {
    let solved = try MatchSolver.solve(world: world, row: row, column: column)
    var finals: [Output] = []
    var notes: [String?] = []
    for (index, side) in solved.sides.enumerated() {
      let (output, note) = enforce(side.output, permitted(allowed, index), world.game)
      finals.append(output)
      notes.append(note)
    }
    guard let settlement = Settle.settle(world.game, row: finals[0], column: finals[1]) else {
      throw RuntimeFailure(.limit(name: "outputs", limit: 0, what: "an output does not belong to the game"), at: nil)
    }
    let chance = solved.chance.map { chanceReport($0, game: world.game, allowed: allowed) }
    return MatchReport(
      game: world.game, sides: solved.sides, names: solved.sides.map { world.describe($0.instance) },
      finalOutputs: finals, enforcements: notes, settlement: settlement, stableWorld: solved.stableWorld,
      frames: solved.frames, matchupCount: solved.matchupCount, solved: solved, chance: chance)
  }

  static func permitted(_ allowed: [[Bool]]?, _ side: Int) -> [Bool]? {
    allowed.flatMap { $0.indices.contains(side) ? $0[side] : nil }
  }

  /// The joint distribution: the two sides' runs are independent, so a profile's probability is
  /// the product of the sides' probabilities (Grammar/semantics.md, rule S6).
  static func chanceReport(_ outcome: ChanceOutcome, game: Game, allowed: [[Bool]]?) -> ChanceReport {
    let outputs = game.outputs
    let results = outputs.count + 1
    var profiles: [ProfileOutcome] = []
    var expected = [Fraction.zero, Fraction.zero]
    for r in 0..<results {
      let pr = outcome.sides[0].distribution.indices.contains(r) ? outcome.sides[0].distribution[r] : .zero
      guard !pr.isZero else { continue }
      for c in 0..<results {
        let pc = outcome.sides[1].distribution.indices.contains(c) ? outcome.sides[1].distribution[c] : .zero
        guard !pc.isZero else { continue }
        let probability = pr * pc
        var sideOutputs: [Output?] = [
          outputs.indices.contains(r) ? outputs[r] : nil, outputs.indices.contains(c) ? outputs[c] : nil,
        ]
        for side in 0..<2 {
          if let output = sideOutputs[side] { sideOutputs[side] = enforce(output, permitted(allowed, side), game).0 }
        }
        var settlement: Settlement?
        if let rowOutput = sideOutputs[0], let columnOutput = sideOutputs[1] {
          settlement = Settle.settle(game, row: rowOutput, column: columnOutput)
        }
        if let payoffs = settlement?.payoffs {
          expected[0] = expected[0] + probability * fraction(payoffs.row)
          expected[1] = expected[1] + probability * fraction(payoffs.column)
        }
        profiles.append(ProfileOutcome(results: sideOutputs, probability: probability, settlement: settlement))
      }
    }
    // Most probable first; the enumeration order (game order) breaks ties: stable sort.
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
      unlistedMass: unlisted, outcome: outcome)
  }

  static func fraction(_ value: Rational) -> Fraction {
    Fraction(value.numerator, value.denominator) ?? .zero
  }

  /// Protocol rule P8: an output outside the committed constraints becomes the nearest allowed one:
  /// the allowed demand closest to it (ties: the smaller), keeping the outside option if allowed,
  /// else the first allowed option in the game's order. Matrix games: the first allowed action.
  static func enforce(_ output: Output, _ allowed: [Bool]?, _ game: Game) -> (Output, String?) {
    let outputs = game.outputs
    guard let allowed, let index = game.outputIndex(output), allowed.indices.contains(index), !allowed[index],
      allowed.contains(true)
    else { return (output, nil) }
    var best: (score: (Int, Int, Int, Int), output: Output)?
    for (position, candidate) in outputs.enumerated() where allowed[position] {
      let score: (Int, Int, Int, Int)
      switch (output, candidate) {
      case (.bargain(let demand, let option), .bargain(let newDemand, let newOption)):
        score = (abs(newDemand - demand), newDemand, newOption == option ? 0 : 1, newOption)
      default:
        score = (position, 0, 0, 0)
      }
      if best == nil || score < (best?.score ?? score) { best = (score, candidate) }
    }
    guard let replacement = best?.output else { return (output, nil) }
    return (
      replacement,
      "the commitment device replaced \(game.describe(output)) by \(game.describe(replacement))"
    )
  }
}
