// The checked form of an agent's pre-bargaining part: its plan, grants and main program.

import BargainSyntax

/// What an agent can develop before committing to certain programs.
public enum Capability: String, Hashable, Sendable, CaseIterable {
  /// Committing to a program that inspects `them` (is not `unconditional`).
  case conditional
  /// Making one's commitments verifiable: without it they bind but never reach the other (rule P7).
  /// Had from t = 0 unless the game withholds it, so files written before it behave as before.
  case verify
  /// Committing to a renegotiation wrapper (rule SP2).
  case renegotiate
}

/// A game's `capability c [withheld] [cost r]` clause (rule P7).
public struct CapabilitySetting: Hashable, Sendable {
  public var capability: Capability
  /// Not had by default: only a `prepare` or a `grant` gives it (meaningful for `verify`).
  public var withheld: Bool
  /// What one `prepare` of it costs unless the `prepare` names its own cost.
  public var cost: Rational?
  public var range: SourceRange
}

public struct CapabilityGrant: Hashable, Sendable {
  public var capability: Capability
  public var time: Int
  public var range: SourceRange
}

/// A demand bound computed when the commitment is made (rule P14).
public indirect enum CheckedPlanBound: Sendable {
  case integer(Int)
  case received(floor: Bool)
  case add(CheckedPlanBound, CheckedPlanBound, range: SourceRange)
  case subtract(CheckedPlanBound, CheckedPlanBound, range: SourceRange)
}

public enum CheckedCommitment: Sendable {
  case demand(BoundOperator, Int, range: SourceRange)
  /// A bound over what was received; `text` is its source (`100 - their floor`).
  case computedDemand(BoundOperator, CheckedPlanBound, text: String, range: SourceRange)
  case outside(Int, range: SourceRange)
  /// A single program (a closed program expression).
  case program(CheckedExpr, range: SourceRange)
  case programSet([CheckedExpr], range: SourceRange)
  /// A surrogate goal or a renegotiation wrapper (rules SP1 and SP2).
  case payoff(PayoffTerm, range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .demand(_, _, let range), .computedDemand(_, _, _, let range), .outside(_, let range),
      .program(_, let range), .programSet(_, let range), .payoff(_, let range):
      return range
    }
  }
}

public indirect enum CheckedPlanCondition: Sendable {
  case committed(CheckedCommitment)
  case committedSomeProgram
  case channel(open: Bool)
  case committedUnconditionally
  case committedFirst
  case receivedMine
  case reached
  /// `they committed delegate` (rule P15).
  case committedDelegate
  case boolean(Bool)
  case not(CheckedPlanCondition)
  case and(CheckedPlanCondition, CheckedPlanCondition)
  case or(CheckedPlanCondition, CheckedPlanCondition)
}

public indirect enum CheckedPlanAction: Sendable {
  case commit(CheckedCommitment, range: SourceRange)
  case channel(open: Bool, range: SourceRange)
  /// `cost`: subtracted from the agent's payoff when the action runs (rule P7).
  case prepare(Capability, steps: Int, cost: Rational, range: SourceRange)
  case conditional(CheckedPlanCondition, then: [CheckedPlanAction], otherwise: [CheckedPlanAction], range: SourceRange)
  /// `commit delegate S`: `successor` indexes the agent's `successors` (rule P15).
  case delegate(successor: Int, range: SourceRange)
  /// `with probability p { ... } else { ... }` (rule P16); `probability` is a closed rational.
  case chance(probability: CheckedExpr, then: [CheckedPlanAction], otherwise: [CheckedPlanAction], range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .commit(_, let range), .channel(_, let range), .prepare(_, _, _, let range),
      .conditional(_, _, _, let range), .delegate(_, let range), .chance(_, _, _, let range):
      return range
    }
  }
}

public struct CheckedPlanStep: Sendable {
  public var time: Int
  public var actions: [CheckedPlanAction]
  public var range: SourceRange
  /// A `when` step's condition (rule P13); nil for `at t`.
  public var condition: CheckedPlanCondition? = nil
}

/// An agent as the protocol sees it: its main program, plan (if any) and exogenous grants.
public struct CheckedAgent: Sendable {
  /// The file's display name (its base name), used in timelines.
  public var label: String
  public var main: CheckedExpr
  /// Steps in time order (steps with the same time keep their file order). Nil: the file has no plan.
  public var plan: [CheckedPlanStep]?
  public var grants: [CapabilityGrant]
  /// `lag N` in the agent's file: its commitments reach the other after N steps (rule P2); nil:
  /// the command line's `--lag`.
  public var lag: Int? = nil
  /// The file's `agent S { ... }` blocks, in file order (rule P15).
  public var successors: [CheckedSuccessor] = []
}

/// A successor: the plan and main program a delegation hands over to (rule P15).
public struct CheckedSuccessor: Sendable {
  public var name: String
  public var main: CheckedExpr
  /// Nil: no plan, so it commits to nothing and bargains with `main`.
  public var plan: [CheckedPlanStep]?
}
