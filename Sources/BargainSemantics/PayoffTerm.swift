// Commitments about payoffs rather than outputs: surrogate goals and renegotiation wrappers
// (protocol rules SP1 and SP2). Written from the committing agent's side: its own option first.

/// A surrogate goal or a renegotiation wrapper for one disagreement outcome.
public enum PayoffTerm: Hashable, Sendable {
  /// `surrogate (mine, theirs) = v`: in the disagreement where this agent takes outside option
  /// `mine` and the other `theirs`, this agent's payoff is `v` (rule SP1).
  case surrogate(mine: Int, theirs: Int, value: Rational)
  /// `renegotiate (mine, theirs) = (a, b)`: if the other side's wrapper agrees, that disagreement
  /// is replaced by a substitute paying this agent `a` and the other `b` (rule SP2).
  case renegotiate(mine: Int, theirs: Int, mineValue: Rational, theirsValue: Rational)

  /// The outside options (this agent's, the other's) the term is about.
  public var options: (mine: Int, theirs: Int) {
    switch self {
    case .surrogate(let mine, let theirs, _), .renegotiate(let mine, let theirs, _, _): return (mine, theirs)
    }
  }

  public var isRenegotiation: Bool {
    switch self {
    case .surrogate: return false
    case .renegotiate: return true
    }
  }

  /// The wrapper the other side must commit to for this one to be agreed: the same substitute
  /// seen from its side.
  public var counterpart: PayoffTerm {
    switch self {
    case .surrogate: return self
    case .renegotiate(let mine, let theirs, let a, let b):
      return .renegotiate(mine: theirs, theirs: mine, mineValue: b, theirsValue: a)
    }
  }

  /// `surrogate (fight, fight) = -5`, `renegotiate (fight, fight) = (-5, -5)`.
  public func text(options names: [String]) -> String {
    let (mine, theirs) = options
    let pair =
      "(\(names.indices.contains(mine) ? names[mine] : "?"), \(names.indices.contains(theirs) ? names[theirs] : "?"))"
    switch self {
    case .surrogate(_, _, let value): return "surrogate \(pair) = \(value)"
    case .renegotiate(_, _, let a, let b): return "renegotiate \(pair) = (\(a), \(b))"
    }
  }
}
