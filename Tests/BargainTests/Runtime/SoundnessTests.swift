// The sound reading of matches (issue 8): source equality compares closures (rule 13), chance is
// decided by the runs a match reaches (rule 16), and runtime errors count only where some world
// of the solved match reaches them (rule 18).

import BargainCLI
import Foundation
import Testing

@Suite struct SoundnessTests {
  /// The first two lines of a played match's text report that name each side's output.
  func outputs(_ result: CommandResult) -> [String] {
    result.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("result ") }
  }

  // MARK: rule 13: source equality compares the closure

  static let cliqueWithHelper = """
    game PrisonersDilemma
    program CliqueBot { if them == me { play Helper(them) } else { play D } }

    """

  @Test func cliqueCopiesWithDifferentHelpersAreDifferentPrograms() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("a/CliqueBot.bargain", Self.cliqueWithHelper + "program Helper { play C }\n")
    try scratch.write("b/CliqueBot.bargain", Self.cliqueWithHelper + "program Helper { play D }\n")
    let result = scratch.play("a/CliqueBot.bargain", "b/CliqueBot.bargain")
    #expect(result.exitCode == 0, "\(result.stderr)")
    // Before: both texts matched, so a cooperated and b's Helper defected: (C, D).
    #expect(outputs(result) == ["result   played (D, D)"])
  }

  @Test func cliqueCopiesWithEqualClosuresCooperate() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("a/CliqueBot.bargain", Self.cliqueWithHelper + "program Helper { play C }\n")
    // Layout and comments differ; the canonical texts of the closure are the same.
    try scratch.write(
      "b/CliqueBot.bargain", Self.cliqueWithHelper + "program Helper {\n  // same\n  play (C)\n}\n")
    let result = scratch.play("a/CliqueBot.bargain", "b/CliqueBot.bargain")
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(outputs(result) == ["result   played (C, C)"])
  }

  @Test func closureFollowsParameterDefaultsAndArguments() throws {
    let scratch = try ScratchDirectory()
    let body = """
      game PrisonersDilemma
      program Judge(helper: program = Helper) { if them == me { play helper(them) } else { play D } }

      """
    try scratch.write("a/Judge.bargain", body + "program Helper { play C }\n")
    try scratch.write("b/Judge.bargain", body + "program Helper { play D }\n")
    #expect(outputs(scratch.play("a/Judge.bargain", "b/Judge.bargain")) == ["result   played (D, D)"])
    #expect(outputs(scratch.play("a/Judge.bargain", "a/Judge.bargain")) == ["result   played (C, C)"])
  }
}
