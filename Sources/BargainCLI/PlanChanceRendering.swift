// Text and JSON for a match with randomized plans (rule P16): the events every branch shares, then
// per branch its probability, the events that differ, T, the programs and the bargaining outcome,
// then the outcomes with equal ones merged and the expected payoffs.

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics

enum PlanChanceRendering {
  /// Events that occur in every branch (the rest are the branches' differences).
  static func common(_ match: RandomizedMatch) -> Set<TimelineEvent> {
    guard var shared = match.branches.first.map({ Set($0.branch.outcome.events) }) else { return [] }
    for branch in match.branches.dropFirst() { shared.formIntersection(branch.branch.outcome.events) }
    return shared
  }

  static func eventLines(_ events: [TimelineEvent], _ outcome: ProtocolOutcome) -> String {
    let labelWidth = (outcome.labels.map(\.count).max() ?? 0) + 2
    let timeWidth = "t=\(outcome.horizon)".count + 2
    var out = ""
    for event in events {
      out += "  " + MatchRendering.pad("t=\(event.time)", timeWidth) + MatchRendering.pad(event.agent, labelWidth)
      out += event.detail + "\n"
    }
    return out
  }

  static func text(_ match: RandomizedMatch, world: CheckedWorld, files: [String], frames: Bool) -> String {
    guard let first = match.branches.first else { return "" }
    let outcome = first.branch.outcome
    let game = world.game
    let width = (outcome.labels.map(\.count).max() ?? 0) + 2
    var out = "game     \(MatchRendering.gameText(game))\n"
    out += "row      \(MatchRendering.pad(outcome.labels[0], width))\(files[0])\n"
    out += "column   \(MatchRendering.pad(outcome.labels[1], width))\(files[1])\n\n"
    out +=
      "randomized plans: \(match.branches.count) branches, each run exactly (rule P16); "
      + "a side sees the other's draws only through the commitments and channel status they produce\n"
    out += "timeline horizon \(outcome.horizon), lag \(outcome.lag)\n"
    let shared = common(match)
    let sharedEvents = outcome.events.filter { shared.contains($0) }
    out += "every branch\n"
    out += sharedEvents.isEmpty ? "  (no events)\n" : eventLines(sharedEvents, outcome)
    for (index, played) in match.branches.enumerated() {
      let branch = played.branch
      out += "\nbranch \(index + 1)  probability \(ChanceRendering.probability(branch.probability))\n"
      out += eventLines(branch.outcome.events.filter { !shared.contains($0) }, branch.outcome)
      if let handOver = branch.outcome.handOver {
        out += "  T        \(handOver): both sides know each other's single program\n"
      } else {
        out += "  T        not reached by the horizon; bargaining starts at t=\(branch.outcome.horizon)\n"
      }
      for (side, label) in ["row      ", "column   "].enumerated() {
        out += "  " + label + branch.outcome.labels[side] + " bargains with "
        out += world.describe(branch.outcome.programs[side]) + " (" + branch.outcome.programReasons[side] + ")\n"
      }
      for (side, label) in ["row      ", "column   "].enumerated()
      where branch.outcome.opponents.indices.contains(side) && branch.outcome.opponents[side].knowledge != nil {
        out += "  " + label + branch.outcome.labels[side] + "'s `them` is "
        out += world.describe(branch.outcome.opponents[side]) + " (rule P6)\n"
      }
      // The branch's match as `play` prints it, without the game and players header.
      let lines = MatchRendering.text(played.report, files: files, frames: frames).split(
        separator: "\n", omittingEmptySubsequences: false)
      for line in lines.dropFirst(4) where !line.isEmpty { out += "  " + line + "\n" }
    }
    let accuracy = match.exact ? "exact" : "bounds: ≥ at least, ≤ at most, ≈ neither bound"
    out += "\noutcomes (\(accuracy); branches with equal outcomes merged)\n"
    let rows = match.outcomes.map { merged -> [String] in
      var payoffs = "(\(merged.payoffs.row), \(merged.payoffs.column))"
      if merged.settlement == nil { payoffs += " unsettled" }
      return [
        ChanceRendering.mark(merged.accuracy) + "\(merged.probability)",
        merged.probability.decimal(digits: ChanceRendering.digits),
        ChanceRendering.runText(game, merged.results[0]), ChanceRendering.runText(game, merged.results[1]),
        merged.settlement?.kind ?? "unsettled", payoffs, merged.branches.map(String.init).joined(separator: ", "),
      ]
    }
    let header = ["probability", "decimal", "row", "column", "result", "payoffs", "branches"]
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    for cells in [header] + rows {
      var line = "  "
      for (column, cell) in cells.enumerated() {
        line += column == cells.count - 1 ? cell : MatchRendering.pad(cell, widths[column] + 2)
      }
      out += line + "\n"
    }
    if !match.unlistedMass.isZero {
      out +=
        "  (more outcomes not listed: maxProfiles; their mass \(ChanceRendering.probability(match.unlistedMass)))\n"
    }
    let payoffs = match.expectedPayoffs.map { ChanceRendering.quantity($0, match.expectedPayoffsAccuracy) }
    out += "expected payoffs  row \(payoffs[0]), column \(payoffs[1])\n"
    return out
  }

