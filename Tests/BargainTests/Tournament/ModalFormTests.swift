// The tournament's modal fast path (rule R10) against the general compiler and Kripke solver: two
// different algorithms, which must give exactly the same cell for every pair.

import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax
import Testing

@testable import BargainCLI
@testable import BargainTournament

@Suite struct ModalFormTests {
  static let threeActions = """
    game Three {
      actions C, D, E
      payoff (C, C) = (2, 2)
      payoff (C, D) = (0, 3)
      payoff (C, E) = (1, 0)
      payoff (D, C) = (3, 0)
      payoff (D, D) = (1, 1)
      payoff (D, E) = (0, 2)
      payoff (E, C) = (0, 1)
      payoff (E, D) = (2, 0)
      payoff (E, E) = (1, 1)
    }
    """

  /// A random program of the fragment: `else if` chains, levels up to 3, `me(them)`, `!=`,
  /// `consistent`, constants and nesting up to modal depth 3, over the game's actions.
  static func randomProgram(_ name: String, actions: [String], _ generator: inout SeededGenerator) -> String {
    func pick(_ count: Int) -> Int { Int(generator.next() % UInt64(count)) }
    func action() -> String { actions[pick(actions.count)] }
    func level() -> String { pick(3) == 0 ? "[\(pick(4))]" : "" }
    func statement(_ depth: Int) -> String {
      switch pick(depth > 0 ? 9 : 6) {
      case 0, 1: return "them(me) == \(action())"
      case 2: return "them(me) != \(action())"
      case 3: return "me(them) == \(action())"
      case 4: return pick(2) == 0 ? "true" : "false"
      case 5: return "not (\(statement(0)))"
      case 6: return "(\(statement(depth - 1)) and \(statement(depth - 1)))"
      case 7: return "(\(statement(depth - 1)) or \(statement(depth - 1)))"
      default: return modal(depth - 1)
      }
    }
    func modal(_ depth: Int) -> String {
      (pick(5) == 0 ? "consistent" : "provable") + level() + "(" + statement(depth) + ")"
    }
    func condition() -> String {
      switch pick(5) {
      case 0: return "not " + modal(2)
      case 1: return "(\(modal(2)) and \(modal(1)))"
      case 2: return "(\(modal(1)) or \(modal(2)))"
      default: return modal(2)
      }
    }
    func block(_ depth: Int) -> String {
      guard depth > 0, pick(3) != 0 else { return "{ play \(action()) }" }
      var text = "{ if \(condition()) \(block(depth - 1))"
      for _ in 0..<pick(2) { text += " else if \(condition()) \(block(depth - 1))" }
      return text + " else \(block(depth - 1)) }"
    }
    return "program \(name) \(block(2))"
  }

  static func population(seed: UInt64, size: Int, three: Bool) -> (text: String, names: [String]) {
    var generator = SeededGenerator(seed: seed)
    let actions = three ? ["C", "D", "E"] : ["C", "D"]
    var programs = (0..<size).map { randomProgram("M\($0)", actions: actions, &generator) }
    // The same program under two names (one run when they meet), and programs outside the fragment.
    programs.append(programs[0].replacingOccurrences(of: "program M0 ", with: "program Twin "))
    programs.append("program Outside { if them(me) == C { play C } else { play D } }")
    programs.append("program Lets { let x = provable(them(me) == C) if x { play C } else { play D } }")
    let names = (0..<size).map { "M\($0)" } + ["Twin", "Outside", "Lets", "M0", "FairBot", "DefectBot"]
    return ((three ? threeActions : "game PrisonersDilemma") + "\n" + programs.joined(separator: "\n") + "\n", names)
  }

