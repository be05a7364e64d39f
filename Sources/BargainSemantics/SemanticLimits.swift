// Limits the checker enforces. Same in every build; each has a test.

public enum SemanticLimits {
  /// Outputs per game (demands × outside options, or actions). Every matchup allocates one atom
  /// per output, so a grid like `demands 0..1000000000` would exhaust memory.
  public static let maxOutputs = 4096
  /// Largest pre-bargaining horizon and plan time: the protocol simulates every step.
  public static let maxHorizon = 10_000
  /// Rounds of a bargaining game (rule M1): every round solves a whole match, and a play at a
  /// later round (rule M4) adds one run per earlier round, so the rounds multiply the work.
  public static let maxRounds = 50
  /// `let` bindings in one program: every execution path carries one slot per binding, so a
  /// program with tens of thousands of lets costs quadratic time to compile.
  public static let maxLocals = 1_000
  /// Names longer than this get no "did you mean": the edit distance costs the product of the
  /// lengths, seconds for a name of a megabyte, and no real name is that long.
  public static let maxSuggestedNameLength = 64
  /// Unknown names per check that get a "did you mean": each suggestion scans every visible
  /// name, so a file of thousands of unknown names next to thousands of programs took minutes
  /// (5,000 × 5,000); only the first 100 diagnostics are shown in full anyway.
  public static let maxSuggestions = 100
}
