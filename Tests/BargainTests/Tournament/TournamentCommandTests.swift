// `bargain tournament`: populations from studies, files and directories; exact payoffs; the same
// bytes whatever the number of jobs; mirrored pairs equal to played ones; limits and errors.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainTournament

@Suite struct TournamentCommandTests {
  static let dilemma = """
    game PrisonersDilemma
    program RandomBot { with probability 1/2 { play C } else { play D } }
    tournament {
      agents FairBot, DefectBot, CooperateBot, RandomBot
    }

    """

  @Test func payoffsOutputsAndLevelsOfEveryOrderedPair() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("study.bargain", Self.dilemma)
    let result = scratch.run(["tournament", "study.bargain", "--csv"], paths: ["study.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 17)
    #expect(lines.contains("1,2,FairBot,DefectBot,played,D,D,1,0,1,1,exact,,,false,"))
    #expect(lines.contains("2,1,DefectBot,FairBot,played,D,D,0,1,1,1,exact,,,true,"))
    #expect(lines.contains("1,3,FairBot,CooperateBot,played,C,C,0,0,2,2,exact,,,false,"))
    #expect(lines.contains("2,3,DefectBot,CooperateBot,played,D,C,0,0,3,0,exact,,,false,"))
    // RandomBot plays C or D with probability 1/2: against CooperateBot the expected payoffs are
    // (1/2·2 + 1/2·3, 1/2·2 + 1/2·0) = (5/2, 1).
    #expect(lines.contains("4,3,RandomBot,CooperateBot,chance,C 1/2 | D 1/2,C 1,,,5/2,1,exact,,,true,"))
    #expect(lines.contains("3,4,CooperateBot,RandomBot,chance,C 1,C 1/2 | D 1/2,,,1,5/2,exact,,,false,"))
  }

  /// A directory's shared game file is no agent: it is skipped, not an error (it was "declares no
  /// program to play" before), while a file that names no playable program still is an error.
  @Test func directoryOfAgentsSkipsItsGameFile() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "d/Game.bargain",
      "game Small {\n  actions C, D\n  payoff (C, C) = (2, 2)\n  payoff (C, D) = (0, 3)\n  payoff (D, C) = (3, 0)\n  payoff (D, D) = (1, 1)\n}\n"
    )
    try scratch.write("d/Cooperator.bargain", "import \"Game.bargain\"\ngame Small\nprogram Cooperator { play C }\n")
    try scratch.write("d/Defector.bargain", "import \"Game.bargain\"\ngame Small\nprogram Defector { play D }\n")
    let result = scratch.run(["tournament", "d", "--csv"], paths: ["d"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 5)
    #expect(lines.contains { $0.hasPrefix("1,2,Cooperator,Defector,played,C,D,") })
    #expect(!result.stdout.contains("Game"))
    try scratch.write("e/Params.bargain", "game PrisonersDilemma\nprogram Demand(k: int) { play C }\n")
    let refused = scratch.run(["tournament", "e"], paths: ["e"])
    #expect(refused.exitCode == 1)
    #expect(refused.stderr.contains("takes parameters"))
  }

  @Test func textShowsTheMatrixAndStatesWhichPairsWerePlayed() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("study.bargain", Self.dilemma)
    let result = scratch.run(["tournament", "study.bargain"], paths: ["study.bargain"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("pairs       each unordered pair once (10 matches), the mirror filled in"))
    #expect(result.stdout.contains("  3        2, 2      0, 3      2, 2    1, 5/2\n"))
    #expect(result.stdout.contains("  FairBot vs DefectBot: played; row D PA+1; column D PA+0; payoffs 1, 1\n"))
    let ordered = scratch.run(["tournament", "study.bargain", "--ordered"], paths: ["study.bargain"])
    #expect(ordered.stdout.contains("pairs       every ordered pair (16 matches)"))
  }

