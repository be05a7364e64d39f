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
//
// The compiled types are in `MatchupSystem.swift`, the path bookkeeping in `CompilerPaths.swift`,
// and the symbolic execution of a run in `Execution.swift` and its `Execution+*.swift` extensions.

import BargainLogic
import BargainSemantics
import BargainSyntax

public struct MatchupCompiler {
  public internal(set) var system: MatchupSystem
  private var pending: [Int] = []
  var growth = RunOrigins()
  /// Expression cases evaluated so far, over every run (`maxEvaluationSteps`).
  var steps = 0
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
  mutating func register(
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

  mutating func noteUnguarded(from source: Int, to target: Int, at range: SourceRange) {
    if !system.unguarded[source].contains(where: { $0.target == target }) {
      system.unguarded[source].append((target, range))
    }
  }

  mutating func addQuery(
    statement: FormulaID, budget: Int, level: Int, asker: Int, at range: SourceRange
  ) throws(RuntimeFailure) -> Int {
    let state = try register(.oracle(system.queries.count), at: range)
    system.queries.append(
      BoundedQuery(state: state, asker: asker, statement: statement, budget: budget, level: level, range: range))
    return state
  }
}
