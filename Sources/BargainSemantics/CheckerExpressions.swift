// Checking program bodies and expressions: resolving names and assigning types.

import BargainSyntax

struct ExprContext {
  var file: FileID
  var parameters: [(name: String, type: ValueType)]
  var locals: [(name: String, slot: Int, type: ValueType, declared: SourceRange)] = []
  /// Where each of `parameters` is declared (empty where there are none).
  var parameterRanges: [SourceRange] = []
  var slotCount = 0
  var allowOpponent: Bool
  /// When `me`/`them` are not allowed: the parameter whose default is being checked (nil: an
  /// agent chosen on the command line or in a plan).
  var defaultOf: String?
  var mentionsOpponent = false
  /// How many `provable` (or `provable within`) bodies enclose the expression being checked.
  var boxDepth = 0
  /// Whether the text reads a situation fact (rule P10).
  var readsSituation = false
  /// The program declarations the text names, each once, in order of first mention.
  var references: [ProgramID] = []
  var referenced: Set<ProgramID> = []

  mutating func noteReference(_ id: ProgramID) {
    if referenced.insert(id).inserted { references.append(id) }
  }

  init(file: FileID, parameters: [(name: String, type: ValueType)], allowOpponent: Bool) {
    self.file = file
    self.parameters = parameters
    self.allowOpponent = allowOpponent
  }
}

extension CheckerState {
  mutating func report(_ message: SemanticMessage, _ range: SourceRange?) {
    if message.severity == .warning && !warns { return }
    var diagnostic = message.diagnostic(at: range)
    diagnostic.severity = message.severity
    diagnostics.append(diagnostic)
  }

  mutating func checkProgram(_ decl: ProgramDecl, id: ProgramID, file: FileID) -> CheckedProgram? {
    let errorsBefore = diagnostics.count
    var parameters: [CheckedParameter] = []
    var defaultReferences: [ProgramID] = []
    var seen: Set<String> = []
    for parameter in decl.parameters {
      if !seen.insert(parameter.name.name).inserted {
        report(.duplicateLocal(name: parameter.name.name), parameter.name.range)
      }
      let type = ValueType(parameter.type)
      var defaultValue: CheckedExpr?
      if let value = parameter.defaultValue {
        var defaults = ExprContext(file: file, parameters: [], allowOpponent: false)
        defaults.defaultOf = parameter.name.name
        if let checkedValue = type == .rational ? checkRational(value, &defaults) : checkExpr(value, &defaults) {
          if checkedValue.type != type {
            report(
              .typeMismatch(
                context: "default value of '\(parameter.name.name)'", expected: type.description,
                found: checkedValue.type), value.range)
          }
          defaultValue = checkedValue
        }
        defaultReferences += defaults.references
      }
      parameters.append(
        CheckedParameter(
          name: parameter.name.name, type: type, defaultValue: defaultValue, range: parameter.name.range))
      record(parameter.name.range, .parameter(declaredAt: parameter.name.range, type: type))
    }
    var context = ExprContext(
      file: file, parameters: parameters.map { ($0.name, $0.type) }, allowOpponent: true)
    context.parameterRanges = parameters.map(\.range)
    for reference in defaultReferences { context.noteReference(reference) }
    let body = checkBlock(decl.body, &context)
    guard let body,
      diagnostics.count == errorsBefore || !diagnostics[errorsBefore...].contains(where: { $0.severity == .error })
    else { return nil }
    return CheckedProgram(
      id: id, name: decl.name.name, file: file, range: decl.range, parameters: parameters, body: body,
      localCount: context.slotCount, canonicalSource: CanonicalPrinter.print(decl),
      mentionsOpponent: context.mentionsOpponent, references: context.references,
      readsSituation: context.readsSituation)
  }

