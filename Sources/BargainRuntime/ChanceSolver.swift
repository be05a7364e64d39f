// Matches with chance (Grammar/semantics.md, rules S1–S8): at each Kripke world, every run's
// result distribution is the least fixed point of the probabilistic recursion, with boxes read
// from earlier worlds and a statement true at a world when it holds with probability 1 there
// (`ChanceEvents`).

import BargainLogic
import BargainSemantics
import BargainSyntax

/// One side's result distribution.
public struct ChanceSide: Sendable {
  /// Probability of each result: the game's outputs, then `timeout` (last).
  public var distribution: [Fraction]
  /// Probability that the run never ends (1 minus the sum of `distribution`).
  public var nonTermination: Fraction
  /// The most probable output (ties: the first in the game's order). Not the outcome of the run:
  /// reports show the distribution; this only fills `SideResult.output` for internal callers.
  public var mostLikely: Output
  /// The least world from which some output has probability 1 at every later world.
  public var level: Int?
  /// Expected number of nested simulations a run performs (rule S8); nil when infinite.
  public var expectedSimulations: Fraction?
  /// Whether `expectedSimulations` is exact; otherwise it is a lower bound (computed from
  /// lower-bound probabilities, or cut short by a solver limit). Infinity is always exact.
  public var expectedSimulationsIsExact: Bool
}

public struct ChanceOutcome: Sendable {
  public var sides: [ChanceSide]
  public var stableWorld: Int
  /// `frames[w][side]`: the side's distribution at world w, for w in 0...stableWorld.
  public var frames: [[[Fraction]]]
  /// Whether every probability is exact (otherwise they are lower bounds).
  public var exact: Bool
  public var inexactReason: String?
  /// Truth at the stable world of every formula the paths' conditions reach (for explanations).
  public var truth: [FormulaID: Bool]
  /// The run whose own component first made the probabilities bounds (not one that only depends
  /// on such a run): where its program is declared and what it is, for diagnostics that need
  /// exact probabilities (rule M8). Nil when exact or when no run is to blame (a solver limit
  /// refused the whole system).
  public var inexactRun: (site: SourceRange, run: String)? = nil
}

