// LeastFixedPointLimits.swift — owns the vocabulary around the probability solvers: resource
// bounds `LeastFixedPointLimits`, the names of those bounds, why a value is only a lower bound,
// and the solution records of `LeastFixedPoint` and `ExpectedCount`.

/// Resource bounds for one solve, identical in debug and release builds. Running into one is a
/// reported outcome (values become lower bounds), never a crash or a hang.
public struct LeastFixedPointLimits: Sendable, Equatable {
  /// Most variables in a system. The solver keeps a few words per variable; compiled matchups
  /// have one variable per (matchup, output) pair, so 100_000 is far beyond real programs and
  /// keeps a runaway compiler from allocating without bound.
  public var maxVariables: Int
  /// Most monomials in a system (summed over equations). Every round of iteration touches each
  /// monomial, so this with `maxIterations` bounds iteration time; 1_000_000 admits any real
  /// matchup (one monomial per program path).
  public var maxMonomials: Int
  /// Most Kleene rounds per iterated component (nonlinear, or linear with an infinite least
  /// fixed point). Iteration gains roughly 1/k per round near a critical fixed point
  /// (x = ½ + ½x²), so rounds beyond 10_000 buy little precision.
  public var maxIterations: Int
  /// Most decimal digits of any numerator or denominator the solver produces (measured on bit
  /// length, so exact to about one digit). Exact answers of real matchups have denominators
  /// like 10^depth; 2_000 digits is far beyond anything worth displaying and keeps each
  /// arithmetic step to about a millisecond.
  public var maxDigits: Int
  /// Most arithmetic work per solve, in units: an operation on fractions whose numbers have at
  /// most w 32-bit limbs costs 16 + w² units (the fixed part is allocation, the quadratic part
  /// the gcd), and each Kleene round costs one more unit per monomial and factor. A unit is
  /// 45–65 ns in a release build across small and large numbers, so 50_000_000 units stop any
  /// solve within about 3 seconds there (several times that in debug). Variable, monomial and
  /// digit counts alone do not bound time: elimination can take n³ steps.
  public var maxWork: Int

  public init(
    maxVariables: Int = 100_000,
    maxMonomials: Int = 1_000_000,
    maxIterations: Int = 10_000,
    maxDigits: Int = 2_000,
    maxWork: Int = 50_000_000
  ) {
    self.maxVariables = maxVariables
    self.maxMonomials = maxMonomials
    self.maxIterations = maxIterations
    self.maxDigits = maxDigits
    self.maxWork = maxWork
  }

  public static let standard = LeastFixedPointLimits()
}

/// Names a limit a solve ran into; the raw value is the field of `LeastFixedPointLimits`.
public enum LeastFixedPointLimit: String, Error, Hashable, Sendable, CaseIterable {
  case maxVariables
  case maxMonomials
  case maxIterations
  case maxDigits
  case maxWork

  public var name: String { rawValue }
}

/// Why a component's values are lower bounds rather than exact least-fixed-point values.
public enum InexactReason: Hashable, Sendable, CustomStringConvertible {
  /// The solve ran into a limit here: this component keeps the bound reached so far (0 when
  /// none), and components solved later are 0 too, except for `maxIterations`, which only
  /// stops this component's iteration.
  case limitReached(LeastFixedPointLimit)
  /// Nonlinear component: Kleene iteration, rounded down to multiples of 2^-64, stopped changing
  /// before reaching an exact fixed point.
  case approximatedFromBelow
  /// Linear component whose elimination met a pivot ≤ 0: its least fixed point is infinite
  /// somewhere (not a probability system), so the values come from iteration instead.
  case unboundedLinearComponent
  /// Solved exactly, but from lower bounds of the components it depends on.
  case dependsOnInexact

  public var description: String {
    switch self {
    case .limitReached(let limit):
      return "limit \(limit.name) reached"
    case .approximatedFromBelow:
      return "nonlinear component approximated from below by rounded iteration"
    case .unboundedLinearComponent:
      return "linear component with an infinite least fixed point"
    case .dependsOnInexact:
      return "depends on a component that is only bounded from below"
    }
  }
}

/// One strongly connected component of the variable dependency graph, as solved.
public struct LeastFixedPointComponent: Hashable, Sendable {
  /// Variable indices in ascending order.
  public let variables: [Int]
  /// True when every monomial has at most one factor from this component (counting repeats).
  /// A structurally nonlinear component whose nonlinear monomials all vanish (a factor's least
  /// value is 0) is still solved exactly by elimination.
  public let isLinear: Bool
  /// Kleene rounds run (0 when eliminated exactly or found to be zero).
  public let iterations: Int
  /// Nil when the component's values are exact.
  public let inexactReason: InexactReason?

  public var isExact: Bool { inexactReason == nil }
}

/// The least fixed point of a `PolynomialSystem`, or lower bounds on it.
public struct LeastFixedPointSolution: Hashable, Sendable {
  /// values[i] is x_i's least-fixed-point value when isExact[i], otherwise a lower bound on it.
  public let values: [Fraction]
  public let isExact: [Bool]
  /// Components in the order they were solved: each after every component it depends on.
  /// Empty when a size limit refused the system before any work.
  public let components: [LeastFixedPointComponent]
  /// The first reason in solving order; nil exactly when every value is exact.
  public let inexactReason: InexactReason?
  /// The first limit run into, if any.
  public let limitReached: LeastFixedPointLimit?
  /// Arithmetic work spent, in the units of `LeastFixedPointLimits.maxWork`.
  public let work: Int

  public var isAllExact: Bool { inexactReason == nil }
}

/// The least solution of a linear system e = A·e + r with nonnegative entries, where some
/// entries may be infinite.
public struct ExpectedCountSolution: Hashable, Sendable {
  /// nil means +∞. A value with isExact false is a lower bound (0 when a limit stopped the
  /// solve before reaching it).
  public let values: [Fraction?]
  public let isExact: [Bool]
  /// The limit that stopped the solve, if any; nil means every value is exact.
  public let limitReached: LeastFixedPointLimit?
  /// Arithmetic work spent, in the units of `LeastFixedPointLimits.maxWork`.
  public let work: Int
}
