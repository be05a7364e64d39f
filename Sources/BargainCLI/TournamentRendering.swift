// Text, CSV and JSON renderings of a tournament result. Pure functions of the result.

import BargainLogic
import BargainProtocol
import BargainSemantics
import BargainTournament

enum TournamentRendering {
  static func orderText(_ result: TournamentResult) -> String {
    let n = result.agents.count
    switch result.order {
    case .ordered:
      return "every ordered pair (\(n * n) matches)"
    case .unordered:
      return
        "each unordered pair once (\(n * (n + 1) / 2) matches), the mirror filled in: the game is symmetric and no agent has a plan"
    }
  }

  static func payoffText(_ value: Fraction) -> String { value.description }

  static func cellText(_ outcome: PairOutcome) -> String {
    guard let result = outcome.result else { return "error" }
    let mark = result.accuracy == .exact ? "" : "~"
    return mark + result.payoffs.map(payoffText).joined(separator: ", ")
  }

  /// A side's output and level (`C PA+0`), or its distribution with chance (`C 1/2 | D 1/2`).
  static func sideText(_ game: Game, _ side: SideOutcome) -> String {
    if let distribution = side.distribution {
      return distribution.map { resultText(game, $0.result) + " " + $0.probability.description }.joined(
        separator: " | ")
    }
    guard let output = side.output else { return "?" }
    let level = side.level.map { side.bounded.isEmpty ? " PA+\($0)" : " PA+\($0)+bounded" } ?? ""
    return MatchRendering.shortOutput(game, output) + level
  }

  static func resultText(_ game: Game, _ result: RunResult) -> String {
    switch result {
    case .output(let output): return MatchRendering.shortOutput(game, output)
    case .timeout: return "timeout"
    case .neverEnds: return "never-ends"
    }
  }

  static func text(_ result: TournamentResult) -> String {
    let names = result.agents.map(\.name)
    var out = "tournament  \(MatchRendering.gameText(result.game))\n"
    out += "pairs       \(orderText(result))\n"
    out += "protocol    horizon \(result.horizon), lag \(result.lag)\n\n"
    let numberWidth = String(names.count).count
    let nameWidth = (names.map(\.count).max() ?? 0) + 2
    out += "agents\n"
    for (index, agent) in result.agents.enumerated() {
      out += "  " + leftPad(String(index + 1), numberWidth) + "  " + MatchRendering.pad(agent.name, nameWidth)
      out += agent.source + (agent.planned ? "  (plan)" : "") + "\n"
    }
    let n = names.count
    let cells = (0..<n).map { row in (0..<n).map { column in cellText(result.cell(row, column)) } }
    let cellWidth = max(numberWidth, cells.flatMap { $0 }.map(\.count).max() ?? 0) + 2
    out += "\npayoffs (row agent's, column agent's); row i plays column j\n"
    out += String(repeating: " ", count: numberWidth + 4)
    for column in 0..<n { out += leftPad(String(column + 1), cellWidth) }
    out += "\n"
    for row in 0..<n {
      out += "  " + leftPad(String(row + 1), numberWidth) + "  "
      for column in 0..<n { out += leftPad(cells[row][column], cellWidth) }
      out += "\n"
    }
    out += "\nmatches\n"
    for row in 0..<n {
      for column in 0..<n {
        let pair = names[row] + " vs " + names[column]
        switch result.cell(row, column) {
        case .played(let played):
          var line = "  " + pair + ": " + played.kind.rawValue
          line +=
            "; row " + sideText(result.game, played.sides[0]) + "; column " + sideText(result.game, played.sides[1])
          line += "; payoffs " + cellText(.played(played))
          if played.planned { line += "; T " + (played.handOver.map(String.init) ?? "not reached") }
          out += line + "\n"
        case .failed(let failure):
          out += "  " + pair + ": error: " + (failure.diagnostics.first?.message ?? "the match failed") + "\n"
        }
      }
    }
    return out
  }

  /// T only where an agent has a plan (without plans it says nothing about the pair).
  static func tText(_ played: PairResult) -> String {
    guard played.planned else { return "" }
    return played.handOver.map(String.init) ?? "not reached"
  }

