// Compiles a match into equations over every run the programs reach. Each run (a matchup, and for
// simulations the fuel left) is compiled once by symbolic execution: ordinary values are computed;
// `provable[k](φ)` becomes a box around φ's formula; a play `X(Y)` outside any box splits the path
// per possible result of that run; `with probability p` splits it into weighted paths; and
// `simulate` draws a fresh result of the simulated run.
//
// Deterministic matches (no chance anywhere) become the modal system "run outputs o <-> formula".
// Matches with chance keep the paths: the distribution solver turns them into polynomial equations.
//
// Whether a match has chance, and whether it needs failure results, is found by compiling it:
// `compileMatch` starts deterministic and without failures and compiles again in the mode the
// runs it reached need (rules 16 and 18), so unreached declarations change nothing.

import BargainLogic
import BargainSemantics
import BargainSyntax

/// One run the match needs: a matchup with the simulation fuel left (nil: unbounded), or the
/// answer of a bounded proof search (an oracle atom).
public enum RunKey: Hashable, Sendable {
  case run(Matchup, fuel: Int?)
  case oracle(Int)
}

/// A draw of one result from another run.
public struct Draw: Hashable, Sendable {
  public var state: Int
  public var result: Int
  /// `simulate` (counts as a nested simulation) rather than an unguarded play.
  public var isSimulation: Bool
}

/// One execution path of a run: taken when `condition` holds at the current Kripke world, with
/// probability `weights` product times the probabilities of its draws' results.
public struct CompiledPath: Sendable {
  public var condition: FormulaID
  public var weights: [Rational]
  public var draws: [Draw]
  public var result: Int
  /// The branches this path took, in order (for explanations).
  public var trail: [BranchStep]
  /// Why the path fails, when it ends in the failure result instead of an output.
  public var failure: PathFailure? = nil
}

/// One branch decision on a path: the condition (or random choice) at `range`, taken or not.
public struct BranchStep: Hashable, Sendable {
  public var range: SourceRange
  public var taken: Bool
  /// True for `with probability`.
  public var isRandom: Bool
}

/// A fact a run's decision depended on, recorded where the program asks it (outside any box).
public struct Fact: Sendable {
  public enum Kind: Sendable {
    case provable(level: Int)
    case bounded(query: Int)
    /// Source equality or `unconditional`: decided on text, `value` holds the answer.
    case source(value: Bool)
  }
  public var range: SourceRange
  public var kind: Kind
  /// The formula whose truth the fact is (nil for source facts).
  public var formula: FormulaID?
}

/// A `provable within N (φ)` query.
public struct BoundedQuery: Sendable {
  public var state: Int
  /// The run that asks (-1 for a statement given to `bargain prove`).
  public var asker: Int
  /// The formula searched: φ, or with a level k > 0, ¬□^k⊥ → φ (rule B9).
  public var statement: FormulaID
  public var budget: Int
  /// k of `provable[k] within`: the search is in PA+k (0: PA).
  public var level: Int = 0
  public var range: SourceRange
}

/// The equations of one match.
public struct MatchupSystem: Sendable {
  public var world: CheckedWorld
  public var arena = FormulaArena()
  public var keys: [RunKey] = []
  public var index: [RunKey: Int] = [:]
  /// Deterministic matches: `definitions[atom]` with atom = state * resultCount + result.
  public var definitions: [FormulaID] = []
  /// Matches with chance: each run's paths.
  public var paths: [[CompiledPath]] = []
  /// Unguarded references of each run (target run, where), for cycle reports.
  public var unguarded: [[(target: Int, range: SourceRange)]] = []
  public var queries: [BoundedQuery] = []
  /// Facts each run's program asked about (outside boxes), in the order it asked them.
  public var facts: [[Fact]] = []
  public let outputs: [Output]
  /// Whether the match has chance: a run it reaches evaluates `with probability`, `simulate` or
  /// `timeout` (rule 16). Set by `MatchupCompiler.compileMatch`.
  public let hasChance: Bool
  /// Whether runs have a failure result (some path of a reached run has a runtime error).
  public let tracksFailures: Bool
  /// Set while compiling without chance when a reached run evaluates a chance construct.
  public var needsChance = false
  /// The first chance construct a reached run evaluates (for diagnostics such as `prove`'s).
  public var chanceSite: SourceRange?
  /// Set when some path has a runtime error (tracked or not).
  public var sawFailure = false
  /// Failing cases of a statement compiled by `compileStatement`.
  public var statementFailures: [FailureCase] = []
  /// Expression cases the last compilation evaluated (`maxEvaluationSteps`), and formulas of
  /// the closures its bounded searches covered (`maxSearchWork`), for callers that bound the work
  /// of many matches (`bargain threshold`).
  public var evaluationSteps = 0
  public var searchWork = 0

  init(world: CheckedWorld, hasChance: Bool = false, tracksFailures: Bool = false) {
    self.init(world: world, outputs: world.game.outputs, hasChance: hasChance, tracksFailures: tracksFailures)
  }

  /// An empty system sharing what `init(world:)` derived.
  init(world: CheckedWorld, outputs: [Output], hasChance: Bool, tracksFailures: Bool) {
    self.world = world
    self.outputs = outputs
    self.hasChance = hasChance
    self.tracksFailures = tracksFailures
  }

  /// Results of a run: the game's outputs, plus `timeout` in matches with chance, plus the
  /// failure result when failures are tracked.
  public var resultCount: Int { reportedResultCount + (tracksFailures ? 1 : 0) }
  /// The results reports show: outputs and `timeout` (a reached failure is an error instead).
  public var reportedResultCount: Int { outputs.count + (hasChance ? 1 : 0) }
  public var timeoutResult: Int { outputs.count }
  /// Meaningful when `tracksFailures`.
  public var failureResult: Int { reportedResultCount }

  public func atom(state: Int, result: Int) -> Int { state * resultCount + result }

  public func describe(_ key: RunKey) -> String {
    switch key {
    case .run(let matchup, let fuel):
      return world.describe(matchup) + (fuel.map { " (fuel \($0))" } ?? "")
    case .oracle(let number):
      guard queries.indices.contains(number), keys.indices.contains(queries[number].asker) else {
        return "bounded query \(number + 1)"
      }
      let query = queries[number]
      let theory = query.level == 0 ? "" : " in PA+\(query.level)"
      return "the search of \(describe(keys[query.asker]))\(theory) within \(query.budget) steps"
    }
  }
}

/// One execution path while compiling: its condition, the results it assumed for unguarded plays,
/// its probability factors, its draws, and its `let` values.
struct Path {
  var condition: FormulaID
  var assumptions: Assumptions
  var weights: [Rational]
  var draws: [Draw]
  var locals: [Value?]
  /// The last step of this path's trail in the execution's `TrailTree` (-1: none yet). An index,
  /// not an array: a path that passes k branches would otherwise copy its trail k times.
  var trail = -1
  /// Extra condition under which this point is evaluated (the left operand of a short-circuit
  /// `and`/`or`); it restricts where errors and references count, not the path's value.
  var reach: FormulaID?
}

/// The result a path assumed for each run it played (keyed by run index). A path plays few runs,
/// so a short list, searched linearly, replaces a hash table per branch; past `listLimit` entries
/// it becomes a dictionary, so a path that plays many runs stays linear.
struct Assumptions: ExpressibleByDictionaryLiteral {
  private var list: [(run: Int, result: Int)] = []
  private var table: [Int: Int]?
  private static let listLimit = 8

  init(dictionaryLiteral elements: (Int, Int)...) {
    for (run, result) in elements { self[run] = result }
  }

