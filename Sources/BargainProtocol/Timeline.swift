// The pre-bargaining phase's record: events in a fixed order, T, and what each side carries into
// bargaining. Plain data for the renderers.

import BargainRuntime
import BargainSemantics
import BargainSyntax

public struct TimelineEvent: Hashable, Sendable {
  public enum Kind: String, Hashable, Sendable {
    /// A commitment entered the public ledger.
    case commit
    /// A commitment was refused by the commitment device; nothing changed.
    case reject
    /// A commitment of the other side reached this agent through its channel.
    case deliver
    case open
    case close
    /// The agent started preparing a capability.
    case prepare
    /// A capability became available (prepared or granted).
    case capability
    /// At bargaining, both sides' renegotiation wrappers agreed on a substitute (rule SP2).
    case renegotiate
    /// A randomized plan's draw (rule P16): which block the agent takes. Only the agent sees it.
    case draw
  }

  public var time: Int
  /// 0 for the row agent, 1 for the column agent.
  public var side: Int
  public var agent: String
  public var kind: Kind
  /// One readable line, e.g. `commits program Demand70`.
  public var detail: String
}

/// A commitment after resolution: the outputs it allows and the programs it admits.
public struct ResolvedCommitment: Sendable {
  public var text: String
  public var allowed: [Bool]
  /// Non-nil for `program P` (one element) and `program in {...}`.
  public var programs: [ProgramInstance]?
  public var isSingleProgram: Bool
  /// A surrogate goal or renegotiation wrapper (rules SP1, SP2): it allows every output.
  public var term: PayoffTerm? = nil
  /// `delegate S`: the successor's name (rule P15).
  public var delegate: String? = nil
}

public struct LedgerEntry: Sendable {
  public var time: Int
  public var side: Int
  public var commitment: ResolvedCommitment
  /// Made with the capability `verify`: only such entries are delivered (rule P7).
  public var verifiable = true
}

public struct ProtocolOutcome: Sendable {
  public var horizon: Int
  public var lag: Int
  public var events: [TimelineEvent]
  /// T: the first step at which both sides committed to a single program and each knows the other's.
  public var handOver: Int?
  /// The step at which bargaining happens: T, or the horizon when T was not reached.
  public var bargainingTime: Int
  /// Row, column: the programs that bargain.
  public var programs: [ProgramInstance]
  /// Why each program was used ("committed at t=3", "main program: no single program committed").
  public var programReasons: [String]
  /// Each side's committed constraints as outputs allowed (the commitment device enforces them).
  public var allowed: [[Bool]]
  /// Each side's accepted commitments, as text with their times.
  public var commitments: [[String]]
  public var labels: [String]
  /// What each side's program plays against at bargaining time (rule P6): the other's program if
  /// its single program was delivered, else an unknown program described by what was delivered.
  public var opponents: [ProgramInstance]
  /// Per side, the lag of its commitments (its file's `lag`, else `lag`).
  public var lags: [Int]
  /// Per side, its accepted surrogate goals and wrappers, and the other's it received by
  /// bargaining time (rules SP1, SP2).
  public var terms: [[PayoffTerm]] = [[], []]
  public var receivedTerms: [[PayoffTerm]] = [[], []]
  /// Per side, what its prepared capabilities cost; subtracted from its payoffs (rule P7).
  public var costs: [Rational] = [Rational(0), Rational(0)]
}
