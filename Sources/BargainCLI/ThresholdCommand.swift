// `bargain threshold ROW [COLUMN]`: scans a budget N over a parameterized matchup and reports the
// least N at which the outcome changes, with the proofs found at that budget.

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax

enum ThresholdCommand {
  /// The largest scan: each step plays a whole match with proof search.
  static let maxScan = 100_000
  /// Work summed over the matches of one scan: each match's expression cases evaluated, runs,
  /// formula nodes and formulas its bounded searches covered. One match is bounded by the runtime limits, but up to `maxScan` of them
  /// are played, and 1,000 budgets over a 1,000-element set took minutes; at roughly 0.3 µs a
  /// unit in a release build this stops a scan near a second.
  static let maxScanWork = 3_000_000

  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
    var positional: [String] = []
    var from = 0
    var to = 1_000
    var json = false
    var index = 0
    while index < words.count {
      let word = words[index]
      switch word {
      case "--json": json = true
      case "--from", "--to":
        index += 1
        guard index < words.count, let value = Int(words[index]), value >= 0, value <= maxScan else {
          return CLI.usageError("\(word) needs a whole number from 0 to \(maxScan)", command: "threshold")
        }
        if word == "--from" { from = value } else { to = value }
      default:
        if word.hasPrefix("-") && !CLI.isStandardInput(word) {
          return CLI.usageError("unknown option '\(word)'", command: "threshold")
        }
        positional.append(word)
      }
      index += 1
    }
    guard positional.count == 1 || positional.count == 2 else {
      return CLI.usageError("`threshold` needs one or two agents", command: "threshold")
    }
    guard from <= to else { return CLI.usageError("--from must not exceed --to", command: "threshold") }
    let specs = positional.count == 1 ? [positional[0], positional[0]] : positional
    var loaded = context.loader()
    var requests: [AgentRequest] = []
    for spec in specs {
      if let request = loaded.loadAgent(spec) { requests.append(request) }
    }
    let renderer = DiagnosticRenderer(sources: loaded.sources)
    guard requests.count == 2, !loaded.diagnostics.contains(where: { $0.severity == .error }) else {
      return CLI.failure(renderer.render(loaded.diagnostics), CLI.exitCode(for: loaded.diagnostics))
    }
    context.phases.enter(.checking)
    let checked = Checker.check(units: loaded.units, prelude: loaded.prelude, agents: requests)
    guard let world = checked.world, checked.agents.count == 2, !checked.hasErrors else {
      return CLI.failure(renderer.render(checked.diagnostics), CLI.exitCode(for: checked.diagnostics))
    }
    context.phases.enter(.compiling)
    var bases: [ProgramInstance] = []
    var scanned: [Int?] = []
    do {
      for (side, agent) in checked.agents.enumerated() {
        let instance = try MatchupCompiler.closedInstance(of: agent, in: world)
        bases.append(instance)
        // A side given as a plain file has its first int parameter scanned.
        let parameter =
          requests[side].selection == nil
          ? world.program(instance.program)?.parameters.firstIndex { $0.type == .int } : nil
        scanned.append(parameter)
      }
    } catch {
      return CLI.failure(renderer.render(error.diagnostics), CLI.exitCode(for: error.diagnostics))
    }
    guard scanned.contains(where: { $0 != nil }) else {
      return CLI.usageError(
        "neither agent has an int parameter to scan (give a plain FILE whose program takes one)", command: "threshold")
    }
    func instance(_ side: Int, _ n: Int) -> ProgramInstance {
      var result = bases[side]
      if let parameter = scanned[side], result.arguments.indices.contains(parameter) {
        result.arguments[parameter] = .int(n)
      }
      return result
    }
    func names(_ n: Int) -> String {
      "\(world.describe(instance(0, n))) vs \(world.describe(instance(1, n)))"
    }
    context.phases.enter(.solving)
    var first: MatchReport?
    var change: (n: Int, report: MatchReport)?
    var n = from
    var work = 0
    do throws(RuntimeFailure) {
      while n <= to {
        let report = try Match.play(world: world, row: instance(0, n), column: instance(1, n))
        let system = report.solved.system
        work += system.evaluationSteps + system.keys.count + system.arena.count + system.searchWork
        guard work <= maxScanWork else {
          // The scanned parameter is what the scan grows.
          let parameter = (0..<2).lazy.compactMap { side in
            scanned[side].flatMap { world.program(bases[side].program)?.parameters[$0].range }
          }.first
          throw RuntimeFailure(
            .limit(
              name: "maxScanWork", limit: maxScanWork,
              what: "the scanned matches take too much work in total (stopped at N = \(n))"),
            at: parameter)
        }
        if let base = first {
          if report.sides.map(\.output) != base.sides.map(\.output) {
            change = (n, report)
            break
          }
        } else {
          first = report
        }
        n += 1
      }
    } catch {
      return CLI.failure(
        renderer.render(error.diagnostics), error.limitReached ? ExitCode.limit : ExitCode.programError)
    }
    context.phases.enter(.rendering)
    guard let base = first else { return CLI.usageError("empty scan", command: "threshold") }
    func outcome(_ report: MatchReport) -> String {
      // With chance each side has a distribution, never one output (rule S6).
      if let chance = report.chance {
        return "row \(ChanceRendering.distributionText(report, chance, side: 0)); column "
          + ChanceRendering.distributionText(report, chance, side: 1)
      }
      return "row \(MatchRendering.shortOutput(world.game, report.sides[0].output)), column "
        + MatchRendering.shortOutput(world.game, report.sides[1].output)
    }
    let explanations = change.map { Explainer.explain($0.report.solved) } ?? []
    let proofs = explanations.flatMap { $0.facts }.filter { $0.proof != nil }
    if json {
      var object: [String: JSON] = [
        "schemaVersion": .int(JSON.schemaVersion),
        "from": .int(from), "to": .int(to), "matchup": .string(names(from)), "initial": .string(outcome(base)),
        "threshold": change.map { .int($0.n) } ?? .null,
      ]
      if let change {
        object["changed"] = .string(outcome(change.report))
        object["explanation"] = ExplainRendering.json(
          explanations, sources: loaded.sources,
          levels: ExplainRendering.searchLevels(change.report.solved))
      }
      return CommandResult(stdout: JSON.object(object).render() + "\n", stderr: "", exitCode: ExitCode.success)
    }
    var out = "matchup    \(names(from)) ... \(names(to))\n"
    guard let change else {
      out += "outcome    \(outcome(base)) for every N from \(from) to \(to): no threshold in this range\n"
      return CommandResult(stdout: out, stderr: "", exitCode: ExitCode.success)
    }
    out += "N \(from)..\(change.n - 1)".padding(toLength: 11, withPad: " ", startingAt: 0) + outcome(base) + "\n"
    out += "N \(change.n)".padding(toLength: 11, withPad: " ", startingAt: 0) + outcome(change.report) + "\n"
    out += "threshold  \(change.n): the least budget at which the outcome changes\n"
    if proofs.isEmpty { out += "(no proof is involved in the new outcome)\n" }
    var shown: Set<String> = []
    for fact in proofs {
      guard let steps = fact.proof else { continue }
      let text = ExplainRendering.proofText(steps, indent: "  ")
      guard shown.insert(text).inserted else { continue }
      out += "proof found at N = \(change.n) for `\(ExplainRendering.source(fact.range, loaded.sources))` "
      out += "(\(steps.count) steps; independent checker: \(fact.proofChecked == true ? "accepted" : "REJECTED")):\n"
      out += text
    }
    return CommandResult(stdout: out, stderr: "", exitCode: ExitCode.success)
  }
}
