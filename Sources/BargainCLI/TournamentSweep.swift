// `bargain tournament ... --sweep lag=1..4 horizon=4,10 k=0..100:10`: the tournament over a grid
// of protocol settings and program parameters (a name substituted in every agent's selection, as
// a family does), and how the outcomes move: conflict rate, welfare and equilibria per setting,
// and which cells differ from the first setting (rule R8).

import BargainLogic
import BargainProtocol
import BargainSemantics
import BargainSyntax
import BargainTournament

/// One swept name and its values.
struct SweepParameter: Equatable {
  var name: String
  var values: [Int]

  /// Most settings of one sweep (the product of the value counts): each is a whole tournament.
  static let maxSettings = 1_000

  /// `NAME=LOW..HIGH[:STEP]` or `NAME=V1,V2,...`; nil when malformed or empty.
  init?(_ word: String) {
    let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
    guard parts.count == 2, let first = parts[0].first, first.isLetter || first == "_",
      parts[0].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
    else { return nil }
    name = parts[0]
    let spec = parts[1]
    if let dots = spec.range(of: "..") {
      let low = Int(spec[..<dots.lowerBound])
      let rest = spec[dots.upperBound...].split(separator: ":", maxSplits: 1)
      let high = rest.first.flatMap { Int($0) }
      let step = rest.count == 2 ? Int(rest[1]) : 1
      guard let low, let high, let step, step >= 1, low <= high, (high - low) / step < Self.maxSettings else {
        return nil
      }
      values = Array(stride(from: low, through: high, by: step))
    } else {
      let list = spec.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
      guard !list.isEmpty, list.count <= Self.maxSettings, list.allSatisfy({ $0 != nil }) else { return nil }
      values = list.compactMap { $0 }
    }
  }
}

/// One setting of a sweep and what the tournament gave there.
struct SweepSetting {
  var values: [Int]
  var result: TournamentResult
  var analysis: TournamentAnalysis?
  /// Cells whose kind or payoffs differ from the first setting's.
  var changed: [AgentPair]
}

extension TournamentCommand {
  static func runSweep(
    _ options: Options, population: Population, loaded: LoadedProgramSet, _ context: CLI.RunContext
  ) -> CommandResult {
    let names = options.sweep.map(\.name)
    guard Set(names).count == names.count else { return CLI.usageError("--sweep names a parameter twice") }
    let count = options.sweep.reduce(1) { $0 * $1.values.count }
    guard count <= SweepParameter.maxSettings else {
      return CLI.usageError("--sweep has \(count) settings, more than \(SweepParameter.maxSettings)")
    }
    var grid: [[Int]] = [[]]
    for parameter in options.sweep { grid = grid.flatMap { prefix in parameter.values.map { prefix + [$0] } } }
    var settings: [SweepSetting] = []
    var warnings: [Diagnostic] = []
    for values in grid {
      var horizon = options.horizon ?? population.horizon ?? ProtocolLimits.defaultHorizon
      var lag = options.lag ?? population.lag ?? ProtocolLimits.defaultLag
      var requests = population.requests
      for (parameter, value) in zip(options.sweep, values) {
        switch parameter.name {
        case "horizon": horizon = value
        case "lag": lag = value
        default:
          for index in requests.indices {
            requests[index].request.selection = requests[index].request.selection?.substituting(
              parameter.name, with: value)
          }
        }
      }
      guard horizon >= 0, horizon <= ProtocolLimits.maxHorizon, lag >= 1, lag <= ProtocolLimits.maxHorizon else {
        return CLI.usageError("--sweep: horizon must be 0 to \(ProtocolLimits.maxHorizon) and lag 1 to it")
      }
      let world: CheckedWorld
      let agents: [TournamentAgent]
      switch checkedAgents(requests, loaded: loaded, context) {
      case .success(let checked): (world, agents, warnings) = checked
      case .failure(let error): return error.result
      }
      var tournamentOptions = TournamentOptions(horizon: horizon, lag: lag, jobs: options.jobs ?? defaultJobs())
      if options.ordered { tournamentOptions.order = .ordered }
      if options.generalPath { tournamentOptions.modalFastPath = false }
      context.phases.enter(.solving)
      let result = Tournament.run(world: world, agents: agents, options: tournamentOptions)
      var changed: [AgentPair] = []
      if let first = settings.first?.result, first.agents.count == result.agents.count {
        for row in result.agents.indices {
          for column in result.agents.indices where differ(first.cell(row, column), result.cell(row, column)) {
            changed.append(AgentPair(row, column))
          }
        }
      }
      settings.append(
        SweepSetting(values: values, result: result, analysis: Analysis.analyze(result), changed: changed))
    }
    context.phases.enter(.rendering)
    let stdout: String
    switch options.format {
    case .json: stdout = sweepJSON(options.sweep, settings).render() + "\n"
    case .text, .csv:
      stdout = options.format == .csv ? sweepCSV(options.sweep, settings) : sweepText(options.sweep, settings)
    }
    if let path = options.html {
      let error = writeFile(path, HTMLReport.sweep(options.sweep, settings))
      if !error.isEmpty { return CommandResult(stdout: stdout, stderr: error, exitCode: ExitCode.programError) }
    }
    let failures = settings.flatMap { $0.result.failures }
    let renderer = { (diagnostics: [Diagnostic]) in
      DiagnosticRenderer(sources: loaded.sources).render(CLI.unique(diagnostics))
    }
    let exitCode =
      failures.isEmpty
      ? ExitCode.success : failures.contains(where: { $0.limit }) ? ExitCode.limit : ExitCode.programError
    return CommandResult(
      stdout: stdout, stderr: renderer(warnings) + renderer(failures.flatMap { $0.diagnostics }), exitCode: exitCode)
  }