  subscript(run: Int) -> Int? {
    get {
      if let table { return table[run] }
      for entry in list where entry.run == run { return entry.result }
      return nil
    }
    set {
      if table != nil {
        table?[run] = newValue
        return
      }
      if let index = list.firstIndex(where: { $0.run == run }) {
        if let newValue { list[index].result = newValue } else { list.remove(at: index) }
        return
      }
      guard let newValue else { return }
      if list.count < Self.listLimit {
        list.append((run, newValue))
        return
      }
      var grown = Dictionary(uniqueKeysWithValues: list.map { ($0.run, $0.result) })
      grown[run] = newValue
      table = grown
      list = []
    }
  }
}

/// The branch steps of every path of one execution, each pointing at the step before it, so a
/// step is added in constant time and paths that share a prefix share its steps.
struct TrailTree {
  private var steps: [(step: BranchStep, previous: Int)] = []

  mutating func extend(_ trail: Int, with step: BranchStep) -> Int {
    steps.append((step, trail))
    return steps.count - 1
  }

  /// The steps of `trail`, first to last.
  func steps(of trail: Int) -> [BranchStep] {
    var result: [BranchStep] = []
    var current = trail
    while steps.indices.contains(current) {
      result.append(steps[current].step)
      current = steps[current].previous
    }
    return result.reversed()
  }
}

/// What made each run new, so `maxMatchups` can point at the construct that keeps adding runs
/// rather than at whichever reference happens to add the last one.
struct RunOrigins {
  /// Per run: the program expression that built a new opponent or player, or the `simulate`
  /// whose fuel the run counts down (nil for the match's own runs).
  var origins: [SourceRange?] = []
  var seenInstances: Set<ProgramInstance> = []
  /// Where each program instance with arguments was first built.
  var built: [ProgramInstance: SourceRange] = [:]

  /// The origin shared by the most runs (the earliest such on ties).
  func mostCommon(including extra: SourceRange?) -> SourceRange? {
    var counts: [SourceRange: (count: Int, first: Int)] = [:]
    for (index, origin) in (origins + [extra]).enumerated() {
      guard let origin else { continue }
      let known = counts[origin] ?? (0, index)
      counts[origin] = (known.count + 1, known.first)
    }
    let best = counts.max { a, b in
      a.value.count != b.value.count ? a.value.count < b.value.count : a.value.first > b.value.first
    }
    return best?.key
  }
}

public struct MatchupCompiler {
  public fileprivate(set) var system: MatchupSystem
  private var pending: [Int] = []
  fileprivate var growth = RunOrigins()
  /// Expression cases evaluated so far, over every run (`maxEvaluationSteps`).
  fileprivate var steps = 0
  /// Protocol rule P6: a side that does not know the other's program bargains in its own run
  /// against what it knows; "side vs other" anywhere means that run (what it will really do).
  var aliases: [Matchup: Matchup] = [:]
  /// Whether `X(Y) == v` inside a box may skip the split (`playComparison`). The formulas mean
  /// the same, but their shapes differ, and a bounded search's least proof size (rule B2) depends
  /// on the shape: only `compileMatch` turns it on, and compiles again without it when the
  /// system has bounded queries.
  var comparesWithoutSplit = false

  public init(world: CheckedWorld, hasChance: Bool = false, tracksFailures: Bool = false) {
    system = MatchupSystem(world: world, hasChance: hasChance, tracksFailures: tracksFailures)
  }

  /// Compiles the runs `roots` reach, in the mode they need: first deterministic and without
  /// failure results; again with chance when a reached run evaluates a chance construct, and
  /// with failure results when a path has a runtime error. Returns the system and the roots' runs.
  public static func compileMatch(
    _ roots: [Matchup], in world: CheckedWorld, aliases: [Matchup: Matchup] = [:]
  ) throws(RuntimeFailure) -> (system: MatchupSystem, states: [Int]) {
    var hasChance = false
    var tracksFailures = false
    var comparesWithoutSplit = true
    while true {
      var compiler = MatchupCompiler(world: world, hasChance: hasChance, tracksFailures: tracksFailures)
      compiler.aliases = aliases
      compiler.comparesWithoutSplit = comparesWithoutSplit
      var states: [Int] = []
      do {
        for root in roots { states.append(try compiler.require(root)) }
      } catch {
        // A limit hit while compiling in the wrong mode says nothing about the right one.
        guard (compiler.system.needsChance && !hasChance) || (comparesWithoutSplit && !compiler.system.queries.isEmpty)
        else { throw error }
      }
      if compiler.system.needsChance && !hasChance {
        hasChance = true
        tracksFailures = tracksFailures || compiler.system.sawFailure
        continue
      }
      if compiler.system.sawFailure && !tracksFailures {
        tracksFailures = true
        continue
      }
      if comparesWithoutSplit && !compiler.system.queries.isEmpty {
        comparesWithoutSplit = false
        continue
      }
      var system = compiler.system
      system.evaluationSteps = compiler.steps
      return (system, states)
    }
  }

  /// Registers a matchup (unbounded fuel) and everything it reaches; returns its run index.
  public mutating func require(_ matchup: Matchup) throws(RuntimeFailure) -> Int {
    let index = try register(.run(matchup, fuel: nil), at: nil)
    while let next = pending.popLast() { try compile(next) }
    return index
  }

  /// Registers a run reached at `range`; `origin` is the construct it derives from (see
  /// `RunOrigins`), replaced by where a new program instance of the matchup was built.
  fileprivate mutating func register(
    _ requested: RunKey, at range: SourceRange?, origin: SourceRange? = nil
  ) throws(RuntimeFailure) -> Int {
    var key = requested
    // Most matches have no aliases: skip hashing the matchup for them.
    if !aliases.isEmpty, case .run(let matchup, let fuel) = requested, let alias = aliases[matchup] {
      key = .run(alias, fuel: fuel)
    }
    if let known = system.index[key] { return known }
    var source = origin ?? range
    // Only instances with arguments are ever `built`; skipping the others keeps hashing out of
    // the common case.
    if case .run(let matchup, _) = key {
      for instance in [matchup.opponent, matchup.player]
      where !instance.arguments.isEmpty && !growth.seenInstances.contains(instance) {
        if let built = growth.built[instance] { source = built }
      }
    }
    guard system.keys.count < RuntimeLimits.maxMatchups else {
      throw RuntimeFailure(
        .limit(name: "maxMatchups", limit: RuntimeLimits.maxMatchups, what: "too many distinct matchups"),
        at: growth.mostCommon(including: source) ?? range)
    }
    if case .run(let matchup, _) = key {
      if !matchup.player.arguments.isEmpty { growth.seenInstances.insert(matchup.player) }
      if !matchup.opponent.arguments.isEmpty { growth.seenInstances.insert(matchup.opponent) }
    }
    growth.origins.append(source)
    let index = system.keys.count
    system.keys.append(key)
    system.index[key] = index
    system.unguarded.append([])
    system.paths.append([])
    system.facts.append([])
    let falseFormula = system.arena.constant(false)
    system.definitions += Array(repeating: falseFormula, count: system.resultCount)
    if case .run = key { pending.append(index) }
    return index
  }

