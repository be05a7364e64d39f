// Analysis of a tournament's payoff matrix: best responses, program equilibria relative to the
// population, Pareto-optimal pairs, welfare, and for bargaining games the conflict rate and the
// Nash and Kalai–Smorodinsky points (rule R6). Exact rational arithmetic throughout.

import BargainLogic
import BargainSemantics

/// A pair of agents by index, row first.
public struct AgentPair: Hashable, Sendable, Comparable {
  public var row: Int
  public var column: Int
  public init(_ row: Int, _ column: Int) {
    self.row = row
    self.column = column
  }
  public static func < (a: AgentPair, b: AgentPair) -> Bool { (a.row, a.column) < (b.row, b.column) }
}

public struct TournamentAnalysis: Hashable, Sendable {
  /// `rowBestResponses[j]`: the rows with the highest row payoff against column j.
  public var rowBestResponses: [[Int]]
  /// `columnBestResponses[i]`: the columns with the highest column payoff against row i.
  public var columnBestResponses: [[Int]]
  /// Pairs where neither side gains by switching to another program of the population.
  public var equilibria: [AgentPair]
  /// Agents i such that (i, i) is an equilibrium.
  public var symmetricEquilibria: [Int]
  /// Pairs whose payoffs no other pair weakly improves for both and strictly for one.
  public var paretoOptimal: [AgentPair]
  /// `welfare[i][j]`: the sum of both payoffs.
  public var welfare: [[Fraction]]
  public var bestWelfare: Fraction
  public var bestWelfarePairs: [AgentPair]
  public var meanWelfare: Fraction
  public var bargaining: BargainingAnalysis?
}

/// Bargaining games only: where the pairs stand relative to the classical solutions.
public struct BargainingAnalysis: Hashable, Sendable {
  /// Both sides take the default outside option.
  public var disagreementPoint: [Fraction]
  /// Maximises (u1 − d1)(u2 − d2) on the frontier u1 + u2 = resource.
  public var nashPoint: [Fraction]
  /// The frontier point on the line from d to the ideal point (each side's best payoff given
  /// the other gets at least its disagreement payoff and nothing negative).
  public var kalaiSmorodinskyPoint: [Fraction]
  /// Mean conflict probability over all ordered pairs.
  public var conflictRate: Fraction
  /// `conflictByAgent[i]`: mean conflict probability of the pairs agent i plays as row.
  public var conflictByAgent: [Fraction]
  /// `nashProducts[i][j]` = (u1 − d1)(u2 − d2) of the pair's payoffs.
  public var nashProducts: [[Fraction]]
  /// Squared Euclidean distances of each pair's payoffs to the two points (exact).
  public var squaredDistanceToNash: [[Fraction]]
  public var squaredDistanceToKalaiSmorodinsky: [[Fraction]]
}

