// Same inputs, same bytes (STYLE habit 10): every pairing of the example programs is played twice
// with `--json --frames` and must print identical output with exactly the documented keys.

import Foundation
import Testing

@testable import BargainCLI

/// The repository's `Programs/` directory, found from this file's path.
private let programsDirectory: URL = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .appendingPathComponent("Programs")

/// The `.bargain` files under one example directory, subdirectories included, sorted.
func exampleAgents(_ directory: String) -> [String] {
  let folder = programsDirectory.appendingPathComponent(directory)
  let names = FileManager.default.subpaths(atPath: folder.path) ?? []
  return names.filter { $0.hasSuffix(".bargain") }.sorted().map { folder.appendingPathComponent($0).path }
}

/// The `bargain` executable next to the test bundle (SwiftPM builds it with the tests).
func bargainExecutable() -> URL? {
  var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
  for _ in 0..<4 {
    let candidate = directory.appendingPathComponent("bargain")
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
      return candidate
    }
    directory.deleteLastPathComponent()
  }
  return nil
}

/// Runs the executable in a new process: a new process gets a new hashing seed, so output that
/// follows `Dictionary` or `Set` order would differ between two runs.
func runProcess(_ executable: URL, _ arguments: [String]) throws -> CommandResult {
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  let output = Pipe()
  let errors = Pipe()
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  let stdout = output.fileHandleForReading.readDataToEndOfFile()
  let stderr = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return CommandResult(
    stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
    exitCode: process.terminationStatus)
}

/// The bargaining examples that are agents: every file except the game declaration, with the
/// parameterised `Demand` given an argument.
func bargainingAgents() -> [String] {
  // `rounds/` plays another game (`Haggle`, rules M1-M7): `roundsAgents`.
  exampleAgents("bargaining").filter { !$0.contains("/bargaining/rounds/") }.compactMap { path in
    switch (path as NSString).lastPathComponent {
    case "Standoff.bargain": return nil
    case "Demand.bargain": return path + ":Demand(60)"
    default: return path
    }
  }
}

/// The multi-round agents of `bargaining/rounds/` (not `short/`, which plays another `Haggle`).
func roundsAgents() -> [String] {
  exampleAgents("bargaining/rounds").filter { path in
    !path.contains("/short/") && !path.contains("/costly/") && !path.hasSuffix("/Haggle.bargain")
  }
}

/// Every (row, column) pair, self-play included, as "row|column".
func pairings(_ agents: [String]) -> [String] {
  agents.flatMap { row in agents.map { column in row + "|" + column } }
}

@Suite("Determinism")
struct DeterminismTests {
  /// The keys README.md documents under "JSON output", sorted as rendered. `players` entries may
  /// also carry `binding`, but only when a side's program is bound by its commitments (rule P8),
  /// which no example here is.
  static let topLevelKeys = [
    "T", "frames", "game", "horizon", "lag", "matchups", "players", "result", "schemaVersion", "stableWorld",
    "timeline",
  ]
  static let playerKeys = ["agent", "bounded", "established", "file", "level", "output", "program"]

  @Test func examplesArePresent() {
    // Seven bots plus the CliqueBot copy in clique-copy/; seven bargaining agents.
    #expect(exampleAgents("prisoners-dilemma").count == 8)
    #expect(bargainingAgents().count == 7)
    #expect(roundsAgents().count == 6)
  }

  @Test(arguments: pairings(exampleAgents("prisoners-dilemma")))
  func prisonersDilemmaPairing(_ pairing: String) throws {
    try playTwiceAndCompare(pairing, game: "PrisonersDilemma")
  }

  @Test(arguments: pairings(bargainingAgents()))
  func bargainingPairing(_ pairing: String) throws {
    try playTwiceAndCompare(pairing, game: "Standoff")
  }

  @Test(arguments: pairings(roundsAgents()))
  func roundsPairing(_ pairing: String) throws {
    // The prober simulates and the mixed conceder draws: rounds with chance (rule M8), whose
    // players carry no single output or level.
    let chance = pairing.contains("Prober") || pairing.contains("MixedConceder")
    try playTwiceAndCompare(
      pairing, game: "Haggle", extraKeys: chance ? ["roundsChance"] : ["rounds", "roundsEnd"],
      playerKeys: chance ? ["agent", "bounded", "file", "program"] : Self.playerKeys)
  }

  func playTwiceAndCompare(
    _ pairing: String, game: String, extraKeys: [String] = [], playerKeys: [String] = Self.playerKeys
  ) throws {
    let agents = pairing.split(separator: "|").map(String.init)
    try #require(agents.count == 2)
    let arguments = [agents[0], agents[1], "--json", "--frames"]
    let first = CLI.run(["bargain"] + arguments)
    #expect(first.exitCode == ExitCode.success, "\(first.stderr)")
    #expect(first.stderr == "")
    #expect(CLI.run(["bargain"] + arguments) == first)
    // Two more runs in fresh processes, each with its own hashing seed.
    let executable = try #require(bargainExecutable(), "the bargain executable is built with the tests")
    #expect(try runProcess(executable, arguments) == first)
    #expect(try runProcess(executable, arguments) == first)

    let object = try jsonObject(first.stdout)
    #expect(object.keys.sorted() == (Self.topLevelKeys + extraKeys).sorted())
    let players = try #require(object["players"] as? [[String: Any]])
    #expect(players.count == 2)
    for player in players { #expect(player.keys.sorted() == playerKeys) }
    #expect(players.map { $0["file"] as? String } == agents.map { CLI.splitAgent($0).path })
    let gameObject = try #require(object["game"] as? [String: Any])
    #expect(gameObject["name"] as? String == game)
    // One frame per world up to the stable one.
    let frames = try #require(object["frames"] as? [[String: Any]])
    let stableWorld = try #require(object["stableWorld"] as? Int)
    #expect(frames.count == stableWorld + 1)
    #expect(frames.map { $0["world"] as? Int } == Array(0...stableWorld))
  }

  @Test func withoutFramesThereIsNoFramesKey() throws {
    let agents = exampleAgents("prisoners-dilemma")
    let result = CLI.run(["bargain", agents[0], agents[1], "--json"])
    #expect(result.exitCode == ExitCode.success)
    let object = try jsonObject(result.stdout)
    #expect(object.keys.sorted() == Self.topLevelKeys.filter { $0 != "frames" })
  }

  /// Keys are sorted in the text too, not only present: the renderer owns the order.
  @Test func keysAppearSorted() throws {
    let agents = bargainingAgents()
    let result = CLI.run(["bargain", agents[0], agents[1], "--json", "--frames"])
    let topLevel = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map {
      String($0.dropFirst(3).prefix { $0 != "\"" })
    }
    #expect(topLevel == Self.topLevelKeys)
  }
}
