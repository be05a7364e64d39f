// LeastFixedPoint.swift — owns `LeastFixedPoint.solve`: the least fixed point of a monotone
// polynomial system, component by component in dependency order. Per component: find the
// variables whose least value is 0, then solve the rest exactly by elimination when the
// component is linear in itself, or bound it from below by Kleene iteration when it is not (exact
// again when `FixedPointCertificate` proves a nearby rational point is the least fixed point).

/// Least fixed points of `PolynomialSystem`s: x_i is the probability that an unbounded
/// simulator reaches outcome i, so the least solution, not any solution, is the answer.
public enum LeastFixedPoint {
  /// Binary places kept by Kleene iteration: values are rounded down to multiples of 2^-64
  /// after every multiplication. Rounding down keeps every iterate below the least fixed point
  /// and the sequence nondecreasing (the rounded map is still monotone), while exact iterates
  /// of x = ½ + ½x² would double their digits every round.
  static let iterationBinaryPlaces = 64

  /// Solves `system` component by component. Never throws or traps: running into a limit or a
  /// nonlinear component makes the affected values lower bounds, flagged in `isExact`.
  public static func solve(
    _ system: PolynomialSystem, limits: LeastFixedPointLimits = .standard
  ) -> LeastFixedPointSolution {
    let count = system.variableCount
    let refused: LeastFixedPointLimit? =
      count > limits.maxVariables ? .maxVariables : system.monomialCount > limits.maxMonomials ? .maxMonomials : nil
    if let limit = refused {
      return LeastFixedPointSolution(
        values: [Fraction](repeating: .zero, count: count), isExact: [Bool](repeating: false, count: count),
        components: [], inexactReason: .limitReached(limit), limitReached: limit, work: 0)
    }
    var solver = ComponentSolver(system: system, limits: limits)
    for component in VariableComponents.inSolvingOrder(system) {
      solver.solve(component)
    }
    return LeastFixedPointSolution(
      values: solver.values, isExact: solver.isExact, components: solver.reports,
      inexactReason: solver.reports.lazy.compactMap(\.inexactReason).first, limitReached: solver.limitReached,
      work: solver.budget.work)
  }
}

/// A monomial of one component after substituting solved variables: coefficient × Π local
/// variables (indices into the component's sorted variable list).
struct LocalMonomial {
  var owner: Int
  var coefficient: Fraction
  var factors: [Int]
}

private struct ComponentSolver {
  let system: PolynomialSystem
  let limits: LeastFixedPointLimits
  var budget: ArithmeticBudget
  var values: [Fraction]
  var isExact: [Bool]
  var reports: [LeastFixedPointComponent] = []
  var limitReached: LeastFixedPointLimit?
  /// Set once maxDigits or maxWork is hit: every later component is left at 0.
  var stopped: LeastFixedPointLimit?
  /// Position of each variable in the current component, -1 outside it.
  var localIndex: [Int]

  init(system: PolynomialSystem, limits: LeastFixedPointLimits) {
    self.system = system
    self.limits = limits
    budget = ArithmeticBudget(limits)
    values = [Fraction](repeating: .zero, count: system.variableCount)
    isExact = [Bool](repeating: false, count: system.variableCount)
    localIndex = [Int](repeating: -1, count: system.variableCount)
  }

  mutating func solve(_ component: [Int]) {
    for (local, variable) in component.enumerated() { localIndex[variable] = local }
    defer { for variable in component { localIndex[variable] = -1 } }
    var isLinear = true
    for variable in component {
      for monomial in system.equations[variable] {
        var inside = 0
        for factor in monomial.variables where localIndex[factor] >= 0 { inside += 1 }
        if inside > 1 { isLinear = false }
      }
    }
    var local = [Fraction](repeating: .zero, count: component.count)
    var iterations = 0
    var reason: InexactReason?
    var limit: LeastFixedPointLimit?
    if let stop = stopped {
      reason = .limitReached(stop)
    } else {
      do throws(LeastFixedPointLimit) {
        let (monomials, inputsInexact) = try substitute(component)
        let outcome = solveLocal(monomials, count: component.count, values: &local)
        iterations = outcome.iterations
        limit = outcome.limit
        reason = outcome.reason ?? (inputsInexact ? .dependsOnInexact : nil)
      } catch {
        limit = error
        reason = .limitReached(error)
      }
    }
    if let limit {
      limitReached = limitReached ?? limit
      if limit != .maxIterations { stopped = limit }
    }
    for (position, variable) in component.enumerated() {
      values[variable] = local[position]
      isExact[variable] = reason == nil
    }
    reports.append(
      LeastFixedPointComponent(variables: component, isLinear: isLinear, iterations: iterations, inexactReason: reason))
  }

