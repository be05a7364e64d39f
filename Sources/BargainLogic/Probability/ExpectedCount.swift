// ExpectedCount.swift — owns `ExpectedCount.solve`: least solutions of linear systems
// e = A·e + r with nonnegative entries, where entries may be infinite (expected numbers of
// nested simulations, steps, or any other count accumulated along random paths).

/// Expected counts: e_i = Σ_j A_ij e_j + r_i, given as a `PolynomialSystem` whose monomials
/// have degree at most 1 (constants are r, monomials c·x_j are A's entries). For "expected
/// number of nested simulations" of a matchup m, r_m is the probability that m simulates at
/// all and A_mn the probability that m's run simulates matchup n (ε-grounded FairBot in
/// self-play: e = (1 − ε)·(1 + e), i.e. r = 1 − ε and A = 1 − ε, so e = (1 − ε)/ε).
public enum ExpectedCount {
  /// The least solution in [0, ∞], with nil for +∞ (e = 1 + e). Exact unless a limit stops the
  /// solve (`maxIterations` is unused: nothing here iterates). Throws only for a monomial of
  /// degree 2 or more.
  ///
  /// Components are solved in dependency order. Within one strongly connected component every
  /// variable reads every other through positive coefficients, so the component is either all
  /// finite or all infinite: infinite when it reads an infinite variable, 0 when nothing
  /// positive flows in, otherwise finite exactly when elimination meets only positive pivots.
  public static func solve(
    _ system: PolynomialSystem, limits: LeastFixedPointLimits = .standard
  ) throws(PolynomialSystemError) -> ExpectedCountSolution {
    for (equation, monomials) in system.equations.enumerated() {
      if let position = monomials.firstIndex(where: { $0.degree > 1 }) {
        throw .nonlinearMonomial(equation: equation, monomial: position)
      }
    }
    let count = system.variableCount
    var values = [Fraction?](repeating: .zero, count: count)
    var isExact = [Bool](repeating: false, count: count)
    if count > limits.maxVariables {
      return ExpectedCountSolution(values: values, isExact: isExact, limitReached: .maxVariables, work: 0)
    }
    if system.monomialCount > limits.maxMonomials {
      return ExpectedCountSolution(values: values, isExact: isExact, limitReached: .maxMonomials, work: 0)
    }
    var budget = ArithmeticBudget(limits)
    var localIndex = [Int](repeating: -1, count: count)
    for component in VariableComponents.inSolvingOrder(system) {
      for (local, variable) in component.enumerated() { localIndex[variable] = local }
      defer { for variable in component { localIndex[variable] = -1 } }
      let solved: [Fraction?]
      do throws(LeastFixedPointLimit) {
        solved = try solveComponent(component, system: system, values: values, localIndex: localIndex, budget: &budget)
      } catch {
        return ExpectedCountSolution(values: values, isExact: isExact, limitReached: error, work: budget.work)
      }
      for (local, variable) in component.enumerated() {
        values[variable] = solved[local]
        isExact[variable] = true
      }
    }
    return ExpectedCountSolution(values: values, isExact: isExact, limitReached: nil, work: budget.work)
  }

  private static func solveComponent(
    _ component: [Int], system: PolynomialSystem, values: [Fraction?], localIndex: [Int],
    budget: inout ArithmeticBudget
  ) throws(LeastFixedPointLimit) -> [Fraction?] {
    var coefficients = [[SparseEntry]](repeating: [], count: component.count)
    var constants = [Fraction](repeating: .zero, count: component.count)
    for (local, variable) in component.enumerated() {
      for monomial in system.equations[variable] {
        guard let read = monomial.variables.first else {
          constants[local] = try budget.add(constants[local], monomial.coefficient)
          continue
        }
        if localIndex[read] >= 0 {
          coefficients[local].append(SparseEntry(column: localIndex[read], value: monomial.coefficient))
        } else if let value = values[read] {
          constants[local] = try budget.add(constants[local], try budget.multiply(monomial.coefficient, value))
        } else {
          return [Fraction?](repeating: nil, count: component.count)
        }
      }
    }
    guard constants.contains(where: { !$0.isZero }) else {
      return [Fraction?](repeating: .zero, count: component.count)
    }
    guard let solution = try LinearElimination.solve(coefficients: coefficients, constants: constants, budget: &budget)
    else { return [Fraction?](repeating: nil, count: component.count) }
    return solution
  }
}