  /// Mirrored cells are what playing the pair the other way round gives.
  @Test func unorderedEqualsOrderedInSymmetricGames() throws {
    let root = SyntaxPaths.root
    let inputs = [root + "/Programs/prisoners-dilemma", root + "/Programs/simulation"]
    let unordered = CLI.run(["bargain", "tournament", "--json"] + inputs)
    let ordered = CLI.run(["bargain", "tournament", "--json", "--ordered"] + inputs)
    #expect(unordered.exitCode == 0)
    func pairs(_ text: String) throws -> [NSDictionary] {
      let object = try jsonObject(text)
      return try #require(object["pairs"] as? [[String: Any]]).map { pair in
        var copy = pair
        copy["mirrored"] = nil
        copy["matchups"] = nil
        return copy as NSDictionary
      }
    }
    let a = try pairs(unordered.stdout)
    #expect(a.count == 100)
    #expect(a == (try pairs(ordered.stdout)))
  }

  /// `--csv` alone streams; with `--html` the whole result is kept and rendered at the end. Both
  /// give the same bytes, exit code and diagnostics, with mirrored and failing pairs, on 1 or 2 jobs.
  @Test(arguments: [[], ["--ordered"]], ["1", "2"])
  func streamedCSVIsTheRenderedCSV(order: [String], jobs: String) throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "study.bargain",
      """
      game PrisonersDilemma
      program Picky { if provable(them(me) == C) and 1 / 0 == 0 { play C } else { play D } }
      program RandomBot { with probability 1/3 { play C } else { play D } }
      tournament { agents FairBot, DefectBot, Picky, CooperateBot, RandomBot }

      """)
    let words = ["tournament", "study.bargain", "--csv", "--jobs", jobs] + order
    let streamed = scratch.run(words, paths: ["study.bargain"])
    let kept = scratch.run(words + ["--html", scratch.prefix + "report.html"], paths: ["study.bargain"])
    #expect(streamed.exitCode == 1)
    #expect(streamed.stderr.contains("division by zero"), "\(streamed.stderr)")
    #expect(streamed.stdout.split(separator: "\n").count == 26)
    #expect(streamed == kept)
  }

  /// A streamed report whose reader went away stops quietly; a failing write is an error (exit 1).
  @Test func streamedOutputStopsWhenTheReaderGoesAway() throws {
    var ends: [Int32] = [0, 0]
    try #require(pipe(&ends) == 0)
    close(ends[0])
    let previous = signal(SIGPIPE, SIG_IGN)
    defer { _ = signal(SIGPIPE, previous) }
    let closed = StreamedOutput(descriptor: ends[1])
    #expect(!closed.write("row\n"))
    #expect(closed.closed && closed.failure == nil)
    close(ends[1])
    let failing = StreamedOutput(descriptor: ends[1])
    #expect(!failing.write("row\n"))
    #expect(failing.failure == EBADF)
    let buffered = StreamedOutput(descriptor: nil)
    #expect(buffered.write("a\n") && buffered.write("b\n"))
    #expect(buffered.buffered == "a\nb\n")
  }

  @Test func outputIsTheSameBytesWithAnyNumberOfJobs() throws {
    let root = SyntaxPaths.root
    let inputs = [
      root + "/Programs/prisoners-dilemma", root + "/Programs/simulation", root + "/Programs/bounded",
    ]
    for format in [[], ["--csv"], ["--json"]] {
      let serial = CLI.run(["bargain", "tournament", "--jobs", "1"] + format + inputs)
      let parallel = CLI.run(["bargain", "tournament", "--jobs", "4"] + format + inputs)
      #expect(serial.exitCode == 0, "\(serial.stderr)")
      #expect(serial == parallel)
    }
  }

  @Test func familiesExpandToOneAgentPerValue() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "split.bargain",
      """
      game Split { resource 100 demands 0..100 step 25 outside walk disagreement (walk, walk) = (0, 0) }
      program Demand(amount: int) { demand amount outside walk }
      tournament {
        agents Demand(k) for k in 0..100 step 25
      }

      """)
    let result = scratch.run(["tournament", "split.bargain", "--json"], paths: ["split.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try jsonObject(result.stdout)
    let agents = try #require(object["agents"] as? [[String: Any]])
    #expect(
      agents.compactMap { $0["name"] as? String } == [
        "Demand(0)", "Demand(25)", "Demand(50)", "Demand(75)", "Demand(100)",
      ])
    let pairs = try #require(object["pairs"] as? [[String: Any]])
    // Demand(25) against Demand(75): the demands fit exactly; Demand(50) against Demand(75) do not.
    let fit = try #require(pairs.first { ($0["row"] as? Int) == 2 && ($0["column"] as? Int) == 4 })
    #expect(fit["kind"] as? String == "agreement")
    let payoffs = try #require(fit["payoffs"] as? [[String: Any]])
    #expect(payoffs.compactMap { $0["exact"] as? String } == ["25", "75"])
    let clash = try #require(pairs.first { ($0["row"] as? Int) == 3 && ($0["column"] as? Int) == 4 })
    #expect(clash["kind"] as? String == "disagreement")
    #expect((clash["conflict"] as? [String: Any])?["exact"] as? String == "1")
    #expect(object["schemaVersion"] as? Int == JSON.schemaVersion)
  }

  @Test func agentFilesInADeclarationKeepTheirPlans() throws {
    let root = SyntaxPaths.root
    let scratch = try ScratchDirectory()
    try scratch.write(
      "study.bargain",
      """
      tournament {
        agents "\(root)/Programs/protocol/AliceOpen.bargain", "\(root)/Programs/protocol/BobBully.bargain"
        horizon 8
      }

      """)
    let result = scratch.run(["tournament", "study.bargain", "--json"], paths: ["study.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try jsonObject(result.stdout)
    #expect(object["order"] as? String == "ordered")
    #expect(object["horizon"] as? Int == 8)
    let pairs = try #require(object["pairs"] as? [[String: Any]])
    #expect(pairs.count == 4)
    #expect(pairs.allSatisfy { $0.keys.contains("T") })
    let agents = try #require(object["agents"] as? [[String: Any]])
    #expect(agents.compactMap { $0["name"] as? String } == ["AliceOpen", "BobBully"])
  }

  @Test func familyErrorsPointAtTheFamily() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "bad.bargain",
      """
      game PrisonersDilemma
      tournament {
        agents FairBot for k in 5..1
      }

      """)
    let result = scratch.run(["tournament", "bad.bargain"], paths: ["bad.bargain"])
    #expect(result.exitCode == 1)
    #expect(result.stderr.hasPrefix("bad.bargain:3:18: error: the family's range 5..1 is empty\n"))
    #expect(result.stderr.contains("^"))
  }

  /// Rule R1: more than `maxAgents` agents is a limit (exit 3), reported before anything is played.
  @Test func tooManyAgentsIsALimit() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "huge.bargain",
      """
      game PrisonersDilemma
      program Budget(n: int) { if provable within n (them(me) == C) { play C } else { play D } }
      tournament {
        agents Budget(k) for k in 0..\(TournamentLimits.maxAgents)
      }

      """)
    let result = scratch.run(["tournament", "huge.bargain"], paths: ["huge.bargain"])
    #expect(result.exitCode == 3)
    #expect(result.stderr.contains("huge.bargain:4:20: error: the tournament has more than 2000 agents (maxAgents)"))
  }

  @Test func usageErrors() {
    #expect(CLI.run(["bargain", "tournament"]).exitCode == 2)
    #expect(CLI.run(["bargain", "tournament", "x.bargain", "--jobs", "0"]).exitCode == 2)
    #expect(CLI.run(["bargain", "tournament", "x.bargain", "--frobnicate"]).exitCode == 2)
  }
}

