// Symbolic evaluation of expressions: each expression to its cases (path, value), with the
// step and formula-size limits, and the helpers shared by the operators.

import BargainLogic
import BargainSemantics
import BargainSyntax

extension Execution {
  /// The cases of `expr` on `path`; the formula limit is checked here, after each expression,
  /// so it stops at the expression whose formulas crossed it.
  mutating func evaluate(_ expr: CheckedExpr, _ path: Path) throws(RuntimeFailure) -> [(Path, Value)] {
    let results = try evaluateCases(expr, path)
    try countSteps(results.count, of: expr)
    return results
  }

  /// What `evaluate` counts for an expression with `cases` results, and its limit checks.
  mutating func countSteps(_ cases: Int, of expr: CheckedExpr) throws(RuntimeFailure) {
    compiler.steps += max(1, cases)
    guard compiler.steps <= RuntimeLimits.maxEvaluationSteps else {
      // The cost is runs times their size: point at what keeps adding runs, if anything does.
      throw RuntimeFailure(
        .limit(
          name: "maxEvaluationSteps", limit: RuntimeLimits.maxEvaluationSteps,
          what: "evaluating the programs takes too many steps"),
        at: compiler.growth.mostCommon(including: nil) ?? expr.range)
    }
    try checkFormulaSize(at: expr.range)
  }

  /// The single-path fast path: the value of an expression that neither splits, fails nor
  /// changes the path (a literal, `me`, `them`, a bound parameter or `let`), else nil. A caller
  /// that gets a value calls `countSteps(1, of: expr)` (what `evaluate` would count) and goes
  /// on with its own path, without an array of paths or a copy of the path.
  func leafValue(_ expr: CheckedExpr, _ path: Path) -> Value? {
    switch expr.kind {
    case .integer(let number): return .int(number)
    case .boolean(let truth): return .bool(truth)
    case .action(let index): return .action(index)
    case .outsideOption(let index): return .outside(index)
    case .rational(let value): return .rational(value)
    case .parameter(let index):
      guard matchup.player.arguments.indices.contains(index) else { return nil }
      return matchup.player.arguments[index]
    case .local(let slot):
      guard path.locals.indices.contains(slot), let value = path.locals[slot] else { return nil }
      return replacingUnknown(value)
    case .me: return .program(matchup.player)
    case .them: return .program(candidate ?? matchup.opponent)
    case .program, .play, .negate, .not, .and, .or, .arithmetic, .order, .equal, .membership, .outputField,
      .unconditional, .provable, .boundedProvable, .simulate, .timeout, .situation, .toRational,
      .rationalArithmetic, .negateRational, .round, .lastDemand, .demandAtRound, .playAtRound, .eventuallyAccepts:
      return nil
    }
  }

  mutating func checkFormulaSize(at range: SourceRange) throws(RuntimeFailure) {
    guard arena.count + arena.links <= RuntimeLimits.maxFormulaNodes else {
      throw RuntimeFailure(
        .limit(name: "maxFormulaNodes", limit: RuntimeLimits.maxFormulaNodes, what: "the formulas grew too large"),
        at: range)
    }
  }

