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

  /// Checks a generated population (programs R0, R1, ...) once.
  static func checkedPopulation(_ text: String, size: Int) -> Result<
    (CheckedWorld, [TournamentAgent]), CLI.CommandResultError
  > {
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
    return .success((world, agents))
  }

  static let streamFrom = 500

  /// Times the round robin of a generated population in-process (checked once, not timed).
  static func roundRobin(size: Int, jobs: Int, modalFastPath: Bool = true) -> Result<String, CLI.CommandResultError> {
    let world: CheckedWorld
    let agents: [TournamentAgent]
    switch checkedPopulation(population(size: size, seed: 1), size: size) {
    case .success(let checked): (world, agents) = checked
    case .failure(let error): return .failure(error)
    }
    let clock = ContinuousClock()
    var pairings = 0
    var failed = 0
    var cooperation = 0
    func count(_ block: [PairOutcome]) {
      pairings += block.count
      for cell in block {
        guard let played = cell.result else {
          failed += 1
          continue
        }
        if played.sides.allSatisfy({ $0.output == .action(0) }) { cooperation += 1 }
      }
    }
    // Up to `streamFrom` agents the whole matrix is kept; larger ones are streamed in constant
    // memory. Either way the game is symmetric, so each unordered pair is solved once.
    let streamed = size >= streamFrom
    let options = TournamentOptions(jobs: jobs, modalFastPath: modalFastPath)
    let cpuBefore = cpuSeconds()
    let elapsed = clock.measure {
      if streamed {
        Tournament.stream(world: world, agents: agents, options: options) { count($0) }
      } else {
        count(Tournament.run(world: world, agents: agents, options: options).cells)
      }
    }
    let cpu = cpuSeconds() - cpuBefore
    let seconds = Bench.seconds(elapsed)
    let rate = seconds > 0 ? Double(pairings) / seconds : 0
    let perPairing = pairings > 0 ? cpu / Double(pairings) * 1e6 : 0
    return .success(
      "random modal round robin: \(size) agents of depth 2, \(pairings) pairings (\(cooperation) mutual cooperation, \(failed) failed)\(streamed ? ", streamed" : "")\(modalFastPath ? "" : ", general path (no modal fast path)"), mirrored pairs solved once on \(jobs) thread\(jobs == 1 ? "" : "s"): \(Bench.format(seconds)) s wall, \(Bench.format(cpu)) s CPU, \(Int(rate)) pairings/second, \(Bench.format(perPairing)) µs CPU/pairing\n"
    )
  }

  /// CPU time of the process so far (user + system): on a shared machine the wall clock says more
  /// about the neighbours than about us.
  #if canImport(Glibc)
    static let selfUsage = __rusage_who_t(RUSAGE_SELF.rawValue)
  #else
    static let selfUsage = RUSAGE_SELF
  #endif

  static func cpuSeconds() -> Double {
    var usage = rusage()
    guard getrusage(selfUsage, &usage) == 0 else { return 0 }
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
  }
}
