// The canonical printer: one spelling per tree. Comments and layout are dropped, indentation is
// two spaces, one clause, `let` or statement per line, and parentheses appear only where
// precedence needs them. The interpreter compares printed programs to decide `them == me`.

public enum CanonicalPrinter {
  /// Imports, then items, separated by blank lines; ends with a newline unless empty.
  public static func print(_ unit: SourceUnit) -> String {
    let imports = unit.imports.map { "import \"\($0.path)\"\n" }.joined()
    let items = unit.items.map { item -> String in
      switch item {
      case .game(let game): return print(game)
      case .program(let program): return print(program)
      case .plan(let plan): return print(plan)
      case .main(let main): return "main \(print(main.program))\n"
      case .grant(let decl): return grantText(decl) + "\n"
      case .tournament(let decl): return print(decl)
      case .lag(let decl): return "lag \(decl.steps.value)\n"
      case .agent(let decl): return print(decl)
      }
    }
    return ([imports].filter { !$0.isEmpty } + items).joined(separator: "\n")
  }

  public static func print(_ program: ProgramDecl) -> String {
    var header = "program \(program.name.name)"
    if !program.parameters.isEmpty {
      header += "(" + program.parameters.map(parameter).joined(separator: ", ") + ")"
    }
    return header + " " + block(program.body, indent: "") + "\n"
  }

  public static func print(_ game: GameDecl) -> String {
    guard let body = game.body else { return "game \(game.name.name)\n" }
    let clauses = body.clauses.map { "  " + clause($0) + "\n" }.joined()
    return "game \(game.name.name) {\n\(clauses)}\n"
  }

  /// The expression with the fewest parentheses that parse back to the same tree.
  public static func print(_ expr: Expr) -> String {
    print(expr, atLeast: .disjunction)
  }

  /// Every operator application in parentheses; tests use it to pin precedence.
  public static func printFullyParenthesized(_ expr: Expr) -> String {
    let full = printFullyParenthesized
    switch expr.kind {
    case .integer, .boolean, .name, .me, .them: return print(expr)
    case .unary(.not, let operand): return "(not \(full(operand)))"
    case .unary(.negate, let operand): return "(-\(full(operand)))"
    case .binary(let op, let left, let right): return "(\(full(left)) \(op.rawValue) \(full(right)))"
    case .membership(let element, let set, let negated):
      let setText: String
      switch set {
      case .list(let elements, _): setText = "{" + elements.map(full).joined(separator: ", ") + "}"
      case .range(let low, let high, _): setText = "\(full(low))..\(full(high))"
      }
      return "(\(full(element)) \(negated ? "not in" : "in") \(setText))"
    case .call(let callee, let arguments):
      return full(callee) + "(" + arguments.map(full).joined(separator: ", ") + ")"
    case .field(let base, let field): return "\(full(base)).\(field.name)"
    case .modal(let op, let level, let body):
      return op.rawValue + (level.map { "[\(full($0))]" } ?? "") + "(\(full(body)))"
    case .bounded(let level, let budget, let body):
      return "provable" + (level.map { "[\(full($0))]" } ?? "")
        + " within \(budgetText(budget, full)) (\(full(body)))"
    case .simulate(let fuel, let player, let opponent):
      return "simulate" + (fuel.map { "[\(full($0))]" } ?? "") + "(\(full(player)), \(full(opponent)))"
    case .timeout:
      return "timeout"
    case .labeled(let label, let value):
      return "\(label.name): \(full(value))"
    case .situation(let condition):
      return print(condition)
    case .lastDemand, .demandAtRound, .playAtRound, .eventuallyAccepts:
      return "(" + render(expr) + ")"
    }
  }

  /// A budget prints bare when it is a literal or a name, else in parentheses (grammar rule `budget`).
  private static func budgetText(_ budget: Expr, _ printer: (Expr) -> String) -> String {
    switch budget.kind {
    case .integer(let value) where value >= 0: return String(value)
    case .name(let name): return name
    default: return "(" + printer(budget) + ")"
    }
  }

  // MARK: - Expressions

  /// Binding strength, loosest first: one case per precedence level of the grammar.
  enum Level: Int, Comparable {
    case disjunction = 1
    case conjunction
    case negation
    case comparison
    case sum
    case product
    case unary
    case postfix

    static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  static func level(of op: BinaryOperator) -> Level {
    switch op {
    case .or: return .disjunction
    case .and: return .conjunction
    case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return .comparison
    case .add, .subtract: return .sum
    case .multiply, .divide, .remainder: return .product
    }
  }

