// Exact rational numbers for payoffs (an equal split of an odd surplus is a half).

/// A normalised fraction; the denominator is always positive.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let numerator: Int
  public let denominator: Int

  public init(_ integer: Int) {
    numerator = integer
    denominator = 1
  }

  /// `nil` when the denominator is zero or normalising overflows.
  public init?(_ numerator: Int, _ denominator: Int) {
    guard denominator != 0, numerator != Int.min, denominator != Int.min else { return nil }
    let divisor = Rational.gcd(abs(numerator), abs(denominator))
    let sign = denominator < 0 ? -1 : 1
    self.numerator = sign * numerator / max(divisor, 1)
    self.denominator = sign * denominator / max(divisor, 1)
  }

  static func gcd(_ a: Int, _ b: Int) -> Int {
    var (x, y) = (a, b)
    while y != 0 { (x, y) = (y, x % y) }
    return x
  }

  /// Compares the cross products at double width: they can exceed 64 bits.
  public static func < (lhs: Rational, rhs: Rational) -> Bool {
    let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
    let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
    return left.high != right.high ? left.high < right.high : left.low < right.low
  }

  /// Sum, or `nil` on overflow.
  public func adding(_ other: Rational) -> Rational? {
    let (a, o1) = numerator.multipliedReportingOverflow(by: other.denominator)
    let (b, o2) = other.numerator.multipliedReportingOverflow(by: denominator)
    let (d, o3) = denominator.multipliedReportingOverflow(by: other.denominator)
    let (n, o4) = a.addingReportingOverflow(b)
    guard !(o1 || o2 || o3 || o4) else { return nil }
    return Rational(n, d)
  }

  public func subtracting(_ other: Rational) -> Rational? {
    guard other.numerator != Int.min else { return nil }
    return adding(Rational(-other.numerator, other.denominator) ?? Rational(0))
  }

  public func multiplied(by other: Rational) -> Rational? {
    let (n, o1) = numerator.multipliedReportingOverflow(by: other.numerator)
    let (d, o2) = denominator.multipliedReportingOverflow(by: other.denominator)
    guard !(o1 || o2) else { return nil }
    return Rational(n, d)
  }

  /// Quotient, or `nil` on division by zero or overflow.
  public func divided(by other: Rational) -> Rational? {
    guard other.numerator != 0, let inverse = Rational(other.denominator, other.numerator) else { return nil }
    return multiplied(by: inverse)
  }

  public var isInteger: Bool { denominator == 1 }

  /// `50`, `-10`, `52.5`, or `1/3` when no short decimal exists.
  public var description: String {
    if denominator == 1 { return String(numerator) }
    var d = denominator
    while d % 2 == 0 { d /= 2 }
    while d % 5 == 0 { d /= 5 }
    guard d == 1 else { return "\(numerator)/\(denominator)" }
    return decimal
  }

  /// Exact decimal expansion; only valid when the denominator has no prime factors but 2 and 5.
  private var decimal: String {
    let negative = numerator < 0
    var remainder = abs(numerator) % denominator
    var digits = ""
    var guardSteps = 0
    while remainder != 0, guardSteps < 64 {
      // Past Int.max / 10 the next digit cannot be formed in an Int: show the fraction instead.
      let (shifted, overflow) = remainder.multipliedReportingOverflow(by: 10)
      guard !overflow else { return "\(numerator)/\(denominator)" }
      remainder = shifted
      digits.append(String(remainder / denominator))
      remainder %= denominator
      guardSteps += 1
    }
    return "\(negative ? "-" : "")\(abs(numerator) / denominator).\(digits)"
  }

  public var doubleValue: Double { Double(numerator) / Double(denominator) }
}
