// Checking plans, `main` and `grant`: names resolved in the agent's file, types and times checked.

import BargainSyntax

extension CheckerState {
  /// The checked agent for a request; `main` is the already checked agent program.
  mutating func checkAgentPlan(file: FileID, main: CheckedExpr) -> CheckedAgent {
    let unit = units[file.index].unit
    var steps: [CheckedPlanStep]?
    var grants: [CapabilityGrant] = []
    var seenPlan = false
    var lag: Int?
    successorNames = unit.items.compactMap { item -> String? in
      if case .agent(let decl) = item { return decl.name.name }
      return nil
    }
    defer { successorNames = [] }
    for item in unit.items {
      switch item {
      case .plan(let plan):
        if seenPlan {
          report(.secondPlan, plan.range)
          continue
        }
        seenPlan = true
        steps = checkPlanSteps(plan, file: file)
      case .grant(let grant):
        if let checkedGrant = checkGrant(grant) { grants.append(checkedGrant) }
      case .lag(let decl):
        if lag != nil {
          report(.secondLag, decl.range)
        } else if decl.steps.value < 1 {
          report(.lagTooSmall(lag: decl.steps.value), decl.steps.range)
        } else if decl.steps.value > SemanticLimits.maxHorizon {
          report(.timeOutOfRange(time: decl.steps.value, limit: SemanticLimits.maxHorizon), decl.steps.range)
        } else {
          lag = decl.steps.value
        }
      case .game, .program, .main, .tournament, .agent:
        break
      }
    }
    let successors = checkSuccessors(file: file, plan: steps)
    if let game {
      grants += game.grants
    }
    return CheckedAgent(
      label: baseName(units[file.index].path), main: main, plan: steps, grants: grants, lag: lag,
      successors: successors)
  }

  /// A plan's steps in time order (steps with equal times keep their order in the file).
  mutating func checkPlanSteps(_ plan: PlanDecl, file: FileID) -> [CheckedPlanStep] {
    var checked: [CheckedPlanStep] = []
    for step in plan.steps {
      if step.time.value < 0 || step.time.value > SemanticLimits.maxHorizon {
        report(.timeOutOfRange(time: step.time.value, limit: SemanticLimits.maxHorizon), step.time.range)
      }
      let actions = step.actions.compactMap { checkPlanAction($0, file: file) }
      var condition: CheckedPlanCondition?
      if let trigger = step.condition {
        guard let checkedTrigger = checkPlanCondition(trigger, file: file) else { continue }
        condition = checkedTrigger
      }
      checked.append(CheckedPlanStep(time: step.time.value, actions: actions, range: step.range, condition: condition))
    }
    return checked.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(
      \.element)
  }

  mutating func checkGrant(_ grant: GrantDecl) -> CapabilityGrant? {
    guard let capability = checkCapability(grant.capability) else { return nil }
    if grant.time.value < 0 || grant.time.value > SemanticLimits.maxHorizon {
      report(.timeOutOfRange(time: grant.time.value, limit: SemanticLimits.maxHorizon), grant.time.range)
      return nil
    }
    return CapabilityGrant(capability: capability, time: grant.time.value, range: grant.range)
  }

  mutating func checkCapability(_ name: Identifier) -> Capability? {
    if let capability = Capability(rawValue: name.name) { return capability }
    report(
      .unknownCapability(
        name: name.name, suggestion: suggestion(for: name.name, among: Capability.allCases.map(\.rawValue))),
      name.range)
    return nil
  }

  mutating func checkPlanAction(_ action: PlanAction, file: FileID) -> CheckedPlanAction? {
    switch action {
    case .commit(.delegate(let name, _), let range):
      guard let index = successorNames.firstIndex(of: name.name) else {
        report(
          .unknownSuccessor(name: name.name, suggestion: suggestion(for: name.name, among: successorNames)), name.range)
        return nil
      }
      return .delegate(successor: index, range: range)
    case .commit(let commitment, let range):
      return checkCommitment(commitment, file: file).map { .commit($0, range: range) }
    case .channel(let open, let range):
      return .channel(open: open, range: range)
    case .prepare(let name, let steps, let cost, let range):
      guard let capability = checkCapability(name) else { return nil }
      if steps.value < 0 || steps.value > SemanticLimits.maxHorizon {
        report(.timeOutOfRange(time: steps.value, limit: SemanticLimits.maxHorizon), steps.range)
        return nil
      }
      // Its own cost, else the game's for the capability, else free (rule P7).
      var amount = game?.setting(capability)?.cost ?? Rational(0)
      if let cost {
        guard let value = Rational(cost.numerator, cost.denominator), value >= Rational(0) else {
          report(.negativeCost(cost: cost.text), cost.range)
          return nil
        }
        amount = value
      }
      return .prepare(capability, steps: steps.value, cost: amount, range: range)
    case .conditional(let condition, let then, let otherwise, let range):
      let checkedCondition = checkPlanCondition(condition, file: file)
      let thenActions = then.compactMap { checkPlanAction($0, file: file) }
      let otherActions = otherwise.compactMap { checkPlanAction($0, file: file) }
      guard let checkedCondition else { return nil }
      return .conditional(checkedCondition, then: thenActions, otherwise: otherActions, range: range)
    case .chance(let probability, let then, let otherwise, let range):
      // A plan's probability is a constant: nothing about the opponent exists before bargaining.
      var context = ExprContext(file: file, parameters: [], allowOpponent: false)
      let checkedProbability = checkRational(probability, &context)
      let thenActions = then.compactMap { checkPlanAction($0, file: file) }
      let otherActions = otherwise.compactMap { checkPlanAction($0, file: file) }
      guard let checkedProbability else { return nil }
      return .chance(probability: checkedProbability, then: thenActions, otherwise: otherActions, range: range)
    }
  }

