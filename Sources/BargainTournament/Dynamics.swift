// Population dynamics over a tournament's payoff matrix, as a symmetric meta-game: an agent's
// payoff against another is the mean of its payoffs as row and as column (rule R7). Floating
// point, evaluated in a fixed order, so a seed and a step count always give the same trajectory.

import BargainLogic

public struct Trajectory: Hashable, Sendable {
  public enum Process: String, Hashable, Sendable {
    case replicator
    case moran
  }
  public var process: Process
  /// Recorded steps, in order.
  public var steps: [Int]
  /// `shares[k][i]`: agent i's share of the population at `steps[k]`.
  public var shares: [[Double]]
}

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators"): small,
/// and the same numbers on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: UInt64
  public init(seed: UInt64) { state = seed }
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [0, 1), from the top 53 bits.
  public mutating func unit() -> Double { Double(next() >> 11) / Double(UInt64(1) << 53) }
}

public enum DynamicsLimits {
  /// Most steps of either process: the trajectory is kept in memory and printed.
  public static let maxSteps = 100_000
  /// Most recorded points of a trajectory; longer runs are sampled evenly.
  public static let maxRecorded = 1_000
}

public enum Dynamics {
  /// `fitness[i][j]`: agent i's mean payoff against agent j over both roles.
  public static func symmetricPayoffs(_ matrix: [[[Fraction]]]) -> [[Double]] {
    let n = matrix.count
    return (0..<n).map { i in
      (0..<n).map { j in (double(matrix[i][j][0]) + double(matrix[j][i][1])) / 2 }
    }
  }

  static func double(_ value: Fraction) -> Double {
    Double(value.decimal(digits: 12)) ?? 0
  }

  static func recordEvery(_ steps: Int) -> Int {
    max(1, (steps + DynamicsLimits.maxRecorded - 1) / DynamicsLimits.maxRecorded)
  }

  /// Discrete-time replicator dynamics from the uniform population: x_i ← x_i·f_i / f̄, with
  /// payoffs shifted so the least is 1 (the dynamics need positive fitness).
  public static func replicator(_ payoffs: [[Double]], steps: Int) -> Trajectory {
    let n = payoffs.count
    guard n > 0 else { return Trajectory(process: .replicator, steps: [], shares: []) }
    let least = payoffs.flatMap { $0 }.min() ?? 0
    let shifted = payoffs.map { line in line.map { $0 - least + 1 } }
    var x = [Double](repeating: 1 / Double(n), count: n)
    var recorded = [0]
    var shares = [x]
    let every = recordEvery(steps)
    for step in stride(from: 1, through: min(steps, DynamicsLimits.maxSteps), by: 1) {
      let fitness = (0..<n).map { i in (0..<n).reduce(0.0) { $0 + shifted[i][$1] * x[$1] } }
      let mean = (0..<n).reduce(0.0) { $0 + x[$1] * fitness[$1] }
      guard mean > 0 else { break }
      x = (0..<n).map { x[$0] * fitness[$0] / mean }
      if step % every == 0 || step == steps {
        recorded.append(step)
        shares.append(x)
      }
    }
    return Trajectory(process: .replicator, steps: recorded, shares: shares)
  }

  /// A Moran process on `size` individuals, started as evenly as the size allows (the remainder
  /// to the first agents): each step one individual, chosen with probability proportional to its
  /// fitness exp(intensity · mean payoff against the others), reproduces, and one chosen uniformly
  /// dies. Seeded: the same seed gives the same trajectory.
  public static func moran(
    _ payoffs: [[Double]], size: Int, steps: Int, intensity: Double, seed: UInt64
  ) -> Trajectory {
    let n = payoffs.count
    guard n > 0, size > 1 else { return Trajectory(process: .moran, steps: [], shares: []) }
    var generator = SeededGenerator(seed: seed)
    var counts = (0..<n).map { size / n + ($0 < size % n ? 1 : 0) }
    func shares() -> [Double] { counts.map { Double($0) / Double(size) } }
    var recorded = [0]
    var trajectory = [shares()]
    let every = recordEvery(steps)
    for step in stride(from: 1, through: min(steps, DynamicsLimits.maxSteps), by: 1) {
      let fitness = (0..<n).map { i -> Double in
        let payoff = (0..<n).reduce(0.0) { sum, j in
          sum + payoffs[i][j] * Double(counts[j] - (i == j ? 1 : 0))
        }
        return counts[i] > 0 ? Self.exp(intensity * payoff / Double(size - 1)) : 0
      }
      let weights = (0..<n).map { Double(counts[$0]) * fitness[$0] }
      let parent = pick(weights, &generator)
      let dead = pick(counts.map(Double.init), &generator)
      counts[dead] -= 1
      counts[parent] += 1
      if step % every == 0 || step == steps {
        recorded.append(step)
        trajectory.append(shares())
      }
    }
    return Trajectory(process: .moran, steps: recorded, shares: trajectory)
  }

  /// An index with probability proportional to its weight (the last positive one on rounding).
  static func pick(_ weights: [Double], _ generator: inout SeededGenerator) -> Int {
    let total = weights.reduce(0, +)
    var target = generator.unit() * total
    var last = 0
    for (index, weight) in weights.enumerated() where weight > 0 {
      last = index
      if target < weight { return index }
      target -= weight
    }
    return last
  }

  /// e^x by range reduction and a Taylor series: the same bits on every platform, unlike libm.
  static func exp(_ x: Double) -> Double {
    let clamped = min(max(x, -700), 700)
    let k = (clamped / 0.6931471805599453).rounded()
    let r = clamped - k * 0.6931471805599453
    var term = 1.0
    var sum = 1.0
    for i in 1...20 {
      term *= r / Double(i)
      sum += term
    }
    return sum * pow2(Int(k))
  }

  static func pow2(_ k: Int) -> Double {
    var result = 1.0
    let base = k < 0 ? 0.5 : 2.0
    for _ in 0..<abs(k) { result *= base }
    return result
  }
}
