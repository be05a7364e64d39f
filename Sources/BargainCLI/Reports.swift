// Text and JSON renderings of a match report. Pure functions of the report.

import BargainProtocol
import BargainRuntime
import BargainSemantics

enum MatchRendering {
  /// How an output was established: by a PA+n proof, or — when it depends on bounded searches
  /// (`bounded`: their 0-based numbers) — with those searches' answers (rule B3), which no PA
  /// proof establishes.
  static func levelText(_ level: Int, bounded: [Int] = []) -> String {
    guard !bounded.isEmpty else { return level == 0 ? "proved in PA" : "proved in PA+\(level)" }
    let numbers = bounded.map { String($0 + 1) }.joined(separator: ", ")
    let searches = bounded.count == 1 ? "bounded search \(numbers)" : "bounded searches \(numbers)"
    return "established with \(searches)" + (level == 0 ? "" : " and PA+\(level)")
  }

  /// One line per bounded query: its number, the search, and its answer.
  static func boundedText(_ report: MatchReport) -> String {
    let system = report.solved.system
    return report.solved.answers.enumerated().map { number, answer in
      "bounded  \(number + 1). \(system.describe(system.keys[answer.query.state])): \(answer.summary)\n"
    }.joined()
  }

  static func boundedJSON(_ report: MatchReport) -> JSON {
    let system = report.solved.system
    return .array(
      report.solved.answers.enumerated().map { number, answer in
        var search: [String: JSON] = [
          "number": .int(number + 1), "search": .string(system.describe(system.keys[answer.query.state])),
          "budget": .int(answer.query.budget), "found": .bool(answer.holds), "result": .string(answer.summary),
          "proofSize": answer.proof.map { .int($0.size) } ?? .null,
        ]
        // Only searches in PA+k for k > 0 carry a level, so output without levels is unchanged.
        if answer.query.level > 0 { search["level"] = .int(answer.query.level) }
        return .object(search)
      })
  }

  static func outputText(_ game: Game, _ output: Output) -> String {
    switch game.named(output) {
    case .action(let name): return "plays " + name
    case .bargain(let demand, let outside): return "demands \(demand), outside \(outside)"
    case .foreign: return "?"
    }
  }

  static func shortOutput(_ game: Game, _ output: Output) -> String {
    switch game.named(output) {
    case .action(let name): return name
    case .bargain(let demand, let outside): return "\(demand) \(outside)"
    case .foreign: return "?"
    }
  }

  static func gameText(_ game: Game) -> String {
    switch game.kind {
    case .matrix(let matrix):
      return "\(game.name) (matrix game; actions \(matrix.actions.joined(separator: ", ")))"
    case .bargaining(let bargaining):
      return
        "\(game.name) (bargaining over \(bargaining.resource); demands \(demandsText(bargaining.demands)); outside \(bargaining.outsideOptions.joined(separator: ", ")))"
    }
  }

