// Round robins: every pair of a population played in one process, in parallel, with results in
// index-addressed slots so the outcome never depends on the number of jobs (rules R3-R5).

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax
import Dispatch

/// One member of the population: its checked agent (program and plan) and how to name it.
public struct TournamentAgent: Sendable {
  public var name: String
  /// Where it came from, as the user gave it (`Programs/x.bargain`, `x.bargain:Demand(70)`).
  public var source: String
  public var agent: CheckedAgent
  public init(name: String, source: String, agent: CheckedAgent) {
    self.name = name
    self.source = source
    self.agent = agent
  }
}

/// Which pairs are played: every ordered pair, or each unordered pair once with the mirror
/// filled in (only for symmetric games without plans, where the two are equal; rule R3).
public enum PairOrder: String, Sendable {
  case ordered
  case unordered
}

public struct TournamentOptions: Sendable {
  public var horizon: Int
  public var lag: Int
  /// Worker threads; 1 plays the pairs in order on the calling thread.
  public var jobs: Int
  /// Nil: unordered when the game is symmetric and no agent has a plan, else ordered.
  public var order: PairOrder?
  /// Plays pairs of modal-fragment programs without compiling them (`ModalForm`, rule R10). The
  /// results are the same; false forces the general path (the differential test compares them).
  public var modalFastPath: Bool
  public init(
    horizon: Int = ProtocolLimits.defaultHorizon, lag: Int = ProtocolLimits.defaultLag, jobs: Int = 1,
    order: PairOrder? = nil, modalFastPath: Bool = true
  ) {
    self.horizon = horizon
    self.lag = lag
    self.jobs = jobs
    self.order = order
    self.modalFastPath = modalFastPath
  }
}

/// One result of a side with chance and its probability.
public struct WeightedResult: Hashable, Sendable {
  public var result: RunResult
  public var probability: Fraction
  public init(result: RunResult, probability: Fraction) {
    self.result = result
    self.probability = probability
  }
}

/// One side of a played pair.
public struct SideOutcome: Hashable, Sendable {
  /// The program that bargained (the agent's main program or the one it committed to).
  public var program: String
  public var reason: String
  /// The settled output (after the commitment device); nil with chance.
  public var output: Output?
  /// The least n with a PA+n proof of the output; nil with chance.
  public var level: Int?
  /// Bounded searches the output depends on (0-based, rule B3).
  public var bounded: [Int]
  /// With chance: the side's results and their probabilities, in the game's order.
  public var distribution: [WeightedResult]?
  public init(
    program: String, reason: String, output: Output?, level: Int?, bounded: [Int], distribution: [WeightedResult]?
  ) {
    self.program = program
    self.reason = reason
    self.output = output
    self.level = level
    self.bounded = bounded
    self.distribution = distribution
  }
}

public enum PairKind: String, Hashable, Sendable {
  case played
  case agreement
  case disagreement
  /// A match with chance: payoffs are expected values.
  case chance
}

/// One played pair, row agent first.
public struct PairResult: Hashable, Sendable {
  public var row: Int
  public var column: Int
  public var sides: [SideOutcome]
  /// Exact payoffs, or expected payoffs with chance.
  public var payoffs: [Fraction]
  public var accuracy: Accuracy
  public var kind: PairKind
  /// Bargaining games: the probability that the demands did not fit (1 or 0 without chance).
  public var conflict: Fraction?
  /// T, the step at which both sides knew each other's single program; nil when not reached.
  public var handOver: Int?
  /// Whether some agent of the pair has a plan (then T and the reasons mean something).
  public var planned: Bool
  public var matchups: Int
  /// Filled in from the mirrored pair (unordered tournaments).
  public var mirrored: Bool

  public init(
    row: Int, column: Int, sides: [SideOutcome], payoffs: [Fraction], accuracy: Accuracy, kind: PairKind,
    conflict: Fraction?, handOver: Int?, planned: Bool, matchups: Int, mirrored: Bool
  ) {
    self.row = row
    self.column = column
    self.sides = sides
    self.payoffs = payoffs
    self.accuracy = accuracy
    self.kind = kind
    self.conflict = conflict
    self.handOver = handOver
    self.planned = planned
    self.matchups = matchups
    self.mirrored = mirrored
  }

