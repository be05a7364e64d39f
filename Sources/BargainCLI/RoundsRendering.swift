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
    let how: String
    switch rounds.end {
    case .agreement: how = "compatible demands"
    case .deadline: how = "the last round (\(rounds.rule.count)) ended with incompatible demands"
    case .repeated: how = "both sides repeated their demands (lock when repeated)"
    }
    out += "ended    round \(last) of \(rounds.rule.count): \(how)\n"
    out += "         before discount and cost: row \(rounds.undiscounted.row), column \(rounds.undiscounted.column)"
    out += "; discount \(rounds.rule.discount), cost per round \(rounds.rule.cost)\n"
    return out
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
