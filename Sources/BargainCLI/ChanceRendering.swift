// Text and JSON for matches with chance: each side's distribution, the outcome profiles (never
// ends included) with exact and decimal probabilities, the non-termination mass and the payoff it
// gets, expected payoffs and nested simulations (∞ when infinite), every bound labelled as one.

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics

enum ChanceRendering {
  static let digits = 6

  static func probability(_ value: Fraction) -> String { "\(value) (\(value.decimal(digits: digits)))" }

  /// A value with its accuracy in words: `at least 1/4 (0.25)`; nil is infinite.
  static func quantity(_ value: Fraction?, _ accuracy: Accuracy) -> String {
    guard let value else { return "∞" }
    switch accuracy {
    case .exact: return probability(value)
    case .lowerBound: return "at least " + probability(value)
    case .upperBound: return "at most " + probability(value)
    case .approximate: return "about " + probability(value)
    }
  }

  /// The short mark of a table entry: `≥ 1/4`.
  static func mark(_ accuracy: Accuracy) -> String {
    switch accuracy {
    case .exact: return ""
    case .lowerBound: return "≥ "
    case .upperBound: return "≤ "
    case .approximate: return "≈ "
    }
  }

  static func resultText(_ game: Game, _ output: Output?) -> String {
    guard let output else { return "timeout" }
    return MatchRendering.shortOutput(game, output)
  }

  static func runText(_ game: Game, _ result: RunResult) -> String {
    switch result {
    case .output(let output): return MatchRendering.shortOutput(game, output)
    case .timeout: return "timeout"
    case .neverEnds: return "never ends"
    }
  }

  /// What a profile without both outputs pays (rule S6), as a sentence ending the never-ends line.
  static func unsettledRule(_ game: Game) -> String {
    if let declared = game.neverEnds {
      return "a profile in which a side has no output (timeout or never ends) pays "
        + "(\(declared.row), \(declared.column)), the game's `never ends`"
    }
    switch game.kind {
    case .matrix:
      return "a profile in which a side has no action (timeout or never ends) pays (0, 0)"
    case .bargaining(let bargaining):
      let option =
        bargaining.outsideOptions.indices.contains(bargaining.defaultOutside ?? 0)
        ? bargaining.outsideOptions[bargaining.defaultOutside ?? 0] : "?"
      return "a side without an output (timeout or never ends) takes outside \(option): a disagreement"
    }
  }

  /// One side's distribution: `C 11/20, D 9/20`, `C ≥ 1/4, never ends ≤ 3/4`.
  static func distributionText(_ report: MatchReport, _ chance: ChanceReport, side index: Int) -> String {
    let outputs = report.game.outputs
    let lower = mark(chance.exact ? .exact : .lowerBound)
    let upper = mark(chance.nonTerminationAccuracy)
    guard chance.outcome.sides.indices.contains(index) else { return "?" }
    let side = chance.outcome.sides[index]
    var parts: [String] = []
    for (result, p) in side.distribution.enumerated() where !p.isZero {
      parts.append("\(resultText(report.game, outputs.indices.contains(result) ? outputs[result] : nil)) \(lower)\(p)")
    }
    if !side.nonTermination.isZero { parts.append("never ends \(upper)\(side.nonTermination)") }
    return parts.joined(separator: ", ")
  }

  static func sideLines(_ report: MatchReport, _ chance: ChanceReport, nameWidth: Int) -> String {
    var out = ""
    for (index, label) in ["row      ", "column   "].enumerated() {
      let side = chance.outcome.sides[index]
      var line =
        label + MatchRendering.pad(report.names[index], nameWidth) + distributionText(report, chance, side: index)
      if let level = side.level {
        line += "   " + MatchRendering.levelText(level, bounded: report.sides[index].bounded)
      }
      out += line + "\n"
    }
    for (index, label) in ["row      ", "column   "].enumerated() {
      if let note = report.enforcements[index] { out += label + "bound: " + note + "\n" }
    }
    return out
  }

  /// The profile table. Linear in its size: each line is padded and trimmed on its own.
  static func profileTable(_ report: MatchReport, _ chance: ChanceReport) -> String {
    let rows = chance.profiles.map { profile -> [String] in
      var payoffs = "(\(profile.payoffs.row), \(profile.payoffs.column))"
      if profile.settlement == nil { payoffs += " unsettled" }
      return [
        mark(profile.accuracy) + "\(profile.probability)", profile.probability.decimal(digits: digits),
        runText(report.game, profile.results[0]), runText(report.game, profile.results[1]), payoffs,
      ]
    }
    let header = ["probability", "decimal", "row", "column", "payoffs"]
    let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
    var out = ""
    for cells in [header] + rows {
      var line = "  "
      for (column, cell) in cells.enumerated() {
        line += column == cells.count - 1 ? cell : MatchRendering.pad(cell, widths[column] + 2)
      }
      out += line + "\n"
    }
    return out
  }