  private mutating func compile(_ state: Int) throws(RuntimeFailure) {
    guard case .run(let matchup, let fuel) = system.keys[state],
      let program = system.world.program(matchup.player.program),
      system.hasChance || !system.needsChance
    else { return }
    var run = Execution(compiler: self, state: state, matchup: matchup, fuel: fuel)
    // Drop our references so the execution's copy is unique and grows in place (no CoW copies).
    system = MatchupSystem(
      world: system.world, outputs: system.outputs, hasChance: system.hasChance,
      tracksFailures: system.tracksFailures)
    pending = []
    growth = RunOrigins()
    let start = Path(
      condition: run.arena.constant(true), assumptions: [:], weights: [], draws: [],
      locals: Array(repeating: nil, count: program.localCount))
    let results: [(Path, Int)]
    do {
      results = try run.execute(program.body, start)
    } catch {
      self = (consume run).compiler
      throw error
    }
    let failed = run.failed
    // `consume` ends the execution's hold on the arrays, so the writes below do not copy them.
    let trails = run.trails
    self = (consume run).compiler
    // A committed program is bound inside the system (rule P8), so whoever reasons about it
    // reasons about the bound program.
    let binding = matchup.player.binding
    let game = system.world.game
    system.paths[state] = results.map { path, result in
      CompiledPath(
        condition: path.condition, weights: path.weights, draws: path.draws,
        result: binding.map { $0.result(result, in: game) } ?? result, trail: trails.steps(of: path.trail))
    }
    if system.tracksFailures {
      for (condition, path, failure) in failed {
        system.paths[state].append(
          CompiledPath(
            condition: condition, weights: path.weights, draws: path.draws, result: system.failureResult,
            trail: trails.steps(of: path.trail), failure: failure))
      }
    }
    if !system.hasChance {
      var byResult: [[FormulaID]] = Array(repeating: [], count: system.resultCount)
      for path in system.paths[state] where byResult.indices.contains(path.result) {
        byResult[path.result].append(path.condition)
      }
      for (result, conditions) in byResult.enumerated() {
        system.definitions[system.atom(state: state, result: result)] = system.arena.or(conditions)
      }
    }
    guard system.arena.count + system.arena.links <= RuntimeLimits.maxFormulaNodes else {
      throw RuntimeFailure(
        .limit(name: "maxFormulaNodes", limit: RuntimeLimits.maxFormulaNodes, what: "the formulas grew too large"),
        at: program.range)
    }
  }

  /// Compiles a closed statement (`FairBot(FairBot) == C`) into a formula over the runs it
  /// mentions, compiling those runs too (in the mode they need, as `compileMatch`); bounded
  /// queries inside are answered as in a match. With `stopAtChance`, a statement whose reached
  /// runs use chance returns after the first pass with `needsChance` set and nothing solved. A
  /// failure the statement reaches at some world is thrown (deterministic statements).
  public static func compileStatement(
    _ statement: CheckedExpr, in world: CheckedWorld, limits: ProverLimits = .standard, stopAtChance: Bool = false
  ) throws(RuntimeFailure) -> (system: MatchupSystem, goal: FormulaID, bounded: BoundedResolution) {
    var hasChance = false
    var tracksFailures = false
    while true {
      let compiler = MatchupCompiler(world: world, hasChance: hasChance, tracksFailures: tracksFailures)
      // A placeholder matchup: a closed statement never reads `me`, `them` or parameters.
      let nobody = ProgramInstance(program: ProgramID(0), arguments: [])
      var run = Execution(
        compiler: compiler, state: -1, matchup: Matchup(player: nobody, opponent: nobody), fuel: nil)
      var goal: FormulaID?
      do {
        let (formula, cases) = try run.statementFormula(
          statement, Path(condition: run.arena.constant(true), assumptions: [:], weights: [], draws: [], locals: []))
        run.compiler.system.statementFailures = cases
        while let next = run.compiler.pending.popLast() { try run.compiler.compile(next) }
        goal = formula
      } catch {
        guard run.compiler.system.needsChance && !hasChance else { throw error }
      }
      var system = run.compiler.system
      // A caller that refuses chance (`prove`) learns it from the cheap first pass, before the
      // compile with chance, which can take until a limit (`simulate[10000]`).
      if stopAtChance && system.needsChance && !hasChance {
        return (system, goal ?? system.arena.constant(false), .none)
      }
      if system.needsChance && !hasChance {
        hasChance = true
        tracksFailures = tracksFailures || system.sawFailure
        continue
      }
      if system.sawFailure && !tracksFailures {
        tracksFailures = true
        continue
      }
      guard let goal else { throw RuntimeFailure(.internalError(what: "the statement did not compile"), at: nil) }
      try MatchSolver.rejectUnguardedCycles(system)
      let bounded = try BoundedResolver.resolve(&system, limits: limits)
      if system.tracksFailures && !system.hasChance {
        try FailureCheck.checkStatement(system)
      }
      return (system, goal, bounded)
    }
  }

  fileprivate mutating func noteUnguarded(from source: Int, to target: Int, at range: SourceRange) {
    if !system.unguarded[source].contains(where: { $0.target == target }) {
      system.unguarded[source].append((target, range))
    }
  }

  fileprivate mutating func addQuery(
    statement: FormulaID, budget: Int, level: Int, asker: Int, at range: SourceRange
  ) throws(RuntimeFailure) -> Int {
    let state = try register(.oracle(system.queries.count), at: range)
    system.queries.append(
      BoundedQuery(state: state, asker: asker, statement: statement, budget: budget, level: level, range: range))
    return state
  }
}

/// Symbolic execution of one program against one opponent. Internal, not private: the rounds
/// constructs are evaluated in `RoundsEvaluation.swift`.
struct Execution {
  var compiler: MatchupCompiler
  let state: Int
  let matchup: Matchup
  let fuel: Int?
  var pathCount = 0
  var trails = TrailTree()
  /// Inside `provable`, references are guarded: no unguarded edge is recorded.
  var boxDepth = 0
  /// Paths that failed at the current box depth: the condition where the failure counts, the
  /// path, and why (kept only when the system tracks failures).
  var failed: [(condition: FormulaID, path: Path, failure: PathFailure)] = []
  /// Rule P6: while compiling a statement for one candidate program of an unknown opponent,
  /// that candidate stands for `them`.
  var candidate: ProgramInstance?
  /// Rule P6: the opponents an unknown program is played against, each one leaf.
  var leaves: [ProgramInstance: Int] = [:]

  init(compiler: MatchupCompiler, state: Int, matchup: Matchup, fuel: Int?) {
    self.compiler = compiler
    self.state = state
    self.matchup = matchup
    self.fuel = fuel
  }

  var arena: FormulaArena {
    get { compiler.system.arena }
    _modify { yield &compiler.system.arena }
  }
  var world: CheckedWorld { compiler.system.world }
  var hasChance: Bool { compiler.system.hasChance }

  /// Notes that this run evaluates a chance construct. A deterministic compile stops here: it is
  /// redone with chance (`compileMatch`, `compileStatement` drop the error), so going on would
  /// only compile runs whose formulas are thrown away.
  mutating func noteChance(at range: SourceRange) throws(RuntimeFailure) {
    if compiler.system.chanceSite == nil { compiler.system.chanceSite = range }
    guard hasChance else {
      compiler.system.needsChance = true
      throw RuntimeFailure(.internalError(what: "a deterministic compile reached chance"), at: range)
    }
  }

  /// Ends `path` in a failure: a runtime error here, or a failed run or statement it depends on.
  /// Limits are not path results: they stop the match.
  mutating func fail(_ path: Path, _ failure: PathFailure) throws(RuntimeFailure) {
    if case .error(let error) = failure {
      if error.limitReached { throw error }
      compiler.system.sawFailure = true
    }
    guard compiler.system.tracksFailures else { return }
    var condition = path.condition
    if let reach = path.reach {
      let both = arena.and([condition, reach])
      condition = both
    }
    if case .constant(false) = arena.node(condition) { return }
    failed.append((condition, path, failure))
  }

  mutating func countPaths(_ extra: Int, at range: SourceRange) throws(RuntimeFailure) {
    pathCount += extra
    guard pathCount <= RuntimeLimits.maxPathsPerMatchup else {
      throw RuntimeFailure(
        .limit(
          name: "maxPathsPerMatchup", limit: RuntimeLimits.maxPathsPerMatchup,
          what: "\(world.describe(matchup)) splits into too many cases"), at: range)
    }
  }

  // MARK: statements