  /// Every ordered pair, fast path against the general path: the same outcome, field for field.
  @Test(arguments: [(UInt64(1), false), (2, false), (3, true), (4, true), (5, false), (6, true)])
  func fastPathEqualsGeneralPath(seed: UInt64, three: Bool) throws {
    let (text, names) = Self.population(seed: seed, size: 24, three: three)
    let (world, agents) = try TournamentDifferentialTests.checked(text, names: names)
    let options = TournamentOptions(order: .ordered)
    let prepared = Tournament.prepare(world: world, agents: agents, options: options)
    // The random programs, the twin and the prelude's bots are in the fragment; the rest is not.
    let recognized = names.indices.filter { prepared.modal[$0] != nil }.map { names[$0] }
    #expect(recognized == names.filter { $0 != "Outside" && $0 != "Lets" })
    var general = options
    general.modalFastPath = false
    var levels = Set<Int>()
    for row in agents.indices {
      for column in agents.indices {
        let fast = Tournament.play(world: world, agents: agents, row, column, options, prepared: prepared)
        let slow = Tournament.play(world: world, agents: agents, row, column, general, prepared: prepared)
        #expect(fast == slow, "seed \(seed): \(names[row]) against \(names[column])")
        levels.formUnion(fast.result?.sides.compactMap(\.level) ?? [])
      }
    }
    // Not only level 0: the populations exercise proofs that need PA+n with n > 0.
    #expect(levels.contains { $0 > 1 })
  }

  /// Classic results (modal combat): FairBot cooperates with itself by Löb's theorem (a PA
  /// proof), and with CooperateBot; it defects against DefectBot.
  @Test func classicFairBotResults() throws {
    let text = "game PrisonersDilemma\n"
    let names = ["FairBot", "CooperateBot", "DefectBot"]
    let (world, agents) = try TournamentDifferentialTests.checked(text, names: names)
    let prepared = Tournament.prepare(world: world, agents: agents, options: TournamentOptions())
    func solved(_ row: Int, _ column: Int) throws -> ModalPairSolution {
      let rowForm = try #require(prepared.modal[row]?.form)
      let columnForm = try #require(prepared.modal[column]?.form)
      return try #require(ModalForm.solve(rowForm, columnForm))
    }
    #expect(try solved(0, 0) == ModalPairSolution(rowAction: 0, columnAction: 0, rowLevel: 0, columnLevel: 0))
    #expect(try solved(0, 1) == ModalPairSolution(rowAction: 0, columnAction: 0, rowLevel: 0, columnLevel: 0))
    // At world 0 every box holds, so FairBot "cooperates" there; PA+1 proves it defects.
    #expect(try solved(0, 2) == ModalPairSolution(rowAction: 1, columnAction: 1, rowLevel: 1, columnLevel: 0))
  }

  /// `provable[k]` waits k worlds: against DefectBot, FairBot with PA+2 cooperates at worlds 0..2.
  @Test func levelsDelayTheFlip() throws {
    let text = """
      game PrisonersDilemma
      program Patient { if provable[2](them(me) == C) { play C } else { play D } }
      """
    let (world, agents) = try TournamentDifferentialTests.checked(text, names: ["Patient", "DefectBot"])
    let prepared = Tournament.prepare(world: world, agents: agents, options: TournamentOptions())
    let patient = try #require(prepared.modal[0]?.form)
    let defect = try #require(prepared.modal[1]?.form)
    #expect(
      ModalForm.solve(patient, defect) == ModalPairSolution(rowAction: 1, columnAction: 1, rowLevel: 3, columnLevel: 0))
  }

  /// `--general-path` compiles every pair: the same bytes on the example programs, some of them in
  /// the fragment (FairBot, the bots) and some not (simulation, PrudentBot).
  @Test func generalPathOptionGivesTheSameBytes() {
    let root = SyntaxPaths.root
    let inputs = [root + "/Programs/prisoners-dilemma", root + "/Programs/simulation"]
    for format in [["--json"], []] {
      let fast = CLI.run(["bargain", "tournament"] + format + inputs)
      let general = CLI.run(["bargain", "tournament", "--general-path"] + format + inputs)
      #expect(fast.exitCode == 0)
      #expect(fast.stdout == general.stdout)
      #expect(fast.stdout.contains("FairBot"))
    }
    #expect(CLI.run(["bargain", "bench", "--general-path"]).exitCode == 2)
  }
}
