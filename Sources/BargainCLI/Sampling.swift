// `--seed`: one sampled play of a match with chance, drawn from the exact distribution with a
// seeded project-owned generator (same seed, same play, on every machine).

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics

/// SplitMix64: small, fast and fully specified, so samples never depend on the platform.
struct SplitMix64 {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

struct SampledPlay {
  var seed: UInt64
  /// Per side: the index of the result drawn (outputs, then timeout), or nil: the run never ended.
  var results: [Int?]
  /// Rounds with chance (rule M8): the index of the outcome drawn, jointly, from the merged
  /// outcomes (the sides' final results are not independent there).
  var profile: Int? = nil
}

enum Sampling {
  /// Draws each side's result independently: a uniform 64-bit number u is compared with the
  /// cumulative probabilities (exact fractions) in the game's order; past them, the run never ends.
  static func sample(_ report: MatchReport, seed: UInt64) -> SampledPlay {
    var generator = SplitMix64(state: seed)
    if report.rounds?.chance != nil, let chance = report.chance {
      let u = generator.next()
      let scaled = Fraction(BigInt(Int(u >> 1)) * BigInt(2)) + Fraction(Int(u & 1))
      let total = Fraction(BigInt(Int.max)) * Fraction(2) + Fraction(2)
      var cumulative = Fraction.zero
      var drawn = chance.profiles.indices.last
      for (index, profile) in chance.profiles.enumerated() {
        cumulative = cumulative + profile.probability
        if scaled < cumulative * total {
          drawn = index
          break
        }
      }
      return SampledPlay(seed: seed, results: [nil, nil], profile: drawn)
    }
    var results: [Int?] = []
    for side in 0..<2 {
      let u = generator.next()
      guard let chance = report.chance else {
        results.append(report.game.outputIndex(report.finalOutputs[side]))
        continue
      }
      // u / 2^64 < cumulative  <=>  u * denominator < cumulative numerator * 2^64.
      let scaled = Fraction(BigInt(Int(u >> 1)) * BigInt(2)) + Fraction(Int(u & 1))
      let total = Fraction(BigInt(Int.max)) * Fraction(2) + Fraction(2)
      var cumulative = Fraction.zero
      var drawn: Int?
      for (index, probability) in chance.outcome.sides[side].distribution.enumerated() {
        cumulative = cumulative + probability
        if scaled < cumulative * total {
          drawn = index
          break
        }
      }
      results.append(drawn)
    }
    return SampledPlay(seed: seed, results: results)
  }

  static func describe(_ result: RunResult, _ report: MatchReport) -> String {
    switch result {
    case .output(let output): return report.game.describe(output)
    case .timeout: return "timeout"
    case .neverEnds: return "never ends"
    }
  }

  /// What the drawn entry settles as: with chance, after the commitment device, as the profiles.
  static func runResults(_ sample: SampledPlay, _ report: MatchReport) -> [RunResult] {
    if let index = sample.profile, let profiles = report.chance?.profiles, profiles.indices.contains(index) {
      return profiles[index].results
    }
    let outputs = report.game.outputs
    return sample.results.enumerated().map { side, result in
      guard let result else { return .neverEnds }
      if let chance = report.chance {
        let entries = chance.results.indices.contains(side) ? chance.results[side] : []
        return entries.indices.contains(result) ? entries[result] : .timeout
      }
      return outputs.indices.contains(result) ? .output(outputs[result]) : .timeout
    }
  }

  /// The sampled profile's settlement and payoffs, by the same rule as the distribution (S6).
  static func settlement(_ sample: SampledPlay, _ report: MatchReport) -> (Settlement?, PayoffProfile) {
    if let index = sample.profile, let profiles = report.chance?.profiles, profiles.indices.contains(index) {
      return (profiles[index].settlement, profiles[index].payoffs)
    }
    return Match.settle(report.game, runResults(sample, report))
  }

  static func text(_ sample: SampledPlay, report: MatchReport) -> String {
    let results = runResults(sample, report)
    var out = "sample   one play drawn with seed \(sample.seed) (a draw, not the result): row "
    out += describe(results[0], report) + ", column " + describe(results[1], report)
    let (settlement, payoffs) = settlement(sample, report)
    return out + "; \(settlement?.kind ?? "unsettled"), payoffs (\(payoffs.row), \(payoffs.column))\n"
  }

  static func json(_ sample: SampledPlay, report: MatchReport) -> JSON {
    let (settlement, payoffs) = settlement(sample, report)
    return .object([
      "seed": .string(String(sample.seed)),
      "results": .array(runResults(sample, report).map { .string(describe($0, report)) }),
      "kind": .string(settlement?.kind ?? "unsettled"),
      "payoffs": .array([.rational(payoffs.row), .rational(payoffs.column)]),
    ])
  }
}