  mutating func execute(_ block: CheckedBlock, _ path: Path) throws(RuntimeFailure) -> [(Path, Int)] {
    if block.lets.isEmpty { return try decide(block.decision, path) }
    var paths = [path]
    for binding in block.lets {
      // Each path is moved out of `paths` and its locals out of `current`, so binding a slot
      // writes in place: copying the locals per `let` would cost lets × locals per run.
      var waiting = Array(paths.reversed())
      paths = []
      while var current = waiting.popLast() {
        var cases = try evaluate(binding.value, current)
        current.locals = []
        for index in cases.indices {
          if cases[index].0.locals.indices.contains(binding.slot) {
            cases[index].0.locals[binding.slot] = cases[index].1
          }
          paths.append(cases[index].0)
        }
      }
    }
    var results: [(Path, Int)] = []
    for current in paths { results += try decide(block.decision, current) }
    return results
  }

  mutating func decide(_ decision: CheckedDecision, _ path: Path) throws(RuntimeFailure) -> [(Path, Int)] {
    switch decision {
    case .conditional(let branches, let elseBlock, _):
      // Iterative over the branches: a long `else if` chain must not deepen the stack.
      var results: [(Path, Int)] = []
      var remaining = [path]
      for branch in branches {
        var skipped: [Path] = []
        for current in remaining {
          for (afterCondition, value) in try evaluate(branch.condition, current) {
            // Only the branches a path takes get a trail step and a copy of the path.
            let range = branch.condition.range
            switch value {
            case .bool(true):
              var yes = afterCondition
              yes.trail = trails.extend(
                afterCondition.trail, with: BranchStep(range: range, taken: true, isRandom: false))
              results += try execute(branch.block, yes)
            case .formula(let condition):
              if var taken = restrict(afterCondition, condition) {
                taken.trail = trails.extend(
                  afterCondition.trail, with: BranchStep(range: range, taken: true, isRandom: false))
                results += try execute(branch.block, taken)
              }
              let negated = arena.not(condition)
              if var other = restrict(afterCondition, negated) {
                other.trail = trails.extend(
                  afterCondition.trail, with: BranchStep(range: range, taken: false, isRandom: false))
                skipped.append(other)
              }
              try checkFormulaSize(at: range)
            default:
              var no = afterCondition
              no.trail = trails.extend(
                afterCondition.trail, with: BranchStep(range: range, taken: false, isRandom: false))
              skipped.append(no)
            }
          }
        }
        remaining = skipped
        if remaining.isEmpty { break }
      }
      for current in remaining { results += try execute(elseBlock, current) }
      return results
    case .random(let probability, let then, let otherwise, let range):
      try noteChance(at: range)
      var results: [(Path, Int)] = []
      for (current, value) in try evaluate(probability, path) {
        guard case .rational(let p) = value else { continue }
        guard p >= Rational(0), p <= Rational(1), let q = Rational(1).subtracting(p) else {
          try fail(current, .error(RuntimeFailure(.probabilityOutOfRange(value: p.description), at: range)))
          continue
        }
        try countPaths(1, at: range)
        if p != Rational(0) {
          var taken = current
          taken.weights.append(p)
          taken.trail = trails.extend(
            current.trail, with: BranchStep(range: probability.range, taken: true, isRandom: true))
          results += try execute(then, taken)
        }
        if q != Rational(0) {
          var other = current
          other.weights.append(q)
          other.trail = trails.extend(
            current.trail, with: BranchStep(range: probability.range, taken: false, isRandom: true))
          results += try execute(otherwise, other)
        }
      }
      return results
    case .output(let output):
      return try produce(output, path)
    }
  }

  mutating func produce(_ output: CheckedOutput, _ path: Path) throws(RuntimeFailure) -> [(Path, Int)] {
    // Only the index: a copy of the system held across `evaluate` would make every run the
    // play registers copy the system's arrays (quadratic in the runs).
    let timeoutResult = compiler.system.timeoutResult
    switch output {
    case .play(let expr, _):
      return try evaluate(expr, path).compactMap { current, value in
        switch value {
        case .action(let index): return world.game.outputIndex(.action(index)).map { (current, $0) }
        case .output(let result): return world.game.outputIndex(result).map { (current, $0) }
        case .timeout: return (current, timeoutResult)
        default: return nil
        }
      }
    case .demand(let amount, let outside, let range):
      var results: [(Path, Int)] = []
      for (afterAmount, amountValue) in try evaluate(amount, path) {
        for (afterOutside, outsideValue) in try evaluate(outside, afterAmount) {
          guard case .int(let demand) = amountValue, case .outside(let option) = outsideValue else { continue }
          guard let index = world.game.outputIndex(.bargain(demand: demand, outside: option)) else {
            let error = RuntimeFailure(
              .demandNotAllowed(demand: demand, game: world.game.name, allowed: allowedDemands()), at: range)
            try fail(afterOutside, .error(error))
            continue
          }
          results.append((afterOutside, index))
        }
      }
      return results
    }
  }

  func allowedDemands() -> String {
    guard case .bargaining(let game) = world.game.kind else { return "" }
    if game.demands.count <= 12 { return game.demands.map(String.init).joined(separator: ", ") }
    let head = game.demands.prefix(3).map(String.init).joined(separator: ", ")
    return "\(head), ..., \(game.demands.last.map(String.init) ?? "")"
  }

  /// The path with `condition` added, or nil when that makes it impossible.
  mutating func restrict(_ path: Path, _ condition: FormulaID) -> Path? {
    let combined = arena.and([path.condition, condition])
    if case .constant(false) = arena.node(combined) { return nil }
    var result = path
    result.condition = combined
    return result
  }

  // MARK: expressions

  /// The cases of `expr` on `path`; the formula limit is checked here, after each expression,
  /// so it stops at the expression whose formulas crossed it.
  mutating func evaluate(_ expr: CheckedExpr, _ path: Path) throws(RuntimeFailure) -> [(Path, Value)] {
    let results = try evaluateCases(expr, path)
    try countSteps(results.count, of: expr)
    return results
  }

  /// What `evaluate` counts for an expression with `cases` results, and its limit checks.
  mutating func countSteps(_ cases: Int, of expr: CheckedExpr) throws(RuntimeFailure) {
    compiler.steps += max(1, cases)
    guard compiler.steps <= RuntimeLimits.maxEvaluationSteps else {
      // The cost is runs times their size: point at what keeps adding runs, if anything does.
      throw RuntimeFailure(
        .limit(
          name: "maxEvaluationSteps", limit: RuntimeLimits.maxEvaluationSteps,
          what: "evaluating the programs takes too many steps"),
        at: compiler.growth.mostCommon(including: nil) ?? expr.range)
    }
    try checkFormulaSize(at: expr.range)
  }

  /// The single-path fast path: the value of an expression that neither splits, fails nor
  /// changes the path (a literal, `me`, `them`, a bound parameter or `let`), else nil. A caller
  /// that gets a value calls `countSteps(1, of: expr)` (what `evaluate` would count) and goes
  /// on with its own path, without an array of paths or a copy of the path.
  func leafValue(_ expr: CheckedExpr, _ path: Path) -> Value? {
    switch expr.kind {
    case .integer(let number): return .int(number)
    case .boolean(let truth): return .bool(truth)
    case .action(let index): return .action(index)
    case .outsideOption(let index): return .outside(index)
    case .rational(let value): return .rational(value)
    case .parameter(let index):
      guard matchup.player.arguments.indices.contains(index) else { return nil }
      return matchup.player.arguments[index]
    case .local(let slot):
      guard path.locals.indices.contains(slot), let value = path.locals[slot] else { return nil }
      return replacingUnknown(value)
    case .me: return .program(matchup.player)
    case .them: return .program(candidate ?? matchup.opponent)
    case .program, .play, .negate, .not, .and, .or, .arithmetic, .order, .equal, .membership, .outputField,
      .unconditional, .provable, .boundedProvable, .simulate, .timeout, .situation, .toRational,
      .rationalArithmetic, .negateRational, .round, .lastDemand, .demandAtRound, .playAtRound, .eventuallyAccepts:
      return nil
    }
  }

