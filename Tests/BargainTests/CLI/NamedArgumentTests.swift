// Named arguments (`Demand(amount: 70)`, rule 9), their diagnostics, the `X(Y)` hint, and printed
// agent names that read back as FILE:PROGRAM selections.

import Foundation
import Testing

@testable import BargainCLI

@Suite struct NamedArgumentTests {
  static let file = """
    game PrisonersDilemma
    program Two(a: int, b: int, c: int = 3) { if a + b + c == 6 { play C } else { play D } }
    program Budgeted(budget: int = 100) { if provable within budget (them(me) == C) { play C } else { play D } }
    program Weighted(p: rational = 1/3, nice: bool = true) {
      with probability p { play C } else { if nice { play C } else { play D } }
    }
    program Pos { play Two(1, b: 2)(them) }
    program Named { play Two(b: 2, a: 1)(them) }
    program UnknownName { play Two(a: 1, bb: 2)(them) }
    program Twice { play Two(1, a: 2, b: 3)(them) }
    program Missing { play Two(b: 1, c: 2)(them) }
    program AfterNamed { play Two(a: 1, 2)(them) }
    program InPlay { play FairBot(opponent: them) }
    program Hint { if Budgeted(DefectBot) == C { play C } else { play D } }
    program HintRequired { play Two(them) }
    """

  func diagnostics(_ scratch: ScratchDirectory) -> [String] {
    scratch.check("n.bargain").stderr.split(separator: "\n").filter { $0.hasPrefix("n.bargain:") }.map(String.init)
  }

  @Test func namedArgumentsAndTheirErrors() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("n.bargain", Self.file)
    #expect(
      diagnostics(scratch) == [
        "n.bargain:9:38: error: 'Two' has no parameter 'bb'; its parameters are (a: int, b: int, c: int)",
        "n.bargain:10:29: error: parameter 'a' of 'Two' is given twice",
        "n.bargain:11:24: error: 'Two' needs parameter 'a' (a: int, b: int, c: int)",
        "n.bargain:12:37: error: a positional argument of 'Two' follows a named one",
        "n.bargain:13:31: error: 'opponent:' names an argument, but this call plays a program against an opponent",
        "n.bargain:14:28: error: argument 'budget' of Budgeted: expected int, found program",
        "n.bargain:15:33: error: argument 'a' of Two: expected int, found program",
      ])
    let text = scratch.check("n.bargain").stderr
    #expect(text.contains("  = help: did you mean 'b'?\n"))
    #expect(text.contains("  = help: did you mean `Budgeted(100)(DefectBot)`? Budgeted takes parameters"))
    #expect(text.contains("  = help: did you mean `Two(a, b)(them)`? Two takes parameters"))
  }

  /// Positional arguments beyond the parameters are an error even next to named ones.
  @Test func tooManyPositionalArgumentsWithANamedOne() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "n.bargain",
      "game PrisonersDilemma\nprogram Two(a: int, b: int, c: int = 3) { play C }\n"
        + "program Many { play Two(1, 2, 3, 4, a: 1)(them) }\n")
    #expect(
      diagnostics(scratch) == [
        "n.bargain:3:21: error: 'Two' expects 2 to 3 arguments (a: int, b: int, c: int), found 5"
      ])
  }

  @Test func namedAndPositionalArgumentsMeanTheSame() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "n.bargain", Self.file.components(separatedBy: "\n").prefix(8).joined(separator: "\n") + "\n")
    for agent in ["Two(1, 2)", "Two(a: 1, b: 2)", "Two(b: 2, a: 1, c: 3)", "Two(1, c: 3, b: 2)"] {
      let result = scratch.play("n.bargain:\(agent)", "n.bargain:CooperateBot")
      #expect(result.exitCode == 0, "\(agent): \(result.stderr)")
      #expect(result.stdout.contains("row      Two(1, 2, 3)  plays C"), "\(agent): \(result.stdout)")
    }
    let other = scratch.play("n.bargain:Two(b: 1, a: 1)", "n.bargain:CooperateBot")
    #expect(other.stdout.contains("row      Two(1, 1, 3)  plays D"), "\(other.stdout)")
  }

  /// Every agent name a report prints reads back as a FILE:PROGRAM selection naming the same agent:
  /// rationals print as `1/10`, not `0.1`.
  @Test func printedNamesPasteBack() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "n.bargain", Self.file.components(separatedBy: "\n").prefix(8).joined(separator: "\n") + "\n")
    // Each printed pair is pasted back as FILE:NAME for both sides (so a `game any` agent still
    // meets an opponent that names the game). A plan's agent file bargains with the program its
    // plan commits to, so there only the names' reading back is checked (`compare` false).
    var pairs: [(agents: [(file: String, name: String)], compare: Bool)] = []
    for selection in ["n.bargain:Weighted", "n.bargain:Weighted(p: 3/7, nice: false)", "n.bargain:Budgeted"] {
      let result = scratch.run([selection, "n.bargain:DefectBot", "--json"], paths: ["n.bargain"])
      let players = try #require(try jsonObject(result.stdout)["players"] as? [[String: Any]])
      let names = try players.map { try #require($0["agent"] as? String) }
      pairs.append(([(scratch.prefix + "n.bargain", names[0]), (scratch.prefix + "n.bargain", names[1])], true))
    }
    #expect(pairs.map(\.agents[0].name) == ["Weighted(1/3, true)", "Weighted(3/7, false)", "Budgeted(100)"])
    for pairing in programsReadmePairings() {
      let row = pairing.agentArgument(pairing.row)
      let column = pairing.agentArgument(pairing.column)
      let result = CLI.run(["bargain", row, column, "--json"])
      let object = try jsonObject(result.stdout)
      // Randomized plans report branches, each with its own players (rule P16).
      if object["branches"] != nil { continue }
      let players = try #require(object["players"] as? [[String: Any]])
      var agents: [(file: String, name: String)] = []
      for player in players {
        let file = try #require(player["file"] as? String)
        // A program bound by its side's commitments prints as `P under demand <= 30` (rule P8): the
        // binding comes from the plan, so the program's own name is what pastes back.
        let printed = try #require(player["agent"] as? String)
        let name = printed.components(separatedBy: " under ").first ?? printed
        agents.append((file.hasPrefix("/") ? file : Repository.path(file), name))
      }
      pairs.append((agents, pairing.directory != "protocol/"))
    }
    for (agents, compare) in pairs {
      let result = CLI.run(["bargain"] + agents.map { $0.file + ":" + $0.name } + ["--json"])
      #expect(result.exitCode == 0, "\(agents): \(result.stderr)")
      guard result.exitCode == 0, compare else { continue }
      let players = try #require(try jsonObject(result.stdout)["players"] as? [[String: Any]])
      #expect(players.map { $0["agent"] as? String } == agents.map(\.name), "\(agents)")
    }
  }
}
