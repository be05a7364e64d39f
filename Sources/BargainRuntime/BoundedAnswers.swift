// Answers the `provable within N (φ)` queries of a match so that every answer rests on
// true axioms (Grammar/semantics.md, rule B3): searches run in a system where each query believed
// to succeed reads as □φ and each other one as ⊥, the answers are revised in rounds until every
// answer is what its own search gives, and the result is checked against the final model. With
// chance, the axioms are those of `ChanceSearch` (rule B8). Also finds which queries a run's output
// depends on, for the reports' "established with bounded searches" label.

import BargainLogic
import BargainSyntax

/// The answer to one `provable within N (φ)`.
public struct BoundedAnswer: Sendable {
  public var query: BoundedQuery
  public var holds: Bool
  /// The proof found (least size) in the final search system, when one exists within the budget.
  public var proof: Proof?
  /// `proof of 7 steps found`, `no proof within 5 steps`, `not searched: ...`.
  public var summary: String
}

/// How the bounded queries of a system were answered (rule B3).
public struct BoundedResolution: Sendable {
  public var answers: [BoundedAnswer]
  /// The system of the last round, every search's theory: the match's equations with each query
  /// that succeeds read as □φ and each that fails as ⊥ (with chance, over the "can output" atoms of
  /// rule B8). Nil without queries, or when a run with chance simulates itself.
  public var searchSystem: ModalSystem?
  /// Search rounds run (each searches every query still believed to succeed).
  public var rounds: Int

  static let none = BoundedResolution(answers: [], searchSystem: nil, rounds: 0)
}

