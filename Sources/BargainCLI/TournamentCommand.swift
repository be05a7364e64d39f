// `bargain tournament`: loads a population (files, FILE:PROGRAM, directories, tournament
// declarations), plays every pair in-process with BargainTournament, and renders the result.
// Reading the clock and the terminal (progress line) is allowed here, never in the libraries.

import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax
import BargainTournament
import Dispatch
import Foundation

enum TournamentCommand {
  enum Format { case text, csv, json }

  struct Options {
    var inputs: [String] = []
    var format = Format.text
    var jobs: Int?
    var horizon: Int?
    var lag: Int?
    var ordered = false
    /// `--general-path`: no modal fast path (rule R10), every pair compiled; the same results.
    var generalPath = false
    /// Steps of replicator dynamics and of a Moran process (rule R7); nil: none.
    var dynamics: Int?
    var seed: UInt64 = 0
    var population = 100
    var nfg: String?
    var trajectory: String?
    var html: String?
    /// `--shard i/n`: play shard i of n and print it as a shard file (rule R9).
    var shard: (index: Int, count: Int)?
    /// `--sweep NAME=VALUES...`: the grid, in the order given (the last name varies fastest).
    var sweep: [SweepParameter] = []
  }

  static func parse(_ words: [String]) -> Result<Options, CLI.CommandResultError> {
    var options = Options()
    var index = 0
    func number(_ flag: String, minimum: Int, maximum: Int) -> Result<Int, CLI.CommandResultError> {
      index += 1
      guard index < words.count, let value = Int(words[index]), value >= minimum, value <= maximum else {
        return .failure(
          CLI.CommandResultError(
            CLI.usageError("\(flag) needs a whole number from \(minimum) to \(maximum)", command: "tournament")))
      }
      return .success(value)
    }
    while index < words.count {
      let word = words[index]
      switch word {
      case "--csv": options.format = .csv
      case "--json": options.format = .json
      case "--ordered": options.ordered = true
      case "--general-path": options.generalPath = true
      case "--jobs":
        switch number(word, minimum: 1, maximum: maxJobs) {
        case .success(let value): options.jobs = value
        case .failure(let error): return .failure(error)
        }
      case "--horizon":
        switch number(word, minimum: 0, maximum: ProtocolLimits.maxHorizon) {
        case .success(let value): options.horizon = value
        case .failure(let error): return .failure(error)
        }
      case "--dynamics":
        switch number(word, minimum: 1, maximum: DynamicsLimits.maxSteps) {
        case .success(let value): options.dynamics = value
        case .failure(let error): return .failure(error)
        }
      case "--population":
        switch number(word, minimum: 2, maximum: maxPopulation) {
        case .success(let value): options.population = value
        case .failure(let error): return .failure(error)
        }
      case "--seed":
        index += 1
        guard index < words.count, let value = UInt64(words[index]) else {
          return .failure(
            CLI.CommandResultError(
              CLI.usageError("--seed needs a whole number from 0 to 18446744073709551615", command: "tournament")))
        }
        options.seed = value
      case "--sweep":
        while index + 1 < words.count, !words[index + 1].hasPrefix("-"), words[index + 1].contains("=") {
          index += 1
          guard let parameter = SweepParameter(words[index]) else {
            return .failure(
              CLI.CommandResultError(
                CLI.usageError(
                  "--sweep needs NAME=LOW..HIGH[:STEP] or NAME=V1,V2,..., found '\(words[index])'",
                  command: "tournament")))
          }
          options.sweep.append(parameter)
        }
        guard !options.sweep.isEmpty else {
          return .failure(
            CLI.CommandResultError(CLI.usageError("--sweep needs at least one NAME=VALUES", command: "tournament")))
        }
      case "--shard":
        index += 1
        let parts = index < words.count ? words[index].split(separator: "/").map { Int($0) } : []
        guard parts.count == 2, let i = parts[0], let n = parts[1], n >= 1, n <= ShardFile.maxShards, i >= 1, i <= n
        else {
          return .failure(
            CLI.CommandResultError(
              CLI.usageError("--shard needs i/n with 1 <= i <= n <= \(ShardFile.maxShards)", command: "tournament")))
        }
        options.shard = (i, n)
      case "--nfg", "--trajectory", "--html":
        index += 1
        guard index < words.count, !words[index].hasPrefix("-") else {
          return .failure(CLI.CommandResultError(CLI.usageError("\(word) needs a file name", command: "tournament")))
        }
        switch word {
        case "--nfg": options.nfg = words[index]
        case "--html": options.html = words[index]
        default: options.trajectory = words[index]
        }
      case "--lag":
        switch number(word, minimum: 1, maximum: ProtocolLimits.maxHorizon) {
        case .success(let value): options.lag = value
        case .failure(let error): return .failure(error)
        }
      default:
        if word.hasPrefix("-") {
          return .failure(CLI.CommandResultError(CLI.usageError("unknown option '\(word)'", command: "tournament")))
        }
        options.inputs.append(word)
      }
      index += 1
    }
    guard !options.inputs.isEmpty else {
      return .failure(
        CLI.CommandResultError(
          CLI.usageError("`tournament` needs agents, directories or a study file", command: "tournament")))
    }
    return .success(options)
  }

