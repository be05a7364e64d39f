// Statements about runs with chance as events (Grammar/semantics.md, rule S7): at one Kripke
// world, each run is a random variable over its results (the game's outputs, `timeout`, and
// "never ends"), distinct runs are independent, and boxes inside a statement are constants. A
// statement is provable there when it holds with probability 1, that is, on every joint outcome
// of its runs' possible results.

import BargainLogic
import BargainSyntax

struct ChanceEvents {
  let system: MatchupSystem
  let boxValues: [FormulaID: Bool]
  /// `supports[state]`: the results the run can have at this world, ascending; `neverEnds`
  /// when it may not end. Oracle states have none (their atoms are constants).
  let supports: [[Int]]
  /// The stand-in result for "the run never ends": no atom of the run is true.
  let neverEnds: Int
  /// The runs with more than one possible result in a node's box-free part, ascending.
  var variables: [FormulaID: [Int]] = [:]
  var sure: [FormulaID: Bool] = [:]
  var possible: [FormulaID: Bool] = [:]
  /// Joint outcomes × formula nodes evaluated so far at this world.
  var work = 0

  init(system: MatchupSystem, boxValues: [FormulaID: Bool], values: [Fraction], isExact: [Bool]) {
    self.system = system
    self.boxValues = boxValues
    let results = system.resultCount
    neverEnds = results
    supports = system.keys.indices.map { state -> [Int] in
      if case .oracle = system.keys[state] { return [] }
      let indices = (0..<results).map { state * results + $0 }
      return Self.support(
        values: indices.map { values.indices.contains($0) ? values[$0] : .zero },
        isExact: indices.map { isExact.indices.contains($0) && isExact[$0] })
    }
  }

  /// The possible results of one run from their probabilities (`values.count` stands for "never
  /// ends"). Lower bounds that sum to 1 are all exact. Otherwise a bound of 0 may hide a positive
  /// probability and the unknown remainder may be non-termination: both count as possible, so a
  /// statement is never called certain on the strength of a missing bound.
  static func support(values: [Fraction], isExact: [Bool]) -> [Int] {
    let total = values.reduce(Fraction.zero, +)
    if total == Fraction.one { return values.indices.filter { values[$0] > .zero } }
    let known = { (index: Int) in isExact.indices.contains(index) && isExact[index] }
    var support = values.indices.filter { values[$0] > .zero || !known($0) }
    if !values.indices.allSatisfy(known) || total < Fraction.one { support.append(values.count) }
    return support
  }

  enum Question {
    /// Probability 1.
    case sure
    /// Probability > 0.
    case possible
  }

  /// Whether `statement` holds with probability 1 at this world. `range` locates a limit error.
  mutating func holdsSurely(_ statement: FormulaID, at range: SourceRange?) throws(RuntimeFailure) -> Bool {
    computeVariables(from: statement)
    // Post-order over (node, question) pairs with an explicit stack: statements can be deep.
    var stack: [(FormulaID, Question, Bool)] = [(statement, .sure, false)]
    while let (id, question, expanded) = stack.popLast() {
      if answer(id, question) != nil { continue }
      if expanded {
        let value = try decide(id, question, at: range)
        switch question {
        case .sure: sure[id] = value
        case .possible: possible[id] = value
        }
        continue
      }
      stack.append((id, question, true))
      for (child, childQuestion) in needs(id, question) where answer(child, childQuestion) == nil {
        stack.append((child, childQuestion, false))
      }
    }
    return sure[statement] ?? false
  }

  func answer(_ id: FormulaID, _ question: Question) -> Bool? {
    switch question {
    case .sure: return sure[id]
    case .possible: return possible[id]
    }
  }

  /// The questions about children that deciding `question` for `id` reads.
  func needs(_ id: FormulaID, _ question: Question) -> [(FormulaID, Question)] {
    switch system.arena.node(id) {
    case .constant, .atom, .box: return []
    case .not(let inner): return [(inner, question == .sure ? .possible : .sure)]
    case .and(let parts):
      if question == .sure { return parts.map { ($0, .sure) } }
      return groups(parts).compactMap { $0.count == 1 ? ($0[0], .possible) : nil }
    case .or(let parts):
      if question == .possible { return parts.map { ($0, .possible) } }
      return groups(parts).compactMap { $0.count == 1 ? ($0[0], .sure) : nil }
    }
  }

  /// Decides `question` for `id` once `needs` are answered. A conjunction is sure when every
  /// part is; a disjunction is possible when some part is. The other two split the parts into
  /// groups that share no run: the groups are independent events, so a conjunction is possible
  /// when every group is, and a disjunction is sure when some group is (P(no group) is the
  /// product of P(not group)). Only a group of several parts needs its joint outcomes listed.
  mutating func decide(_ id: FormulaID, _ question: Question, at range: SourceRange?) throws(RuntimeFailure) -> Bool {
    switch system.arena.node(id) {
    case .constant(let value): return value
    case .box: return boxValues[id] ?? true
    case .atom(let atom):
      let results = max(system.resultCount, 1)
      let state = atom / results
      if let constant = oracleValue(atom) { return constant }
      guard supports.indices.contains(state) else { return false }
      let support = supports[state]
      switch question {
      case .sure: return support == [atom % results]
      case .possible: return support.contains(atom % results)
      }
    case .not(let inner):
      return question == .sure ? !(possible[inner] ?? true) : !(sure[inner] ?? false)
    case .and(let parts):
      if question == .sure { return parts.allSatisfy { sure[$0] ?? false } }
      for group in groups(parts) {
        let value = group.count == 1 ? possible[group[0]] ?? false : try enumerate(group, conjunction: true, at: range)
        if !value { return false }
      }
      return true
    case .or(let parts):
      if question == .possible { return parts.contains { possible[$0] ?? false } }
      for group in groups(parts) {
        let value = group.count == 1 ? sure[group[0]] ?? false : try enumerate(group, conjunction: false, at: range)
        if value { return true }
      }
      return false
    }
  }

