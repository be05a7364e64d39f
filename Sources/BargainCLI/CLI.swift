// Command-line entry: parses arguments, runs a command, returns what to print and the exit code.
// Pure apart from reading the files it is asked to read, so tests call it directly.

import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax

public struct CommandResult: Sendable, Equatable {
  public var stdout: String
  public var stderr: String
  public var exitCode: Int32
}

/// Exit codes (documented in the README).
public enum ExitCode {
  public static let success: Int32 = 0
  /// A program has errors (syntax, types, unguarded cycles, ...).
  public static let programError: Int32 = 1
  /// The command line was wrong.
  public static let usage: Int32 = 2
  /// A resource limit stopped the run cleanly.
  public static let limit: Int32 = 3
}

public enum CLI {
  public static let version = "0.1.0"

  public static let usage = """
    usage: bargain ROW COLUMN [options]     play two agents (pre-bargaining, then bargaining)
           bargain check PATH... [--json]  report diagnostics (every program file below a directory), exit 1 on errors
           bargain prove FILE STATEMENT    search a proof of STATEMENT, e.g. "FairBot(FairBot) == C"
           bargain threshold ROW [COLUMN]  the least budget at which a bounded matchup's outcome changes
           bargain bench [--quick]         time generated round robins and chains
           bargain fmt [--check | --stdout] FILE|DIR...  format program files in the canonical style
           bargain lsp                     a language server over stdio (diagnostics, formatting, ...)
           bargain tournament AGENT...     play every pair of a population (files, FILE:PROGRAM, directories, studies)
           bargain merge SHARD...          combine `tournament --shard i/n` files into the unsharded report
           bargain spi A B --with A2 B2    is replacing (A, B) by (A2, B2) a safe Pareto improvement? (exit 4 if not)
           bargain COMMAND --help          the options of one command
           bargain --help | --version

    An agent is FILE (its `main` program, else the one named after the file, else its only program) or FILE:PROGRAM,
    e.g. Programs/bargaining/Demand.bargain:Demand(70). Files end in .bargain or .bp; `-` (or `-:PROGRAM`)
    reads a program from standard input, named <stdin> in diagnostics. `--option=value` is `--option value`.

    options:
      --frames      add the world-by-world Kripke table of both sides' outputs
      --json        print one JSON object on stdout instead of the text report
      --explain     say why each side produced its output (branches, facts, proofs)
      --seed S      also sample one play of a match with chance, reproducibly
      --timeline    show the pre-bargaining timeline even when no agent has a plan
      --horizon H   last step of the pre-bargaining phase (default 10)
      --lag L       steps before a commitment can reach the other side (default 1, at least 1)
      --quiet       hide warnings (play and check)

    options of every command:
      --confine DIR     read only files that resolve, after symlinks, inside DIR (programs by others)
      --time-limit S    stop after S seconds with exit code 3, naming the phase (default \(TimeLimits.defaultSeconds))

    exit codes: 0 success, 1 a program has errors (or the report could not be written), 2 usage error,
    3 a resource limit was hit

    """

  /// Runs a command in-process (tests): no wall-clock guard. `standardInput` is what `-` reads.
  public static func run(_ arguments: [String], standardInput: [UInt8] = []) -> CommandResult {
    run(arguments, watchdog: false, standardInput: standardInput)
  }

  /// With `watchdog`, the `--time-limit` guard runs (the executable, `CLI.main`).
  static func run(
    _ arguments: [String], watchdog: Bool, standardInput: [UInt8] = [],
    output: StreamedOutput = StreamedOutput(descriptor: nil)
  ) -> CommandResult {
    var words = splitOptionValues(Array(arguments.dropFirst()))
    if let help = help(for: words) {
      return CommandResult(stdout: help, stderr: "", exitCode: ExitCode.success)
    }
    if words.contains("--version") {
      return CommandResult(stdout: "bargain \(version)\n", stderr: "", exitCode: ExitCode.success)
    }
    let options: GlobalOptions
    switch extractGlobalOptions(&words) {
    case .success(let parsed): options = parsed
    case .failure(let error): return error.result
    }
    let context = RunContext(
      policy: options.policy, phases: PhaseRecorder(), standardInput: standardInput, output: output)
    if watchdog { Watchdog.start(seconds: options.timeLimit, phases: context.phases) }
    switch words.first {
    case "check":
      return CheckCommand.run(Array(words.dropFirst()), context)
    case "bench":
      return Bench.run(Array(words.dropFirst()), context)
    case "prove":
      return ProveCommand.run(Array(words.dropFirst()), context)
    case "threshold":
      return ThresholdCommand.run(Array(words.dropFirst()), context)
    case "fmt":
      return FormatCommand.run(Array(words.dropFirst()), context)
    case "lsp":
      return LanguageServerCommand.run(Array(words.dropFirst()), context)
    case "tournament":
      return TournamentCommand.run(Array(words.dropFirst()), context)
    case "merge":
      return MergeCommand.run(Array(words.dropFirst()), context)
    case "spi":
      return SPICommand.run(Array(words.dropFirst()), context)
    case "play":
      words.removeFirst()
      return play(words, context)
    case nil:
      return usageError("missing agents")
    default:
      return play(words, context)
    }
  }

