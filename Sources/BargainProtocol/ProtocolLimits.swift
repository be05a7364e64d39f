// Limits of the pre-bargaining phase. Same in every build; each has a test.

import BargainSemantics

public enum ProtocolLimits {
  /// Largest horizon: every step is simulated.
  public static let maxHorizon = SemanticLimits.maxHorizon
  /// Ledger entries (accepted commitments) of one run: each is delivered and re-checked.
  public static let maxLedgerEntries = 10_000
  /// Actions one agent may execute in one step (nested `if` blocks included).
  public static let maxActionsPerStep = 1_000
  /// Delegations in one side's chain (rule P15): each hands over a whole plan, and the timeline
  /// names the chain (`Alice→S→T`); circles are refused statically, so only long chains reach it.
  public static let maxDelegationDepth = 16
  /// Default horizon H and lag L.
  public static let defaultHorizon = 10
  public static let defaultLag = 1
  /// Outcome profiles listed for a match with chance (results squared can reach millions); the
  /// rest is reported as unlisted mass.
  public static let maxProfiles = 10_000
  /// Rounds played over all histories of a game with rounds and chance (rule M8): each solves a
  /// whole match, and a side that mixes two demands doubles the histories every round.
  public static let maxRoundBranches = 1_000
}