  private mutating func evaluateCases(_ expr: CheckedExpr, _ path: Path) throws(RuntimeFailure) -> [(Path, Value)] {
    switch expr.kind {
    case .integer(let number): return [(path, .int(number))]
    case .boolean(let truth): return [(path, .bool(truth))]
    case .action(let index): return [(path, .action(index))]
    case .outsideOption(let index): return [(path, .outside(index))]
    case .rational(let value): return [(path, .rational(value))]
    case .timeout:
      try noteChance(at: expr.range)
      return [(path, .timeout)]
    case .round, .lastDemand, .demandAtRound, .playAtRound, .eventuallyAccepts:
      return try evaluateRounds(expr, path)
    case .situation(let fact):
      // A known constant of the agent's run (rule P10); a program that is no side's has none.
      let situation = matchup.player.situation.first ?? Situation()
      return [(path, .bool(try situation.holds(fact, in: world)))]
    case .parameter(let index):
      guard matchup.player.arguments.indices.contains(index) else { return [] }
      return [(path, matchup.player.arguments[index])]
    case .local(let slot):
      guard path.locals.indices.contains(slot), let value = path.locals[slot] else { return [] }
      return [(path, replacingUnknown(value))]
    case .me: return [(path, .program(matchup.player))]
    case .them: return [(path, .program(candidate ?? matchup.opponent))]
    case .program(let id, let arguments):
      var known: [(Path, [Value])] = []
      for (current, values) in try evaluateAll(arguments, path) {
        if let knowledge = values.lazy.compactMap(Self.knowledge(in:)).first {
          try failUnknown(current, "passing `them` as an argument", knowledge, at: expr.range)
        } else {
          known.append((current, values))
        }
      }
      return try known.map { current, values throws(RuntimeFailure) in
        let instance = ProgramInstance(program: id, arguments: values)
        guard instance.depth <= RuntimeLimits.maxInstanceDepth else {
          throw RuntimeFailure(
            .limit(
              name: "maxInstanceDepth", limit: RuntimeLimits.maxInstanceDepth,
              what: "program arguments nest too deeply"), at: expr.range)
        }
        if !values.isEmpty, compiler.growth.built[instance] == nil { compiler.growth.built[instance] = expr.range }
        return (current, .program(instance))
      }
    case .play(let player, let opponent):
      if let playerValue = leafValue(player, path), let opponentValue = leafValue(opponent, path) {
        try countSteps(1, of: player)
        try countSteps(1, of: opponent)
        guard case .program(let p) = playerValue, case .program(let q) = opponentValue else { return [] }
        return try play(Matchup(player: p, opponent: q), path, at: expr.range)
      }
      var results: [(Path, Value)] = []
      for (afterPlayer, playerValue) in try evaluate(player, path) {
        for (afterOpponent, opponentValue) in try evaluate(opponent, afterPlayer) {
          guard case .program(let p) = playerValue, case .program(let q) = opponentValue else { continue }
          results += try play(Matchup(player: p, opponent: q), afterOpponent, at: expr.range)
        }
      }
      return results
    case .simulate(let fuelExpr, let player, let opponent):
      try noteChance(at: expr.range)
      var results: [(Path, Value)] = []
      for (afterFuel, fuelValue) in try evaluateOptional(fuelExpr, path) {
        var requested: Int?
        if case .int(let amount)? = fuelValue {
          guard amount >= 0 else {
            try fail(afterFuel, .error(RuntimeFailure(.negativeFuel(fuel: amount), at: fuelExpr?.range ?? expr.range)))
            continue
          }
          requested = amount
        }
        for (afterPlayer, playerValue) in try evaluate(player, afterFuel) {
          for (afterOpponent, opponentValue) in try evaluate(opponent, afterPlayer) {
            guard case .program(let p) = playerValue, case .program(let q) = opponentValue else { continue }
            results += try simulate(
              Matchup(player: p, opponent: q), requestedFuel: requested, afterOpponent, at: expr.range)
          }
        }
      }
      return results
    case .negate(let operand):
      var results: [(Path, Value)] = []
      for (current, value) in try evaluate(operand, path) {
        guard case .int(let number) = value else {
          results.append((current, value))
          continue
        }
        let (negated, overflow) = (0).subtractingReportingOverflow(number)
        if overflow {
          try fail(current, .error(RuntimeFailure(.overflow(operation: "-"), at: expr.range)))
        } else {
          results.append((current, .int(negated)))
        }
      }
      return results
    case .negateRational(let operand):
      var results: [(Path, Value)] = []
      for (current, value) in try evaluate(operand, path) {
        guard case .rational(let number) = value else {
          results.append((current, value))
          continue
        }
        if let negated = Rational(0).subtracting(number) {
          results.append((current, .rational(negated)))
        } else {
          try fail(current, .error(RuntimeFailure(.overflow(operation: "-"), at: expr.range)))
        }
      }
      return results
    case .toRational(let operand):
      return try evaluate(operand, path).map { current, value in
        guard case .int(let number) = value else { return (current, value) }
        return (current, .rational(Rational(number)))
      }
    case .rationalArithmetic(let op, let left, let right):
      return try binary(left, right, path) { a, b throws(RuntimeFailure) in
        guard case .rational(let x) = a, case .rational(let y) = b else { return a }
        return .rational(try RuntimeArithmetic.rational(op, x, y, at: expr.range))
      }
    case .not(let operand):
      return try evaluate(operand, path).map { current, value in
        switch value {
        case .bool(let truth): return (current, .bool(!truth))
        case .formula(let formula):
          let negated = arena.not(formula)
          return (current, simplified(negated))
        default: return (current, value)
        }
      }
    case .and(let left, let right), .or(let left, let right):
      let isAnd: Bool
      if case .and = expr.kind { isAnd = true } else { isAnd = false }
      var results: [(Path, Value)] = []
      for (afterLeft, leftValue) in try evaluate(left, path) {
        if case .bool(let truth) = leftValue, truth != isAnd {
          results.append((afterLeft, .bool(truth)))
          continue
        }
        // The right operand is evaluated only where the left one does not decide: errors and
        // references in it count there only.
        var guarded = afterLeft
        if case .formula(let leftFormula) = leftValue {
          let deciding = isAnd ? leftFormula : arena.not(leftFormula)
          let reach = afterLeft.reach.map { arena.and([$0, deciding]) } ?? deciding
          guarded.reach = reach
        }
        for (afterRight, rightValue) in try evaluate(right, guarded) {
          var restored = afterRight
          restored.reach = afterLeft.reach
          let parts = [formula(leftValue), formula(rightValue)]
          let combined = isAnd ? arena.and(parts) : arena.or(parts)
          results.append((restored, simplified(combined)))
        }
      }
      return results
    case .arithmetic(let op, let left, let right):
      return try binary(left, right, path) { a, b throws(RuntimeFailure) in
        guard case .int(let x) = a, case .int(let y) = b else { return a }
        return .int(try RuntimeArithmetic.integer(op, x, y, at: expr.range))
      }
    case .order(let op, let left, let right):
      return try binary(left, right, path) { a, b in
        let comparison: Int
        switch (a, b) {
        case (.int(let x), .int(let y)): comparison = x < y ? -1 : (x == y ? 0 : 1)
        case (.rational(let x), .rational(let y)): comparison = x < y ? -1 : (x == y ? 0 : 1)
        default: return .bool(false)
        }
        switch op {
        case .less: return .bool(comparison < 0)
        case .lessEqual: return .bool(comparison <= 0)
        case .greater: return .bool(comparison > 0)
        case .greaterEqual: return .bool(comparison >= 0)
        }
      }
    case .equal(let left, let right, let negated):
      if let value = try playComparison(left, right, negated: negated, path) { return [(path, value)] }
      var results: [(Path, Value)] = []
      for (afterLeft, a) in try evaluate(left, path) {
        if let b = leafValue(right, afterLeft) {
          try countSteps(1, of: right)
          try compare(a, b, afterLeft, negated: negated, at: expr.range, into: &results)
          continue
        }
        for (afterRight, b) in try evaluate(right, afterLeft) {
          try compare(a, b, afterRight, negated: negated, at: expr.range, into: &results)
        }
      }
      return results
    case .membership(let element, let set, let negated):
      var results: [(Path, Value)] = []
      for (afterElement, value) in try evaluate(element, path) {
        switch set {
        case .list(let items):
          for (afterItems, members) in try evaluateAll(items, afterElement) {
            if let knowledge = unknown(value) ?? members.lazy.compactMap(Self.knowledge(in:)).first {
              try failUnknown(afterItems, "comparing `them`'s source", knowledge, at: expr.range)
              continue
            }
            let found = members.contains { isTrue(equality(value, $0, negated: false)) }
            results.append((afterItems, .bool(found != negated)))
          }
        case .range(let low, let high):
          for (afterLow, lowValue) in try evaluate(low, afterElement) {
            for (afterHigh, highValue) in try evaluate(high, afterLow) {
              guard case .int(let x) = value, case .int(let a) = lowValue, case .int(let b) = highValue else {
                continue
              }
              results.append((afterHigh, .bool((a <= x && x <= b) != negated)))
            }
          }
        }
      }
      return results
    case .outputField(let base, let field):
      return try evaluate(base, path).map { current, value in
        switch value {
        case .output(.bargain(let demand, let outside)):
          switch field {
          case .demand: return (current, .int(demand))
          case .outside: return (current, .outside(outside))
          }
        case .timeout:
          // A timed-out simulation has no demand; it reads as the smallest demand and the first option.
          switch field {
          case .demand:
            if case .bargaining(let game) = world.game.kind { return (current, .int(game.demands.first ?? 0)) }
            return (current, .int(0))
          case .outside: return (current, .outside(0))
          }
        default: return (current, value)
        }
      }
    case .unconditional(let base):
      var decided: [(Path, Value)] = []
      for (current, value) in try evaluate(base, path) {
        if let knowledge = unknown(value) {
          try failUnknown(current, "reading `them.unconditional`", knowledge, at: expr.range)
        } else {
          decided.append((current, value))
        }
      }
      return decided.map { current, value in
        guard case .program(let instance) = value, let program = world.program(instance.program) else {
          return (current, .bool(false))
        }
        noteFact(Fact(range: expr.range, kind: .source(value: !program.mentionsOpponent), formula: nil))
        return (current, .bool(!program.mentionsOpponent))
      }
    case .provable(let level, let body):
      var results: [(Path, Value)] = []
      for (current, k) in try proofLevels(level, path, at: expr.range) {
        let (statement, cases) = try knowingStatement(body, current, at: expr.range)
        try failInside(current, cases, level: k)
        let box = arena.box(statement, level: k)
        noteFact(Fact(range: expr.range, kind: .provable(level: k), formula: box))
        results.append((current, simplified(box)))
      }
      return results
    case .boundedProvable(let level, let budget, let body):
      var results: [(Path, Value)] = []
      for (leveled, k) in try proofLevels(level, path, at: expr.range) {
        for (current, value) in try evaluate(budget, leveled) {
          guard case .int(let amount) = value else { continue }
          guard amount >= 0 else {
            try fail(current, .error(RuntimeFailure(.negativeBudget(budget: amount), at: budget.range)))
            continue
          }
          let (body, cases) = try knowingStatement(body, current, at: expr.range)
          try failInside(current, cases, level: k)
          // PA+k proves φ iff PA proves Con^k → φ, i.e. ¬□^k⊥ → φ; □^k⊥ is [k-1]⊥ (rule B9). The
          // search looks for a proof of that implication, so its success atom, □(¬□^k⊥ → φ), is
          // exactly [k]φ, and the kernel, the checker and the axioms stay those of rule B2.
          var statement = body
          if k > 0 {
            let bottom = arena.constant(false)
            let consistency = arena.box(bottom, level: k - 1)
            statement = arena.or([consistency, body])
          }
          let query = try compiler.addQuery(
            statement: statement, budget: amount, level: k, asker: state, at: expr.range)
          let atom = arena.atom(compiler.system.atom(state: query, result: 0))
          noteFact(Fact(range: expr.range, kind: .bounded(query: compiler.system.queries.count - 1), formula: atom))
          results.append((current, .formula(atom)))
        }
      }
      return results
    }
  }