  static func leftPad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }

  // MARK: CSV

  static let csvHeader = [
    "row", "column", "row_agent", "column_agent", "kind", "row_output", "column_output", "row_level",
    "column_level", "row_payoff", "column_payoff", "accuracy", "conflict", "T", "mirrored", "error",
  ]

  /// One line per ordered pair, row-major; payoffs exact (`3/2`).
  static func csv(_ result: TournamentResult) -> String {
    var out = csvHeader.joined(separator: ",") + "\n"
    let n = result.agents.count
    let names = result.agents.map(\.name)
    for row in 0..<n {
      for column in 0..<n { out += csvLine(result.game, names, row, column, result.cell(row, column)) }
    }
    return out
  }

  /// The CSV line (with its newline) of the cell where row agent `row` plays column agent `column`;
  /// `tournament --csv` streams these in the same order.
  static func csvLine(_ game: Game, _ names: [String], _ row: Int, _ column: Int, _ cell: PairOutcome) -> String {
    var fields = [String(row + 1), String(column + 1), names[row], names[column]]
    switch cell {
    case .played(let played):
      fields += [played.kind.rawValue]
      fields += played.sides.map { sideText(game, $0.withoutLevel) }
      fields += played.sides.map { $0.level.map(String.init) ?? "" }
      fields += played.payoffs.map(\.description)
      fields += [played.accuracy.rawValue, played.conflict?.description ?? "", tText(played)]
      fields += [played.mirrored ? "true" : "false", ""]
    case .failed(let failure):
      fields += ["error", "", "", "", "", "", "", "", "", "", "false", failure.diagnostics.first?.message ?? ""]
    }
    return fields.map(csvField).joined(separator: ",") + "\n"
  }

  static func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  // MARK: JSON

  static func fractionJSON(_ value: Fraction) -> JSON {
    .object(["exact": .string(value.description), "value": .number(decimalNumber(value))])
  }

  /// A JSON number for a fraction: 6 places after the point, trailing zeros removed.
  static func decimalNumber(_ value: Fraction) -> String {
    let text = value.decimal(digits: 6)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  static func resultJSON(_ game: Game, _ result: RunResult) -> JSON {
    switch result {
    case .output(let output): return MatchRendering.outputJSON(game, output)
    case .timeout: return .string("timeout")
    case .neverEnds: return .string("neverEnds")
    }
  }

  static func sideJSON(_ game: Game, _ side: SideOutcome) -> JSON {
    var object: [String: JSON] = [
      "program": .string(side.program), "reason": .string(side.reason),
      "bounded": .array(side.bounded.map { .int($0 + 1) }),
    ]
    if let output = side.output { object["output"] = MatchRendering.outputJSON(game, output) }
    if let level = side.level { object["level"] = .int(level) }
    if let distribution = side.distribution {
      object["distribution"] = .array(
        distribution.map {
          .object(["result": resultJSON(game, $0.result), "probability": fractionJSON($0.probability)])
        })
    }
    return .object(object)
  }

  static func json(_ result: TournamentResult) -> JSON {
    let n = result.agents.count
    var pairs: [JSON] = []
    for row in 0..<n {
      for column in 0..<n {
        var object: [String: JSON] = ["row": .int(row + 1), "column": .int(column + 1)]
        switch result.cell(row, column) {
        case .played(let played):
          object["kind"] = .string(played.kind.rawValue)
          object["sides"] = .array(played.sides.map { sideJSON(result.game, $0) })
          object["payoffs"] = .array(played.payoffs.map(fractionJSON))
          object["accuracy"] = .string(played.accuracy.rawValue)
          object["conflict"] = played.conflict.map(fractionJSON) ?? .null
          if played.planned { object["T"] = played.handOver.map { .int($0) } ?? .null }
          object["mirrored"] = .bool(played.mirrored)
          object["matchups"] = .int(played.matchups)
        case .failed(let failure):
          object["kind"] = .string("error")
          object["error"] = .string(failure.diagnostics.first?.message ?? "the match failed")
          object["limit"] = .bool(failure.limit)
        }
        pairs.append(.object(object))
      }
    }
    return .object([
      "schemaVersion": .int(JSON.schemaVersion),
      "kind": .string("tournament"),
      "game": .object([
        "name": .string(result.game.name),
        "kind": .string(
          {
            if case .matrix = result.game.kind { return "matrix" }
            return "bargaining"
          }()),
      ]),
      "order": .string(result.order.rawValue),
      "horizon": .int(result.horizon),
      "lag": .int(result.lag),
      "agents": .array(
        result.agents.enumerated().map { index, agent in
          .object([
            "index": .int(index + 1), "name": .string(agent.name), "source": .string(agent.source),
            "plan": .bool(agent.planned),
          ])
        }),
      "pairs": .array(pairs),
    ])
  }
}

extension SideOutcome {
  /// The side without its level (CSV has a column of its own for it).
  var withoutLevel: SideOutcome {
    var copy = self
    copy.level = nil
    return copy
  }
}
