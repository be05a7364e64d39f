// Randomized plans (rule P16): every branch of the agents' draws is run exactly; the report gives
// each branch's probability and outcome, the merged outcome distribution and expected payoffs.

import BargainCLI
import Foundation
import Testing

@Suite struct RandomizedPlanTests {
  let lobianFair = Repository.path("Programs/bargaining/LobianFair.bargain")

  func json(_ arguments: [String]) throws -> [String: Any] {
    let result = CLI.run(["bargain"] + arguments + ["--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
  }

  func fraction(_ value: Any?) -> String { (value as? [String: Any])?["fraction"] as? String ?? "?" }

  func output(_ value: Any) -> String {
    guard let object = value as? [String: Any] else { return "\(value)" }
    return "\(object["demand"] as? Int ?? -1) \(object["outside"] as? String ?? "?")"
  }

  /// `(40 fight, 50 walk) 1/2 [1]` per merged outcome, in report order.
  func outcomes(_ object: [String: Any]) -> [String] {
    let result = object["result"] as? [String: Any] ?? [:]
    return (result["outcomes"] as? [[String: Any]] ?? []).map { outcome in
      let outputs = (outcome["outputs"] as? [Any] ?? []).map(output).joined(separator: ", ")
      let branches = (outcome["branches"] as? [Int] ?? []).map(String.init).joined(separator: ",")
      return "(\(outputs)) \(fraction(outcome["probability"])) [\(branches)]"
    }
  }

  func expected(_ object: [String: Any]) -> [String] {
    let result = object["result"] as? [String: Any] ?? [:]
    return (result["expectedPayoffs"] as? [Any] ?? []).map(fraction)
  }

  func events(_ branch: [String: Any]) -> [String] {
    (branch["timeline"] as? [[String: Any]] ?? []).map { event in
      "t=\(event["t"] as? Int ?? -1) \(event["agent"] as? String ?? "?") \(event["event"] as? String ?? "?"): \(event["detail"] as? String ?? "?")"
    }
  }

  @Test func gamblerAgainstLobianFairHasTheExactDistribution() throws {
    let object = try json([protocolPath("Gambler"), lobianFair])
    let branches = try #require(object["branches"] as? [[String: Any]])
    #expect(branches.map { fraction($0["probability"]) } == ["1/2", "1/2"])
    #expect(
      events(branches[0]) == [
        "t=0 Gambler draw: draws the first block (probability 1/2)",
        "t=0 Gambler commit: commits demand <= 40",
        "t=0 LobianFair commit: commits program LobianFair",
        "t=1 Gambler deliver: learns LobianFair committed program LobianFair (at t=0)",
        "t=1 LobianFair deliver: learns Gambler committed demand <= 40 (at t=0)",
      ])
    #expect(
      events(branches[1]) == [
        "t=0 Gambler draw: draws the else block (probability 1/2)",
        "t=0 LobianFair commit: commits program LobianFair",
        "t=1 Gambler deliver: learns LobianFair committed program LobianFair (at t=0)",
      ])
    // The other side never sees the coin: without the commitment it knows nothing of the row.
    let players = try #require(branches[1]["players"] as? [[String: Any]])
    #expect(players[1]["them"] as? String == "an unknown program (received: nothing)")
    #expect(branches.map { $0["T"] is NSNull } == [true, true])
    #expect(outcomes(object) == ["(40 fight, 50 walk) 1/2 [1]", "(100 fight, 100 fight) 1/2 [2]"])
    #expect(expected(object) == ["5", "10"])
    #expect((object["result"] as? [String: Any])?["kind"] as? String == "branches")
    #expect(object["schemaVersion"] as? Int == 3)
  }

  @Test func equalOutcomesAreMerged() throws {
    let object = try json([protocolPath("Persistent"), lobianFair])
    let branches = try #require(object["branches"] as? [[String: Any]])
    #expect(branches.map { fraction($0["probability"]) } == ["1/4", "1/4", "1/4", "1/4"])
    #expect(outcomes(object) == ["(40 fight, 50 walk) 3/4 [1,2,3]", "(100 fight, 100 fight) 1/4 [4]"])
    #expect(expected(object) == ["45/2", "30"])
  }