  /// The same pair seen from the other side.
  public func mirror() -> PairResult {
    PairResult(
      row: column, column: row, sides: sides.reversed(), payoffs: payoffs.reversed(), accuracy: accuracy,
      kind: kind, conflict: conflict, handOver: handOver, planned: planned, matchups: matchups, mirrored: !mirrored)
  }
}

/// A pair whose match stopped with an error (a runtime error or a limit).
public struct PairFailure: Hashable, Sendable {
  public var row: Int
  public var column: Int
  public var diagnostics: [Diagnostic]
  public var limit: Bool
  public init(row: Int, column: Int, diagnostics: [Diagnostic], limit: Bool) {
    self.row = row
    self.column = column
    self.diagnostics = diagnostics
    self.limit = limit
  }
}

public enum PairOutcome: Hashable, Sendable {
  case played(PairResult)
  case failed(PairFailure)

  public var result: PairResult? {
    switch self {
    case .played(let result): return result
    case .failed: return nil
    }
  }
}

public struct TournamentResult: Sendable {
  public var game: Game
  public var agents: [TournamentAgentSummary]
  public var order: PairOrder
  public var horizon: Int
  public var lag: Int
  /// Row-major: `cells[row * agents.count + column]`.
  public var cells: [PairOutcome]

  public func cell(_ row: Int, _ column: Int) -> PairOutcome { cells[row * agents.count + column] }

  /// The pairs that failed, in order.
  public var failures: [PairFailure] {
    cells.compactMap {
      if case .failed(let failure) = $0 { return failure }
      return nil
    }
  }

  /// `payoffs[row][column]` = (row's payoff, column's payoff); nil when some pair failed.
  public var payoffMatrix: [[[Fraction]]]? {
    var matrix: [[[Fraction]]] = []
    for row in agents.indices {
      var line: [[Fraction]] = []
      for column in agents.indices {
        guard let result = cell(row, column).result else { return nil }
        line.append(result.payoffs)
      }
      matrix.append(line)
    }
    return matrix
  }
}

public struct TournamentAgentSummary: Hashable, Sendable {
  public var name: String
  public var source: String
  public var planned: Bool
}

/// What `Tournament.prepare` computes once per agent: its pre-bargaining when it has no plan,
/// and what the modal fast path needs when its program is in the fragment (rule R10).
public struct PreparedPopulation: Sendable {
  public var outcomes: [ProtocolOutcome?]
  var modal: [ModalAgent?] = []
  /// Matrix games with a modal agent: per action profile (row-major), its kind and payoffs.
  var kinds: [PairKind] = []
  var payoffs: [[Fraction]] = []
  var actionCount = 0
}

/// One side of a modal pair, everything the result needs, taken from its prepared outcome once.
struct ModalAgent: Sendable {
  var form: ModalForm
  var program: String
  var reason: String
  var handOver: Int?
  /// Agents whose bargaining programs are the same instance share it: they meet as one run.
  var instance: Int
}

public enum Tournament {
  /// Plays the pairs of `agents` and returns every cell. `progress(done, total)` is called from
  /// worker threads as pairs finish (never with the same `done` twice).
  public static func run(
    world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) -> TournamentResult {
    let order = self.order(world: world, agents: agents, options: options)
    let pairs = self.pairs(count: agents.count, order: order)
    let prepared = prepare(world: world, agents: agents, options: options)
    let played = playAll(
      pairs, world: world, agents: agents, options: options, progress: progress, prepared: prepared)
    var mirrors: [Int: PairOutcome] = [:]
    if order == .unordered {
      let inexact = pairs.indices.filter { pairs[$0].0 != pairs[$0].1 && !mirrorIsExact(played[$0]) }
      let replayed = playAll(
        inexact.map { (pairs[$0].1, pairs[$0].0) }, world: world, agents: agents, options: options, progress: nil,
        prepared: prepared)
      for (index, outcome) in zip(inexact, replayed) { mirrors[index] = outcome }
    }
    return assemble(world: world, agents: agents, options: options, order: order, played: played, mirrors: mirrors)
  }

