// ProbabilityFixedPointTests.swift — checks LeastFixedPoint and ExpectedCount on systems with
// hand-derived exact answers: ε-grounded FairBot matchups, MirrorBots, gambler's ruin, critical
// and subcritical nonlinear systems, propagation of inexactness, malformed input, and each limit.

import BargainLogic
import Testing

/// a/b, or 0 for a zero denominator (test input is always well formed).
func ratio(_ numerator: Int, _ denominator: Int) -> Fraction {
  Fraction(numerator, denominator) ?? .zero
}

/// Builds a system from (coefficient, variables) pairs per equation.
func polynomialSystem(_ equations: [[(Fraction, [Int])]]) throws -> PolynomialSystem {
  try PolynomialSystem(equations: equations.map { $0.map { Monomial($0.0, $0.1) } })
}

/// ε-grounded FairBot (cooperate with probability ε, otherwise play what the opponent plays
/// against it) against an opponent described by the equations of the reverse matchup. Variables
/// 0 and 1 are P(FairBot outputs C) and P(outputs D); 2 and 3 the opponent's.
func fairBotMatchup(epsilon: Fraction, opponent: [[(Fraction, [Int])]]) throws -> PolynomialSystem {
  try polynomialSystem(
    [
      [(epsilon, []), (.one - epsilon, [2])],
      [(.one - epsilon, [3])],
    ] + opponent)
}

@Suite struct ProbabilityFixedPointTests {
  let epsilon = ratio(1, 10)

  @Test func fairBotSelfPlayCooperates() throws {
    // One program on both sides: x_C = ε + (1 − ε)·x_C, x_D = (1 − ε)·x_D.
    let system = try polynomialSystem([
      [(epsilon, []), (.one - epsilon, [0])],
      [(.one - epsilon, [1])],
    ])
    let solution = LeastFixedPoint.solve(system)
    #expect(solution.values == [.one, .zero])
    #expect(solution.isExact == [true, true])
    #expect(solution.isAllExact)
    #expect(solution.limitReached == nil)
    #expect(solution.components.allSatisfy { $0.isLinear })
  }

  @Test func fairBotAgainstDefectBot() throws {
    let system = try fairBotMatchup(epsilon: epsilon, opponent: [[], [(.one, [])]])
    let solution = LeastFixedPoint.solve(system)
    #expect(solution.values == [epsilon, ratio(9, 10), .zero, .one])
    #expect(solution.isAllExact)
  }

  @Test func fairBotAgainstRandomBot() throws {
    let half = ratio(1, 2)
    let system = try fairBotMatchup(epsilon: epsilon, opponent: [[(half, [])], [(half, [])]])
    let solution = LeastFixedPoint.solve(system)
    #expect(solution.values[0] == ratio(11, 20))
    #expect(solution.values[0].description == "11/20")
    #expect(solution.values[0].decimal(digits: 4) == "0.55")
    #expect(solution.values[1] == ratio(9, 20))
    #expect(solution.isAllExact)
  }

  @Test func fairBotAgainstMirrorBot() throws {
    // MirrorBot against FairBot plays what FairBot plays against MirrorBot.
    let system = try fairBotMatchup(epsilon: epsilon, opponent: [[(.one, [0])], [(.one, [1])]])
    let solution = LeastFixedPoint.solve(system)
    #expect(solution.values == [.one, .zero, .one, .zero])
    #expect(solution.isAllExact)
    #expect(solution.components.count == 2)
    #expect(solution.components.map(\.variables) == [[0, 2], [1, 3]])
  }

  @Test func mirrorBotSelfPlayNeverTerminates() throws {
    let system = try polynomialSystem([[(.one, [0])], [(.one, [1])]])
    let solution = LeastFixedPoint.solve(system)
    #expect(solution.values == [.zero, .zero])
    #expect(solution.isAllExact)
    let missing = Fraction.one - solution.values[0] - solution.values[1]
    #expect(missing == .one)
  }

  @Test func zeroVariablesNeedNoConstantReachable() throws {
    // x0 = x1, x1 = x0 (both 0); x2 = ½x2 + ½ (1); x3 = ½x3 + ½x0 (0, reads only zeros).
    let half = ratio(1, 2)
    let system = try polynomialSystem([
      [(.one, [1])],
      [(.one, [0])],
      [(half, [2]), (half, [])],
      [(half, [3]), (half, [0])],
    ])
    let solution = LeastFixedPoint.solve(system)
    #expect(solution.values == [.zero, .zero, .one, .zero])
    #expect(solution.isAllExact)
  }

