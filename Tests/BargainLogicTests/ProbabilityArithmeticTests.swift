// ProbabilityArithmeticTests.swift — checks BigInt against Int and UInt64 full-width arithmetic
// on seeded random values, hand-computed big products and divisions, and Fraction
// normalisation, ordering and decimal rendering. Also holds the probability tests' generator.

import BargainLogic
import Testing

/// SplitMix64, the probability tests' own copy: tiny, seedable, identical on every platform.
struct ProbabilitySplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform-enough in 0..<bound for the small bounds tests use.
  mutating func next(below bound: Int) -> Int {
    Int(next() % UInt64(max(bound, 1)))
  }

  /// A signed value of a random bit length up to 62 (so sums of two fit in Int).
  mutating func smallInt() -> Int {
    let bits = next(below: 63)
    let magnitude = Int(next() >> 2) >> (62 - bits)
    return next(below: 2) == 0 ? magnitude : -magnitude
  }

  /// A nonnegative BigInt of up to `maxLimbs` 32-bit limbs, biased towards the limb values that
  /// exercise carries and long division's correction steps.
  mutating func bigInt(maxLimbs: Int) -> BigInt {
    let special: [UInt64] = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF]
    var value = BigInt.zero
    for _ in 0..<(1 + next(below: maxLimbs)) {
      let limb = next(below: 3) == 0 ? special[next(below: special.count)] : next() & 0xFFFF_FFFF
      value = value * BigInt(1 << 32) + BigInt(Int(limb))
    }
    return value
  }
}

/// 2^exponent, built by repeated doubling.
func powerOfTwo(_ exponent: Int) -> BigInt {
  var value = BigInt.one
  for _ in 0..<exponent { value = value + value }
  return value
}

/// Parses an optionally signed decimal numeral (test input only; nothing is validated).
func bigInt(_ decimal: String) -> BigInt {
  var value = BigInt.zero
  for character in decimal where character != "-" {
    value = value * BigInt(10) + BigInt(character.wholeNumberValue ?? 0)
  }
  return decimal.hasPrefix("-") ? -value : value
}

func power(_ base: Int, _ exponent: Int) -> BigInt {
  var value = BigInt.one
  for _ in 0..<exponent { value = value * BigInt(base) }
  return value
}