  /// The component's monomials with solved variables multiplied into the coefficients; monomials
  /// with a zero factor are dropped. Also reports whether any substituted value is a bound.
  mutating func substitute(_ component: [Int]) throws(LeastFixedPointLimit) -> ([LocalMonomial], Bool) {
    var monomials: [LocalMonomial] = []
    var inputsInexact = false
    for (owner, variable) in component.enumerated() {
      monomialLoop: for monomial in system.equations[variable] {
        var coefficient = monomial.coefficient
        var factors: [Int] = []
        for factor in monomial.variables {
          let position = localIndex[factor]
          if position >= 0 {
            factors.append(position)
            continue
          }
          if !isExact[factor] { inputsInexact = true }
          if values[factor].isZero { continue monomialLoop }
          coefficient = try budget.multiply(coefficient, values[factor])
        }
        monomials.append(LocalMonomial(owner: owner, coefficient: coefficient, factors: factors))
      }
    }
    return (monomials, inputsInexact)
  }

  /// Solves x = F(x) for one component's substituted monomials into `values` (entries start
  /// at 0 and only ever hold lower bounds, so a limit hit midway leaves valid bounds). Returns
  /// why the values are inexact and which limit, if any, was hit.
  mutating func solveLocal(
    _ monomials: [LocalMonomial], count: Int, values: inout [Fraction]
  ) -> (iterations: Int, reason: InexactReason?, limit: LeastFixedPointLimit?) {
    let positive = Self.positiveVariables(monomials, count: count)
    // A monomial with a factor whose least value is 0 is 0 at the least fixed point.
    let live = monomials.filter { positive[$0.owner] && $0.factors.allSatisfy { positive[$0] } }
    guard positive.contains(true) else { return (0, nil, nil) }
    // Common case of a variable that reads only solved ones: its value is a plain sum.
    if live.allSatisfy({ $0.factors.isEmpty }) {
      do throws(LeastFixedPointLimit) {
        for monomial in live { values[monomial.owner] = try budget.add(values[monomial.owner], monomial.coefficient) }
      } catch {
        for index in values.indices { values[index] = .zero }
        return (0, .limitReached(error), error)
      }
      return (0, nil, nil)
    }
    if live.allSatisfy({ $0.factors.count <= 1 }) {
      do throws(LeastFixedPointLimit) {
        if try eliminate(live, positive: positive, values: &values) { return (0, nil, nil) }
      } catch {
        return (0, .limitReached(error), error)
      }
      let outcome = iterate(live, values: &values)
      return (outcome.iterations, .unboundedLinearComponent, outcome.limit)
    }
    let outcome = iterate(live, values: &values)
    if outcome.exact { return (outcome.iterations, nil, nil) }
    if outcome.limit == nil || outcome.limit == .maxIterations {
      do throws(LeastFixedPointLimit) {
        if try certify(live, positive: positive, values: &values) { return (outcome.iterations, nil, nil) }
      } catch {
        return (outcome.iterations, .limitReached(error), error)
      }
    }
    if let limit = outcome.limit { return (outcome.iterations, .limitReached(limit), limit) }
    return (outcome.iterations, .approximatedFromBelow, nil)
  }

  /// Replaces iteration's lower bounds by the exact least fixed point when a simple rational
  /// point near them provably is one (`FixedPointCertificate`), on the positive variables.
  mutating func certify(
    _ monomials: [LocalMonomial], positive: [Bool], values: inout [Fraction]
  ) throws(LeastFixedPointLimit) -> Bool {
    var compact = [Int](repeating: -1, count: positive.count)
    var variables: [Int] = []
    for (local, isPositive) in positive.enumerated() where isPositive {
      compact[local] = variables.count
      variables.append(local)
    }
    let remapped = monomials.map {
      LocalMonomial(owner: compact[$0.owner], coefficient: $0.coefficient, factors: $0.factors.map { compact[$0] })
    }
    guard
      let exact = try FixedPointCertificate.certify(
        remapped, lower: variables.map { values[$0] }, budget: &budget)
    else { return false }
    for (position, local) in variables.enumerated() { values[local] = exact[position] }
    return true
  }

