// FixedPointCertificate.swift — owns the exact proof that a guessed point is the least fixed
// point of a nonlinear component, so that iteration's lower bounds can be replaced by exact
// values where they are simple rationals (x = ½ + ½x², whose least fixed point 1 iteration only
// approaches as 1 − 2/k).
//
// Why a check suffices. F is a polynomial with nonnegative coefficients, so it is convex on the
// nonnegative orthant. Let q be a fixed point and μ the least one (μ ≤ q), d = q − μ ≥ 0, and
// B = F′(q). Convexity gives μ = F(μ) ≥ F(q) − B·d = q − B·d, so B·d ≥ d. If d ≠ 0, a nonnegative
// matrix with B·d ≥ d has spectral radius ρ(B) ≥ 1 (Collatz–Wielandt). Hence:
// - ρ(B) < 1 proves q = μ.
// - ρ(B) = 1 with B irreducible forces B·d = d with d > 0 (Perron–Frobenius), so the convexity
//   inequality is an equality along the segment from μ to q: F is affine there. A monomial of
//   degree 2 or more with a positive coefficient curves strictly in a positive direction, so
//   when the component has one, d = 0 and again q = μ.
// ρ(B) is compared with 1 exactly: for irreducible B, ρ(B) ≤ 1 exactly when Gaussian elimination
// without pivoting on the Z-matrix I − B meets positive pivots except possibly a last one of 0
// (its leading principal minors of order below n are positive, so the block B′ they cover has
// ρ(B′) < 1, and the Schur complement t − b − r·(tI − B′)⁻¹·c increases in t with root ρ(B));
// when all n pivots are positive, ρ(B) < 1 whether or not B is irreducible.

public enum FixedPointCertificate {
  /// Most variables of a component a certificate is tried for (Grammar/semantics.md, limits):
  /// the elimination is dense, n³ fraction operations, so 64 keeps it to about 260,000 while
  /// covering the small self-referential components real programs produce; larger components
  /// keep their labelled lower bounds.
  public static let maxCertifiedVariables = 64
  /// Candidates are the simplest rationals at most this far above the lower bounds: iteration
  /// near a critical fixed point gains about 2/k after k rounds (2·10⁻⁴ after 10,000).
  static let tolerance = Fraction(1, 1_000) ?? .zero
  /// Continued-fraction steps searched for a candidate.
  static let maxSteps = 64

  /// The least fixed point of the component given by `monomials` (every variable positive, every
  /// value in `lower` a lower bound of it), when a simple rational point near `lower` is provably
  /// that fixed point; nil otherwise.
  static func certify(
    _ monomials: [LocalMonomial], lower: [Fraction], budget: inout ArithmeticBudget
  ) throws(LeastFixedPointLimit) -> [Fraction]? {
    let count = lower.count
    guard count > 0, count <= maxCertifiedVariables else { return nil }
    var candidate: [Fraction] = []
    for value in lower {
      guard let simple = try simplest(from: value, to: budget.add(value, tolerance), budget: &budget) else {
        return nil
      }
      candidate.append(simple)
    }
    // F(q) = q exactly.
    var image = [Fraction](repeating: .zero, count: count)
    for monomial in monomials {
      var term = monomial.coefficient
      for factor in monomial.factors { term = try budget.multiply(term, candidate[factor]) }
      image[monomial.owner] = try budget.add(image[monomial.owner], term)
    }
    guard image == candidate else { return nil }
    // M = I − F′(q), dense.
    var matrix = [[Fraction]](repeating: [Fraction](repeating: .zero, count: count), count: count)
    for index in 0..<count { matrix[index][index] = .one }
    for monomial in monomials {
      for (position, factor) in monomial.factors.enumerated() {
        var term = monomial.coefficient
        for (other, otherFactor) in monomial.factors.enumerated() where other != position {
          term = try budget.multiply(term, candidate[otherFactor])
        }
        matrix[monomial.owner][factor] = try budget.subtract(matrix[monomial.owner][factor], term)
      }
    }
    let edges = monomials.flatMap { monomial in monomial.factors.map { (monomial.owner, $0) } }
    let curved = monomials.contains { $0.factors.count >= 2 }
    // Elimination without pivoting; pivots are positive until possibly the last.
    for pivotRow in 0..<count {
      let pivot = matrix[pivotRow][pivotRow]
      if pivotRow == count - 1 {
        if pivot.isZero { return curved && isStronglyConnected(count, edges) ? candidate : nil }
        return pivot > .zero ? candidate : nil
      }
      guard pivot > .zero else { return nil }
      for row in (pivotRow + 1)..<count where !matrix[row][pivotRow].isZero {
        let factor = try budget.divide(matrix[row][pivotRow], pivot)
        for column in pivotRow..<count where !matrix[pivotRow][column].isZero {
          let product = try budget.multiply(factor, matrix[pivotRow][column])
          matrix[row][column] = try budget.subtract(matrix[row][column], product)
        }
      }
    }
    return nil
  }

  /// The rational with the smallest denominator in [low, high] (0 ≤ low ≤ high), by continued
  /// fractions; nil when it takes more than `maxSteps` steps.
  static func simplest(
    from low: Fraction, to high: Fraction, budget: inout ArithmeticBudget, steps: Int = 0
  ) throws(LeastFixedPointLimit) -> Fraction? {
    guard steps < maxSteps, !(high < low), !(low < .zero) else { return nil }
    guard let division = low.numerator.quotientAndRemainder(dividingBy: low.denominator) else { return nil }
    let whole = Fraction(division.quotient)
    if division.remainder.isZero { return low }
    let next = try budget.add(whole, .one)
    if !(high < next) { return next }
    // low and high lie strictly between whole and whole + 1: recurse on the reciprocals.
    let lowPart = try budget.subtract(high, whole)
    let highPart = try budget.subtract(low, whole)
    guard let reciprocalLow = Fraction.one.divided(by: lowPart),
      let reciprocalHigh = Fraction.one.divided(by: highPart),
      let inner = try simplest(from: reciprocalLow, to: reciprocalHigh, budget: &budget, steps: steps + 1),
      let part = Fraction.one.divided(by: inner)
    else { return nil }
    return try budget.add(whole, part)
  }

  /// Whether every variable reaches every other along `edges` (owner → factor).
  static func isStronglyConnected(_ count: Int, _ edges: [(Int, Int)]) -> Bool {
    var forward = [[Int]](repeating: [], count: count)
    var backward = [[Int]](repeating: [], count: count)
    for (from, to) in edges {
      forward[from].append(to)
      backward[to].append(from)
    }
    func reachesAll(_ adjacency: [[Int]]) -> Bool {
      var seen = [Bool](repeating: false, count: count)
      var stack = [0]
      seen[0] = true
      while let node = stack.popLast() {
        for next in adjacency[node] where !seen[next] {
          seen[next] = true
          stack.append(next)
        }
      }
      return !seen.contains(false)
    }
    return reachesAll(forward) && reachesAll(backward)
  }
}
