// The pre-bargaining protocol: exact timelines, rejections, T, enforcement, options and limits.

import BargainCLI
import Foundation
import Testing

/// Writes `files` into a fresh temporary directory and returns its path.
func temporaryProgramDirectory(_ files: [String: String]) throws -> String {
  let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bargain-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  for (name, text) in files {
    try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
  }
  return directory.path
}

let standoffHeader = """
  game Standoff {
    resource 100
    demands 0..100 step 10
    outside walk, fight
    disagreement (walk, walk) = (0, 0)
    disagreement (fight, walk) = (40, -10)
    disagreement (walk, fight) = (-10, 40)
    disagreement (fight, fight) = (-30, -30)
  }
  program Demand70 { demand 70 outside fight }
  program Concede30 { demand 30 outside walk }
  program Fair { if provable(them(me).demand <= 50) { demand 50 outside walk } else { demand 100 outside fight } }

  """

@Suite struct ProtocolTests {

  func events(_ object: [String: Any]) -> [String] {
    let timeline = object["timeline"] as? [[String: Any]] ?? []
    return timeline.map { event in
      let time = event["t"] as? Int ?? -1
      return
        "t=\(time) \(event["agent"] as? String ?? "?") \(event["event"] as? String ?? "?"): \(event["detail"] as? String ?? "?")"
    }
  }