  /// Whether a cell's outcome moved: its kind or its payoffs.
  static func differ(_ a: PairOutcome, _ b: PairOutcome) -> Bool {
    switch (a, b) {
    case (.played(let x), .played(let y)): return x.kind != y.kind || x.payoffs != y.payoffs
    case (.failed, .failed): return false
    case (.played, .failed), (.failed, .played): return true
    }
  }

  static func settingText(_ parameters: [SweepParameter], _ values: [Int]) -> String {
    zip(parameters, values).map { "\($0.name)=\($1)" }.joined(separator: " ")
  }

  static func conflict(_ setting: SweepSetting) -> String {
    setting.analysis?.bargaining.map { $0.conflictRate.description } ?? "-"
  }

  static func sweepText(_ parameters: [SweepParameter], _ settings: [SweepSetting]) -> String {
    guard let first = settings.first else { return "" }
    var out = "tournament  \(MatchRendering.gameText(first.result.game))\n"
    out += "sweep       \(parameters.map(\.name).joined(separator: " × ")): \(settings.count) settings, "
    out += "\(first.result.agents.count) agents each\n\n"
    for setting in settings {
      out += "  " + settingText(parameters, setting.values) + ": "
      out += "conflict rate \(conflict(setting)), mean welfare \(setting.analysis?.meanWelfare.description ?? "-"), "
      out += "\(setting.analysis?.equilibria.count ?? 0) equilibria, "
      out += "\(setting.changed.count) cell\(setting.changed.count == 1 ? "" : "s") changed from the first setting"
      let shown = setting.changed.prefix(5).map { pair in
        "\(setting.result.agents[pair.row].name) vs \(setting.result.agents[pair.column].name) "
          + "\(TournamentRendering.cellText(first.result.cell(pair.row, pair.column))) → "
          + TournamentRendering.cellText(setting.result.cell(pair.row, pair.column))
      }
      if !shown.isEmpty {
        out += " (" + shown.joined(separator: "; ") + (setting.changed.count > 5 ? "; …" : "") + ")"
      }
      out += "\n"
    }
    return out
  }

  static func sweepCSV(_ parameters: [SweepParameter], _ settings: [SweepSetting]) -> String {
    var lines = [
      (parameters.map(\.name) + ["conflict_rate", "mean_welfare", "equilibria", "changed_cells"]).joined(separator: ",")
    ]
    for setting in settings {
      let fields =
        setting.values.map(String.init) + [
          conflict(setting), setting.analysis?.meanWelfare.description ?? "",
          String(setting.analysis?.equilibria.count ?? 0), String(setting.changed.count),
        ]
      lines.append(fields.joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func sweepJSON(_ parameters: [SweepParameter], _ settings: [SweepSetting]) -> JSON {
    .object([
      "schemaVersion": .int(JSON.schemaVersion),
      "kind": .string("sweep"),
      "parameters": .array(
        parameters.map { .object(["name": .string($0.name), "values": .array($0.values.map { .int($0) })]) }),
      "settings": .array(
        settings.map { setting in
          var values: [String: JSON] = [:]
          for (parameter, value) in zip(parameters, setting.values) { values[parameter.name] = .int(value) }
          return .object([
            "values": .object(values),
            "agents": .array(setting.result.agents.map { .string($0.name) }),
            "conflictRate": setting.analysis?.bargaining.map { .string($0.conflictRate.description) } ?? .null,
            "meanWelfare": setting.analysis.map { .string($0.meanWelfare.description) } ?? .null,
            "equilibria": .array((setting.analysis?.equilibria ?? []).map(AnalysisRendering.pairJSON)),
            "changed": .array(setting.changed.map(AnalysisRendering.pairJSON)),
            "payoffs": .array(
              setting.result.cells.map { cell in
                .array((cell.result?.payoffs ?? []).map { .string($0.description) })
              }),
          ])
        }),
    ])
  }
}
