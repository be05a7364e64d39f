// The checked form of programs: every name resolved, every expression typed. Later phases
// (runtime, protocol) only ever see these types, so they cannot raise a source error.

import BargainSyntax

/// Identifies a checked program declaration inside a `CheckedWorld`.
public struct ProgramID: Hashable, Comparable, Sendable {
  public let index: Int
  public init(_ index: Int) { self.index = index }
  public static func < (lhs: ProgramID, rhs: ProgramID) -> Bool { lhs.index < rhs.index }
}

public enum ValueType: Hashable, Sendable, CustomStringConvertible {
  case int
  /// An exact fraction (probabilities).
  case rational
  case bool
  case action
  case outside
  case program
  /// What a program outputs in a bargaining game: a demand and an outside option.
  case output

  public var description: String {
    switch self {
    case .int: return "int"
    case .rational: return "rational"
    case .bool: return "bool"
    case .action: return "action"
    case .outside: return "outside option"
    case .program: return "program"
    case .output: return "bargaining output"
    }
  }

  public init(_ name: TypeName) {
    switch name {
    case .int: self = .int
    case .rational: self = .rational
    case .bool: self = .bool
    case .action: self = .action
    case .outside: self = .outside
    case .program: self = .program
    }
  }
}

/// A checked program declaration.
public struct CheckedProgram: Sendable {
  public var id: ProgramID
  public var name: String
  public var file: FileID
  public var range: SourceRange
  public var parameters: [CheckedParameter]
  public var body: CheckedBlock
  /// Number of `let` slots the body uses.
  public var localCount: Int
  /// Canonical source text of the declaration alone (comments and layout dropped); `them == me`
  /// compares it together with the texts of `references`, recursively (rule 13).
  public var canonicalSource: String
  /// Whether the text refers to `them` anywhere; `x.unconditional` is the negation.
  public var mentionsOpponent: Bool
  /// The declarations this one's text names (body and parameter defaults), each once, in order
  /// of first mention: with `canonicalSource` they fix what every name in the text means.
  public var references: [ProgramID]
  /// Whether the body reads a situation fact (`they committed ...`, rule P10): only then does
  /// the protocol give the agent's program its situation.
  public var readsSituation = false
}

public struct CheckedParameter: Sendable {
  public var name: String
  public var type: ValueType
  public var defaultValue: CheckedExpr?
  public var range: SourceRange
}

public struct CheckedBlock: Sendable {
  public var lets: [CheckedLet]
  public var decision: CheckedDecision
  public var range: SourceRange
}

public struct CheckedLet: Sendable {
  public var slot: Int
  public var name: String
  public var value: CheckedExpr
  public var range: SourceRange
}

public indirect enum CheckedDecision: Sendable {
  case conditional(branches: [CheckedBranch], elseBlock: CheckedBlock, range: SourceRange)
  case output(CheckedOutput)
  /// `with probability p { then } else { otherwise }`; `p` has type rational.
  case random(probability: CheckedExpr, then: CheckedBlock, otherwise: CheckedBlock, range: SourceRange)
}

public struct CheckedBranch: Sendable {
  public var condition: CheckedExpr
  public var block: CheckedBlock
}

public enum CheckedOutput: Sendable {
  /// An action (matrix games) or a whole bargaining output.
  case play(CheckedExpr, range: SourceRange)
  /// A demand and the outside option (the game's default filled in when omitted).
  case demand(CheckedExpr, outside: CheckedExpr, range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .play(_, let range), .demand(_, _, let range): return range
    }
  }
}

public enum OutputField: String, Sendable, CaseIterable {
  case demand
  case outside
}

public struct CheckedExpr: Sendable {
  public var kind: CheckedExprKind
  public var type: ValueType
  public var range: SourceRange
  public init(_ kind: CheckedExprKind, type: ValueType, range: SourceRange) {
    self.kind = kind
    self.type = type
    self.range = range
  }
}

public enum ArithmeticOperator: String, Sendable {
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
}

public enum OrderOperator: String, Sendable {
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
}

public enum CheckedSet: Sendable {
  case list([CheckedExpr])
  case range(low: CheckedExpr, high: CheckedExpr)
}

