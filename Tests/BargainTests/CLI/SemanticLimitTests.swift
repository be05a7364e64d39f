// Limits added with the checker's later features: `let` bindings per program.

import BargainCLI
import Foundation
import Testing

@Suite struct SemanticLimitTests {
  @Test func maxLocals() throws {
    let lets = (0..<1_001).map { "  let x\($0) = \($0)" }.joined(separator: "\n")
    let directory = try temporaryProgramDirectory([
      "L.bargain": "game PrisonersDilemma\nprogram L {\n\(lets)\n  play C\n}\n"
    ])
    let result = CLI.run(["bargain", "check", directory + "/L.bargain"])
    #expect(result.exitCode == 3)
    #expect(
      result.stderr.hasPrefix(
        directory + "/L.bargain:1003:3: error: a program may have at most 1000 `let` bindings (maxLocals)"))
    // At the limit it is fine.
    let fine = (0..<1_000).map { "  let x\($0) = \($0)" }.joined(separator: "\n")
    let ok = try temporaryProgramDirectory(["L.bargain": "game PrisonersDilemma\nprogram L {\n\(fine)\n  play C\n}\n"])
    #expect(CLI.run(["bargain", "check", ok + "/L.bargain"]).exitCode == 0)
  }
}
