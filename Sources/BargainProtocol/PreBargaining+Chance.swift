// Randomized plans (Grammar/semantics.md, rule P16): a plan's `with probability p { A } else { B }`
// is a draw of the agent's own. The protocol is deterministic given the draws, so every branch (one
// sequence of draws, both agents' interleaved in event order) is run exactly, and the match's
// result is the distribution over the branches' bargaining outcomes.

import BargainLogic
import BargainRuntime
import BargainSemantics
import BargainSyntax

/// One draw of a randomized plan: which block the agent took.
public struct PlanDraw: Hashable, Sendable {
  public var time: Int
  public var side: Int
  /// The stated probability p of the first block.
  public var probability: Fraction
  /// True: the first block (probability p); false: the `else` block (1 − p).
  public var first: Bool
  /// The `with probability` action.
  public var range: SourceRange

  /// The probability of the block taken.
  public var weight: Fraction { first ? probability : Fraction.one - probability }
}

/// One branch of the pre-bargaining phase: its draws, their joint probability and what happened.
public struct ProtocolBranch: Sendable {
  public var probability: Fraction
  public var draws: [PlanDraw]
  public var outcome: ProtocolOutcome
}

extension PreBargaining {
  /// Limit on the branches of a match with randomized plans: each branch is a whole
  /// pre-bargaining run and a bargaining match, and independent draws multiply the branches.
  public static let maxPlanBranches = 1_000

  /// Every branch of the pre-bargaining phase, in the order of their draws (first blocks first).
  /// Without draws of positive probability on both blocks there is one branch of probability 1.
  public static func explore(
    world: CheckedWorld, agents: [CheckedAgent], horizon: Int, lag: Int
  ) throws(RuntimeFailure) -> [ProtocolBranch] {
    var branches: [ProtocolBranch] = []
    // Scripts still to run; each ends in a draw whose `else` block is not explored yet.
    var pending: [[Bool]] = [[]]
    while let script = pending.popLast() {
      var engine = Engine(world: world, agents: agents, horizon: horizon, lag: lag)
      engine.script = script
      let outcome = try engine.run()
      let draws = engine.draws
      let probability = draws.reduce(Fraction.one) { $0 * $1.weight }
      branches.append(ProtocolBranch(probability: probability, draws: draws, outcome: outcome))
      // Every draw past the script took its first block; its `else` block is a branch too.
      if script.count < draws.count {
        for index in script.count..<draws.count {
          pending.append(draws[..<index].map(\.first) + [false])
        }
      }
      guard branches.count + pending.count <= maxPlanBranches else {
        throw RuntimeFailure(
          .limit(
            name: "maxPlanBranches", limit: maxPlanBranches,
            what: "randomized plans have more than \(maxPlanBranches) branches"),
          at: draws.last?.range)
      }
    }
    return branches
  }
}

extension Engine {
  /// A draw (rule P16): the block the current script says, the first block past its end. A
  /// probability of 0 or 1 is no draw: the block is certain and no branch is made.
  mutating func draw(
    _ expr: CheckedExpr, side: Int, at time: Int, range: SourceRange
  ) throws(RuntimeFailure) -> Bool {
    let p = try MatchupCompiler.closedRational(expr, in: world)
    guard p >= Rational(0), p <= Rational(1), let q = Rational(1).subtracting(p) else {
      throw RuntimeFailure(.probabilityOutOfRange(value: p.description), at: range)
    }
    if p == Rational(0) { return false }
    if p == Rational(1) { return true }
    let first = script.indices.contains(draws.count) ? script[draws.count] : true
    let exact = Fraction(p.numerator, p.denominator) ?? .zero
    draws.append(PlanDraw(time: time, side: side, probability: exact, first: first, range: range))
    let taken = first ? exact : Fraction(q.numerator, q.denominator) ?? .zero
    record(time, side, .draw, "draws the \(first ? "first" : "else") block (probability \(taken))")
    return first
  }
}

/// One branch played: its pre-bargaining and its bargaining match.
public struct BranchMatch: Sendable {
  public var branch: ProtocolBranch
  public var report: MatchReport
  /// The branch's payoffs (expected payoffs when its match has chance).
  public var payoffs: [Fraction]
}

