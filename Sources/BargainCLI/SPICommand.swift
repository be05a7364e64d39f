// `bargain spi A B --with A2 B2`: whether replacing the pair (A, B) by (A2, B2) is a safe Pareto
// improvement in the sense of Oesterheld and Conitzer, "Safe Pareto improvements for delegated
// game playing" (protocol rule SP4).

import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax

enum SPICommand {
  /// Not a safe Pareto improvement (the assumption fails, or some outcome is worse, or none is
  /// better): distinct from 1, which means a program has errors.
  static let notAnImprovement: Int32 = 4

  struct Options {
    var original: [String] = []
    var replacement: [String] = []
    var json = false
    var quiet = false
    var horizon = ProtocolLimits.defaultHorizon
    var lag = ProtocolLimits.defaultLag
  }

  /// How one player fares in one outcome of the new pair against the original.
  enum Comparison: String {
    case better, equal, worse
    init(_ new: Rational, _ old: Rational) {
      self = new == old ? .equal : (old < new ? .better : .worse)
    }
  }

  struct OutcomeRow {
    var outcome: String
    var original: PayoffProfile?
    var new: PayoffProfile?
    var row: Comparison
    var column: Comparison
    /// `any agreement` only: each pair's capability costs, which every agreement pays (rule P7).
    var costs: [PayoffProfile]? = nil
  }

  struct Side {
    var originalProgram: String
    var newProgram: String
    var originalOutput: String
    var newOutput: String
    var sameProgram: Bool
    var sameOutput: Bool
  }

