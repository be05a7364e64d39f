// The slowest small inputs we know for each resource limit (semantics rule 23): `bargain bench`
// times them and `WorstCaseLimitTests` asserts their exit codes and the places they point at.
// Each should stop (or finish) within about a second on a release build.

import Foundation

struct LimitWorstCase: Sendable {
  /// The limit it reaches, or the cost it stays within (e.g. "maxHorizon").
  var limit: String
  var summary: String
  /// Files to write, in order, as (name, text).
  var files: [(name: String, text: String)]
  /// The `bargain` arguments; file names are relative to the directory holding `files`.
  var words: [String]
  var exitCode: Int32
}

enum LimitWorstCases {
  static let prisonersDilemma = "game PrisonersDilemma\n"

  /// Each fuel level of a simulation is its own run: 10,001 per side pass `maxMatchups`.
  static let fuelChain =
    prisonersDilemma
    + "program S { if simulate[10000](them, me) == C { play simulate(CooperateBot, CooperateBot) } else { play D } }\n"

  /// One new program instance per run, reached through a simulating opponent.
  static let instanceChain =
    prisonersDilemma + """
      program S(n: int) { if simulate(them, S(n + 1)) == C { play C } else { play D } }
      program Sim { if simulate(them, me) == C { play C } else { play D } }

      """

  /// 150 `provable[k]` lets per run, each run reaching a new instance: runs times their size.
  static let evaluationChain: String = {
    var text = prisonersDilemma + "program Grow(n: int) {\n"
    for level in 1...150 { text += "  let b\(level) = provable[\(level)](them(Grow(n + 1)) == C)\n" }
    return text + "  if b1 and b150 { play C } else { play D }\n}\n"
  }()

  /// The same lets joined by one long `and`: flattening stores k²/2 conjunct links per run.
  static let formulaChain: String = {
    var text = prisonersDilemma + "program Grow(n: int) {\n"
    for level in 1...150 { text += "  let b\(level) = provable[\(level)](them(Grow(n + 1)) == C)\n" }
    let all = (1...150).map { "b\($0)" }.joined(separator: " and ")
    return text + "  if \(all) { play C } else { play D }\n}\n"
  }()

  /// Chain(n) asks about Chain(n - 1) under 90 boxes; with chance in the file, every Kripke
  /// world re-solves every run (the deterministic solver jumps over worlds instead).
  static let chanceWorldChain: String = {
    var body = "Chain(n - 1)(them) == C"
    for _ in 0..<90 { body = "provable(\(body))" }
    return prisonersDilemma + """
      program Chain(n: int) {
        if n == 0 { play D } else if provable[10000](\(body)) { play C } else { play D }
      }
      program Coin { with probability 1/2 { play C } else { play D } }

      """
  }()

  /// Fuel just inside the limits: 19,803 runs, linear in the runs.
  static let fuelJustInside =
    prisonersDilemma
    + "program S { if simulate[9900](them, me) == C { play simulate(CooperateBot, CooperateBot) } else { play D } }\n"

  /// Pre-bargaining at the largest horizon with 10,000 ledger entries (1,000 plan steps of 5).
  static let longPlan: String = {
    let block = Array(repeating: "    commit demand >= 0", count: 5).joined(separator: "\n")
    let steps = (0..<1000).map { "  at \($0) {\n\(block)\n  }" }.joined(separator: "\n")
    return """
      game Standoff {
        resource 100
        demands 0..100 step 10
        outside walk, fight
        disagreement (walk, walk) = (0, 0)
        disagreement (fight, walk) = (40, -10)
        disagreement (walk, fight) = (-10, 40)
        disagreement (fight, fight) = (-30, -30)
      }
      program Demand70 { demand 70 outside fight }
      plan {
      \(steps)
      }
      main Demand70

      """
  }()

  /// A reference to an unknown name of almost a megabyte (no "did you mean" search over it).
  static let hugeUnknownName =
    prisonersDilemma + "program P { play \(String(repeating: "x", count: 1_000_000))(them) }\n"

