// Errors and limit hits while compiling or solving a match, as diagnostics.

import BargainSyntax

public enum RuntimeMessage: DiagnosticMessage {
  case divisionByZero
  case overflow(operation: String)
  case demandNotAllowed(demand: Int, game: String, allowed: String)
  case negativeProofLevel(level: Int)
  case negativeFuel(fuel: Int)
  case negativeBudget(budget: Int)
  case probabilityOutOfRange(value: String)
  case notClosed
  case internalError(what: String)
  case unguardedCycle(cycle: [String])
  case limit(name: String, limit: Int, what: String)
  /// Rule B3: the rounds return to an earlier set of answers instead of settling.
  case boundedAnswersInconsistent(searches: [String])
  /// Rule P6: the agent did not receive the other's program, so it cannot run or read it.
  case unknownProgram(operation: String, known: String)
  /// Rule M3: a demand of a round that has not been played yet.
  case noEarlierRound(asked: Int, current: Int)
  /// Rule M4: `at round k` outside the game's rounds.
  case roundOutOfRange(round: Int, rounds: Int)
  /// Rule M7: rounds are played one after another, which needs each round's outputs.
  case roundsWithChance

  public var id: String {
    switch self {
    case .divisionByZero: return "run.division-by-zero"
    case .overflow: return "run.overflow"
    case .demandNotAllowed: return "run.demand-not-allowed"
    case .negativeProofLevel: return "run.negative-proof-level"
    case .negativeFuel: return "run.negative-fuel"
    case .negativeBudget: return "run.negative-budget"
    case .probabilityOutOfRange: return "run.probability-out-of-range"
    case .notClosed: return "run.not-closed"
    case .internalError: return "run.internal"
    case .unguardedCycle: return "run.unguarded-cycle"
    case .limit: return "limit.exceeded"
    case .boundedAnswersInconsistent: return "limit.bounded-answers"
    case .unknownProgram: return "run.unknown-program"
    case .noEarlierRound: return "run.no-earlier-round"
    case .roundOutOfRange: return "run.round-out-of-range"
    case .roundsWithChance: return "run.rounds-with-chance"
    }
  }

  public var message: String {
    switch self {
    case .divisionByZero: return "division by zero"
    case .overflow(let operation): return "integer overflow in '\(operation)'"
    case .demandNotAllowed(let demand, let game, let allowed):
      return "demand \(demand) is not an allowed demand in \(game) (allowed: \(allowed))"
    case .negativeProofLevel(let level): return "proof level must be at least 0, found \(level)"
    case .negativeFuel(let fuel): return "simulation fuel must be at least 0, found \(fuel)"
    case .negativeBudget(let budget): return "proof budget must be at least 0, found \(budget)"
    case .probabilityOutOfRange(let value): return "a probability must be between 0 and 1, found \(value)"
    case .notClosed: return "this must be a program value computed from constants, such as Demand(70)"
    case .internalError(let what): return "internal error: \(what); please report it with the programs that caused it"
    case .unguardedCycle(let cycle):
      return "unguarded reference cycle: \(cycle.joined(separator: " -> "))"
    case .limit(let name, let limit, let what):
      return "resource limit reached: \(what) (\(name) = \(limit))"
    case .boundedAnswersInconsistent(let searches):
      let subject =
        searches.count == 1
        ? "the answer of \(searches[0]) keeps" : "the answers of \(searches.joined(separator: " and ")) keep"
      return "rule B3 found no consistent answers for the bounded searches: \(subject) changing from round to "
        + "round (each round's answers contradict the searches they lead to)"
    case .unknownProgram(let operation, let known):
      return "\(operation) needs the other side's program, but this agent knows only \(known)"
    case .noEarlierRound(let asked, let current):
      return asked == current - 1 && current == 1
        ? "there is no last demand in round 1"
        : "round \(asked) is not an earlier round: this run is at round \(current)"
    case .roundOutOfRange(let round, let rounds):
      return "round \(round) is outside the game's rounds 1...\(rounds)"
    case .roundsWithChance:
      return "a game with rounds branches on each round's exact outcome profiles, but this round's chance is not exact"
    }
  }

  public var help: String? {
    switch self {
    case .unguardedCycle:
      return
        "evaluating this needs its own result; guard the reference with `provable(...)` so it is decided by proof"
    case .limit:
      return "the match was stopped cleanly; simplify the programs or split the question"
    case .boundedAnswersInconsistent:
      return "every answer must agree with its own search in the final system (Grammar/semantics.md, rule B3); "
        + "change a budget, or use `provable` instead of `provable within`"
    case .unknownProgram:
      return "at bargaining time `them` is what the agent received (protocol rule P6): ask about it inside "
        + "`provable`, which holds when it holds for every program the agent cannot rule out"
    case .noEarlierRound:
      return "guard it with the round, e.g. `if round > 1 { ... }` (semantics rule M3)"
    case .roundsWithChance:
      return "rounds branch only on exact probabilities (semantics rule M8): a nonlinear recursion (rule S4), a "
        + "solver limit or more than maxProfiles profiles leaves only bounds, and `eventually accepts` with chance "
        + "must be asked inside `provable`"
    case .divisionByZero, .overflow, .demandNotAllowed, .negativeProofLevel, .negativeFuel, .negativeBudget,
      .probabilityOutOfRange, .notClosed, .internalError, .roundOutOfRange:
      return nil
    }
  }

  /// Exit code 3: a resource limit, or the bounded-answer method finding no consistent answers.
  public var isLimit: Bool {
    switch self {
    case .limit, .boundedAnswersInconsistent: return true
    case .divisionByZero, .overflow, .demandNotAllowed, .negativeProofLevel, .negativeFuel, .negativeBudget,
      .probabilityOutOfRange, .notClosed, .internalError, .unguardedCycle, .unknownProgram, .noEarlierRound,
      .roundOutOfRange, .roundsWithChance:
      return false
    }
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