  static func level(of expr: Expr) -> Level {
    switch expr.kind {
    case .binary(let op, _, _): return level(of: op)
    case .unary(.not, _): return .negation
    case .unary(.negate, _): return .unary
    // A situation fact reads like a comparison (`they committed demand >= 70`).
    case .membership, .situation: return .comparison
    // `X(Y) at round k sticking to d` ends in a sum: parenthesized wherever a tighter level stands.
    case .playAtRound, .eventuallyAccepts: return .comparison
    case .lastDemand, .demandAtRound: return .postfix
    // A negative literal prints with a leading '-', which reads back as negation.
    case .integer(let value): return value < 0 ? .unary : .postfix
    case .boolean, .name, .me, .them, .call, .field, .modal, .bounded, .simulate, .timeout: return .postfix
    // Only an argument, where any expression may stand.
    case .labeled: return .disjunction
    }
  }

  /// `expr`, in parentheses when it binds more loosely than `minimum`.
  private static func print(_ expr: Expr, atLeast minimum: Level) -> String {
    let text = render(expr)
    return level(of: expr) < minimum ? "(\(text))" : text
  }

  private static func render(_ expr: Expr) -> String {
    switch expr.kind {
    case .integer(let value): return String(value)
    case .boolean(let value): return value ? "true" : "false"
    case .name(let name): return name
    case .me: return "me"
    case .them: return "them"
    case .unary(.not, let operand): return "not " + print(operand, atLeast: .negation)
    case .unary(.negate, let operand):
      let text = print(operand, atLeast: .unary)
      return text.hasPrefix("-") ? "- " + text : "-" + text
    case .binary(let op, let left, let right):
      let own = level(of: op)
      // Left-associative levels take their own level on the left; comparison does not chain.
      let leftLevel = own == .comparison ? .sum : own
      let rightLevel = Level(rawValue: own.rawValue + 1) ?? .postfix
      return print(left, atLeast: leftLevel) + " \(op.rawValue) " + print(right, atLeast: rightLevel)
    case .membership(let element, let set, let negated):
      return print(element, atLeast: .sum) + (negated ? " not in " : " in ") + render(set)
    case .call(let callee, let arguments):
      return print(callee, atLeast: .postfix) + "(" + arguments.map(print).joined(separator: ", ") + ")"
    case .field(let base, let field):
      return print(base, atLeast: .postfix) + "." + field.name
    case .modal(let op, let level, let body):
      return op.rawValue + (level.map { "[\(print($0))]" } ?? "") + "(\(print(body)))"
    case .bounded(let level, let budget, let body):
      return "provable" + (level.map { "[\(print($0))]" } ?? "")
        + " within \(budgetText(budget, print)) (\(print(body)))"
    case .simulate(let fuel, let player, let opponent):
      return "simulate" + (fuel.map { "[\(print($0))]" } ?? "") + "(\(print(player)), \(print(opponent)))"
    case .timeout:
      return "timeout"
    case .labeled(let label, let value):
      return "\(label.name): \(print(value))"
    case .situation(let condition):
      return print(condition)
    case .lastDemand(let mine):
      return (mine ? "my" : "their") + " last demand"
    case .demandAtRound(let mine, let round):
      return (mine ? "my" : "their") + " demand at round " + print(round, atLeast: .postfix)
    case .playAtRound(let play, let round, let sticking):
      return print(play, atLeast: .postfix) + " at round " + print(round, atLeast: .sum) + " sticking to "
        + print(sticking, atLeast: .sum)
    case .eventuallyAccepts(let play, let demand):
      return print(play, atLeast: .postfix) + " eventually accepts " + print(demand, atLeast: .sum)
    }
  }

  private static func render(_ set: SetExpr) -> String {
    switch set {
    case .list(let elements, _): return "{" + elements.map(print).joined(separator: ", ") + "}"
    case .range(let low, let high, _): return print(low, atLeast: .sum) + ".." + print(high, atLeast: .sum)
    }
  }

  // MARK: - Declarations

  private static func parameter(_ parameter: Parameter) -> String {
    let text = "\(parameter.name.name): \(parameter.type.rawValue)"
    return parameter.defaultValue.map { text + " = " + print($0) } ?? text
  }

