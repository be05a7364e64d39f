// The bounds the lexer and parser put on input. Identical in debug and release builds; reaching
// one is a diagnostic, never a crash or a hang.

/// Named limits on what one source file may contain.
public enum SyntaxLimits {
  /// Largest source file, in bytes (1 MiB). Real programs are a few kilobytes; the bound keeps
  /// line tables, token arrays and diagnostics small when someone feeds us a log file by mistake.
  public static let maxSourceBytes = 1 << 20

  /// Deepest nesting of blocks, parentheses, prefix operators, modal operators and the height of
  /// the expression tree. A recursive-descent parser without a cap segfaults around 10,000 nested
  /// parentheses and takes the whole test process with it; later phases also recurse over the
  /// tree, so the same bound protects them. 200 is far beyond anything a person writes.
  public static let maxNestingDepth = 200

  /// Most tokens in one file. A real 1 MiB file averages more than 4 bytes per token, so this
  /// admits any real file while bounding the token array for pathological input (`a a a ...`).
  public static let maxTokens = 300_000

  /// Most parameters of one program. Every argument becomes part of an instantiated program's
  /// identity, so long lists only slow matchups down; 64 is generous.
  public static let maxParameters = 64

  /// Most arguments in one call. A call instantiates a program, which has at most
  /// `maxParameters` parameters, so a longer list can never be right.
  public static let maxArguments = 64

  /// Most elements in one set literal `{a, b, ...}`. Membership is checked element by element.
  public static let maxSetElements = 1_000

  /// Most clauses in one game body. A matrix game with 100 actions needs 10,000 `payoff` clauses.
  public static let maxGameClauses = 10_000

  /// Most names or numbers in one clause list (`actions`, `outside`, `demands {...}`). Matches
  /// the largest matrix `maxGameClauses` can fill (100 actions) with room to spare.
  public static let maxClauseListElements = 1_000

  /// Steps in one plan: each is simulated once per time step of the pre-bargaining phase.
  public static let maxPlanSteps = 1_000
  /// Actions in one `at T { ... }` block (including nested `if` blocks).
  public static let maxPlanActions = 1_000
  /// Terms of one computed demand bound (`100 - their floor - 10`): evaluated and printed
  /// recursively, so the chain's length is bounded like nesting.
  public static let maxBoundTerms = 100
}
