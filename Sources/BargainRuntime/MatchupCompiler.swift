// Compiles a match into the closed modal system "X vs Y outputs o <-> formula" over every matchup
// the programs reach. Each matchup is compiled once by symbolic execution: ordinary values are
// computed, an unguarded reference to a play splits the path per possible output, and
// `provable[k](φ)` becomes a box around φ's formula.

import BargainLogic
import BargainSemantics
import BargainSyntax

/// The system of one match, ready for the Kripke solver.
public struct MatchupSystem: Sendable {
  public var world: CheckedWorld
  public var arena = FormulaArena()
  public var matchups: [Matchup] = []
  public var index: [Matchup: Int] = [:]
  /// `definitions[atom]`; atom = matchup * outputCount + output index.
  public var definitions: [FormulaID] = []
  /// Unguarded references of each matchup (target matchup, where), for cycle reports.
  public var unguarded: [[(target: Int, range: SourceRange)]] = []
  public let outputs: [Output]

  init(world: CheckedWorld) {
    self.world = world
    self.outputs = world.game.outputs
  }

  public func atom(matchup: Int, output: Int) -> Int { matchup * outputs.count + output }
}

/// One execution path: its condition so far, the outputs it assumed, and its `let` values.
struct Path {
  var condition: FormulaID
  var assumptions: [Int: Int]
  var locals: [Value?]
}

public struct MatchupCompiler {
  public fileprivate(set) var system: MatchupSystem
  private var pending: [Int] = []

  public init(world: CheckedWorld) {
    system = MatchupSystem(world: world)
  }

  /// Registers a matchup and everything it reaches; returns its index.
  public mutating func require(_ matchup: Matchup) throws(RuntimeFailure) -> Int {
    let index = try register(matchup, at: nil)
    while let next = pending.popLast() { try compile(next) }
    return index
  }

  private mutating func register(_ matchup: Matchup, at range: SourceRange?) throws(RuntimeFailure) -> Int {
    if let known = system.index[matchup] { return known }
    guard system.matchups.count < RuntimeLimits.maxMatchups else {
      throw RuntimeFailure(
        .limit(name: "maxMatchups", limit: RuntimeLimits.maxMatchups, what: "too many distinct matchups"), at: range)
    }
    let index = system.matchups.count
    system.matchups.append(matchup)
    system.index[matchup] = index
    system.unguarded.append([])
    let falseFormula = system.arena.constant(false)
    system.definitions += Array(repeating: falseFormula, count: system.outputs.count)
    pending.append(index)
    return index
  }

  private mutating func compile(_ matchupIndex: Int) throws(RuntimeFailure) {
    let matchup = system.matchups[matchupIndex]
    guard let program = system.world.program(matchup.player.program) else { return }
    var run = Execution(compiler: self, matchupIndex: matchupIndex, matchup: matchup)
    // Drop our references so the execution's copy is unique and grows in place (no CoW copies).
    system = MatchupSystem(world: system.world)
    pending = []
    let start = Path(
      condition: run.arena.constant(true), assumptions: [:],
      locals: Array(repeating: nil, count: program.localCount))
    let results: [(Path, Output)]
    do {
      results = try run.execute(program.body, start)
    } catch {
      self = run.compiler
      throw error
    }
    self = run.compiler
    var byOutput: [[FormulaID]] = Array(repeating: [], count: system.outputs.count)
    for (path, output) in results {
      guard let position = system.world.game.outputIndex(output) else { continue }
      byOutput[position].append(path.condition)
    }
    for (position, conditions) in byOutput.enumerated() {
      system.definitions[system.atom(matchup: matchupIndex, output: position)] = system.arena.or(conditions)
    }
    guard system.arena.count <= RuntimeLimits.maxFormulaNodes else {
      throw RuntimeFailure(
        .limit(name: "maxFormulaNodes", limit: RuntimeLimits.maxFormulaNodes, what: "the formulas grew too large"),
        at: program.range)
    }
  }

