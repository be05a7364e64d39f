// Fraction.swift — owns `Fraction`, the exact rational number that probabilities are computed
// in: normalised construction, field arithmetic (division by zero is `nil`), ordering, and the
// two renderings ("11/20" and rounded decimals).

/// An exact rational number over `BigInt`, always in lowest terms with a positive denominator,
/// so equal values are equal (and hash equally) as structs.
public struct Fraction: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
  public let numerator: BigInt
  /// Always positive.
  public let denominator: BigInt

  public static let zero = Fraction(normalisedNumerator: .zero, denominator: .one)
  public static let one = Fraction(normalisedNumerator: .one, denominator: .one)

  /// Most digits after the point that `decimal(digits:)` renders. The digit count may come from
  /// a user's command line, and rendering costs 10^digits-sized arithmetic; 1_000 digits is far
  /// beyond any useful display.
  public static let maxDecimalDigits = 1_000

  /// Trusts the caller that the pair is already in lowest terms with a positive denominator.
  init(normalisedNumerator numerator: BigInt, denominator: BigInt) {
    self.numerator = numerator
    self.denominator = denominator
  }

  /// numerator/denominator in lowest terms; nil when the denominator is zero.
  public init?(numerator: BigInt, denominator: BigInt) {
    guard !denominator.isZero else { return nil }
    let divisor = BigInt.gcd(numerator, denominator)
    var top = Fraction.exactQuotient(numerator, divisor)
    var bottom = Fraction.exactQuotient(denominator, divisor)
    if bottom.isNegative {
      top = -top
      bottom = -bottom
    }
    self.init(normalisedNumerator: top, denominator: bottom)
  }

  /// numerator/denominator in lowest terms; nil when the denominator is zero.
  public init?(_ numerator: Int, _ denominator: Int) {
    self.init(numerator: BigInt(numerator), denominator: BigInt(denominator))
  }

  public init(_ integer: BigInt) {
    self.init(normalisedNumerator: integer, denominator: .one)
  }

  public init(_ integer: Int) {
    self.init(BigInt(integer))
  }

  public init(integerLiteral value: Int) {
    self.init(value)
  }

  /// `value / divisor` for a divisor known to divide it; a zero divisor leaves `value` unchanged
  /// (only reachable for 0/0, which the callers exclude).
  private static func exactQuotient(_ value: BigInt, _ divisor: BigInt) -> BigInt {
    // Most gcds are 1: the value as it is, without a division that allocates its quotient.
    if divisor.isOne { return value }
    return value.quotientAndRemainder(dividingBy: divisor)?.quotient ?? value
  }

  public var isZero: Bool { numerator.isZero }

  public var isNegative: Bool { numerator.isNegative }

  /// -1, 0 or 1.
  public var signum: Int { numerator.signum }

  /// 1/self; nil for zero.
  public var reciprocal: Fraction? {
    Fraction(numerator: denominator, denominator: numerator)
  }

  /// "11/20", "-1/3", or "1" for an integer.
  public var description: String {
    denominator == .one ? numerator.description : "\(numerator)/\(denominator)"
  }

  // MARK: Arithmetic

  public static prefix func - (value: Fraction) -> Fraction {
    Fraction(normalisedNumerator: -value.numerator, denominator: value.denominator)
  }

  public static func + (lhs: Fraction, rhs: Fraction) -> Fraction {
    if lhs.isZero { return rhs }
    if rhs.isZero { return lhs }
    if lhs.denominator == rhs.denominator {
      return Fraction(sum: lhs.numerator + rhs.numerator, over: lhs.denominator)
    }
    return Fraction(
      sum: lhs.numerator * rhs.denominator + rhs.numerator * lhs.denominator,
      over: lhs.denominator * rhs.denominator)
  }

  public static func - (lhs: Fraction, rhs: Fraction) -> Fraction {
    lhs + -rhs
  }

  public static func * (lhs: Fraction, rhs: Fraction) -> Fraction {
    // Probability products are often by 0 or 1 (certain and impossible branches).
    if lhs.isZero || rhs.isZero { return .zero }
    if lhs == .one { return rhs }
    if rhs == .one { return lhs }
    // Cancel crosswise first: the products are then already in lowest terms and smaller.
    let leftCancel = BigInt.gcd(lhs.numerator, rhs.denominator)
    let rightCancel = BigInt.gcd(rhs.numerator, lhs.denominator)
    guard !leftCancel.isZero, !rightCancel.isZero else { return .zero }
    let numerator =
      exactQuotient(lhs.numerator, leftCancel) * exactQuotient(rhs.numerator, rightCancel)
    let denominator =
      exactQuotient(lhs.denominator, rightCancel) * exactQuotient(rhs.denominator, leftCancel)
    return Fraction(normalisedNumerator: numerator, denominator: denominator)
  }

  /// lhs / rhs; nil when rhs is zero.
  public func divided(by divisor: Fraction) -> Fraction? {
    divisor.reciprocal.map { self * $0 }
  }

  public static func += (lhs: inout Fraction, rhs: Fraction) { lhs = lhs + rhs }
  public static func -= (lhs: inout Fraction, rhs: Fraction) { lhs = lhs - rhs }
  public static func *= (lhs: inout Fraction, rhs: Fraction) { lhs = lhs * rhs }

  /// Normalises sum/denominator for a positive denominator.
  private init(sum: BigInt, over denominator: BigInt) {
    let divisor = BigInt.gcd(sum, denominator)
    self.init(
      normalisedNumerator: Fraction.exactQuotient(sum, divisor),
      denominator: Fraction.exactQuotient(denominator, divisor))
  }

  public static func < (lhs: Fraction, rhs: Fraction) -> Bool {
    lhs.numerator * rhs.denominator < rhs.numerator * lhs.denominator
  }

  /// The largest multiple of 2^-bits that is at most this value. Iterations round with this to
  /// keep numbers bounded while staying below the exact value.
  func roundedDown(toBinaryPlaces bits: Int) -> Fraction {
    let scaled = numerator.shiftedLeft(by: bits)
    guard let division = scaled.quotientAndRemainder(dividingBy: denominator) else { return self }
    // Truncation rounds negative values up; step down once to floor them.
    let floor = division.remainder.isNegative ? division.quotient - .one : division.quotient
    return Fraction(numerator: floor, denominator: BigInt.one.shiftedLeft(by: bits)) ?? self
  }

  /// The value rounded to `digits` places after the point (half away from zero), then with
  /// trailing zeros removed but at least one digit kept after the point: 11/20 → "0.55",
  /// 1/3 → "0.3333" and 2/3 → "0.6667" (4 digits), 1 → "1.0", 1/1000 → "0.0" (2 digits).
  /// With `digits` ≤ 0 the result is the rounded integer without a point ("1"). `digits` is
  /// capped at `maxDecimalDigits`.
  public func decimal(digits: Int) -> String {
    let places = min(max(digits, 0), Fraction.maxDecimalDigits)
    let scale = BigInt.powerOfTen(places)
    let scaled = numerator.magnitude * scale
    guard let division = scaled.quotientAndRemainder(dividingBy: denominator) else { return "0" }
    // Round half away from zero: up when 2·remainder ≥ denominator.
    let remainder = division.remainder
    let rounded = remainder + remainder >= denominator ? division.quotient + .one : division.quotient
    let sign = isNegative && !rounded.isZero ? "-" : ""
    guard places > 0, let parts = rounded.quotientAndRemainder(dividingBy: scale) else {
      return sign + rounded.description
    }
    let whole = parts.quotient
    let fraction = parts.remainder
    var fractionDigits = fraction.description
    fractionDigits = String(repeating: "0", count: places - fractionDigits.count) + fractionDigits
    while fractionDigits.count > 1, fractionDigits.hasSuffix("0") { fractionDigits.removeLast() }
    return sign + whole.description + "." + fractionDigits
  }
}
