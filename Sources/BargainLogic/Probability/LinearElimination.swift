// LinearElimination.swift — owns the metered exact arithmetic shared by the probability solvers
// (`ArithmeticBudget`: every fraction operation is charged work and checked against the digit
// limit) and sparse Gaussian elimination for x = A·x + b with A ≥ 0, which also decides whether
// the least solution is finite.

/// Meters fraction arithmetic: each operation is charged against `maxWork` before it runs and
/// its result is checked against the digit limit, throwing the limit that was hit.
struct ArithmeticBudget {
  /// Largest accepted bit length: numbers below 2^maxBits have at most maxDigits digits.
  let maxBits: Int
  let maxWork: Int
  private(set) var work = 0

  init(_ limits: LeastFixedPointLimits) {
    // log2(10) ≈ 3.321928, rounded down so accepted numbers never exceed maxDigits digits.
    let scaled = max(limits.maxDigits, 0).multipliedReportingOverflow(by: 3_321_928)
    maxBits = scaled.overflow ? Int.max : scaled.partialValue / 1_000_000
    maxWork = limits.maxWork
  }

  private mutating func charge(_ lhs: Fraction, _ rhs: Fraction) throws(LeastFixedPointLimit) {
    let limbs = max(
      lhs.numerator.limbCount, lhs.denominator.limbCount, rhs.numerator.limbCount, rhs.denominator.limbCount)
    // Quadratic for the gcd and products, plus the fixed cost of allocating the results.
    try charge(units: 16 + limbs * limbs)
  }

  /// Charges work that is not a fraction operation (scanning factors in an iteration round).
  mutating func charge(units: Int) throws(LeastFixedPointLimit) {
    // Written as a comparison against the room left, so the sum can never overflow.
    guard units <= maxWork - work else { throw .maxWork }
    work += units
  }

  private func checked(_ value: Fraction) throws(LeastFixedPointLimit) -> Fraction {
    guard value.numerator.bitWidth <= maxBits, value.denominator.bitWidth <= maxBits else { throw .maxDigits }
    return value
  }

  mutating func add(_ lhs: Fraction, _ rhs: Fraction) throws(LeastFixedPointLimit) -> Fraction {
    try charge(lhs, rhs)
    return try checked(lhs + rhs)
  }

  mutating func subtract(_ lhs: Fraction, _ rhs: Fraction) throws(LeastFixedPointLimit) -> Fraction {
    try charge(lhs, rhs)
    return try checked(lhs - rhs)
  }

  mutating func multiply(_ lhs: Fraction, _ rhs: Fraction) throws(LeastFixedPointLimit) -> Fraction {
    try charge(lhs, rhs)
    return try checked(lhs * rhs)
  }

  /// lhs / rhs for a nonzero rhs (a zero rhs gives zero; callers divide only by positive pivots).
  mutating func divide(_ lhs: Fraction, _ rhs: Fraction) throws(LeastFixedPointLimit) -> Fraction {
    try charge(lhs, rhs)
    return try checked(lhs.divided(by: rhs) ?? .zero)
  }

  /// The largest multiple of 2^-bits not above `value`.
  mutating func roundDown(_ value: Fraction, toBinaryPlaces bits: Int) throws(LeastFixedPointLimit) -> Fraction {
    try charge(value, value)
    return try checked(value.roundedDown(toBinaryPlaces: bits))
  }
}

/// One nonzero entry of a sparse row.
struct SparseEntry {
  var column: Int
  var value: Fraction
}

