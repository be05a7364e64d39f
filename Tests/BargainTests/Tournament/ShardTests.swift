// Shards (rule R9): every `--shard i/n` together, merged, give the unsharded run's bytes.

import Foundation
import Testing

@testable import BargainCLI

@Suite struct ShardTests {
  /// A population with chance, plans, a failing pair (a runtime error) and mirrored pairs.
  static let study = """
    game PrisonersDilemma
    program RandomBot { with probability 1/3 { play C } else { play D } }
    program Picky { if provable(them(me) == C) and 1 / 0 == 0 { play C } else { play D } }
    tournament { agents FairBot, DefectBot, RandomBot, Picky, CooperateBot }

    """

  func run(_ scratch: ScratchDirectory, _ words: [String]) -> CommandResult {
    scratch.run(["tournament", "study.bargain"] + words, paths: ["study.bargain"])
  }

  /// A shard file as written (with the study's full path, which `merge` loads again).
  func shard(_ scratch: ScratchDirectory, _ index: Int, of count: Int) -> CommandResult {
    CLI.run(["bargain", "tournament", scratch.prefix + "study.bargain", "--shard", "\(index)/\(count)"])
  }

  @Test(arguments: [1, 2, 3, 7])
  func mergedShardsAreTheUnshardedRun(shards: Int) throws {
    let scratch = try ScratchDirectory()
    try scratch.write("study.bargain", Self.study)
    var files: [String] = []
    for index in 1...shards {
      let shard = shard(scratch, index, of: shards)
      #expect(shard.exitCode == 0, "\(shard.stderr)")
      try scratch.write("shard-\(index).json", shard.stdout)
      files.append(scratch.prefix + "shard-\(index).json")
    }
    for format in [[], ["--csv"], ["--json"]] {
      let single = run(scratch, format)
      var merged = CLI.run(["bargain", "merge"] + files.reversed() + format)
      merged.stdout = merged.stdout.replacingOccurrences(of: scratch.prefix, with: "")
      merged.stderr = merged.stderr.replacingOccurrences(of: scratch.prefix, with: "")
      #expect(merged == single)
    }
  }

  @Test func incompleteOrMixedShardsAreRefused() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("study.bargain", Self.study)
    try scratch.write("a.json", shard(scratch, 1, of: 2).stdout)
    try scratch.write("b.json", shard(scratch, 1, of: 3).stdout)
    let missing = CLI.run(["bargain", "merge", scratch.prefix + "a.json"])
    #expect(missing.exitCode == 1)
    #expect(missing.stderr == "bargain: error: shards missing: 2 of 2\n")
    let mixed = CLI.run(["bargain", "merge", scratch.prefix + "a.json", scratch.prefix + "b.json"])
    #expect(mixed.exitCode == 1)
    #expect(mixed.stderr.contains("belongs to another run"))
    #expect(CLI.run(["bargain", "tournament", "x.bargain", "--shard", "3/2"]).exitCode == 2)
    #expect(CLI.run(["bargain", "merge"]).exitCode == 2)
  }

  /// A FIFO named as a shard is refused before it is opened (opening it would block until a
  /// writer came); a directory and a missing file are refused with their reason.
  @Test func shardFilesMustBeRegularFiles() throws {
    let scratch = try ScratchDirectory()
    try #require(mkfifo(scratch.prefix + "pipe.json", 0o600) == 0)
    let pipe = CLI.run(["bargain", "merge", scratch.prefix + "pipe.json"])
    #expect(pipe.exitCode == 1)
    #expect(
      pipe.stderr
        == "bargain: error: cannot read shard '\(scratch.prefix)pipe.json': it is a FIFO, not a regular file\n")
    try FileManager.default.createDirectory(atPath: scratch.prefix + "dir.json", withIntermediateDirectories: false)
    let directory = CLI.run(["bargain", "merge", scratch.prefix + "dir.json"])
    #expect(
      directory.stderr
        == "bargain: error: cannot read shard '\(scratch.prefix)dir.json': it is a directory, not a regular file\n")
    let missing = CLI.run(["bargain", "merge", scratch.prefix + "none.json"])
    #expect(missing.stderr == "bargain: error: cannot read shard '\(scratch.prefix)none.json': no such file\n")
  }
}
