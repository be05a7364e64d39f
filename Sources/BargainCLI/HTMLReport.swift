// `--html FILE`: one self-contained page (inline SVG and CSS, no script, no network) with the
// payoff heatmap (hover a cell for outputs, levels and why each side bargained with its
// program), the equilibria outlined, the analysis, and the dynamics plot. Pure function.

import BargainLogic
import BargainTournament
import Foundation

enum HTMLReport {
  /// Agents the heatmap and the dynamics plot draw: each cell is about 270 bytes of SVG with its
  /// hover text, so 200 agents make a page of about 11 MB that a browser still opens, while
  /// `maxAgents` (2,000) would make one of over 1 GB. The page says when agents were left out.
  static let maxReportAgents = 200

  static func escape(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(character)
      }
    }
    return out
  }

  static func number(_ value: Double) -> String { String(format: "%.2f", value) }

  /// White (lowest row payoff) to deep blue (highest).
  static func color(_ value: Double, low: Double, high: Double) -> String {
    let t = high > low ? (value - low) / (high - low) : 0.5
    let lightness = 96 - t * 62
    return "hsl(212, 70%, \(number(lightness))%)"
  }

  /// The page; at most `maxAgents` agents are drawn (tests lower it).
  static func render(
    _ result: TournamentResult, analysis: TournamentAnalysis?, trajectories: [Trajectory],
    maxAgents: Int = maxReportAgents
  ) -> String {
    let title = "bargain tournament: \(result.game.name)"
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>\(escape(title))</title>
      <style>
      body { font-family: system-ui, sans-serif; margin: 2em; color: #1a1a1a; }
      h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
      svg text { font-size: 11px; } .cell:hover rect { stroke: #d62728; stroke-width: 2; }
      .equilibrium { fill: none; stroke: #ff7f0e; stroke-width: 3; pointer-events: none; }
      table { border-collapse: collapse; } td, th { padding: 0.2em 0.8em; text-align: left; }
      </style>
      </head>
      <body>
      <h1>\(escape(title))</h1>

      """
    out += "<p>\(escape(MatchRendering.gameText(result.game)))<br>\(escape(TournamentRendering.orderText(result)))"
    out += "; horizon \(result.horizon), lag \(result.lag)</p>\n"
    out += heatmap(result, analysis: analysis, maxAgents: maxAgents)
    if let analysis { out += analysisSection(result, analysis) }
    if !trajectories.isEmpty { out += dynamicsSection(result, trajectories, maxAgents: maxAgents) }
    return out + "</body>\n</html>\n"
  }

  static func heatmap(_ result: TournamentResult, analysis: TournamentAnalysis?, maxAgents: Int) -> String {
    let names = Array(result.agents.map(\.name).prefix(maxAgents))
    let n = names.count
    let cell = n <= 12 ? 56 : n <= 40 ? 22 : max(4, 880 / max(n, 1))
    let labelWidth = min(220, (names.map(\.count).max() ?? 4) * 7 + 12)
    let top = labelWidth
    let width = labelWidth + n * cell + 10
    let height = top + n * cell + 10
    let values = result.cells.compactMap { $0.result.map { AnalysisRendering.double($0.payoffs[0]) } }
    let low = values.min() ?? 0
    let high = values.max() ?? 1
    var out =
      "<h2>Payoff matrix</h2>\n<p>Row agent's payoff as colour (darker is more); hover a cell for details.</p>\n"
    out += leftOut(result, drawing: "The heatmap shows", maxAgents: maxAgents)
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"payoff heatmap\">\n"
    for (index, name) in names.enumerated() {
      let y = top + index * cell + cell / 2 + 4
      out += "<text x=\"\(labelWidth - 6)\" y=\"\(y)\" text-anchor=\"end\">\(escape(name))</text>\n"
      let x = labelWidth + index * cell + cell / 2
      out += "<text transform=\"translate(\(x + 4),\(top - 6)) rotate(-60)\">\(escape(name))</text>\n"
    }
    let equilibria = Set(analysis?.equilibria ?? [])
    for row in 0..<n {
      for column in 0..<n {
        let x = labelWidth + column * cell
        let y = top + row * cell
        let outcome = result.cell(row, column)
        var fill = "#bbbbbb"
        var label = "error"
        if let played = outcome.result {
          fill = color(AnalysisRendering.double(played.payoffs[0]), low: low, high: high)
          label = TournamentRendering.cellText(outcome)
        }
        out +=
          "<g class=\"cell\"><rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(fill)\" stroke=\"#ffffff\">"
        out += "<title>\(escape(details(result, row, column)))</title></rect>"
        if cell >= 40 {
          let dark = (outcome.result.map { AnalysisRendering.double($0.payoffs[0]) } ?? low) > (low + high) / 2
          out +=
            "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"middle\" fill=\"\(dark ? "#ffffff" : "#1a1a1a")\">\(escape(label))</text>"
        }
        out += "</g>\n"
        if equilibria.contains(AgentPair(row, column)) {
          out +=
            "<rect class=\"equilibrium\" x=\"\(x + 2)\" y=\"\(y + 2)\" width=\"\(cell - 4)\" height=\"\(cell - 4)\"/>\n"
        }
      }
    }
    out += "</svg>\n<p>Outlined cells are equilibria relative to the population.</p>\n"
    return out
  }

  /// A note when the population is larger than `maxReportAgents`: which agents are drawn, and
  /// where every pair is.
  static func leftOut(_ result: TournamentResult, drawing: String, maxAgents: Int) -> String {
    let count = result.agents.count
    guard count > maxAgents else { return "" }
    return "<p class=\"note\"><strong>\(drawing) only the first \(maxAgents) of \(count) agents</strong>"
      + " (maxReportAgents): the drawing grows with the square of the agents. Every pair is in the"
      + " <code>--csv</code> and <code>--json</code> reports; the analysis below covers all agents.</p>\n"
  }

  /// The hover text of a cell: who played, outputs and levels, payoffs, why each program.
  static func details(_ result: TournamentResult, _ row: Int, _ column: Int) -> String {
    let names = "\(result.agents[row].name) (row) vs \(result.agents[column].name) (column)"
    switch result.cell(row, column) {
    case .played(let played):
      var lines = [names, "\(played.kind.rawValue); payoffs \(TournamentRendering.cellText(.played(played)))"]
      for (label, side) in zip(["row", "column"], played.sides) {
        lines.append("\(label): \(TournamentRendering.sideText(result.game, side)); \(side.program), \(side.reason)")
      }
      if played.planned { lines.append("T: \(TournamentRendering.tText(played))") }
      return lines.joined(separator: "\n")
    case .failed(let failure):
      return names + "\nerror: " + (failure.diagnostics.first?.message ?? "the match failed")
    }
  }

  static func analysisSection(_ result: TournamentResult, _ analysis: TournamentAnalysis) -> String {
    func pairs(_ list: [AgentPair]) -> String { escape(AnalysisRendering.pairsText(result, list)) }
    var out = "<h2>Equilibria and welfare</h2>\n<table>\n"
    out += "<tr><th>equilibria</th><td>\(pairs(analysis.equilibria))</td></tr>\n"
    let symmetric = analysis.symmetricEquilibria.map { result.agents[$0].name }
    out +=
      "<tr><th>symmetric equilibria</th><td>\(escape(symmetric.isEmpty ? "none" : symmetric.joined(separator: ", ")))</td></tr>\n"
    out += "<tr><th>Pareto-optimal pairs</th><td>\(pairs(analysis.paretoOptimal))</td></tr>\n"
    out +=
      "<tr><th>highest welfare</th><td>\(escape(analysis.bestWelfare.description)) at \(pairs(analysis.bestWelfarePairs))</td></tr>\n"
    out += "<tr><th>mean welfare</th><td>\(escape(analysis.meanWelfare.description))</td></tr>\n"
    if let bargaining = analysis.bargaining {
      out += "<tr><th>conflict rate</th><td>\(escape(bargaining.conflictRate.description))</td></tr>\n"
      out += "<tr><th>Nash point</th><td>\(escape(AnalysisRendering.pointText(bargaining.nashPoint)))</td></tr>\n"
      out +=
        "<tr><th>Kalai–Smorodinsky point</th><td>\(escape(AnalysisRendering.pointText(bargaining.kalaiSmorodinskyPoint)))</td></tr>\n"
    }
    return out + "</table>\n"
  }

  /// Hues a golden angle apart: neighbours differ however many agents there are.
  static func colour(_ agent: Int) -> String { "hsl(\((agent * 137) % 360), 65%, 42%)" }

  static func dynamicsSection(_ result: TournamentResult, _ trajectories: [Trajectory], maxAgents: Int) -> String {
    var out = "<h2>Dynamics</h2>\n" + leftOut(result, drawing: "The plots show", maxAgents: maxAgents)
    let width = 640.0
    let height = 240.0
    for trajectory in trajectories {
      guard let lastStep = trajectory.steps.last, lastStep > 0 else { continue }
      out += "<h3>\(escape(trajectory.process.rawValue)) (\(lastStep) steps)</h3>\n"
      out +=
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width) + 60)\" height=\"\(Int(height) + 40)\" role=\"img\" aria-label=\"\(escape(trajectory.process.rawValue)) dynamics\">\n"
      out +=
        "<rect x=\"40\" y=\"10\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"none\" stroke=\"#999999\"/>\n"
      out += "<text x=\"4\" y=\"16\">1</text><text x=\"4\" y=\"\(Int(height) + 12)\">0</text>\n"
      for agent in result.agents.indices.prefix(maxAgents) {
        let points = zip(trajectory.steps, trajectory.shares).map { step, shares in
          number(40 + width * Double(step) / Double(lastStep)) + "," + number(10 + height * (1 - shares[agent]))
        }
        let colour = colour(agent)
        out +=
          "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\">"
        out += "<title>\(escape(result.agents[agent].name))</title></polyline>\n"
      }
      out += "</svg>\n<p>"
      out += result.agents.indices.prefix(60).map { agent in
        "<span style=\"color: \(colour(agent))\">■</span> \(escape(result.agents[agent].name))"
      }.joined(separator: " &nbsp; ")
      out += "</p>\n"
    }
    return out
  }
}

extension HTMLReport {
  /// The `--html` page of a sweep: one bar per setting for the conflict rate (bargaining games)
  /// or the mean welfare, with each setting's figures on hover and in a table.
  static func sweep(_ parameters: [SweepParameter], _ settings: [SweepSetting]) -> String {
    guard let first = settings.first else { return "" }
    let title = "bargain sweep: \(first.result.game.name)"
    let bargaining = first.analysis?.bargaining != nil
    let measure = bargaining ? "conflict rate" : "mean welfare"
    let values = settings.map { setting -> Double in
      if bargaining { return setting.analysis?.bargaining.map { AnalysisRendering.double($0.conflictRate) } ?? 0 }
      return setting.analysis.map { AnalysisRendering.double($0.meanWelfare) } ?? 0
    }
    let top = max(values.max() ?? 1, bargaining ? 1 : 1e-9)
    let barWidth = max(6, min(48, 900 / max(settings.count, 1)))
    let height = 220.0
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>\(escape(title))</title>
      <style>
      body { font-family: system-ui, sans-serif; margin: 2em; color: #1a1a1a; }
      svg text { font-size: 11px; } .bar:hover { fill: #d62728; }
      table { border-collapse: collapse; } td, th { padding: 0.2em 0.8em; text-align: left; }
      </style>
      </head>
      <body>
      <h1>\(escape(title))</h1>
      <h2>\(escape(measure)) per setting (\(escape(parameters.map(\.name).joined(separator: " × "))))</h2>

      """
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(settings.count * barWidth + 60)\" height=\"\(Int(height) + 30)\" role=\"img\" aria-label=\"sweep chart\">\n"
    for (index, setting) in settings.enumerated() {
      let barHeight = height * values[index] / top
      let x = 40 + index * barWidth
      let label = TournamentCommand.settingText(parameters, setting.values)
      out +=
        "<rect class=\"bar\" x=\"\(x)\" y=\"\(number(10 + height - barHeight))\" width=\"\(barWidth - 2)\" height=\"\(number(barHeight))\" fill=\"hsl(212, 60%, 45%)\">"
      out +=
        "<title>\(escape(label)): \(escape(measure)) \(number(values[index])), \(setting.changed.count) cells changed</title></rect>\n"
    }
    out +=
      "<text x=\"4\" y=\"16\">\(escape(number(top)))</text><text x=\"4\" y=\"\(Int(height) + 12)\">0</text>\n</svg>\n"
    out +=
      "<table>\n<tr><th>setting</th><th>conflict rate</th><th>mean welfare</th><th>equilibria</th><th>cells changed</th></tr>\n"
    for setting in settings {
      out += "<tr><td>\(escape(TournamentCommand.settingText(parameters, setting.values)))</td>"
      out += "<td>\(escape(TournamentCommand.conflict(setting)))</td>"
      out += "<td>\(escape(setting.analysis?.meanWelfare.description ?? "-"))</td>"
      out += "<td>\(setting.analysis?.equilibria.count ?? 0)</td><td>\(setting.changed.count)</td></tr>\n"
    }
    return out + "</table>\n</body>\n</html>\n"
  }
}
