// `bargain bench`: times a round robin of generated programs and reference chains.
// Reading the clock is allowed here (the CLI), never in the libraries.

import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax
import Foundation

enum Bench {
  static func run(_ words: [String]) -> CommandResult {
    var quick = false
    for word in words {
      switch word {
      case "--quick": quick = true
      default: return CLI.usageError("unknown bench option '\(word)'")
      }
    }
    var out = ""
    let roundRobinSize = quick ? 12 : 40
    switch roundRobin(size: roundRobinSize) {
    case .success(let line): out += line
    case .failure(let error): return error.result
    }
    out += "\nreference chains (program k asks about program k-1), played against FairBot:\n"
    out += "  links   matchups   seconds    microseconds/link\n"
    for links in quick ? [50, 100, 200] : [100, 200, 400, 800, 1600] {
      switch chain(links: links) {
      case .success(let line): out += line
      case .failure(let error): return error.result
      }
    }
    return CommandResult(stdout: out, stderr: "", exitCode: ExitCode.success)
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
    var loaded = LoadedProgramSet()
    let file = loaded.add(path: "<bench round robin>", text: text)
    let checked = Checker.check(
      units: loaded.units, prelude: loaded.prelude,
      agents: [AgentRequest(file: file, selection: Expr(.name("G0"), range: SourceRange(file: file, start: 0, end: 0)))]
    )
    guard let world = checked.world, !checked.hasErrors else {
      return .failure(
        CLI.CommandResultError(
          CLI.failure(
            DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics + checked.diagnostics),
            ExitCode.programError)))
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
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
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
    var loaded = LoadedProgramSet()
    let file = loaded.add(path: "<bench chain>", text: lines.joined(separator: "\n") + "\n")
    let range = SourceRange(file: file, start: 0, end: 0)
    let checked = Checker.check(
      units: loaded.units, prelude: loaded.prelude,
      agents: [
        AgentRequest(file: file, selection: Expr(.name("P\(links)"), range: range)),
        AgentRequest(file: file, selection: Expr(.name("FairBot"), range: range)),
      ])
    guard let world = checked.world, checked.agents.count == 2,
      let row = MatchupCompiler.instance(of: checked.agents[0], in: world),
      let column = MatchupCompiler.instance(of: checked.agents[1], in: world)
    else {
      return .failure(
        CLI.CommandResultError(
          CLI.failure(
            DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics + checked.diagnostics),
            ExitCode.programError)))
    }
    let clock = ContinuousClock()
    var matchups = 0
    let elapsed = clock.measure {
      matchups = (try? Match.play(world: world, row: row, column: column))?.matchupCount ?? 0
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let perLink = seconds / Double(links) * 1e6
    return .success(
      "  \(String(links).padding(toLength: 8, withPad: " ", startingAt: 0))\(String(matchups).padding(toLength: 11, withPad: " ", startingAt: 0))\(format(seconds).padding(toLength: 11, withPad: " ", startingAt: 0))\(format(perLink))\n"
    )
  }

  static func format(_ value: Double) -> String { String(format: "%.4f", value) }
}