  static func json(_ match: RandomizedMatch, world: CheckedWorld, files: [String], frames: Bool) -> JSON {
    let game = world.game
    let branches = match.branches.map { played -> JSON in
      var fields: [String: JSON] = [:]
      if case .object(let single) = MatchRendering.json(
        played.report, protocol: played.branch.outcome, files: files, frames: frames)
      {
        fields = single
      }
      fields["game"] = nil
      fields["schemaVersion"] = nil
      fields["probability"] = ChanceRendering.quantityJSON(played.branch.probability, .exact)
      fields["draws"] = .array(
        played.branch.draws.map { draw in
          .object([
            "t": .int(draw.time),
            "agent": .string(played.branch.outcome.labels[draw.side]),
            "side": .string(draw.side == 0 ? "row" : "column"),
            "block": .string(draw.first ? "first" : "else"),
            "probability": ChanceRendering.quantityJSON(draw.weight, .exact),
          ])
        })
      fields["payoffs"] = .array(
        played.payoffs.map {
          ChanceRendering.quantityJSON($0, played.report.chance?.expectedPayoffsAccuracy ?? .exact)
        })
      return .object(fields)
    }
    let outcomes = match.outcomes.map { merged -> JSON in
      .object([
        "outputs": .array(merged.results.map { ChanceRendering.runJSON(game, $0) }),
        "probability": ChanceRendering.quantityJSON(merged.probability, merged.accuracy),
        "kind": .string(merged.settlement?.kind ?? "unsettled"),
        "payoffs": .array([.rational(merged.payoffs.row), .rational(merged.payoffs.column)]),
        "branches": .array(merged.branches.map { .int($0) }),
      ])
    }
    let outcome = match.branches.first?.branch.outcome
    return .object([
      "game": .object([
        "name": .string(game.name),
        "kind": .string(
          {
            if case .matrix = game.kind { return "matrix" }
            return "bargaining"
          }()),
      ]),
      "schemaVersion": .int(JSON.schemaVersion),
      "horizon": .int(outcome?.horizon ?? 0),
      "lag": .int(outcome?.lag ?? 0),
      "branches": .array(branches),
      "result": .object([
        "kind": .string("branches"),
        "exact": .bool(match.exact),
        "outcomes": .array(outcomes),
        "unlistedMass": ChanceRendering.quantityJSON(match.unlistedMass, match.exact ? .exact : .approximate),
        "expectedPayoffs": .array(
          match.expectedPayoffs.map { ChanceRendering.quantityJSON($0, match.expectedPayoffsAccuracy) }),
      ]),
    ])
  }
}

extension PlanChanceRendering {
  /// `bargain play`'s result for a match with randomized plans. A sampled play (`--seed`) and
  /// explanations (`--explain`) describe one match, so they are refused here rather than ignored.
  static func result(
    _ match: RandomizedMatch, world: CheckedWorld, files: [String], options: CLI.PlayOptions, warnings: String
  ) -> CommandResult {
    if options.seed != nil || options.explain {
      let flag = options.seed != nil ? "--seed" : "--explain"
      return CommandResult(
        stdout: "",
        stderr: warnings + "error: \(flag) needs a single match, and randomized plans make "
          + "\(match.branches.count) branches (rule P16)\n",
        exitCode: ExitCode.usage)
    }
    if options.json {
      let json = json(match, world: world, files: files, frames: options.frames)
      return CommandResult(stdout: json.render() + "\n", stderr: warnings, exitCode: ExitCode.success)
    }
    return CommandResult(
      stdout: text(match, world: world, files: files, frames: options.frames), stderr: warnings,
      exitCode: ExitCode.success)
  }
}