  /// Whether the mirror of a played pair is exactly what playing the mirrored pair gives. Not
  /// when a side has bounded searches (their numbers follow the order in which the sides are
  /// compiled) or the pair failed (which error is found first follows that order too): such
  /// mirrors are played.
  public static func mirrorIsExact(_ outcome: PairOutcome) -> Bool {
    switch outcome {
    case .played(let result): return result.sides.allSatisfy { $0.bounded.isEmpty }
    case .failed: return false
    }
  }

  /// The order a tournament uses: the option's, else unordered for symmetric games without plans.
  public static func order(world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions) -> PairOrder {
    let planned = agents.contains { $0.agent.plan != nil }
    return options.order ?? (isSymmetric(world.game) && !planned ? .unordered : .ordered)
  }

  /// The pairs to play, in row-major order; unordered: row <= column.
  public static func pairs(count n: Int, order: PairOrder) -> [(Int, Int)] {
    var pairs: [(Int, Int)] = []
    for row in 0..<n {
      for column in (order == .unordered ? row : 0)..<n { pairs.append((row, column)) }
    }
    return pairs
  }

  /// Shard `index` of `count` (1-based): the pairs whose position in `pairs` is index − 1 modulo
  /// count, so shards interleave and slow rows spread over all of them (rule R9).
  public static func shard(_ pairs: [(Int, Int)], index: Int, count: Int) -> [(Int, Int)] {
    pairs.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
  }

  /// Plays the given pairs (of a shard) with the options' jobs.
  public static func play(
    pairs: [(Int, Int)], world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions
  ) -> [PairOutcome] {
    playAll(pairs, world: world, agents: agents, options: options, progress: nil)
  }

  /// The result from every played pair (`played[i]` belongs to `pairs(count:order:)[i]`), the
  /// mirrors filled in for unordered tournaments: derived where `mirrorIsExact`, else taken from
  /// `mirrors[i]` or played here.
  public static func assemble(
    world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions, order: PairOrder,
    played: [PairOutcome], mirrors: [Int: PairOutcome] = [:]
  ) -> TournamentResult {
    let n = agents.count
    let pairs = self.pairs(count: n, order: order)
    // Every cell is a pair or its mirror; the placeholder only stands where `played` is short.
    var cells = [PairOutcome](
      repeating: .failed(PairFailure(row: 0, column: 0, diagnostics: [], limit: false)), count: n * n)
    for (index, (row, column)) in pairs.enumerated() where played.indices.contains(index) {
      if order == .unordered, row != column {
        cells[column * n + row] =
          mirror(played[index]) ?? mirrors[index] ?? play(world: world, agents: agents, column, row, options)
      }
      cells[row * n + column] = played[index]
    }
    return TournamentResult(
      game: world.game,
      agents: agents.map { TournamentAgentSummary(name: $0.name, source: $0.source, planned: $0.agent.plan != nil) },
      order: order, horizon: options.horizon, lag: options.lag,
      cells: cells)
  }

  /// Plays every pair and hands the results to `sink` a block of rows at a time, keeping only the
  /// block in memory: a round robin of 1,000 agents (10^6 pairs) runs in memory that does not grow
  /// with the number of pairs. Every ordered pair arrives exactly once: row-major when the order
  /// is `ordered`; in unordered tournaments each block holds its rows' pairs (row ≤ column) each
  /// followed by its mirror (when row ≠ column).
  public static func stream(
    world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions,
    progress: (@Sendable (Int, Int) -> Void)? = nil, sink: ([PairOutcome]) -> Void
  ) {
    let n = agents.count
    guard n > 0 else { return }
    let order = self.order(world: world, agents: agents, options: options)
    // Enough pairs per block to keep every worker busy.
    let rowsPerBlock = max(1, 4_096 / n)
    let prepared = prepare(world: world, agents: agents, options: options)
    let total = order == .unordered ? n * (n + 1) / 2 : n * n
    var done = 0
    var start = 0
    while start < n {
      let rows = start..<min(n, start + rowsPerBlock)
      let pairs = rows.flatMap { row in ((order == .unordered ? row : 0)..<n).map { (row, $0) } }
      let offset = done
      var blockProgress: (@Sendable (Int, Int) -> Void)?
      if let progress { blockProgress = { finished, _ in progress(offset + finished, total) } }
      let played = playAll(
        pairs, world: world, agents: agents, options: options, progress: blockProgress, prepared: prepared)
      if order == .unordered {
        let inexact = pairs.indices.filter { pairs[$0].0 != pairs[$0].1 && !mirrorIsExact(played[$0]) }
        var replayed = playAll(
          inexact.map { (pairs[$0].1, pairs[$0].0) }, world: world, agents: agents, options: options, progress: nil,
          prepared: prepared
        ).makeIterator()
        var block: [PairOutcome] = []
        for (index, (row, column)) in pairs.enumerated() {
          block.append(played[index])
          guard row != column else { continue }
          if let mirrored = mirror(played[index]) {
            block.append(mirrored)
          } else if let outcome = replayed.next() {
            block.append(outcome)
          }
        }
        sink(block)
      } else {
        sink(played)
      }
      done += pairs.count
      start = rows.upperBound
    }
  }