  /// The value of an oracle atom (a bounded query's answer); nil for a run's atom.
  func oracleValue(_ atom: Int) -> Bool? {
    let state = atom / max(system.resultCount, 1)
    guard system.keys.indices.contains(state), case .oracle = system.keys[state] else { return nil }
    return system.definitions.indices.contains(atom) && system.arena.node(system.definitions[atom]) == .constant(true)
  }

  /// `parts` split into groups connected by shared runs, in order of their first part.
  func groups(_ parts: [FormulaID]) -> [[FormulaID]] {
    var parent = Array(parts.indices)
    func root(_ index: Int) -> Int {
      var current = index
      while parent[current] != current { current = parent[current] }
      return current
    }
    var owner: [Int: Int] = [:]
    for (index, part) in parts.enumerated() {
      for state in variables[part] ?? [] {
        if let first = owner[state] {
          let a = root(first)
          let b = root(index)
          if a != b { parent[max(a, b)] = min(a, b) }
        } else {
          owner[state] = index
        }
      }
    }
    var grouped: [Int: [FormulaID]] = [:]
    var order: [Int] = []
    for (index, part) in parts.enumerated() {
      let key = root(index)
      if grouped[key] == nil { order.append(key) }
      grouped[key, default: []].append(part)
    }
    return order.map { grouped[$0] ?? [] }
  }

  /// Whether the conjunction (or disjunction) of `parts` is possible (or sure), by listing the
  /// joint outcomes of the runs they share.
  mutating func enumerate(_ parts: [FormulaID], conjunction: Bool, at range: SourceRange?) throws(RuntimeFailure)
    -> Bool
  {
    let runs = Array(Set(parts.flatMap { variables[$0] ?? [] })).sorted()
    let nodes = boxFree(from: parts)
    var cases = 1
    for state in runs {
      let (product, overflow) = cases.multipliedReportingOverflow(by: max(supports[state].count, 1))
      cases = overflow ? Int.max : product
    }
    let (cost, costOverflow) = cases.multipliedReportingOverflow(by: max(nodes.count, 1))
    let (total, totalOverflow) = work.addingReportingOverflow(cost)
    guard !costOverflow, !totalOverflow, total <= RuntimeLimits.maxEventCases else {
      throw RuntimeFailure(
        .limit(
          name: "maxEventCases", limit: RuntimeLimits.maxEventCases,
          what: "a statement about \(runs.count) runs with chance has too many joint outcomes to check"),
        at: range)
    }
    work = total
    var position: [FormulaID: Int] = [:]
    for (index, id) in nodes.enumerated() { position[id] = index }
    var slot: [Int: Int] = [:]
    for (index, state) in runs.enumerated() { slot[state] = index }
    var choice = [Int](repeating: 0, count: runs.count)
    var truth = [Bool](repeating: false, count: nodes.count)
    let results = max(system.resultCount, 1)
    while true {
      for (index, id) in nodes.enumerated() {
        let value: Bool
        switch system.arena.node(id) {
        case .constant(let constant): value = constant
        case .box: value = boxValues[id] ?? true
        case .atom(let atom):
          let state = atom / results
          if let constant = oracleValue(atom) {
            value = constant
          } else if let at = slot[state] {
            value = supports[state][choice[at]] == atom % results
          } else {
            value = supports.indices.contains(state) && supports[state] == [atom % results]
          }
        case .not(let inner): value = !(position[inner].map { truth[$0] } ?? false)
        case .and(let children): value = children.allSatisfy { position[$0].map { truth[$0] } ?? false }
        case .or(let children): value = children.contains { position[$0].map { truth[$0] } ?? false }
        }
        truth[index] = value
      }
      let values = parts.map { position[$0].map { truth[$0] } ?? false }
      if conjunction, values.allSatisfy({ $0 }) { return true }
      if !conjunction, !values.contains(true) { return false }
      // Next joint outcome, odometer style.
      var digit = 0
      while digit < runs.count {
        choice[digit] += 1
        if choice[digit] < supports[runs[digit]].count { break }
        choice[digit] = 0
        digit += 1
      }
      if digit == runs.count { return !conjunction }
    }
  }

  /// The nodes reachable from `roots` without entering a box, children first; `skip` nodes
  /// (already handled) are neither listed nor entered.
  func boxFree(from roots: [FormulaID], skip: [FormulaID: [Int]] = [:]) -> [FormulaID] {
    var seen = Set<FormulaID>()
    var stack = roots
    var found: [FormulaID] = []
    while let id = stack.popLast() {
      guard skip[id] == nil, seen.insert(id).inserted else { continue }
      found.append(id)
      if case .box = system.arena.node(id) { continue }
      stack.append(contentsOf: system.arena.node(id).children)
    }
    return found.sorted()
  }

  /// Fills `variables` for every node in the box-free part below `root`, children first.
  mutating func computeVariables(from root: FormulaID) {
    let results = max(system.resultCount, 1)
    // Statements share parts across boxes: only the parts not seen at this world are walked.
    for id in boxFree(from: [root], skip: variables) {
      switch system.arena.node(id) {
      case .constant, .box: variables[id] = []
      case .atom(let atom):
        let state = atom / results
        let random = oracleValue(atom) == nil && supports.indices.contains(state) && supports[state].count > 1
        variables[id] = random ? [state] : []
      case .not(let inner): variables[id] = variables[inner] ?? []
      case .and(let parts), .or(let parts):
        variables[id] = Array(Set(parts.flatMap { variables[$0] ?? [] })).sorted()
      }
    }
  }
}