@Suite struct ProbabilityBigIntTests {
  @Test func matchesIntOnRandomValues() {
    var random = ProbabilitySplitMix64(state: 0x0B16_1A7E)
    for _ in 0..<5_000 {
      let a = random.smallInt()
      let b = random.smallInt()
      let bigA = BigInt(a)
      let bigB = BigInt(b)
      #expect((bigA + bigB).intValue == a + b)
      #expect((bigA - bigB).intValue == a - b)
      #expect((-bigA).intValue == -a)
      #expect(bigA.description == String(a))
      #expect((bigA < bigB) == (a < b))
      #expect((bigA == bigB) == (a == b))
      #expect(bigA.isZero == (a == 0))
      let (product, overflow) = a.multipliedReportingOverflow(by: b)
      if !overflow { #expect((bigA * bigB).intValue == product) }
      if b != 0 {
        let division = bigA.quotientAndRemainder(dividingBy: bigB)
        #expect(division?.quotient.intValue == a / b)
        #expect(division?.remainder.intValue == a % b)
      }
      var x = a.magnitude
      var y = b.magnitude
      while y != 0 { (x, y) = (y, x % y) }
      #expect(BigInt.gcd(bigA, bigB).intValue == Int(x))
    }
  }

  @Test func matchesFullWidthProductsAndDivisions() {
    var random = ProbabilitySplitMix64(state: 0xF011_3D7)
    let twoTo64 = powerOfTwo(64)
    func big(_ value: UInt64) -> BigInt {
      BigInt(Int(value >> 32)) * BigInt(1 << 32) + BigInt(Int(value & 0xFFFF_FFFF))
    }
    for _ in 0..<2_000 {
      let a = random.next()
      let b = random.next() >> random.next(below: 64)
      let (high, low) = a.multipliedFullWidth(by: b)
      let product = big(high) * twoTo64 + big(low)
      #expect(big(a) * big(b) == product)
      guard b != 0 else { continue }
      let c = random.next() % b
      let dividend = product + big(c)
      let division = dividend.quotientAndRemainder(dividingBy: big(b))
      #expect(division?.quotient == big(a))
      #expect(division?.remainder == big(c))
    }
  }

  @Test func divisionIdentityOnLargeRandomValues() {
    var random = ProbabilitySplitMix64(state: 0xD1_F1DE)
    for _ in 0..<1_500 {
      var a = random.bigInt(maxLimbs: 12)
      var b = random.bigInt(maxLimbs: 7)
      if random.next(below: 2) == 0 { a = -a }
      if random.next(below: 2) == 0 { b = -b }
      guard let division = a.quotientAndRemainder(dividingBy: b) else {
        #expect(b.isZero)
        continue
      }
      #expect(division.quotient * b + division.remainder == a)
      #expect(division.remainder.magnitude < b.magnitude)
      #expect(division.remainder.isZero || division.remainder.isNegative == a.isNegative)
      #expect((a * b).quotientAndRemainder(dividingBy: b)?.quotient == a)
      #expect((a + b) - b == a)
      let common = random.bigInt(maxLimbs: 5)
      #expect(BigInt.gcd(a * common, b * common) == BigInt.gcd(a, b) * common)
      let g = BigInt.gcd(a, b)
      #expect(!g.isNegative)
      if !g.isZero {
        #expect(a.quotientAndRemainder(dividingBy: g)?.remainder == .zero)
        #expect(b.quotientAndRemainder(dividingBy: g)?.remainder == .zero)
        let reducedA = a.quotientAndRemainder(dividingBy: g)?.quotient ?? .zero
        let reducedB = b.quotientAndRemainder(dividingBy: g)?.quotient ?? .zero
        #expect(BigInt.gcd(reducedA, reducedB) == .one)
      }
    }
  }

  @Test func handCheckedBigValues() {
    let twoTo200 = powerOfTwo(200)
    let threeTo50 = power(3, 50)
    #expect(twoTo200.description == "1606938044258990275541962092341162602522202993782792835301376")
    #expect(threeTo50.description == "717897987691852588770249")
    let division = twoTo200.quotientAndRemainder(dividingBy: threeTo50)
    #expect(division?.quotient.description == "2238393297946874000179418290327143433")
    #expect(division?.remainder.description == "249667313308346329176559")
    let negative = (-twoTo200).quotientAndRemainder(dividingBy: threeTo50)
    #expect(negative?.quotient.description == "-2238393297946874000179418290327143433")
    #expect(negative?.remainder.description == "-249667313308346329176559")
    let product = (power(10, 30) + BigInt(7)) * (powerOfTwo(100) - .one)
    #expect(product.description == "1267650600228229401496703205383873554201597605810476922437625")
    #expect(BigInt.gcd(powerOfTwo(200) - .one, power(3, 100) - .one).description == "138875")
    #expect(twoTo200.bitWidth == 201)
    #expect(twoTo200.intValue == nil)
    #expect(BigInt(Int.min).intValue == Int.min)
    #expect(BigInt(Int.min).description == String(Int.min))
    #expect((BigInt(Int.max) + .one).intValue == nil)
  }

  /// Dividend, divisor, quotient, remainder where long division's estimated quotient digit is
  /// one too large after the two-limb test, so the rare add-back step runs (found by simulating
  /// the algorithm; values from Python's exact integers).
  @Test(arguments: [
    (
      "181370174058017300742069636294488440565", "79228162514264337588806120387", "2289213434",
      "79228162506663497483146761607"
    ),
    ("79228162477370849447526378805", "18446744073709551617", "4294967293", "18446744070816116024"),
    (
      "170141183460469231705047976520005784430", "79228162477370849452567298047", "2147483648",
      "79228162473789952344530948974"
    ),
  ])
  func longDivisionAddBack(dividend: String, divisor: String, quotient: String, remainder: String) {
    let division = bigInt(dividend).quotientAndRemainder(dividingBy: bigInt(divisor))
    #expect(division?.quotient.description == quotient)
    #expect(division?.remainder.description == remainder)
    #expect(bigInt(dividend).description == dividend)
  }

  @Test func divisionByZeroIsNil() {
    #expect(BigInt(5).quotientAndRemainder(dividingBy: .zero) == nil)
    #expect(BigInt.zero.quotientAndRemainder(dividingBy: .zero) == nil)
    #expect(BigInt.gcd(.zero, .zero) == .zero)
    #expect(BigInt.gcd(.zero, BigInt(-12)) == BigInt(12))
  }
}

@Suite struct ProbabilityFractionTests {
  @Test func normalises() throws {
    let value = try #require(Fraction(6, -8))
    #expect(value.description == "-3/4")
    #expect(value.numerator == BigInt(-3))
    #expect(value.denominator == BigInt(4))
    #expect(Fraction(6, -8) == Fraction(-3, 4))
    #expect(Fraction(0, -5) == .zero)
    #expect(Fraction(0, 5)?.description == "0")
    #expect(Fraction(10, 5)?.description == "2")
    #expect(Fraction(1, 0) == nil)
    #expect(Fraction(numerator: powerOfTwo(100), denominator: powerOfTwo(98))?.description == "4")
  }

