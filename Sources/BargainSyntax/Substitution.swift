// Replacing a name by an integer in an expression: how a tournament's agent family
// (`Demand(k) for k in 0..100 step 10`) becomes one agent per value.

extension Expr {
  /// The expression with every occurrence of the name `variable` replaced by `value`. Agent
  /// expressions bind no names, so no occurrence is shadowed. Recursion is bounded by the parser's
  /// nesting limit.
  public func substituting(_ variable: String, with value: Int) -> Expr {
    func go(_ expr: Expr) -> Expr { expr.substituting(variable, with: value) }
    let kind: ExprKind
    switch self.kind {
    case .name(let name):
      kind = name == variable ? .integer(value) : self.kind
    case .integer, .boolean, .me, .them, .timeout, .situation, .lastDemand:
      kind = self.kind
    case .demandAtRound(let mine, let round):
      kind = .demandAtRound(mine: mine, round: go(round))
    case .playAtRound(let play, let round, let sticking):
      kind = .playAtRound(play: go(play), round: go(round), sticking: go(sticking))
    case .eventuallyAccepts(let play, let demand):
      kind = .eventuallyAccepts(play: go(play), demand: go(demand))
    case .unary(let op, let operand):
      kind = .unary(op, go(operand))
    case .binary(let op, let left, let right):
      kind = .binary(op, go(left), go(right))
    case .membership(let element, let set, let negated):
      let newSet: SetExpr
      switch set {
      case .list(let items, let range): newSet = .list(items.map(go), range: range)
      case .range(let low, let high, let range): newSet = .range(low: go(low), high: go(high), range: range)
      }
      kind = .membership(go(element), newSet, negated: negated)
    case .call(let callee, let arguments):
      kind = .call(go(callee), arguments.map(go))
    case .field(let base, let field):
      kind = .field(go(base), field)
    case .modal(let op, let level, let body):
      kind = .modal(op, level: level.map(go), go(body))
    case .bounded(let level, let budget, let body):
      kind = .bounded(level: level.map(go), budget: go(budget), go(body))
    case .labeled(let label, let value):
      kind = .labeled(label, go(value))
    case .simulate(let fuel, let player, let opponent):
      kind = .simulate(fuel: fuel.map(go), player: go(player), opponent: go(opponent))
    }
    return Expr(kind, range: range)
  }
}