  mutating func checkBlock(_ block: Block, _ context: inout ExprContext) -> CheckedBlock? {
    let scopeDepth = context.locals.count
    defer { context.locals.removeLast(context.locals.count - scopeDepth) }
    var lets: [CheckedLet] = []
    var ok = true
    for binding in block.lets {
      let value = checkExpr(binding.value, &context)
      if context.locals.contains(where: { $0.name == binding.name.name })
        || context.parameters.contains(where: { $0.name == binding.name.name })
      {
        report(.duplicateLocal(name: binding.name.name), binding.name.range)
        ok = false
      }
      guard let value else {
        ok = false
        continue
      }
      let slot = context.slotCount
      guard slot < SemanticLimits.maxLocals else {
        report(.localLimit(limit: SemanticLimits.maxLocals), binding.range)
        return nil
      }
      context.slotCount += 1
      context.locals.append((binding.name.name, slot, value.type, binding.name.range))
      record(binding.name.range, .local(declaredAt: binding.name.range, type: value.type))
      lets.append(CheckedLet(slot: slot, name: binding.name.name, value: value, range: binding.range))
    }
    guard let decision = checkDecision(block.decision, &context), ok else { return nil }
    return CheckedBlock(lets: lets, decision: decision, range: block.range)
  }

  mutating func checkDecision(_ decision: Decision, _ context: inout ExprContext) -> CheckedDecision? {
    switch decision {
    case .conditional(let chain):
      var branches: [CheckedBranch] = []
      var ok = true
      for branch in chain.branches {
        let condition = checkExpr(branch.condition, &context)
        if let condition, condition.type != .bool {
          report(.typeMismatch(context: "`if` condition", expected: "bool", found: condition.type), condition.range)
          ok = false
        }
        let block = checkBlock(branch.block, &context)
        if let condition, let block {
          branches.append(CheckedBranch(condition: condition, block: block))
        } else {
          ok = false
        }
      }
      guard let elseBlock = checkBlock(chain.elseBlock, &context), ok else { return nil }
      return .conditional(branches: branches, elseBlock: elseBlock, range: chain.range)
    case .output(let statement):
      return checkOutput(statement, &context).map { .output($0) }
    case .random(let choice):
      let probability = checkRational(choice.probability, &context)
      let then = checkBlock(choice.then, &context)
      let otherwise = checkBlock(choice.otherwise, &context)
      guard let probability, let then, let otherwise else { return nil }
      return .random(probability: probability, then: then, otherwise: otherwise, range: choice.range)
    }
  }

  /// Checks `expr` where a rational is expected: integer literals and `/` are exact there.
  mutating func checkRational(_ expr: Expr, _ context: inout ExprContext) -> CheckedExpr? {
    switch expr.kind {
    case .integer(let value):
      return CheckedExpr(.rational(Rational(value)), type: .rational, range: expr.range)
    case .unary(.negate, let operand):
      guard let value = checkRational(operand, &context) else { return nil }
      return CheckedExpr(.negateRational(value), type: .rational, range: expr.range)
    case .binary(let op, let left, let right) where [.add, .subtract, .multiply, .divide].contains(op):
      let l = checkRational(left, &context)
      let r = checkRational(right, &context)
      guard let l, let r else { return nil }
      let arithmetic: ArithmeticOperator =
        op == .add ? .add : op == .subtract ? .subtract : op == .multiply ? .multiply : .divide
      return CheckedExpr(.rationalArithmetic(arithmetic, l, r), type: .rational, range: expr.range)
    default:
      guard let value = checkExpr(expr, &context) else { return nil }
      switch value.type {
      case .rational: return value
      case .int: return CheckedExpr(.toRational(value), type: .rational, range: expr.range)
      case .bool, .action, .outside, .program, .output:
        report(.typeMismatch(context: "probability", expected: "rational", found: value.type), expr.range)
        return nil
      }
    }
  }

