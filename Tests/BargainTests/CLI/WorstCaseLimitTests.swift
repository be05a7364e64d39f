// The slowest known input of each limit (`LimitWorstCases`, also timed by `bargain bench`):
// each ends with the documented exit code and points at the construct that made the cost grow.
// Before the fixes they ran for 12 s to minutes, several pointing at an unrelated construct.

import Testing

@testable import BargainCLI
@testable import BargainRuntime
@testable import BargainSemantics

// The time limit only guards against a hang: their speed is `bargain bench --limits`'s. Under a
// load of 7–8 on 2 cores, whole-suite runs went past 2 minutes.
@Suite("Limit worst cases", .timeLimit(.minutes(5)))
struct WorstCaseLimitTests {
  static let limitHelp = "  = help: the match was stopped cleanly; simplify the programs or split the question\n"

  static func worstCase(_ summary: String) throws -> LimitWorstCase {
    try #require(LimitWorstCases.all.first { $0.summary == summary })
  }

  /// The diagnostic's first three lines: location and message, source line, carets under the
  /// first occurrence of `construct` in that line.
  static func diagnostic(
    file: String, line: Int, source: String, construct: String, message: String
  ) throws -> String {
    let text = try #require(source.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(line - 1).first)
    let start = try #require(text.range(of: construct))
    let column = text.distance(from: text.startIndex, to: start.lowerBound) + 1
    let gutter = String(repeating: " ", count: String(line).count + 1)
    return "\(file):\(line):\(column): error: \(message)\n \(line) | \(text)\n\(gutter) | "
      + String(repeating: " ", count: column - 1) + String(repeating: "^", count: construct.count) + "\n"
  }