  /// Plays every pair and hands the cells of the n × n matrix to `sink` in row-major order, a
  /// block of whole rows at a time (`sink(rows, cells)`, `cells` row-major over `rows`), keeping
  /// only the block in memory: the cells are exactly `run`'s, whatever `options.jobs`. In
  /// unordered tournaments a row's cells left of the diagonal are mirrors of pairs of earlier
  /// rows; keeping those would grow with the number of pairs, so they are played again (a pair's
  /// result is deterministic): up to n² matches instead of n(n + 1)/2. `sink` returns false to
  /// stop (the reader went away). A block holds about `pairsPerBlock` cells, at least one row.
  public static func streamRows(
    world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions, pairsPerBlock: Int = 4_096,
    progress: (@Sendable (Int, Int) -> Void)? = nil, sink: (Range<Int>, [PairOutcome]) -> Bool
  ) {
    let n = agents.count
    guard n > 0 else { return }
    let order = self.order(world: world, agents: agents, options: options)
    // The default is enough pairs per block to keep every worker busy.
    let rowsPerBlock = max(1, pairsPerBlock / n)
    let prepared = prepare(world: world, agents: agents, options: options)
    let total = n * n
    var start = 0
    while start < n {
      let rows = start..<min(n, start + rowsPerBlock)
      // Left of the diagonal in unordered tournaments: the mirror pair, mirrored below.
      let pairs = rows.flatMap { row in
        (0..<n).map { column in order == .unordered && column < row ? (column, row) : (row, column) }
      }
      let offset = start * n
      var blockProgress: (@Sendable (Int, Int) -> Void)?
      if let progress { blockProgress = { finished, _ in progress(offset + finished, total) } }
      var cells = playAll(
        pairs, world: world, agents: agents, options: options, progress: blockProgress, prepared: prepared)
      if order == .unordered {
        var inexact: [Int] = []
        for index in cells.indices {
          let (row, column) = (rows.lowerBound + index / n, index % n)
          guard column < row else { continue }
          if let mirrored = mirror(cells[index]) { cells[index] = mirrored } else { inexact.append(index) }
        }
        let replayed = playAll(
          inexact.map { (rows.lowerBound + $0 / n, $0 % n) }, world: world, agents: agents, options: options,
          progress: nil, prepared: prepared)
        for (index, outcome) in zip(inexact, replayed) { cells[index] = outcome }
      }
      guard sink(rows, cells) else { return }
      start = rows.upperBound
    }
  }

  /// The mirrored pair's outcome when it can be derived exactly (`mirrorIsExact`), else nil.
  static func mirror(_ outcome: PairOutcome) -> PairOutcome? {
    guard mirrorIsExact(outcome), case .played(let result) = outcome else { return nil }
    return .played(result.mirror())
  }

