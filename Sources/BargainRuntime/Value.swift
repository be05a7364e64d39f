// Runtime values of the evaluator. Booleans that depend on provability are formulas.

import BargainLogic
import BargainSemantics

/// A closed program: a declaration and its argument values.
public struct ProgramInstance: Hashable, Sendable {
  public var program: ProgramID
  public var arguments: [Value]
  public init(program: ProgramID, arguments: [Value]) {
    self.program = program
    self.arguments = arguments
  }

  /// Nesting depth of program-valued arguments (`P(Q(R))` has depth 3).
  public var depth: Int {
    1
      + arguments.reduce(0) { deepest, value in
        if case .program(let inner) = value { return max(deepest, inner.depth) }
        return deepest
      }
  }
}

public indirect enum Value: Hashable, Sendable {
  case int(Int)
  case rational(Rational)
  case bool(Bool)
  case action(Int)
  case outside(Int)
  case program(ProgramInstance)
  case output(Output)
  /// A boolean whose truth depends on the Kripke world (it contains `provable`).
  case formula(FormulaID)
  /// The result of a simulation that ran out of fuel.
  case timeout
}

/// "`player` playing against `opponent`".
public struct Matchup: Hashable, Sendable {
  public var player: ProgramInstance
  public var opponent: ProgramInstance
  public init(player: ProgramInstance, opponent: ProgramInstance) {
    self.player = player
    self.opponent = opponent
  }
}

extension CheckedWorld {
  /// `Demand(100, walk)`, `FairBot`.
  public func describe(_ instance: ProgramInstance) -> String {
    let name = program(instance.program)?.name ?? "?"
    guard !instance.arguments.isEmpty else { return name }
    return name + "(" + instance.arguments.map(describe).joined(separator: ", ") + ")"
  }

  public func describe(_ value: Value) -> String {
    switch value {
    case .int(let number): return String(number)
    case .rational(let number): return number.description
    case .timeout: return "timeout"
    case .bool(let truth): return truth ? "true" : "false"
    case .action(let index), .outside(let index):
      switch game.kind {
      case .matrix(let matrix):
        if case .action = value, matrix.actions.indices.contains(index) { return matrix.actions[index] }
      case .bargaining(let bargaining):
        if case .outside = value, bargaining.outsideOptions.indices.contains(index) {
          return bargaining.outsideOptions[index]
        }
      }
      return "?"
    case .program(let instance): return describe(instance)
    case .output(let output): return game.describe(output)
    case .formula: return "<formula>"
    }
  }

  public func describe(_ matchup: Matchup) -> String {
    "\(describe(matchup.player)) vs \(describe(matchup.opponent))"
  }

  /// Equality of canonical source, argument by argument: the meaning of `them == me`.
  public func sameSource(_ a: ProgramInstance, _ b: ProgramInstance) -> Bool {
    guard let left = program(a.program), let right = program(b.program),
      left.canonicalSource == right.canonicalSource, a.arguments.count == b.arguments.count
    else { return false }
    for (x, y) in zip(a.arguments, b.arguments) {
      switch (x, y) {
      case (.program(let p), .program(let q)):
        if !sameSource(p, q) { return false }
      default:
        if x != y { return false }
      }
    }
    return true
  }
}