  @Test func bothAgentsDrawIndependently() throws {
    let object = try json([protocolPath("Gambler"), protocolPath("Gambler")])
    #expect(
      outcomes(object) == [
        "(40 fight, 40 fight) 1/4 [1]", "(40 fight, 100 fight) 1/4 [2]", "(100 fight, 40 fight) 1/4 [3]",
        "(100 fight, 100 fight) 1/4 [4]",
      ])
    #expect(expected(object) == ["-25/2", "-25/2"])
  }

  @Test func aBranchWhoseMatchHasChanceCombinesExactly() throws {
    let directory = try temporaryProgramDirectory([
      "Coin.bargain": standoffHeader + """
        program Coin { with probability 1/3 { demand 20 outside walk } else { demand 60 outside walk } }
        plan { at 0 { with probability 1/2 { commit demand >= 50 } else { } } }
        main Coin
        """,
      "Soft.bargain": standoffHeader + "main Concede30\n",
    ])
    let object = try json([directory + "/Coin.bargain", directory + "/Soft.bargain"])
    // Bound by `demand >= 50`, the coin's 20 becomes 50 (rule P8); unbound it stays 20.
    #expect(
      outcomes(object) == [
        "(60 walk, 30 walk) 2/3 [1,2]", "(50 walk, 30 walk) 1/6 [1]", "(20 walk, 30 walk) 1/6 [2]",
      ])
    #expect(expected(object) == ["155/3", "30"])
  }

  @Test func nestedDrawsAndDrawsInWhenBlocks() throws {
    let directory = try temporaryProgramDirectory([
      "Nested.bargain": standoffHeader + """
        plan {
          at 0 { with probability 1/3 { commit demand <= 40 } else { with probability 1/2 { commit demand <= 30 } else { } } }
        }
        main Hardliner
        program Hardliner { demand 100 outside fight }
        """,
      "Waits.bargain": standoffHeader + """
        plan { when they committed program { with probability 1/4 { commit demand <= 20 } else { } } }
        main Hardliner
        program Hardliner { demand 100 outside fight }
        """,
      "Fair.bargain": standoffHeader + "main Fair\n",
    ])
    let nested = try json([directory + "/Nested.bargain", directory + "/Fair.bargain"])
    let branches = try #require(nested["branches"] as? [[String: Any]])
    #expect(branches.map { fraction($0["probability"]) } == ["1/3", "1/3", "1/3"])
    #expect(
      outcomes(nested) == [
        "(40 fight, 50 walk) 1/3 [1]", "(30 fight, 50 walk) 1/3 [2]", "(100 fight, 100 fight) 1/3 [3]",
      ])
    #expect(expected(nested) == ["40/3", "70/3"])
    // The `when` fires at t = 1, when Fair's program arrives; the cap reaches Fair at t = 2.
    let waits = try json([directory + "/Waits.bargain", directory + "/Fair.bargain"])
    let waited = try #require(waits["branches"] as? [[String: Any]])
    #expect(events(waited[0]).contains("t=1 Waits draw: draws the first block (probability 1/4)"))
    #expect(events(waited[0]).contains("t=2 Fair deliver: learns Waits committed demand <= 20 (at t=1)"))
    #expect(outcomes(waits) == ["(100 fight, 100 fight) 3/4 [2]", "(20 fight, 50 walk) 1/4 [1]"])
    #expect(expected(waits) == ["-35/2", "-10"])
  }

  /// The other side's plan reads only what was delivered: it reacts to the cap, not to the coin.
  @Test func theOtherSideLearnsOnlyTheCommitment() throws {
    let directory = try temporaryProgramDirectory([
      "Reacts.bargain": standoffHeader + """
        program Demand60 { demand 60 outside fight }
        plan { at 2 { if they committed demand <= 40 { commit program Demand60 } else { commit program Demand70 } } }
        main Demand70
        """
    ])
    let object = try json([protocolPath("Gambler"), directory + "/Reacts.bargain"])
    let branches = try #require(object["branches"] as? [[String: Any]])
    #expect(events(branches[0]).contains("t=2 Reacts commit: commits program Demand60"))
    #expect(events(branches[1]).contains("t=2 Reacts commit: commits program Demand70"))
    #expect(!events(branches[1]).contains { $0.contains("Reacts draw") })
    #expect(outcomes(object) == ["(40 fight, 60 fight) 1/2 [1]", "(100 fight, 70 fight) 1/2 [2]"])
    #expect(expected(object) == ["5", "15"])
  }

  @Test func certainDrawsMakeNoBranch() throws {
    let directory = try temporaryProgramDirectory([
      "Sure.bargain": standoffHeader + """
        plan { at 0 { with probability 1 { commit demand <= 40 } else { close } with probability 0 { open } else { commit demand >= 10 } } }
        main Demand70
        """
    ])
    let object = try json([directory + "/Sure.bargain", lobianFair])
    #expect(object["branches"] == nil)
    let timeline = (object["timeline"] as? [[String: Any]] ?? []).compactMap { $0["detail"] as? String }
    #expect(timeline.prefix(2) == ["commits demand <= 40", "commits demand >= 10"])
  }

  /// Differential check: sequences of independent coins, each capping the demand or not, against
  /// an enumeration written here from the rules alone (the bound Hardliner demands its least cap;
  /// Fair proves a cap of at most 50 and then demands 50; otherwise both fight).
  @Test func randomPlansMatchAnIndependentEnumeration() throws {
    var state: UInt64 = 0x5eed
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    for _ in 0..<6 {
      let count = 1 + next(4)
      var coins: [(p: (Int, Int), cap: Int, time: Int)] = []
      for _ in 0..<count {
        let denominator = 2 + next(5)
        coins.append(((1 + next(denominator - 1), denominator), 10 * (2 + next(6)), next(3)))
      }
      var plan = "plan {\n"
      for coin in coins {
        plan +=
          "  at \(coin.time) { with probability \(coin.p.0)/\(coin.p.1) { commit demand <= \(coin.cap) } else { } }\n"
      }
      plan += "}\nmain Hardliner\nprogram Hardliner { demand 100 outside fight }\n"
      let directory = try temporaryProgramDirectory([
        "Coins.bargain": standoffHeader + plan, "Fair.bargain": standoffHeader + "main Fair\n",
      ])
      // Independent enumeration: every subset of coins that came up heads.
      var distribution: [String: (Int, Int)] = [:]  // outcome -> probability as a fraction
      var payoffs = (0.0, 0.0)
      func add(_ a: (Int, Int), _ b: (Int, Int)) -> (Int, Int) {
        let n = a.0 * b.1 + b.0 * a.1
        let d = a.1 * b.1
        var (x, y) = (n, d)
        while y != 0 { (x, y) = (y, x % y) }
        return (n / x, d / x)
      }
      for mask in 0..<(1 << count) {
        var probability = (1, 1)
        var cap: Int?
        for (index, coin) in coins.enumerated() {
          let heads = mask & (1 << index) != 0
          probability = (
            probability.0 * (heads ? coin.p.0 : coin.p.1 - coin.p.0), probability.1 * coin.p.1
          )
          if heads { cap = min(cap ?? 100, coin.cap) }
        }
        let key: String
        let pay: (Double, Double)
        if let cap, cap <= 50 {
          key = "(\(cap) fight, 50 walk)"
          pay = (Double(cap), 50)
        } else {
          key = "(\(cap ?? 100) fight, 100 fight)"
          pay = (-30, -30)
        }
        distribution[key] = add(distribution[key] ?? (0, 1), probability)
        let weight = Double(probability.0) / Double(probability.1)
        payoffs = (payoffs.0 + weight * pay.0, payoffs.1 + weight * pay.1)
      }
      let object = try json([directory + "/Coins.bargain", directory + "/Fair.bargain"])
      let reported = outcomes(object).map { line -> (String, String) in
        let parts = line.split(separator: " [").first.map(String.init) ?? line
        let split = parts.range(of: ") ", options: .backwards)
        return (
          String(parts[..<(split?.lowerBound ?? parts.endIndex)]) + ")",
          String(parts[(split?.upperBound ?? parts.endIndex)...])
        )
      }
      let expectedOutcomes = distribution.map { key, value in
        (key, value.1 == 1 ? "\(value.0)" : "\(value.0)/\(value.1)")
      }
      #expect(
        reported.sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1)" }
          == expectedOutcomes.sorted { $0.0 < $1.0 }.map { "\($0.0) \($0.1)" }, "\(plan)")
      let result = object["result"] as? [String: Any] ?? [:]
      let decimals = (result["expectedPayoffs"] as? [[String: Any]] ?? []).map { $0["decimal"] as? Double ?? .nan }
      #expect(decimals.count == 2)
      #expect(abs((decimals.first ?? .nan) - payoffs.0) < 1e-5 && abs((decimals.last ?? .nan) - payoffs.1) < 1e-5)
    }
  }

  @Test func tooManyBranchesIsALimit() throws {
    let coins = String(repeating: "with probability 1/2 { } else { } ", count: 10)
    let directory = try temporaryProgramDirectory([
      "Many.bargain": standoffHeader + "plan { at 0 { \(coins)} }\nmain Demand70\n"
    ])
    let result = CLI.run(["bargain", directory + "/Many.bargain", lobianFair, "--horizon", "0"])
    #expect(result.exitCode == 3)
    #expect(
      result.stderr.contains(
        "Many.bargain:13:321: error: resource limit reached: randomized plans have more than 1000 branches"))
    #expect(result.stderr.contains("(maxPlanBranches = 1000)"))
  }

  @Test func badProbabilitiesAreLocated() throws {
    let directory = try temporaryProgramDirectory([
      "Big.bargain": standoffHeader + "plan { at 0 { with probability 3/2 { close } else { } } }\nmain Demand70\n",
      "Them.bargain": standoffHeader
        + "plan { at 0 { with probability them(me).demand { close } else { } } }\nmain Demand70\n",
      "NoElse.bargain": standoffHeader + "plan { at 0 { with probability 1/2 { close } } }\nmain Demand70\n",
    ])
    let big = CLI.run(["bargain", directory + "/Big.bargain", lobianFair])
    #expect(big.exitCode == 1)
    #expect(big.stderr.contains("Big.bargain:13:15: error: a probability must be between 0 and 1, found 1.5"))
    let them = CLI.run(["bargain", "check", directory + "/Them.bargain"])
    #expect(them.exitCode == 1)
    #expect(
      them.stderr.contains(
        "Them.bargain:13:32: error: a program chosen on the command line or in a plan cannot use `them`"))
    let noElse = CLI.run(["bargain", "check", directory + "/NoElse.bargain"])
    #expect(noElse.exitCode == 1)
    #expect(noElse.stderr.contains("NoElse.bargain:13:46: error: expected 'else'"))
  }

  @Test func sampledPlaysAreRefused() {
    let result = CLI.run(["bargain", protocolPath("Gambler"), lobianFair, "--seed", "1"])
    #expect(result.exitCode == 2)
    #expect(result.stderr.contains("--seed needs a single match, and randomized plans make 2 branches (rule P16)"))
  }

  @Test func formattingKeepsTheDraw() {
    let result = CLI.run(["bargain", "fmt", "--stdout", protocolPath("Gambler")])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("    with probability 1 / 2 {\n      commit demand <= 40\n    } else {\n    }\n"))
  }

  @Test func tournamentsUseTheExpectedPayoffs() {
    let result = CLI.run(["bargain", "tournament", protocolPath("Gambler"), lobianFair])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stdout.contains(
        "Gambler vs LobianFair: chance; row 40 fight 1/2 | 100 fight 1/2; column 50 walk 1/2 | 100 fight 1/2; payoffs 5, 10; T not reached"
      ))
    #expect(result.stdout.contains("Gambler vs Gambler: chance;"))
    #expect(result.stdout.contains("payoffs -25/2, -25/2"))
  }

  /// When T differs between branches, a tournament pair states no T; the reasons list it.
  @Test func tournamentPairsWithBranchesOfDifferentT() throws {
    let directory = try temporaryProgramDirectory([
      "SomeT.bargain": standoffHeader + """
        program D40 { demand 40 outside walk }
        plan { at 0 { with probability 1/3 { commit program D40 } else { } } }
        main Demand70
        """
    ])
    let result = CLI.run(["bargain", "tournament", directory + "/SomeT.bargain", lobianFair, "--json"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let pairs = try #require(object["pairs"] as? [[String: Any]])
    let pair = try #require(pairs.first { $0["row"] as? Int == 1 && $0["column"] as? Int == 2 })
    #expect(pair["T"] == nil)
    let sides = try #require(pair["sides"] as? [[String: Any]])
    #expect(
      sides.first?["reason"] as? String
        == "randomized plans: 2 branches (rule P16); T by branch: t=1 (1/3), not reached (2/3)")
    #expect(sides.first?["program"] as? String == "D40 | Demand70")
    // 1/3 × (40, 50) + 2/3 × Demand70 against a LobianFair that knows nothing: (−30, −30).
    #expect((pair["payoffs"] as? [[String: Any]])?.map { $0["exact"] as? String ?? "?" } == ["-20/3", "-10/3"])
  }
}