  /// Largest Moran population: each step costs N² for N agents, not the population size, but the
  /// counts are kept exactly and a larger population only slows fixation.
  static let maxPopulation = 1_000_000

  /// Most worker threads `--jobs` accepts: far above any core count, it bounds thread creation.
  static let maxJobs = 256

  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
    let options: Options
    switch parse(words) {
    case .success(let parsed): options = parsed
    case .failure(let error): return error.result
    }
    var loaded = context.loader()
    var population = Population()
    for input in options.inputs { population.add(input, &loaded) }
    let renderer = { (diagnostics: [Diagnostic]) in
      DiagnosticRenderer(sources: loaded.sources).render(CLI.unique(diagnostics))
    }
    let problems = loaded.diagnostics + population.diagnostics
    if problems.contains(where: { $0.severity == .error }) {
      return CLI.failure(renderer(problems), CLI.exitCode(for: problems))
    }
    if population.requests.count > TournamentLimits.maxAgents {
      let diagnostic = TournamentMessage.tooManyAgents(limit: TournamentLimits.maxAgents).diagnostic(at: nil)
      return CLI.failure(renderer([diagnostic]), ExitCode.limit)
    }
    guard !population.requests.isEmpty else {
      return CLI.failure(renderer([TournamentMessage.noAgents.diagnostic(at: nil)]), ExitCode.programError)
    }
    if !options.sweep.isEmpty { return runSweep(options, population: population, loaded: loaded, context) }
    let world: CheckedWorld
    var agents: [TournamentAgent]
    let warnings: [Diagnostic]
    switch checkedAgents(population.requests, loaded: loaded, context) {
    case .success(let checked): (world, agents, warnings) = checked
    case .failure(let error): return error.result
    }
    var tournamentOptions = TournamentOptions(
      horizon: options.horizon ?? population.horizon ?? ProtocolLimits.defaultHorizon,
      lag: options.lag ?? population.lag ?? ProtocolLimits.defaultLag,
      jobs: options.jobs ?? defaultJobs())
    if options.ordered { tournamentOptions.order = .ordered }
    if options.generalPath { tournamentOptions.modalFastPath = false }
    if let shard = options.shard {
      context.phases.enter(.solving)
      return ShardFile.write(
        shard: shard, inputs: words, world: world, agents: agents, options: tournamentOptions)
    }
    context.phases.enter(.solving)
    if options.format == .csv && options.nfg == nil && options.html == nil && options.trajectory == nil {
      return streamCSV(world: world, agents: agents, options: tournamentOptions, warnings: warnings, loaded, context)
    }
    let progress = ProgressLine.start()
    var report: (@Sendable (Int, Int) -> Void)?
    if let progress { report = { done, total in progress.update(done, total) } }
    let result = Tournament.run(world: world, agents: agents, options: tournamentOptions, progress: report)
    progress?.finish()
    return render(result, options, warnings: warnings, loaded: loaded, context)
  }

  /// `--csv` without reports that need the whole result: each block of rows is written as soon
  /// as it is played, so memory does not grow with the number of pairs (only the distinct
  /// diagnostics of failed pairs are kept). The bytes are those `render` prints.
  static func streamCSV(
    world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions, warnings: [Diagnostic],
    _ loaded: LoadedProgramSet, _ context: CLI.RunContext
  ) -> CommandResult {
    let output = context.output
    let names = agents.map(\.name)
    var failed: [Diagnostic] = []
    var seen: Set<Diagnostic> = []
    var limit = false
    var anyFailure = false
    let progress = ProgressLine.start()
    var report: (@Sendable (Int, Int) -> Void)?
    if let progress { report = { done, total in progress.update(done, total) } }
    if output.write(TournamentRendering.csvHeader.joined(separator: ",") + "\n") {
      Tournament.streamRows(world: world, agents: agents, options: options, progress: report) { rows, cells in
        var text = ""
        for (index, cell) in cells.enumerated() {
          let (row, column) = (rows.lowerBound + index / names.count, index % names.count)
          text += TournamentRendering.csvLine(world.game, names, row, column, cell)
          guard case .failed(let failure) = cell else { continue }
          anyFailure = true
          limit = limit || failure.limit
          for diagnostic in failure.diagnostics where seen.insert(diagnostic).inserted { failed.append(diagnostic) }
        }
        return output.write(text)
      }
    }
    progress?.finish()
    let renderer = DiagnosticRenderer(sources: loaded.sources)
    var stderr = renderer.render(CLI.unique(warnings)) + renderer.render(failed)
    if let code = output.failure {
      stderr += "bargain: error: cannot write the report to standard output: \(StandardStream.describe(code))\n"
      return CommandResult(stdout: "", stderr: stderr, exitCode: ExitCode.programError)
    }
    let exitCode = !anyFailure ? ExitCode.success : limit ? ExitCode.limit : ExitCode.programError
    return CommandResult(stdout: output.buffered, stderr: stderr, exitCode: exitCode)
  }

  /// The report of a finished tournament (also what `bargain merge` prints).
  static func render(
    _ result: TournamentResult, _ options: Options, warnings: [Diagnostic], loaded: LoadedProgramSet,
    _ context: CLI.RunContext
  ) -> CommandResult {
    let renderer = { (diagnostics: [Diagnostic]) in
      DiagnosticRenderer(sources: loaded.sources).render(CLI.unique(diagnostics))
    }
    context.phases.enter(.rendering)
    let analysis = Analysis.analyze(result)
    var trajectories: [Trajectory] = []
    if let steps = options.dynamics, let matrix = result.payoffMatrix {
      let payoffs = Dynamics.symmetricPayoffs(matrix)
      // Selection intensity 1 / (payoff range): the same dynamics whatever the payoff unit.
      let values = payoffs.flatMap { $0 }
      let spread = (values.max() ?? 0) - (values.min() ?? 0)
      trajectories = [
        Dynamics.replicator(payoffs, steps: steps),
        Dynamics.moran(
          payoffs, size: options.population, steps: steps, intensity: spread > 0 ? 1 / spread : 1, seed: options.seed),
      ]
    }
    var stdout: String
    switch options.format {
    case .text:
      stdout = TournamentRendering.text(result)
      if let analysis { stdout += AnalysisRendering.text(result, analysis) }
      if !trajectories.isEmpty { stdout += AnalysisRendering.dynamicsText(result, trajectories) }
    case .csv: stdout = TournamentRendering.csv(result)
    case .json:
      var json = TournamentRendering.json(result)
      if case .object(var fields) = json {
        fields["analysis"] = analysis.map(AnalysisRendering.json) ?? .null
        if !trajectories.isEmpty {
          fields["dynamics"] = .object([
            "seed": .string(String(options.seed)), "population": .int(options.population),
            "trajectories": .array(trajectories.map(AnalysisRendering.trajectoryJSON)),
          ])
        }
        json = .object(fields)
      }
      stdout = json.render() + "\n"
    }
    let failures = result.failures
    var writeErrors = ""
    if let path = options.nfg {
      if let matrix = result.payoffMatrix {
        writeErrors += writeFile(path, AnalysisRendering.nfg(result, matrix))
      } else {
        writeErrors += "bargain: error: no .nfg file: some pairs failed, their payoffs are unknown\n"
      }
    }
    if let path = options.trajectory {
      writeErrors += writeFile(path, AnalysisRendering.trajectoryCSV(result, trajectories))
    }
    if let path = options.html {
      writeErrors += writeFile(path, HTMLReport.render(result, analysis: analysis, trajectories: trajectories))
    }
    if !writeErrors.isEmpty {
      return CommandResult(stdout: stdout, stderr: writeErrors, exitCode: ExitCode.programError)
    }
    let stderr = renderer(warnings) + renderer(failures.flatMap { $0.diagnostics })
    let exitCode =
      failures.isEmpty
      ? ExitCode.success : failures.contains(where: { $0.limit }) ? ExitCode.limit : ExitCode.programError
    return CommandResult(stdout: stdout, stderr: stderr, exitCode: exitCode)
  }

  /// Checks the population's agents and names them (equal names made distinct); the warnings.
  static func checkedAgents(
    _ requests: [Population.Entry], loaded: LoadedProgramSet, _ context: CLI.RunContext
  ) -> Result<(CheckedWorld, [TournamentAgent], [Diagnostic]), CLI.CommandResultError> {
    let renderer = { (diagnostics: [Diagnostic]) in
      DiagnosticRenderer(sources: loaded.sources).render(CLI.unique(diagnostics))
    }
    context.phases.enter(.checking)
    let checked = Checker.check(units: loaded.units, prelude: loaded.prelude, agents: requests.map(\.request))
    guard let world = checked.world, checked.agentPlans.count == requests.count, !checked.hasErrors else {
      let all = loaded.diagnostics + checked.diagnostics
      return .failure(CLI.CommandResultError(CLI.failure(renderer(all), CLI.exitCode(for: all))))
    }
    context.phases.enter(.compiling)
    var agents: [TournamentAgent] = []
    for (request, agent) in zip(requests, checked.agentPlans) {
      let instance: ProgramInstance
      do {
        instance = try MatchupCompiler.closedInstance(of: agent.main, in: world)
      } catch {
        return .failure(
          CLI.CommandResultError(
            CLI.failure(renderer(error.diagnostics), error.limitReached ? ExitCode.limit : ExitCode.programError)))
      }
      // An agent with a plan may bargain with another program than its main one: it is named
      // after its file (as in timelines), others after their program.
      let name = agent.plan == nil ? world.describe(instance) : agent.label
      agents.append(TournamentAgent(name: name, source: request.source, agent: agent))
    }
    disambiguate(&agents)
    return .success((world, agents, checked.diagnostics))
  }

  /// Writes a report file; returns an error line, or "" when written.
  static func writeFile(_ path: String, _ text: String) -> String {
    FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
      ? "" : "bargain: error: cannot write '\(path)'\n"
  }

  /// Every core the machine has online.
  static func defaultJobs() -> Int {
    max(1, min(maxJobs, ProcessInfo.processInfo.activeProcessorCount))
  }

  /// Equal names get their source appended, so every row of the matrix names one agent.
  static func disambiguate(_ agents: inout [TournamentAgent]) {
    var counts: [String: Int] = [:]
    for agent in agents { counts[agent.name, default: 0] += 1 }
    for index in agents.indices where (counts[agents[index].name] ?? 0) > 1 {
      agents[index].name += " [\(agents[index].source)]"
    }
  }

  /// The agents named on the command line, in order, and what their declarations set.
  struct Population {
    struct Entry {
      var request: AgentRequest
      var source: String
    }
    var requests: [Entry] = []
    var diagnostics: [Diagnostic] = []
    var horizon: Int?
    var lag: Int?

    /// Whether a file can name an agent at all: it declares a program, a plan part or a tournament.
    static func declaresAgent(_ unit: SourceUnit) -> Bool {
      unit.items.contains { item in
        switch item {
        case .program, .plan, .main, .agent, .tournament: return true
        case .game, .grant, .lag: return false
        }
      }
    }

    /// A directory gives the agent of every program file in it (sorted by name) that declares
    /// one (files of games only are skipped); a file that
    /// declares a tournament gives that tournament's agents; any other file or FILE:PROGRAM is one agent.
    mutating func add(_ input: String, _ loaded: inout LoadedProgramSet) {
      var isDirectory: ObjCBool = false
      if CLI.splitAgent(input).selection == nil,
        FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue
      {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []
        for name in names.sorted() where ProgramPath.hasProgramExtension(name) {
          let path = ProgramPath.join(input, name)
          // A file of games only (a directory's shared `game` file) is no agent: skip it.
          if let file = loaded.load(path: path), !Self.declaresAgent(loaded.units[file.index].unit) { continue }
          add(path, &loaded)
        }
        return
      }
      guard let request = loaded.loadAgent(input) else { return }
      let unit = loaded.units[request.file.index].unit
      let declarations = unit.items.compactMap { item -> TournamentDecl? in
        if case .tournament(let decl) = item { return decl }
        return nil
      }
      guard request.selection == nil, let declaration = declarations.first else {
        requests.append(Entry(request: request, source: input))
        return
      }
      for extra in declarations.dropFirst() {
        diagnostics.append(TournamentMessage.secondTournament.diagnostic(at: extra.range))
      }
      horizon = declaration.horizon?.value ?? horizon
      lag = declaration.lag?.value ?? lag
      let (entries, problems) = TournamentEntries.expand(declaration)
      diagnostics += problems
      let directory = ProgramPath.directory(of: input)
      for entry in entries {
        var file = request.file
        var source = input
        if let path = entry.path {
          let joined = ProgramPath.join(directory, path)
          guard let id = loaded.load(path: joined) else { continue }
          file = id
          source = joined
        }
        if let selection = entry.selection { source += ":" + CanonicalPrinter.print(selection) }
        requests.append(Entry(request: AgentRequest(file: file, selection: entry.selection), source: source))
      }
    }
  }
}