enum ChanceSolver {
  /// `mustHold`: statements (with where they were asked) that must hold with probability 1 at
  /// every world, the safety net of rule B3 for bounded queries that succeed (rule B8).
  static func solve(
    _ system: MatchupSystem, sides: [Int], mustHold: [(FormulaID, SourceRange)] = []
  ) throws(RuntimeFailure) -> ChanceOutcome {
    let results = system.resultCount
    let variableCount = system.keys.count * results
    // Every formula the paths' conditions reach, in id order (children before parents).
    // Also the conditions of the failing cases inside boxes: the failure search reads their truth
    // per world, and a constant one is folded out of the path conditions that contain it.
    let roots = system.paths.flatMap { $0.map(\.condition) } + failureCaseConditions(system.paths)
    let nodes = system.arena.reachable(from: roots).sorted()
    let boxes = nodes.filter {
      if case .box = system.arena.node($0) { return true }
      return false
    }
    let maxLevel = boxes.reduce(0) { deepest, box in
      if case .box(let level, _) = system.arena.node(box) { return max(deepest, level) }
      return deepest
    }
    // The outcome settles with the boxes of the paths that end in a result (rule 19); with
    // failures tracked the loop goes on until the failure paths' boxes settle too (rule 18).
    let mainRoots = system.paths.flatMap { $0.filter { $0.failure == nil }.map(\.condition) }
    let mainBoxes = system.arena.reachable(from: mainRoots).sorted().filter {
      if case .box = system.arena.node($0) { return true }
      return false
    }
    let mainMaxLevel = mainBoxes.reduce(0) { deepest, box in
      if case .box(let level, _) = system.arena.node(box) { return max(deepest, level) }
      return deepest
    }
    var settled: (world: Int, values: [Fraction], truth: [FormulaID: Bool])?
    // One entry per world solved; skipped worlds share the entry before them.
    var history: [(from: Int, truth: [FormulaID: Bool], values: [Fraction])] = []
    let levels = Set(
      boxes.compactMap { box -> Int? in
        if case .box(let level, _) = system.arena.node(box) { return level }
        return nil
      }
    ).sorted()
    var boxValues: [FormulaID: Bool] = Dictionary(uniqueKeysWithValues: boxes.map { ($0, true) })
    var frames: [[[Fraction]]] = []
    var exact = true
    var reason: String?
    var inexactRun: (site: SourceRange, run: String)?
    var world = 0
    var values: [Fraction] = []
    var certain: [Bool] = []
    let stepsPerWorld = nodes.count + system.paths.reduce(0) { $0 + $1.count } + variableCount
    var steps = 0
    // Where each `provable` was asked, to locate a limit hit while deciding its statement.
    var boxRanges: [FormulaID: SourceRange] = [:]
    for fact in system.facts.joined() {
      if let formula = fact.formula, boxRanges[formula] == nil { boxRanges[formula] = fact.range }
    }
    // The box that changed last, or else the one whose level the sequence waits for: the
    // `provable` that keeps it from settling, where a limit on worlds points.
    var lastChanged: FormulaID?
    func worldLimit(_ message: RuntimeMessage) -> RuntimeFailure {
      let waitedFor = levels.first { $0 > world }.flatMap { level in
        boxes.first {
          if case .box(level, _) = system.arena.node($0) { return true }
          return false
        }
      }
      return RuntimeFailure(message, at: BoxSites.site(of: lastChanged ?? waitedFor ?? boxes.first, in: system))
    }
    while true {
      guard world <= RuntimeLimits.maxWorlds else {
        throw worldLimit(
          .limit(name: "maxWorlds", limit: RuntimeLimits.maxWorlds, what: "the Kripke sequence did not settle"))
      }
      steps += stepsPerWorld
      guard steps <= RuntimeLimits.maxWorldSteps else {
        throw worldLimit(
          .limit(
            name: "maxWorldSteps", limit: RuntimeLimits.maxWorldSteps,
            what: "the Kripke sequence takes too long to settle (world \(world))"))
      }
      let truth = evaluate(nodes, system, boxValues: boxValues, certain: certain)
      let equations = equationsAt(system, truth: truth, variableCount: variableCount)
      let solution = try solveLeastFixedPoint(equations)
      values = solution.values
      if !solution.exact {
        exact = false
        reason = reason ?? solution.reason
        inexactRun = inexactRun ?? blamed(solution.rootInexact, in: system)
      }
      // "X vs Y fails" holds where it has positive probability: a failure counts once reachable.
      certain = values.enumerated().map { variable, value in
        system.tracksFailures && variable % results == system.failureResult ? !value.isZero : value == Fraction.one
      }
      if settled == nil {
        frames.append(sides.map { side in (0..<system.reportedResultCount).map { values[side * results + $0] } })
      }
      // Pointwise truth, for explanations and the failure search; boxes use events below.
      let now = evaluate(nodes, system, boxValues: boxValues, certain: certain)
      if system.tracksFailures {
        history.append((world, now, values))
        for side in sides where !values[side * results + system.failureResult].isZero {
          var search = FailureSearch(
            system: system, worlds: ChanceFailureWorlds(history: history, end: world + 1, resultCount: results))
          throw search.locate(side, atWorld: world) ?? FailureCheck.unlocated
        }
      }
      // Boxes at world + 1 from their contents at this world, read as events (rule S7).
      var events = ChanceEvents(system: system, boxValues: boxValues, values: values, isExact: solution.isExact)
      for (statement, range) in mustHold where try !events.holdsSurely(statement, at: range) {
        throw RuntimeFailure(
          .internalError(what: "a bounded query's statement is not true in the final model"), at: range)
      }
      var next = boxValues
      for box in boxes {
        guard case .box(let level, let content) = system.arena.node(box) else { continue }
        guard boxValues[box] ?? true, world >= level else { continue }
        next[box] = try events.holdsSurely(content, at: boxRanges[box])
      }
      if settled == nil && world >= mainMaxLevel && mainBoxes.allSatisfy({ next[$0] == boxValues[$0] }) {
        settled = (world, values, now)
      }
      if next == boxValues && world >= maxLevel { break }
      if next == boxValues, let change = levels.first(where: { $0 > world }) {
        // Same boxes, same equations (outside boxes, conditions hold only boxes, constants and
        // oracle atoms: runs are draws), same solution, until a box's level is reached: copy the
        // frame instead of solving again (worlds × runs would otherwise be 10^8 solves' worth).
        // No failure appears in between, and the failure search reads the skipped worlds from
        // this world's history entry.
        if settled == nil, let last = frames.last {
          frames += repeatElement(last, count: change - 1 - world)
        }
        world = change - 1
      }
      lastChanged = boxes.first { next[$0] != boxValues[$0] } ?? lastChanged
      boxValues = next
      world += 1
    }
    let finalTruth = settled?.truth ?? [:]
    values = settled?.values ?? values
    world = settled?.world ?? world
    let expected = expectedSimulations(system, values: values, truth: finalTruth, valuesExact: exact)
    let outputs = system.outputs
    let chanceSides = sides.enumerated().map { position, state -> ChanceSide in
      let distribution = (0..<system.reportedResultCount).map { values[state * results + $0] }
      let total = distribution.reduce(Fraction.zero, +)
      var best = 0
      for index in outputs.indices where distribution[index] > distribution[best] { best = index }
      let estimate = expected[state] ?? (value: Fraction?.some(.zero), isExact: false)
      var level: Int?
      if let sure = outputs.indices.first(where: { distribution[$0] == Fraction.one }) {
        var from = frames.count - 1
        while from > 0, frames[from - 1][position][sure] == Fraction.one { from -= 1 }
        level = from
      }
      return ChanceSide(
        distribution: distribution, nonTermination: Fraction.one - total,
        mostLikely: outputs.isEmpty ? .action(0) : outputs[best], level: level,
        expectedSimulations: estimate.value, expectedSimulationsIsExact: estimate.isExact)
    }
    return ChanceOutcome(
      sides: chanceSides, stableWorld: world, frames: frames, exact: exact, inexactReason: reason, truth: finalTruth,
      inexactRun: inexactRun)
  }