public enum Analysis {
  /// Nil when some pair failed (its payoffs are unknown).
  public static func analyze(_ result: TournamentResult) -> TournamentAnalysis? {
    guard let matrix = result.payoffMatrix, !matrix.isEmpty else { return nil }
    let n = matrix.count
    let range = 0..<n
    let rowBest = range.map { column in argmax(range.map { matrix[$0][column][0] }) }
    let columnBest = range.map { row in argmax(range.map { matrix[row][$0][1] }) }
    var equilibria: [AgentPair] = []
    for row in range {
      for column in columnBest[row] where rowBest[column].contains(row) { equilibria.append(AgentPair(row, column)) }
    }
    equilibria.sort()
    let symmetric = equilibria.filter { $0.row == $0.column }.map(\.row)
    var pareto: [AgentPair] = []
    // Distinct payoff profiles first: a pair is Pareto-optimal when its profile is undominated.
    var profiles: [[Fraction]] = []
    var seen: Set<[Fraction]> = []
    for row in range {
      for column in range where seen.insert(matrix[row][column]).inserted { profiles.append(matrix[row][column]) }
    }
    var undominated: Set<[Fraction]> = []
    for profile in profiles {
      let dominated = profiles.contains { other in
        other[0] >= profile[0] && other[1] >= profile[1] && (other[0] > profile[0] || other[1] > profile[1])
      }
      if !dominated { undominated.insert(profile) }
    }
    for row in range {
      for column in range where undominated.contains(matrix[row][column]) { pareto.append(AgentPair(row, column)) }
    }
    let welfare = matrix.map { line in line.map { $0[0] + $0[1] } }
    let all = welfare.flatMap { $0 }
    let best = all.max() ?? .zero
    var bestPairs: [AgentPair] = []
    for row in range {
      for column in range where welfare[row][column] == best { bestPairs.append(AgentPair(row, column)) }
    }
    let total = all.reduce(Fraction.zero, +)
    let mean = total.divided(by: Fraction(n * n)) ?? .zero
    return TournamentAnalysis(
      rowBestResponses: rowBest, columnBestResponses: columnBest, equilibria: equilibria,
      symmetricEquilibria: symmetric, paretoOptimal: pareto, welfare: welfare, bestWelfare: best,
      bestWelfarePairs: bestPairs, meanWelfare: mean, bargaining: bargaining(result, matrix))
  }

  /// The indices holding the largest value, in order.
  static func argmax(_ values: [Fraction]) -> [Int] {
    guard let best = values.max() else { return [] }
    return values.indices.filter { values[$0] == best }
  }

  static func bargaining(_ result: TournamentResult, _ matrix: [[[Fraction]]]) -> BargainingAnalysis? {
    guard case .bargaining(let game) = result.game.kind else { return nil }
    let outside = game.defaultOutside ?? 0
    guard game.disagreement.indices.contains(outside), game.disagreement[outside].indices.contains(outside) else {
      return nil
    }
    let profile = game.disagreement[outside][outside]
    let d = [Tournament.fraction(profile.row), Tournament.fraction(profile.column)]
    let resource = Fraction(game.resource)
    let two = Fraction(2)
    let nash = [
      (resource + d[0] - d[1]).divided(by: two) ?? .zero, (resource - d[0] + d[1]).divided(by: two) ?? .zero,
    ]
    // Ideal point: each side's most with the other at max(its disagreement payoff, 0).
    let ideal = [resource - max(d[1], .zero), resource - max(d[0], .zero)]
    let span = (ideal[0] - d[0]) + (ideal[1] - d[1])
    let t = (resource - d[0] - d[1]).divided(by: span) ?? .zero
    let ks = [d[0] + t * (ideal[0] - d[0]), d[1] + t * (ideal[1] - d[1])]
    let n = matrix.count
    var conflictTotal = Fraction.zero
    var byAgent: [Fraction] = []
    for row in 0..<n {
      var sum = Fraction.zero
      for column in 0..<n { sum += result.cell(row, column).result?.conflict ?? .zero }
      conflictTotal += sum
      byAgent.append(sum.divided(by: Fraction(n)) ?? .zero)
    }
    func squaredDistance(_ a: [Fraction], _ b: [Fraction]) -> Fraction {
      let x = a[0] - b[0]
      let y = a[1] - b[1]
      return x * x + y * y
    }
    return BargainingAnalysis(
      disagreementPoint: d, nashPoint: nash, kalaiSmorodinskyPoint: ks,
      conflictRate: conflictTotal.divided(by: Fraction(n * n)) ?? .zero, conflictByAgent: byAgent,
      nashProducts: matrix.map { line in line.map { ($0[0] - d[0]) * ($0[1] - d[1]) } },
      squaredDistanceToNash: matrix.map { line in line.map { squaredDistance($0, nash) } },
      squaredDistanceToKalaiSmorodinsky: matrix.map { line in line.map { squaredDistance($0, ks) } })
  }
}
