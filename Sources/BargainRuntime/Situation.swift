// What an agent knows of the strategic situation (protocol rule P10): the facts its plan
// conditions read at each step and its program reads at bargaining time, as constants.

import BargainSemantics
import BargainSyntax

public struct Situation: Hashable, Sendable {
  /// The outputs the other side's delivered commitments allow.
  public var knownAllowed: [Bool] = []
  /// The delivered `program in {...}` sets' intersection; nil when none was delivered.
  public var knownPrograms: [ProgramInstance]?
  /// The delivered single program (at most one).
  public var knownSingle: [ProgramInstance] = []
  /// The other's channel status after the previous step (rule P3).
  public var theirChannelOpen = true
  /// The other side committed before any of this side's commitments reached it.
  public var theyCommittedFirst = false
  /// This side has commitments and every one of them has reached the other side.
  public var theyReceivedMine = false
  /// T was reached (always false during the plans, which stop at T).
  public var reached = false
  /// The other side's surrogate goals and renegotiation wrappers received (rules SP1, SP2).
  public var receivedTerms: [PayoffTerm] = []
  /// A delegation of the other side reached this side (rule P15).
  public var theyDelegated = false

  public init() {}

  /// Whether the fact holds. A condition naming a program that cannot be built is an error.
  public func holds(_ condition: CheckedPlanCondition, in world: CheckedWorld) throws(RuntimeFailure) -> Bool {
    switch condition {
    case .boolean(let value):
      return value
    case .not(let operand):
      return try !holds(operand, in: world)
    case .and(let left, let right):
      guard try holds(left, in: world) else { return false }
      return try holds(right, in: world)
    case .or(let left, let right):
      if try holds(left, in: world) { return true }
      return try holds(right, in: world)
    case .channel(let open):
      return theirChannelOpen == open
    case .committedSomeProgram:
      return !knownSingle.isEmpty
    case .committedFirst:
      return theyCommittedFirst
    case .receivedMine:
      return theyReceivedMine
    case .reached:
      return reached
    case .committedDelegate:
      return theyDelegated
    case .committedUnconditionally:
      // From commitment status: what was received fixes one output, or is a single program
      // whose text never reads its opponent (rule 14).
      if knownAllowed.filter({ $0 }).count == 1 { return true }
      guard let single = knownSingle.first else { return false }
      return single.binding == nil && !(world.program(single.program)?.mentionsOpponent ?? true)
    case .committed(let commitment):
      switch commitment {
      case .program(let expr, _):
        let program = try MatchupCompiler.closedInstance(of: expr, in: world)
        guard let known = knownSingle.first else { return false }
        return world.sameSource(known, program)
      case .programSet(let exprs, _):
        var set: [ProgramInstance] = []
        for expr in exprs { set.append(try MatchupCompiler.closedInstance(of: expr, in: world)) }
        if let known = knownSingle.first { return set.contains { world.sameSource($0, known) } }
        guard let known = knownPrograms else { return false }
        return known.allSatisfy { program in set.contains { world.sameSource($0, program) } }
      case .demand(let op, let bound, _):
        return implies(CommitmentOutputs.allowed(op, bound, in: world.game))
      case .computedDemand(let op, let bound, _, _):
        return implies(CommitmentOutputs.allowed(op, try value(of: bound, in: world.game), in: world.game))
      case .outside(let option, _):
        return implies(CommitmentOutputs.allowed(outside: option, in: world.game))
      case .payoff(let term, _):
        return receivedTerms.contains(term)
      }
    }
  }

  /// A computed demand bound (rule P14): `their floor` and `their cap` are the least and the
  /// greatest demand the other's received commitments allow (all of the game's demands when
  /// nothing was received).
  public func value(of bound: CheckedPlanBound, in game: Game) throws(RuntimeFailure) -> Int {
    switch bound {
    case .integer(let number):
      return number
    case .received(let floor):
      var demands: [Int] = []
      for (index, output) in game.outputs.enumerated() {
        guard case .bargain(let demand, _) = output, knownAllowed.indices.contains(index) ? knownAllowed[index] : true
        else { continue }
        demands.append(demand)
      }
      return (floor ? demands.min() : demands.max()) ?? 0
    case .add(let left, let right, let range), .subtract(let left, let right, let range):
      let a = try value(of: left, in: game)
      let b = try value(of: right, in: game)
      let isAdd: Bool
      if case .add = bound { isAdd = true } else { isAdd = false }
      let (result, overflow) = isAdd ? a.addingReportingOverflow(b) : a.subtractingReportingOverflow(b)
      guard !overflow else { throw RuntimeFailure(.overflow(operation: isAdd ? "+" : "-"), at: range) }
      return result
    }
  }

  /// Known commitments imply the constraint: everything they still allow, it allows.
  func implies(_ allowed: [Bool]) -> Bool {
    zip(knownAllowed, allowed).allSatisfy { !$0 || $1 }
  }
}

/// The outputs a bound or outside-option commitment allows, in the game's output order.
public enum CommitmentOutputs {
  public static func allowed(_ op: BoundOperator, _ bound: Int, in game: Game) -> [Bool] {
    game.outputs.map { output in
      guard case .bargain(let demand, _) = output else { return false }
      switch op {
      case .atLeast: return demand >= bound
      case .atMost: return demand <= bound
      case .exactly: return demand == bound
      }
    }
  }

  public static func allowed(outside option: Int, in game: Game) -> [Bool] {
    game.outputs.map { output in
      guard case .bargain(_, let chosen) = output else { return false }
      return chosen == option
    }
  }
}
