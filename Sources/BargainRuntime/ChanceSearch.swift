// Axioms for bounded searches in matches with chance (Grammar/semantics.md, rule B8). When no
// run draws, directly or through other runs, from itself, every run ends with probability 1 and
// the set of its possible results at a Kripke world is a function of the boxes and bounded
// answers there: "X vs Y can output o" holds iff some path of the run ending in o has positive
// weight, a true condition, and only possible draws. Those equations, over new atoms, make a
// deterministic modal system whose worlds agree with the match's (rule S7), and a statement φ
// about runs becomes "φ holds with probability 1" over them, so rule B3 applies unchanged.

import BargainLogic
import BargainSyntax

struct ChanceSearch {
  var arena: FormulaArena
  let system: MatchupSystem
  let results: Int
  /// Index of the first "can output" atom: atom `base + state * results + result`.
  let base: Int
  var sureMemo: [FormulaID: FormulaID] = [:]
  var possibleMemo: [FormulaID: FormulaID] = [:]
  var work = 0
  /// Where a limit hit while translating is reported: the query being translated.
  var range: SourceRange?

  /// Nil when some run draws from itself (then the possible results are a least fixed point,
  /// not a well-founded definition, and non-termination may be possible).
  init?(_ system: MatchupSystem) {
    guard Self.drawsAreWellFounded(system) else { return nil }
    self.system = system
    arena = system.arena
    results = max(system.resultCount, 1)
    base = system.keys.count * results
    range = nil
  }

  static func drawsAreWellFounded(_ system: MatchupSystem) -> Bool {
    // 0 unvisited, 1 on the stack, 2 done; iterative depth-first search.
    var mark = [Int](repeating: 0, count: system.keys.count)
    for start in system.keys.indices where mark[start] == 0 {
      var stack: [(Int, Int)] = [(start, 0)]
      mark[start] = 1
      while let (state, next) = stack.popLast() {
        let draws = system.paths.indices.contains(state) ? system.paths[state].flatMap(\.draws).map(\.state) : []
        if next < draws.count {
          stack.append((state, next + 1))
          let target = draws[next]
          guard system.keys.indices.contains(target) else { continue }
          if mark[target] == 1 { return false }
          if mark[target] == 0 {
            mark[target] = 1
            stack.append((target, 0))
          }
        } else {
          mark[state] = 2
        }
      }
    }
    return true
  }

  func isRun(_ state: Int) -> Bool {
    guard system.keys.indices.contains(state) else { return false }
    if case .run = system.keys[state] { return true }
    return false
  }

  mutating func can(_ state: Int, _ result: Int) -> FormulaID { arena.atom(base + state * results + result) }

  /// The definitions of the search system: the match's atoms (oracle atoms as given, run atoms
  /// unused and ⊥), then "can output" for every run and result.
  mutating func definitions(oracles: [Int: FormulaID]) throws(RuntimeFailure) -> [FormulaID] {
    let falseFormula = arena.constant(false)
    var definitions = [FormulaID](repeating: falseFormula, count: base + system.keys.count * results)
    for (atom, definition) in oracles where definitions.indices.contains(atom) { definitions[atom] = definition }
    for state in system.keys.indices where isRun(state) {
      var byResult = [[FormulaID]](repeating: [], count: results)
      for path in system.paths[state] where ChanceSolver.weight(of: path) > .zero {
        guard byResult.indices.contains(path.result) else { continue }
        var parts = [try translate(path.condition, sure: true)]
        for draw in path.draws { parts.append(can(draw.state, draw.result)) }
        byResult[path.result].append(arena.and(parts))
      }
      for result in 0..<results { definitions[base + state * results + result] = arena.or(byResult[result]) }
    }
    return definitions
  }

  /// "`id` holds with probability 1" (`sure`) or "with positive probability", over the
  /// "can output" atoms: the symbolic twin of `ChanceEvents`.
  mutating func translate(_ id: FormulaID, sure: Bool) throws(RuntimeFailure) -> FormulaID {
    if let known = sure ? sureMemo[id] : possibleMemo[id] { return known }
    let value: FormulaID
    switch arena.node(id) {
    case .constant: value = id
    case .box(let level, let content):
      let inner = try translate(content, sure: true)
      value = arena.box(inner, level: level)
    case .atom(let atom):
      let state = atom / results
      if !isRun(state) {
        value = id
      } else if sure {
        var parts = [can(state, atom % results)]
        for other in 0..<results where other != atom % results { parts.append(arena.not(can(state, other))) }
        value = arena.and(parts)
      } else {
        value = can(state, atom % results)
      }
    case .not(let inner):
      value = arena.not(try translate(inner, sure: !sure))
    case .and(let parts), .or(let parts):
      let isAnd: Bool
      if case .and = arena.node(id) { isAnd = true } else { isAnd = false }
      if isAnd == sure {
        // Sure of a conjunction, possible of a disjunction: part by part.
        var translated: [FormulaID] = []
        for part in parts { translated.append(try translate(part, sure: sure)) }
        value = isAnd ? arena.and(translated) : arena.or(translated)
      } else {
        var translated: [FormulaID] = []
        for group in groups(parts) {
          if group.count == 1 {
            translated.append(try translate(group[0], sure: sure))
          } else {
            translated.append(try enumerate(group, isAnd: isAnd))
          }
        }
        value = isAnd ? arena.and(translated) : arena.or(translated)
      }
    }
    if sure { sureMemo[id] = value } else { possibleMemo[id] = value }
    return value
  }

