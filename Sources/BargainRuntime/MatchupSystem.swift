// The public types of a compiled match: the runs it needs (RunKey), their paths, draws and branch
// steps, the facts a run asked, the bounded queries, and the system of equations that holds them.
// `MatchupCompiler.swift` builds a `MatchupSystem`; the solvers and reports read it.

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
