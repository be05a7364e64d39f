// `bargain bench` round robins of random modal agents of depth 2, played by the tournament
// engine (BargainTournament) as `bargain tournament` plays them: pairings per second and
// microseconds per pairing, so the figures are checked each time.

import BargainProtocol
import BargainSemantics
import BargainSyntax
import BargainTournament
import Foundation

enum TournamentBench {
  /// A random modal agent: cooperate iff a boolean combination of `provable(φ)` holds, where φ
  /// combines `them(me) == C` and `provable(ψ)`, ψ a combination of `them(me) == C` (modal depth 2,
  /// as modal combat's random agents). Atoms only occur under `provable`, so no run is unguarded.
  static func randomModalProgram(_ index: Int, _ generator: inout SeededGenerator) -> String {
    func pick(_ count: Int) -> Int { Int(generator.next() % UInt64(count)) }
    func combine(_ leaf: () -> String) -> String {
      switch pick(4) {
      case 0: return leaf()
      case 1: return "not " + leaf()
      case 2: return "(" + leaf() + " and " + leaf() + ")"
      default: return "(" + leaf() + " or " + leaf() + ")"
      }
    }
    func atom() -> String { pick(2) == 0 ? "them(me) == C" : "them(me) == D" }
    func depth1() -> String { "provable(" + combine(atom) + ")" }
    func inner() -> String { pick(2) == 0 ? atom() : depth1() }
    func depth2() -> String { "provable(" + combine(inner) + ")" }
    return "program R\(index) { if \(combine(depth2)) { play C } else { play D } }"
  }

  static func population(size: Int, seed: UInt64) -> String {
    var generator = SeededGenerator(seed: seed)
    return "game PrisonersDilemma\n"
      + (0..<size).map { randomModalProgram($0, &generator) }.joined(separator: "\n") + "\n"
  }

  /// Checks a generated population once, then times the round robin in-process.
  static func roundRobin(size: Int, jobs: Int) -> Result<String, CLI.CommandResultError> {
    let text = population(size: size, seed: 1)
    var loaded = LoadedProgramSet()
    let file = loaded.add(path: "<bench random modal>", text: text)
    let range = SourceRange(file: file, start: 0, end: 0)
    let requests = (0..<size).map { AgentRequest(file: file, selection: Expr(.name("R\($0)"), range: range)) }
    let checked = Checker.check(units: loaded.units, prelude: loaded.prelude, agents: requests)
    guard let world = checked.world, !checked.hasErrors, checked.agentPlans.count == size else {
      return .failure(
        CLI.CommandResultError(
          CLI.failure(
            DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics + checked.diagnostics),
            ExitCode.programError)))
    }
    let agents = checked.agentPlans.enumerated().map {
      TournamentAgent(name: "R\($0.offset)", source: "-", agent: $0.element)
    }
    let clock = ContinuousClock()
    var pairings = 0
    var failed = 0
    var cooperation = 0
    // Streamed: counted block by block, never all held at once.
    let elapsed = clock.measure {
      Tournament.stream(world: world, agents: agents, options: TournamentOptions(jobs: jobs, order: .ordered)) {
        block in
        pairings += block.count
        for cell in block {
          guard let played = cell.result else {
            failed += 1
            continue
          }
          if played.sides.allSatisfy({ $0.output == .action(0) }) { cooperation += 1 }
        }
      }
    }
    let seconds = Bench.seconds(elapsed)
    let rate = seconds > 0 ? Double(pairings) / seconds : 0
    let perPairing = pairings > 0 ? seconds / Double(pairings) * 1e6 * Double(jobs) : 0
    return .success(
      "random modal round robin: \(size) agents of depth 2, \(pairings) pairings (\(cooperation) mutual cooperation, \(failed) failed) on \(jobs) thread\(jobs == 1 ? "" : "s") in \(Bench.format(seconds)) s: \(Int(rate)) pairings/second, \(Bench.format(perPairing)) µs/pairing per thread\n"
    )
  }
}
