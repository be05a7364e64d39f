// A tournament pair whose plans draw (rule P16): its expected payoffs and each side's results
// over every branch, weighted by the branches' probabilities.

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics

extension Tournament {
  static func summarize(_ match: RandomizedMatch, world: CheckedWorld, row: Int, column: Int) -> PairResult {
    let bargaining: Bool = {
      if case .bargaining = world.game.kind { return true }
      return false
    }()
    var sides: [SideOutcome] = []
    for index in 0..<2 {
      var results: [WeightedResult] = []
      var programs: [String] = []
      for played in match.branches {
        let program = world.describe(played.branch.outcome.programs[index])
        if !programs.contains(program) { programs.append(program) }
        let local: [WeightedResult]
        if let chance = played.report.chance {
          local = distribution(chance, side: index, game: world.game)
        } else {
          local = [WeightedResult(result: .output(played.report.finalOutputs[index]), probability: .one)]
        }
        for entry in local {
          let weight = played.branch.probability * entry.probability
          if let earlier = results.firstIndex(where: { $0.result == entry.result }) {
            results[earlier].probability += weight
          } else {
            results.append(WeightedResult(result: entry.result, probability: weight))
          }
        }
      }
      sides.append(
        SideOutcome(
          program: programs.joined(separator: " | "),
          reason: "randomized plans: \(match.branches.count) branches (rule P16)", output: nil, level: nil,
          bounded: [], distribution: results))
    }
    var conflict = Fraction.zero
    for outcome in match.outcomes {
      switch outcome.settlement {
      case .agreement, .played: break
      case .disagreement, nil: conflict += outcome.probability
      }
    }
    // T is stated only when every branch has the same one (reached at the same step, or never);
    // otherwise the reasons list it per branch and the pair states no T.
    let times = match.branches.map(\.branch.outcome.handOver)
    let commonT = times.allSatisfy { $0 == times.first }
    if !commonT {
      let perBranch = match.branches.map { played in
        (played.branch.outcome.handOver.map { "t=\($0)" } ?? "not reached") + " (\(played.branch.probability))"
      }
      for index in sides.indices { sides[index].reason += "; T by branch: " + perBranch.joined(separator: ", ") }
    }
    return PairResult(
      row: row, column: column, sides: sides, payoffs: match.expectedPayoffs, accuracy: match.expectedPayoffsAccuracy,
      kind: .chance, conflict: bargaining ? conflict : nil, handOver: commonT ? times.first ?? nil : nil,
      planned: commonT,
      matchups: match.branches.reduce(0) { $0 + $1.report.matchupCount }, mirrored: false)
  }
}