  mutating func checkOutput(_ statement: OutputStatement, _ context: inout ExprContext) -> CheckedOutput? {
    guard let game else { return nil }
    switch (statement, game.kind) {
    case (.play(let value, let range), .matrix):
      guard let checkedValue = expect(value, .action, "`play`", &context) else { return nil }
      return .play(checkedValue, range: range)
    case (.play(let value, let range), .bargaining):
      guard let checkedValue = expect(value, .output, "`play` in a bargaining game", &context) else { return nil }
      return .play(checkedValue, range: range)
    case (.demand(let amount, let outside, let range), .bargaining(let bargaining)):
      let checkedAmount = expect(amount, .int, "`demand`", &context)
      var checkedOutside: CheckedExpr?
      if let outside {
        checkedOutside = expect(outside, .outside, "`outside`", &context)
      } else if let fallback = bargaining.defaultOutside {
        checkedOutside = CheckedExpr(.outsideOption(fallback), type: .outside, range: range)
      } else {
        report(.noDefaultOutside(game: game.name, options: bargaining.outsideOptions), range)
      }
      guard let checkedAmount, let checkedOutside else { return nil }
      if case .integer(let value) = checkedAmount.kind, !bargaining.demands.contains(value) {
        report(
          .demandOffGrid(demand: value, game: game.name, grid: Self.gridText(bargaining.demands)), checkedAmount.range)
      }
      return .demand(checkedAmount, outside: checkedOutside, range: range)
    case (.demand(_, _, let range), .matrix):
      report(.wrongOutputForGame(statement: "demand", game: game.name, kind: "matrix"), range)
      return nil
    }
  }

  mutating func expect(_ expr: Expr, _ type: ValueType, _ what: String, _ context: inout ExprContext) -> CheckedExpr? {
    if type == .rational { return checkRational(expr, &context) }
    guard let checkedExpr = checkExpr(expr, &context) else { return nil }
    guard checkedExpr.type == type else {
      report(.typeMismatch(context: what, expected: type.description, found: checkedExpr.type), expr.range)
      return nil
    }
    return checkedExpr
  }

  // MARK: expressions