/// The package root, for tests that read `Programs/`.
enum SyntaxPaths {
  static var root: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().path
  }
}

@Suite struct TournamentEngineTests {
  /// Pre-bargaining computed once per planless agent gives exactly what running it per pair gives.
  @Test func preparedPlanlessAgentsGiveTheSameResults() throws {
    let size = 12
    let (world, agents) = try TournamentBench.checkedPopulation(
      TournamentBench.population(size: size, seed: 3), size: size
    ).get()
    let options = TournamentOptions()
    let prepared = Tournament.prepare(world: world, agents: agents, options: options)
    #expect(prepared.outcomes.allSatisfy { $0 != nil })
    for row in 0..<size {
      for column in 0..<size {
        let full = Tournament.play(world: world, agents: agents, row, column, options)
        let fast = Tournament.play(world: world, agents: agents, row, column, options, prepared: prepared)
        #expect(full == fast, "pair \(row), \(column)")
        #expect(full.result != nil)
      }
    }
  }

  /// Streaming hands over every ordered pair in row-major order, the same cells `run` makes.
  @Test func streamingEqualsRun() throws {
    let size = 7
    let (world, agents) = try TournamentBench.checkedPopulation(
      TournamentBench.population(size: size, seed: 5), size: size
    ).get()
    let options = TournamentOptions(jobs: 2, order: .ordered)
    var streamed: [PairOutcome] = []
    Tournament.stream(world: world, agents: agents, options: options) { streamed += $0 }
    #expect(streamed == Tournament.run(world: world, agents: agents, options: options).cells)
  }

  /// Unordered streaming: each unordered pair played once, every ordered pair handed over once.
  @Test func unorderedStreamingCoversEveryOrderedPairOnce() throws {
    let size = 9
    let (world, agents) = try TournamentBench.checkedPopulation(
      TournamentBench.population(size: size, seed: 6), size: size
    ).get()
    let options = TournamentOptions(jobs: 2)
    var streamed: [PairOutcome] = []
    Tournament.stream(world: world, agents: agents, options: options) { streamed += $0 }
    func position(_ outcome: PairOutcome) -> Int {
      switch outcome {
      case .played(let result): return result.row * size + result.column
      case .failed(let failure): return failure.row * size + failure.column
      }
    }
    let sorted = streamed.sorted { position($0) < position($1) }
    let result = Tournament.run(world: world, agents: agents, options: options)
    #expect(result.order == .unordered)
    #expect(sorted == result.cells)
  }

  /// Streaming whole rows: the cells of `run`, row-major, in blocks of whole rows, in both orders
  /// and with any number of jobs; unordered mirrors played again equal the mirrored cells.
  @Test(arguments: [PairOrder.ordered, .unordered], [1, 2])
  func streamingRowsEqualsRun(order: PairOrder, jobs: Int) throws {
    let size = 7
    let (world, agents) = try TournamentBench.checkedPopulation(
      TournamentBench.population(size: size, seed: 5), size: size
    ).get()
    let options = TournamentOptions(jobs: jobs, order: order)
    var streamed: [PairOutcome] = []
    var blocks: [Range<Int>] = []
    Tournament.streamRows(world: world, agents: agents, options: options, pairsPerBlock: 15) { rows, cells in
      blocks.append(rows)
      #expect(cells.count == rows.count * size)
      streamed += cells
      return true
    }
    #expect(blocks == [0..<2, 2..<4, 4..<6, 6..<7])
    #expect(streamed == Tournament.run(world: world, agents: agents, options: options).cells)
    var first: [Range<Int>] = []
    Tournament.streamRows(world: world, agents: agents, options: options, pairsPerBlock: 15) { rows, _ in
      first.append(rows)
      return false
    }
    #expect(first == [0..<2])
  }
}