  /// The first run of `variables` (a component that is inexact by itself) whose program is known.
  static func blamed(_ variables: [Int], in system: MatchupSystem) -> (site: SourceRange, run: String)? {
    for variable in variables {
      let state = variable / max(1, system.resultCount)
      guard system.keys.indices.contains(state), case .run(let matchup, _) = system.keys[state],
        let program = system.world.program(matchup.player.program)
      else { continue }
      return (program.range, system.describe(system.keys[state]))
    }
    return nil
  }

  /// The conditions of every failing case of a boxed statement, nested ones included.
  static func failureCaseConditions(_ paths: [[CompiledPath]]) -> [FormulaID] {
    var conditions: [FormulaID] = []
    var pending = paths.flatMap { $0.compactMap(\.failure) }
    while let failure = pending.popLast() {
      switch failure {
      case .error, .run: break
      case .statement(_, let cases):
        conditions += cases.map(\.condition)
        pending += cases.map(\.failure)
      }
    }
    return conditions
  }

  /// Truth of every reachable node at the current world: boxes from `boxValues`, atoms from
  /// "probability 1" (oracle atoms from their answers), connectives computed in id order.
  static func evaluate(
    _ nodes: [FormulaID], _ system: MatchupSystem, boxValues: [FormulaID: Bool], certain: [Bool]
  ) -> [FormulaID: Bool] {
    var truth: [FormulaID: Bool] = [:]
    for id in nodes {
      let value: Bool
      switch system.arena.node(id) {
      case .constant(let constant): value = constant
      case .atom(let atom):
        let state = atom / max(system.resultCount, 1)
        if system.keys.indices.contains(state), case .oracle = system.keys[state] {
          value =
            system.definitions.indices.contains(atom) && system.arena.node(system.definitions[atom]) == .constant(true)
        } else {
          value = certain.indices.contains(atom) ? certain[atom] : false
        }
      case .not(let inner): value = !(truth[inner] ?? false)
      case .and(let parts): value = parts.allSatisfy { truth[$0] ?? false }
      case .or(let parts): value = parts.contains { truth[$0] ?? false }
      case .box: value = boxValues[id] ?? true
      }
      truth[id] = value
    }
    return truth
  }

  static func equationsAt(_ system: MatchupSystem, truth: [FormulaID: Bool], variableCount: Int) -> [[Monomial]] {
    var equations: [[Monomial]] = Array(repeating: [], count: variableCount)
    for (state, paths) in system.paths.enumerated() {
      for path in paths where truth[path.condition] ?? false {
        let coefficient = weight(of: path)
        let variables = path.draws.map { $0.state * system.resultCount + $0.result }
        let variable = state * system.resultCount + path.result
        if equations.indices.contains(variable) { equations[variable].append(Monomial(coefficient, variables)) }
      }
    }
    return equations
  }

