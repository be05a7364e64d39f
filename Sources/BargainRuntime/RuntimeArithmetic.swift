// Arithmetic with the runtime's errors attached: one place for every evaluator.

import BargainSemantics
import BargainSyntax

enum RuntimeArithmetic {
  /// Division by zero is its own error; any other failure is an overflow.
  static func integer(_ op: ArithmeticOperator, _ x: Int, _ y: Int, at range: SourceRange) throws(RuntimeFailure)
    -> Int
  {
    if (op == .divide || op == .remainder) && y == 0 { throw RuntimeFailure(.divisionByZero, at: range) }
    guard let result = op.apply(x, y) else { throw RuntimeFailure(.overflow(operation: op.rawValue), at: range) }
    return result
  }

  static func rational(_ op: ArithmeticOperator, _ x: Rational, _ y: Rational, at range: SourceRange)
    throws(RuntimeFailure) -> Rational
  {
    if (op == .divide || op == .remainder) && y == Rational(0) { throw RuntimeFailure(.divisionByZero, at: range) }
    guard let result = op.apply(x, y) else { throw RuntimeFailure(.overflow(operation: op.rawValue), at: range) }
    return result
  }
}