  fileprivate mutating func registerFromExecution(_ matchup: Matchup, at range: SourceRange) throws(RuntimeFailure)
    -> Int
  {
    try register(matchup, at: range)
  }

  fileprivate mutating func noteUnguarded(from source: Int, to target: Int, at range: SourceRange) {
    if !system.unguarded[source].contains(where: { $0.target == target }) {
      system.unguarded[source].append((target, range))
    }
  }
}

/// Symbolic execution of one program against one opponent.
private struct Execution {
  var compiler: MatchupCompiler
  let matchupIndex: Int
  let matchup: Matchup
  var pathCount = 0
  /// Inside `provable`, references are guarded: no unguarded edge is recorded.
  var boxDepth = 0

  init(compiler: MatchupCompiler, matchupIndex: Int, matchup: Matchup) {
    self.compiler = compiler
    self.matchupIndex = matchupIndex
    self.matchup = matchup
  }

  var arena: FormulaArena {
    get { compiler.system.arena }
    _modify { yield &compiler.system.arena }
  }
  var world: CheckedWorld { compiler.system.world }

  mutating func countPaths(_ extra: Int, at range: SourceRange) throws(RuntimeFailure) {
    pathCount += extra
    guard pathCount <= RuntimeLimits.maxPathsPerMatchup else {
      throw RuntimeFailure(
        .limit(
          name: "maxPathsPerMatchup", limit: RuntimeLimits.maxPathsPerMatchup,
          what: "\(world.describe(matchup)) splits into too many cases"), at: range)
    }
  }

  // MARK: statements

  mutating func execute(_ block: CheckedBlock, _ path: Path) throws(RuntimeFailure) -> [(Path, Output)] {
    var paths = [path]
    for binding in block.lets {
      var next: [Path] = []
      for current in paths {
        for (branch, value) in try evaluate(binding.value, current) {
          var bound = branch
          if bound.locals.indices.contains(binding.slot) { bound.locals[binding.slot] = value }
          next.append(bound)
        }
      }
      paths = next
    }
    var results: [(Path, Output)] = []
    for current in paths { results += try decide(block.decision, current) }
    return results
  }

  mutating func decide(_ decision: CheckedDecision, _ path: Path) throws(RuntimeFailure) -> [(Path, Output)] {
    switch decision {
    case .conditional(let branches, let elseBlock, _):
      return try decideChain(branches[...], elseBlock, path)
    case .output(let output):
      return try produce(output, path)
    }
  }

  mutating func decideChain(
    _ branches: ArraySlice<CheckedBranch>, _ elseBlock: CheckedBlock, _ path: Path
  ) throws(RuntimeFailure) -> [(Path, Output)] {
    guard let branch = branches.first else { return try execute(elseBlock, path) }
    var results: [(Path, Output)] = []
    for (current, value) in try evaluate(branch.condition, path) {
      switch value {
      case .bool(true):
        results += try execute(branch.block, current)
      case .formula(let condition):
        if let taken = restrict(current, condition) { results += try execute(branch.block, taken) }
        let negated = arena.not(condition)
        if let skipped = restrict(current, negated) {
          results += try decideChain(branches.dropFirst(), elseBlock, skipped)
        }
      default:
        results += try decideChain(branches.dropFirst(), elseBlock, current)
      }
    }
    return results
  }

  mutating func produce(_ output: CheckedOutput, _ path: Path) throws(RuntimeFailure) -> [(Path, Output)] {
    switch output {
    case .play(let expr, _):
      return try evaluate(expr, path).compactMap { current, value in
        switch value {
        case .action(let index): return (current, .action(index))
        case .output(let result): return (current, result)
        default: return nil
        }
      }
    case .demand(let amount, let outside, let range):
      var results: [(Path, Output)] = []
      for (afterAmount, amountValue) in try evaluate(amount, path) {
        for (afterOutside, outsideValue) in try evaluate(outside, afterAmount) {
          guard case .int(let demand) = amountValue, case .outside(let option) = outsideValue else { continue }
          let result = Output.bargain(demand: demand, outside: option)
          guard world.game.outputIndex(result) != nil else {
            throw RuntimeFailure(
              .demandNotAllowed(demand: demand, game: world.game.name, allowed: allowedDemands()), at: range)
          }
          results.append((afterOutside, result))
        }
      }
      return results
    }
  }

