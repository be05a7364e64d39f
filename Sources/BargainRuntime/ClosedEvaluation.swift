// Evaluating closed program expressions: agents chosen on the command line (`Demand(70)`) and
// programs named in plans. No opponent exists yet, so only plain values are allowed.

import BargainSemantics
import BargainSyntax

extension MatchupCompiler {
  /// The program value of a closed expression, or the runtime error it raises (with its place).
  public static func closedInstance(of expr: CheckedExpr, in world: CheckedWorld) throws(RuntimeFailure)
    -> ProgramInstance
  {
    guard case .program(let instance) = try closedValue(expr, world) else {
      throw RuntimeFailure(.notClosed, at: expr.range)
    }
    return instance
  }

  /// `closedInstance`, or nil when it raises an error.
  public static func instance(of expr: CheckedExpr, in world: CheckedWorld) -> ProgramInstance? {
    try? closedInstance(of: expr, in: world)
  }

  /// The value of a closed rational expression (a plan's probability, rule P16).
  public static func closedRational(_ expr: CheckedExpr, in world: CheckedWorld) throws(RuntimeFailure) -> Rational {
    switch try closedValue(expr, world) {
    case .rational(let value): return value
    case .int(let value): return Rational(value)
    case .bool, .action, .outside, .program, .output, .formula, .timeout:
      throw RuntimeFailure(.notClosed, at: expr.range)
    }
  }

  static func closedValue(_ expr: CheckedExpr, _ world: CheckedWorld) throws(RuntimeFailure) -> Value {
    switch expr.kind {
    case .integer(let number): return .int(number)
    case .boolean(let truth): return .bool(truth)
    case .action(let index): return .action(index)
    case .outsideOption(let index): return .outside(index)
    case .rational(let value): return .rational(value)
    case .toRational(let inner):
      guard case .int(let number) = try closedValue(inner, world) else {
        throw RuntimeFailure(.notClosed, at: expr.range)
      }
      return .rational(Rational(number))
    case .negate(let inner):
      guard case .int(let number) = try closedValue(inner, world) else {
        throw RuntimeFailure(.notClosed, at: expr.range)
      }
      guard number != Int.min else { throw RuntimeFailure(.overflow(operation: "-"), at: expr.range) }
      return .int(-number)
    case .arithmetic(let op, let left, let right):
      guard case .int(let x) = try closedValue(left, world), case .int(let y) = try closedValue(right, world)
      else { throw RuntimeFailure(.notClosed, at: expr.range) }
      return .int(try RuntimeArithmetic.integer(op, x, y, at: expr.range))
    case .rationalArithmetic(let op, let left, let right):
      guard case .rational(let x) = try closedValue(left, world),
        case .rational(let y) = try closedValue(right, world)
      else { throw RuntimeFailure(.notClosed, at: expr.range) }
      return .rational(try RuntimeArithmetic.rational(op, x, y, at: expr.range))
    case .negateRational(let inner):
      guard case .rational(let x) = try closedValue(inner, world), let negated = Rational(0).subtracting(x)
      else { throw RuntimeFailure(.overflow(operation: "-"), at: expr.range) }
      return .rational(negated)
    case .program(let id, let arguments):
      var values: [Value] = []
      for argument in arguments { values.append(try closedValue(argument, world)) }
      let instance = ProgramInstance(program: id, arguments: values)
      guard instance.depth <= RuntimeLimits.maxInstanceDepth else {
        throw RuntimeFailure(
          .limit(
            name: "maxInstanceDepth", limit: RuntimeLimits.maxInstanceDepth, what: "program arguments nest too deeply"),
          at: expr.range)
      }
      return .program(instance)
    case .parameter, .local, .me, .them, .play, .not, .and, .or, .order, .equal, .membership, .outputField,
      .unconditional, .provable, .boundedProvable, .simulate, .timeout, .situation, .round, .lastDemand,
      .demandAtRound, .playAtRound, .eventuallyAccepts:
      throw RuntimeFailure(.notClosed, at: expr.range)
    }
  }
}
