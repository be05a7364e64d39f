// Limits on what evaluating a matchup may cost. Identical in every build; each has a test.

public enum RuntimeLimits {
  /// Distinct matchups one match may reach. Programs that build ever-new opponents
  /// (`them(Wrap(me))`) would otherwise grow the system without end.
  public static let maxMatchups = 20_000
  /// Execution paths of one program against one opponent. Each unguarded reference to a play
  /// splits the path once per possible output, so a few nested ones multiply quickly.
  public static let maxPathsPerMatchup = 20_000
  /// Formula nodes in one match's system plus the children of its conjunctions and disjunctions
  /// (memory bound: flattening makes a chain of k `and`s store about k²/2 children).
  public static let maxFormulaNodes = 2_000_000
  /// Largest k in `provable[k]`: the solver must visit at least k worlds.
  public static let maxProofLevel = 10_000
  /// Nesting of program-valued arguments (`P(P(P(...)))`): bounds hashing and printing depth.
  public static let maxInstanceDepth = 64
  /// Kripke worlds the solver may visit before giving up.
  public static let maxWorlds = 100_000
  /// Expression cases evaluated while compiling one match, over all its runs. Runs times program
  /// size is otherwise unbounded in practice (20,000 runs of a 300,000-token program).
  public static let maxEvaluationSteps = 1_000_000
  /// Formula nodes, paths and variables handled, summed over the Kripke worlds a match with
  /// chance solves: each world re-evaluates and re-solves them all, and up to `maxWorlds` worlds
  /// times a system of millions of nodes would take hours. Deciding each world's boxes as events
  /// (rule S7) costs about 2 µs a step in a release build, so 500,000 keeps the worst case near a
  /// second.
  public static let maxWorldSteps = 500_000
  /// Largest simulation fuel: each fuel level of a run is a separate run to compile.
  public static let maxFuel = 10_000
  /// Bounded proof searches in one match, over all rounds of rule B3. Each round searches every
  /// query still believed to succeed again, so a long cascade of failures could cost queries²
  /// searches; real matches need a few per query, and the largest systems (10,000 queries, each
  /// searched and re-checked once) need 20,000.
  public static let maxBoundedSearches = 50_000
  /// Work of the bounded proof searches of one match, summed: each search's closure formulas plus
  /// `GLProver.workPerSequent` per sequent it explored. Every search first builds its goal's
  /// closure and solves it by the Kripke method, so a match whose searches each closed over
  /// 8,000 formulas of a large system ran past a 30 s time limit, and `maxBoundedSearches` searches of
  /// `maxFormulaSize` formulas (or `maxSearchNodes` sequents) would take hours; this keeps a
  /// match's searches near a second in a release build.
  public static let maxSearchWork = 1_000_000
  /// Joint outcomes × formula nodes checked at one Kripke world of a match with chance, to decide
  /// which statements about random runs hold with probability 1 (rule S7). Runs that share no
  /// statement part are split apart first, so this only binds when one statement ties together
  /// many runs with several possible results each (2^17 outcomes of a 10-node statement). The
  /// same bound covers the joint results listed in building one match's search axioms (rule B8).
  public static let maxEventCases = 1_000_000
  /// Assignments of results to an unknown program's runs checked for one statement (rule P6),
  /// times the statement's formula nodes: each assignment rebuilds the statement. The
  /// assignments are the allowed outputs to the power of the opponents the statement plays the
  /// unknown program against, so several opponents multiply quickly (20³ assignments of a
  /// 9,000-node statement took 40 s before this bound).
  public static let maxKnowledgeCases = 1_000_000
}