  mutating func checkExpr(_ expr: Expr, _ context: inout ExprContext) -> CheckedExpr? {
    let range = expr.range
    switch expr.kind {
    case .integer(let value):
      return CheckedExpr(.integer(value), type: .int, range: range)
    case .boolean(let value):
      return CheckedExpr(.boolean(value), type: .bool, range: range)
    case .me, .them:
      if !context.allowOpponent {
        if let parameter = context.defaultOf {
          report(.opponentInDefault(name: parameter), range)
        } else {
          report(.agentMentionsOpponent(name: expr.kind == .me ? "me" : "them"), range)
        }
        return nil
      }
      if expr.kind == .them {
        context.mentionsOpponent = true
        return CheckedExpr(.them, type: .program, range: range)
      }
      return CheckedExpr(.me, type: .program, range: range)
    case .name(let name):
      return resolveName(name, range: range, &context, asCallee: false)
    case .situation(let fact):
      // A fact about the other side: the program depends on them (rule 14) and, like `them`, it
      // cannot appear where no opponent exists.
      if !context.allowOpponent {
        let text = CanonicalPrinter.print(fact)
        if let parameter = context.defaultOf {
          report(.opponentInDefault(name: parameter), range)
        } else {
          report(.agentMentionsOpponent(name: text), range)
        }
        return nil
      }
      guard let checked = checkPlanCondition(fact, file: context.file) else { return nil }
      context.mentionsOpponent = true
      context.readsSituation = true
      return CheckedExpr(.situation(checked), type: .bool, range: range)
    case .unary(let op, let operand):
      guard let value = checkExpr(operand, &context) else { return nil }
      switch op {
      case .negate:
        guard value.type == .int else {
          report(.typeMismatch(context: "'-'", expected: "int", found: value.type), operand.range)
          return nil
        }
        return CheckedExpr(.negate(value), type: .int, range: range)
      case .not:
        guard value.type == .bool else {
          report(.typeMismatch(context: "'not'", expected: "bool", found: value.type), operand.range)
          return nil
        }
        return CheckedExpr(.not(value), type: .bool, range: range)
      }
    case .binary(let op, let left, let right):
      var l = checkExpr(left, &context)
      var r = checkExpr(right, &context)
      guard let checkedLeft = l, let checkedRight = r else { return nil }
      // A rational on one side makes the other side exact too (`epsilon > 1/2`).
      if checkedLeft.type == .rational || checkedRight.type == .rational {
        if checkedLeft.type == .int { l = checkRational(left, &context) }
        if checkedRight.type == .int { r = checkRational(right, &context) }
      }
      guard let l, let r else { return nil }
      return checkBinary(op, l, r, range: range)
    case .membership(let element, let set, let negated):
      guard let value = checkExpr(element, &context) else { return nil }
      switch set {
      case .list(let items, let setRange):
        if items.isEmpty { report(.emptySet, setRange) }
        var checkedItems: [CheckedExpr] = []
        for item in items {
          guard let checkedItem = checkExpr(item, &context) else { return nil }
          guard checkedItem.type == value.type else {
            report(
              .typeMismatch(context: "set element", expected: value.type.description, found: checkedItem.type),
              item.range)
            return nil
          }
          checkedItems.append(checkedItem)
        }
        return CheckedExpr(.membership(value, .list(checkedItems), negated: negated), type: .bool, range: range)
      case .range(let low, let high, _):
        guard value.type == .int else {
          report(.typeMismatch(context: "a range contains", expected: "int", found: value.type), element.range)
          return nil
        }
        guard let l = expect(low, .int, "range start", &context), let h = expect(high, .int, "range end", &context)
        else { return nil }
        return CheckedExpr(.membership(value, .range(low: l, high: h), negated: negated), type: .bool, range: range)
      }
    case .call(let callee, let arguments):
      return checkCall(callee, arguments, range: range, &context)
    case .field(let base, let field):
      guard let value = checkExpr(base, &context) else { return nil }
      switch (value.type, field.name) {
      case (.output, "demand"): return CheckedExpr(.outputField(value, .demand), type: .int, range: range)
      case (.output, "outside"): return CheckedExpr(.outputField(value, .outside), type: .outside, range: range)
      case (.program, "unconditional"): return CheckedExpr(.unconditional(value), type: .bool, range: range)
      default:
        let fields: [String]
        switch value.type {
        case .output: fields = ["demand", "outside"]
        case .program: fields = ["unconditional"]
        case .int, .rational, .bool, .action, .outside: fields = []
        }
        report(
          .unknownField(field: field.name, type: value.type, suggestion: suggestion(for: field.name, among: fields)),
          field.range)
        return nil
      }
    case .labeled(let label, _):
      // Named arguments belong to instantiations, which `instantiate` reads before checking here.
      report(.namedArgumentInPlay(name: label.name), label.range)
      return nil
    case .timeout:
      switch game?.kind {
      case .bargaining: return CheckedExpr(.timeout, type: .output, range: range)
      case .matrix, nil: return CheckedExpr(.timeout, type: .action, range: range)
      }
    case .lastDemand, .demandAtRound, .playAtRound, .eventuallyAccepts:
      return checkRoundsExpr(expr, &context)
    case .simulate(let fuel, let player, let opponent):
      var checkedFuel: CheckedExpr?
      if let fuel {
        guard let value = expect(fuel, .int, "fuel", &context) else { return nil }
        checkedFuel = value
      }
      guard let p = expect(player, .program, "the simulated program", &context),
        let q = expect(opponent, .program, "the simulated opponent", &context)
      else { return nil }
      let type: ValueType
      switch game?.kind {
      case .bargaining: type = .output
      case .matrix, nil: type = .action
      }
      return CheckedExpr(.simulate(fuel: checkedFuel, player: p, opponent: q), type: type, range: range)
    case .bounded(let level, let budget, let body):
      var checkedLevel: CheckedExpr?
      if let level {
        guard let value = expect(level, .int, "proof level", &context) else { return nil }
        checkedLevel = value
      }
      guard let checkedBudget = expect(budget, .int, "proof budget", &context) else { return nil }
      context.boxDepth += 1
      let checkedBody = expect(body, .bool, "`provable within`", &context)
      context.boxDepth -= 1
      guard let checkedBody else { return nil }
      return CheckedExpr(
        .boundedProvable(level: checkedLevel, budget: checkedBudget, checkedBody), type: .bool, range: range)
    case .modal(let op, let level, let body):
      var checkedLevel: CheckedExpr?
      if let level {
        guard let value = expect(level, .int, "proof level", &context) else { return nil }
        checkedLevel = value
      }
      context.boxDepth += 1
      let checkedBody = expect(body, .bool, "`\(op.rawValue)`", &context)
      context.boxDepth -= 1
      guard let checkedBody else { return nil }
      switch op {
      case .provable:
        return CheckedExpr(.provable(level: checkedLevel, checkedBody), type: .bool, range: range)
      case .consistent:
        let negatedBody = CheckedExpr(.not(checkedBody), type: .bool, range: checkedBody.range)
        let box = CheckedExpr(.provable(level: checkedLevel, negatedBody), type: .bool, range: range)
        return CheckedExpr(.not(box), type: .bool, range: range)
      }
    }
  }