  static func text(_ report: MatchReport, _ chance: ChanceReport, nameWidth: Int) -> String {
    var out = sideLines(report, chance, nameWidth: nameWidth) + "\n"
    let accuracy =
      chance.exact
      ? "exact"
      : "bounds, \(chance.outcome.inexactReason ?? "inexact"): ≥ at least, ≤ at most, ≈ neither bound"
    out += "outcome profiles (\(accuracy); the sides' runs are independent)\n"
    out += profileTable(report, chance)
    if !chance.unlistedMass.isZero {
      out +=
        "  (more profiles not listed: maxProfiles = \(ProtocolLimits.maxProfiles); their mass \(probability(chance.unlistedMass)))\n"
    }
    out +=
      "never ends        \(quantity(chance.nonTermination, chance.nonTerminationAccuracy)): some side's run never ends; "
      + unsettledRule(report.game) + " (rule S6)\n"
    let payoffs = chance.expectedPayoffs.map { quantity($0, chance.expectedPayoffsAccuracy) }
    out += "expected payoffs  row \(payoffs[0]), column \(payoffs[1])\n"
    let simulations = chance.outcome.sides.map { side in
      quantity(side.expectedSimulations, side.expectedSimulationsIsExact ? .exact : .lowerBound)
    }
    out += "expected nested simulations  row \(simulations[0]), column \(simulations[1])\n"
    return out
  }

  /// `{"fraction": "11/40", "decimal": 0.275, "bound": "exact"}`; infinity has "infinite" in both.
  static func quantityJSON(_ value: Fraction?, _ accuracy: Accuracy) -> JSON {
    guard let value else {
      return .object(["fraction": .string("infinite"), "decimal": .string("infinite"), "bound": .string("exact")])
    }
    return .object([
      "fraction": .string(value.description), "decimal": .number(value.decimal(digits: digits)),
      "bound": .string(accuracy.rawValue),
    ])
  }

  static func resultJSON(_ game: Game, _ output: Output?) -> JSON {
    guard let output else { return .string("timeout") }
    return MatchRendering.outputJSON(game, output)
  }

  static func runJSON(_ game: Game, _ result: RunResult) -> JSON {
    switch result {
    case .output(let output): return MatchRendering.outputJSON(game, output)
    case .timeout: return .string("timeout")
    case .neverEnds: return .string("never ends")
    }
  }

  /// The `result` of a match with chance: a distribution, never one outcome.
  static func json(_ report: MatchReport, _ chance: ChanceReport) -> JSON {
    let outputs = report.game.outputs
    let lower: Accuracy = chance.exact ? .exact : .lowerBound
    let sides = chance.outcome.sides.enumerated().map { position, side -> JSON in
      var entries: [JSON] = []
      for (result, p) in side.distribution.enumerated() where !p.isZero {
        let entry: [String: JSON] = [
          "result": resultJSON(report.game, outputs.indices.contains(result) ? outputs[result] : nil),
          "probability": quantityJSON(p, lower),
        ]
        entries.append(.object(entry))
      }
      return .object([
        "distribution": .array(entries),
        "nonTermination": quantityJSON(side.nonTermination, chance.nonTerminationAccuracy),
        "expectedSimulations": quantityJSON(
          side.expectedSimulations, side.expectedSimulationsIsExact ? .exact : .lowerBound),
        "level": side.level.map { .int($0) } ?? .null,
      ])
    }
    let profiles = chance.profiles.map { profile -> JSON in
      .object([
        "outputs": .array(profile.results.map { runJSON(report.game, $0) }),
        "probability": quantityJSON(profile.probability, profile.accuracy),
        "kind": .string(profile.settlement?.kind ?? "unsettled"),
        "payoffs": .array([.rational(profile.payoffs.row), .rational(profile.payoffs.column)]),
      ])
    }
    var object: [String: JSON] = [
      "kind": .string("distribution"),
      "exact": .bool(chance.exact),
      "sides": .array(sides),
      "profiles": .array(profiles),
      "nonTermination": quantityJSON(chance.nonTermination, chance.nonTerminationAccuracy),
      "unsettled": .string(unsettledRule(report.game)),
      "unlistedMass": quantityJSON(chance.unlistedMass, chance.exact ? .exact : .approximate),
      "expectedPayoffs": .array(chance.expectedPayoffs.map { quantityJSON($0, chance.expectedPayoffsAccuracy) }),
    ]
    if let reason = chance.outcome.inexactReason, !chance.exact { object["inexactReason"] = .string(reason) }
    return .object(object)
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
                    "probability": quantityJSON(p, chance.exact ? .exact : .lowerBound),
                  ])
                })
            }),
        ])
      })
  }
}
