// BigInt.swift — owns `BigInt`, the arbitrary-precision signed integer under exact probability
// arithmetic: sign and magnitude, schoolbook addition, multiplication and Knuth's long division
// on 32-bit limbs, Euclid's gcd, and decimal rendering. Limb loops use wrapping operators whose
// operands are bounded by the limb width (each bound is stated where it matters), so no input can
// trap; division by zero is a `nil` result, not a crash.

/// An arbitrary-precision signed integer.
///
/// The representation is canonical (no leading zero limbs, zero is never negative), so the
/// synthesised `Hashable` agrees with numeric equality.
public struct BigInt: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByIntegerLiteral {
  /// Little-endian base-2^32 digits of the magnitude, without trailing zeros; empty for zero.
  let limbs: [UInt32]
  /// True only for values below zero.
  public let isNegative: Bool

  public static let zero = BigInt(limbs: [], isNegative: false)
  public static let one = BigInt(1)

  /// Builds a value from a magnitude that may carry leading zero limbs.
  init(limbs: [UInt32], isNegative: Bool) {
    var trimmed = limbs
    while trimmed.last == 0 { trimmed.removeLast() }
    self.limbs = trimmed
    self.isNegative = isNegative && !trimmed.isEmpty
  }

  public init(_ value: Int) {
    // `magnitude` is a UInt, so Int.min is represented without overflow.
    let magnitude = value.magnitude
    self.init(
      limbs: [UInt32(truncatingIfNeeded: magnitude), UInt32(truncatingIfNeeded: magnitude >> 32)],
      isNegative: value < 0)
  }

  public init(integerLiteral value: Int) {
    self.init(value)
  }

  public var isZero: Bool { limbs.isEmpty }

  /// Whether the value is 1 (one limb of 1, not negative).
  var isOne: Bool { !isNegative && limbs.count == 1 && limbs[0] == 1 }

  /// -1, 0 or 1.
  public var signum: Int { isZero ? 0 : (isNegative ? -1 : 1) }

  /// The absolute value.
  public var magnitude: BigInt { BigInt(limbs: limbs, isNegative: false) }

  /// Number of bits of the magnitude (0 for zero): the size measure that limits are checked on.
  public var bitWidth: Int {
    guard let top = limbs.last else { return 0 }
    return limbs.count * 32 - top.leadingZeroBitCount
  }

  /// Number of 32-bit limbs of the magnitude; arithmetic costs are charged in these.
  var limbCount: Int { limbs.count }

  /// The value as an `Int`, or nil when it does not fit.
  public var intValue: Int? {
    guard limbs.count <= 2 else { return nil }
    var magnitude: UInt = 0
    for (index, limb) in limbs.enumerated() { magnitude |= UInt(limb) << (32 * index) }
    if isNegative {
      if magnitude == Int.min.magnitude { return Int.min }
      return magnitude <= UInt(Int.max) ? -Int(magnitude) : nil
    }
    return magnitude <= UInt(Int.max) ? Int(magnitude) : nil
  }

  public var description: String {
    guard !isZero else { return "0" }
    // Peel off base-10^9 chunks, least significant first.
    let chunkBase: UInt32 = 1_000_000_000
    var chunks: [UInt32] = []
    var rest = limbs
    while !rest.isEmpty {
      let (quotient, remainder) = BigInt.divide(rest, byLimb: chunkBase)
      chunks.append(remainder)
      rest = quotient
    }
    var text = isNegative ? "-" : ""
    for (position, chunk) in chunks.reversed().enumerated() {
      let digits = String(chunk)
      if position > 0 { text += String(repeating: "0", count: 9 - digits.count) }
      text += digits
    }
    return text
  }

  // MARK: Arithmetic

  public static prefix func - (value: BigInt) -> BigInt {
    BigInt(limbs: value.limbs, isNegative: !value.isNegative)
  }