public enum BoundedResolver {
  /// Answers every query of `system` and fixes each query's atom to its answer (⊤ or ⊥).
  ///
  /// Rounds: search every live query in Sys(live), drop the ones without a proof within their
  /// budget, repeat until a round drops none (at most queries + 1 rounds, since the live set only
  /// shrinks). Then every query is searched in the final system; while some answer disagrees with
  /// its search, the live set becomes the set of queries whose search succeeds there, and a set
  /// seen before stops the match (exit 3). A search that stops at a prover limit stops the match
  /// (exit 3): a limit is never read as "no proof".
  static func resolve(
    _ system: inout MatchupSystem, limits: ProverLimits, maxSearches: Int = RuntimeLimits.maxBoundedSearches,
    maxSearchWork: Int = RuntimeLimits.maxSearchWork
  ) throws(RuntimeFailure) -> BoundedResolution {
    guard !system.queries.isEmpty else { return .none }
    let queries = system.queries
    let atoms = queries.map { system.atom(state: $0.state, result: 0) }
    var searchQueries = queries
    var baseDefinitions = system.definitions
    if system.hasChance {
      guard var chance = ChanceSearch(system) else {
        // A run that draws from itself has possible results that are a least fixed point, and may
        // never end: no well-founded axioms describe it, so the query is not searched (rule B8).
        let falseFormula = system.arena.constant(false)
        for atom in atoms { system.definitions[atom] = falseFormula }
        let answers = queries.map {
          BoundedAnswer(
            query: $0, holds: false, proof: nil, summary: "not searched: a run of the match simulates itself (rule B8)")
        }
        return BoundedResolution(answers: answers, searchSystem: nil, rounds: 0)
      }
      for number in queries.indices {
        chance.range = queries[number].range
        searchQueries[number].statement = try chance.translate(queries[number].statement, sure: true)
      }
      baseDefinitions = try chance.definitions(oracles: [:])
      system.arena = chance.arena
    }
    var boxes: [FormulaID] = []
    for query in searchQueries {
      let box = system.arena.box(query.statement, level: 0)
      boxes.append(box)
    }
    let falseFormula = system.arena.constant(false)
    let trueFormula = system.arena.constant(true)
    var live = Array(repeating: true, count: queries.count)
    var proofs: [Proof?] = Array(repeating: nil, count: queries.count)
    func searchSystem() -> ModalSystem {
      var definitions = baseDefinitions
      for number in queries.indices { definitions[atoms[number]] = live[number] ? boxes[number] : falseFormula }
      return ModalSystem(arena: system.arena, definitions: definitions)
    }
    var rounds = 0
    var searches = 0
    var work = 0
    func search(_ number: Int, in system: ModalSystem) throws(RuntimeFailure) -> Proof? {
      searches += 1
      guard searches <= maxSearches else {
        throw RuntimeFailure(
          .limit(
            name: "maxBoundedSearches", limit: maxSearches,
            what: "too many bounded proof searches in one match (rule B3 repeats them in rounds)"),
          at: queries[number].range)
      }
      var searchWork = 0
      let proof = try Self.search(searchQueries[number], in: system, limits: limits, work: &searchWork)
      work += searchWork
      guard work <= maxSearchWork else {
        throw RuntimeFailure(
          .limit(
            name: "maxSearchWork", limit: maxSearchWork,
            what: "the bounded proof searches of one match take too much work in total"),
          at: queries[number].range)
      }
      return proof
    }
    var final = searchSystem()
    while true {
      rounds += 1
      var dropped: [Int] = []
      for number in queries.indices where live[number] {
        proofs[number] = try search(number, in: final)
        if proofs[number] == nil { dropped.append(number) }
      }
      if dropped.isEmpty { break }
      for number in dropped { live[number] = false }
      final = searchSystem()
    }
    // Every dropped query must still fail with the final answers in place (the live ones were
    // all proved in `final` by the last round). Where one does not, the live set becomes exactly
    // the queries that find a proof, until a set is its own result; a set seen before is a cycle.
    var seen: [[Bool]] = [live]
    var liveProved = true
    while true {
      var next = live
      for number in queries.indices where !(live[number] && liveProved) {
        proofs[number] = try search(number, in: final)
        next[number] = proofs[number] != nil
      }
      if next == live { break }
      guard !seen.contains(next) else {
        let changing = queries.indices.filter { next[$0] != live[$0] }
        let names = changing.map { system.describe(system.keys[queries[$0].state]) }
        let notes = changing.dropFirst().map {
          Diagnostic.Note(message: "this search's answer changes too", range: queries[$0].range)
        }
        throw RuntimeFailure(
          .boundedAnswersInconsistent(searches: names), at: changing.first.map { queries[$0].range }, notes: notes)
      }
      seen.append(next)
      live = next
      liveProved = false
      rounds += 1
      final = searchSystem()
    }
    var answers: [BoundedAnswer] = []
    for number in queries.indices {
      let query = searchQueries[number]
      if let proof = proofs[number], live[number] {
        // The independent checker must accept every proof against the final system's axioms.
        guard ProofChecker.check(proof, proves: query.statement, in: final).isValid else {
          throw RuntimeFailure(
            .internalError(what: "the independent proof checker rejected a proof of this bounded query"),
            at: query.range)
        }
        answers.append(
          BoundedAnswer(query: query, holds: true, proof: proof, summary: "proof of \(proof.size) steps found"))
      } else {
        answers.append(
          BoundedAnswer(query: query, holds: false, proof: nil, summary: "no proof within \(query.budget) steps"))
      }
      system.definitions[atoms[number]] = live[number] ? trueFormula : falseFormula
    }
    system.searchWork = work
    return BoundedResolution(answers: answers, searchSystem: final, rounds: rounds)
  }

  /// One search: the proof (least size) if there is one within the budget, nil if the search
  /// showed there is none. Anything else stops the match.
  static func search(
    _ query: BoundedQuery, in system: ModalSystem, limits: ProverLimits, work: inout Int
  ) throws(RuntimeFailure) -> Proof? {
    try outcome(
      GLProver.prove(query.statement, in: system, budget: query.budget, limits: limits, work: &work),
      at: query.range, limits: limits)
  }

