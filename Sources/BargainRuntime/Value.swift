// Runtime values of the evaluator. Booleans that depend on provability are formulas.

import BargainLogic
import BargainSemantics

/// A closed program: a declaration and its argument values.
public struct ProgramInstance: Hashable, Sendable {
  public var program: ProgramID
  public var arguments: [Value]
  /// The commitments that bind this program (protocol rule P8): nil for a free program.
  public var binding: Binding?
  /// Set only on the opponent of an agent's own bargaining run when the agent did not receive a
  /// single program (protocol rule P6): what it knows of it. `program` is then a placeholder.
  public var knowledge: Knowledge?
  /// Rule P10: the situation of the agent whose effective program this is (at most one; an
  /// array because a situation holds programs). Empty for every other program. Source equality
  /// ignores it: it is the program's input, not its text.
  public var situation: [Situation] = []
  /// Rules M2–M4: where this program stands in a multi-round bargaining; nil: round 1, no
  /// history. Like the situation it is the program's input, so source equality ignores it.
  public var roundState: RoundState?
  public init(program: ProgramID, arguments: [Value], binding: Binding? = nil, knowledge: Knowledge? = nil) {
    self.program = program
    self.arguments = arguments
    self.binding = binding
    self.knowledge = knowledge
  }

  /// Nesting depth of program-valued arguments (`P(Q(R))` has depth 3).
  /// Hashes the program, its arguments and its round state only: instances that differ in
  /// nothing else are rare, and the binding, knowledge and situation (which nests the other side's
  /// instance) made every run lookup of the compiler hash whole trees. Equality still compares
  /// every field. The round state is small and does tell runs apart: without it the N² runs of
  /// `eventually accepts` in self-play shared one hash (30 s at 50 rounds).
  public func hash(into hasher: inout Hasher) {
    hasher.combine(program)
    hasher.combine(arguments)
    hasher.combine(roundState)
  }

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
    if let knowledge = instance.knowledge { return knowledge.text }
    var name = program(instance.program)?.name ?? "?"
    if !instance.arguments.isEmpty {
      name += "(" + instance.arguments.map(describe).joined(separator: ", ") + ")"
    }
    if let binding = instance.binding { name += " under " + binding.text }
    if case .sticking(let round, let demand)? = instance.roundState {
      name += " at round \(round) sticking to \(demand)"
    }
    return name
  }

  public func describe(_ value: Value) -> String {
    switch value {
    case .int(let number): return String(number)
    // `1/10`, not `0.1`: a printed agent name must read back as a FILE:PROGRAM selection.
    case .rational(let number):
      return number.isInteger ? String(number.numerator) : "\(number.numerator)/\(number.denominator)"
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

  /// Source equality (rule 13): the same declaration closure (`sameClosure`) and equal
  /// arguments, program arguments compared the same way.
  public func sameSource(_ a: ProgramInstance, _ b: ProgramInstance) -> Bool {
    guard a.binding == b.binding, a.knowledge == nil, b.knowledge == nil, a.arguments.count == b.arguments.count,
      sameClosure(a.program, b.program)
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

  /// Whether two declarations are the same program together with everything they name: walking
  /// both reference graphs in step from the roots, paired declarations have the same canonical
  /// text and their references pair up one to one. Equal texts that name different `Helper`s
  /// differ; copies in two files whose closures match are equal. Linear in the closures' size.
  public func sameClosure(_ a: ProgramID, _ b: ProgramID) -> Bool {
    if a == b { return true }
    var leftToRight: [ProgramID: ProgramID] = [:]
    var rightToLeft: [ProgramID: ProgramID] = [:]
    var pending = [(a, b)]
    while let (x, y) = pending.popLast() {
      if let paired = leftToRight[x] {
        if paired != y { return false }
        continue
      }
      guard rightToLeft[y] == nil, let left = program(x), let right = program(y),
        left.canonicalSource == right.canonicalSource, left.references.count == right.references.count
      else { return false }
      leftToRight[x] = y
      rightToLeft[y] = x
      pending += zip(left.references, right.references)
    }
    return true
  }
}
