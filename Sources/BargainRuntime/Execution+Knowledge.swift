// What an agent knows of the other side (protocol rule P6): unknown programs, plays of them inside
// statements, and statements quantified over every program the agent cannot rule out.

import BargainLogic
import BargainSemantics
import BargainSyntax

extension Execution {
  /// The knowledge inside `value` when it is, or has as an argument, an unknown program.
  func unknown(_ value: Value) -> Knowledge? { Self.knowledge(in: value) }

  /// `unknown` without `self`: `compactMap(unknown)` captured, and so copied, the whole execution.
  static func knowledge(in value: Value) -> Knowledge? {
    guard case .program(let instance) = value else { return nil }
    if let knowledge = instance.knowledge { return knowledge }
    return instance.arguments.lazy.compactMap(knowledge(in:)).first
  }

  /// `value` with the unknown program replaced by the candidate being compiled, if any.
  func replacingUnknown(_ value: Value) -> Value {
    guard let candidate, case .program(let instance) = value else { return value }
    if instance.knowledge != nil { return .program(candidate) }
    guard instance.arguments.contains(where: { unknown($0) != nil }) else { return value }
    var replaced = instance
    replaced.arguments = instance.arguments.map(replacingUnknown)
    return .program(replaced)
  }

  mutating func failUnknown(
    _ path: Path, _ operation: String, _ knowledge: Knowledge, at range: SourceRange
  ) throws(RuntimeFailure) {
    try fail(path, .error(RuntimeFailure(.unknownProgram(operation: operation, known: knowledge.text), at: range)))
  }

  /// A play of the unknown program inside a statement: one leaf per opponent, whose result is
  /// any output the received constraints allow (`knowingStatement` quantifies over them).
  mutating func playUnknown(
    opponent: ProgramInstance, _ knowledge: Knowledge, _ path: Path, at range: SourceRange
  ) throws(RuntimeFailure) -> [(Path, Value)] {
    guard boxDepth > 0 else {
      try failUnknown(path, "playing `them` outside `provable`", knowledge, at: range)
      return []
    }
    let leaf = leaves[opponent] ?? leaves.count
    leaves[opponent] = leaf
    let key = -1 - leaf
    if let known = path.assumptions[key] { return [(path, value(ofResult: known))] }
    let count = compiler.system.resultCount
    try countPaths(count, at: range)
    var results: [(Path, Value)] = []
    for result in compiler.system.outputs.indices where knowledge.allowed.indices.contains(result) {
      guard knowledge.allowed[result] else { continue }
      let atom = arena.atom(UnknownRuns.atom(leaf: leaf, result: result, resultCount: count))
      guard var branch = restrict(path, atom) else { continue }
      branch.assumptions[key] = result
      results.append((branch, value(ofResult: result)))
    }
    return results
  }

  /// The formula of a statement inside `provable` in the run of an agent that knows the other
  /// only by what it received: it holds iff it holds for every program the agent cannot rule
  /// out. With candidates (a received `program in {...}`) that is each candidate in turn; without,
  /// every combination of allowed results of the unknown program's runs the statement plays.
  /// A failure counts when it happens for some of them.
  mutating func knowingStatement(
    _ body: CheckedExpr, _ path: Path, at range: SourceRange
  ) throws(RuntimeFailure) -> (FormulaID, [FailureCase]) {
    guard let knowledge = matchup.opponent.knowledge else { return try statementFormula(body, path) }
    if let candidates = knowledge.candidates {
      let outer = candidate
      defer { candidate = outer }
      var parts: [FormulaID] = []
      var cases: [FailureCase] = []
      for program in candidates {
        candidate = program
        let (formula, failures) = try statementFormula(body, path)
        parts.append(formula)
        cases += failures
      }
      return (arena.and(parts), cases)
    }
    let (formula, failures) = try statementFormula(body, path)
    let statement = try quantified(formula, knowledge, every: true, at: range)
    var cases: [FailureCase] = []
    for failure in failures {
      var quantifiedCase = failure
      quantifiedCase.condition = try quantified(failure.condition, knowledge, every: false, at: range)
      cases.append(quantifiedCase)
    }
    return (statement, cases)
  }

  /// The conjunction (`every`) or disjunction of `formula` over every assignment of allowed
  /// results to the leaves it mentions.
  mutating func quantified(
    _ formula: FormulaID, _ knowledge: Knowledge, every: Bool, at range: SourceRange
  ) throws(RuntimeFailure) -> FormulaID {
    let count = compiler.system.resultCount
    let (mentioned, nodes) = arena.unknownLeaves(in: formula, resultCount: count)
    guard !mentioned.isEmpty else { return formula }
    let choices = compiler.system.outputs.indices.filter {
      knowledge.allowed.indices.contains($0) && knowledge.allowed[$0]
    }
    // Each combination rebuilds the statement: the cost is combinations × its nodes.
    var total = 1
    for _ in mentioned {
      let (product, overflow) = total.multipliedReportingOverflow(by: max(choices.count, 1))
      let (work, workOverflow) = product.multipliedReportingOverflow(by: max(nodes, 1))
      guard !overflow, !workOverflow, work <= RuntimeLimits.maxKnowledgeCases else {
        throw RuntimeFailure(
          .limit(
            name: "maxKnowledgeCases", limit: RuntimeLimits.maxKnowledgeCases,
            what: "a statement about the unknown program has too many combinations of results to check"),
          at: range)
      }
      total = product
    }
    var parts: [FormulaID] = []
    var positions = Array(repeating: 0, count: mentioned.count)
    for _ in 0..<total {
      var results: [Int: Int] = [:]
      for (slot, leaf) in mentioned.enumerated() where choices.indices.contains(positions[slot]) {
        results[leaf] = choices[positions[slot]]
      }
      parts.append(arena.substituting(formula, results: results, resultCount: count))
      // The next assignment, like an odometer.
      for slot in positions.indices {
        positions[slot] += 1
        if positions[slot] < choices.count { break }
        positions[slot] = 0
      }
    }
    return every ? arena.and(parts) : arena.or(parts)
  }
}
