// Renderings of a tournament's analysis and dynamics (text, JSON, CSV) and its Gambit `.nfg`
// export. Pure functions of the results.

import BargainLogic
import BargainTournament
import Foundation

enum AnalysisRendering {
  static func pairText(_ result: TournamentResult, _ pair: AgentPair) -> String {
    "(\(result.agents[pair.row].name), \(result.agents[pair.column].name))"
  }

  static func pairsText(_ result: TournamentResult, _ pairs: [AgentPair]) -> String {
    pairs.isEmpty ? "none" : pairs.map { pairText(result, $0) }.joined(separator: ", ")
  }

  static func pointText(_ point: [Fraction]) -> String {
    "(" + point.map(\.description).joined(separator: ", ") + ")"
  }

  static func text(_ result: TournamentResult, _ analysis: TournamentAnalysis) -> String {
    let names = result.agents.map(\.name)
    var out = "\nanalysis (rule R6)\n"
    out += "  best responses (as row, against each column):\n"
    for (column, rows) in analysis.rowBestResponses.enumerated() {
      out += "    against \(names[column]): " + rows.map { names[$0] }.joined(separator: ", ") + "\n"
    }
    out += "  equilibria (no side gains by switching to another program of the population): "
    out += pairsText(result, analysis.equilibria) + "\n"
    out += "  symmetric equilibria: "
    out +=
      (analysis.symmetricEquilibria.isEmpty
        ? "none" : analysis.symmetricEquilibria.map { names[$0] }.joined(separator: ", ")) + "\n"
    out += "  Pareto-optimal pairs: " + pairsText(result, analysis.paretoOptimal) + "\n"
    out += "  utilitarian welfare: highest \(analysis.bestWelfare) at " + pairsText(result, analysis.bestWelfarePairs)
    out += "; mean \(analysis.meanWelfare)\n"
    if let bargaining = analysis.bargaining {
      out +=
        "  disagreement point \(pointText(bargaining.disagreementPoint)), Nash point \(pointText(bargaining.nashPoint)), "
      out += "Kalai–Smorodinsky point \(pointText(bargaining.kalaiSmorodinskyPoint))\n"
      out +=
        "  conflict rate \(bargaining.conflictRate) (\(Bench.format(double(bargaining.conflictRate)))); by agent as row: "
      out += zip(names, bargaining.conflictByAgent).map { "\($0) \($1)" }.joined(separator: ", ") + "\n"
    }
    return out
  }

  static func double(_ value: Fraction) -> Double { Double(value.decimal(digits: 12)) ?? 0 }

  static func pairJSON(_ pair: AgentPair) -> JSON { .array([.int(pair.row + 1), .int(pair.column + 1)]) }

  static func matrixJSON(_ matrix: [[Fraction]]) -> JSON {
    .array(matrix.map { line in .array(line.map { .string($0.description) }) })
  }

  /// Agents and pairs are 1-based, as in the rest of the tournament JSON; values exact strings.
  static func json(_ analysis: TournamentAnalysis) -> JSON {
    var object: [String: JSON] = [
      "rowBestResponses": .array(analysis.rowBestResponses.map { .array($0.map { .int($0 + 1) }) }),
      "columnBestResponses": .array(analysis.columnBestResponses.map { .array($0.map { .int($0 + 1) }) }),
      "equilibria": .array(analysis.equilibria.map(pairJSON)),
      "symmetricEquilibria": .array(analysis.symmetricEquilibria.map { .int($0 + 1) }),
      "paretoOptimal": .array(analysis.paretoOptimal.map(pairJSON)),
      "welfare": matrixJSON(analysis.welfare),
      "bestWelfare": .string(analysis.bestWelfare.description),
      "bestWelfarePairs": .array(analysis.bestWelfarePairs.map(pairJSON)),
      "meanWelfare": .string(analysis.meanWelfare.description),
    ]
    if let bargaining = analysis.bargaining {
      object["bargaining"] = .object([
        "disagreementPoint": .array(bargaining.disagreementPoint.map { .string($0.description) }),
        "nashPoint": .array(bargaining.nashPoint.map { .string($0.description) }),
        "kalaiSmorodinskyPoint": .array(bargaining.kalaiSmorodinskyPoint.map { .string($0.description) }),
        "conflictRate": .string(bargaining.conflictRate.description),
        "conflictByAgent": .array(bargaining.conflictByAgent.map { .string($0.description) }),
        "nashProducts": matrixJSON(bargaining.nashProducts),
        "squaredDistanceToNash": matrixJSON(bargaining.squaredDistanceToNash),
        "squaredDistanceToKalaiSmorodinsky": matrixJSON(bargaining.squaredDistanceToKalaiSmorodinsky),
      ])
    }
    return .object(object)
  }

  // MARK: dynamics

  static func share(_ value: Double) -> String { String(format: "%.6f", value) }

  static func trajectoryJSON(_ trajectory: Trajectory) -> JSON {
    .object([
      "process": .string(trajectory.process.rawValue),
      "steps": .array(trajectory.steps.map { .int($0) }),
      "shares": .array(trajectory.shares.map { line in .array(line.map { .number(share($0)) }) }),
    ])
  }

  /// `process,step,<agent 1>,<agent 2>,...`, one line per recorded step of each trajectory.
  static func trajectoryCSV(_ result: TournamentResult, _ trajectories: [Trajectory]) -> String {
    var lines = [
      (["process", "step"] + result.agents.map(\.name)).map(TournamentRendering.csvField).joined(separator: ",")
    ]
    for trajectory in trajectories {
      for (step, shares) in zip(trajectory.steps, trajectory.shares) {
        lines.append(([trajectory.process.rawValue, String(step)] + shares.map(share)).joined(separator: ","))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func dynamicsText(_ result: TournamentResult, _ trajectories: [Trajectory]) -> String {
    var out = "\ndynamics (rule R7; shares at the last recorded step)\n"
    for trajectory in trajectories {
      guard let last = trajectory.shares.last, let step = trajectory.steps.last else { continue }
      let ranked = last.enumerated().sorted {
        $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset
      }
      out += "  \(trajectory.process.rawValue) after \(step) steps: "
      out +=
        ranked.prefix(5).map { "\(result.agents[$0.offset].name) \(share($0.element))" }.joined(separator: ", ") + "\n"
    }
    return out
  }

  // MARK: Gambit

  /// The meta-game (each player picks a program of the population) as a Gambit strategic game in
  /// the `.nfg` format with strategy names: payoffs listed profile by profile, the row player's
  /// strategy changing fastest, exact rationals.
  static func nfg(_ result: TournamentResult, _ matrix: [[[Fraction]]]) -> String {
    func quote(_ text: String) -> String {
      "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    let names = result.agents.map { quote($0.name) }.joined(separator: " ")
    var out = "NFG 1 R \(quote("bargain tournament: \(result.game.name)")) { \"Row\" \"Column\" }\n"
    out += "{ { \(names) }\n  { \(names) }\n}\n\"\"\n\n"
    var payoffs: [String] = []
    for column in matrix.indices {
      for row in matrix.indices {
        payoffs.append(matrix[row][column][0].description + " " + matrix[row][column][1].description)
      }
    }
    return out + payoffs.joined(separator: "\n") + "\n"
  }
}