  mutating func checkFormulaSize(at range: SourceRange) throws(RuntimeFailure) {
    guard arena.count + arena.links <= RuntimeLimits.maxFormulaNodes else {
      throw RuntimeFailure(
        .limit(name: "maxFormulaNodes", limit: RuntimeLimits.maxFormulaNodes, what: "the formulas grew too large"),
        at: range)
    }
  }

  private mutating func evaluateCases(_ expr: CheckedExpr, _ path: Path) throws(RuntimeFailure) -> [(Path, Value)] {
    switch expr.kind {
    case .integer(let number): return [(path, .int(number))]
    case .boolean(let truth): return [(path, .bool(truth))]
    case .action(let index): return [(path, .action(index))]
    case .outsideOption(let index): return [(path, .outside(index))]
    case .rational(let value): return [(path, .rational(value))]
    case .timeout:
      try noteChance(at: expr.range)
      return [(path, .timeout)]
    case .round, .lastDemand, .demandAtRound, .playAtRound, .eventuallyAccepts:
      return try evaluateRounds(expr, path)
    case .situation(let fact):
      // A known constant of the agent's run (rule P10); a program that is no side's has none.
      let situation = matchup.player.situation.first ?? Situation()
      return [(path, .bool(try situation.holds(fact, in: world)))]
    case .parameter(let index):
      guard matchup.player.arguments.indices.contains(index) else { return [] }
      return [(path, matchup.player.arguments[index])]
    case .local(let slot):
      guard path.locals.indices.contains(slot), let value = path.locals[slot] else { return [] }
      return [(path, replacingUnknown(value))]
    case .me: return [(path, .program(matchup.player))]
    case .them: return [(path, .program(candidate ?? matchup.opponent))]
    case .program(let id, let arguments):
      var known: [(Path, [Value])] = []
      for (current, values) in try evaluateAll(arguments, path) {
        if let knowledge = values.lazy.compactMap(Self.knowledge(in:)).first {
          try failUnknown(current, "passing `them` as an argument", knowledge, at: expr.range)
        } else {
          known.append((current, values))
        }
      }
      return try known.map { current, values throws(RuntimeFailure) in
        let instance = ProgramInstance(program: id, arguments: values)
        guard instance.depth <= RuntimeLimits.maxInstanceDepth else {
          throw RuntimeFailure(
            .limit(
              name: "maxInstanceDepth", limit: RuntimeLimits.maxInstanceDepth,
              what: "program arguments nest too deeply"), at: expr.range)
        }
        if !values.isEmpty, compiler.growth.built[instance] == nil { compiler.growth.built[instance] = expr.range }
        return (current, .program(instance))
      }
    case .play(let player, let opponent):
      if let playerValue = leafValue(player, path), let opponentValue = leafValue(opponent, path) {
        try countSteps(1, of: player)
        try countSteps(1, of: opponent)
        guard case .program(let p) = playerValue, case .program(let q) = opponentValue else { return [] }
        return try play(Matchup(player: p, opponent: q), path, at: expr.range)
      }
      var results: [(Path, Value)] = []
      for (afterPlayer, playerValue) in try evaluate(player, path) {
        for (afterOpponent, opponentValue) in try evaluate(opponent, afterPlayer) {
          guard case .program(let p) = playerValue, case .program(let q) = opponentValue else { continue }
          results += try play(Matchup(player: p, opponent: q), afterOpponent, at: expr.range)
        }
      }
      return results
    case .simulate(let fuelExpr, let player, let opponent):
      try noteChance(at: expr.range)
      var results: [(Path, Value)] = []
      for (afterFuel, fuelValue) in try evaluateOptional(fuelExpr, path) {
        var requested: Int?
        if case .int(let amount)? = fuelValue {
          guard amount >= 0 else {
            try fail(afterFuel, .error(RuntimeFailure(.negativeFuel(fuel: amount), at: fuelExpr?.range ?? expr.range)))
            continue
          }
          requested = amount
        }
        for (afterPlayer, playerValue) in try evaluate(player, afterFuel) {
          for (afterOpponent, opponentValue) in try evaluate(opponent, afterPlayer) {
            guard case .program(let p) = playerValue, case .program(let q) = opponentValue else { continue }
            results += try simulate(
              Matchup(player: p, opponent: q), requestedFuel: requested, afterOpponent, at: expr.range)
          }
        }
      }
      return results
    case .negate(let operand):
      var results: [(Path, Value)] = []
      for (current, value) in try evaluate(operand, path) {
        guard case .int(let number) = value else {
          results.append((current, value))
          continue
        }
        let (negated, overflow) = (0).subtractingReportingOverflow(number)
        if overflow {
          try fail(current, .error(RuntimeFailure(.overflow(operation: "-"), at: expr.range)))
        } else {
          results.append((current, .int(negated)))
        }
      }
      return results
    case .negateRational(let operand):
      var results: [(Path, Value)] = []
      for (current, value) in try evaluate(operand, path) {
        guard case .rational(let number) = value else {
          results.append((current, value))
          continue
        }
        if let negated = Rational(0).subtracting(number) {
          results.append((current, .rational(negated)))
        } else {
          try fail(current, .error(RuntimeFailure(.overflow(operation: "-"), at: expr.range)))
        }
      }
      return results
    case .toRational(let operand):
      return try evaluate(operand, path).map { current, value in
        guard case .int(let number) = value else { return (current, value) }
        return (current, .rational(Rational(number)))
      }
    case .rationalArithmetic(let op, let left, let right):
      return try binary(left, right, path) { a, b throws(RuntimeFailure) in
        guard case .rational(let x) = a, case .rational(let y) = b else { return a }
        return .rational(try RuntimeArithmetic.rational(op, x, y, at: expr.range))
      }
    case .not(let operand):
      return try evaluate(operand, path).map { current, value in
        switch value {
        case .bool(let truth): return (current, .bool(!truth))
        case .formula(let formula):
          let negated = arena.not(formula)
          return (current, simplified(negated))
        default: return (current, value)
        }
      }
    case .and(let left, let right), .or(let left, let right):
      let isAnd: Bool
      if case .and = expr.kind { isAnd = true } else { isAnd = false }
      var results: [(Path, Value)] = []
      for (afterLeft, leftValue) in try evaluate(left, path) {
        if case .bool(let truth) = leftValue, truth != isAnd {
          results.append((afterLeft, .bool(truth)))
          continue
        }
        // The right operand is evaluated only where the left one does not decide: errors and
        // references in it count there only.
        var guarded = afterLeft
        if case .formula(let leftFormula) = leftValue {
          let deciding = isAnd ? leftFormula : arena.not(leftFormula)
          let reach = afterLeft.reach.map { arena.and([$0, deciding]) } ?? deciding
          guarded.reach = reach
        }
        for (afterRight, rightValue) in try evaluate(right, guarded) {
          var restored = afterRight
          restored.reach = afterLeft.reach
          let parts = [formula(leftValue), formula(rightValue)]
          let combined = isAnd ? arena.and(parts) : arena.or(parts)
          results.append((restored, simplified(combined)))
        }
      }
      return results
    case .arithmetic(let op, let left, let right):
      return try binary(left, right, path) { a, b throws(RuntimeFailure) in
        guard case .int(let x) = a, case .int(let y) = b else { return a }
        return .int(try RuntimeArithmetic.integer(op, x, y, at: expr.range))
      }
    case .order(let op, let left, let right):
      return try binary(left, right, path) { a, b in
        let comparison: Int
        switch (a, b) {
        case (.int(let x), .int(let y)): comparison = x < y ? -1 : (x == y ? 0 : 1)
        case (.rational(let x), .rational(let y)): comparison = x < y ? -1 : (x == y ? 0 : 1)
        default: return .bool(false)
        }
        switch op {
        case .less: return .bool(comparison < 0)
        case .lessEqual: return .bool(comparison <= 0)
        case .greater: return .bool(comparison > 0)
        case .greaterEqual: return .bool(comparison >= 0)
        }
      }
    case .equal(let left, let right, let negated):
      if let value = try playComparison(left, right, negated: negated, path) { return [(path, value)] }
      var results: [(Path, Value)] = []
      for (afterLeft, a) in try evaluate(left, path) {
        if let b = leafValue(right, afterLeft) {
          try countSteps(1, of: right)
          try compare(a, b, afterLeft, negated: negated, at: expr.range, into: &results)
          continue
        }
        for (afterRight, b) in try evaluate(right, afterLeft) {
          try compare(a, b, afterRight, negated: negated, at: expr.range, into: &results)
        }
      }
      return results
    case .membership(let element, let set, let negated):
      var results: [(Path, Value)] = []
      for (afterElement, value) in try evaluate(element, path) {
        switch set {
        case .list(let items):
          for (afterItems, members) in try evaluateAll(items, afterElement) {
            if let knowledge = unknown(value) ?? members.lazy.compactMap(Self.knowledge(in:)).first {
              try failUnknown(afterItems, "comparing `them`'s source", knowledge, at: expr.range)
              continue
            }
            let found = members.contains { isTrue(equality(value, $0, negated: false)) }
            results.append((afterItems, .bool(found != negated)))
          }
        case .range(let low, let high):
          for (afterLow, lowValue) in try evaluate(low, afterElement) {
            for (afterHigh, highValue) in try evaluate(high, afterLow) {
              guard case .int(let x) = value, case .int(let a) = lowValue, case .int(let b) = highValue else {
                continue
              }
              results.append((afterHigh, .bool((a <= x && x <= b) != negated)))
            }
          }
        }
      }
      return results
    case .outputField(let base, let field):
      return try evaluate(base, path).map { current, value in
        switch value {
        case .output(.bargain(let demand, let outside)):
          switch field {
          case .demand: return (current, .int(demand))
          case .outside: return (current, .outside(outside))
          }
        case .timeout:
          // A timed-out simulation has no demand; it reads as the smallest demand and the first option.
          switch field {
          case .demand:
            if case .bargaining(let game) = world.game.kind { return (current, .int(game.demands.first ?? 0)) }
            return (current, .int(0))
          case .outside: return (current, .outside(0))
          }
        default: return (current, value)
        }
      }
    case .unconditional(let base):
      var decided: [(Path, Value)] = []
      for (current, value) in try evaluate(base, path) {
        if let knowledge = unknown(value) {
          try failUnknown(current, "reading `them.unconditional`", knowledge, at: expr.range)
        } else {
          decided.append((current, value))
        }
      }
      return decided.map { current, value in
        guard case .program(let instance) = value, let program = world.program(instance.program) else {
          return (current, .bool(false))
        }
        noteFact(Fact(range: expr.range, kind: .source(value: !program.mentionsOpponent), formula: nil))
        return (current, .bool(!program.mentionsOpponent))
      }
    case .provable(let level, let body):
      var results: [(Path, Value)] = []
      for (current, k) in try proofLevels(level, path, at: expr.range) {
        let (statement, cases) = try knowingStatement(body, current, at: expr.range)
        try failInside(current, cases, level: k)
        let box = arena.box(statement, level: k)
        noteFact(Fact(range: expr.range, kind: .provable(level: k), formula: box))
        results.append((current, simplified(box)))
      }
      return results
    case .boundedProvable(let level, let budget, let body):
      var results: [(Path, Value)] = []
      for (leveled, k) in try proofLevels(level, path, at: expr.range) {
        for (current, value) in try evaluate(budget, leveled) {
          guard case .int(let amount) = value else { continue }
          guard amount >= 0 else {
            try fail(current, .error(RuntimeFailure(.negativeBudget(budget: amount), at: budget.range)))
            continue
          }
          let (body, cases) = try knowingStatement(body, current, at: expr.range)
          try failInside(current, cases, level: k)
          // PA+k proves φ iff PA proves Con^k → φ, i.e. ¬□^k⊥ → φ; □^k⊥ is [k-1]⊥ (rule B9). The
          // search looks for a proof of that implication, so its success atom, □(¬□^k⊥ → φ), is
          // exactly [k]φ, and the kernel, the checker and the axioms stay those of rule B2.
          var statement = body
          if k > 0 {
            let bottom = arena.constant(false)
            let consistency = arena.box(bottom, level: k - 1)
            statement = arena.or([consistency, body])
          }
          let query = try compiler.addQuery(
            statement: statement, budget: amount, level: k, asker: state, at: expr.range)
          let atom = arena.atom(compiler.system.atom(state: query, result: 0))
          noteFact(Fact(range: expr.range, kind: .bounded(query: compiler.system.queries.count - 1), formula: atom))
          results.append((current, .formula(atom)))
        }
      }
      return results
    }
  }