  /// `{`, the lets and the decision one level deeper than `indent`, then `}` (no newline).
  private static func block(_ block: Block, indent: String) -> String {
    let inner = indent + "  "
    let lets = block.lets.map { "\(inner)let \($0.name.name) = \(print($0.value))\n" }.joined()
    return "{\n" + lets + inner + decision(block.decision, indent: inner) + "\n" + indent + "}"
  }

  private static func decision(_ decision: Decision, indent: String) -> String {
    switch decision {
    case .output(.play(let action, _)):
      return "play " + print(action)
    case .output(.demand(let amount, let outside, _)):
      return "demand " + print(amount) + (outside.map { " outside " + print($0) } ?? "")
    case .conditional(let chain):
      let branches = chain.branches.map { "if \(print($0.condition)) " + block($0.block, indent: indent) }
      return branches.joined(separator: " else ") + " else " + block(chain.elseBlock, indent: indent)
    case .random(let choice):
      return "with probability \(print(choice.probability)) " + block(choice.then, indent: indent) + " else "
        + block(choice.otherwise, indent: indent)
    }
  }

  private static func clause(_ clause: GameClause) -> String {
    switch clause {
    case .actions(let names, _):
      return "actions " + names.map(\.name).joined(separator: ", ")
    case .payoff(let row, let column, let payoffs, _):
      return "payoff " + outcome(row, column, payoffs)
    case .resource(let amount, _):
      return "resource \(amount.value)"
    case .demandRange(let low, let high, let step, _):
      return "demands \(low.value)..\(high.value)" + (step.map { " step \($0.value)" } ?? "")
    case .demandList(let values, _):
      return "demands {" + values.map { String($0.value) }.joined(separator: ", ") + "}"
    case .outsideOptions(let names, _):
      return "outside " + names.map(\.name).joined(separator: ", ")
    case .defaultOutside(let option, _):
      return "default outside \(option.name)"
    case .disagreement(let row, let column, let payoffs, _):
      return "disagreement " + outcome(row, column, payoffs)
    case .surplus(let rule, _):
      return "surplus \(rule.rawValue)"
    case .neverEnds(let payoffs, _):
      return "never ends (\(payoffs.row.text), \(payoffs.column.text))"
    case .grant(let decl):
      return grantText(decl)
    case .capability(let name, let withheld, let cost, _):
      return "capability \(name.name)" + (withheld ? " withheld" : "") + (cost.map { " cost \($0.text)" } ?? "")
    case .rounds(let count, _):
      return "rounds \(count.value)"
    case .discount(let factor, _):
      return "discount \(factor.text)"
    case .costPerRound(let cost, _):
      return "cost per round \(cost.text)"
    case .lockWhenRepeated:
      return "lock when repeated"
    }
  }

  private static func grantText(_ decl: GrantDecl) -> String {
    "grant \(decl.capability.name) at \(decl.time.value)"
  }

  // MARK: - Plans

  /// One clause per line; each entry of an `agents` clause on its own line.
  public static func print(_ tournament: TournamentDecl) -> String {
    var out = "tournament {\n"
    if !tournament.entries.isEmpty {
      out += "  agents\n" + tournament.entries.map { "    " + entry($0) }.joined(separator: ",\n") + "\n"
    }
    if let horizon = tournament.horizon { out += "  horizon \(horizon.value)\n" }
    if let lag = tournament.lag { out += "  lag \(lag.value)\n" }
    return out + "}\n"
  }

  static func entry(_ entry: TournamentEntry) -> String {
    var text = ""
    if let path = entry.path { text = "\"\(path)\"" + (entry.program == nil ? "" : ":") }
    if let program = entry.program { text += print(program, atLeast: .postfix) }
    if let family = entry.family {
      text += " for \(family.variable.name) in \(family.low.value)..\(family.high.value)"
      if let step = family.step { text += " step \(step.value)" }
    }
    return text
  }

  /// A successor's block: its plans and mains indented one level.
  public static func print(_ agent: AgentDecl) -> String {
    var inner = agent.plans.map { print($0) }.joined()
    inner += agent.mains.map { "main \(print($0.program))\n" }.joined()
    let lines = inner.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    return "agent \(agent.name.name) {\n" + lines.map { $0.isEmpty ? "\n" : "  \($0)\n" }.joined() + "}\n"
  }

  public static func print(_ plan: PlanDecl) -> String {
    var out = "plan {\n"
    for step in plan.steps {
      let trigger = step.condition.map { "when " + print($0) } ?? "at \(step.time.value)"
      out += "  \(trigger) " + planBlock(step.actions, indent: "  ") + "\n"
    }
    return out + "}\n"
  }