  func allowedDemands() -> String {
    guard case .bargaining(let game) = world.game.kind else { return "" }
    if game.demands.count <= 12 { return game.demands.map(String.init).joined(separator: ", ") }
    let head = game.demands.prefix(3).map(String.init).joined(separator: ", ")
    return "\(head), ..., \(game.demands.last.map(String.init) ?? "")"
  }

  /// The path with `condition` added, or nil when that makes it impossible.
  mutating func restrict(_ path: Path, _ condition: FormulaID) -> Path? {
    let combined = arena.and([path.condition, condition])
    if case .constant(false) = arena.node(combined) { return nil }
    var result = path
    result.condition = combined
    return result
  }

  // MARK: expressions

  mutating func evaluate(_ expr: CheckedExpr, _ path: Path) throws(RuntimeFailure) -> [(Path, Value)] {
    switch expr.kind {
    case .integer(let number): return [(path, .int(number))]
    case .boolean(let truth): return [(path, .bool(truth))]
    case .action(let index): return [(path, .action(index))]
    case .outsideOption(let index): return [(path, .outside(index))]
    case .parameter(let index):
      guard matchup.player.arguments.indices.contains(index) else { return [] }
      return [(path, matchup.player.arguments[index])]
    case .local(let slot):
      guard path.locals.indices.contains(slot), let value = path.locals[slot] else { return [] }
      return [(path, value)]
    case .me: return [(path, .program(matchup.player))]
    case .them: return [(path, .program(matchup.opponent))]
    case .program(let id, let arguments):
      return try evaluateAll(arguments, path).map { current, values throws(RuntimeFailure) in
        let instance = ProgramInstance(program: id, arguments: values)
        guard instance.depth <= RuntimeLimits.maxInstanceDepth else {
          throw RuntimeFailure(
            .limit(
              name: "maxInstanceDepth", limit: RuntimeLimits.maxInstanceDepth,
              what: "program arguments nest too deeply"), at: expr.range)
        }
        return (current, .program(instance))
      }
    case .play(let player, let opponent):
      var results: [(Path, Value)] = []
      for (afterPlayer, playerValue) in try evaluate(player, path) {
        for (afterOpponent, opponentValue) in try evaluate(opponent, afterPlayer) {
          guard case .program(let p) = playerValue, case .program(let q) = opponentValue else { continue }
          results += try play(Matchup(player: p, opponent: q), afterOpponent, at: expr.range)
        }
      }
      return results
    case .negate(let operand):
      return try evaluate(operand, path).map { current, value throws(RuntimeFailure) in
        guard case .int(let number) = value else { return (current, value) }
        let (negated, overflow) = (0).subtractingReportingOverflow(number)
        if overflow { throw RuntimeFailure(.overflow(operation: "-"), at: expr.range) }
        return (current, .int(negated))
      }
    case .not(let operand):
      return try evaluate(operand, path).map { current, value in
        switch value {
        case .bool(let truth): return (current, .bool(!truth))
        case .formula(let formula):
          let negated = arena.not(formula)
          return (current, simplified(negated))
        default: return (current, value)
        }
      }
    case .and(let left, let right), .or(let left, let right):
      let isAnd: Bool
      if case .and = expr.kind { isAnd = true } else { isAnd = false }
      var results: [(Path, Value)] = []
      for (afterLeft, leftValue) in try evaluate(left, path) {
        if case .bool(let truth) = leftValue, truth != isAnd {
          results.append((afterLeft, .bool(truth)))
          continue
        }
        for (afterRight, rightValue) in try evaluate(right, afterLeft) {
          let parts = [formula(leftValue), formula(rightValue)]
          let combined = isAnd ? arena.and(parts) : arena.or(parts)
          results.append((afterRight, simplified(combined)))
        }
      }
      return results
    case .arithmetic(let op, let left, let right):
      return try binary(left, right, path) { a, b throws(RuntimeFailure) in
        guard case .int(let x) = a, case .int(let y) = b else { return a }
        return .int(try Execution.arithmetic(op, x, y, at: expr.range))
      }
    case .order(let op, let left, let right):
      return try binary(left, right, path) { a, b in
        guard case .int(let x) = a, case .int(let y) = b else { return .bool(false) }
        switch op {
        case .less: return .bool(x < y)
        case .lessEqual: return .bool(x <= y)
        case .greater: return .bool(x > y)
        case .greaterEqual: return .bool(x >= y)
        }
      }
    case .equal(let left, let right, let negated):
      var results: [(Path, Value)] = []
      for (afterLeft, a) in try evaluate(left, path) {
        for (afterRight, b) in try evaluate(right, afterLeft) {
          results.append((afterRight, equality(a, b, negated: negated)))
        }
      }
      return results
    case .membership(let element, let set, let negated):
      var results: [(Path, Value)] = []
      for (afterElement, value) in try evaluate(element, path) {
        switch set {
        case .list(let items):
          for (afterItems, members) in try evaluateAll(items, afterElement) {
            let found = members.contains { isTrue(equality(value, $0, negated: false)) }
            results.append((afterItems, .bool(found != negated)))
          }
        case .range(let low, let high):
          for (afterLow, lowValue) in try evaluate(low, afterElement) {
            for (afterHigh, highValue) in try evaluate(high, afterLow) {
              guard case .int(let x) = value, case .int(let a) = lowValue, case .int(let b) = highValue else {
                continue
              }
              results.append((afterHigh, .bool((a <= x && x <= b) != negated)))
            }
          }
        }
      }
      return results
    case .outputField(let base, let field):
      return try evaluate(base, path).map { current, value in
        guard case .output(.bargain(let demand, let outside)) = value else { return (current, value) }
        switch field {
        case .demand: return (current, .int(demand))
        case .outside: return (current, .outside(outside))
        }
      }
    case .unconditional(let base):
      return try evaluate(base, path).map { current, value in
        guard case .program(let instance) = value, let program = world.program(instance.program) else {
          return (current, .bool(false))
        }
        return (current, .bool(!program.mentionsOpponent))
      }
    case .provable(let level, let body):
      var levels: [(Path, Int)] = [(path, 0)]
      if let level {
        levels = try evaluate(level, path).compactMap { current, value in
          guard case .int(let k) = value else { return nil }
          return (current, k)
        }
      }
      var results: [(Path, Value)] = []
      for (current, k) in levels {
        guard k >= 0 else { throw RuntimeFailure(.negativeProofLevel(level: k), at: level?.range ?? expr.range) }
        guard k <= RuntimeLimits.maxProofLevel else {
          throw RuntimeFailure(
            .limit(name: "maxProofLevel", limit: RuntimeLimits.maxProofLevel, what: "proof level \(k) is too high"),
            at: level?.range ?? expr.range)
        }
        // Inside the box the world differs: start from no assumptions, keep the `let` values.
        let inner = Path(condition: arena.constant(true), assumptions: [:], locals: current.locals)
        boxDepth += 1
        let cases = try evaluate(body, inner)
        boxDepth -= 1
        var disjuncts: [FormulaID] = []
        for (branch, value) in cases { disjuncts.append(arena.and([branch.condition, formula(value)])) }
        let statement = arena.or(disjuncts)
        let box = arena.box(statement, level: k)
        results.append((current, simplified(box)))
      }
      return results
    }
  }