  /// Reads a search outcome as found (the proof) or exhaustively not found (nil); a limit is a
  /// `limit.exceeded` failure at `range`, a refused input or kernel step an internal error.
  public static func outcome(
    _ outcome: ProofSearchOutcome, at range: SourceRange?, limits: ProverLimits = .standard
  ) throws(RuntimeFailure) -> Proof? {
    switch outcome {
    case .proved(let proof): return proof
    case .noProofWithinBudget: return nil
    case .limitReached(let limit):
      throw RuntimeFailure(
        .limit(
          name: limit.name, limit: value(of: limit, in: limits),
          what: "the proof search stopped before it could answer"), at: range)
    case .invalidInput(let error):
      throw RuntimeFailure(.internalError(what: "the proof search refused its input (\(error))"), at: range)
    case .kernelRejected:
      throw RuntimeFailure(.internalError(what: "the proof kernel refused a step of the search"), at: range)
    }
  }

  static func value(of limit: ProverLimit, in limits: ProverLimits) -> Int {
    switch limit {
    case .maxFormulaSize: return limits.maxFormulaSize
    case .maxSequentSize: return limits.maxSequentSize
    case .maxSearchNodes: return limits.maxSearchNodes
    case .maxProofDepth: return limits.maxProofDepth
    }
  }

  /// Safety net for the argument of rule B3: each query that succeeds must hold at every world of
  /// the final model (then the search system's axioms are true there).
  public static func verify(_ resolution: BoundedResolution, against solution: KripkeSolution) throws(RuntimeFailure) {
    for answer in resolution.answers where answer.holds && solution.level(of: answer.query.statement) != 0 {
      throw RuntimeFailure(
        .internalError(what: "a bounded query's statement is not true in the final model"), at: answer.query.range)
    }
  }

  /// The numbers (0-based, ascending) of the queries whose answers the output of run `root` depends
  /// on: reachable through definitions (or, with chance, path conditions and draws), and through
  /// the statement of every query reached.
  static func dependencies(of root: Int, in system: MatchupSystem) -> [Int] {
    guard system.keys.indices.contains(root) else { return [] }
    return dependencies(states: [root], formulas: [], in: system)
  }

  /// The queries a formula of the system depends on, as for a run's output.
  static func dependencies(ofFormula formula: FormulaID, in system: MatchupSystem) -> [Int] {
    dependencies(states: [], formulas: [formula], in: system)
  }

  private static func dependencies(states roots: [Int], formulas rootFormulas: [FormulaID], in system: MatchupSystem)
    -> [Int]
  {
    guard !system.queries.isEmpty else { return [] }
    let results = max(system.resultCount, 1)
    var seenState = Array(repeating: false, count: system.keys.count)
    var seenFormula = Array(repeating: false, count: system.arena.count)
    var states: [Int] = []
    var found: [Int] = []
    func reach(_ state: Int) {
      guard seenState.indices.contains(state), !seenState[state] else { return }
      seenState[state] = true
      states.append(state)
    }
    for root in roots { reach(root) }
    var formulas = rootFormulas
    while true {
      // Formulas first; then the next run's equations, paths, or query statement.
      while let formula = formulas.popLast() {
        guard seenFormula.indices.contains(formula.index), !seenFormula[formula.index] else { continue }
        seenFormula[formula.index] = true
        let node = system.arena.node(formula)
        if case .atom(let atom) = node { reach(atom / results) }
        formulas.append(contentsOf: node.children)
      }
      guard let state = states.popLast() else { break }
      switch system.keys[state] {
      case .oracle(let number):
        guard system.queries.indices.contains(number) else { continue }
        found.append(number)
        formulas.append(system.queries[number].statement)
      case .run:
        if system.hasChance {
          for path in system.paths[state] {
            formulas.append(path.condition)
            for draw in path.draws { reach(draw.state) }
          }
        } else {
          for result in 0..<results {
            let atom = system.atom(state: state, result: result)
            if system.definitions.indices.contains(atom) { formulas.append(system.definitions[atom]) }
          }
        }
      }
    }
    return found.sorted()
  }
}