  @Test func conditioningOnTermination() throws {
    // FairBot (ε = 1/10) against a bot that mirrors with probability ½, defects with ¼ and
    // loops forever with ¼: y_C = ½x_C, y_D = ½x_D + ¼. Then x_C = 1/10 + 9/20·x_C = 2/11 and
    // x_D = 9/20·x_D + 9/40 = 9/22, so FairBot halts with probability 13/22 and, given that it
    // halts, cooperates with probability (2/11)/(13/22) = 4/13.
    let system = try fairBotMatchup(
      epsilon: epsilon, opponent: [[(ratio(1, 2), [0])], [(ratio(1, 2), [1]), (ratio(1, 4), [])]])
    let solution = LeastFixedPoint.solve(system)
    #expect(solution.values == [ratio(2, 11), ratio(9, 22), ratio(1, 11), ratio(5, 11)])
    let halts = solution.values[0] + solution.values[1]
    #expect(halts == ratio(13, 22))
    #expect(Fraction.one - halts == ratio(9, 22))
    #expect(solution.values[0].divided(by: halts) == ratio(4, 13))
  }

  @Test func fairGamblersRuin() throws {
    // States 1…9 of a walk on 0…10 that steps ±1 with probability ½; x_i = P(reach 10).
    let states = 10
    let half = ratio(1, 2)
    var equations: [[(Fraction, [Int])]] = []
    for state in 1..<states {
      let up: (Fraction, [Int]) = state + 1 == states ? (half, []) : (half, [state])
      equations.append(state == 1 ? [up] : [up, (half, [state - 2])])
    }
    let solution = LeastFixedPoint.solve(try polynomialSystem(equations))
    #expect(solution.values == (1..<states).map { ratio($0, states) })
    #expect(solution.isAllExact)
    #expect(solution.components.count == 1)
  }

  @Test func biasedGamblersRuin() throws {
    // Up with probability 1/3: P(reach N from i) = (2^i − 1)/(2^N − 1).
    let states = 10
    let up = ratio(1, 3)
    let down = ratio(2, 3)
    var equations: [[(Fraction, [Int])]] = []
    for state in 1..<states {
      let step: (Fraction, [Int]) = state + 1 == states ? (up, []) : (up, [state])
      equations.append(state == 1 ? [step] : [step, (down, [state - 2])])
    }
    let solution = LeastFixedPoint.solve(try polynomialSystem(equations))
    #expect(solution.values == (1..<states).map { ratio((1 << $0) - 1, (1 << states) - 1) })
    #expect(solution.isAllExact)
  }

  @Test func longWalkIsSparse() throws {
    // 2_000 states in one component: tridiagonal elimination stays cheap under standard limits.
    let states = 2_000
    let half = ratio(1, 2)
    var equations: [[(Fraction, [Int])]] = []
    for state in 1..<states {
      let up: (Fraction, [Int]) = state + 1 == states ? (half, []) : (half, [state])
      equations.append(state == 1 ? [up] : [up, (half, [state - 2])])
    }
    let solution = LeastFixedPoint.solve(try polynomialSystem(equations))
    #expect(solution.isAllExact)
    #expect(solution.values[0] == ratio(1, states))
    #expect(solution.values[states - 2] == ratio(states - 1, states))
  }

  @Test func deepChainOfComponents() throws {
    // 100_000 singleton components in one dependency chain: no recursion anywhere.
    let count = 100_000
    let equations: [[Monomial]] = (0..<count).map { index in
      index + 1 == count ? [Monomial(.one)] : [Monomial(.one, [index + 1])]
    }
    let solution = LeastFixedPoint.solve(try PolynomialSystem(equations: equations))
    #expect(solution.isAllExact)
    #expect(solution.components.count == count)
    #expect(solution.values.allSatisfy { $0 == .one })
  }

  @Test func criticalNonlinearIsCertifiedExact() throws {
    // x = ½ + ½x² has the double root 1; Kleene iteration gains about 2/k and stops at the limit
    // below 1, and the certificate (F(1) = 1, F′(1) = 1, curved, irreducible) proves 1 exact.
    let half = ratio(1, 2)
    let solution = LeastFixedPoint.solve(try polynomialSystem([[(half, []), (half, [0, 0])]]))
    #expect(solution.values == [.one])
    #expect(solution.isAllExact)
    #expect(solution.limitReached == nil)
    #expect(solution.components.first?.isLinear == false)
    #expect(solution.components.first?.iterations == LeastFixedPointLimits.standard.maxIterations)
  }