  /// 30,000 `else if` branches; the column agent passes every one of them.
  static let longElseIfChain: String = {
    var text = prisonersDilemma + "program Many(n: int) {\n  if n == 0 { play C }\n"
    for branch in 1..<30_000 { text += "  else if n == \(branch) { play D }\n" }
    return text + "  else { play D }\n}\n"
  }()

  /// A runtime error in a branch no world takes, beside `consistent[64]` and `simulate[4095]`:
  /// with failures tracked, every world up to 64 was solved again (4,097 runs each), into
  /// `maxWorldSteps` after seconds; worlds where nothing changes are now skipped with failures too.
  static let chanceFailureBranch =
    prisonersDilemma + """
      program F {
        if consistent[64](them(me) == C) {
          if 0 % 0 == 0 { play C } else { play D }
        } else if simulate[4095](them, me) == C { play C } else { play D }
      }

      """

  /// The failing branch is taken from world 65 on: the failure search finds it past the skipped
  /// worlds.
  static let chanceFailureLate =
    prisonersDilemma + """
      program F {
        if not provable[64](them(me) == C and them(me) == D) {
          if 0 % 0 == 0 { play C } else { play D }
        } else if simulate[4095](them, me) == C { play C } else { play D }
      }

      """

  /// `threshold` over a parameter that a 1,000-element set tests in every run, against
  /// DefectBot: the outcome never changes, so the scan would play all 100,001 matches.
  static let setScan: String = {
    let elements = (1...1000).map { "\(-$0)" }.joined(separator: ", ")
    return prisonersDilemma + """
      program T(n: int = 0) {
        if n in {\(elements)} { play D } else if provable within n (them(me) == C) { play C } else { play D }
      }

      """
  }()

  /// A `provable within` whose budget is a simulated demand: about 5,000 runs, each asking it,
  /// and every search closes over about 8,000 formulas (found by the fuzzer, seed 20261203, case
  /// 59130: it ran into the wall-clock limit).
  static let searchClosures = """
    game G4 {
      resource 80
      demands 0..80 step 25
      outside wait
      disagreement (wait, wait) = (48, 14)
      surplus keep
    }
    program Agent0 {
      if provable within (simulate[simulate[2](them, me).demand](them, them).demand) (me(me).demand >= 75) {
        demand 0 outside wait
      } else {
        demand 25 outside wait
      }
    }

    """

  /// A asks about its opponent against `W(W(…(FairBot)))`, `depth` W's deep, and each W asks about its
  /// argument: `A(A) == C` has a least proof of 2·depth + 8 steps whose sequents grow by two
  /// formulas per nested GLR (the fuzzer's "instances" case).
  static func wChain(_ depth: Int) -> String {
    prisonersDilemma + "program W(x: program) { if provable(x(me) == C) { play C } else { play D } }\n"
      + "program A { if provable(them(" + String(repeating: "W(", count: depth) + "FairBot"
      + String(repeating: ")", count: depth) + ") == C) { play C } else { play D } }\n"
  }