  mutating func evaluateOptional(_ expr: CheckedExpr?, _ path: Path) throws(RuntimeFailure) -> [(Path, Value?)] {
    guard let expr else { return [(path, nil)] }
    return try evaluate(expr, path).map { ($0.0, $0.1) }
  }

  mutating func evaluateAll(_ exprs: [CheckedExpr], _ path: Path) throws(RuntimeFailure) -> [(Path, [Value])] {
    var partial: [(Path, [Value])] = [(path, [])]
    for expr in exprs {
      var next: [(Path, [Value])] = []
      for index in partial.indices {
        // The last result takes the values over and appends in place: copying them for every
        // element made a 1,000-element set cost 500,000 copies per run.
        var values = partial[index].1
        partial[index].1 = []
        var results = try evaluate(expr, partial[index].0)
        guard let last = results.popLast() else { continue }
        for (after, value) in results { next.append((after, values + [value])) }
        values.append(last.1)
        next.append((last.0, values))
      }
      partial = next
    }
    return partial
  }

  mutating func binary(
    _ left: CheckedExpr, _ right: CheckedExpr, _ path: Path, _ combine: (Value, Value) throws(RuntimeFailure) -> Value
  ) throws(RuntimeFailure) -> [(Path, Value)] {
    var results: [(Path, Value)] = []
    for (afterLeft, a) in try evaluate(left, path) {
      if let b = leafValue(right, afterLeft) {
        try countSteps(1, of: right)
        do {
          results.append((afterLeft, try combine(a, b)))
        } catch {
          try fail(afterLeft, .error(error))
        }
        continue
      }
      for (afterRight, b) in try evaluate(right, afterLeft) {
        do {
          results.append((afterRight, try combine(a, b)))
        } catch {
          try fail(afterRight, .error(error))
        }
      }
    }
    return results
  }

  func isTrue(_ value: Value) -> Bool {
    if case .bool(true) = value { return true }
    return false
  }

  mutating func formula(_ value: Value) -> FormulaID {
    switch value {
    case .formula(let id): return id
    case .bool(let truth): return arena.constant(truth)
    default: return arena.constant(false)
    }
  }

  /// Constant formulas become plain booleans so `if` needs no split. Call it with an id already
  /// built (not `simplified(arena.f(...))`: `self` would be read before the arena grew).
  func simplified(_ id: FormulaID) -> Value {
    if case .constant(let truth) = arena.node(id) { return .bool(truth) }
    return .formula(id)
  }
}