  /// The proof level of `provable[k]` on each path (0 without brackets): a negative level fails
  /// the path (rule 18), one above `maxProofLevel` stops the match.
  mutating func proofLevels(_ level: CheckedExpr?, _ path: Path, at range: SourceRange) throws(RuntimeFailure)
    -> [(Path, Int)]
  {
    guard let level else { return [(path, 0)] }
    var levels: [(Path, Int)] = []
    for (current, value) in try evaluate(level, path) {
      guard case .int(let k) = value else { continue }
      guard k >= 0 else {
        try fail(current, .error(RuntimeFailure(.negativeProofLevel(level: k), at: level.range)))
        continue
      }
      guard k <= RuntimeLimits.maxProofLevel else {
        throw RuntimeFailure(
          .limit(name: "maxProofLevel", limit: RuntimeLimits.maxProofLevel, what: "proof level \(k) is too high"),
          at: level.range)
      }
      levels.append((current, k))
    }
    return levels
  }

  /// Records a fact the program asks outside any box (inside a box it is part of a statement).
  mutating func noteFact(_ fact: Fact) {
    guard boxDepth == 0, compiler.system.facts.indices.contains(state) else { return }
    compiler.system.facts[state].append(fact)
  }

  /// The outer path fails where the statement of a box fails at a world the box looks at: at
  /// world n, `[k]` looks at the worlds m with k <= m < n, so the condition is "some case
  /// condition held at such an m", ¬[k]¬(∨ cases).
  mutating func failInside(_ path: Path, _ cases: [FailureCase], level: Int) throws(RuntimeFailure) {
    guard !cases.isEmpty else { return }
    let anyCase = arena.or(cases.map(\.condition))
    let never = arena.not(anyCase)
    let neverBoxed = arena.box(never, level: level)
    let sometime = arena.not(neverBoxed)
    guard let failing = restrict(path, sometime) else { return }
    try fail(failing, .statement(level: level, cases: cases))
  }

  /// The formula of a statement inside `provable`: evaluated from no assumptions (the world
  /// differs inside the box), keeping the `let` values; and the cases in which it fails.
  mutating func statementFormula(
    _ body: CheckedExpr, _ path: Path
  ) throws(RuntimeFailure) -> (FormulaID, [FailureCase]) {
    let inner = Path(
      condition: arena.constant(true), assumptions: [:], weights: [], draws: [], locals: path.locals)
    boxDepth += 1
    let outerFailed = failed
    failed = []
    defer {
      boxDepth -= 1
      failed = outerFailed
    }
    let cases = try evaluate(body, inner)
    var disjuncts: [FormulaID] = []
    for (branch, value) in cases {
      let valueFormula = formula(value)
      let conditions =
        [branch.condition, valueFormula]
        + branch.draws.map { arena.atom(compiler.system.atom(state: $0.state, result: $0.result)) }
      disjuncts.append(arena.and(conditions))
    }
    let statement = arena.or(disjuncts)
    return (statement, failed.map { FailureCase(condition: $0.condition, failure: $0.failure) })
  }

