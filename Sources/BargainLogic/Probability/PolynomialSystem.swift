// PolynomialSystem.swift — owns the input of the probability solvers: `Monomial`, the validated
// `PolynomialSystem` "x_i = Σ monomials", and `PolynomialSystemError` for malformed input.

/// coefficient × Π x_v for v in `variables`, a sorted multiset (x·x is `[v, v]`; empty is the
/// constant `coefficient`).
public struct Monomial: Hashable, Sendable {
  public let coefficient: Fraction
  /// Variable indices in ascending order, repeated for powers.
  public let variables: [Int]

  /// `variables` may come in any order; they are stored sorted.
  public init(_ coefficient: Fraction, _ variables: [Int] = []) {
    self.coefficient = coefficient
    self.variables = variables.sorted()
  }

  /// The number of variable factors, counting repeats.
  public var degree: Int { variables.count }
}

/// The system x_i = Σ equations[i] over variables 0..<equations.count, with nonnegative
/// coefficients, so its right-hand side is monotone and has a least fixed point in [0, ∞].
public struct PolynomialSystem: Hashable, Sendable {
  /// Equation i's monomials in the caller's order, with zero-coefficient monomials removed.
  public let equations: [[Monomial]]

  /// Checks that every coefficient is nonnegative and every variable is one of the system's.
  public init(equations: [[Monomial]]) throws(PolynomialSystemError) {
    for (equation, monomials) in equations.enumerated() {
      for (position, monomial) in monomials.enumerated() {
        if monomial.coefficient.isNegative {
          throw .negativeCoefficient(equation: equation, monomial: position)
        }
        for variable in monomial.variables where variable < 0 || variable >= equations.count {
          throw .variableOutOfRange(equation: equation, monomial: position, variable: variable)
        }
      }
    }
    self.equations = equations.map { $0.filter { !$0.coefficient.isZero } }
  }

  public var variableCount: Int { equations.count }

  /// Total number of (nonzero) monomials.
  public var monomialCount: Int { equations.reduce(0) { $0 + $1.count } }
}

/// Malformed solver input: a compiler bug rather than a property of the program being analysed.
public enum PolynomialSystemError: Error, Hashable, Sendable, CustomStringConvertible {
  /// Monomial `monomial` of equation `equation` has a negative coefficient.
  case negativeCoefficient(equation: Int, monomial: Int)
  /// Monomial `monomial` of equation `equation` mentions a variable outside 0..<variableCount.
  case variableOutOfRange(equation: Int, monomial: Int, variable: Int)
  /// `ExpectedCount` needs a linear system; this monomial has degree 2 or more.
  case nonlinearMonomial(equation: Int, monomial: Int)

  public var description: String {
    switch self {
    case .negativeCoefficient(let equation, let monomial):
      return "monomial \(monomial) of equation x\(equation) has a negative coefficient"
    case .variableOutOfRange(let equation, let monomial, let variable):
      return "monomial \(monomial) of equation x\(equation) mentions x\(variable), which is not a variable"
    case .nonlinearMonomial(let equation, let monomial):
      return "monomial \(monomial) of equation x\(equation) has degree above 1 in a linear system"
    }
  }
}