  static let all: [LimitWorstCase] = [
    LimitWorstCase(
      limit: "maxMatchups", summary: "simulate[10000] self-play", files: [("S.bargain", fuelChain)],
      words: ["S.bargain", "S.bargain"], exitCode: ExitCode.limit),
    LimitWorstCase(
      limit: "maxMatchups", summary: "S(n + 1) against a simulator", files: [("S.bargain", instanceChain)],
      words: ["S.bargain:S(0)", "S.bargain:Sim"], exitCode: ExitCode.limit),
    LimitWorstCase(
      limit: "maxEvaluationSteps", summary: "150 provable lets per new run", files: [("G.bargain", evaluationChain)],
      words: ["G.bargain:Grow(0)", "G.bargain:Grow(0)"], exitCode: ExitCode.limit),
    LimitWorstCase(
      limit: "maxFormulaNodes", summary: "a 150-fold `and` per new run", files: [("G.bargain", formulaChain)],
      words: ["G.bargain:Grow(0)", "G.bargain:Grow(0)"], exitCode: ExitCode.limit),
    LimitWorstCase(
      limit: "maxWorldSteps", summary: "Chain(1000) against a coin", files: [("W.bargain", chanceWorldChain)],
      words: ["W.bargain:Chain(1000)", "W.bargain:Coin"], exitCode: ExitCode.limit),
    LimitWorstCase(
      limit: "maxWorldSteps", summary: "a failing branch, consistent[64], simulate[4095]",
      files: [("F.bargain", chanceFailureBranch)], words: ["F.bargain", "F.bargain"], exitCode: ExitCode.success),
    LimitWorstCase(
      limit: "maxWorldSteps", summary: "a failure from world 65, simulate[4095]",
      files: [("F.bargain", chanceFailureLate)], words: ["F.bargain", "F.bargain"], exitCode: ExitCode.programError),
    LimitWorstCase(
      limit: "maxSearchWork", summary: "searches over a system of simulated budgets",
      files: [("B.bargain", searchClosures)], words: ["B.bargain", "B.bargain"], exitCode: ExitCode.limit),
    LimitWorstCase(
      limit: "maxScanWork", summary: "threshold over a 1,000-element set", files: [("T.bargain", setScan)],
      words: ["threshold", "T.bargain", "T.bargain:DefectBot", "--to", "100000"], exitCode: ExitCode.limit),
    LimitWorstCase(
      limit: "maxFuel", summary: "simulate[9900] self-play (inside)", files: [("S.bargain", fuelJustInside)],
      words: ["S.bargain", "S.bargain"], exitCode: ExitCode.success),
    LimitWorstCase(
      limit: "maxHorizon", summary: "10,000 ledger entries, --horizon 10000", files: [("P.bargain", longPlan)],
      words: ["P.bargain", "P.bargain", "--horizon", "10000"], exitCode: ExitCode.success),
    LimitWorstCase(
      limit: "maxMatchups", summary: "prove refuses simulate[10000]", files: [("S.bargain", fuelChain)],
      words: ["prove", "S.bargain", "S(S) == C"], exitCode: ExitCode.programError),
    LimitWorstCase(
      limit: "maxSourceBytes", summary: "an unknown name of 1 MB", files: [("N.bargain", hugeUnknownName)],
      words: ["check", "N.bargain"], exitCode: ExitCode.programError),
    LimitWorstCase(
      limit: "maxTokens", summary: "30,000 else-if branches", files: [("E.bargain", longElseIfChain)],
      words: ["E.bargain:Many(0)", "E.bargain:Many(-1)"], exitCode: ExitCode.success),
    LimitWorstCase(
      limit: "maxProofDepth", summary: "prove a 61-deep W chain (inside)", files: [("W.bargain", wChain(61))],
      words: ["prove", "W.bargain", "A(A) == C"], exitCode: ExitCode.success),
    LimitWorstCase(
      limit: "maxSequentSize", summary: "prove a 63-deep W chain", files: [("W.bargain", wChain(63))],
      words: ["prove", "W.bargain", "A(A) == C"], exitCode: ExitCode.limit),
  ]

  /// Writes `worstCase`'s files to a fresh temporary directory and runs it; the directory's
  /// path is removed from the output.
  static func run(_ worstCase: LimitWorstCase) throws -> CommandResult {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "bargain-limit-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, text) in worstCase.files {
      try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }
    let names = Set(worstCase.files.map(\.name))
    let prefix = directory.path + "/"
    let words = worstCase.words.map { names.contains(CLI.splitAgent($0).path) ? prefix + $0 : $0 }
    var result = CLI.run(["bargain"] + words)
    result.stdout = result.stdout.replacingOccurrences(of: prefix, with: "")
    result.stderr = result.stderr.replacingOccurrences(of: prefix, with: "")
    return result
  }
}