  /// What every command needs from the run: where files may come from, where to record progress.
  struct RunContext {
    var policy: LoadPolicy
    var phases: PhaseRecorder
    /// The bytes a program named `-` is read from.
    var standardInput: [UInt8] = []
    /// Where a streaming command writes its standard output as it goes.
    var output = StreamedOutput(descriptor: nil)

    /// An empty set of loaded files under this run's policy.
    func loader() -> LoadedProgramSet {
      phases.enter(.loading)
      var loaded = LoadedProgramSet(policy: policy)
      loaded.standardInput = standardInput
      return loaded
    }
  }

  /// Options every command takes, wherever they stand on the command line.
  struct GlobalOptions {
    var policy = LoadPolicy()
    var timeLimit = TimeLimits.defaultSeconds
  }

  static func extractGlobalOptions(_ words: inout [String]) -> Result<GlobalOptions, CommandResultError> {
    var options = GlobalOptions()
    var rest: [String] = []
    var index = 0
    while index < words.count {
      let word = words[index]
      let value = index + 1 < words.count ? words[index + 1] : nil
      switch word {
      case "--confine":
        guard let value, let policy = LoadPolicy(confinedTo: value) else {
          let found = value.map { ", found '\($0)'" } ?? ""
          return .failure(CommandResultError(usageError("--confine needs an existing directory\(found)")))
        }
        options.policy = policy
        index += 2
      case "--time-limit":
        guard let value, let seconds = Int(value), seconds >= 1, seconds <= TimeLimits.maxSeconds else {
          return .failure(
            CommandResultError(
              usageError("--time-limit needs a whole number of seconds from 1 to \(TimeLimits.maxSeconds)")))
        }
        options.timeLimit = seconds
        index += 2
      default:
        rest.append(word)
        index += 1
      }
    }
    words = rest
    return .success(options)
  }

  /// One line saying what is wrong and one pointing at the help of `command` (or of `bargain`).
  static func usageError(_ message: String, command: String? = nil) -> CommandResult {
    let help = command.map { "bargain \($0) --help" } ?? "bargain --help"
    return CommandResult(
      stdout: "", stderr: "bargain: error: \(message)\nrun '\(help)' for usage\n", exitCode: ExitCode.usage)
  }

  // MARK: check

  // MARK: play

  struct PlayOptions {
    var agents: [String] = []
    var frames = false
    var json = false
    var timeline = false
    var explain = false
    var quiet = false
    var seed: UInt64?
    var horizon = ProtocolLimits.defaultHorizon
    var lag = ProtocolLimits.defaultLag
  }

  static func parsePlay(_ words: [String]) -> Result<PlayOptions, CommandResultError> {
    var options = PlayOptions()
    var index = 0
    func number(_ flag: String, minimum: Int) -> Result<Int, CommandResultError> {
      index += 1
      guard index < words.count, let value = Int(words[index]), value >= minimum,
        value <= ProtocolLimits.maxHorizon
      else {
        return .failure(
          CommandResultError(
            usageError("\(flag) needs a whole number from \(minimum) to \(ProtocolLimits.maxHorizon)", command: "play"))
        )
      }
      return .success(value)
    }
    while index < words.count {
      let word = words[index]
      switch word {
      case "--frames": options.frames = true
      case "--json": options.json = true
      case "--timeline": options.timeline = true
      case "--explain": options.explain = true
      case "--quiet": options.quiet = true
      case "--seed":
        index += 1
        guard index < words.count, let value = UInt64(words[index]) else {
          return .failure(
            CommandResultError(
              usageError("--seed needs a whole number from 0 to 18446744073709551615", command: "play")))
        }
        options.seed = value
      case "--horizon":
        switch number(word, minimum: 0) {
        case .success(let value): options.horizon = value
        case .failure(let error): return .failure(error)
        }
      case "--lag":
        switch number(word, minimum: 1) {
        case .success(let value): options.lag = value
        case .failure(let error): return .failure(error)
        }
      default:
        if word.hasPrefix("-") && !isStandardInput(word) {
          return .failure(CommandResultError(usageError("unknown option '\(word)'", command: "play")))
        }
        options.agents.append(word)
      }
      index += 1
    }
    guard options.agents.count == 2 else {
      return .failure(
        CommandResultError(usageError("expected two agents, found \(options.agents.count)", command: "play")))
    }
    return .success(options)
  }

  struct CommandResultError: Error {
    var result: CommandResult
    init(_ result: CommandResult) { self.result = result }
  }

  /// `path` or `path:Expression`, split at the first ':' after a .bargain/.bp file name (or `-`).
  static func splitAgent(_ spec: String) -> (path: String, selection: String?) {
    if spec.hasPrefix("-:") { return ("-", String(spec.dropFirst(2))) }
    for suffix in [".bargain:", ".bp:"] {
      if let range = spec.range(of: suffix) {
        let path = String(spec[..<range.upperBound].dropLast())
        return (path, String(spec[range.upperBound...]))
      }
    }
    return (spec, nil)
  }