  @Test func subcriticalNonlinearIsCertifiedAtItsLeastRoot() throws {
    // x = ¼ + ¾x²: 3x² − 4x + 1 = 0 has roots 1/3 and 1; the least is 1/3 (F′(1/3) = ½ < 1).
    let solution = LeastFixedPoint.solve(try polynomialSystem([[(ratio(1, 4), []), (ratio(3, 4), [0, 0])]]))
    #expect(solution.values == [ratio(1, 3)])
    #expect(solution.isAllExact)
    #expect((solution.components.first?.iterations ?? 0) < 200)
  }

  @Test(arguments: [FixedPointCertificate.maxCertifiedVariables, FixedPointCertificate.maxCertifiedVariables + 1])
  func certificatesStopAtTheVariableLimit(count: Int) throws {
    // A cycle x_i = ¼ + ¾x_{i+1}²: one component of `count` variables, least point all 1/3.
    let system = try polynomialSystem(
      (0..<count).map { [(ratio(1, 4), []), (ratio(3, 4), [($0 + 1) % count, ($0 + 1) % count])] })
    let solution = LeastFixedPoint.solve(system)
    let third = ratio(1, 3)
    if count <= FixedPointCertificate.maxCertifiedVariables {
      #expect(solution.isAllExact)
      #expect(solution.values.allSatisfy { $0 == third })
    } else {
      #expect(solution.inexactReason == .approximatedFromBelow)
      #expect(solution.values.allSatisfy { $0 < third && third - $0 < ratio(1, 1_000_000) })
    }
  }

  @Test func irrationalLeastRootStaysALowerBound() throws {
    // x = ½ + ¼x²: the least root 2 − √2 is irrational, so no rational point certifies it.
    let solution = LeastFixedPoint.solve(try polynomialSystem([[(ratio(1, 2), []), (ratio(1, 4), [0, 0])]]))
    #expect(solution.isExact == [false])
    #expect(solution.inexactReason == .approximatedFromBelow)
    // (2 − √2)² = 6 − 4√2 < ... : check 0.585786 < x < 0.585787.
    #expect(solution.values[0] > ratio(585_786, 1_000_000))
    #expect(solution.values[0] < ratio(585_787, 1_000_000))
  }

  @Test func aLargerFixedPointNearTheBoundIsRejected() throws {
    // x = 1499/2999 + 1500/2999·x² has roots 1499/1500 (least) and 1. Iteration ends within
    // the tolerance of both, so the simplest candidate is 1, a fixed point; F′(1) = 3000/2999 > 1
    // shows it is not the least one, and the values stay lower bounds below 1499/1500.
    let solution = LeastFixedPoint.solve(
      try polynomialSystem([[(ratio(1499, 2999), []), (ratio(1500, 2999), [0, 0])]]))
    #expect(solution.isExact == [false])
    #expect(solution.values[0] < ratio(1499, 1500))
    #expect(solution.values[0] > ratio(999, 1000))
  }

  @Test func nonlinearComponentWithZeroFactorsIsExact() throws {
    // x = ½ + ½y², y = x·y: y's least value is 0, leaving x = ½ exactly.
    let half = ratio(1, 2)
    let system = try polynomialSystem([[(half, []), (half, [1, 1])], [(.one, [0, 1])]])
    let solution = LeastFixedPoint.solve(system)
    #expect(solution.values == [half, .zero])
    #expect(solution.isAllExact)
    #expect(solution.components.first?.isLinear == false)
  }

  @Test func inexactnessPropagatesToDependents() throws {
    // x0 = ½ + ½x0² (bounded below), x1 = x0 (linear, exact given x0), x2 = 1/3 (independent).
    let half = ratio(1, 2)
    let system = try polynomialSystem([
      [(half, []), (half, [0, 0])],
      [(.one, [0])],
      [(ratio(1, 3), [])],
    ])
    let solution = LeastFixedPoint.solve(system, limits: LeastFixedPointLimits(maxIterations: 50))
    #expect(solution.isExact == [false, false, true])
    #expect(solution.values[1] == solution.values[0])
    #expect(solution.values[2] == ratio(1, 3))
    #expect(solution.components.map(\.inexactReason) == [.limitReached(.maxIterations), .dependsOnInexact, nil])
  }