  /// The product of a path's random-branch probabilities, exactly.
  static func weight(of path: CompiledPath) -> Fraction {
    path.weights.reduce(Fraction.one) { $0 * (Fraction($1.numerator, $1.denominator) ?? .zero) }
  }

  struct FixedPoint {
    var values: [Fraction]
    var isExact: [Bool]
    var exact: Bool
    var reason: String?
    /// Variables of the first component inexact by itself (not only through its inputs).
    var rootInexact: [Int]
  }

  static func solveLeastFixedPoint(_ equations: [[Monomial]]) throws(RuntimeFailure) -> FixedPoint {
    let polynomial: PolynomialSystem
    do {
      polynomial = try PolynomialSystem(equations: equations)
    } catch {
      // Only malformed input throws here (a negative weight or a foreign variable): a compiler bug.
      throw RuntimeFailure(.internalError(what: "the probability equations are malformed: \(error)"), at: nil)
    }
    let solution = LeastFixedPoint.solve(polynomial)
    return FixedPoint(
      values: solution.values, isExact: solution.isExact, exact: solution.isAllExact,
      reason: solution.inexactReason.map { "\($0)" },
      rootInexact: solution.components.first { $0.inexactReason.map { $0 != .dependsOnInexact } ?? false }?.variables
        ?? [])
  }

  /// E[number of nested simulations] per run (rule S8). A run that never ends performs infinitely
  /// many (its infinite chain of draws must pass through simulations: unguarded plays are
  /// well-founded), so the expectation is ∞ as soon as non-termination has positive probability.
  /// Otherwise it is Σ_r F(s, r) with F(s, r) = E[N_s · 1{result r}], which is linear given the
  /// distributions: F(s, r) = Σ over paths ending in r of their weight times, for each draw j,
  /// (Π over the other draws of their probability) · (D(draw j) if it is a simulation, + F(draw j)).
  /// Its least solution is infinite exactly when elimination meets a non-positive pivot.
  /// F is monotone in the probabilities, so lower-bound probabilities give a lower bound (and an
  /// infinite value computed from them is infinite for the true ones too).
  static func expectedSimulations(
    _ system: MatchupSystem, values: [Fraction], truth: [FormulaID: Bool], valuesExact: Bool
  ) -> [Int: (value: Fraction?, isExact: Bool)] {
    let results = system.resultCount
    let count = system.keys.count * results
    var equations: [[Monomial]] = Array(repeating: [], count: count)
    for (state, paths) in system.paths.enumerated() {
      for path in paths where truth[path.condition] ?? false {
        let weight = weight(of: path)
        let probabilities = path.draws.map { draw -> Fraction in
          let index = draw.state * results + draw.result
          return values.indices.contains(index) ? values[index] : .zero
        }
        let target = state * results + path.result
        for (j, draw) in path.draws.enumerated() {
          var others = weight
          for (i, probability) in probabilities.enumerated() where i != j { others = others * probability }
          if draw.isSimulation { equations[target].append(Monomial(others * probabilities[j])) }
          equations[target].append(Monomial(others, [draw.state * results + draw.result]))
        }
      }
    }
    let solution = (try? PolynomialSystem(equations: equations)).flatMap { try? ExpectedCount.solve($0) }
    var expected: [Int: (value: Fraction?, isExact: Bool)] = [:]
    for state in system.keys.indices {
      var ends = Fraction.zero
      for result in 0..<results where values.indices.contains(state * results + result) {
        ends = ends + values[state * results + result]
      }
      if valuesExact && ends != Fraction.one {
        expected[state] = (nil, true)
        continue
      }
      guard let solution else {
        // Only malformed equations get here (a compiler bug); 0 is still a valid lower bound.
        expected[state] = (.zero, false)
        continue
      }
      var total: Fraction? = .zero
      var isExact = valuesExact
      for result in 0..<results {
        let index = state * results + result
        guard solution.values.indices.contains(index) else { continue }
        if !solution.isExact[index] { isExact = false }
        guard let value = solution.values[index] else {
          total = nil
          break
        }
        total = total.map { $0 + value }
      }
      expected[state] = (total, total == nil ? true : isExact)
    }
    return expected
  }
}