  @Test func arithmetic() throws {
    let half = try #require(Fraction(1, 2))
    let third = try #require(Fraction(1, 3))
    #expect((half + third).description == "5/6")
    #expect((half - third).description == "1/6")
    #expect((third - half).description == "-1/6")
    #expect((half * third).description == "1/6")
    #expect(half.divided(by: third)?.description == "3/2")
    #expect(half.divided(by: .zero) == nil)
    #expect(Fraction.zero.reciprocal == nil)
    #expect((-half).reciprocal == Fraction(-2))
    #expect(third < half)
    #expect(-half < third)
    #expect(Fraction(2, 4) == half)
    #expect(Set([half, try #require(Fraction(3, 6))]).count == 1)
    let tenth = try #require(Fraction(1, 10))
    var sum = Fraction.zero
    for _ in 0..<10 { sum += tenth }
    #expect(sum == .one)
  }

  @Test func randomArithmeticIsAField() throws {
    var random = ProbabilitySplitMix64(state: 0xF4AC)
    func fraction() -> Fraction {
      Fraction(random.smallInt() >> 40, 1 + random.next(below: 1000)) ?? .zero
    }
    for _ in 0..<500 {
      let a = fraction()
      let b = fraction()
      let c = fraction()
      #expect((a + b) - b == a)
      #expect(a * (b + c) == a * b + a * c)
      if !b.isZero { #expect((a * b).divided(by: b) == a) }
      #expect((a < b) == (a - b).isNegative)
      #expect(a.denominator.signum == 1)
      #expect(BigInt.gcd(a.numerator, a.denominator) == .one)
    }
  }

  @Test func decimals() throws {
    #expect(try #require(Fraction(11, 20)).decimal(digits: 4) == "0.55")
    #expect(try #require(Fraction(1, 3)).decimal(digits: 4) == "0.3333")
    #expect(try #require(Fraction(2, 3)).decimal(digits: 4) == "0.6667")
    #expect(Fraction.one.decimal(digits: 4) == "1.0")
    #expect(Fraction.zero.decimal(digits: 3) == "0.0")
    #expect(try #require(Fraction(1, 1000)).decimal(digits: 2) == "0.0")
    #expect(try #require(Fraction(5, 1000)).decimal(digits: 2) == "0.01")
    #expect(try #require(Fraction(999, 1000)).decimal(digits: 2) == "1.0")
    #expect(try #require(Fraction(-1, 3)).decimal(digits: 2) == "-0.33")
    #expect(try #require(Fraction(-1, 1000)).decimal(digits: 2) == "0.0")
    #expect(try #require(Fraction(-1, 2)).decimal(digits: 0) == "-1")
    #expect(try #require(Fraction(7, 2)).decimal(digits: -3) == "4")
    #expect(try #require(Fraction(1_234_567, 10)).decimal(digits: 1) == "123456.7")
    let capped = try #require(Fraction(1, 3)).decimal(digits: Int.max)
    #expect(capped.count == 2 + Fraction.maxDecimalDigits)
  }
}
