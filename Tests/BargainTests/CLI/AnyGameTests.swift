// Rule 2a: `game any { actions C, D }` agents play in any matrix game with those actions.

import Foundation
import Testing

@testable import BargainCLI

@Suite struct AnyGameTests {
  static let generic = """
    game any { actions C, D }
    program G { if provable(them(me) == C) { play C } else { play D } }
    """
  static let trio = """
    game Trio {
      actions C, D, W
      payoff (C, C) = (2, 2)
      payoff (C, D) = (0, 3)
      payoff (C, W) = (1, 1)
      payoff (D, C) = (3, 0)
      payoff (D, D) = (1, 1)
      payoff (D, W) = (1, 1)
      payoff (W, C) = (1, 1)
      payoff (W, D) = (1, 1)
      payoff (W, W) = (5, 5)
    }
    program T { play FairBot(them) }
    """

  @Test(arguments: [
    ("PrisonersDilemma", "played (C, C)", "row 2, column 2"), ("StagHunt", "played (C, C)", "row 4, column 4"),
    ("Chicken", "played (C, C)", "row 3, column 3"),
  ])
  func oneFilePlaysEveryPreludeGame(game: String, result: String, payoffs: String) throws {
    let scratch = try ScratchDirectory()
    try scratch.write("g.bargain", Self.generic)
    try scratch.write("o.bargain", "game \(game)\nprogram O { play FairBot(them) }\n")
    let match = scratch.play("g.bargain:G", "o.bargain")
    #expect(match.exitCode == 0, "\(match.stderr)")
    #expect(match.stdout.contains("game     \(game) (matrix game; actions C, D)"))
    #expect(match.stdout.contains("result   \(result)\n"))
    #expect(match.stdout.contains("payoffs  \(payoffs)\n"))
  }

  @Test func aLargerGameKeepsItsOtherActionsOutOfSight() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("g.bargain", Self.generic)
    try scratch.write("t.bargain", Self.trio)
    let match = scratch.play("t.bargain", "g.bargain:G")
    #expect(match.exitCode == 0, "\(match.stderr)")
    #expect(match.stdout.contains("result   played (C, C)\n"))
    // W is an action of Trio, but not one the generic file asked for.
    try scratch.write("w.bargain", "game any { actions C, D }\nprogram UsesW { play W }\n")
    let hidden = scratch.play("t.bargain", "w.bargain")
    #expect(hidden.exitCode == 1)
    #expect(hidden.stderr.hasPrefix("w.bargain:2:22: error: unknown name 'W'"), "\(hidden.stderr)")
  }

  @Test func anImportedGenericLibraryFitsTheImportersGame() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("lib.bargain", "game any { actions C, D }\nprogram Lib { play C }\n")
    try scratch.write("sh.bargain", "import \"lib.bargain\"\ngame StagHunt\nprogram SH { play Lib(them) }\n")
    let match = scratch.play("sh.bargain", "sh.bargain")
    #expect(match.exitCode == 0, "\(match.stderr)")
    #expect(match.stdout.contains("payoffs  row 4, column 4\n"))
    try scratch.write(
      "b.bargain",
      "import \"lib.bargain\"\nimport \"Programs.bargain\"\ngame Standoff\nprogram B { demand 50 outside walk }\n")
    try scratch.write(
      "Programs.bargain",
      try String(contentsOfFile: Repository.path("Programs/bargaining/Standoff.bargain"), encoding: .utf8))
    let bargaining = scratch.check("b.bargain")
    #expect(bargaining.exitCode == 1)
    #expect(
      bargaining.stderr.hasPrefix(
        "lib.bargain:1:1: error: lib.bargain plays any matrix game with its actions, but Standoff has no actions 'C', 'D'"
      ),
      "\(bargaining.stderr)")
  }
}