/// Loading a population for library users (BargainKit): the command's loading and checking.
public enum PopulationLoader {
  public struct Loaded: Sendable {
    public var world: CheckedWorld
    public var agents: [TournamentAgent]
    public var horizon: Int?
    public var lag: Int?
  }

  public struct Failure: Error, Sendable {
    /// Rendered diagnostics.
    public var message: String
    public var exitCode: Int32
  }

  public static func load(_ inputs: [String], confinedTo directory: String? = nil) -> Result<Loaded, Failure> {
    var policy = LoadPolicy()
    if let directory {
      guard let confined = LoadPolicy(confinedTo: directory) else {
        return .failure(Failure(message: "'\(directory)' is not a directory\n", exitCode: ExitCode.usage))
      }
      policy = confined
    }
    let context = CLI.RunContext(policy: policy, phases: PhaseRecorder())
    var loaded = context.loader()
    var population = TournamentCommand.Population()
    for input in inputs { population.add(input, &loaded) }
    let problems = loaded.diagnostics + population.diagnostics
    if problems.contains(where: { $0.severity == .error }) || population.requests.isEmpty {
      let all =
        population.requests.isEmpty && problems.isEmpty ? [TournamentMessage.noAgents.diagnostic(at: nil)] : problems
      return .failure(
        Failure(message: DiagnosticRenderer(sources: loaded.sources).render(all), exitCode: CLI.exitCode(for: all)))
    }
    switch TournamentCommand.checkedAgents(population.requests, loaded: loaded, context) {
    case .success(let (world, agents, _)):
      return .success(Loaded(world: world, agents: agents, horizon: population.horizon, lag: population.lag))
    case .failure(let error):
      return .failure(Failure(message: error.result.stderr, exitCode: error.result.exitCode))
    }
  }
}

/// The progress line on stderr (only when stderr is a terminal): pairs done, rate, time left.
final class ProgressLine: @unchecked Sendable {
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  private var last: ContinuousClock.Instant
  private let lock = DispatchSemaphore(value: 1)
  private var shown = false

  private init() {
    start = clock.now
    last = start
  }

  static func start() -> ProgressLine? {
    isatty(StandardStream.error) == 1 ? ProgressLine() : nil
  }

  func update(_ done: Int, _ total: Int) {
    lock.wait()
    defer { lock.signal() }
    let now = clock.now
    // A few updates a second are enough to read; more would slow the workers down.
    guard now - last >= .milliseconds(200) || done == total else { return }
    last = now
    let elapsed = Bench.seconds(now - start)
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    let left = rate > 0 ? Double(total - done) / rate : 0
    let text = "\r\(done)/\(total) pairs, \(Int(rate)) pairs/s, \(Int(left.rounded(.up))) s left\u{1B}[K"
    _ = StandardStream.write(text, to: StandardStream.error)
    shown = true
  }

  func finish() {
    lock.wait()
    defer { lock.signal() }
    if shown { _ = StandardStream.write("\r\u{1B}[K", to: StandardStream.error) }
  }
}