  mutating func checkBinary(_ op: BinaryOperator, _ l: CheckedExpr, _ r: CheckedExpr, range: SourceRange)
    -> CheckedExpr?
  {
    func mismatch() -> CheckedExpr? {
      report(.operandTypes(operation: op.rawValue, left: l.type, right: r.type), range)
      return nil
    }
    switch op {
    case .and, .or:
      guard l.type == .bool, r.type == .bool else { return mismatch() }
      return CheckedExpr(op == .and ? .and(l, r) : .or(l, r), type: .bool, range: range)
    case .equal, .notEqual:
      guard l.type == r.type else { return mismatch() }
      return CheckedExpr(.equal(l, r, negated: op == .notEqual), type: .bool, range: range)
    case .less, .lessEqual, .greater, .greaterEqual:
      guard l.type == r.type, l.type == .int || l.type == .rational else { return mismatch() }
      let order: OrderOperator =
        op == .less ? .less : op == .lessEqual ? .lessEqual : op == .greater ? .greater : .greaterEqual
      return CheckedExpr(.order(order, l, r), type: .bool, range: range)
    case .add, .subtract, .multiply, .divide, .remainder:
      if l.type == .rational, r.type == .rational, op != .remainder {
        let arithmetic: ArithmeticOperator =
          op == .add ? .add : op == .subtract ? .subtract : op == .multiply ? .multiply : .divide
        return CheckedExpr(.rationalArithmetic(arithmetic, l, r), type: .rational, range: range)
      }
      guard l.type == .int, r.type == .int else { return mismatch() }
      let arithmetic: ArithmeticOperator =
        op == .add
        ? .add : op == .subtract ? .subtract : op == .multiply ? .multiply : op == .divide ? .divide : .remainder
      return CheckedExpr(.arithmetic(arithmetic, l, r), type: .int, range: range)
    }
  }

