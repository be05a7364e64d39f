// Reports of multi-round bargaining (rules M5–M7): one line per round in text, one object per
// round in JSON (`rounds`), and how the bargaining ended (`roundsEnd`).

import BargainProtocol
import BargainSemantics

enum RoundsRendering {
  static func text(_ report: MatchReport, _ rounds: RoundsReport) -> String {
    let cells = rounds.rounds.map { record in
      [String(record.round)] + record.outputs.map { MatchRendering.shortOutput(report.game, $0) }
        + [record.levels.map(String.init).joined(separator: " / ")]
    }
    let header = ["round", "row", "column", "levels"]
    let widths = header.indices.map { column in
      max(header[column].count, cells.map { $0[column].count }.max() ?? 0) + 2
    }
    func line(_ row: [String]) -> String {
      "         " + row.indices.map { MatchRendering.pad(row[$0], widths[$0]) }.joined().trimmingTrailingSpaces() + "\n"
    }
    var out = "\n" + line(header)
    for row in cells { out += line(row) }
    let last = rounds.rounds.last?.round ?? 1
    out += "ended    round \(last) of \(rounds.rule.count): \(endText(rounds.end, rounds.rule))\n"
    out += "         before discount and cost: row \(rounds.undiscounted.row), column \(rounds.undiscounted.column)"
    out += "; discount \(rounds.rule.discount), cost per round \(rounds.rule.cost)\n"
    return out
  }

  static func endText(_ end: RoundsEnd, _ rule: RoundsRule) -> String {
    switch end {
    case .agreement: return "compatible demands"
    case .deadline: return "the last round (\(rule.count)) ended with incompatible demands"
    case .repeated: return "both sides repeated their demands (lock when repeated)"
    case .noDemand: return "a side made no demand (timeout or never ends, rule S6)"
    }
  }

  static func historyText(_ node: RoundsNode) -> String {
    node.rowDemands.isEmpty
      ? "-"
      : node.rowDemands.map(String.init).joined(separator: " ") + " / "
        + node.columnDemands.map(String.init).joined(separator: " ")
  }

  static func table(_ header: [String], _ rows: [[String]], indent: String) -> String {
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    var out = ""
    for cells in [header] + rows {
      var line = indent
      for (column, cell) in cells.enumerated() {
        line += column == cells.count - 1 ? cell : MatchRendering.pad(cell, widths[column] + 2)
      }
      out += line + "\n"
    }
    return out
  }

  /// Rounds with chance (rule M8): every round played after every history, then the merged
  /// outcomes with the payoffs after discount, cost per round and capability costs.
  static func chanceText(
    _ report: MatchReport, _ rounds: RoundsReport, _ tree: RoundsChance, _ chance: ChanceReport
  ) -> String {
    let game = report.game
    var out = "rounds   \(rounds.rule.count), discount \(rounds.rule.discount), cost per round \(rounds.rule.cost)"
    out += rounds.rule.lockWhenRepeated ? ", lock when repeated" : ""
    out += "; with chance: \(tree.nodes.count) round\(tree.nodes.count == 1 ? "" : "s") played over the histories "
    out += "(equal histories merged, rule M8)\n"
    var rows: [[String]] = []
    for node in tree.nodes {
      for (index, branch) in node.branches.enumerated() {
        rows.append([
          index == 0 ? String(node.round) : "", index == 0 ? historyText(node) : "",
          index == 0 ? "\(node.probability)" : "", ChanceRendering.runText(game, branch.results[0]),
          ChanceRendering.runText(game, branch.results[1]), "\(branch.probability)",
          branch.end.map { "ends: " + $0.rawValue } ?? "next round",
        ])
      }
    }
    out += table(
      ["round", "history (row / column)", "reached", "row", "column", "probability", "then"], rows, indent: "  ")
    out += "\noutcomes (exact; merged over the histories; payoffs after discount and costs)\n"
    let outcomes = zip(tree.outcomes, chance.profiles).map { outcome, profile -> [String] in
      [
        "\(profile.probability)", profile.probability.decimal(digits: ChanceRendering.digits), String(outcome.round),
        outcome.end.rawValue, ChanceRendering.runText(game, outcome.results[0]),
        ChanceRendering.runText(game, outcome.results[1]), "(\(profile.payoffs.row), \(profile.payoffs.column))",
      ]
    }
    out += table(["probability", "decimal", "round", "ended", "row", "column", "payoffs"], outcomes, indent: "  ")
    if !chance.nonTermination.isZero {
      out += "never ends        \(ChanceRendering.probability(chance.nonTermination)): "
      out += ChanceRendering.unsettledRule(game) + " (rule S6)\n"
    }
    let payoffs = chance.expectedPayoffs.map { ChanceRendering.probability($0) }
    out += "expected payoffs  row \(payoffs[0]), column \(payoffs[1])\n"
    return out
  }