  struct PairResult {
    var report: MatchReport
    var outcome: ProtocolOutcome
    var world: CheckedWorld
    var changes: [PayoffChange]
  }

  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
    var options = Options()
    var index = 0
    var target = 0
    while index < words.count {
      let word = words[index]
      switch word {
      case "--json": options.json = true
      case "--quiet": options.quiet = true
      case "--with": target = 1
      case "--horizon", "--lag":
        index += 1
        let minimum = word == "--lag" ? 1 : 0
        guard index < words.count, let value = Int(words[index]), value >= minimum, value <= ProtocolLimits.maxHorizon
        else {
          return CLI.usageError(
            "\(word) needs a whole number from \(minimum) to \(ProtocolLimits.maxHorizon)", command: "spi")
        }
        if word == "--lag" { options.lag = value } else { options.horizon = value }
      default:
        if word.hasPrefix("-") && !CLI.isStandardInput(word) {
          return CLI.usageError("unknown option '\(word)'", command: "spi")
        }
        if target == 0 { options.original.append(word) } else { options.replacement.append(word) }
      }
      index += 1
    }
    guard options.original.count == 2, options.replacement.count == 2 else {
      return CLI.usageError("spi needs two agents, then --with and two agents", command: "spi")
    }
    return decide(options, context)
  }

  static func decide(_ options: Options, _ context: CLI.RunContext) -> CommandResult {
    var loaded = context.loader()
    var requests: [AgentRequest] = []
    let specs = options.original + options.replacement
    for spec in specs {
      if let request = loaded.loadAgent(spec) { requests.append(request) }
    }
    let renderer = { (diagnostics: [Diagnostic]) in
      DiagnosticRenderer(sources: loaded.sources).render(CheckCommand.prepared(diagnostics, quiet: options.quiet))
    }
    guard !loaded.diagnostics.contains(where: { $0.severity == .error }), requests.count == 4 else {
      return CLI.failure(renderer(loaded.diagnostics), CLI.exitCode(for: loaded.diagnostics))
    }
    context.phases.enter(.checking)
    let checked = Checker.check(units: loaded.units, prelude: loaded.prelude, agents: requests)
    guard let world = checked.world, checked.agentPlans.count == 4, !checked.hasErrors else {
      let all = loaded.diagnostics + checked.diagnostics
      return CLI.failure(renderer(all), CLI.exitCode(for: all))
    }
    var pairs: [PairResult] = []
    do {
      for pair in 0..<2 {
        let agents = Array(checked.agentPlans[(2 * pair)..<(2 * pair + 2)])
        context.phases.enter(.preBargaining)
        let branches = try PreBargaining.explore(
          world: world, agents: agents, horizon: options.horizon, lag: options.lag)
        // Outcomes correspond only between single protocol outcomes (rule SP4).
        guard branches.count == 1, let outcome = branches.first?.outcome else {
          return CommandResult(
            stdout: "",
            stderr: "bargain: error: spi compares one protocol outcome per pair, and the randomized plans of the "
              + "\(pair == 0 ? "original" : "new") pair make \(branches.count) branches (rule P16)\n",
            exitCode: ExitCode.usage)
        }
        context.phases.enter(.solving)
        let settled = outcome.settlementWorld(world)
        let report = try Match.play(world: world, after: outcome)
        pairs.append(
          PairResult(report: report, outcome: outcome, world: settled, changes: outcome.payoffChanges(in: world.game)))
      }
    } catch {
      return CLI.failure(renderer(error.diagnostics), error.limitReached ? ExitCode.limit : ExitCode.programError)
    }
    context.phases.enter(.rendering)
    let sides = (0..<2).map { side(pairs, $0, world: world) }
    let rows: [OutcomeRow]
    do {
      rows = try outcomeRows(pairs[0].world.game, pairs[1].world.game, costs: pairs.map(\.outcome.costs))
    } catch {
      return CLI.failure(renderer(error.diagnostics), ExitCode.programError)
    }
    let assumption = sides.allSatisfy { $0.sameProgram && $0.sameOutput }
    let worse = rows.first { $0.row == .worse || $0.column == .worse }
    let better = rows.contains { $0.row == .better || $0.column == .better }
    let isSPI = assumption && worse == nil && better
    let reason: String
    if !assumption {
      let failing = (0..<2).filter { !(sides[$0].sameProgram && sides[$0].sameOutput) }.map {
        $0 == 0 ? "row" : "column"
      }
      reason =
        "the assumption fails for \(failing.joined(separator: " and ")): the replacement does not leave the "
        + "first-order program and its output unchanged, so outcomes do not correspond"
    } else if let worse {
      let who = [worse.row == .worse ? "row" : nil, worse.column == .worse ? "column" : nil].compactMap { $0 }
      reason =
        "counterexample: in \(worse.outcome) \(who.joined(separator: " and ")) \(who.count > 1 ? "are" : "is") worse off"
    } else if !better {
      reason = "no outcome is better for anyone: the replacement changes nothing"
    } else {
      reason = "every outcome is at least as good for both players and some outcome is strictly better for one"
    }
    let warnings = renderer(checked.diagnostics)
    let code = isSPI ? ExitCode.success : notAnImprovement
    if options.json {
      return CommandResult(
        stdout: json(specs, pairs, sides, rows, isSPI: isSPI, assumption: assumption, reason: reason).render() + "\n",
        stderr: warnings, exitCode: code)
    }
    return CommandResult(
      stdout: text(specs, pairs, sides, rows, isSPI: isSPI, assumption: assumption, reason: reason), stderr: warnings,
      exitCode: code)
  }

  /// The assumption for one side: the same effective program (rule P8) and the same output (or
  /// distribution) in both matches.
  static func side(_ pairs: [PairResult], _ index: Int, world: CheckedWorld) -> Side {
    let programs = pairs.map { $0.outcome.programs[index] }
    let outputs = pairs.map { output($0.report, side: index) }
    let distributions = pairs.map { pair in
      pair.report.chance.map { chance in
        chance.outcome.sides.indices.contains(index)
          ? chance.outcome.sides[index].distribution + [chance.outcome.sides[index].nonTermination] : []
      }
    }
    return Side(
      originalProgram: world.describe(programs[0]), newProgram: world.describe(programs[1]),
      originalOutput: outputs[0], newOutput: outputs[1], sameProgram: world.sameSource(programs[0], programs[1]),
      sameOutput: outputs[0] == outputs[1] && distributions[0] == distributions[1])
  }

  static func output(_ report: MatchReport, side: Int) -> String {
    if report.chance != nil { return "a distribution" }
    return report.finalOutputs.indices.contains(side) ? report.game.describe(report.finalOutputs[side]) : "?"
  }

  /// Outcome by outcome, under the assumption that the same outputs are played, net of each
  /// pair's capability costs (rule P7: paid in every outcome): an agreement pays the same shares
  /// in both (surrogates and wrappers change disagreements only), less each pair's costs; each
  /// disagreement pays what each pair's settlement game says, less its costs.
  static func outcomeRows(_ original: Game, _ new: Game, costs: [[Rational]]) throws(RuntimeFailure) -> [OutcomeRow] {
    let zero = [Rational(0), Rational(0)]
    let (oldCosts, newCosts) = (costs.first ?? zero, costs.last ?? zero)
    // Lower cost is better; an agreement's shares are the same in both pairs.
    func byCost(_ side: Int) -> Comparison {
      oldCosts[side] == newCosts[side] ? .equal : (newCosts[side] < oldCosts[side] ? .better : .worse)
    }
    switch (original.kind, new.kind) {
    case (.bargaining(let a), .bargaining(let b)):
      var rows = [
        OutcomeRow(
          outcome: "any agreement", original: nil, new: nil, row: byCost(0), column: byCost(1),
          costs: [
            PayoffProfile(row: oldCosts[0], column: oldCosts[1]), PayoffProfile(row: newCosts[0], column: newCosts[1]),
          ])
      ]
      for r in a.outsideOptions.indices {
        for c in a.outsideOptions.indices
        where a.disagreement.indices.contains(r) && a.disagreement[r].indices.contains(c)
          && b.disagreement.indices.contains(r) && b.disagreement[r].indices.contains(c)
        {
          let old = try Match.net(a.disagreement[r][c], oldCosts)
          let now = try Match.net(b.disagreement[r][c], newCosts)
          rows.append(
            OutcomeRow(
              outcome: "disagreement (\(a.outsideOptions[r]), \(a.outsideOptions[c]))", original: old, new: now,
              row: Comparison(now.row, old.row), column: Comparison(now.column, old.column)))
        }
      }
      return rows
    case (.matrix(let matrix), _), (.bargaining, .matrix(let matrix)):
      // Surrogates and wrappers need outside options: a matrix game's payoffs never change.
      var rows: [OutcomeRow] = []
      for r in matrix.actions.indices {
        for c in matrix.actions.indices
        where matrix.payoffs.indices.contains(r) && matrix.payoffs[r].indices.contains(c) {
          let old = try Match.net(matrix.payoffs[r][c], oldCosts)
          let now = try Match.net(matrix.payoffs[r][c], newCosts)
          rows.append(
            OutcomeRow(
              outcome: "(\(matrix.actions[r]), \(matrix.actions[c]))", original: old, new: now,
              row: Comparison(now.row, old.row), column: Comparison(now.column, old.column)))
        }
      }
      return rows
    }
  }

  static func pairText(_ payoffs: PayoffProfile?, cost: PayoffProfile? = nil) -> String {
    if let payoffs { return "(\(payoffs.row), \(payoffs.column))" }
    guard let cost, cost.row != Rational(0) || cost.column != Rational(0) else { return "the demands" }
    return "the demands - (\(cost.row), \(cost.column))"
  }

  /// What a match ended with: the settlement and its payoffs, or the expected payoffs with chance.
  static func actual(_ report: MatchReport) -> (String, [String]) {
    if let chance = report.chance {
      let payoffs = chance.expectedPayoffs.map { "\($0)" }
      return ("expected (\(payoffs.joined(separator: ", ")))", payoffs)
    }
    guard let settlement = report.settlement else { return ("?", []) }
    let payoffs = [settlement.payoffs.row.description, settlement.payoffs.column.description]
    let what: String
    switch settlement {
    case .played(let r, let c, _): what = "played (\(r), \(c))"
    case .agreement(let r, let c, _): what = "agreement \(r) + \(c)"
    case .disagreement(let r, let c, _): what = "disagreement (\(r), \(c))"
    }
    return ("\(what) (\(payoffs.joined(separator: ", ")))", payoffs)
  }

  static func text(
    _ specs: [String], _ pairs: [PairResult], _ sides: [Side], _ rows: [OutcomeRow], isSPI: Bool, assumption: Bool,
    reason: String
  ) -> String {
    var lines = ["original: \(specs[0]) vs \(specs[1])", "new:      \(specs[2]) vs \(specs[3])", ""]
    lines.append("assumption: each side bargains with the same program and makes the same output in both pairs")
    for (index, side) in sides.enumerated() {
      let label = index == 0 ? "row" : "column"
      let verdict = side.sameProgram && side.sameOutput ? "holds" : "FAILS"
      lines.append(
        "  \(label): \(side.originalProgram) -> \(side.newProgram); \(side.originalOutput) -> \(side.newOutput): \(verdict)"
      )
    }
    for (index, pair) in pairs.enumerated() {
      let name = index == 0 ? "original" : "new"
      let changes = pair.changes.map(\.text)
      lines.append("payoff changes (\(name)): " + (changes.isEmpty ? "none" : changes.joined(separator: "; ")))
    }
    lines.append("")
    let header = ["outcome", "original", "new", "row", "column"]
    var table = [header]
    for row in rows {
      table.append([
        row.outcome, pairText(row.original, cost: row.costs?.first), pairText(row.new, cost: row.costs?.last),
        row.row.rawValue, row.column.rawValue,
      ])
    }
    let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
    for entry in table {
      let cells = entry.enumerated().map { index, cell in
        index == entry.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
      }
      lines.append(cells.joined(separator: "  "))
    }
    lines.append("")
    lines.append("actual outcome: original \(actual(pairs[0].report).0), new \(actual(pairs[1].report).0)")
    lines.append(
      (isSPI ? "a safe Pareto improvement: " : "not a safe Pareto improvement: ") + reason)
    return lines.joined(separator: "\n") + "\n"
  }

  /// For `bargain A B`: the payoff changes settlement applied (rules SP1–SP3), one line each.
  static func changesText(_ outcome: ProtocolOutcome, game: Game) -> String {
    outcome.payoffChanges(in: game).map { "changed  \($0.text)\n" }.joined()
  }

  /// For `bargain A B --json`: `payoffChanges`, only when there are some.
  static func changesJSON(_ outcome: ProtocolOutcome, game: Game) -> JSON? {
    let changes = outcome.payoffChanges(in: game)
    return changes.isEmpty ? nil : .array(changes.map { .string($0.text) })
  }

  static func json(
    _ specs: [String], _ pairs: [PairResult], _ sides: [Side], _ rows: [OutcomeRow], isSPI: Bool, assumption: Bool,
    reason: String
  ) -> JSON {
    func payoffs(_ profile: PayoffProfile?) -> JSON {
      profile.map { .array([.number($0.row.description), .number($0.column.description)]) } ?? .null
    }
    let sideJSON = sides.map { side -> JSON in
      .object([
        "originalProgram": .string(side.originalProgram), "newProgram": .string(side.newProgram),
        "originalOutput": .string(side.originalOutput), "newOutput": .string(side.newOutput),
        "sameProgram": .bool(side.sameProgram), "sameOutput": .bool(side.sameOutput),
      ])
    }
    let rowJSON = rows.map { row -> JSON in
      var fields: [String: JSON] = [
        "outcome": .string(row.outcome), "original": payoffs(row.original), "new": payoffs(row.new),
        "row": .string(row.row.rawValue), "column": .string(row.column.rawValue),
      ]
      if let costs = row.costs { fields["costs"] = .object(["original": payoffs(costs[0]), "new": payoffs(costs[1])]) }
      return .object(fields)
    }
    let actualJSON = pairs.map { pair -> JSON in
      let (text, values) = actual(pair.report)
      return .object([
        "text": .string(text), "payoffs": .array(values.map { .string($0) }),
        "changes": .array(pair.changes.map { .string($0.text) }),
      ])
    }
    return .object([
      "schemaVersion": .int(JSON.schemaVersion),
      "original": .array(specs.prefix(2).map { .string($0) }),
      "new": .array(specs.suffix(2).map { .string($0) }),
      "assumption": .object(["holds": .bool(assumption), "sides": .array(sideJSON)]),
      "outcomes": .array(rowJSON),
      "actual": .object(["original": actualJSON[0], "new": actualJSON[1]]),
      "spi": .bool(isSPI),
      "reason": .string(reason),
    ])
  }
}