  mutating func checkCall(_ callee: Expr, _ arguments: [Expr], range: SourceRange, _ context: inout ExprContext)
    -> CheckedExpr?
  {
    // `P(args)` instantiates P when P is a declaration with parameters; otherwise it is a play.
    if case .name(let name) = callee.kind, !isValueName(name, context),
      case .found(let ref) = lookupProgram(name, from: context.file), let decl = decl(ref), !decl.parameters.isEmpty
    {
      record(callee.range, .program(file: ref.file, item: ref.item))
      guard preludeFits(ref, name: name, at: callee.range) else { return nil }
      return instantiate(decl, ref: ref, arguments: arguments, range: range, &context)
    }
    let checkedPlayer: CheckedExpr?
    if case .name(let name) = callee.kind {
      checkedPlayer = resolveName(name, range: callee.range, &context, asCallee: true)
    } else {
      checkedPlayer = checkExpr(callee, &context)
    }
    guard let player = checkedPlayer else { return nil }
    guard player.type == .program else {
      report(.notAProgram(found: player.type), callee.range)
      return nil
    }
    guard arguments.count == 1 else {
      report(.playArity(found: arguments.count), range)
      return nil
    }
    guard let opponent = checkExpr(arguments[0], &context) else { return nil }
    guard opponent.type == .program else {
      report(.typeMismatch(context: "opponent", expected: "a program", found: opponent.type), arguments[0].range)
      return nil
    }
    if context.boxDepth == 0, callee.kind == .me, arguments[0].kind == .them { report(.playsItself, range) }
    let type: ValueType
    switch game?.kind {
    case .bargaining: type = .output
    case .matrix, nil: type = .action
    }
    return CheckedExpr(.play(player: player, opponent: opponent), type: type, range: range)
  }

  /// The prelude's bots play C and D: using one in another kind of game is an error at the use.
  mutating func preludeFits(_ ref: DeclRef, name: String, at range: SourceRange) -> Bool {
    guard ref.file == prelude, let game else { return true }
    if case .matrix(let matrix) = game.kind, matrix.actions.contains("C"), matrix.actions.contains("D") { return true }
    report(.preludeProgramOutsideMatrix(name: name, game: game.name), range)
    return false
  }

  func isValueName(_ name: String, _ context: ExprContext) -> Bool {
    context.locals.contains { $0.name == name } || context.parameters.contains { $0.name == name }
  }

  func signature(_ decl: ProgramDecl) -> String {
    "(" + decl.parameters.map { "\($0.name.name): \($0.type.rawValue)" }.joined(separator: ", ") + ")"
  }

  mutating func instantiate(
    _ decl: ProgramDecl, ref: DeclRef, arguments: [Expr], range: SourceRange, _ context: inout ExprContext
  ) -> CheckedExpr? {
    let required = decl.parameters.filter { $0.defaultValue == nil }.count
    let named = arguments.contains { if case .labeled = $0.kind { true } else { false } }
    let positional = arguments.filter { if case .labeled = $0.kind { false } else { true } }.count
    if arguments.count == 1, !named, let parameter = decl.parameters.first, parameter.type != .program,
      looksLikeProgram(arguments[0], context)
    {
      // `BoundedPrudent(DefectBot)`: X(Y) both instantiates and plays, and here X needs its arguments.
      report(
        .instantiateThenPlay(
          program: decl.name.name, parameter: parameter.name.name, expected: ValueType(parameter.type).description,
          suggestion: instantiationSketch(decl) + "(" + CanonicalPrinter.print(arguments[0]) + ")"),
        arguments[0].range)
      return nil
    }
    guard positional <= decl.parameters.count, named || arguments.count >= required else {
      let expected =
        required == decl.parameters.count
        ? "\(required) argument\(required == 1 ? "" : "s") \(signature(decl))"
        : "\(required) to \(decl.parameters.count) arguments \(signature(decl))"
      report(.argumentCount(program: decl.name.name, expected: expected, found: arguments.count), range)
      return nil
    }
    guard let given = matchArguments(decl, arguments, range: range) else { return nil }
    let id = programID(ref)
    context.noteReference(id)
    var checkedArguments: [CheckedExpr] = []
    for (index, parameter) in decl.parameters.enumerated() {
      let type = ValueType(parameter.type)
      if let argument = given[index] {
        guard
          let value = expect(argument, type, "argument '\(parameter.name.name)' of \(decl.name.name)", &context)
        else { return nil }
        checkedArguments.append(value)
      } else if let fallback = parameter.defaultValue {
        let site = DefaultSite(declaration: ref, parameter: index)
        guard expandingDefaults.insert(site).inserted else {
          if reportedDefaults.insert(site).inserted {
            report(.recursiveDefault(program: decl.name.name, parameter: parameter.name.name), fallback.range)
          }
          return nil
        }
        var defaults = ExprContext(file: ref.file, parameters: [], allowOpponent: false)
        defaults.defaultOf = parameter.name.name
        let checkedDefault = type == .rational ? checkRational(fallback, &defaults) : checkExpr(fallback, &defaults)
        expandingDefaults.remove(site)
        guard let value = checkedDefault else { return nil }
        checkedArguments.append(value)
      }
    }
    return CheckedExpr(.program(id, arguments: checkedArguments), type: .program, range: range)
  }

