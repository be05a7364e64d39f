// Why each side produced its output (`bargain A B --explain`): the branches its program took at
// the stable world, every provability or source fact it asked with its truth value and level,
// and for each bounded query the proof found, re-checked by the independent proof checker.

import BargainLogic
import BargainSemantics
import BargainSyntax

public struct ExplainedFact: Sendable {
  public enum Kind: Sendable, Equatable {
    case provable(level: Int)
    case bounded(budget: Int)
    case source
  }
  public var range: SourceRange
  public var kind: Kind
  public var value: Bool
  /// For provability facts: the least n such that PA+n proves the fact (if true) or its negation.
  public var level: Int?
  /// Bounded queries: what the search did.
  public var summary: String?
  public var proof: [RenderedProofStep]?
  /// Bounded queries: whether `ProofChecker` accepted the proof.
  public var proofChecked: Bool?
  /// Provability facts: the bounded queries (0-based) whose answers the fact's truth and level
  /// rest on; a PA+n proof of it uses those answers as axioms (rule 21).
  public var bounded: [Int] = []
}

public struct SideExplanation: Sendable {
  public var matchup: String
  /// The output; with chance, the distribution (`C 11/20, D 9/20`, `never ends 1`), never one
  /// output (rule S6).
  public var output: String
  /// The branches taken at the stable world; empty for matches with chance (every path counts).
  public var branches: [BranchStep]
  /// Whether the match involves chance (then `branches` is empty: every path counts).
  public var chance: Bool
  public var facts: [ExplainedFact]
}

public enum Explainer {
  /// Names an atom as people read it: "FairBot vs FairBot outputs C".
  public static func atomName(_ system: MatchupSystem) -> (Int) -> String {
    { atom in
      let results = max(system.resultCount, 1)
      let state = atom / results
      let result = atom % results
      // Past the match's atoms: rule B8's "can output" atoms, one per run and result.
      if system.hasChance, system.keys.indices.contains(state - system.keys.count) {
        let outcome =
          system.outputs.indices.contains(result) ? system.world.game.describe(system.outputs[result]) : "timeout"
        return "\(system.describe(system.keys[state - system.keys.count])) can output \(outcome)"
      }
      guard system.keys.indices.contains(state) else { return "a\(atom)" }
      if case .oracle = system.keys[state] { return "[\(system.describe(system.keys[state])) succeeds]" }
      if system.tracksFailures && result == system.failureResult {
        return "\(system.describe(system.keys[state])) fails"
      }
      let outcome =
        system.outputs.indices.contains(result) ? system.world.game.describe(system.outputs[result]) : "timeout"
      return "\(system.describe(system.keys[state])) outputs \(outcome)"
    }
  }

  public static func explain(_ solved: SolvedMatch) -> [SideExplanation] {
    let system = solved.system
    let name = atomName(system)
    return solved.sideStates.enumerated().map { side, state in
      var branches: [BranchStep] = []
      if let solution = solved.solution,
        let path = system.paths[state].first(where: {
          $0.failure == nil && solution.value(of: $0.condition, atWorld: solution.stableWorld)
        })
      {
        branches = path.trail
      }
      var facts: [ExplainedFact] = []
      var seen: Set<SourceRange> = []
      for fact in system.facts[state] where seen.insert(fact.range).inserted {
        facts.append(explain(fact, solved: solved, atomName: name))
      }
      var output = system.world.game.describe(solved.sides[side].output)
      if let chance = solved.chance, chance.sides.indices.contains(side) {
        output = distributionText(chance.sides[side], exact: chance.exact, game: system.world.game)
      }
      return SideExplanation(
        matchup: system.describe(system.keys[state]), output: output, branches: branches,
        chance: solved.chance != nil, facts: facts)
    }
  }

  /// `C 11/20, D 9/20`; with lower bounds `C ≥ 1/4, never ends ≤ 3/4`.
  static func distributionText(_ side: ChanceSide, exact: Bool, game: Game) -> String {
    let outputs = game.outputs
    var parts: [String] = []
    for (index, probability) in side.distribution.enumerated() where !probability.isZero {
      let name = outputs.indices.contains(index) ? game.describe(outputs[index]) : "timeout"
      parts.append("\(name) \(exact ? "" : "≥ ")\(probability)")
    }
    if !side.nonTermination.isZero { parts.append("never ends \(exact ? "" : "≤ ")\(side.nonTermination)") }
    return parts.joined(separator: ", ")
  }

  static func explain(_ fact: Fact, solved: SolvedMatch, atomName: (Int) -> String) -> ExplainedFact {
    switch fact.kind {
    case .source(let value):
      return ExplainedFact(range: fact.range, kind: .source, value: value)
    case .provable(let level):
      if solved.solution == nil, let chance = solved.chance, let formula = fact.formula {
        // With chance, "provable" ranges over statements of probability 1 (rule S7).
        return ExplainedFact(
          range: fact.range, kind: .provable(level: level), value: chance.truth[formula] ?? false)
      }
      guard let solution = solved.solution, let formula = fact.formula else {
        return ExplainedFact(range: fact.range, kind: .provable(level: level), value: false)
      }
      let sequence = solution.sequence(of: formula)
      return ExplainedFact(
        range: fact.range, kind: .provable(level: level), value: sequence.finalValue,
        level: sequence.changeWorlds.last ?? 0,
        bounded: BoundedResolver.dependencies(ofFormula: formula, in: solved.system))
    case .bounded(let query):
      guard solved.answers.indices.contains(query) else {
        return ExplainedFact(range: fact.range, kind: .bounded(budget: 0), value: false)
      }
      let answer = solved.answers[query]
      var steps: [RenderedProofStep]?
      var checked: Bool?
      if let proof = answer.proof, let searched = solved.boundedSystem {
        steps = ProofRendering.steps(of: proof, atomName: atomName)
        checked = ProofChecker.check(proof, proves: answer.query.statement, in: searched).isValid
      }
      return ExplainedFact(
        range: fact.range, kind: .bounded(budget: answer.query.budget), value: answer.holds, summary: answer.summary,
        proof: steps, proofChecked: checked)
    }
  }
}