  /// Plays `pairs` with `options.jobs` workers; result i belongs to pair i whatever the schedule.
  static func playAll(
    _ pairs: [(Int, Int)], world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions,
    progress: (@Sendable (Int, Int) -> Void)?, prepared: PreparedPopulation? = nil
  ) -> [PairOutcome] {
    guard !pairs.isEmpty else { return [] }
    let prepared = prepared ?? prepare(world: world, agents: agents, options: options)
    let jobs = max(1, min(options.jobs, pairs.count))
    if jobs == 1 {
      var results: [PairOutcome] = []
      results.reserveCapacity(pairs.count)
      for (row, column) in pairs {
        results.append(play(world: world, agents: agents, row, column, options, prepared: prepared))
        progress?(results.count, pairs.count)
      }
      return results
    }
    let slots = ResultSlots(count: pairs.count)
    // Small chunks from a shared counter balance slow pairs across workers.
    let chunk = max(1, min(64, pairs.count / (jobs * 16)))
    DispatchQueue.concurrentPerform(iterations: jobs) { _ in
      while let range = slots.claim(chunk) {
        var local: [PairOutcome] = []
        for index in range {
          let (row, column) = pairs[index]
          local.append(play(world: world, agents: agents, row, column, options, prepared: prepared))
        }
        let done = slots.store(local, at: range.lowerBound)
        progress?(done, pairs.count)
      }
    }
    return slots.results()
  }

  /// Per agent without a plan, its pre-bargaining against itself: such an agent commits to its
  /// main program at t = 0 whoever the opponent is (rule P9), so its program, reason, allowed
  /// outputs and T are the same in every pair of planless agents, and computing them once per
  /// agent instead of once per pair changes no result. Nil for agents with plans (and if the
  /// protocol fails: such pairs then take the full path and report the failure). Only outcomes in
  /// which each side received the other's single program (rule P6) and the lag is the common one
  /// are kept: what a side knows then is exactly the other's program, whoever it is. A program
  /// that reads situation facts (rule P10) reads the opponent's commitments, so its agent keeps
  /// the full path.
  static func prepare(world: CheckedWorld, agents: [TournamentAgent], options: TournamentOptions) -> PreparedPopulation
  {
    let outcomes = agents.map { agent -> ProtocolOutcome? in
      guard agent.agent.plan == nil, agent.agent.lag == nil,
        let outcome = try? PreBargaining.run(
          world: world, agents: [agent.agent, agent.agent], horizon: options.horizon, lag: options.lag),
        outcome.handOver != nil, outcome.programs.allSatisfy({ $0.situation.isEmpty }),
        zip(outcome.opponents, outcome.programs.reversed()).allSatisfy({ $0 == $1 })
      else { return nil }
      return outcome
    }
    var prepared = PreparedPopulation(outcomes: outcomes)
    guard case .matrix(let game) = world.game.kind else { return prepared }
    // Rule R10: a prepared agent whose program is in the modal fragment, paying no costs and
    // changing no payoffs, is played by `ModalForm`.
    var instances: [ProgramInstance: Int] = [:]
    prepared.modal = outcomes.map { outcome -> ModalAgent? in
      guard let outcome, outcome.costs.allSatisfy({ $0 == Rational(0) }),
        outcome.payoffChanges(in: world.game).isEmpty, let program = outcome.programs.first,
        let form = ModalForm.recognize(program, in: world)
      else { return nil }
      let instance = instances[program] ?? instances.count
      instances[program] = instance
      return ModalAgent(
        form: form, program: world.describe(program), reason: outcome.programReasons.first ?? "",
        handOver: outcome.handOver, instance: instance)
    }
    guard !instances.isEmpty else { return prepared }
    // Every action profile settled once rather than once per pair.
    prepared.actionCount = game.actions.count
    for row in game.actions.indices {
      for column in game.actions.indices {
        guard let settlement = Settle.settle(world.game, row: .action(row), column: .action(column)) else {
          prepared.modal = []
          return prepared
        }
        prepared.kinds.append(kind(of: settlement))
        prepared.payoffs.append([fraction(settlement.payoffs.row), fraction(settlement.payoffs.column)])
      }
    }
    return prepared
  }