  @Test func unboundedLinearComponentFallsBackToIteration() throws {
    // x = 1/2 + x has an infinite least fixed point: not a probability system.
    let system = try polynomialSystem([[(ratio(1, 2), []), (.one, [0])]])
    let solution = LeastFixedPoint.solve(system, limits: LeastFixedPointLimits(maxIterations: 20))
    #expect(solution.inexactReason == .unboundedLinearComponent)
    #expect(solution.limitReached == .maxIterations)
    #expect(solution.values == [Fraction(10)])
  }

  @Test func malformedSystemsAreRejected() {
    #expect(throws: PolynomialSystemError.negativeCoefficient(equation: 0, monomial: 1)) {
      try polynomialSystem([[(.one, []), (ratio(-1, 2), [0])]])
    }
    #expect(throws: PolynomialSystemError.variableOutOfRange(equation: 1, monomial: 0, variable: 2)) {
      try polynomialSystem([[], [(.one, [2])]])
    }
    #expect(throws: PolynomialSystemError.variableOutOfRange(equation: 0, monomial: 0, variable: -1)) {
      try polynomialSystem([[(.one, [-1])]])
    }
  }

  @Test func zeroCoefficientsAreDropped() throws {
    let system = try polynomialSystem([[(.zero, [0]), (.one, [])]])
    #expect(system.monomialCount == 1)
    #expect(system.equations[0] == [Monomial(.one)])
  }
}

@Suite struct ProbabilityExpectedCountTests {
  @Test func fairBotSelfPlaySimulations() throws {
    // e = (1 − ε)(1 + e) with ε = 1/10: (1 − ε)/ε = 9 nested simulations on average.
    let nine = ratio(9, 10)
    let solution = try ExpectedCount.solve(try polynomialSystem([[(nine, []), (nine, [0])]]))
    #expect(solution.values == [Fraction(9)])
    #expect(solution.isExact == [true])
    #expect(solution.limitReached == nil)
  }

  @Test func mirrorBotSelfPlayIsInfinite() throws {
    // e = 1 + e; a matchup reading it is infinite too; a closed loop without input stays 0.
    let system = try polynomialSystem([
      [(.one, []), (.one, [0])],
      [(ratio(1, 100), [0])],
      [(.one, [2])],
      [(.one, []), (ratio(1, 2), [2])],
    ])
    let solution = try ExpectedCount.solve(system)
    #expect(solution.values == [nil, nil, .zero, .one])
    #expect(solution.isExact == [true, true, true, true])
  }

  @Test func gamblersRuinDuration() throws {
    // Expected steps of a fair walk on 0…10 from i: i·(10 − i).
    let states = 10
    let half = ratio(1, 2)
    var equations: [[(Fraction, [Int])]] = []
    for state in 1..<states {
      var equation: [(Fraction, [Int])] = [(.one, [])]
      if state + 1 < states { equation.append((half, [state])) }
      if state > 1 { equation.append((half, [state - 2])) }
      equations.append(equation)
    }
    let solution = try ExpectedCount.solve(try polynomialSystem(equations))
    #expect(solution.values == (1..<states).map { Fraction($0 * (states - $0)) })
  }

  @Test func subcriticalCycleIsFinite() throws {
    // e0 = 1 + ½e1, e1 = 1 + ½e0: both 2.
    let half = ratio(1, 2)
    let system = try polynomialSystem([[(.one, []), (half, [1])], [(.one, []), (half, [0])]])
    #expect(try ExpectedCount.solve(system).values == [Fraction(2), Fraction(2)])
  }

  @Test func nonlinearInputIsRejected() throws {
    let system = try polynomialSystem([[(.one, [])], [(.one, []), (ratio(1, 2), [0, 1])]])
    #expect(throws: PolynomialSystemError.nonlinearMonomial(equation: 1, monomial: 1)) {
      try ExpectedCount.solve(system)
    }
  }
}

@Suite struct ProbabilityLimitTests {
  let half = ratio(1, 2)

  @Test func maxVariables() throws {
    let system = try polynomialSystem([[(half, [])], [(half, [0])], [(half, [1])]])
    let limits = LeastFixedPointLimits(maxVariables: 2)
    let solution = LeastFixedPoint.solve(system, limits: limits)
    #expect(solution.limitReached == .maxVariables)
    #expect(solution.inexactReason == .limitReached(.maxVariables))
    #expect(solution.values == [.zero, .zero, .zero])
    #expect(solution.isExact == [false, false, false])
    #expect(solution.components.isEmpty)
    #expect(try ExpectedCount.solve(system, limits: limits).limitReached == .maxVariables)
    #expect(LeastFixedPoint.solve(system, limits: LeastFixedPointLimits(maxVariables: 3)).isAllExact)
  }