public indirect enum CheckedExprKind: Sendable {
  case integer(Int)
  case boolean(Bool)
  case action(Int)
  case outsideOption(Int)
  case parameter(Int)
  case local(Int)
  /// A program value: a declaration with its arguments (defaults already filled in).
  case program(ProgramID, arguments: [CheckedExpr])
  case me
  case them
  /// "`player` playing against `opponent` outputs ...": an action or a bargaining output.
  case play(player: CheckedExpr, opponent: CheckedExpr)
  case negate(CheckedExpr)
  case not(CheckedExpr)
  case and(CheckedExpr, CheckedExpr)
  case or(CheckedExpr, CheckedExpr)
  case arithmetic(ArithmeticOperator, CheckedExpr, CheckedExpr)
  case order(OrderOperator, CheckedExpr, CheckedExpr)
  /// `==` / `!=`; on programs this is equality of canonical source.
  case equal(CheckedExpr, CheckedExpr, negated: Bool)
  case membership(CheckedExpr, CheckedSet, negated: Bool)
  case outputField(CheckedExpr, OutputField)
  /// `p.unconditional`: the program's text never mentions `them`.
  case unconditional(CheckedExpr)
  /// `provable[level](body)`; `consistent` is checked into `not provable[level](not body)`.
  case provable(level: CheckedExpr?, CheckedExpr)
  /// `provable[level] within budget (body)`: the bounded proof search finds a proof of at most
  /// `budget` steps in PA+level (no level: PA).
  case boundedProvable(level: CheckedExpr?, budget: CheckedExpr, CheckedExpr)
  /// `simulate[fuel](player, opponent)`: an independent run; `timeout` when the fuel runs out.
  case simulate(fuel: CheckedExpr?, player: CheckedExpr, opponent: CheckedExpr)
  /// The value of a simulation that ran out of fuel.
  case timeout
  /// A fact of the agent's situation at bargaining time (rule P10), a constant of its run.
  case situation(CheckedPlanCondition)
  case rational(Rational)
  /// An int used where a rational is expected.
  case toRational(CheckedExpr)
  case rationalArithmetic(ArithmeticOperator, CheckedExpr, CheckedExpr)
  case negateRational(CheckedExpr)
  /// `round`: the current round, 1 in a game without rounds (rule M3).
  case round
  /// `my last demand` / `their last demand` (rule M3).
  case lastDemand(mine: Bool)
  /// `my demand at round k` / `their demand at round k` (rule M3).
  case demandAtRound(mine: Bool, CheckedExpr)
  /// `X(Y) at round k sticking to d` (rule M4).
  case playAtRound(player: CheckedExpr, opponent: CheckedExpr, round: CheckedExpr, sticking: CheckedExpr)
  /// `X(Y) eventually accepts d` (rule M4).
  case eventuallyAccepts(player: CheckedExpr, opponent: CheckedExpr, demand: CheckedExpr)
}

/// Everything a match needs: the game and every program reachable from the agents.
public struct CheckedWorld: Sendable {
  public var game: Game
  public var programs: [CheckedProgram]

  public func program(_ id: ProgramID) -> CheckedProgram? {
    programs.indices.contains(id.index) ? programs[id.index] : nil
  }
}

extension ArithmeticOperator {
  /// Integer arithmetic as the language defines it (division truncates toward zero); nil on
  /// overflow or division by zero. The one implementation every evaluator uses.
  public func apply(_ x: Int, _ y: Int) -> Int? {
    let result: (partialValue: Int, overflow: Bool)
    switch self {
    case .add: result = x.addingReportingOverflow(y)
    case .subtract: result = x.subtractingReportingOverflow(y)
    case .multiply: result = x.multipliedReportingOverflow(by: y)
    case .divide, .remainder:
      guard y != 0 else { return nil }
      result = self == .divide ? x.dividedReportingOverflow(by: y) : x.remainderReportingOverflow(dividingBy: y)
    }
    return result.overflow ? nil : result.partialValue
  }

  /// Exact rational arithmetic; nil on overflow or division by zero (`%` is not defined on rationals).
  public func apply(_ x: Rational, _ y: Rational) -> Rational? {
    switch self {
    case .add: return x.adding(y)
    case .subtract: return x.subtracting(y)
    case .multiply: return x.multiplied(by: y)
    case .divide, .remainder: return x.divided(by: y)
    }
  }
}