/// One outcome of a match with randomized plans, branches with identical outcomes merged.
public struct MergedOutcome: Sendable {
  /// Each side's result, row first.
  public var results: [RunResult]
  /// Σ over branches of the branch's probability × the outcome's probability in its match.
  public var probability: Fraction
  public var accuracy: Accuracy
  public var settlement: Settlement?
  public var payoffs: PayoffProfile
  /// The branches (numbered from 1) in which it occurs.
  public var branches: [Int]
}

/// A match whose plans draw (rule P16): every branch, and the merged outcome distribution.
public struct RandomizedMatch: Sendable {
  public var branches: [BranchMatch]
  /// Most probable first (ties: order of first occurrence).
  public var outcomes: [MergedOutcome]
  /// Mass of outcomes that branches' matches left unlisted (`maxProfiles`); still in the payoffs.
  public var unlistedMass: Fraction
  public var expectedPayoffs: [Fraction]
  /// Whether every branch's probabilities are exact (rule S4).
  public var exact: Bool
  public var expectedPayoffsAccuracy: Accuracy { exact ? .exact : .approximate }
}

/// What makes two merged outcomes one.
private struct OutcomeKey: Hashable {
  var results: [RunResult]
  var payoffs: PayoffProfile
}

/// What makes two branches' matches equal.
private struct BranchKey: Hashable {
  var programs: [ProgramInstance]
  var game: Game
  var costs: [Rational]
}

extension Match {
  /// Plays every branch's bargaining match (equal matches once) and merges the outcomes.
  public static func play(world: CheckedWorld, branches: [ProtocolBranch]) throws(RuntimeFailure) -> RandomizedMatch {
    var played: [BranchMatch] = []
    var cache: [BranchKey: MatchReport] = [:]
    var merged: [MergedOutcome] = []
    // Equal outputs can pay differently in branches with different payoff changes or costs.
    var position: [OutcomeKey: Int] = [:]
    var unlisted = Fraction.zero
    var expected = [Fraction.zero, Fraction.zero]
    var exact = true
    for (index, branch) in branches.enumerated() {
      let outcome = branch.outcome
      // Branches may differ in payoff changes and costs as well as in programs.
      let key = BranchKey(
        programs: outcome.programs + outcome.opponents, game: outcome.settlementWorld(world).game,
        costs: outcome.costs)
      let report: MatchReport
      if let known = cache[key] {
        report = known
      } else {
        report = try play(world: world, after: outcome)
        cache[key] = report
      }
      // The branch's outcomes with their probabilities within the branch.
      var local: [(results: [RunResult], probability: Fraction, settlement: Settlement?, payoffs: PayoffProfile)] = []
      let payoffs: [Fraction]
      if let chance = report.chance {
        exact = exact && chance.exact
        for profile in chance.profiles {
          local.append((profile.results, profile.probability, profile.settlement, profile.payoffs))
        }
        unlisted += branch.probability * chance.unlistedMass
        payoffs = chance.expectedPayoffs
      } else {
        let results = report.finalOutputs.map { RunResult.output($0) }
        let profile = report.settlement?.payoffs ?? PayoffProfile(row: Rational(0), column: Rational(0))
        local.append((results, .one, report.settlement, profile))
        payoffs = [fraction(profile.row), fraction(profile.column)]
      }
      for (side, value) in payoffs.enumerated() where side < 2 {
        expected[side] = expected[side] + branch.probability * value
      }
      for entry in local {
        let probability = branch.probability * entry.probability
        let outcomeKey = OutcomeKey(results: entry.results, payoffs: entry.payoffs)
        if let earlier = position[outcomeKey] {
          merged[earlier].probability = merged[earlier].probability + probability
          if merged[earlier].branches.last != index + 1 { merged[earlier].branches.append(index + 1) }
        } else {
          position[outcomeKey] = merged.count
          merged.append(
            MergedOutcome(
              results: entry.results, probability: probability, accuracy: .exact, settlement: entry.settlement,
              payoffs: entry.payoffs, branches: [index + 1]))
        }
      }
      played.append(BranchMatch(branch: branch, report: report, payoffs: payoffs))
    }
    for index in merged.indices { merged[index].accuracy = accuracy(of: merged[index].results, exact: exact) }
    let ordered = merged.enumerated().sorted { a, b in
      a.element.probability != b.element.probability
        ? a.element.probability > b.element.probability : a.offset < b.offset
    }.map(\.element)
    return RandomizedMatch(
      branches: played, outcomes: ordered, unlistedMass: unlisted, expectedPayoffs: expected, exact: exact)
  }
}