  /// Variables whose least value is positive: those with a monomial all of whose factors are
  /// positive (a constant monomial qualifies at once). Kleene iteration from 0 makes exactly
  /// these nonzero, so every other variable's least value is 0: x = x and x = y, y = x stay 0,
  /// while x = ½x + ½ becomes positive. Computed like Horn satisfiability: each monomial counts
  /// its factor occurrences not yet known positive.
  static func positiveVariables(_ monomials: [LocalMonomial], count: Int) -> [Bool] {
    var positive = [Bool](repeating: false, count: count)
    var waiting = monomials.map(\.factors.count)
    var watchers = [[Int]](repeating: [], count: count)
    var queue: [Int] = []
    for (index, monomial) in monomials.enumerated() {
      for factor in monomial.factors { watchers[factor].append(index) }
      if monomial.factors.isEmpty, !positive[monomial.owner] {
        positive[monomial.owner] = true
        queue.append(monomial.owner)
      }
    }
    var head = 0
    while head < queue.count {
      let variable = queue[head]
      head += 1
      for index in watchers[variable] {
        waiting[index] -= 1
        let owner = monomials[index].owner
        if waiting[index] == 0, !positive[owner] {
          positive[owner] = true
          queue.append(owner)
        }
      }
    }
    return positive
  }

  /// Exact elimination on the positive variables of a linear component; false when a pivot is
  /// not positive (the least fixed point is infinite somewhere).
  mutating func eliminate(
    _ monomials: [LocalMonomial], positive: [Bool], values: inout [Fraction]
  ) throws(LeastFixedPointLimit) -> Bool {
    var row = [Int](repeating: -1, count: positive.count)
    var variables: [Int] = []
    for (local, isPositive) in positive.enumerated() where isPositive {
      row[local] = variables.count
      variables.append(local)
    }
    var coefficients = [[SparseEntry]](repeating: [], count: variables.count)
    var constants = [Fraction](repeating: .zero, count: variables.count)
    for monomial in monomials {
      let target = row[monomial.owner]
      if let factor = monomial.factors.first {
        coefficients[target].append(SparseEntry(column: row[factor], value: monomial.coefficient))
      } else {
        constants[target] = try budget.add(constants[target], monomial.coefficient)
      }
    }
    guard let solution = try LinearElimination.solve(coefficients: coefficients, constants: constants, budget: &budget)
    else { return false }
    for (position, local) in variables.enumerated() { values[local] = solution[position] }
    return true
  }

  /// Kleene iteration x ← G(x) from 0, where G is F rounded down after every multiplication.
  /// Stops when a round changes nothing (`exact` when no rounding happened in that round: then
  /// x = F(x) is a fixed point below the least one, hence the least one), after maxIterations
  /// rounds, or when the budget runs out; `values` always holds the last complete round.
  mutating func iterate(
    _ monomials: [LocalMonomial], values: inout [Fraction]
  ) -> (iterations: Int, exact: Bool, limit: LeastFixedPointLimit?) {
    let places = LeastFixedPoint.iterationBinaryPlaces
    for index in values.indices { values[index] = .zero }
    // Every round scans every factor, whether or not it multiplies anything.
    let scanCost = monomials.reduce(0) { $0 + 1 + $1.factors.count }
    var rounds = 0
    while rounds < limits.maxIterations {
      rounds += 1
      var next = [Fraction](repeating: .zero, count: values.count)
      var rounded = false
      do throws(LeastFixedPointLimit) {
        try budget.charge(units: scanCost)
        // A monomial with a zero factor is exactly 0 and needs no rounding.
        for monomial in monomials where monomial.factors.allSatisfy({ !values[$0].isZero }) {
          var term = try budget.roundDown(monomial.coefficient, toBinaryPlaces: places)
          if term != monomial.coefficient { rounded = true }
          for factor in monomial.factors {
            let product = try budget.multiply(term, values[factor])
            term = try budget.roundDown(product, toBinaryPlaces: places)
            if term != product { rounded = true }
          }
          next[monomial.owner] = try budget.add(next[monomial.owner], term)
        }
      } catch {
        return (rounds - 1, false, error)
      }
      if next == values { return (rounds, !rounded, nil) }
      values = next
    }
    return (rounds, false, .maxIterations)
  }
}