  private static func planBlock(_ actions: [PlanAction], indent: String) -> String {
    guard !actions.isEmpty else { return "{\n\(indent)}" }
    let inner = indent + "  "
    return "{\n" + actions.map { inner + planAction($0, indent: inner) + "\n" }.joined() + indent + "}"
  }

  private static func planAction(_ action: PlanAction, indent: String) -> String {
    switch action {
    case .commit(let commitment, _): return "commit " + print(commitment)
    case .channel(let open, _): return open ? "open" : "close"
    case .prepare(let capability, let steps, let cost, _):
      return "prepare \(capability.name) for \(steps.value)" + (cost.map { " cost \($0.text)" } ?? "")
    case .conditional(let condition, let then, let otherwise, _):
      var text = "if \(print(condition)) " + planBlock(then, indent: indent)
      if otherwise.count == 1, case .conditional = otherwise[0] {
        text += " else " + planAction(otherwise[0], indent: indent)
      } else if !otherwise.isEmpty {
        text += " else " + planBlock(otherwise, indent: indent)
      }
      return text
    case .chance(let probability, let then, let otherwise, _):
      return "with probability \(print(probability)) " + planBlock(then, indent: indent) + " else "
        + planBlock(otherwise, indent: indent)
    }
  }

  public static func print(_ commitment: Commitment) -> String {
    switch commitment {
    case .demand(let op, let value, _): return "demand \(op.rawValue) \(value.value)"
    case .computedDemand(let op, let bound, _): return "demand \(op.rawValue) " + print(bound)
    case .outside(let option, _): return "outside = \(option.name)"
    case .program(let program, _): return "program " + print(program)
    case .programSet(let programs, _): return "program in {" + programs.map { print($0) }.joined(separator: ", ") + "}"
    case .surrogate(let mine, let theirs, let value, _):
      return "surrogate (\(mine.name), \(theirs.name)) = \(value.text)"
    case .renegotiate(let mine, let theirs, let payoffs, _):
      return "renegotiate (\(mine.name), \(theirs.name)) = (\(payoffs.row.text), \(payoffs.column.text))"
    case .delegate(let successor, _): return "delegate \(successor.name)"
    }
  }

  /// `100 - (their floor + 10)`: left-associative, so a right operand that is itself a sum is
  /// parenthesised.
  public static func print(_ bound: PlanBound) -> String {
    switch bound {
    case .integer(let literal): return String(literal.value)
    case .received(let floor, _): return floor ? "their floor" : "their cap"
    case .add(let left, let right, _): return print(left) + " + " + boundOperand(right)
    case .subtract(let left, let right, _): return print(left) + " - " + boundOperand(right)
    }
  }

  private static func boundOperand(_ bound: PlanBound) -> String {
    switch bound {
    case .integer, .received: return print(bound)
    case .add, .subtract: return "(" + print(bound) + ")"
    }
  }

  /// Conditions print with `or` loosest, then `and`, then `not`, parenthesised only where needed.
  public static func print(_ condition: PlanCondition) -> String {
    conditionText(condition, level: 0)
  }

  private static func conditionText(_ condition: PlanCondition, level: Int) -> String {
    let text: String
    let own: Int
    switch condition {
    case .committed(let commitment, _):
      return "they committed " + print(commitment)
    case .committedSomeProgram:
      return "they committed program"
    case .channel(let open, _):
      return "their channel is " + (open ? "open" : "closed")
    case .committedUnconditionally:
      return "they committed unconditionally"
    case .committedFirst:
      return "they committed first"
    case .receivedMine:
      return "they received my commitments"
    case .reached:
      return "T is reached"
    case .committedDelegate:
      return "they committed delegate"
    case .boolean(let value, _):
      return value ? "true" : "false"
    case .not(let operand, _):
      return "not " + conditionText(operand, level: 2)
    case .and(let left, let right, _):
      own = 1
      text = conditionText(left, level: 1) + " and " + conditionText(right, level: 2)
    case .or(let left, let right, _):
      own = 0
      text = conditionText(left, level: 0) + " or " + conditionText(right, level: 1)
    }
    return own < level ? "(" + text + ")" : text
  }

  private static func outcome(_ row: Identifier, _ column: Identifier, _ payoffs: PayoffPair) -> String {
    "(\(row.name), \(column.name)) = (\(payoffs.row.text), \(payoffs.column.text))"
  }
}