  static func play(_ words: [String], _ context: RunContext) -> CommandResult {
    let options: PlayOptions
    switch parsePlay(words) {
    case .success(let parsed): options = parsed
    case .failure(let error): return error.result
    }
    var loaded = context.loader()
    var requests: [AgentRequest] = []
    var files: [String] = []
    for spec in options.agents {
      let path = splitAgent(spec).path
      files.append(path == "-" ? LoadedProgramSet.standardInputName : path)
      if let request = loaded.loadAgent(spec) { requests.append(request) }
    }
    let renderer = { (diagnostics: [Diagnostic]) in
      DiagnosticRenderer(sources: loaded.sources).render(CheckCommand.prepared(diagnostics, quiet: options.quiet))
    }
    guard !loaded.diagnostics.contains(where: { $0.severity == .error }), requests.count == 2 else {
      return failure(renderer(loaded.diagnostics), exitCode(for: loaded.diagnostics))
    }
    context.phases.enter(.checking)
    let checked = Checker.check(units: loaded.units, prelude: loaded.prelude, agents: requests)
    guard let world = checked.world, checked.agents.count == 2, !checked.hasErrors else {
      let all = loaded.diagnostics + checked.diagnostics
      return failure(renderer(all), exitCode(for: all))
    }
    let outcome: ProtocolOutcome
    let report: MatchReport
    var randomized: RandomizedMatch?
    do {
      context.phases.enter(.compiling)
      for agent in checked.agents { _ = try MatchupCompiler.closedInstance(of: agent, in: world) }
      context.phases.enter(.preBargaining)
      // Randomized plans (rule P16) branch; without draws there is one branch.
      let branches = try PreBargaining.explore(
        world: world, agents: checked.agentPlans, horizon: options.horizon, lag: options.lag)
      context.phases.enter(.solving)
      if branches.count > 1 { randomized = try Match.play(world: world, branches: branches) }
      if let first = randomized?.branches.first {
        (outcome, report) = (first.branch.outcome, first.report)
      } else {
        if let only = branches.first {
          outcome = only.outcome
        } else {
          outcome = try PreBargaining.run(
            world: world, agents: checked.agentPlans, horizon: options.horizon, lag: options.lag)
        }
        report = try Match.play(world: world, after: outcome)
      }
    } catch {
      return failure(renderer(error.diagnostics), error.limitReached ? ExitCode.limit : ExitCode.programError)
    }
    context.phases.enter(.rendering)
    let planWarnings = checked.agentPlans.flatMap { PlanAnalysis.diagnostics(for: $0, in: world) }
    let warnings = renderer(checked.diagnostics + planWarnings)
    if let randomized {
      return PlanChanceRendering.result(randomized, world: world, files: files, options: options, warnings: warnings)
    }
    let showTimeline = options.timeline || checked.agentPlans.contains { $0.plan != nil }
    let explanations = options.explain ? Explainer.explain(report.solved) : nil
    let sample = options.seed.map { Sampling.sample(report, seed: $0) }
    if options.json {
      var json = MatchRendering.json(report, protocol: outcome, files: files, frames: options.frames)
      if case .object(var fields) = json {
        if let explanations {
          fields["explanation"] = ExplainRendering.json(
            explanations, sources: loaded.sources, levels: ExplainRendering.searchLevels(report.solved))
        }
        if let sample { fields["sample"] = Sampling.json(sample, report: report) }
        if let changes = SPICommand.changesJSON(outcome, game: world.game) { fields["payoffChanges"] = changes }
        json = .object(fields)
      }
      return CommandResult(stdout: json.render() + "\n", stderr: warnings, exitCode: ExitCode.success)
    }
    var text = showTimeline ? TimelineRendering.text(outcome, world: world) + "\n" : ""
    text += MatchRendering.text(report, files: files, frames: options.frames)
    text += SPICommand.changesText(outcome, game: world.game)
    if let sample { text += "\n" + Sampling.text(sample, report: report) }
    if let explanations {
      text +=
        "\n"
        + ExplainRendering.text(
          explanations, sources: loaded.sources, levels: ExplainRendering.searchLevels(report.solved))
    }
    return CommandResult(stdout: text, stderr: warnings, exitCode: ExitCode.success)
  }

  /// Diagnostics in order, each once (the same file given twice reports its problems once).
  static func unique(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var seen: Set<Diagnostic> = []
    return diagnostics.filter { seen.insert($0).inserted }
  }

  /// 3 when a resource limit stopped the run, else 1 (README, exit codes).
  static func exitCode(for diagnostics: [Diagnostic]) -> Int32 {
    diagnostics.contains { $0.severity == .error && $0.isLimit } ? ExitCode.limit : ExitCode.programError
  }

  static func failure(_ text: String, _ code: Int32) -> CommandResult {
    let errors = text.components(separatedBy: "\n").filter { $0.contains(": error: ") }.count
    let summary = errors > 0 ? "\(errors) error\(errors == 1 ? "" : "s")\n" : ""
    return CommandResult(stdout: "", stderr: text + summary, exitCode: code)
  }
}
