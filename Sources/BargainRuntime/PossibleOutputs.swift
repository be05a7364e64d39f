// Which outputs a program could ever produce, against any opponent. An over-approximation by
// abstract evaluation: every branch is taken, values that depend on the opponent are "anything".
// The commitment device uses it to admit a single program only if all its outputs are allowed.

import BargainSemantics

public enum PossibleOutputs {
  /// `result[i]` says whether `world.game.outputs[i]` is possible for `instance`.
  public static func of(_ instance: ProgramInstance, in world: CheckedWorld) -> [Bool] {
    let outputs = world.game.outputs
    guard let program = world.program(instance.program) else { return outputs.map { _ in true } }
    var analysis = Analysis(world: world, instance: instance, possible: outputs.map { _ in false })
    if let knowledge = instance.knowledge { return knowledge.allowed }
    var locals: [Abstract] = Array(repeating: .unknown, count: program.localCount)
    analysis.visit(program.body, &locals)
    guard let binding = instance.binding else { return analysis.possible }
    // A bound program outputs what its binding makes of each possible output (rule P8).
    var bound = outputs.map { _ in false }
    for (index, possible) in analysis.possible.enumerated() where possible {
      let result = binding.result(index, in: world.game)
      if bound.indices.contains(result) { bound[result] = true }
    }
    return bound
  }
}

/// A small set of known values, or unknown.
enum Abstract {
  case known([Value])
  case unknown

  /// Above this many alternatives a value is treated as unknown (keeps the analysis cheap).
  static let maxAlternatives = 64
}

private struct Analysis {
  let world: CheckedWorld
  let instance: ProgramInstance
  var possible: [Bool]

  mutating func visit(_ block: CheckedBlock, _ locals: inout [Abstract]) {
    for binding in block.lets where locals.indices.contains(binding.slot) {
      locals[binding.slot] = evaluate(binding.value, locals)
    }
    switch block.decision {
    case .conditional(let branches, let elseBlock, _):
      for branch in branches {
        var inner = locals
        visit(branch.block, &inner)
      }
      var inner = locals
      visit(elseBlock, &inner)
    case .random(_, let then, let otherwise, _):
      var inner = locals
      visit(then, &inner)
      var other = locals
      visit(otherwise, &other)
    case .output(let output):
      record(output, locals)
    }
  }

  mutating func record(_ output: CheckedOutput, _ locals: [Abstract]) {
    let outputs = world.game.outputs
    switch output {
    case .play(let expr, _):
      guard case .known(let values) = evaluate(expr, locals) else {
        possible = possible.map { _ in true }
        return
      }
      for value in values {
        let output: Output?
        switch value {
        case .action(let index): output = .action(index)
        case .output(let result): output = result
        default: output = nil
        }
        if let output, let index = world.game.outputIndex(output) { possible[index] = true }
      }
    case .demand(let amount, let outside, _):
      let demands = evaluate(amount, locals)
      let options = evaluate(outside, locals)
      for (index, candidate) in outputs.enumerated() {
        guard case .bargain(let demand, let option) = candidate else { continue }
        if matches(demands, .int(demand)) && matches(options, .outside(option)) { possible[index] = true }
      }
    }
  }

  func matches(_ abstract: Abstract, _ value: Value) -> Bool {
    switch abstract {
    case .unknown: return true
    case .known(let values): return values.contains(value)
    }
  }

  func evaluate(_ expr: CheckedExpr, _ locals: [Abstract]) -> Abstract {
    switch expr.kind {
    case .integer(let number): return .known([.int(number)])
    case .boolean(let truth): return .known([.bool(truth)])
    case .action(let index): return .known([.action(index)])
    case .outsideOption(let index): return .known([.outside(index)])
    case .parameter(let index):
      return instance.arguments.indices.contains(index) ? .known([instance.arguments[index]]) : .unknown
    case .local(let slot):
      return locals.indices.contains(slot) ? locals[slot] : .unknown
    case .negate(let operand):
      return map(evaluate(operand, locals)) { value in
        guard case .int(let number) = value, number != Int.min else { return nil }
        return .int(-number)
      }
    case .arithmetic(let op, let left, let right):
      guard case .known(let xs) = evaluate(left, locals), case .known(let ys) = evaluate(right, locals),
        xs.count * ys.count <= Abstract.maxAlternatives
      else { return .unknown }
      var results: [Value] = []
      for case .int(let x) in xs {
        for case .int(let y) in ys {
          if let value = op.apply(x, y), !results.contains(.int(value)) { results.append(.int(value)) }
        }
      }
      return .known(results)
    case .rational(let value): return .known([.rational(value)])
    case .me, .them, .program, .play, .not, .and, .or, .order, .equal, .membership, .outputField, .unconditional,
      .provable, .boundedProvable, .simulate, .timeout, .toRational, .rationalArithmetic, .negateRational,
      .situation, .round, .lastDemand, .demandAtRound, .playAtRound, .eventuallyAccepts:
      return .unknown
    }
  }

  func map(_ abstract: Abstract, _ transform: (Value) -> Value?) -> Abstract {
    guard case .known(let values) = abstract else { return .unknown }
    return .known(values.compactMap(transform))
  }
}
