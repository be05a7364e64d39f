// Plays, simulations and comparisons: how a path splits on another run's result (atoms, or
// draws with chance), the fast path for `X(Y) == v` inside a box, and equality of values.

import BargainLogic
import BargainSemantics
import BargainSyntax

extension Execution {
  /// Splits the path on what the run `target` outputs (unless this path already knows it). In a
  /// deterministic match the split is on atoms; with chance it is a draw of the run's result.
  mutating func play(_ target: Matchup, _ path: Path, at range: SourceRange) throws(RuntimeFailure) -> [(Path, Value)] {
    if let knowledge = unknown(.program(target.opponent))
      ?? target.player.arguments.lazy.compactMap(Self.knowledge(in:)).first
    {
      try failUnknown(path, "playing a program against `them`", knowledge, at: range)
      return []
    }
    if let knowledge = target.player.knowledge {
      return try playUnknown(opponent: target.opponent, knowledge, path, at: range)
    }
    // Inside a box the statement is about the program itself: unbounded fuel.
    let key = RunKey.run(target, fuel: boxDepth > 0 ? nil : fuel)
    // Read before the call: `origin` reads `self`, which the call to `compiler` is modifying, so
    // passing the property made Swift copy the whole execution twice per play.
    let source = origin
    let index = try compiler.register(key, at: range, origin: source)
    if boxDepth == 0 { compiler.noteUnguarded(from: state, to: index, at: range) }
    if let known = path.assumptions[index] { return [(path, value(ofResult: known))] }
    let count = compiler.system.resultCount
    try countPaths(count, at: range)
    var results: [(Path, Value)] = []
    for result in 0..<count {
      var branch = path
      if hasChance && boxDepth == 0 {
        branch.draws.append(Draw(state: index, result: result, isSimulation: false))
      } else {
        let atom = arena.atom(compiler.system.atom(state: index, result: result))
        guard let restricted = restrict(path, atom) else { continue }
        branch = restricted
      }
      if compiler.system.tracksFailures && result == compiler.system.failureResult {
        try fail(branch, .run(index))
        continue
      }
      branch.assumptions[index] = result
      results.append((branch, value(ofResult: result)))
    }
    return results
  }

  /// The fast path for `X(Y) == v` (or `!=`) inside `provable` when `v` is a literal-like value
  /// and the path assumed nothing about the run: the disjunction of the run's result atoms that
  /// compare true, on the same path, instead of one path per result that `play` and `compare`
  /// would build and the box would join again into the same truth at every world. Nil when the
  /// general path is needed (outside a box, failure results tracked, an unknown program, a value
  /// that is not a plain output, or bounded queries: see `comparesWithoutSplit`). Counts the steps and paths the general path would.
  mutating func playComparison(
    _ left: CheckedExpr, _ right: CheckedExpr, negated: Bool, _ path: Path
  ) throws(RuntimeFailure) -> Value? {
    guard compiler.comparesWithoutSplit, boxDepth > 0, !compiler.system.tracksFailures,
      case .play(let player, let opponent) = left.kind,
      case .program(let p)? = leafValue(player, path), case .program(let q)? = leafValue(opponent, path),
      let b = leafValue(right, path)
    else { return nil }
    switch b {
    case .int, .rational, .bool, .action, .outside, .output, .timeout: break
    case .program, .formula: return nil
    }
    let target = Matchup(player: p, opponent: q)
    guard target.player.knowledge == nil, unknown(.program(target.opponent)) == nil,
      !target.player.arguments.contains(where: { Self.knowledge(in: $0) != nil })
    else { return nil }
    try countSteps(1, of: player)
    try countSteps(1, of: opponent)
    let source = origin
    let index = try compiler.register(.run(target, fuel: nil), at: left.range, origin: source)
    if let known = path.assumptions[index] {
      try countSteps(1, of: left)
      try countSteps(1, of: right)
      return .bool((value(ofResult: known) == b) != negated)
    }
    let count = compiler.system.resultCount
    try countPaths(count, at: left.range)
    try countSteps(count, of: left)
    try countSteps(count, of: right)
    var atoms: [FormulaID] = []
    for result in 0..<count where (value(ofResult: result) == b) != negated {
      let atom = arena.atom(compiler.system.atom(state: index, result: result))
      atoms.append(atom)
    }
    // `evaluate` counts this expression's single case; the general path counts one per result.
    if count > 1 { try countSteps(count - 1, of: left) }
    let combined = arena.or(atoms)
    return simplified(combined)
  }

  /// A fresh, independent run of `target`; `timeout` when this run has no fuel left.
  mutating func simulate(
    _ target: Matchup, requestedFuel: Int?, _ path: Path, at range: SourceRange
  ) throws(RuntimeFailure) -> [(Path, Value)] {
    if boxDepth > 0 {
      // Inside a box a simulation is a statement about the program: the same as `X(Y)`.
      return try play(target, path, at: range)
    }
    if let knowledge = unknown(.program(target.player)) ?? unknown(.program(target.opponent)) {
      try failUnknown(path, "simulating `them`", knowledge, at: range)
      return []
    }
    if fuel == 0 { return [(path, .timeout)] }
    var child: Int?
    switch (requestedFuel, fuel) {
    case (nil, nil): child = nil
    case (let requested?, nil): child = requested
    case (nil, let left?): child = left - 1
    case (let requested?, let left?): child = min(requested, left - 1)
    }
    if let amount = child, amount > RuntimeLimits.maxFuel {
      throw RuntimeFailure(
        .limit(name: "maxFuel", limit: RuntimeLimits.maxFuel, what: "simulation fuel \(amount) is too high"), at: range)
    }
    // Fuel asked for here starts a new count-down; fuel counted down from this run's continues
    // this run's origin.
    let startsFuel: Bool
    switch (requestedFuel, fuel) {
    case (let requested?, let left?): startsFuel = requested < left - 1
    case (.some, nil): startsFuel = true
    case (nil, _): startsFuel = false
    }
    let source = startsFuel ? range : origin
    let index = try compiler.register(.run(target, fuel: child), at: range, origin: source)
    let count = compiler.system.resultCount
    try countPaths(count, at: range)
    var results: [(Path, Value)] = []
    for result in 0..<count {
      var branch = path
      branch.draws.append(Draw(state: index, result: result, isSimulation: true))
      if compiler.system.tracksFailures && result == compiler.system.failureResult {
        try fail(branch, .run(index))
        continue
      }
      results.append((branch, value(ofResult: result)))
    }
    return results
  }

  /// What made this run new (nil for the match's own runs and for statements).
  var origin: SourceRange? {
    compiler.growth.origins.indices.contains(state) ? compiler.growth.origins[state] : nil
  }

  func value(ofResult result: Int) -> Value {
    let outputs = compiler.system.outputs
    guard outputs.indices.contains(result) else { return .timeout }
    switch outputs[result] {
    case .action(let index): return .action(index)
    case .bargain: return .output(outputs[result])
    }
  }

  /// `a == b` (or `!=`) on `path`, appended to `results`.
  mutating func compare(
    _ a: Value, _ b: Value, _ path: Path, negated: Bool, at range: SourceRange, into results: inout [(Path, Value)]
  ) throws(RuntimeFailure) {
    if let knowledge = unknown(a) ?? unknown(b) {
      try failUnknown(path, "comparing `them`'s source", knowledge, at: range)
      return
    }
    let result = equality(a, b, negated: negated)
    if case .program = a, case .bool(let truth) = result {
      noteFact(Fact(range: range, kind: .source(value: truth), formula: nil))
    }
    results.append((path, result))
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
}