  mutating func checkPlanCondition(_ condition: PlanCondition, file: FileID) -> CheckedPlanCondition? {
    switch condition {
    case .committed(let commitment, _):
      return checkCommitment(commitment, file: file).map { .committed($0) }
    case .committedSomeProgram:
      return .committedSomeProgram
    case .channel(let open, _):
      return .channel(open: open)
    case .committedUnconditionally:
      return .committedUnconditionally
    case .committedFirst:
      return .committedFirst
    case .receivedMine:
      return .receivedMine
    case .reached:
      return .reached
    case .committedDelegate:
      return .committedDelegate
    case .boolean(let value, _):
      return .boolean(value)
    case .not(let operand, _):
      return checkPlanCondition(operand, file: file).map { .not($0) }
    case .and(let left, let right, _), .or(let left, let right, _):
      let l = checkPlanCondition(left, file: file)
      let r = checkPlanCondition(right, file: file)
      guard let l, let r else { return nil }
      if case .and = condition { return .and(l, r) }
      return .or(l, r)
    }
  }

  func checkedBound(_ bound: PlanBound) -> CheckedPlanBound {
    switch bound {
    case .integer(let literal): return .integer(literal.value)
    case .received(let floor, _): return .received(floor: floor)
    case .add(let left, let right, let range): return .add(checkedBound(left), checkedBound(right), range: range)
    case .subtract(let left, let right, let range):
      return .subtract(checkedBound(left), checkedBound(right), range: range)
    }
  }

  mutating func checkCommitment(_ commitment: Commitment, file: FileID) -> CheckedCommitment? {
    guard let game else { return nil }
    switch commitment {
    case .computedDemand(let op, let bound, let range):
      guard case .bargaining = game.kind else {
        report(.wrongOutputForGame(statement: "commit demand", game: game.name, kind: "matrix"), range)
        return nil
      }
      return .computedDemand(op, checkedBound(bound), text: CanonicalPrinter.print(bound), range: range)
    case .demand(let op, let value, let range):
      guard case .bargaining = game.kind else {
        report(.wrongOutputForGame(statement: "commit demand", game: game.name, kind: "matrix"), range)
        return nil
      }
      return .demand(op, value.value, range: range)
    case .outside(let option, let range):
      guard case .bargaining(let bargaining) = game.kind else {
        report(.wrongOutputForGame(statement: "commit outside", game: game.name, kind: "matrix"), range)
        return nil
      }
      guard let index = bargaining.outsideOptions.firstIndex(of: option.name) else {
        report(
          .unknownName(
            name: option.name, suggestion: suggestion(for: option.name, among: bargaining.outsideOptions)),
          option.range)
        return nil
      }
      return .outside(index, range: range)
    case .program(let expr, let range):
      return closedProgram(expr, file: file).map { .program($0, range: range) }
    case .programSet(let exprs, let range):
      let programs = exprs.compactMap { closedProgram($0, file: file) }
      guard programs.count == exprs.count else { return nil }
      return .programSet(programs, range: range)
    case .surrogate(let mine, let theirs, let value, let range):
      guard let (a, b) = outsidePair(mine, theirs, statement: "commit surrogate", range: range) else { return nil }
      let payoff = Rational(value.numerator, value.denominator) ?? Rational(0)
      return .payoff(.surrogate(mine: a, theirs: b, value: payoff), range: range)
    case .renegotiate(let mine, let theirs, let payoffs, let range):
      guard let (a, b) = outsidePair(mine, theirs, statement: "commit renegotiate", range: range) else { return nil }
      let profile = PayoffProfile(payoffs)
      return .payoff(
        .renegotiate(mine: a, theirs: b, mineValue: profile.row, theirsValue: profile.column), range: range)
    case .delegate:
      // `checkPlanAction` takes `commit delegate S`; conditions read `they committed delegate`.
      return nil
    }
  }

  /// The two outside options of a surrogate or wrapper, resolved in a bargaining game.
  mutating func outsidePair(
    _ mine: Identifier, _ theirs: Identifier, statement: String, range: SourceRange
  ) -> (Int, Int)? {
    guard let game, case .bargaining(let bargaining) = game.kind else {
      if let game { report(.wrongOutputForGame(statement: statement, game: game.name, kind: "matrix"), range) }
      return nil
    }
    var indices: [Int] = []
    for option in [mine, theirs] {
      guard let index = bargaining.outsideOptions.firstIndex(of: option.name) else {
        report(
          .unknownName(name: option.name, suggestion: suggestion(for: option.name, among: bargaining.outsideOptions)),
          option.range)
        return nil
      }
      indices.append(index)
    }
    return (indices[0], indices[1])
  }

  /// A program expression with no `me`/`them`, checked in the file's scope.
  mutating func closedProgram(_ expr: Expr, file: FileID) -> CheckedExpr? {
    var context = ExprContext(file: file, parameters: [], allowOpponent: false)
    guard let checked = checkExpr(expr, &context) else { return nil }
    guard checked.type == .program else {
      report(.typeMismatch(context: "commitment", expected: "a program", found: checked.type), expr.range)
      return nil
    }
    return checked
  }
}