  /// A pair of modal-fragment agents played by stepping the Kripke worlds (rule R10): exactly the
  /// result the general path gives. Nil when either agent is outside the fragment.
  static func playModal(_ row: Int, _ column: Int, prepared: PreparedPopulation) -> PairResult? {
    guard prepared.modal.indices.contains(row), prepared.modal.indices.contains(column),
      let rowAgent = prepared.modal[row], let columnAgent = prepared.modal[column],
      let solution = ModalForm.solve(rowAgent.form, columnAgent.form),
      solution.rowAction < prepared.actionCount, solution.columnAction < prepared.actionCount
    else { return nil }
    let profile = solution.rowAction * prepared.actionCount + solution.columnAction
    let sides = [
      SideOutcome(
        program: rowAgent.program, reason: rowAgent.reason, output: .action(solution.rowAction),
        level: solution.rowLevel, bounded: [], distribution: nil),
      SideOutcome(
        program: columnAgent.program, reason: columnAgent.reason, output: .action(solution.columnAction),
        level: solution.columnLevel, bounded: [], distribution: nil),
    ]
    // One run when both sides are the same program instance (as the general compiler counts).
    return PairResult(
      row: row, column: column, sides: sides, payoffs: prepared.payoffs[profile], accuracy: .exact,
      kind: prepared.kinds[profile], conflict: nil, handOver: rowAgent.handOver, planned: false,
      matchups: rowAgent.instance == columnAgent.instance ? 1 : 2, mirrored: false)
  }

  /// One pair: pre-bargaining (plans, T), then the match on the programs that bargain.
  public static func play(
    world: CheckedWorld, agents: [TournamentAgent], _ row: Int, _ column: Int, _ options: TournamentOptions,
    prepared: PreparedPopulation? = nil
  ) -> PairOutcome {
    let planned = agents[row].agent.plan != nil || agents[column].agent.plan != nil
    if options.modalFastPath, let prepared, let result = playModal(row, column, prepared: prepared) {
      return .played(result)
    }
    let outcomes = prepared?.outcomes ?? []
    do {
      let outcome: ProtocolOutcome
      if outcomes.indices.contains(row), outcomes.indices.contains(column), var rowSide = outcomes[row],
        let columnSide = outcomes[column]
      {
        rowSide.programs = [rowSide.programs[0], columnSide.programs[0]]
        rowSide.programReasons = [rowSide.programReasons[0], columnSide.programReasons[0]]
        rowSide.allowed = [rowSide.allowed[0], columnSide.allowed[0]]
        rowSide.commitments = [rowSide.commitments[0], columnSide.commitments[0]]
        rowSide.labels = [rowSide.labels[0], columnSide.labels[0]]
        rowSide.costs = [rowSide.costs[0], columnSide.costs[0]]
        // Each side received the other's single program (`prepare` keeps only such outcomes).
        rowSide.opponents = [columnSide.programs[0], rowSide.programs[0]]
        outcome = rowSide
      } else {
        // Randomized plans (rule P16) branch; without draws there is one branch.
        let branches = try PreBargaining.explore(
          world: world, agents: [agents[row].agent, agents[column].agent], horizon: options.horizon, lag: options.lag)
        if branches.count > 1 {
          let match = try Match.play(world: world, branches: branches)
          return .played(summarize(match, world: world, row: row, column: column))
        }
        if let only = branches.first {
          outcome = only.outcome
        } else {
          outcome = try PreBargaining.run(
            world: world, agents: [agents[row].agent, agents[column].agent], horizon: options.horizon,
            lag: options.lag)
        }
      }
      let report = try Match.play(world: world, after: outcome)
      return .played(summarize(report, outcome, world: world, row: row, column: column, planned: planned))
    } catch {
      return .failed(PairFailure(row: row, column: column, diagnostics: error.diagnostics, limit: error.limitReached))
    }
  }

  static func summarize(
    _ report: MatchReport, _ outcome: ProtocolOutcome, world: CheckedWorld, row: Int, column: Int, planned: Bool
  ) -> PairResult {
    var sides: [SideOutcome] = []
    for index in 0..<2 {
      let side = report.sides[index]
      sides.append(
        SideOutcome(
          program: world.describe(outcome.programs[index]), reason: outcome.programReasons[index],
          output: report.chance == nil ? report.finalOutputs[index] : nil,
          level: report.chance == nil ? side.level : nil, bounded: side.bounded,
          distribution: report.chance.map { distribution($0, side: index, game: world.game) }))
    }
    let bargaining: Bool = {
      if case .bargaining = world.game.kind { return true }
      return false
    }()
    if let chance = report.chance {
      var conflict = Fraction.zero
      for profile in chance.profiles {
        switch profile.settlement {
        case .agreement, .played: break
        case .disagreement, nil: conflict += profile.probability
        }
      }
      return PairResult(
        row: row, column: column, sides: sides, payoffs: chance.expectedPayoffs,
        accuracy: chance.expectedPayoffsAccuracy, kind: .chance, conflict: bargaining ? conflict : nil,
        handOver: outcome.handOver, planned: planned, matchups: report.matchupCount, mirrored: false)
    }
    let payoffs = report.settlement?.payoffs ?? PayoffProfile(row: Rational(0), column: Rational(0))
    let kind = report.settlement.map(kind(of:)) ?? .disagreement
    return PairResult(
      row: row, column: column, sides: sides, payoffs: [fraction(payoffs.row), fraction(payoffs.column)],
      accuracy: .exact, kind: kind, conflict: bargaining ? (kind == .disagreement ? .one : .zero) : nil,
      handOver: outcome.handOver, planned: planned, matchups: report.matchupCount, mirrored: false)
  }