  /// Splits the path on what `matchup` outputs (unless this path already knows it).
  mutating func play(_ target: Matchup, _ path: Path, at range: SourceRange) throws(RuntimeFailure) -> [(Path, Value)] {
    let index = try compiler.registerFromExecution(target, at: range)
    if boxDepth == 0 { compiler.noteUnguarded(from: matchupIndex, to: index, at: range) }
    let outputs = compiler.system.outputs
    if let known = path.assumptions[index] { return [(path, value(of: outputs[known]))] }
    try countPaths(outputs.count, at: range)
    var results: [(Path, Value)] = []
    for (position, output) in outputs.enumerated() {
      let atom = arena.atom(compiler.system.atom(matchup: index, output: position))
      guard var branch = restrict(path, atom) else { continue }
      branch.assumptions[index] = position
      results.append((branch, value(of: output)))
    }
    return results
  }

  func value(of output: Output) -> Value {
    switch output {
    case .action(let index): return .action(index)
    case .bargain: return .output(output)
    }
  }

  mutating func evaluateAll(_ exprs: [CheckedExpr], _ path: Path) throws(RuntimeFailure) -> [(Path, [Value])] {
    var partial: [(Path, [Value])] = [(path, [])]
    for expr in exprs {
      var next: [(Path, [Value])] = []
      for (current, values) in partial {
        for (after, value) in try evaluate(expr, current) { next.append((after, values + [value])) }
      }
      partial = next
    }
    return partial
  }

