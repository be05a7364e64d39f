// Agents picked on the command line (`FILE:Program(args)`) and the files behind them: what is
// accepted, and how each mistake is reported. The goldens cover the common cases; these pin the
// corners.

import Testing

@testable import BargainCLI

@Suite("Agent selection")
struct AgentSelectionTests {
  static let demand = """
    game Split {
      resource 100
      demands 0..100 step 10
      outside walk
      disagreement (walk, walk) = (0, 0)
    }
    program Demand(amount: int) { demand amount outside walk }

    """

  func scratchWithDemand() throws -> ScratchDirectory {
    let scratch = try ScratchDirectory()
    try scratch.write("demand.bargain", Self.demand)
    return scratch
  }

  @Test func argumentsAreClosedExpressions() throws {
    let result = try scratchWithDemand().play("demand.bargain:Demand(10)", "demand.bargain:Demand(10 + 2 * 5)")
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
    #expect(result.stdout.contains("column   Demand(20)  demand.bargain\n"))
  }

  @Test func argumentOfTheWrongType() throws {
    let result = try scratchWithDemand().play("demand.bargain:Demand(10)", "demand.bargain:Demand(true)")
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == """
        <agent demand.bargain:Demand(true)>:1:8: error: argument 'amount' of Demand: expected int, found bool
         1 | Demand(true)
           |        ^^^^
        1 error

        """)
  }

  @Test func selectionThatIsNotAProgram() throws {
    let result = try scratchWithDemand().play("demand.bargain:Demand(10)", "demand.bargain:3")
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == """
        <agent demand.bargain:3>:1:1: error: the selected agent: expected a program, found int
         1 | 3
           | ^
        1 error

        """)
  }

  @Test func emptySelection() throws {
    let result = try scratchWithDemand().play("demand.bargain:Demand(10)", "demand.bargain:")
    #expect(result.exitCode == ExitCode.programError)
    // The excerpt of the empty argument is the gutter with a trailing space.
    #expect(
      result.stderr
        == "<agent demand.bargain:>:1:1: error: expected an expression, found end of file\n"
        + " 1 | \n" + "   | ^\n" + "1 error\n")
  }

  @Test
  func divisionByZeroInASelection() throws {
    let result = try scratchWithDemand().play("demand.bargain:Demand(10)", "demand.bargain:Demand(1/0)")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.hasPrefix("<agent demand.bargain:Demand(1/0)>:1:8: error: division by zero\n"))
  }

  @Test
  func overflowInASelection() throws {
    let result = try scratchWithDemand().play(
      "demand.bargain:Demand(10)", "demand.bargain:Demand(9223372036854775807 + 1)")
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr.hasPrefix(
        "<agent demand.bargain:Demand(9223372036854775807 + 1)>:1:8: error: integer overflow in '+'\n"))
  }

  @Test
  func opponentInASelection() throws {
    let result = try scratchWithDemand().play("demand.bargain:Demand(10)", "demand.bargain:Demand(them)")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.hasPrefix("<agent demand.bargain:Demand(them)>:1:8: error: "))
    #expect(!result.stderr.contains("default value"))
  }

  @Test
  func preludeBotInABargainingGame() throws {
    let result = try scratchWithDemand().play("demand.bargain:Demand(10)", "demand.bargain:FairBot")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.hasPrefix("<agent demand.bargain:FairBot>:1:1: error: "))
    #expect(!result.stderr.contains("<prelude>"))
  }

  @Test
  func preludeBotMentionedInABargainingGame() throws {
    let scratch = try scratchWithDemand()
    try scratch.write(
      "asks.bargain",
      """
      import "demand.bargain"
      game Split
      program Asks { if provable(them(FairBot).demand == 0) { demand 10 outside walk } else { demand 0 outside walk } }

      """)
    let result = scratch.check("asks.bargain")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.hasPrefix("asks.bargain:3:"))
    #expect(!result.stderr.contains("<prelude>"))
  }

  @Test
  func missingFileGivenTwice() throws {
    let scratch = try ScratchDirectory()
    let result = scratch.play("nowhere.bargain", "nowhere.bargain")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr == "nowhere.bargain:1:1: error: cannot find file 'nowhere.bargain'\n1 error\n")
  }

  @Test
  func emptyAgentFile() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("empty.bargain", "")
    let result = scratch.play("empty.bargain", "empty.bargain")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.contains("empty.bargain"))
  }
}