  /// `roundsChance` of the JSON report: the rule, every round played and the merged outcomes.
  static func chanceJSON(_ report: MatchReport, _ rounds: RoundsReport, _ tree: RoundsChance, _ chance: ChanceReport)
    -> JSON
  {
    let game = report.game
    let nodes = tree.nodes.map { node -> JSON in
      .object([
        "round": .int(node.round),
        "history": .array([.array(node.rowDemands.map { .int($0) }), .array(node.columnDemands.map { .int($0) })]),
        "probability": ChanceRendering.quantityJSON(node.probability, .exact),
        "profiles": .array(
          node.branches.map { branch in
            .object([
              "outputs": .array(branch.results.map { ChanceRendering.runJSON(game, $0) }),
              "probability": ChanceRendering.quantityJSON(branch.probability, .exact),
              "then": .string(branch.end?.rawValue ?? "next-round"),
            ])
          }),
      ])
    }
    let outcomes = zip(tree.outcomes, chance.profiles).map { outcome, profile -> JSON in
      .object([
        "round": .int(outcome.round),
        "kind": .string(outcome.end.rawValue),
        "outputs": .array(outcome.results.map { ChanceRendering.runJSON(game, $0) }),
        "probability": ChanceRendering.quantityJSON(profile.probability, .exact),
        "payoffs": .array([.rational(profile.payoffs.row), .rational(profile.payoffs.column)]),
        "undiscountedPayoffs": .array([.rational(outcome.undiscounted.row), .rational(outcome.undiscounted.column)]),
      ])
    }
    return .object([
      "rounds": .int(rounds.rule.count),
      "discount": .rational(rounds.rule.discount),
      "costPerRound": .rational(rounds.rule.cost),
      "lockWhenRepeated": .bool(rounds.rule.lockWhenRepeated),
      "histories": .array(nodes),
      "outcomes": .array(outcomes),
      "expectedPayoffs": .array(chance.expectedPayoffs.map { ChanceRendering.quantityJSON($0, .exact) }),
    ])
  }

  static func json(_ report: MatchReport, _ rounds: RoundsReport) -> (played: JSON, end: JSON) {
    let played = JSON.array(
      rounds.rounds.map { record in
        .object([
          "round": .int(record.round),
          "outputs": .array(record.outputs.map { MatchRendering.outputJSON(report.game, $0) }),
          "levels": .array(record.levels.map { .int($0) }),
          "stableWorld": .int(record.stableWorld),
          "matchups": .int(record.matchupCount),
        ])
      })
    let end = JSON.object([
      "kind": .string(rounds.end.rawValue),
      "round": .int(rounds.rounds.last?.round ?? 1),
      "rounds": .int(rounds.rule.count),
      "discount": .rational(rounds.rule.discount),
      "costPerRound": .rational(rounds.rule.cost),
      "lockWhenRepeated": .bool(rounds.rule.lockWhenRepeated),
      "undiscountedPayoffs": .array([.rational(rounds.undiscounted.row), .rational(rounds.undiscounted.column)]),
    ])
    return (played, end)
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