enum LinearElimination {
  /// The least nonnegative solution of x = A·x + b, where `coefficients[i]` lists row i of A
  /// (any order, repeated columns add up) and every entry of A and b is nonnegative; or nil when
  /// the spectral radius of A is at least 1.
  ///
  /// I − A is a Z-matrix, and a Z-matrix is a nonsingular M-matrix (spectral radius of A below
  /// 1, so the least solution is the unique one, (I − A)⁻¹b) exactly when all its leading
  /// principal minors are positive, i.e. when elimination without row exchanges meets only
  /// positive pivots. So the pivot test decides finiteness, and no pivoting is needed.
  static func solve(
    coefficients: [[SparseEntry]], constants: [Fraction], budget: inout ArithmeticBudget
  ) throws(LeastFixedPointLimit) -> [Fraction]? {
    let count = constants.count
    var rows: [[SparseEntry]] = []
    rows.reserveCapacity(count)
    for (row, entries) in coefficients.enumerated() {
      rows.append(try identityMinus(entries, row: row, budget: &budget))
    }
    var right = constants
    // rowsWithColumn[c]: rows that hold (or once held) an entry in column c below the diagonal.
    var rowsWithColumn = [[Int]](repeating: [], count: count)
    for (row, entries) in rows.enumerated() {
      for entry in entries where entry.column < row { rowsWithColumn[entry.column].append(row) }
    }

    var pivots: [Fraction] = []
    pivots.reserveCapacity(count)
    for pivotRow in 0..<count {
      // Columns left of pivotRow are already eliminated, so a present pivot is the first entry.
      guard let lead = rows[pivotRow].first, lead.column == pivotRow, lead.value.signum > 0 else { return nil }
      pivots.append(lead.value)
      let pivotTail = rows[pivotRow].dropFirst()
      for target in rowsWithColumn[pivotRow] where target > pivotRow {
        guard let targetLead = rows[target].first, targetLead.column == pivotRow else { continue }
        let factor = try budget.divide(targetLead.value, lead.value)
        var merged: [SparseEntry] = []
        merged.reserveCapacity(rows[target].count + pivotTail.count)
        var left = rows[target].dropFirst()
        var rightEntries = pivotTail[...]
        while let next = left.first ?? rightEntries.first {
          let leftColumn = left.first?.column ?? Int.max
          let rightColumn = rightEntries.first?.column ?? Int.max
          if leftColumn < rightColumn {
            merged.append(next)
            left = left.dropFirst()
          } else if let pivotEntry = rightEntries.first {
            let scaled = try budget.multiply(factor, pivotEntry.value)
            if leftColumn == rightColumn, let targetEntry = left.first {
              let difference = try budget.subtract(targetEntry.value, scaled)
              if !difference.isZero { merged.append(SparseEntry(column: leftColumn, value: difference)) }
              left = left.dropFirst()
            } else {
              merged.append(SparseEntry(column: rightColumn, value: -scaled))
              if rightColumn < target { rowsWithColumn[rightColumn].append(target) }
            }
            rightEntries = rightEntries.dropFirst()
          }
        }
        rows[target] = merged
        right[target] = try budget.subtract(right[target], try budget.multiply(factor, right[pivotRow]))
      }
      rowsWithColumn[pivotRow] = []
    }

    var solution = [Fraction](repeating: .zero, count: count)
    for row in stride(from: count - 1, through: 0, by: -1) {
      var sum = right[row]
      for entry in rows[row].dropFirst() where !solution[entry.column].isZero {
        sum = try budget.subtract(sum, try budget.multiply(entry.value, solution[entry.column]))
      }
      solution[row] = try budget.divide(sum, pivots[row])
    }
    return solution
  }

  /// Row `row` of I − A from row `row` of A: sorted by column, repeats summed, zeros dropped.
  private static func identityMinus(
    _ entries: [SparseEntry], row: Int, budget: inout ArithmeticBudget
  ) throws(LeastFixedPointLimit) -> [SparseEntry] {
    var sorted = entries.map { SparseEntry(column: $0.column, value: -$0.value) }
    sorted.append(SparseEntry(column: row, value: .one))
    sorted.sort { $0.column < $1.column }
    var result: [SparseEntry] = []
    result.reserveCapacity(sorted.count)
    for entry in sorted {
      if let last = result.last, last.column == entry.column {
        result[result.count - 1].value = try budget.add(last.value, entry.value)
      } else {
        result.append(entry)
      }
    }
    return result.filter { !$0.value.isZero }
  }
}