  mutating func binary(
    _ left: CheckedExpr, _ right: CheckedExpr, _ path: Path, _ combine: (Value, Value) throws(RuntimeFailure) -> Value
  ) throws(RuntimeFailure) -> [(Path, Value)] {
    var results: [(Path, Value)] = []
    for (afterLeft, a) in try evaluate(left, path) {
      for (afterRight, b) in try evaluate(right, afterLeft) { results.append((afterRight, try combine(a, b))) }
    }
    return results
  }

  static func arithmetic(_ op: ArithmeticOperator, _ x: Int, _ y: Int, at range: SourceRange) throws(RuntimeFailure)
    -> Int
  {
    let result: (partialValue: Int, overflow: Bool)
    switch op {
    case .add: result = x.addingReportingOverflow(y)
    case .subtract: result = x.subtractingReportingOverflow(y)
    case .multiply: result = x.multipliedReportingOverflow(by: y)
    case .divide, .remainder:
      guard y != 0 else { throw RuntimeFailure(.divisionByZero, at: range) }
      result = op == .divide ? x.dividedReportingOverflow(by: y) : x.remainderReportingOverflow(dividingBy: y)
    }
    if result.overflow { throw RuntimeFailure(.overflow(operation: op.rawValue), at: range) }
    return result.partialValue
  }

  mutating func equality(_ a: Value, _ b: Value, negated: Bool) -> Value {
    switch (a, b) {
    case (.program(let p), .program(let q)):
      return .bool(world.sameSource(p, q) != negated)
    case (.formula, _), (_, .formula):
      let x = formula(a)
      let y = formula(b)
      let same = arena.or([arena.and([x, y]), arena.and([arena.not(x), arena.not(y)])])
      let result = negated ? arena.not(same) : same
      return simplified(result)
    default:
      return .bool((a == b) != negated)
    }
  }

  func isTrue(_ value: Value) -> Bool {
    if case .bool(true) = value { return true }
    return false
  }

  mutating func formula(_ value: Value) -> FormulaID {
    switch value {
    case .formula(let id): return id
    case .bool(let truth): return arena.constant(truth)
    default: return arena.constant(false)
    }
  }

  /// Constant formulas become plain booleans so `if` needs no split. Call it with an id already
  /// built (not `simplified(arena.f(...))`: `self` would be read before the arena grew).
  func simplified(_ id: FormulaID) -> Value {
    if case .constant(let truth) = arena.node(id) { return .bool(truth) }
    return .formula(id)
  }
}