  /// Runs mentioned in the box-free part of `id`, ascending.
  func runs(_ id: FormulaID) -> [Int] {
    var found = Set<Int>()
    var seen = Set<FormulaID>()
    var stack = [id]
    while let next = stack.popLast() {
      guard seen.insert(next).inserted else { continue }
      switch arena.node(next) {
      case .box: continue
      case .atom(let atom): if isRun(atom / results) { found.insert(atom / results) }
      case .constant, .not, .and, .or: stack.append(contentsOf: arena.node(next).children)
      }
    }
    return found.sorted()
  }

  func groups(_ parts: [FormulaID]) -> [[FormulaID]] {
    var groups: [(runs: Set<Int>, parts: [FormulaID])] = []
    for part in parts {
      var merged = (runs: Set(runs(part)), parts: [part])
      var kept: [(runs: Set<Int>, parts: [FormulaID])] = []
      for group in groups {
        if group.runs.isDisjoint(with: merged.runs) {
          kept.append(group)
        } else {
          merged = (merged.runs.union(group.runs), group.parts + merged.parts)
        }
      }
      kept.append(merged)
      groups = kept
    }
    return groups.map(\.parts)
  }

  /// Possible (of a conjunction) or sure (of a disjunction) of parts that share runs: over every
  /// joint result ω of those runs, "ω is possible and the parts hold at ω" (some ω), or "ω is
  /// impossible or the parts hold at ω" (every ω).
  mutating func enumerate(_ parts: [FormulaID], isAnd: Bool) throws(RuntimeFailure) -> FormulaID {
    let shared = Array(Set(parts.flatMap { runs($0) })).sorted()
    var cases = 1
    for _ in shared {
      let (product, overflow) = cases.multipliedReportingOverflow(by: results)
      guard !overflow else { throw tooMany(shared.count) }
      cases = product
    }
    // Built first: in `arena.size(of: arena.or(parts))` the receiver is read before the argument
    // appends the new node, so `size` would look it up in the arena without it (a trap).
    let joined = arena.or(parts)
    let (cost, costOverflow) = cases.multipliedReportingOverflow(by: max(arena.size(of: joined), 1))
    let (total, totalOverflow) = work.addingReportingOverflow(cost)
    guard !costOverflow, !totalOverflow, total <= RuntimeLimits.maxEventCases else { throw tooMany(shared.count) }
    work = total
    var choice = [Int](repeating: 0, count: shared.count)
    var terms: [FormulaID] = []
    while true {
      var assignment: [Int: Int] = [:]
      for (index, state) in shared.enumerated() { assignment[state] = choice[index] }
      var possibleHere: [FormulaID] = []
      for (index, state) in shared.enumerated() { possibleHere.append(can(state, choice[index])) }
      var values: [FormulaID] = []
      for part in parts { values.append(try evaluate(part, assignment)) }
      let holds = isAnd ? arena.and(values) : arena.or(values)
      let possibleFormula = arena.and(possibleHere)
      terms.append(isAnd ? arena.and([possibleFormula, holds]) : arena.implies(possibleFormula, holds))
      var digit = 0
      while digit < shared.count {
        choice[digit] += 1
        if choice[digit] < results { break }
        choice[digit] = 0
        digit += 1
      }
      if digit == shared.count { break }
    }
    return isAnd ? arena.or(terms) : arena.and(terms)
  }

  func tooMany(_ count: Int) -> RuntimeFailure {
    RuntimeFailure(
      .limit(
        name: "maxEventCases", limit: RuntimeLimits.maxEventCases,
        what: "a statement about \(count) runs with chance has too many joint outcomes to check"),
      at: range)
  }

  /// `id` with the runs of `assignment` fixed to their results; boxes translated.
  mutating func evaluate(_ root: FormulaID, _ assignment: [Int: Int]) throws(RuntimeFailure) -> FormulaID {
    var seen = Set<FormulaID>()
    var stack = [root]
    var order: [FormulaID] = []
    while let id = stack.popLast() {
      guard seen.insert(id).inserted else { continue }
      order.append(id)
      if case .box = arena.node(id) { continue }
      stack.append(contentsOf: arena.node(id).children)
    }
    var value: [FormulaID: FormulaID] = [:]
    for id in order.sorted() {
      let node = arena.node(id)
      let result: FormulaID
      switch node {
      case .constant: result = id
      case .box: result = try translate(id, sure: true)
      case .atom(let atom):
        if let chosen = assignment[atom / results] {
          result = arena.constant(chosen == atom % results)
        } else {
          result = try translate(id, sure: true)
        }
      case .not(let inner): result = arena.not(value[inner] ?? inner)
      case .and(let parts): result = arena.and(parts.map { value[$0] ?? $0 })
      case .or(let parts): result = arena.or(parts.map { value[$0] ?? $0 })
      }
      value[id] = result
    }
    return value[root] ?? root
  }
}