  public static func + (lhs: BigInt, rhs: BigInt) -> BigInt {
    if lhs.isNegative == rhs.isNegative {
      return BigInt(limbs: addMagnitudes(lhs.limbs, rhs.limbs), isNegative: lhs.isNegative)
    }
    // Opposite signs: subtract the smaller magnitude from the larger; the larger keeps its sign.
    switch compareMagnitudes(lhs.limbs, rhs.limbs) {
    case 0:
      return .zero
    case 1:
      return BigInt(limbs: subtractMagnitudes(lhs.limbs, rhs.limbs), isNegative: lhs.isNegative)
    default:
      return BigInt(limbs: subtractMagnitudes(rhs.limbs, lhs.limbs), isNegative: rhs.isNegative)
    }
  }

  public static func - (lhs: BigInt, rhs: BigInt) -> BigInt {
    lhs + -rhs
  }

  public static func * (lhs: BigInt, rhs: BigInt) -> BigInt {
    BigInt(limbs: multiplyMagnitudes(lhs.limbs, rhs.limbs), isNegative: lhs.isNegative != rhs.isNegative)
  }

  public static func += (lhs: inout BigInt, rhs: BigInt) { lhs = lhs + rhs }
  public static func -= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs - rhs }
  public static func *= (lhs: inout BigInt, rhs: BigInt) { lhs = lhs * rhs }

  /// Truncating division, like `Int`'s `/` and `%`: the quotient rounds toward zero and the
  /// remainder has the dividend's sign. Nil when `divisor` is zero.
  public func quotientAndRemainder(dividingBy divisor: BigInt) -> (quotient: BigInt, remainder: BigInt)? {
    guard !divisor.isZero else { return nil }
    let (quotient, remainder) = BigInt.divideMagnitudes(limbs, divisor.limbs)
    return (
      BigInt(limbs: quotient, isNegative: isNegative != divisor.isNegative),
      BigInt(limbs: remainder, isNegative: isNegative)
    )
  }

  /// The greatest common divisor of the magnitudes; zero only when both are zero.
  public static func gcd(_ lhs: BigInt, _ rhs: BigInt) -> BigInt {
    BigInt(limbs: gcdMagnitudes(lhs.limbs, rhs.limbs), isNegative: false)
  }

  /// Multiplies by 2^bits (bits ≥ 0; negative counts are treated as 0).
  func shiftedLeft(by bits: Int) -> BigInt {
    BigInt(limbs: BigInt.shiftLeft(limbs, by: max(0, bits)), isNegative: isNegative)
  }

  /// 10^exponent for exponent ≥ 0 (1 otherwise).
  static func powerOfTen(_ exponent: Int) -> BigInt {
    var result = BigInt.one
    var base = BigInt(10)
    var remaining = exponent
    while remaining > 0 {
      if remaining & 1 == 1 { result *= base }
      remaining >>= 1
      if remaining > 0 { base *= base }
    }
    return result
  }

  public static func < (lhs: BigInt, rhs: BigInt) -> Bool {
    if lhs.isNegative != rhs.isNegative { return lhs.isNegative }
    let order = compareMagnitudes(lhs.limbs, rhs.limbs)
    return lhs.isNegative ? order > 0 : order < 0
  }

  // MARK: Magnitude kernels (little-endian limbs, inputs without trailing zeros)

  private static let limbMask: UInt64 = 0xFFFF_FFFF

  private static func toUInt64(_ limbs: [UInt32]) -> UInt64 {
    var value: UInt64 = 0
    for (index, limb) in limbs.prefix(2).enumerated() { value |= UInt64(limb) << (32 * index) }
    return value
  }

  /// -1, 0 or 1 as |a| is below, equal to or above |b|.
  static func compareMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> Int {
    if a.count != b.count { return a.count < b.count ? -1 : 1 }
    for index in stride(from: a.count - 1, through: 0, by: -1) where a[index] != b[index] {
      return a[index] < b[index] ? -1 : 1
    }
    return 0
  }

  /// Lehmer's gcd (Knuth, TAOCP vol. 2, 4.5.2, algorithm L): runs Euclid on the leading 30
  /// bits in native arithmetic and applies the accumulated cofactors to the full numbers once
  /// per about 28 bits, instead of one long division per quotient. Gcds dominate fraction
  /// arithmetic, so this is where exact probabilities spend their time.
  static func gcdMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
    var u = a
    var v = b
    if compareMagnitudes(u, v) < 0 { swap(&u, &v) }
    var nextU: [UInt32] = []
    var nextV: [UInt32] = []
    while !v.isEmpty {
      if u.count <= 2 {
        var x = toUInt64(u)
        var y = toUInt64(v)
        while y != 0 { (x, y) = (y, x % y) }
        return BigInt(limbs: [UInt32(truncatingIfNeeded: x), UInt32(truncatingIfNeeded: x >> 32)], isNegative: false)
          .limbs
      }
      // û, v̂: u and v shifted right so that û has exactly 30 bits (u has at least 65 here).
      let shift = BigInt(limbs: u, isNegative: false).bitWidth - 30
      var uHat = Int64(bits(of: u, from: shift))
      var vHat = Int64(bits(of: v, from: shift))
      // Cofactors: the next u, v are A·u + B·v and C·u + D·v. With 30-bit leading digits they
      // stay at most 2^30 in magnitude, so every product below fits in 63 bits.
      var cofactorA: Int64 = 1
      var cofactorB: Int64 = 0
      var cofactorC: Int64 = 0
      var cofactorD: Int64 = 1
      while vHat &+ cofactorC != 0, vHat &+ cofactorD != 0 {
        let quotient = (uHat &+ cofactorA) / (vHat &+ cofactorC)
        guard quotient == (uHat &+ cofactorB) / (vHat &+ cofactorD) else { break }
        (cofactorA, cofactorC) = (cofactorC, cofactorA &- quotient &* cofactorC)
        (cofactorB, cofactorD) = (cofactorD, cofactorB &- quotient &* cofactorD)
        (uHat, vHat) = (vHat, uHat &- quotient &* vHat)
      }
      // The check that u shrinks is implied by the algorithm; it makes termination evident.
      if cofactorB != 0,
        combine(u, v, cofactorA, cofactorB, cofactorC, cofactorD, into: &nextU, &nextV),
        compareMagnitudes(nextU, u) < 0
      {
        // Swapping keeps all four buffers alive, so later rounds allocate nothing.
        swap(&u, &nextU)
        swap(&v, &nextV)
      } else {
        // No agreed quotient digit (or an unexpected sign): one ordinary Euclid step.
        let remainder = divideMagnitudes(u, v).remainder
        u = v
        v = remainder
      }
      if compareMagnitudes(u, v) < 0 { swap(&u, &v) }
    }
    return u
  }

  /// floor(a / 2^shift) mod 2^30.
  private static func bits(of a: [UInt32], from shift: Int) -> UInt64 {
    let index = shift / 32
    let offset = shift % 32
    let low = index < a.count ? UInt64(a[index]) : 0
    let high = index + 1 < a.count ? UInt64(a[index + 1]) : 0
    return ((high << 32 | low) >> UInt64(offset)) & 0x3FFF_FFFF
  }

  /// Writes A·u + B·v and C·u + D·v into `first` and `second` in one pass, for |cofactors| ≤
  /// 2^30 and v ≤ u; false if either would be negative. Each limb step stays below 2^62 + 2^33
  /// in magnitude, so Int64 suffices.
  private static func combine(
    _ u: [UInt32], _ v: [UInt32], _ a: Int64, _ b: Int64, _ c: Int64, _ d: Int64,
    into first: inout [UInt32], _ second: inout [UInt32]
  ) -> Bool {
    first.removeAll(keepingCapacity: true)
    second.removeAll(keepingCapacity: true)
    var firstCarry: Int64 = 0
    var secondCarry: Int64 = 0
    for index in 0..<u.count {
      let uLimb = Int64(u[index])
      let vLimb = index < v.count ? Int64(v[index]) : 0
      let firstSum = a &* uLimb &+ b &* vLimb &+ firstCarry
      let secondSum = c &* uLimb &+ d &* vLimb &+ secondCarry
      first.append(UInt32(truncatingIfNeeded: firstSum))
      second.append(UInt32(truncatingIfNeeded: secondSum))
      // Arithmetic shifts floor, which is the signed carry of a two's-complement split.
      firstCarry = firstSum >> 32
      secondCarry = secondSum >> 32
    }
    guard firstCarry == 0, secondCarry == 0 else { return false }
    while first.last == 0 { first.removeLast() }
    while second.last == 0 { second.removeLast() }
    return true
  }

  static func addMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
    let (long, short) = a.count >= b.count ? (a, b) : (b, a)
    var result: [UInt32] = []
    result.reserveCapacity(long.count + 1)
    var carry: UInt64 = 0
    for index in 0..<long.count {
      // Two limbs plus a carry of at most 1 stay below 2^33.
      let sum = UInt64(long[index]) &+ (index < short.count ? UInt64(short[index]) : 0) &+ carry
      result.append(UInt32(truncatingIfNeeded: sum))
      carry = sum >> 32
    }
    if carry != 0 { result.append(UInt32(truncatingIfNeeded: carry)) }
    return result
  }

  /// |a| - |b| for |a| ≥ |b|.
  static func subtractMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
    var result: [UInt32] = []
    result.reserveCapacity(a.count)
    var borrow: UInt64 = 0
    for index in 0..<a.count {
      // A wrapped difference has its top bit set, which is the borrow into the next limb.
      let difference = UInt64(a[index]) &- (index < b.count ? UInt64(b[index]) : 0) &- borrow
      result.append(UInt32(truncatingIfNeeded: difference))
      borrow = difference >> 63
    }
    return result
  }

  static func multiplyMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
    guard !a.isEmpty, !b.isEmpty else { return [] }
    var result = [UInt32](repeating: 0, count: a.count + b.count)
    for i in 0..<a.count {
      var carry: UInt64 = 0
      let left = UInt64(a[i])
      for j in 0..<b.count {
        // (2^32-1)^2 + 2·(2^32-1) = 2^64 - 1: the sum cannot wrap.
        let product = left &* UInt64(b[j]) &+ UInt64(result[i + j]) &+ carry
        result[i + j] = UInt32(truncatingIfNeeded: product)
        carry = product >> 32
      }
      result[i + b.count] = UInt32(truncatingIfNeeded: carry)
    }
    while result.last == 0 { result.removeLast() }
    return result
  }

  /// Divides a magnitude by one nonzero limb.
  static func divide(_ a: [UInt32], byLimb divisor: UInt32) -> (quotient: [UInt32], remainder: UInt32) {
    guard divisor != 0 else { return ([], 0) }
    var quotient = [UInt32](repeating: 0, count: a.count)
    var remainder: UInt64 = 0
    let wideDivisor = UInt64(divisor)
    for index in stride(from: a.count - 1, through: 0, by: -1) {
      // remainder < divisor < 2^32, so the partial dividend fits in 64 bits.
      let current = (remainder << 32) | UInt64(a[index])
      quotient[index] = UInt32(truncatingIfNeeded: current / wideDivisor)
      remainder = current % wideDivisor
    }
    while quotient.last == 0 { quotient.removeLast() }
    return (quotient, UInt32(truncatingIfNeeded: remainder))
  }

  static func shiftLeft(_ a: [UInt32], by bits: Int) -> [UInt32] {
    guard !a.isEmpty else { return [] }
    let limbShift = bits / 32
    let bitShift = bits % 32
    var result = [UInt32](repeating: 0, count: limbShift)
    result.reserveCapacity(limbShift + a.count + 1)
    if bitShift == 0 {
      result.append(contentsOf: a)
      return result
    }
    var carry: UInt32 = 0
    for limb in a {
      result.append((limb << UInt32(bitShift)) | carry)
      carry = limb >> UInt32(32 - bitShift)
    }
    if carry != 0 { result.append(carry) }
    return result
  }

  /// Truncating division of magnitudes (Knuth, TAOCP vol. 2, 4.3.1, algorithm D). A zero divisor
  /// gives quotient 0 and remainder `a`; callers rule it out first.
  static func divideMagnitudes(_ a: [UInt32], _ b: [UInt32]) -> (quotient: [UInt32], remainder: [UInt32]) {
    guard let divisorTop = b.last else { return ([], a) }
    if compareMagnitudes(a, b) < 0 { return ([], a) }
    if b.count == 1 {
      let (quotient, remainder) = divide(a, byLimb: divisorTop)
      return (quotient, remainder == 0 ? [] : [remainder])
    }
    // Normalise so the divisor's top limb has its high bit set; then each estimated quotient
    // digit is at most 2 too large.
    let shift = divisorTop.leadingZeroBitCount
    let v = shiftLeft(b, by: shift)
    var u = shiftLeft(a, by: shift)
    while u.count < a.count + 1 { u.append(0) }
    let n = v.count
    let m = a.count - n
    let base: UInt64 = 1 << 32
    let vTop = UInt64(v[n - 1])
    let vNext = UInt64(v[n - 2])
    var quotient = [UInt32](repeating: 0, count: m + 1)
    for j in stride(from: m, through: 0, by: -1) {
      let numerator = (UInt64(u[j + n]) << 32) | UInt64(u[j + n - 1])
      var estimate = numerator / vTop
      var remainder = numerator % vTop
      // `estimate < base` is tested first, so the product below is below 2^64; `remainder` stays
      // below 2^32 whenever the second test runs.
      while estimate >= base || estimate &* vNext > ((remainder << 32) | UInt64(u[j + n - 2])) {
        estimate &-= 1
        remainder &+= vTop
        if remainder >= base { break }
      }
      // u[j...j+n] -= estimate · v; estimate < 2^32 here, so each product plus carry fits.
      var carry: UInt64 = 0
      var borrow: UInt64 = 0
      for i in 0..<n {
        let product = estimate &* UInt64(v[i]) &+ carry
        carry = product >> 32
        let difference = UInt64(u[i + j]) &- (product & limbMask) &- borrow
        u[i + j] = UInt32(truncatingIfNeeded: difference)
        borrow = difference >> 63
      }
      let top = UInt64(u[j + n]) &- carry &- borrow
      u[j + n] = UInt32(truncatingIfNeeded: top)
      if top >> 63 != 0 {
        // The estimate was one too large: add the divisor back once.
        estimate &-= 1
        var addCarry: UInt64 = 0
        for i in 0..<n {
          let sum = UInt64(u[i + j]) &+ UInt64(v[i]) &+ addCarry
          u[i + j] = UInt32(truncatingIfNeeded: sum)
          addCarry = sum >> 32
        }
        u[j + n] = UInt32(truncatingIfNeeded: UInt64(u[j + n]) &+ addCarry)
      }
      quotient[j] = UInt32(truncatingIfNeeded: estimate)
    }
    while quotient.last == 0 { quotient.removeLast() }
    // The remainder is u[0..<n] shifted back.
    var remainder = [UInt32](repeating: 0, count: n)
    for i in 0..<n {
      let high: UInt32 = (shift > 0 && i + 1 < n) ? u[i + 1] << UInt32(32 - shift) : 0
      remainder[i] = (u[i] >> UInt32(shift)) | high
    }
    while remainder.last == 0 { remainder.removeLast() }
    return (quotient, remainder)
  }
}
