// `provable` inside a run: proof levels, a statement's formula inside a box and where it fails,
// and the facts a run asks outside any box (for explanations).

import BargainLogic
import BargainSemantics
import BargainSyntax

extension Execution {
  /// The proof level of `provable[k]` on each path (0 without brackets): a negative level fails
  /// the path (rule 18), one above `maxProofLevel` stops the match.
  mutating func proofLevels(_ level: CheckedExpr?, _ path: Path, at range: SourceRange) throws(RuntimeFailure)
    -> [(Path, Int)]
  {
    guard let level else { return [(path, 0)] }
    var levels: [(Path, Int)] = []
    for (current, value) in try evaluate(level, path) {
      guard case .int(let k) = value else { continue }
      guard k >= 0 else {
        try fail(current, .error(RuntimeFailure(.negativeProofLevel(level: k), at: level.range)))
        continue
      }
      guard k <= RuntimeLimits.maxProofLevel else {
        throw RuntimeFailure(
          .limit(name: "maxProofLevel", limit: RuntimeLimits.maxProofLevel, what: "proof level \(k) is too high"),
          at: level.range)
      }
      levels.append((current, k))
    }
    return levels
  }

  /// Records a fact the program asks outside any box (inside a box it is part of a statement).
  mutating func noteFact(_ fact: Fact) {
    guard boxDepth == 0, compiler.system.facts.indices.contains(state) else { return }
    compiler.system.facts[state].append(fact)
  }

  /// The outer path fails where the statement of a box fails at a world the box looks at: at
  /// world n, `[k]` looks at the worlds m with k <= m < n, so the condition is "some case
  /// condition held at such an m", ¬[k]¬(∨ cases).
  mutating func failInside(_ path: Path, _ cases: [FailureCase], level: Int) throws(RuntimeFailure) {
    guard !cases.isEmpty else { return }
    let anyCase = arena.or(cases.map(\.condition))
    let never = arena.not(anyCase)
    let neverBoxed = arena.box(never, level: level)
    let sometime = arena.not(neverBoxed)
    guard let failing = restrict(path, sometime) else { return }
    try fail(failing, .statement(level: level, cases: cases))
  }

  /// The formula of a statement inside `provable`: evaluated from no assumptions (the world
  /// differs inside the box), keeping the `let` values; and the cases in which it fails.
  mutating func statementFormula(
    _ body: CheckedExpr, _ path: Path
  ) throws(RuntimeFailure) -> (FormulaID, [FailureCase]) {
    let inner = Path(
      condition: arena.constant(true), assumptions: [:], weights: [], draws: [], locals: path.locals)
    boxDepth += 1
    let outerFailed = failed
    failed = []
    defer {
      boxDepth -= 1
      failed = outerFailed
    }
    let cases = try evaluate(body, inner)
    var disjuncts: [FormulaID] = []
    for (branch, value) in cases {
      let valueFormula = formula(value)
      let conditions =
        [branch.condition, valueFormula]
        + branch.draws.map { arena.atom(compiler.system.atom(state: $0.state, result: $0.result)) }
      disjuncts.append(arena.and(conditions))
    }
    let statement = arena.or(disjuncts)
    return (statement, failed.map { FailureCase(condition: $0.condition, failure: $0.failure) })
  }
}