  static func kind(of settlement: Settlement) -> PairKind {
    switch settlement {
    case .played: return .played
    case .agreement: return .agreement
    case .disagreement: return .disagreement
    }
  }

  /// A side's results with chance, after enforcement (equal results merged), in the game's order,
  /// then timeout, then never ends.
  static func distribution(_ chance: ChanceReport, side: Int, game: Game) -> [WeightedResult] {
    guard chance.outcome.sides.indices.contains(side), chance.results.indices.contains(side) else { return [] }
    let probabilities = chance.outcome.sides[side].distribution
    var results: [WeightedResult] = []
    for (index, probability) in probabilities.enumerated() where !probability.isZero {
      guard chance.results[side].indices.contains(index) else { continue }
      let result = chance.results[side][index]
      if let earlier = results.firstIndex(where: { $0.result == result }) {
        results[earlier].probability += probability
      } else {
        results.append(WeightedResult(result: result, probability: probability))
      }
    }
    let never = chance.outcome.sides[side].nonTermination
    if !never.isZero { results.append(WeightedResult(result: .neverEnds, probability: never)) }
    return results
  }

  public static func fraction(_ value: Rational) -> Fraction {
    Fraction(value.numerator, value.denominator) ?? .zero
  }

  /// Whether swapping the players leaves the game unchanged: payoff(a, b) mirrors payoff(b, a).
  public static func isSymmetric(_ game: Game) -> Bool {
    if let never = game.neverEnds, never.row != never.column { return false }
    switch game.kind {
    case .matrix(let matrix):
      for a in matrix.payoffs.indices {
        for b in matrix.payoffs[a].indices {
          guard matrix.payoffs.indices.contains(b), matrix.payoffs[b].indices.contains(a) else { return false }
          let here = matrix.payoffs[a][b]
          let there = matrix.payoffs[b][a]
          if here.row != there.column || here.column != there.row { return false }
        }
      }
      return true
    case .bargaining(let bargaining):
      let table = bargaining.disagreement
      for a in table.indices {
        for b in table[a].indices {
          guard table.indices.contains(b), table[b].indices.contains(a) else { return false }
          if table[a][b].row != table[b][a].column || table[a][b].column != table[b][a].row { return false }
        }
      }
      return true
    }
  }
}

/// Result slots shared by the workers: a counter hands out index ranges, each range is written
/// once. The lock makes the writes and the count visible to the thread that reads the results.
final class ResultSlots: @unchecked Sendable {
  private var items: [PairOutcome?]
  private var next = 0
  private var done = 0
  private let lock = DispatchSemaphore(value: 1)

  init(count: Int) { items = [PairOutcome?](repeating: nil, count: count) }

  func claim(_ size: Int) -> Range<Int>? {
    lock.wait()
    defer { lock.signal() }
    guard next < items.count else { return nil }
    let range = next..<min(items.count, next + size)
    next = range.upperBound
    return range
  }

  /// Stores a finished range; returns how many pairs are done.
  func store(_ results: [PairOutcome], at start: Int) -> Int {
    lock.wait()
    defer { lock.signal() }
    for (offset, result) in results.enumerated() { items[start + offset] = result }
    done += results.count
    return done
  }

  func results() -> [PairOutcome] {
    lock.wait()
    defer { lock.signal() }
    return items.map { $0 ?? .failed(PairFailure(row: 0, column: 0, diagnostics: [], limit: false)) }
  }
}