  /// Splits the path on what the run `target` outputs (unless this path already knows it). In a
  /// deterministic match the split is on atoms; with chance it is a draw of the run's result.
  mutating func play(_ target: Matchup, _ path: Path, at range: SourceRange) throws(RuntimeFailure) -> [(Path, Value)] {
    if let knowledge = unknown(.program(target.opponent))
      ?? target.player.arguments.lazy.compactMap(Self.knowledge(in:)).first
    {
      try failUnknown(path, "playing a program against `them`", knowledge, at: range)
      return []
    }
    if let knowledge = target.player.knowledge {
      return try playUnknown(opponent: target.opponent, knowledge, path, at: range)
    }
    // Inside a box the statement is about the program itself: unbounded fuel.
    let key = RunKey.run(target, fuel: boxDepth > 0 ? nil : fuel)
    // Read before the call: `origin` reads `self`, which the call to `compiler` is modifying, so
    // passing the property made Swift copy the whole execution twice per play.
    let source = origin
    let index = try compiler.register(key, at: range, origin: source)
    if boxDepth == 0 { compiler.noteUnguarded(from: state, to: index, at: range) }
    if let known = path.assumptions[index] { return [(path, value(ofResult: known))] }
    let count = compiler.system.resultCount
    try countPaths(count, at: range)
    var results: [(Path, Value)] = []
    for result in 0..<count {
      var branch = path
      if hasChance && boxDepth == 0 {
        branch.draws.append(Draw(state: index, result: result, isSimulation: false))
      } else {
        let atom = arena.atom(compiler.system.atom(state: index, result: result))
        guard let restricted = restrict(path, atom) else { continue }
        branch = restricted
      }
      if compiler.system.tracksFailures && result == compiler.system.failureResult {
        try fail(branch, .run(index))
        continue
      }
      branch.assumptions[index] = result
      results.append((branch, value(ofResult: result)))
    }
    return results
  }

  /// The fast path for `X(Y) == v` (or `!=`) inside `provable` when `v` is a literal-like value
  /// and the path assumed nothing about the run: the disjunction of the run's result atoms that
  /// compare true, on the same path, instead of one path per result that `play` and `compare`
  /// would build and the box would join again into the same truth at every world. Nil when the
  /// general path is needed (outside a box, failure results tracked, an unknown program, a value
  /// that is not a plain output, or bounded queries: see `comparesWithoutSplit`). Counts the steps and paths the general path would.
  mutating func playComparison(
    _ left: CheckedExpr, _ right: CheckedExpr, negated: Bool, _ path: Path
  ) throws(RuntimeFailure) -> Value? {
    guard compiler.comparesWithoutSplit, boxDepth > 0, !compiler.system.tracksFailures,
      case .play(let player, let opponent) = left.kind,
      case .program(let p)? = leafValue(player, path), case .program(let q)? = leafValue(opponent, path),
      let b = leafValue(right, path)
    else { return nil }
    switch b {
    case .int, .rational, .bool, .action, .outside, .output, .timeout: break
    case .program, .formula: return nil
    }
    let target = Matchup(player: p, opponent: q)
    guard target.player.knowledge == nil, unknown(.program(target.opponent)) == nil,
      !target.player.arguments.contains(where: { Self.knowledge(in: $0) != nil })
    else { return nil }
    try countSteps(1, of: player)
    try countSteps(1, of: opponent)
    let source = origin
    let index = try compiler.register(.run(target, fuel: nil), at: left.range, origin: source)
    if let known = path.assumptions[index] {
      try countSteps(1, of: left)
      try countSteps(1, of: right)
      return .bool((value(ofResult: known) == b) != negated)
    }
    let count = compiler.system.resultCount
    try countPaths(count, at: left.range)
    try countSteps(count, of: left)
    try countSteps(count, of: right)
    var atoms: [FormulaID] = []
    for result in 0..<count where (value(ofResult: result) == b) != negated {
      let atom = arena.atom(compiler.system.atom(state: index, result: result))
      atoms.append(atom)
    }
    // `evaluate` counts this expression's single case; the general path counts one per result.
    if count > 1 { try countSteps(count - 1, of: left) }
    let combined = arena.or(atoms)
    return simplified(combined)
  }

  /// A fresh, independent run of `target`; `timeout` when this run has no fuel left.
  mutating func simulate(
    _ target: Matchup, requestedFuel: Int?, _ path: Path, at range: SourceRange
  ) throws(RuntimeFailure) -> [(Path, Value)] {
    if boxDepth > 0 {
      // Inside a box a simulation is a statement about the program: the same as `X(Y)`.
      return try play(target, path, at: range)
    }
    if let knowledge = unknown(.program(target.player)) ?? unknown(.program(target.opponent)) {
      try failUnknown(path, "simulating `them`", knowledge, at: range)
      return []
    }
    if fuel == 0 { return [(path, .timeout)] }
    var child: Int?
    switch (requestedFuel, fuel) {
    case (nil, nil): child = nil
    case (let requested?, nil): child = requested
    case (nil, let left?): child = left - 1
    case (let requested?, let left?): child = min(requested, left - 1)
    }
    if let amount = child, amount > RuntimeLimits.maxFuel {
      throw RuntimeFailure(
        .limit(name: "maxFuel", limit: RuntimeLimits.maxFuel, what: "simulation fuel \(amount) is too high"), at: range)
    }
    // Fuel asked for here starts a new count-down; fuel counted down from this run's continues
    // this run's origin.
    let startsFuel: Bool
    switch (requestedFuel, fuel) {
    case (let requested?, let left?): startsFuel = requested < left - 1
    case (.some, nil): startsFuel = true
    case (nil, _): startsFuel = false
    }
    let source = startsFuel ? range : origin
    let index = try compiler.register(.run(target, fuel: child), at: range, origin: source)
    let count = compiler.system.resultCount
    try countPaths(count, at: range)
    var results: [(Path, Value)] = []
    for result in 0..<count {
      var branch = path
      branch.draws.append(Draw(state: index, result: result, isSimulation: true))
      if compiler.system.tracksFailures && result == compiler.system.failureResult {
        try fail(branch, .run(index))
        continue
      }
      results.append((branch, value(ofResult: result)))
    }
    return results
  }

  /// What made this run new (nil for the match's own runs and for statements).
  var origin: SourceRange? {
    compiler.growth.origins.indices.contains(state) ? compiler.growth.origins[state] : nil
  }

  func value(ofResult result: Int) -> Value {
    let outputs = compiler.system.outputs
    guard outputs.indices.contains(result) else { return .timeout }
    switch outputs[result] {
    case .action(let index): return .action(index)
    case .bargain: return .output(outputs[result])
    }
  }

  mutating func evaluateOptional(_ expr: CheckedExpr?, _ path: Path) throws(RuntimeFailure) -> [(Path, Value?)] {
    guard let expr else { return [(path, nil)] }
    return try evaluate(expr, path).map { ($0.0, $0.1) }
  }

  mutating func evaluateAll(_ exprs: [CheckedExpr], _ path: Path) throws(RuntimeFailure) -> [(Path, [Value])] {
    var partial: [(Path, [Value])] = [(path, [])]
    for expr in exprs {
      var next: [(Path, [Value])] = []
      for index in partial.indices {
        // The last result takes the values over and appends in place: copying them for every
        // element made a 1,000-element set cost 500,000 copies per run.
        var values = partial[index].1
        partial[index].1 = []
        var results = try evaluate(expr, partial[index].0)
        guard let last = results.popLast() else { continue }
        for (after, value) in results { next.append((after, values + [value])) }
        values.append(last.1)
        next.append((last.0, values))
      }
      partial = next
    }
    return partial
  }

  mutating func binary(
    _ left: CheckedExpr, _ right: CheckedExpr, _ path: Path, _ combine: (Value, Value) throws(RuntimeFailure) -> Value
  ) throws(RuntimeFailure) -> [(Path, Value)] {
    var results: [(Path, Value)] = []
    for (afterLeft, a) in try evaluate(left, path) {
      if let b = leafValue(right, afterLeft) {
        try countSteps(1, of: right)
        do {
          results.append((afterLeft, try combine(a, b)))
        } catch {
          try fail(afterLeft, .error(error))
        }
        continue
      }
      for (afterRight, b) in try evaluate(right, afterLeft) {
        do {
          results.append((afterRight, try combine(a, b)))
        } catch {
          try fail(afterRight, .error(error))
        }
      }
    }
    return results
  }

