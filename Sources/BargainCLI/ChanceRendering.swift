// Text and JSON for matches with chance: each side's distribution, the outcome profiles with
// exact and decimal probabilities, expected payoffs and the non-termination mass.

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics

enum ChanceRendering {
  static let digits = 6

  static func probability(_ value: Fraction) -> String { "\(value) (\(value.decimal(digits: digits)))" }

  static func resultText(_ game: Game, _ output: Output?) -> String {
    guard let output else { return "timeout" }
    return MatchRendering.shortOutput(game, output)
  }

  static func sideLines(_ report: MatchReport, _ chance: ChanceReport, nameWidth: Int) -> String {
    var out = ""
    let outputs = report.game.outputs
    for (index, label) in ["row      ", "column   "].enumerated() {
      let side = chance.outcome.sides[index]
      var parts: [String] = []
      for (result, p) in side.distribution.enumerated() where !p.isZero {
        parts.append("\(resultText(report.game, outputs.indices.contains(result) ? outputs[result] : nil)) \(p)")
      }
      if !side.nonTermination.isZero { parts.append("never ends \(side.nonTermination)") }
      var line = label + MatchRendering.pad(report.names[index], nameWidth) + parts.joined(separator: ", ")
      if let level = side.level {
        line += "   " + MatchRendering.levelText(level, bounded: report.sides[index].bounded)
      }
      out += line + "\n"
    }
    return out
  }

  static func text(_ report: MatchReport, _ chance: ChanceReport, nameWidth: Int) -> String {
    var out = sideLines(report, chance, nameWidth: nameWidth) + "\n"
    out +=
      "outcomes (\(chance.outcome.exact ? "exact" : "lower bounds: \(chance.outcome.inexactReason ?? "inexact")"))\n"
    let rows = chance.profiles.map { profile -> [String] in
      let payoffs = profile.settlement.map { "(\($0.payoffs.row), \($0.payoffs.column))" } ?? "none (timeout)"
      return [
        "\(profile.probability)", profile.probability.decimal(digits: digits),
        resultText(report.game, profile.results[0]), resultText(report.game, profile.results[1]), payoffs,
      ]
    }
    let header = ["probability", "decimal", "row", "column", "payoffs"]
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    for line in [header] + rows {
      out += "  " + line.enumerated().map { MatchRendering.pad($0.element, widths[$0.offset] + 2) }.joined()
      out = String(out.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
    }
    if !chance.unlistedMass.isZero {
      out +=
        "  (more profiles not listed: maxProfiles = \(ProtocolLimits.maxProfiles); their mass \(probability(chance.unlistedMass)))\n"
    }
    out += "never ends  \(probability(chance.nonTermination))\n"
    out +=
      "expected payoffs  row \(probability(chance.expectedPayoffs[0])), column \(probability(chance.expectedPayoffs[1]))\n"
    for (index, label) in ["row", "column"].enumerated() {
      if let expected = chance.outcome.sides[index].expectedSimulations, !expected.isZero {
        out += "\(label) runs \(expected) nested simulations on average (\(expected.decimal(digits: digits)))\n"
      }
    }
    return out
  }

  static func fractionJSON(_ value: Fraction) -> JSON {
    .object(["fraction": .string(value.description), "decimal": .number(value.decimal(digits: digits))])
  }

  static func resultJSON(_ game: Game, _ output: Output?) -> JSON {
    guard let output else { return .string("timeout") }
    return MatchRendering.outputJSON(game, output)
  }

  static func json(_ report: MatchReport, _ chance: ChanceReport) -> JSON {
    let outputs = report.game.outputs
    let sides = chance.outcome.sides.map { side -> JSON in
      var entries: [JSON] = []
      for (result, p) in side.distribution.enumerated() where !p.isZero {
        entries.append(
          .object([
            "result": resultJSON(report.game, outputs.indices.contains(result) ? outputs[result] : nil),
            "probability": fractionJSON(p),
          ]))
      }
      return .object([
        "distribution": .array(entries),
        "nonTermination": fractionJSON(side.nonTermination),
        "expectedSimulations": side.expectedSimulations.map(fractionJSON) ?? .null,
        "level": side.level.map { .int($0) } ?? .null,
      ])
    }
    let profiles = chance.profiles.map { profile -> JSON in
      var object: [String: JSON] = [
        "outputs": .array(profile.results.map { resultJSON(report.game, $0) }),
        "probability": fractionJSON(profile.probability),
      ]
      if let settlement = profile.settlement {
        object["kind"] = .string(settlement.kind)
        object["payoffs"] = .array([.rational(settlement.payoffs.row), .rational(settlement.payoffs.column)])
      } else {
        object["kind"] = .string("timeout")
      }
      return .object(object)
    }
    return .object([
      "exact": .bool(chance.outcome.exact),
      "sides": .array(sides),
      "profiles": .array(profiles),
      "nonTermination": fractionJSON(chance.nonTermination),
      "unlistedMass": fractionJSON(chance.unlistedMass),
      "expectedPayoffs": .array(chance.expectedPayoffs.map(fractionJSON)),
    ])
  }

  /// Each side's distribution at every world up to the stable one.
  static func framesText(_ report: MatchReport, _ chance: ChanceReport) -> String {
    let outputs = report.game.outputs
    func cell(_ distribution: [Fraction]) -> String {
      let parts = distribution.enumerated().filter { !$0.element.isZero }.map { index, p in
        "\(resultText(report.game, outputs.indices.contains(index) ? outputs[index] : nil)) \(p)"
      }
      return parts.isEmpty ? "never ends" : parts.joined(separator: ", ")
    }
    let rows = chance.outcome.frames.map { frame in frame.map(cell) }
    let width = max(3, rows.map { $0[0].count }.max() ?? 0) + 2
    var out = MatchRendering.pad("world", 7) + MatchRendering.pad("row", width) + "column\n"
    for (world, row) in rows.enumerated() {
      let marker = world == chance.outcome.stableWorld ? "   (stable from here)" : ""
      out += MatchRendering.pad(String(world), 7) + MatchRendering.pad(row[0], width) + row[1] + marker + "\n"
    }
    return out
  }

  static func framesJSON(_ report: MatchReport, _ chance: ChanceReport) -> JSON {
    let outputs = report.game.outputs
    return .array(
      chance.outcome.frames.enumerated().map { world, frame in
        .object([
          "world": .int(world),
          "distributions": .array(
            frame.map { distribution in
              .array(
                distribution.enumerated().filter { !$0.element.isZero }.map { index, p in
                  .object([
                    "result": resultJSON(report.game, outputs.indices.contains(index) ? outputs[index] : nil),
                    "probability": fractionJSON(p),
                  ])
                })
            }),
        ])
      })
  }
}