  @Test func maxMonomials() throws {
    let system = try polynomialSystem([[(half, []), (half, [1])], [(half, [0])]])
    let limits = LeastFixedPointLimits(maxMonomials: 2)
    let solution = LeastFixedPoint.solve(system, limits: limits)
    #expect(solution.limitReached == .maxMonomials)
    #expect(solution.values == [.zero, .zero])
    #expect(try ExpectedCount.solve(system, limits: limits).limitReached == .maxMonomials)
    #expect(LeastFixedPoint.solve(system, limits: LeastFixedPointLimits(maxMonomials: 3)).isAllExact)
  }

  @Test func maxIterations() throws {
    let system = try polynomialSystem([[(half, []), (half, [0, 0])]])
    let solution = LeastFixedPoint.solve(system, limits: LeastFixedPointLimits(maxIterations: 100))
    #expect(solution.limitReached == .maxIterations)
    #expect(solution.components.first?.iterations == 100)
    #expect(solution.values[0] > ratio(9, 10))
    #expect(solution.values[0] < .one)
    let none = LeastFixedPoint.solve(system, limits: LeastFixedPointLimits(maxIterations: 0))
    #expect(none.values == [.zero])
    #expect(none.limitReached == .maxIterations)
  }

  @Test func maxDigits() throws {
    // x_i = ⅓·x_{i+1}, x_39 = ⅓: x_i = 3^−(40 − i), which passes 10 digits at 3^−21.
    let count = 40
    let third = ratio(1, 3)
    let equations: [[(Fraction, [Int])]] = (0..<count).map { index in
      index + 1 == count ? [(third, [])] : [(third, [index + 1])]
    }
    let system = try polynomialSystem(equations)
    let limits = LeastFixedPointLimits(maxDigits: 10)
    let solution = LeastFixedPoint.solve(system, limits: limits)
    #expect(solution.limitReached == .maxDigits)
    #expect(solution.inexactReason == .limitReached(.maxDigits))
    var expected = Fraction.one
    for index in stride(from: count - 1, through: 0, by: -1) {
      expected *= third
      if solution.isExact[index] {
        #expect(solution.values[index] == expected)
      } else {
        #expect(solution.values[index] == .zero)
      }
    }
    #expect(solution.isExact.filter { $0 }.count == 20)
    let counts = try ExpectedCount.solve(system, limits: limits)
    #expect(counts.limitReached == .maxDigits)
    #expect(counts.isExact.filter { $0 }.count == 20)
    #expect(LeastFixedPoint.solve(system).isAllExact)
  }

  @Test func maxWork() throws {
    let states = 200
    var equations: [[(Fraction, [Int])]] = []
    for state in 1..<states {
      let up: (Fraction, [Int]) = state + 1 == states ? (half, []) : (half, [state])
      equations.append(state == 1 ? [up] : [up, (half, [state - 2])])
    }
    let system = try polynomialSystem(equations)
    let limits = LeastFixedPointLimits(maxWork: 1_000)
    let solution = LeastFixedPoint.solve(system, limits: limits)
    #expect(solution.limitReached == .maxWork)
    #expect(solution.values.allSatisfy { $0 == .zero })
    #expect(solution.isExact.allSatisfy { !$0 })
    #expect(try ExpectedCount.solve(system, limits: limits).limitReached == .maxWork)
    // Iteration is metered too: a nonlinear component stops with its last complete round.
    let nonlinear = try polynomialSystem([[(half, []), (half, [0, 0])]])
    let iterated = LeastFixedPoint.solve(nonlinear, limits: limits)
    #expect(iterated.limitReached == .maxWork)
    #expect(iterated.values[0] > .zero)
    #expect(iterated.values[0] < .one)
    #expect(LeastFixedPoint.solve(system).isAllExact)
  }

  @Test func limitsStopLaterComponents() throws {
    // The first limit stops everything after it; independent components are left at 0.
    let system = try polynomialSystem([[(ratio(1, 7), [0]), (ratio(1, 3), [])], [(half, [])]])
    let solution = LeastFixedPoint.solve(system, limits: LeastFixedPointLimits(maxWork: 0))
    #expect(solution.components.map(\.inexactReason) == [.limitReached(.maxWork), .limitReached(.maxWork)])
    #expect(solution.values == [.zero, .zero])
  }
}