  static func demandsText(_ demands: [Int]) -> String {
    guard demands.count > 2, let first = demands.first, let last = demands.last else {
      return demands.map(String.init).joined(separator: ", ")
    }
    let step = demands[1] - first
    let regular = zip(demands, demands.dropFirst()).allSatisfy { $1 - $0 == step }
    if regular { return step == 1 ? "\(first)..\(last)" : "\(first)..\(last) step \(step)" }
    return demands.map(String.init).joined(separator: ", ")
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  static func text(_ report: MatchReport, files: [String], frames: Bool) -> String {
    let nameWidth = max(report.names.map(\.count).max() ?? 0, 4) + 2
    var out = "game     \(gameText(report.game))\n"
    out += "row      \(pad(report.names[0], nameWidth))\(files[0])\n"
    out += "column   \(pad(report.names[1], nameWidth))\(files[1])\n\n"
    if let chance = report.chance {
      if let rounds = report.rounds, let tree = rounds.chance {
        out += RoundsRendering.chanceText(report, rounds, tree, chance)
      } else {
        out += ChanceRendering.text(report, chance, nameWidth: nameWidth)
      }
      out += boundedText(report)
      out += costsText(report)
      out +=
        "solved   \(report.matchupCount) run\(report.matchupCount == 1 ? "" : "s"), stable from Kripke world \(report.stableWorld)\n"
      if frames { out += "\n" + ChanceRendering.framesText(report, chance) }
      return out
    }
    let outputs = report.sides.map { outputText(report.game, $0.output) }
    let outputWidth = (outputs.map(\.count).max() ?? 0) + 3
    for (index, label) in ["row      ", "column   "].enumerated() {
      out += label + pad(report.names[index], nameWidth) + pad(outputs[index], outputWidth)
      out += levelText(report.sides[index].level, bounded: report.sides[index].bounded) + "\n"
    }
    for (index, label) in ["row      ", "column   "].enumerated() {
      if let note = report.enforcements[index] { out += label + "bound: " + note + "\n" }
    }
    out += boundedText(report)
    out += "\n"
    guard let settlement = report.settlement else { return out }
    let payoffs = settlement.payoffs
    switch settlement {
    case .played(let r, let c, _):
      out += "result   played (\(r), \(c))\n"
    case .agreement(let r, let c, _):
      out += "result   agreement: demands \(r) + \(c) fit in the resource\(resourceText(report.game))\n"
    case .disagreement(let r, let c, _):
      out += "result   disagreement: demands are incompatible; row takes \(r), column takes \(c)\n"
    }
    out += "payoffs  row \(payoffs.row), column \(payoffs.column)\n"
    if let rounds = report.rounds { out += RoundsRendering.text(report, rounds) }
    out += costsText(report)
    out +=
      "solved   \(report.matchupCount) matchup\(report.matchupCount == 1 ? "" : "s"), stable from Kripke world \(report.stableWorld)\n"
    if frames { out += "\n" + framesText(report) }
    return out
  }

  /// Capability costs (rule P7), shown only when some side paid one.
  static func costsText(_ report: MatchReport) -> String {
    guard report.costs.contains(where: { $0 != Rational(0) }), report.costs.count == 2 else { return "" }
    return "costs    row \(report.costs[0]), column \(report.costs[1]) (capabilities prepared, already subtracted)\n"
  }

  static func resourceText(_ game: Game) -> String {
    if case .bargaining(let bargaining) = game.kind { return " of \(bargaining.resource)" }
    return ""
  }

  static func framesText(_ report: MatchReport) -> String {
    let cells = report.frames.map { frame in frame.map { shortOutput(report.game, $0) } }
    let worldWidth = max(5, String(report.frames.count).count) + 2
    let rowWidth = max(3, cells.map { $0[0].count }.max() ?? 0) + 2
    var out = pad("world", worldWidth) + pad("row", rowWidth) + "column\n"
    for (world, frame) in cells.enumerated() {
      let marker = world == report.stableWorld ? "   (stable from here)" : ""
      out += pad(String(world), worldWidth) + pad(frame[0], rowWidth) + frame[1] + marker + "\n"
    }
    return out
  }

  static func outputJSON(_ game: Game, _ output: Output) -> JSON {
    switch game.named(output) {
    case .action(let name): return .object(["action": .string(name)])
    case .bargain(let demand, let outside): return .object(["demand": .int(demand), "outside": .string(outside)])
    case .foreign: return .null
    }
  }

  static func json(_ report: MatchReport, protocol outcome: ProtocolOutcome, files: [String], frames: Bool) -> JSON {
    var players: [JSON] = []
    for (index, side) in report.sides.enumerated() {
      var player: [String: JSON] = [
        "agent": .string(report.names[index]),
        "file": .string(files[index]),
        "bounded": .array(side.bounded.map { .int($0 + 1) }),
        "program": .string(outcome.programReasons[index]),
      ]
      if outcome.opponents.indices.contains(index), outcome.opponents[index].knowledge != nil {
        player["them"] = .string(report.solved.world.describe(outcome.opponents[index]))
      }
      // With chance a side has a distribution (in `result.sides`), not one output.
      if report.chance == nil {
        player["output"] = outputJSON(report.game, report.finalOutputs[index])
        player["level"] = .int(side.level)
        player["established"] = .string(levelText(side.level, bounded: side.bounded))
      }
      if let note = report.enforcements[index] { player["binding"] = .string(note) }
      players.append(.object(player))
    }
    var result: [String: JSON] = [:]
    if let settlement = report.settlement {
      result["kind"] = .string(settlement.kind)
      result["payoffs"] = .array([.rational(settlement.payoffs.row), .rational(settlement.payoffs.column)])
      switch settlement {
      case .played(let r, let c, _): result["actions"] = .array([.string(r), .string(c)])
      case .agreement(let r, let c, _): result["demands"] = .array([.int(r), .int(c)])
      case .disagreement(let r, let c, _): result["outside"] = .array([.string(r), .string(c)])
      }
    }
    var object: [String: JSON] = [
      "game": .object([
        "name": .string(report.game.name),
        "kind": .string(
          {
            if case .matrix = report.game.kind { return "matrix" }
            return "bargaining"
          }()),
      ]),
      "schemaVersion": .int(JSON.schemaVersion),
      "players": .array(players),
      "result": report.chance.map { ChanceRendering.json(report, $0) } ?? .object(result),
      "stableWorld": .int(report.stableWorld),
      "matchups": .int(report.matchupCount),
      "T": outcome.handOver.map { .int($0) } ?? .null,
      "horizon": .int(outcome.horizon),
      "lag": .int(outcome.lag),
      "timeline": .array(
        outcome.events.map { event in
          .object([
            "t": .int(event.time),
            "agent": .string(event.agent),
            "side": .string(event.side == 0 ? "row" : "column"),
            "event": .string(event.kind.rawValue),
            "detail": .string(event.detail),
          ])
        }),
    ]
    if report.costs.contains(where: { $0 != Rational(0) }) {
      object["costs"] = .array(report.costs.map { .rational($0) })
    }
    if !report.solved.answers.isEmpty { object["boundedSearches"] = boundedJSON(report) }
    if let rounds = report.rounds, let tree = rounds.chance, let chance = report.chance {
      object["roundsChance"] = RoundsRendering.chanceJSON(report, rounds, tree, chance)
    } else if let rounds = report.rounds {
      let (played, end) = RoundsRendering.json(report, rounds)
      object["rounds"] = played
      object["roundsEnd"] = end
    }
    if frames, let chance = report.chance {
      object["frames"] = ChanceRendering.framesJSON(report, chance)
    } else if frames {
      object["frames"] = .array(
        report.frames.enumerated().map { world, frame in
          .object([
            "world": .int(world),
            "outputs": .array(frame.map { outputJSON(report.game, $0) }),
          ])
        })
    }
    return .object(object)
  }
}

enum TimelineRendering {
  static func text(_ outcome: ProtocolOutcome, world: CheckedWorld) -> String {
    // Successors act as `label→S` (rule P15), longer than the label.
    let labelWidth = ((outcome.labels + outcome.events.map(\.agent)).map(\.count).max() ?? 0) + 2
    let timeWidth = "t=\(outcome.horizon)".count + 2
    var out = "timeline horizon \(outcome.horizon), lag \(outcome.lag)"
    if outcome.lags.contains(where: { $0 != outcome.lag }) {
      out += " (" + zip(outcome.labels, outcome.lags).map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")"
    }
    out += "\n"
    if outcome.events.isEmpty { out += "  (no events)\n" }
    for event in outcome.events {
      out += "  " + MatchRendering.pad("t=\(event.time)", timeWidth) + MatchRendering.pad(event.agent, labelWidth)
      out += event.detail + "\n"
    }
    if let handOver = outcome.handOver {
      out += "T        \(handOver): both sides know each other's single program\n"
    } else {
      out += "T        not reached by the horizon; bargaining starts at t=\(outcome.horizon)\n"
    }
    for (index, label) in ["row      ", "column   "].enumerated() {
      out += label + outcome.labels[index] + " bargains with " + world.describe(outcome.programs[index])
      out += " (" + outcome.programReasons[index] + ")\n"
    }
    for (index, label) in ["row      ", "column   "].enumerated()
    where outcome.opponents.indices.contains(index) && outcome.opponents[index].knowledge != nil {
      out += label + outcome.labels[index] + "'s `them` is " + world.describe(outcome.opponents[index]) + " (rule P6)\n"
    }
    return out
  }
}
