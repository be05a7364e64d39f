// ProbabilityRandomizedTests.swift — cross-checks the exact solvers against independent
// floating-point computations on seeded random systems: least fixed points of substochastic
// linear systems, expected counts (finite values and which ones are infinite), and lower bounds
// of nonlinear systems.

import BargainLogic
import Testing

/// Random systems whose right-hand sides have coefficient sums at most 1 per equation.
struct ProbabilityRandomSystems {
  var rng: ProbabilitySplitMix64

  /// Splits `units` of 1/denominator among a constant (if `constant`) and up to `terms`
  /// monomials of degree 1...maxDegree over variables 0..<count.
  mutating func equation(count: Int, maxDegree: Int, constant: Bool) -> [Monomial] {
    let denominators = [2, 3, 4, 5, 10]
    let denominator = denominators[rng.next(below: denominators.count)]
    let units = rng.next(below: denominator + 1)
    let slots = rng.next(below: 4) + (constant ? 1 : 0)
    guard slots > 0 else { return [] }
    var shares = [Int](repeating: 0, count: slots)
    for _ in 0..<units { shares[rng.next(below: slots)] += 1 }
    var monomials: [Monomial] = []
    for (slot, share) in shares.enumerated() {
      let coefficient = Fraction(share, denominator) ?? .zero
      if constant && slot == 0 {
        monomials.append(Monomial(coefficient))
      } else {
        let degree = 1 + rng.next(below: maxDegree)
        monomials.append(Monomial(coefficient, (0..<degree).map { _ in rng.next(below: count) }))
      }
    }
    return monomials
  }

  mutating func system(maxCount: Int, maxDegree: Int) throws -> PolynomialSystem {
    let count = 1 + rng.next(below: maxCount)
    return try PolynomialSystem(
      equations: (0..<count).map { _ in equation(count: count, maxDegree: maxDegree, constant: true) })
  }
}

/// A Fraction as a Double, via its decimal rendering (values here are at most a few thousand).
func approximate(_ value: Fraction) -> Double {
  Double(value.decimal(digits: 25)) ?? .nan
}

/// A system's monomials as (owner, coefficient, variables) in floating point.
struct FloatingSystem {
  var count: Int
  var monomials: [(owner: Int, coefficient: Double, variables: [Int])] = []

  init(_ system: PolynomialSystem) {
    count = system.variableCount
    for (owner, equation) in system.equations.enumerated() {
      for monomial in equation {
        monomials.append((owner, approximate(monomial.coefficient), monomial.variables))
      }
    }
  }

  /// One Kleene round x ← F(x).
  func round(_ values: [Double]) -> [Double] {
    var next = [Double](repeating: 0, count: count)
    for monomial in monomials {
      var term = monomial.coefficient
      for variable in monomial.variables { term *= values[variable] }
      next[monomial.owner] += term
    }
    return next
  }
}

@Suite struct ProbabilityRandomizedTests {
  @Test func linearSystemsMatchLongFloatingIteration() throws {
    var random = ProbabilityRandomSystems(rng: ProbabilitySplitMix64(state: 0x11_4EA2))
    var converged = 0
    for _ in 0..<300 {
      let system = try random.system(maxCount: 8, maxDegree: 1)
      let solution = LeastFixedPoint.solve(system)
      #expect(solution.isAllExact)
      let floating = FloatingSystem(system)
      var values = [Double](repeating: 0, count: system.variableCount)
      for _ in 0..<200_000 {
        let next = floating.round(values)
        let change = zip(next, values).map { abs($0 - $1) }.max() ?? 0
        values = next
        if change < 1e-15 { break }
      }
      let difference = zip(values, solution.values).map { abs($0 - approximate($1)) }.max() ?? 0
      if difference < 1e-9 { converged += 1 }
      #expect(difference < 1e-9)
      #expect(solution.values.allSatisfy { !$0.isNegative && $0 <= .one })
    }
    #expect(converged == 300)
  }