  /// "Did you mean" for an unknown name, preferring names of the right kind: where a program is
  /// called (`Fair(them)`) a program; then a program the name begins (`play Cooperate` →
  /// `CooperateBot`, not the action `C`); then the closest name of any kind.
  func preferredSuggestion(for name: String, programs: [String], all: [String], asCallee: Bool) -> String? {
    if asCallee, let program = suggestion(for: name, among: programs) { return program }
    let lowered = name.lowercased()
    if name.count >= 3 {
      let extensions = programs.filter { $0.count > name.count && $0.lowercased().hasPrefix(lowered) }
      if let best = extensions.min(by: { ($0.count, $0) < ($1.count, $1) }) { return best }
    }
    return suggestion(for: name, among: all)
  }

  /// The argument for each parameter (nil: use its default), from positional arguments first and
  /// then named ones (`Demand(amount: 70)`, rule 9); nil after reporting an unknown, repeated or
  /// missing name, or a positional argument after a named one.
  mutating func matchArguments(_ decl: ProgramDecl, _ arguments: [Expr], range: SourceRange) -> [Expr?]? {
    let program = decl.name.name
    var given: [Expr?] = Array(repeating: nil, count: decl.parameters.count)
    var sawNamed = false
    var failed = false
    for (position, argument) in arguments.enumerated() {
      guard case .labeled(let label, let value) = argument.kind else {
        if sawNamed {
          report(.positionalAfterNamed(program: program), argument.range)
          failed = true
        } else if given.indices.contains(position) {
          given[position] = argument
        }
        continue
      }
      sawNamed = true
      guard let index = decl.parameters.firstIndex(where: { $0.name.name == label.name }) else {
        let names = decl.parameters.map(\.name.name)
        report(
          .unknownArgument(
            program: program, name: label.name, signature: signature(decl),
            suggestion: suggestion(for: label.name, among: names)), label.range)
        failed = true
        continue
      }
      record(
        label.range,
        .parameter(
          declaredAt: decl.parameters[index].name.range, type: ValueType(decl.parameters[index].type)))
      guard given[index] == nil else {
        report(.duplicateArgument(program: program, name: label.name), label.range)
        failed = true
        continue
      }
      given[index] = value
    }
    guard !failed else { return nil }
    let missing = decl.parameters.indices.filter { given[$0] == nil && decl.parameters[$0].defaultValue == nil }
    guard missing.isEmpty else {
      report(
        .missingArguments(
          program: program, names: missing.map { decl.parameters[$0].name.name }, signature: signature(decl)),
        range)
      return nil
    }
    return given
  }

  /// Whether `expr` names a program on its face (`me`, `them`, a visible program's name), without
  /// checking it: used only to word a type error.
  mutating func looksLikeProgram(_ expr: Expr, _ context: ExprContext) -> Bool {
    switch expr.kind {
    case .me, .them: return true
    case .name(let name):
      guard !isValueName(name, context), case .found = lookupProgram(name, from: context.file) else { return false }
      switch game?.kind {
      case .matrix(let matrix): return !matrix.actions.contains(name)
      case .bargaining(let bargaining): return !bargaining.outsideOptions.contains(name)
      case nil: return true
      }
    case .integer, .boolean, .unary, .binary, .membership, .call, .field, .modal, .bounded, .simulate, .timeout,
      .labeled, .situation, .lastDemand, .demandAtRound, .playAtRound, .eventuallyAccepts:
      return false
    }
  }

