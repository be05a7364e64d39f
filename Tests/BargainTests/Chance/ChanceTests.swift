// Simulation, randomness and exact distributions end to end.

import BargainCLI
import Foundation
import Testing

@Suite struct ChanceTests {
  func simulation(_ name: String) -> String { Repository.path("Programs/simulation/\(name).bargain") }
  func pd(_ name: String) -> String { Repository.path("Programs/prisoners-dilemma/\(name).bargain") }

  func json(_ arguments: [String]) throws -> [String: Any] {
    let result = CLI.run(["bargain"] + arguments + ["--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  }

  /// The `result` of a match with chance: its distribution.
  func distribution(_ object: [String: Any]) -> [String: Any] { object["result"] as? [String: Any] ?? [:] }

  func fraction(_ value: Any?) -> String? { (value as? [String: Any])?["fraction"] as? String }

  @Test func selfPlayRunsNineNestedSimulationsOnAverage() throws {
    let object = try json([simulation("EpsilonGroundedFairBot"), simulation("EpsilonGroundedFairBot")])
    let sides = try #require(distribution(object)["sides"] as? [[String: Any]])
    #expect(fraction(sides[0]["expectedSimulations"]) == "9")
    #expect(distribution(object)["exact"] as? Bool == true)
  }

  @Test func epsilonIsAParameter() throws {
    let object = try json([
      simulation("EpsilonGroundedFairBot") + ":EpsilonGroundedFairBot(1/4)", pd("DefectBot"),
    ])
    let sides = try #require(distribution(object)["sides"] as? [[String: Any]])
    let entries = try #require(sides[0]["distribution"] as? [[String: Any]])
    #expect(entries.map { fraction($0["probability"]) } == ["1/4", "3/4"])
    #expect(fraction(sides[0]["expectedSimulations"]) == "3/4")
  }

  @Test func mirrorBotsNeverTerminateAndReportItCleanly() throws {
    let object = try json([simulation("MirrorBot"), simulation("MirrorBot")])
    #expect(fraction(distribution(object)["nonTermination"]) == "1")
    let profiles = try #require(distribution(object)["profiles"] as? [[String: Any]])
    #expect(profiles.count == 1)
    #expect(profiles.first?["outputs"] as? [String] == ["never ends", "never ends"])
    let text = CLI.run(["bargain", simulation("MirrorBot"), simulation("MirrorBot")])
    #expect(text.stdout.contains("\nnever ends        1 (1.0): "))
  }

  @Test func fuelRunsOutIntoTimeout() throws {
    let directory = try temporaryProgramDirectory([
      "Fuel.bargain": """
      game PrisonersDilemma
      program Fuel {
        if simulate[3](them, me) == timeout { play D } else { play simulate[3](them, me) }
      }
      """
    ])
    let object = try json([directory + "/Fuel.bargain", directory + "/Fuel.bargain"])
    // Fuel 3, 2, 1, 0: the run with no fuel left sees `timeout` and defects; everyone above copies.
    let profiles = try #require(distribution(object)["profiles"] as? [[String: Any]])
    #expect(profiles.count == 1)
    #expect(fraction(profiles.first?["probability"]) == "1")
    #expect((profiles.first?["payoffs"] as? [Int]) == [1, 1])
  }

  @Test func nonlinearRecursionGivesLabelledLowerBounds() throws {
    let directory = try temporaryProgramDirectory([
      "Twice.bargain": """
      game PrisonersDilemma
      program Twice {
        with probability 1/2 { play C } else {
          with probability 1/2 {
            if simulate(them, me) == C and simulate(them, me) == C { play C } else { play D }
          } else { play D }
        }
      }
      """
    ])
    let object = try json([directory + "/Twice.bargain", directory + "/Twice.bargain"])
    #expect(distribution(object)["exact"] as? Bool == false)
    let text = CLI.run(["bargain", directory + "/Twice.bargain", directory + "/Twice.bargain"])
    #expect(text.stdout.contains("outcome profiles (bounds, nonlinear component approximated from below by rounded "))
  }

  @Test func sameSeedSamePlay() throws {
    let arguments = [simulation("EpsilonGroundedFairBot"), simulation("RandomBot"), "--seed", "42"]
    let first = try json(arguments)
    let second = try json(arguments)
    let sample = try #require(first["sample"] as? [String: Any])
    #expect(sample["seed"] as? String == "42")
    #expect(NSDictionary(dictionary: sample) == NSDictionary(dictionary: second["sample"] as? [String: Any] ?? [:]))
    #expect(CLI.run(["bargain"] + arguments) == CLI.run(["bargain"] + arguments))
  }

  @Test func probabilitiesOutsideZeroToOneAreErrors() throws {
    let directory = try temporaryProgramDirectory([
      "Odd.bargain": "game PrisonersDilemma\nprogram Odd { with probability 3/2 { play C } else { play D } }\n"
    ])
    let result = CLI.run(["bargain", directory + "/Odd.bargain", directory + "/Odd.bargain"])
    #expect(result.exitCode == 1)
    #expect(result.stderr.contains("error: a probability must be between 0 and 1, found 1.5"))
  }

  @Test func fuelLimitEndsTheRunCleanly() throws {
    let directory = try temporaryProgramDirectory([
      "Far.bargain": "game PrisonersDilemma\nprogram Far { play simulate[20000](them, me) }\n"
    ])
    let result = CLI.run(["bargain", directory + "/Far.bargain", pd("CooperateBot")])
    #expect(result.exitCode == 3)
    #expect(result.stderr.contains("(maxFuel = 10000)"))
  }

  @Test func profileLimitReportsTheUnlistedMass() throws {
    // Uniform over 101 demands on each side: 10,201 profiles, 201 past the limit of 10,000.
    var body = "demand 100 outside walk"
    for demand in stride(from: 99, through: 0, by: -1) {
      body = "with probability 1/\(101 - demand) { demand \(demand) outside walk } else { \(body) }"
    }
    let directory = try temporaryProgramDirectory([
      "Spread.bargain": """
      game Wide {
        resource 100
        demands 0..100
        outside walk
        disagreement (walk, walk) = (0, 0)
      }
      program Spread { \(body) }
      """
    ])
    let object = try json([directory + "/Spread.bargain", directory + "/Spread.bargain"])
    #expect((distribution(object)["profiles"] as? [Any])?.count == 10_000)
    #expect(fraction(distribution(object)["unlistedMass"]) == "201/10201")
  }

  @Test func boundedQueriesAreNotSearchedWhenARunSimulatesItself() throws {
    let directory = try temporaryProgramDirectory([
      "Echo.bargain": """
      game PrisonersDilemma
      program Echo {
        if provable within 100 (them(me) == C) { play C } else { play simulate(them, me) }
      }
      """
    ])
    let result = CLI.run(["bargain", directory + "/Echo.bargain", directory + "/Echo.bargain", "--explain"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("false (budget 100: not searched: a run of the match simulates itself (rule B8))"))
    #expect(result.stdout.contains("row      Echo  never ends 1"))
  }
}