  @Test func expectedCountsMatchFloatingIterationAndReachability() throws {
    var random = ProbabilityRandomSystems(rng: ProbabilitySplitMix64(state: 0xE9_C0DE))
    var infinite = 0
    for _ in 0..<300 {
      let count = 1 + random.rng.next(below: 7)
      var equations: [[Monomial]] = []
      var rewards: [Bool] = []
      for _ in 0..<count {
        var equation = random.equation(count: count, maxDegree: 1, constant: false)
        let reward = random.rng.next(below: 3)
        if reward > 0 { equation.append(Monomial(Fraction(reward, 2) ?? .zero)) }
        rewards.append(reward > 0)
        equations.append(equation)
      }
      let system = try PolynomialSystem(equations: equations)
      let solution = try ExpectedCount.solve(system)
      #expect(solution.limitReached == nil)

      // Independent criterion, valid because each row of A sums to at most 1: e_i is infinite
      // exactly when i reaches a class whose rows sum to 1 inside it and that holds a reward.
      var reads = [[Bool]](repeating: [Bool](repeating: false, count: count), count: count)
      var insideSum = [[Fraction]](repeating: [Fraction](repeating: .zero, count: count), count: count)
      for (row, monomials) in system.equations.enumerated() {
        reads[row][row] = true
        for monomial in monomials {
          guard let column = monomial.variables.first else { continue }
          reads[row][column] = true
          insideSum[row][column] += monomial.coefficient
        }
      }
      for middle in 0..<count {
        for from in 0..<count where reads[from][middle] {
          for to in 0..<count where reads[middle][to] { reads[from][to] = true }
        }
      }
      func isClosedStochasticWithReward(_ vertex: Int) -> Bool {
        let members = (0..<count).filter { reads[vertex][$0] && reads[$0][vertex] }
        let closed = members.allSatisfy { member in
          members.reduce(Fraction.zero) { $0 + insideSum[member][$1] } == .one
        }
        return closed && members.contains { rewards[$0] }
      }
      let badClasses = (0..<count).filter(isClosedStochasticWithReward)
      for variable in 0..<count {
        let expectedInfinite = badClasses.contains { reads[variable][$0] }
        #expect((solution.values[variable] == nil) == expectedInfinite)
        if expectedInfinite { infinite += 1 }
      }

      let floating = FloatingSystem(system)
      var values = [Double](repeating: 0, count: count)
      for _ in 0..<200_000 {
        let next = floating.round(values)
        var change = 0.0
        for variable in 0..<count where solution.values[variable] != nil {
          change = max(change, abs(next[variable] - values[variable]) / max(1, abs(next[variable])))
        }
        values = next
        if change < 1e-15 { break }
      }
      for (variable, value) in solution.values.enumerated() {
        guard let value else { continue }
        #expect(abs(values[variable] - approximate(value)) <= 1e-9 * max(1, approximate(value)))
      }
    }
    #expect(infinite > 20)
  }

  @Test func nonlinearBoundsTrackFloatingIteration() throws {
    var random = ProbabilityRandomSystems(rng: ProbabilitySplitMix64(state: 0x4_0411_EA2))
    let rounds = 500
    let limits = LeastFixedPointLimits(maxIterations: rounds)
    var nonlinear = 0
    for _ in 0..<100 {
      let system = try random.system(maxCount: 4, maxDegree: 3)
      let solution = LeastFixedPoint.solve(system, limits: limits)
      #expect(solution.limitReached == nil || solution.limitReached == .maxIterations)
      let floating = FloatingSystem(system)
      var values = [Double](repeating: 0, count: system.variableCount)
      for _ in 0..<rounds { values = floating.round(values) }
      for (variable, value) in solution.values.enumerated() {
        // Equal round counts give equal iterates up to rounding; an earlier stop on the 2^-64
        // grid is within rounding of the least fixed point, which bounds every iterate.
        #expect(abs(values[variable] - approximate(value)) < 1e-9)
      }
      for component in solution.components {
        if component.isLinear {
          #expect(component.inexactReason == nil || component.inexactReason == .dependsOnInexact)
        } else {
          nonlinear += 1
        }
        #expect(component.inexactReason != .unboundedLinearComponent)
      }
    }
    #expect(nonlinear > 20)
  }
}