  @Test func fuelChainPointsAtTheSimulationThatStartsIt() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("simulate[10000] self-play"))
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == (try Self.diagnostic(
          file: "S.bargain", line: 2, source: LimitWorstCases.fuelChain, construct: "simulate[10000](them, me)",
          message: "resource limit reached: too many distinct matchups (maxMatchups = 20000)"))
        + Self.limitHelp + "1 error\n")
  }

  @Test func instanceChainPointsAtTheNewInstance() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("S(n + 1) against a simulator"))
    #expect(result.exitCode == ExitCode.limit)
    #expect(
      result.stderr
        == (try Self.diagnostic(
          file: "S.bargain", line: 2, source: LimitWorstCases.instanceChain, construct: "S(n + 1)",
          message: "resource limit reached: too many distinct matchups (maxMatchups = 20000)"))
        + Self.limitHelp + "1 error\n")
  }

  @Test func evaluationStepsPointAtWhatAddsRuns() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("150 provable lets per new run"))
    #expect(result.exitCode == ExitCode.limit)
    #expect(
      result.stderr
        == (try Self.diagnostic(
          file: "G.bargain", line: 3, source: LimitWorstCases.evaluationChain, construct: "Grow(n + 1)",
          message:
            "resource limit reached: evaluating the programs takes too many steps (maxEvaluationSteps = 1000000)"))
        + Self.limitHelp + "1 error\n")
  }

  @Test func formulaSizePointsAtTheGrowingExpression() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("a 150-fold `and` per new run"))
    #expect(result.exitCode == ExitCode.limit)
    // The source line is long, so the renderer clips it: compare the location and the message.
    #expect(
      result.stderr.firstLine
        == "G.bargain:153:6: error: resource limit reached: the formulas grew too large (maxFormulaNodes = 2000000)")
    #expect(result.stderr.hasSuffix(Self.limitHelp + "1 error\n"))
  }

  @Test func chanceWorldsStopAtTheirBudget() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("Chain(1000) against a coin"))
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    // At the `provable[10000]` whose nested boxes keep changing (the line is clipped).
    #expect(
      result.stderr.firstLine
        == "W.bargain:3:32: error: resource limit reached: the Kripke sequence takes too long to settle (world 5) "
        + "(maxWorldSteps = 500000)")
    #expect(result.stderr.contains("\n   |                                ^^^^^^^^^^^^^^^"))
    #expect(result.stderr.hasSuffix(Self.limitHelp + "1 error\n"))
  }

  /// A failing branch no world takes no longer turns off world skipping: the match is played
  /// (it stopped at `maxWorldSteps`, world 12, without a location).
  @Test func failingBranchKeepsWorldSkipping() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("a failing branch, consistent[64], simulate[4095]"))
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
    #expect(result.stdout.contains("\n  1            1.0      D    D       (1, 1)\n"))
    #expect(result.stdout.contains("solved   4097 runs, stable from Kripke world 64\n"))
  }

  /// The failure search reads skipped worlds from the world before them: the error first
  /// reached at world 65 is found and located.
  @Test func lateFailureIsFoundPastSkippedWorlds() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("a failure from world 65, simulate[4095]"))
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == (try Self.diagnostic(
          file: "F.bargain", line: 4, source: LimitWorstCases.chanceFailureLate, construct: "0 % 0",
          message: "division by zero")) + "1 error\n")
  }

  /// Each search closes over about 8,000 formulas: the sum stops the match at the query.
  @Test func searchWorkPointsAtTheQuery() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("searches over a system of simulated budgets"))
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == (try Self.diagnostic(
          file: "B.bargain", line: 9, source: LimitWorstCases.searchClosures,
          construct:
            "provable within (simulate[simulate[2](them, me).demand](them, them).demand) (me(me).demand >= 75)",
          message:
            "resource limit reached: the bounded proof searches of one match take too much work in total "
            + "(maxSearchWork = 1000000)"))
        + Self.limitHelp + "1 error\n")
  }

  /// Each scanned match costs about 2,000 units (a 1,000-element set evaluated in its runs), so
  /// the scan stops at N = 1464 instead of playing 100,001 matches; the caret is under the
  /// scanned parameter.
  @Test func thresholdScanStopsAtItsWorkLimit() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("threshold over a 1,000-element set"))
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr
        == (try Self.diagnostic(
          file: "T.bargain", line: 2, source: LimitWorstCases.setScan, construct: "n",
          message:
            "resource limit reached: the scanned matches take too much work in total (stopped at N = 1464) "
            + "(maxScanWork = 3000000)"))
        + Self.limitHelp + "1 error\n")
  }

  /// Each fuel level is one run: the cost is linear in the 19,803 runs (it was quadratic).
  @Test func fuelJustInsideTheLimitsIsPlayed() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("simulate[9900] self-play (inside)"))
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
    #expect(result.stdout.contains("expected nested simulations  row 9901 (9901.0), column 9901 (9901.0)\n"))
    #expect(result.stdout.contains("solved   19803 runs, stable from Kripke world 0\n"))
  }

  /// Deliveries look only at undelivered entries, plan steps are found by time.
  @Test func longPlanAtTheLargestHorizonIsPlayed() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("10,000 ledger entries, --horizon 10000"))
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
    #expect(result.stdout.contains("T        not reached by the horizon; bargaining starts at t=10000\n"))
    // Every entry of each side reaches the other once, one step after it was made.
    let lines = result.stdout.split(separator: "\n")
    #expect(lines.filter { $0.contains(" learns P (row) committed demand >= 0") }.count == 5000)
    #expect(lines.filter { $0.contains(" learns P (column) committed demand >= 0") }.count == 5000)
    #expect(lines.contains("  t=1000   P (column)  learns P (row) committed demand >= 0 (at t=999)"))
    #expect(
      result.stdout.contains(
        "result   disagreement: demands are incompatible; row takes fight, column takes fight\n"))
  }

  /// `prove` refuses chance after the first, chance-free pass, before compiling into `maxMatchups`.
  @Test func proveRefusesChanceBeforeCompiling() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("prove refuses simulate[10000]"))
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stdout == "")
    #expect(
      result.stderr.hasPrefix(
        "<statement>:1:1: error: `prove` works on programs without chance; this statement mentions programs that use "
          + "`with probability` or `simulate`\n"))
    #expect(result.stderr.contains(":2:16: note: chance is used here\n"))
  }

  @Test func hugeUnknownNameGetsNoSuggestionSearch() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("an unknown name of 1 MB"))
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.hasPrefix("N.bargain:2:18: error: unknown name 'xxxx"))
    #expect(!result.stderr.contains("did you mean"))
  }

  @Test func longElseIfChainIsPlayed() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("30,000 else-if branches"))
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stdout.contains("result   played (C, D)\n"))
  }

  /// Dropping formulas is not an inference and no longer counts against `maxProofDepth` (from
  /// 29 W's on, the chain stopped there): the deepest chain whose proof fits `maxSequentSize`
  /// is proved with its least size.
  @Test func wChainInsideTheLimitsIsProved() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("prove a 61-deep W chain (inside)"))
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
    #expect(
      result.stdout.contains(
        "result     proved: a proof of 130 steps (the least possible), within the budget of 1000\n"))
  }

  /// Two W's more and the topmost GLR premise of the least proof holds 132 formulas (each GLR
  /// below adds its box and the box's body to the left; 128 at 61 W's): a named limit, never
  /// "no proof".
  @Test func wChainBeyondTheSequentLimitStops() throws {
    let result = try LimitWorstCases.run(try Self.worstCase("prove a 63-deep W chain"))
    #expect(result.exitCode == ExitCode.limit)
    #expect(result.stdout == "")
    #expect(
      result.stderr.hasPrefix(
        "<statement>:1:1: error: resource limit reached: the proof search stopped before it could answer "
          + "(maxSequentSize = 128)\n"))
  }

  @Test func suggestionsSkipLongNamesAndDistantLengths() {
    #expect(suggestion(for: "FairBt", among: ["FairBot", "DefectBot"]) == "FairBot")
    let long = String(repeating: "x", count: SemanticLimits.maxSuggestedNameLength)
    #expect(suggestion(for: long + "y", among: [long]) == nil)
    #expect(suggestion(for: String(long.dropLast()), among: [long]) == long)
    #expect(suggestion(for: "Fair", among: ["FairBotWithALongName"]) == nil)
  }

  @Test func everyWorstCaseIsTested() {
    #expect(
      LimitWorstCases.all.map(\.summary) == [
        "simulate[10000] self-play", "S(n + 1) against a simulator", "150 provable lets per new run",
        "a 150-fold `and` per new run", "Chain(1000) against a coin",
        "a failing branch, consistent[64], simulate[4095]", "a failure from world 65, simulate[4095]",
        "searches over a system of simulated budgets", "threshold over a 1,000-element set",
        "simulate[9900] self-play (inside)",
        "10,000 ledger entries, --horizon 10000",
        "prove refuses simulate[10000]", "an unknown name of 1 MB", "30,000 else-if branches",
        "prove a 61-deep W chain (inside)", "prove a 63-deep W chain",
      ])
  }
}