  /// `a == b` (or `!=`) on `path`, appended to `results`.
  mutating func compare(
    _ a: Value, _ b: Value, _ path: Path, negated: Bool, at range: SourceRange, into results: inout [(Path, Value)]
  ) throws(RuntimeFailure) {
    if let knowledge = unknown(a) ?? unknown(b) {
      try failUnknown(path, "comparing `them`'s source", knowledge, at: range)
      return
    }
    let result = equality(a, b, negated: negated)
    if case .program = a, case .bool(let truth) = result {
      noteFact(Fact(range: range, kind: .source(value: truth), formula: nil))
    }
    results.append((path, result))
  }

  mutating func equality(_ a: Value, _ b: Value, negated: Bool) -> Value {
    switch (a, b) {
    case (.program(let p), .program(let q)):
      return .bool(world.sameSource(p, q) != negated)
    case (.formula, _), (_, .formula):
      let x = formula(a)
      let y = formula(b)
      let same = arena.or([arena.and([x, y]), arena.and([arena.not(x), arena.not(y)])])
      let result = negated ? arena.not(same) : same
      return simplified(result)
    default:
      return .bool((a == b) != negated)
    }
  }

  func isTrue(_ value: Value) -> Bool {
    if case .bool(true) = value { return true }
    return false
  }

  mutating func formula(_ value: Value) -> FormulaID {
    switch value {
    case .formula(let id): return id
    case .bool(let truth): return arena.constant(truth)
    default: return arena.constant(false)
    }
  }

  /// Constant formulas become plain booleans so `if` needs no split. Call it with an id already
  /// built (not `simplified(arena.f(...))`: `self` would be read before the arena grew).
  func simplified(_ id: FormulaID) -> Value {
    if case .constant(let truth) = arena.node(id) { return .bool(truth) }
    return .formula(id)
  }

  // MARK: what the agent knows (protocol rule P6)

  /// The knowledge inside `value` when it is, or has as an argument, an unknown program.
  func unknown(_ value: Value) -> Knowledge? { Self.knowledge(in: value) }

  /// `unknown` without `self`: `compactMap(unknown)` captured, and so copied, the whole execution.
  static func knowledge(in value: Value) -> Knowledge? {
    guard case .program(let instance) = value else { return nil }
    if let knowledge = instance.knowledge { return knowledge }
    return instance.arguments.lazy.compactMap(knowledge(in:)).first
  }

  /// `value` with the unknown program replaced by the candidate being compiled, if any.
  func replacingUnknown(_ value: Value) -> Value {
    guard let candidate, case .program(let instance) = value else { return value }
    if instance.knowledge != nil { return .program(candidate) }
    guard instance.arguments.contains(where: { unknown($0) != nil }) else { return value }
    var replaced = instance
    replaced.arguments = instance.arguments.map(replacingUnknown)
    return .program(replaced)
  }

  mutating func failUnknown(
    _ path: Path, _ operation: String, _ knowledge: Knowledge, at range: SourceRange
  ) throws(RuntimeFailure) {
    try fail(path, .error(RuntimeFailure(.unknownProgram(operation: operation, known: knowledge.text), at: range)))
  }

  /// A play of the unknown program inside a statement: one leaf per opponent, whose result is
  /// any output the received constraints allow (`knowingStatement` quantifies over them).
  mutating func playUnknown(
    opponent: ProgramInstance, _ knowledge: Knowledge, _ path: Path, at range: SourceRange
  ) throws(RuntimeFailure) -> [(Path, Value)] {
    guard boxDepth > 0 else {
      try failUnknown(path, "playing `them` outside `provable`", knowledge, at: range)
      return []
    }
    let leaf = leaves[opponent] ?? leaves.count
    leaves[opponent] = leaf
    let key = -1 - leaf
    if let known = path.assumptions[key] { return [(path, value(ofResult: known))] }
    let count = compiler.system.resultCount
    try countPaths(count, at: range)
    var results: [(Path, Value)] = []
    for result in compiler.system.outputs.indices where knowledge.allowed.indices.contains(result) {
      guard knowledge.allowed[result] else { continue }
      let atom = arena.atom(UnknownRuns.atom(leaf: leaf, result: result, resultCount: count))
      guard var branch = restrict(path, atom) else { continue }
      branch.assumptions[key] = result
      results.append((branch, value(ofResult: result)))
    }
    return results
  }

  /// The formula of a statement inside `provable` in the run of an agent that knows the other
  /// only by what it received: it holds iff it holds for every program the agent cannot rule
  /// out. With candidates (a received `program in {...}`) that is each candidate in turn; without,
  /// every combination of allowed results of the unknown program's runs the statement plays.
  /// A failure counts when it happens for some of them.
  mutating func knowingStatement(
    _ body: CheckedExpr, _ path: Path, at range: SourceRange
  ) throws(RuntimeFailure) -> (FormulaID, [FailureCase]) {
    guard let knowledge = matchup.opponent.knowledge else { return try statementFormula(body, path) }
    if let candidates = knowledge.candidates {
      let outer = candidate
      defer { candidate = outer }
      var parts: [FormulaID] = []
      var cases: [FailureCase] = []
      for program in candidates {
        candidate = program
        let (formula, failures) = try statementFormula(body, path)
        parts.append(formula)
        cases += failures
      }
      return (arena.and(parts), cases)
    }
    let (formula, failures) = try statementFormula(body, path)
    let statement = try quantified(formula, knowledge, every: true, at: range)
    var cases: [FailureCase] = []
    for failure in failures {
      var quantifiedCase = failure
      quantifiedCase.condition = try quantified(failure.condition, knowledge, every: false, at: range)
      cases.append(quantifiedCase)
    }
    return (statement, cases)
  }

  /// The conjunction (`every`) or disjunction of `formula` over every assignment of allowed
  /// results to the leaves it mentions.
  mutating func quantified(
    _ formula: FormulaID, _ knowledge: Knowledge, every: Bool, at range: SourceRange
  ) throws(RuntimeFailure) -> FormulaID {
    let count = compiler.system.resultCount
    let (mentioned, nodes) = arena.unknownLeaves(in: formula, resultCount: count)
    guard !mentioned.isEmpty else { return formula }
    let choices = compiler.system.outputs.indices.filter {
      knowledge.allowed.indices.contains($0) && knowledge.allowed[$0]
    }
    // Each combination rebuilds the statement: the cost is combinations × its nodes.
    var total = 1
    for _ in mentioned {
      let (product, overflow) = total.multipliedReportingOverflow(by: max(choices.count, 1))
      let (work, workOverflow) = product.multipliedReportingOverflow(by: max(nodes, 1))
      guard !overflow, !workOverflow, work <= RuntimeLimits.maxKnowledgeCases else {
        throw RuntimeFailure(
          .limit(
            name: "maxKnowledgeCases", limit: RuntimeLimits.maxKnowledgeCases,
            what: "a statement about the unknown program has too many combinations of results to check"),
          at: range)
      }
      total = product
    }
    var parts: [FormulaID] = []
    var positions = Array(repeating: 0, count: mentioned.count)
    for _ in 0..<total {
      var results: [Int: Int] = [:]
      for (slot, leaf) in mentioned.enumerated() where choices.indices.contains(positions[slot]) {
        results[leaf] = choices[positions[slot]]
      }
      parts.append(arena.substituting(formula, results: results, resultCount: count))
      // The next assignment, like an odometer.
      for slot in positions.indices {
        positions[slot] += 1
        if positions[slot] < choices.count { break }
        positions[slot] = 0
      }
    }
    return every ? arena.and(parts) : arena.or(parts)
  }
}
