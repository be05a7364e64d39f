// Symbolic execution of a program body: `let` bindings, `if` chains and `with probability`
// decisions, and the output each path produces.

import BargainLogic
import BargainSemantics
import BargainSyntax

extension Execution {
  mutating func execute(_ block: CheckedBlock, _ path: Path) throws(RuntimeFailure) -> [(Path, Int)] {
    if block.lets.isEmpty { return try decide(block.decision, path) }
    var paths = [path]
    for binding in block.lets {
      // Each path is moved out of `paths` and its locals out of `current`, so binding a slot
      // writes in place: copying the locals per `let` would cost lets × locals per run.
      var waiting = Array(paths.reversed())
      paths = []
      while var current = waiting.popLast() {
        var cases = try evaluate(binding.value, current)
        current.locals = []
        for index in cases.indices {
          if cases[index].0.locals.indices.contains(binding.slot) {
            cases[index].0.locals[binding.slot] = cases[index].1
          }
          paths.append(cases[index].0)
        }
      }
    }
    var results: [(Path, Int)] = []
    for current in paths { results += try decide(block.decision, current) }
    return results
  }

  mutating func decide(_ decision: CheckedDecision, _ path: Path) throws(RuntimeFailure) -> [(Path, Int)] {
    switch decision {
    case .conditional(let branches, let elseBlock, _):
      // Iterative over the branches: a long `else if` chain must not deepen the stack.
      var results: [(Path, Int)] = []
      var remaining = [path]
      for branch in branches {
        var skipped: [Path] = []
        for current in remaining {
          for (afterCondition, value) in try evaluate(branch.condition, current) {
            // Only the branches a path takes get a trail step and a copy of the path.
            let range = branch.condition.range
            switch value {
            case .bool(true):
              var yes = afterCondition
              yes.trail = trails.extend(
                afterCondition.trail, with: BranchStep(range: range, taken: true, isRandom: false))
              results += try execute(branch.block, yes)
            case .formula(let condition):
              if var taken = restrict(afterCondition, condition) {
                taken.trail = trails.extend(
                  afterCondition.trail, with: BranchStep(range: range, taken: true, isRandom: false))
                results += try execute(branch.block, taken)
              }
              let negated = arena.not(condition)
              if var other = restrict(afterCondition, negated) {
                other.trail = trails.extend(
                  afterCondition.trail, with: BranchStep(range: range, taken: false, isRandom: false))
                skipped.append(other)
              }
              try checkFormulaSize(at: range)
            default:
              var no = afterCondition
              no.trail = trails.extend(
                afterCondition.trail, with: BranchStep(range: range, taken: false, isRandom: false))
              skipped.append(no)
            }
          }
        }
        remaining = skipped
        if remaining.isEmpty { break }
      }
      for current in remaining { results += try execute(elseBlock, current) }
      return results
    case .random(let probability, let then, let otherwise, let range):
      try noteChance(at: range)
      var results: [(Path, Int)] = []
      for (current, value) in try evaluate(probability, path) {
        guard case .rational(let p) = value else { continue }
        guard p >= Rational(0), p <= Rational(1), let q = Rational(1).subtracting(p) else {
          try fail(current, .error(RuntimeFailure(.probabilityOutOfRange(value: p.description), at: range)))
          continue
        }
        try countPaths(1, at: range)
        if p != Rational(0) {
          var taken = current
          taken.weights.append(p)
          taken.trail = trails.extend(
            current.trail, with: BranchStep(range: probability.range, taken: true, isRandom: true))
          results += try execute(then, taken)
        }
        if q != Rational(0) {
          var other = current
          other.weights.append(q)
          other.trail = trails.extend(
            current.trail, with: BranchStep(range: probability.range, taken: false, isRandom: true))
          results += try execute(otherwise, other)
        }
      }
      return results
    case .output(let output):
      return try produce(output, path)
    }
  }

  mutating func produce(_ output: CheckedOutput, _ path: Path) throws(RuntimeFailure) -> [(Path, Int)] {
    // Only the index: a copy of the system held across `evaluate` would make every run the
    // play registers copy the system's arrays (quadratic in the runs).
    let timeoutResult = compiler.system.timeoutResult
    switch output {
    case .play(let expr, _):
      return try evaluate(expr, path).compactMap { current, value in
        switch value {
        case .action(let index): return world.game.outputIndex(.action(index)).map { (current, $0) }
        case .output(let result): return world.game.outputIndex(result).map { (current, $0) }
        case .timeout: return (current, timeoutResult)
        default: return nil
        }
      }
    case .demand(let amount, let outside, let range):
      var results: [(Path, Int)] = []
      for (afterAmount, amountValue) in try evaluate(amount, path) {
        for (afterOutside, outsideValue) in try evaluate(outside, afterAmount) {
          guard case .int(let demand) = amountValue, case .outside(let option) = outsideValue else { continue }
          guard let index = world.game.outputIndex(.bargain(demand: demand, outside: option)) else {
            let error = RuntimeFailure(
              .demandNotAllowed(demand: demand, game: world.game.name, allowed: allowedDemands()), at: range)
            try fail(afterOutside, .error(error))
            continue
          }
          results.append((afterOutside, index))
        }
      }
      return results
    }
  }

  func allowedDemands() -> String {
    guard case .bargaining(let game) = world.game.kind else { return "" }
    if game.demands.count <= 12 { return game.demands.map(String.init).joined(separator: ", ") }
    let head = game.demands.prefix(3).map(String.init).joined(separator: ", ")
    return "\(head), ..., \(game.demands.last.map(String.init) ?? "")"
  }
}