  @Test func aliceOpenAgainstBobBullyTimeline() throws {
    let object = try playJSON([protocolPath("AliceOpen"), protocolPath("BobBully")])
    #expect(object["T"] as? Int == 4)
    #expect(
      events(object) == [
        "t=0 BobBully capability: gains capability conditional",
        "t=0 AliceOpen prepare: prepares conditional (available from t=3)",
        "t=1 BobBully commit: commits program Demand70",
        "t=2 AliceOpen deliver: learns BobBully committed program Demand70 (at t=1)",
        "t=3 AliceOpen capability: gains capability conditional",
        "t=3 AliceOpen commit: commits program Concede30",
        "t=4 BobBully deliver: learns AliceOpen committed program Concede30 (at t=3)",
      ])
  }

  @Test func closedChannelFreezesKnowledgeUntilReopened() throws {
    let object = try playJSON([protocolPath("AliceClosed"), protocolPath("BobStubborn")])
    // Bob's commitment at t=0 is old enough at t=1, but Alice only receives it after reopening at t=3.
    #expect(events(object).contains("t=4 AliceClosed deliver: learns BobStubborn committed program Demand70 (at t=0)"))
    #expect(!events(object).contains { $0.hasPrefix("t=1 AliceClosed deliver") })
  }

  @Test func rejectionsStateTheirReason() throws {
    let floor = try playJSON([protocolPath("FloorFirst"), protocolPath("BobStubborn")])
    #expect(
      events(floor).contains(
        "t=2 FloorFirst reject: cannot commit program Concede30: it can output demand 30 outside walk, forbidden by demand >= 50 (t=0)"
      ))
    let late = try playJSON([protocolPath("LateBloomer"), protocolPath("BobStubborn")])
    #expect(
      events(late).contains(
        "t=2 LateBloomer reject: cannot commit program LobianFair: a program that inspects `them` needs the capability conditional, available from t=5"
      ))
    #expect(late["T"] as? Int == 6)
  }

  /// Rule P8: a main program that can break the agent's commitments bargains bound by them, and
  /// the bound program is what the report names.
  @Test func aMainProgramBargainsBoundByTheCommitments() throws {
    let object = try playJSON([protocolPath("Waiter"), protocolPath("BobStubborn")])
    #expect(object["T"] is NSNull)
    let players = try #require(object["players"] as? [[String: Any]])
    let row = players[0]
    #expect(row["agent"] as? String == "Hardliner under demand <= 30")
    #expect((row["output"] as? [String: Any])?["demand"] as? Int == 30)
    #expect((row["output"] as? [String: Any])?["outside"] as? String == "fight")
    #expect(row["programOutput"] == nil)
    #expect(row["binding"] as? String == "outputs outside demand <= 30 become the nearest allowed one (rule P8)")
    #expect(
      row["program"] as? String
        == "main program: no single program committed by t=10; bound by demand <= 30: outputs outside it become the nearest allowed one"
    )
    #expect(players[1]["binding"] == nil)
  }

  /// Issue 10, point 2: reasoning sees the binding. LobianFair proves that the bound Hardliner
  /// demands at most 50, so it asks for 50 and walks; before, it reasoned about the unbound
  /// Hardliner (demand 100), fought, and the device turned 100 into 30 afterwards: (-30, -30).
  @Test func reasoningSeesTheBoundProgram() throws {
    let object = try playJSON([protocolPath("Waiter"), Repository.path("Programs/bargaining/LobianFair.bargain")])
    let players = try #require(object["players"] as? [[String: Any]])
    #expect(players.map { ($0["output"] as? [String: Any])?["demand"] as? Int } == [30, 50])
    #expect(players.map { ($0["output"] as? [String: Any])?["outside"] as? String } == ["fight", "walk"])
    #expect(players.map { $0["level"] as? Int } == [0, 0])
    let result = try #require(object["result"] as? [String: Any])
    #expect(result["kind"] as? String == "agreement")
    #expect((result["payoffs"] as? [Any])?.map { "\($0)" } == ["30", "50"])
  }

  /// The same from the other seat, in a program that asks about the bound program's play
  /// against a third program: the binding holds against every opponent.
  @Test func theBindingHoldsAgainstEveryOpponent() throws {
    let directory = try temporaryProgramDirectory([
      "Capped.bargain": standoffHeader + """
        program Greedy { demand 100 outside fight }
        plan { at 0 { commit demand <= 40 } }
        main Greedy
        """,
      "Asker.bargain": standoffHeader + """
        program Asker {
          if provable(them(Demand70).demand <= 40 and them(me).demand <= 40) { demand 60 outside walk }
          else { demand 0 outside fight }
        }
        """,
    ])
    let object = try playJSON([directory + "/Capped.bargain", directory + "/Asker.bargain"])
    let players = try #require(object["players"] as? [[String: Any]])
    #expect(players.map { $0["agent"] as? String } == ["Greedy under demand <= 40", "Asker"])
    #expect(players.map { ($0["output"] as? [String: Any])?["demand"] as? Int } == [40, 60])
    #expect((object["result"] as? [String: Any])?["kind"] as? String == "agreement")
  }

  /// A committed single program that respects the commitments is not rebound: it keeps its name
  /// and its source identity (CliqueBot-style comparisons still see it).
  @Test func aRespectingProgramIsNotRebound() throws {
    let object = try playJSON([protocolPath("FloorFirst"), protocolPath("BobStubborn")])
    let players = try #require(object["players"] as? [[String: Any]])
    #expect(players.map { $0["agent"] as? String } == ["LobianFair", "Demand70"])
    #expect(players.allSatisfy { $0["binding"] == nil })
  }

  @Test func checkWarnsThatTheMainProgramWillBeBound() {
    let result = CLI.run(["bargain", "check", protocolPath("Waiter")])
    #expect(result.exitCode == 0)
    #expect(
      result.stderr.contains(
        "Waiter.bargain:16:6: warning: main program Hardliner can output demand 100 outside fight, forbidden by `demand <= 30` (unconditional, t=0)"
      ))
  }

  @Test func filesWithoutPlansCommitAtZeroAndReachTAtOne() throws {
    let object = try playJSON([
      Repository.path("Programs/bargaining/LobianFair.bargain"),
      Repository.path("Programs/bargaining/Hardliner.bargain"),
    ])
    #expect(object["T"] as? Int == 1)
    #expect(events(object).count == 4)
  }

  @Test func lagAndHorizonOptionsChangeTheTimeline() throws {
    let slow = try playJSON([protocolPath("AliceOpen"), protocolPath("BobStubborn"), "--lag", "4"])
    // Bob's t=0 commitment reaches Alice only at t=4, after she chose LobianFair at t=3.
    let players = try #require(slow["players"] as? [[String: Any]])
    #expect(players[0]["agent"] as? String == "LobianFair")
    #expect(slow["T"] as? Int == 7)
    let short = try playJSON([protocolPath("AliceOpen"), protocolPath("BobStubborn"), "--horizon", "2"])
    #expect(short["T"] is NSNull)
    #expect(short["horizon"] as? Int == 2)
  }

  @Test func badProtocolOptionsAreUsageErrors() {
    for arguments in [["--lag", "0"], ["--horizon", "-1"], ["--horizon", "10001"], ["--lag"], ["--horizon", "x"]] {
      let result = CLI.run(["bargain", protocolPath("AliceOpen"), protocolPath("BobBully")] + arguments)
      #expect(result.exitCode == 2, "\(arguments)")
      #expect(result.stderr.hasPrefix("bargain: error: --"), "\(arguments)")
    }
  }

  @Test func timelineIsDeterministic() {
    let arguments = ["bargain", protocolPath("AliceClosed"), protocolPath("BobBully"), "--json"]
    #expect(CLI.run(arguments) == CLI.run(arguments))
  }

  @Test func checkWarnsAboutCommitmentsThatCanNeverBeAccepted() {
    let result = CLI.run(["bargain", "check", protocolPath("FloorFirst")])
    #expect(result.exitCode == 0)
    #expect(
      result.stderr.contains("FloorFirst.bargain:18:5: warning: `commit program Concede30` can never be accepted"))
  }

  @Test func unknownProgramInAPlanIsAnError() throws {
    let directory = try temporaryProgramDirectory([
      "A.bargain": standoffHeader + "plan { at 0 { commit program Demand07 } }\nmain Demand70\n"
    ])
    let result = CLI.run(["bargain", "check", directory + "/A.bargain"])
    #expect(result.exitCode == 1)
    #expect(result.stderr.contains("error: unknown name 'Demand07'"))
    #expect(result.stderr.contains("did you mean 'Demand70'?"))
  }

  @Test func planTimesBeyondTheHorizonLimitAreErrors() throws {
    let directory = try temporaryProgramDirectory([
      "A.bargain": standoffHeader + "plan { at 20000 { close } }\nmain Demand70\n"
    ])
    let result = CLI.run(["bargain", "check", directory + "/A.bargain"])
    #expect(result.exitCode == 3)
    #expect(result.stderr.contains("error: time 20000 is outside 0...10000 (maxHorizon)"))
  }

  @Test func ledgerLimitEndsTheRunCleanly() throws {
    let block = Array(repeating: "commit demand >= 0", count: 1000).joined(separator: "\n")
    let steps = (0...10).map { "at \($0) {\n\(block)\n}" }.joined(separator: "\n")
    let directory = try temporaryProgramDirectory([
      "A.bargain": standoffHeader + "plan {\n\(steps)\n}\nmain Demand70\n",
      "B.bargain": standoffHeader + "main Concede30\n",
    ])
    let result = CLI.run(["bargain", directory + "/A.bargain", directory + "/B.bargain"])
    #expect(result.exitCode == 3)
    #expect(result.stderr.contains("maxLedgerEntries = 10000"))
  }

  @Test func actionsPerStepLimitEndsTheRunCleanly() throws {
    let block = Array(repeating: "if true { close open }", count: 600).joined(separator: "\n")
    let directory = try temporaryProgramDirectory([
      "A.bargain": standoffHeader + "plan {\nat 0 {\n\(block)\n}\n}\nmain Demand70\n",
      "B.bargain": standoffHeader + "main Concede30\n",
    ])
    let result = CLI.run(["bargain", directory + "/A.bargain", directory + "/B.bargain"])
    #expect(result.exitCode == 3)
    #expect(result.stderr.contains("maxActionsPerStep = 1000"))
  }

  @Test func planStepLimitIsAParseError() throws {
    let steps = (0..<1001).map { "at \($0 % 10) { close }" }.joined(separator: "\n")
    let directory = try temporaryProgramDirectory(["A.bargain": standoffHeader + "plan {\n\(steps)\n}\nmain Demand70\n"]
    )
    let result = CLI.run(["bargain", "check", directory + "/A.bargain"])
    #expect(result.exitCode == 3)
    #expect(result.stderr.contains("error: too many steps in one plan; the limit is 1000"))
  }

  @Test func conditionsCombineAndReadChannelStatus() throws {
    let directory = try temporaryProgramDirectory([
      "A.bargain": standoffHeader
        + """
        grant conditional at 0
        plan {
          at 2 {
            if they committed program Demand70 and not (their channel is closed) { commit program Concede30 }
            else if they committed program { commit program Fair }
            else { commit demand <= 60 }
          }
        }
        main Fair
        """,
      "B.bargain": standoffHeader + "plan { at 0 { commit program Demand70 } }\nmain Demand70\n",
    ])
    let object = try playJSON([directory + "/A.bargain", directory + "/B.bargain"])
    #expect(events(object).contains("t=2 A commit: commits program Concede30"))
    #expect(object["T"] as? Int == 3)
  }
}