  /// `Demand(amount)`, `BoundedFairBot(100)`: the declaration with its required parameters' names,
  /// or its first default when every parameter has one.
  func instantiationSketch(_ decl: ProgramDecl) -> String {
    let required = decl.parameters.filter { $0.defaultValue == nil }.map(\.name.name)
    if !required.isEmpty { return decl.name.name + "(" + required.joined(separator: ", ") + ")" }
    let first = decl.parameters.first?.defaultValue.map { CanonicalPrinter.print($0) } ?? ""
    return decl.name.name + "(" + first + ")"
  }

  mutating func resolveName(_ name: String, range: SourceRange, _ context: inout ExprContext, asCallee: Bool)
    -> CheckedExpr?
  {
    // Rule 6's order; each branch records its meaning for the language server.
    if let local = context.locals.last(where: { $0.name == name }) {
      record(range, .local(declaredAt: local.declared, type: local.type))
      return CheckedExpr(.local(local.slot), type: local.type, range: range)
    }
    if let index = context.parameters.firstIndex(where: { $0.name == name }) {
      if context.parameterRanges.indices.contains(index) {
        record(
          range, .parameter(declaredAt: context.parameterRanges[index], type: context.parameters[index].type))
      }
      return CheckedExpr(.parameter(index), type: context.parameters[index].type, range: range)
    }
    switch game?.kind {
    case .matrix(let matrix):
      // A `game any` file sees only the actions it requires (rule 2a).
      let visible = requirement(of: context.file).map { $0.actions.contains(name) } ?? true
      if visible, let index = matrix.actions.firstIndex(of: name) {
        record(range, .action(name: name, declaredAt: nil))
        return CheckedExpr(.action(index), type: .action, range: range)
      }
    case .bargaining(let bargaining):
      if let index = bargaining.outsideOptions.firstIndex(of: name) {
        record(range, .outsideOption(name: name, declaredAt: nil))
        return CheckedExpr(.outsideOption(index), type: .outside, range: range)
      }
    case nil: break
    }
    switch lookupProgram(name, from: context.file) {
    case .found(let ref):
      record(range, .program(file: ref.file, item: ref.item))
      guard let decl = decl(ref), preludeFits(ref, name: name, at: range) else { return nil }
      if decl.parameters.isEmpty || decl.parameters.allSatisfy({ $0.defaultValue != nil }) {
        return instantiate(decl, ref: ref, arguments: [], range: range, &context)
      }
      report(.needsArguments(program: name, signature: signature(decl)), range)
      return nil
    case .ambiguous(let files):
      report(.ambiguousName(name: name, files: files), range)
      return nil
    case .missing:
      // `round` is a name only where nothing else is called so (rule M3).
      if name == "round", let round = checkRound(range, &context) { return round }
      var suggested: String?
      if suggestionsMade < SemanticLimits.maxSuggestions {
        suggestionsMade += 1
        let programs = visibleProgramNames(context.file)
        var candidates = context.locals.map(\.name) + context.parameters.map(\.name) + programs
        switch game?.kind {
        case .matrix(let matrix): candidates += requirement(of: context.file)?.actions ?? matrix.actions
        case .bargaining(let bargaining): candidates += bargaining.outsideOptions
        case nil: break
        }
        suggested = preferredSuggestion(for: name, programs: programs, all: candidates, asCallee: asCallee)
      }
      report(
        .unknownName(
          name: name, suggestion: suggested, declaredIn: declaredElsewhere(name, game: false, from: context.file)),
        range)
      return nil
    }
  }
}
