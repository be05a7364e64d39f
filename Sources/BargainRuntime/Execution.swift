// Symbolic execution of one run (see `MatchupCompiler.swift`): its state, and the path, failure
// and limit bookkeeping every construct shares.

import BargainLogic
import BargainSemantics
import BargainSyntax

/// Symbolic execution of one program against one opponent. Internal, not private: its constructs
/// are evaluated in the `Execution+*.swift` files and `RoundsEvaluation.swift`.
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

  /// The path with `condition` added, or nil when that makes it impossible.
  mutating func restrict(_ path: Path, _ condition: FormulaID) -> Path? {
    let combined = arena.and([path.condition, condition])
    if case .constant(false) = arena.node(combined) { return nil }
    var result = path
    result.condition = combined
    return result
  }
}
