// `bargain bench`: times a round robin of generated programs and reference chains.
// Reading the clock is allowed here (the CLI), never in the libraries.

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax
import BargainTournament
import Foundation

enum Bench {
  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
    var quick = false
    var onlyLimits = false
    var tournamentSize: Int?
    var generalPath = false
    var index = 0
    while index < words.count {
      switch words[index] {
      case "--quick": quick = true
      case "--limits": onlyLimits = true
      case "--general-path": generalPath = true
      case "--tournament":
        index += 1
        guard index < words.count, let size = Int(words[index]), size >= 1, size <= TournamentLimits.maxAgents else {
          return CLI.usageError(
            "--tournament needs a number of agents from 1 to \(TournamentLimits.maxAgents)", command: "bench")
        }
        tournamentSize = size
      default: return CLI.usageError("unknown bench option '\(words[index])'", command: "bench")
      }
      index += 1
    }
    context.phases.enter(.benchmarking)
    if generalPath, tournamentSize == nil {
      return CLI.usageError("--general-path needs --tournament N", command: "bench")
    }
    if let tournamentSize {
      switch TournamentBench.roundRobin(
        size: tournamentSize, jobs: TournamentCommand.defaultJobs(), modalFastPath: !generalPath)
      {
      case .success(let line): return CommandResult(stdout: line, stderr: "", exitCode: ExitCode.success)
      case .failure(let error): return error.result
      }
    }
    if onlyLimits { return limitWorstCases() }
    var out = ""
    let roundRobinSize = quick ? 12 : 40
    switch roundRobin(size: roundRobinSize) {
    case .success(let line): out += line
    case .failure(let error): return error.result
    }
    // The general path's line shows what the modal fast path (rule R10) saves.
    for (size, fast) in quick ? [(50, true)] : [(200, true), (1_000, true), (200, false)] {
      switch TournamentBench.roundRobin(size: size, jobs: TournamentCommand.defaultJobs(), modalFastPath: fast) {
      case .success(let line): out += line
      case .failure(let error): return error.result
      }
    }
    out += "\nreference chains (program k asks about program k-1), played against FairBot:\n"
    out += "  links   matchups   seconds    microseconds/link\n"
    for links in quick ? [50, 100, 200] : [100, 200, 400, 800, 1600] {
      switch chain(links: links) {
      case .success(let line): out += line
      case .failure(let error): return error.result
      }
    }
    switch proofSearch(rounds: quick ? 20 : 200, population: quick ? 8 : 24) {
    case .success(let line): out += "\n" + line
    case .failure(let error): return error.result
    }
    switch chance(rounds: quick ? 20 : 200) {
    case .success(let line): out += "\n" + line
    case .failure(let error): return error.result
    }
    switch chanceReport(demands: 51) {
    case .success(let line): out += line
    case .failure(let error): return error.result
    }
    if !quick {
      let limits = limitWorstCases()
      guard limits.exitCode == ExitCode.success else { return limits }
      out += "\n" + limits.stdout
    }
    return CommandResult(stdout: out, stderr: "", exitCode: ExitCode.success)
  }

  /// Times each input of `LimitWorstCases` end to end (files written, read, checked and played).
  static func limitWorstCases() -> CommandResult {
    var out = "limit worst cases (each should take about a second or less):\n"
    out += "  limit                 exit  seconds   input\n"
    let clock = ContinuousClock()
    for worstCase in LimitWorstCases.all {
      var result: CommandResult?
      let elapsed = clock.measure { result = try? LimitWorstCases.run(worstCase) }
      guard let result, result.exitCode == worstCase.exitCode else {
        return CommandResult(
          stdout: out,
          stderr: "bargain: error: the worst case '\(worstCase.summary)' did not end with exit \(worstCase.exitCode)\n",
          exitCode: ExitCode.programError)
      }
      out +=
        "  \(worstCase.limit.padding(toLength: 22, withPad: " ", startingAt: 0))"
        + "\(String(result.exitCode).padding(toLength: 6, withPad: " ", startingAt: 0))"
        + "\(format(seconds(elapsed)).padding(toLength: 10, withPad: " ", startingAt: 0))\(worstCase.summary)\n"
    }
    return CommandResult(stdout: out, stderr: "", exitCode: ExitCode.success)
  }

  static let examplePrograms = """
    game PrisonersDilemma
    program PrudentBot {
      if provable(them(me) == C) and provable[1](them(DefectBot) == D) { play C } else { play D }
    }
    program TrollBot { if provable(them(DefectBot) == C) { play C } else { play D } }
    program BoundedFairBot(budget: int = 100) { if provable within budget (them(me) == C) { play C } else { play D } }
    program EpsilonGroundedFairBot(epsilon: rational = 1/10) {
      with probability epsilon { play C } else { play simulate(them, me) }
    }
    program RandomBot(p: rational = 1/2) { with probability p { play C } else { play D } }

    """

  /// Compiles `statements` in a file holding `programs`, then times proof searches over them.
  static func proofSearch(rounds: Int, population: Int) -> Result<String, CLI.CommandResultError> {
    let examples = [
      "FairBot(FairBot) == C", "FairBot(CooperateBot) == C", "PrudentBot(PrudentBot) == C",
      "PrudentBot(FairBot) == C", "TrollBot(CooperateBot) == C", "BoundedFairBot()(BoundedFairBot()) == C",
      "FairBot(DefectBot) == D", "PrudentBot(CooperateBot) == D",
    ]
    let generatedStatements = (0..<population).flatMap { i in (0..<population).map { j in "G\(i)(G\(j)) == C" } }
    let programs = examplePrograms + (0..<population).map(generatedProgram).joined(separator: "\n") + "\n"
    var lines: [String] = []
    for (label, statements, repeats) in [
      ("examples", examples, rounds), ("generated", generatedStatements, max(1, rounds / 50)),
    ] {
      var loaded = LoadedProgramSet()
      let file = loaded.add(path: "<bench proofs>", text: programs)
      var goals: [(ModalSystem, FormulaID)] = []
      for statement in statements {
        let (expr, _) = loaded.addExpression(label: "<bench statement>", text: statement)
        guard let expr else { continue }
        let checked = Checker.checkStatement(units: loaded.units, prelude: loaded.prelude, file: file, statement: expr)
        guard let world = checked.world, let goal = checked.statement,
          let compiled = try? MatchupCompiler.compileStatement(goal, in: world)
        else { continue }
        goals.append(
          (
            compiled.bounded.searchSystem
              ?? ModalSystem(arena: compiled.system.arena, definitions: compiled.system.definitions), compiled.goal
          ))
      }
      let clock = ContinuousClock()
      var searches = 0
      var proved = 0
      let elapsed = clock.measure {
        for _ in 0..<repeats {
          for (system, goal) in goals {
            searches += 1
            if case .proved = GLProver.prove(goal, in: system, budget: 1_000) { proved += 1 }
          }
        }
      }
      let seconds = Self.seconds(elapsed)
      let rate = seconds > 0 ? Double(searches) / seconds : 0
      lines.append(
        "proof search (\(label)): \(goals.count) statements x \(repeats), \(searches) searches (\(proved) proved) in \(format(seconds)) s: \(Int(rate)) searches/second"
      )
    }
    return .success(lines.joined(separator: "\n") + "\n")
  }

  /// Times matches with chance: ε-grounded FairBot self-play and against RandomBot.
  static func chance(rounds: Int) -> Result<String, CLI.CommandResultError> {
    let world: CheckedWorld
    let egfb: ProgramInstance
    let random: ProgramInstance
    switch checkedAgents(
      text: examplePrograms, label: "<bench chance>", names: ["EpsilonGroundedFairBot", "RandomBot"])
    {
    case .success(let checked): (world, egfb, random) = (checked.world, checked.agents[0], checked.agents[1])
    case .failure(let error): return .failure(error)
    }
    let clock = ContinuousClock()
    var matches = 0
    var expected = ""
    let elapsed = clock.measure {
      for _ in 0..<rounds {
        for opponent in [egfb, random] {
          if let report = try? Match.play(world: world, row: egfb, column: opponent) {
            matches += 1
            if opponent == egfb, let value = report.chance?.outcome.sides[0].expectedSimulations {
              expected = value.description
            }
          }
        }
      }
    }
    let seconds = Self.seconds(elapsed)
    let rate = seconds > 0 ? Double(matches) / seconds : 0
    return .success(
      "chance: \(matches) exact-distribution matches in \(format(seconds)) s: \(Int(rate)) matches/second; "
        + "expected nested simulations in ε-grounded FairBot self-play: \(expected) (= (1 - ε)/ε)\n")
  }

  /// Times rendering the report of a match with `demands`² outcome profiles (each side uniform
  /// over a grid of `demands` demands), as text and as JSON; text was once quadratic in its length.
  static func chanceReport(demands: Int) -> Result<String, CLI.CommandResultError> {
    let top = 2 * (demands - 1)
    var body = "demand \(top) outside walk"
    for demand in stride(from: top - 2, through: 0, by: -2) {
      body = "with probability 1/\((top - demand) / 2 + 1) { demand \(demand) outside walk } else { \(body) }"
    }
    let text = """
      game Wide { resource \(top) demands 0..\(top) step 2 outside walk disagreement (walk, walk) = (0, 0) }
      program Spread { \(body) }

      """
    let world: CheckedWorld
    let spread: ProgramInstance
    switch checkedAgents(text: text, label: "<bench chance report>", names: ["Spread"]) {
    case .success(let checked): (world, spread) = (checked.world, checked.agents[0])
    case .failure(let error): return .failure(error)
    }
    let report: MatchReport
    do {
      report = try Match.play(world: world, row: spread, column: spread)
    } catch {
      return .failure(
        CLI.CommandResultError(CLI.failure("bench: the chance report match failed\n", ExitCode.programError)))
    }
    guard let chance = report.chance else {
      return .failure(CLI.CommandResultError(CLI.failure("bench: the match has no chance\n", ExitCode.programError)))
    }
    let clock = ContinuousClock()
    var lines = 0
    let textTime = clock.measure {
      lines = MatchRendering.text(report, files: ["-", "-"], frames: false).split(separator: "\n").count
    }
    var bytes = 0
    let jsonTime = clock.measure {
      bytes = ChanceRendering.json(report, chance).render().utf8.count
    }
    return .success(
      "chance report: \(chance.profiles.count) outcome profiles rendered as text (\(lines) lines) in "
        + "\(format(seconds(textTime))) s, its JSON result (\(bytes) bytes) in \(format(seconds(jsonTime))) s\n")
  }

  /// Program i of the generated population: a mix of the modal agents from the literature.
  static func generatedProgram(_ i: Int) -> String {
    let k = i % 3
    switch i % 8 {
    case 0: return "program G\(i) { play C }"
    case 1: return "program G\(i) { play D }"
    case 2: return "program G\(i) { if provable[\(k)](them(me) == C) { play C } else { play D } }"
    case 3:
      return
        "program G\(i) { if provable(them(me) == C) and provable[\(k + 1)](them(DefectBot) == D) { play C } else { play D } }"
    case 4: return "program G\(i) { if them == me { play C } else { play D } }"
    case 5: return "program G\(i) { if provable(them(DefectBot) == C) { play C } else { play D } }"
    case 6:
      return
        "program G\(i) { if not provable[\(k + 1)](false) { if provable(them(me) == C) { play C } else { play D } } else { play D } }"
    default:
      return
        "program G\(i) { if provable(them(me) == D) { play D } else if consistent(them(FairBot) == C) { play C } else { play D } }"
    }
  }

  static func roundRobin(size: Int) -> Result<String, CLI.CommandResultError> {
    let text = "game PrisonersDilemma\n" + (0..<size).map(generatedProgram).joined(separator: "\n") + "\n"
    let world: CheckedWorld
    let file: FileID
    switch checkedAgents(text: text, label: "<bench round robin>", names: ["G0"]) {
    case .success(let checked): (world, file) = (checked.world, checked.file)
    case .failure(let error): return .failure(error)
    }
    let instances = world.programs.filter { $0.file == file }.map { ProgramInstance(program: $0.id, arguments: []) }
    let clock = ContinuousClock()
    var matches = 0
    var cooperation = 0
    let elapsed = clock.measure {
      for row in instances {
        for column in instances {
          if let report = try? Match.play(world: world, row: row, column: column) {
            matches += 1
            if case .played("C", "C", _) = report.settlement { cooperation += 1 }
          }
        }
      }
    }
    let seconds = Self.seconds(elapsed)
    let rate = seconds > 0 ? Double(matches) / seconds : 0
    return .success(
      "round robin: \(instances.count) generated programs, \(matches) matches (\(cooperation) mutual cooperation) in \(format(seconds)) s: \(Int(rate)) matches/second\n"
    )
  }

  static func chain(links: Int) -> Result<String, CLI.CommandResultError> {
    var lines = ["game PrisonersDilemma", "program P0 { play C }"]
    for k in 1...links {
      lines.append("program P\(k) { if provable(them(P\(k - 1)) == C) { play C } else { play D } }")
    }
    let world: CheckedWorld
    let row: ProgramInstance
    let column: ProgramInstance
    switch checkedAgents(
      text: lines.joined(separator: "\n") + "\n", label: "<bench chain>", names: ["P\(links)", "FairBot"])
    {
    case .success(let checked): (world, row, column) = (checked.world, checked.agents[0], checked.agents[1])
    case .failure(let error): return .failure(error)
    }
    let clock = ContinuousClock()
    var matchups = 0
    let elapsed = clock.measure {
      matchups = (try? Match.play(world: world, row: row, column: column))?.matchupCount ?? 0
    }
    let seconds = Self.seconds(elapsed)
    let perLink = seconds / Double(links) * 1e6
    return .success(
      "  \(String(links).padding(toLength: 8, withPad: " ", startingAt: 0))\(String(matchups).padding(toLength: 11, withPad: " ", startingAt: 0))\(format(seconds).padding(toLength: 11, withPad: " ", startingAt: 0))\(format(perLink))\n"
    )
  }

  struct CheckedBench {
    var world: CheckedWorld
    var file: FileID
    var agents: [ProgramInstance]
  }

  /// Checks a generated file and picks the named programs as agents (one setup for every benchmark).
  static func checkedAgents(text: String, label: String, names: [String]) -> Result<
    CheckedBench, CLI.CommandResultError
  > {
    var loaded = LoadedProgramSet()
    let file = loaded.add(path: label, text: text)
    let range = SourceRange(file: file, start: 0, end: 0)
    let checked = Checker.check(
      units: loaded.units, prelude: loaded.prelude,
      agents: names.map { AgentRequest(file: file, selection: Expr(.name($0), range: range)) })
    let agents = checked.world.map { world in checked.agents.compactMap { MatchupCompiler.instance(of: $0, in: world) }
    }
    guard let world = checked.world, !checked.hasErrors, let agents, agents.count == names.count else {
      return .failure(
        CLI.CommandResultError(
          CLI.failure(
            DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics + checked.diagnostics),
            ExitCode.programError)))
    }
    return .success(CheckedBench(world: world, file: file, agents: agents))
  }

  static func format(_ value: Double) -> String { String(format: "%.4f", value) }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
  }
}
