// Analysis of tournament results against values computed by hand for small populations.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainTournament

@Suite struct AnalysisTests {
  /// Runs a study written to a scratch directory and returns the JSON object.
  func study(_ text: String, _ extra: [String] = []) throws -> [String: Any] {
    let scratch = try ScratchDirectory()
    try scratch.write("study.bargain", text)
    let result = scratch.run(["tournament", "study.bargain", "--json"] + extra, paths: ["study.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try jsonObject(result.stdout)
  }

  /// FairBot, DefectBot, CooperateBot: payoffs (2,2) (1,1) (2,2) / (1,1) (1,1) (3,0) / (2,2) (0,3) (2,2).
  @Test func prisonersDilemmaPopulation() throws {
    let object = try study(
      """
      game PrisonersDilemma
      tournament { agents FairBot, DefectBot, CooperateBot }
      """)
    let analysis = try #require(object["analysis"] as? [String: Any])
    // Against FairBot, FairBot and CooperateBot get 2; against DefectBot, FairBot and DefectBot
    // get 1; against CooperateBot only DefectBot gets 3.
    #expect(analysis["rowBestResponses"] as? [[Int]] == [[1, 3], [1, 2], [2]])
    #expect(analysis["columnBestResponses"] as? [[Int]] == [[1, 3], [1, 2], [2]])
    // (FairBot, CooperateBot) is no equilibrium: the row gains 1 by switching to DefectBot.
    #expect(analysis["equilibria"] as? [[Int]] == [[1, 1], [2, 2]])
    #expect(analysis["symmetricEquilibria"] as? [Int] == [1, 2])
    // (1, 1) is dominated by (2, 2); (3, 0), (0, 3) and (2, 2) are not.
    #expect(analysis["paretoOptimal"] as? [[Int]] == [[1, 1], [1, 3], [2, 3], [3, 1], [3, 2], [3, 3]])
    #expect(analysis["bestWelfare"] as? String == "4")
    #expect(analysis["bestWelfarePairs"] as? [[Int]] == [[1, 1], [1, 3], [3, 1], [3, 3]])
    // (4 + 2 + 4) + (2 + 2 + 3) + (4 + 3 + 4) = 28 over 9 pairs.
    #expect(analysis["meanWelfare"] as? String == "28/9")
    #expect(analysis["bargaining"] == nil)
  }

  /// Demand(0), Demand(50), Demand(100) over 100: three of the nine pairs (50 + 100, 100 + 50,
  /// 100 + 100) do not fit, so the conflict rate is 1/3.
  @Test func bargainingPopulation() throws {
    let object = try study(
      """
      game Split { resource 100 demands 0..100 step 50 outside walk disagreement (walk, walk) = (0, 0) }
      program Demand(amount: int) { demand amount outside walk }
      tournament { agents Demand(k) for k in 0..100 step 50 }
      """)
    let analysis = try #require(object["analysis"] as? [String: Any])
    #expect(analysis["equilibria"] as? [[Int]] == [[1, 3], [2, 2], [3, 1], [3, 3]])
    #expect(analysis["symmetricEquilibria"] as? [Int] == [2, 3])
    #expect(analysis["meanWelfare"] as? String == "400/9")
    let bargaining = try #require(analysis["bargaining"] as? [String: Any])
    #expect(bargaining["conflictRate"] as? String == "1/3")
    #expect(bargaining["conflictByAgent"] as? [String] == ["0", "1/3", "2/3"])
    #expect(bargaining["disagreementPoint"] as? [String] == ["0", "0"])
    #expect(bargaining["nashPoint"] as? [String] == ["50", "50"])
    #expect(bargaining["kalaiSmorodinskyPoint"] as? [String] == ["50", "50"])
    #expect(bargaining["nashProducts"] as? [[String]] == [["0", "0", "0"], ["0", "2500", "0"], ["0", "0", "0"]])
    // (0, 100) is at (−50)² + 50² = 5000 from (50, 50); a breakdown at (0, 0) at 5000 too.
    #expect(
      bargaining["squaredDistanceToNash"] as? [[String]] == [
        ["5000", "2500", "5000"], ["2500", "0", "5000"], ["5000", "5000", "5000"],
      ])
  }

  /// An asymmetric disagreement point moves both solutions: d = (20, 0) on a resource of 100
  /// gives the Nash point (60, 40); the ideal point is (100, 80), so KS is d + t·(80, 80) with
  /// t = 80/160: (60, 40) as well on this linear frontier.
  @Test func solutionsFollowTheDisagreementPoint() throws {
    let object = try study(
      """
      game Lopsided {
        resource 100 demands 0..100 step 50 outside walk
        disagreement (walk, walk) = (20, 0)
      }
      program Demand(amount: int) { demand amount outside walk }
      tournament { agents Demand(50) }
      """)
    let bargaining = try #require((object["analysis"] as? [String: Any])?["bargaining"] as? [String: Any])
    #expect(bargaining["nashPoint"] as? [String] == ["60", "40"])
    #expect(bargaining["kalaiSmorodinskyPoint"] as? [String] == ["60", "40"])
    #expect(object["order"] as? String == "ordered")
  }

  /// FairBot and DefectBot: symmetric payoffs [[2, 1], [1, 1]]; from (1/2, 1/2) the replicator
  /// gives (0.6, 0.4) after one step (fitness 1.5 and 1, mean 1.25) and (12/17, 5/17) after two.
  @Test func replicatorDynamicsByHand() {
    let trajectory = Dynamics.replicator([[2, 1], [1, 1]], steps: 2)
    #expect(trajectory.steps == [0, 1, 2])
    #expect(abs(trajectory.shares[1][0] - 0.6) < 1e-12)
    #expect(abs(trajectory.shares[2][0] - 12.0 / 17.0) < 1e-12)
    #expect(abs(trajectory.shares[2][1] - 5.0 / 17.0) < 1e-12)
  }

  @Test func moranIsReproducibleAndConservesThePopulation() {
    let payoffs: [[Double]] = [[2, 1, 2], [1, 1, 3], [2, 0, 2]]
    let a = Dynamics.moran(payoffs, size: 30, steps: 500, intensity: 0.5, seed: 7)
    let b = Dynamics.moran(payoffs, size: 30, steps: 500, intensity: 0.5, seed: 7)
    let c = Dynamics.moran(payoffs, size: 30, steps: 500, intensity: 0.5, seed: 8)
    #expect(a == b)
    #expect(a != c)
    let third: Double = 10.0 / 30
    #expect(a.shares[0] == [third, third, third])
    for shares in a.shares {
      #expect(abs(shares.reduce(0, +) - 1) < 1e-12)
      let counts = shares.map { $0 * 30 }
      #expect(counts.allSatisfy { count in count >= 0 && count.rounded() == count })
    }
  }

  @Test func exponentialMatchesTheLibrary() {
    for x in [-20.0, -1.5, 0, 0.1, 1, 3.7, 50] {
      #expect(abs(Dynamics.exp(x) / Foundation.exp(x) - 1) < 1e-12)
    }
  }

  @Test func gambitExportListsTheRowStrategyFastest() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "study.bargain",
      """
      game PrisonersDilemma
      tournament { agents FairBot, DefectBot }
      """)
    let result = scratch.run(
      [
        "tournament", "study.bargain", "--nfg", scratch.prefix + "meta.nfg", "--dynamics", "10", "--trajectory",
        scratch.prefix + "t.csv",
      ],
      paths: ["study.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let nfg = try String(contentsOfFile: scratch.prefix + "meta.nfg", encoding: .utf8)
    #expect(
      nfg == """
        NFG 1 R "bargain tournament: PrisonersDilemma" { "Row" "Column" }
        { { "FairBot" "DefectBot" }
          { "FairBot" "DefectBot" }
        }
        ""

        2 2
        1 1
        1 1
        1 1

        """)
    let csv = try String(contentsOfFile: scratch.prefix + "t.csv", encoding: .utf8)
    let lines = csv.split(separator: "\n")
    #expect(lines.first == "process,step,FairBot,DefectBot")
    #expect(lines[1] == "replicator,0,0.500000,0.500000")
    #expect(lines[2] == "replicator,1,0.600000,0.400000")
    #expect(lines.count == 1 + 11 + 11)
    #expect(result.stdout.contains("replicator after 10 steps: FairBot "))
  }
}

@Suite struct DynamicsLimitTests {
  /// The command-line bounds of rule R7: one past each is a usage error, the bound itself is not.
  @Test func stepsPopulationAndJobsAreBounded() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "study.bargain", "game PrisonersDilemma\ntournament { agents FairBot, DefectBot, CooperateBot }\n")
    func run(_ extra: [String]) -> Int32 {
      scratch.run(["tournament", "study.bargain"] + extra, paths: ["study.bargain"]).exitCode
    }
    #expect(run(["--dynamics", String(DynamicsLimits.maxSteps + 1)]) == 2)
    #expect(run(["--population", String(TournamentCommand.maxPopulation + 1)]) == 2)
    #expect(run(["--jobs", String(TournamentCommand.maxJobs + 1)]) == 2)
    #expect(run(["--dynamics", String(DynamicsLimits.maxSteps), "--population", "50"]) == 0)
  }
}
