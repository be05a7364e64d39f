// Errors and limit hits while compiling or solving a match, as diagnostics.

import BargainSyntax

public enum RuntimeMessage: DiagnosticMessage {
  case divisionByZero
  case overflow(operation: String)
  case demandNotAllowed(demand: Int, game: String, allowed: String)
  case negativeProofLevel(level: Int)
  case unguardedCycle(cycle: [String])
  case limit(name: String, limit: Int, what: String)

  public var id: String {
    switch self {
    case .divisionByZero: return "run.division-by-zero"
    case .overflow: return "run.overflow"
    case .demandNotAllowed: return "run.demand-not-allowed"
    case .negativeProofLevel: return "run.negative-proof-level"
    case .unguardedCycle: return "run.unguarded-cycle"
    case .limit: return "limit.exceeded"
    }
  }

  public var message: String {
    switch self {
    case .divisionByZero: return "division by zero"
    case .overflow(let operation): return "integer overflow in '\(operation)'"
    case .demandNotAllowed(let demand, let game, let allowed):
      return "demand \(demand) is not an allowed demand in \(game) (allowed: \(allowed))"
    case .negativeProofLevel(let level): return "proof level must be at least 0, found \(level)"
    case .unguardedCycle(let cycle):
      return "unguarded reference cycle: \(cycle.joined(separator: " -> "))"
    case .limit(let name, let limit, let what):
      return "resource limit reached: \(what) (\(name) = \(limit))"
    }
  }

  public var help: String? {
    switch self {
    case .unguardedCycle:
      return
        "evaluating this needs its own result; guard the reference with `provable(...)` so it is decided by proof"
    case .limit:
      return "the match was stopped cleanly; simplify the programs or split the question"
    case .divisionByZero, .overflow, .demandNotAllowed, .negativeProofLevel:
      return nil
    }
  }

  public var isLimit: Bool {
    if case .limit = self { return true }
    return false
  }
}

/// A failed match: the diagnostics, and whether a resource limit (rather than a program error) ended it.
public struct RuntimeFailure: Error, Sendable {
  public var diagnostics: [Diagnostic]
  public var limitReached: Bool
  public init(_ message: RuntimeMessage, at range: SourceRange?, notes: [Diagnostic.Note] = []) {
    diagnostics = [message.diagnostic(at: range, notes: notes)]
    limitReached = message.isLimit
  }
}
