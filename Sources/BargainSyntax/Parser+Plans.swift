// Parser rules for agent files' pre-bargaining parts: plans, `main` and `grant`
// (Grammar/bargain.ebnf, "plans"). Their words are contextual, so older programs keep parsing.

extension ParseSession {
  /// main = "main" expr ;
  mutating func parseMain() throws(ParseFailure) -> MainDecl {
    let word = advance()
    let program = try parseCheckedExpr()
    return MainDecl(program: program, range: word.range.union(program.range))
  }

  // A successor's block, `"agent" IDENT "{" { plan | main } "}"` in rule `item` (rule P15).
  mutating func parseAgentDecl() throws(ParseFailure) -> AgentDecl {
    let word = advance()
    let name = try expectName()
    let open = try expect(.leftBrace)
    var plans: [PlanDecl] = []
    var mains: [MainDecl] = []
    while !check(.rightBrace) {
      if current.isContextual("plan") && peek(1).isPunctuation(.leftBrace) {
        plans.append(try parsePlan())
      } else if current.isContextual("main") {
        mains.append(try parseMain())
      } else {
        if atEnd || startsTopLevel { _ = try expectClosing(.rightBrace, opening: open) }
        throw failExpected(.word("plan' or 'main"))
      }
    }
    let close = advance()
    return AgentDecl(name: name, plans: plans, mains: mains, range: word.range.union(close.range))
  }

  /// lag = "lag" INT ;
  mutating func parseLag() throws(ParseFailure) -> LagDecl {
    let word = advance()
    let steps = try expectInteger()
    return LagDecl(steps: steps, range: word.range.union(steps.range))
  }

  /// grant = "grant" IDENT "at" INT ;
  mutating func parseGrant() throws(ParseFailure) -> GrantDecl {
    let word = advance()
    let capability = try expectName()
    try expectContextual("at")
    let time = try expectInteger()
    return GrantDecl(capability: capability, time: time, range: word.range.union(time.range))
  }

  /// plan = "plan" "{" { plan_step } "}" ;
  mutating func parsePlan() throws(ParseFailure) -> PlanDecl {
    let word = advance()
    let open = try expect(.leftBrace)
    var steps: [PlanStep] = []
    while !check(.rightBrace) {
      if atEnd || startsTopLevel { _ = try expectClosing(.rightBrace, opening: open) }
      try checkCount(steps.count, of: .planSteps, limit: SyntaxLimits.maxPlanSteps)
      steps.append(try parsePlanStep())
    }
    let close = advance()
    return PlanDecl(steps: steps, range: word.range.union(open.range).union(close.range))
  }

  /// plan_step = "at" INT plan_block | "when" plan_condition plan_block ;
  mutating func parsePlanStep() throws(ParseFailure) -> PlanStep {
    if current.isContextual("when") {
      let word = advance()
      let condition = try parsePlanCondition()
      let (actions, range) = try parsePlanBlock()
      return PlanStep(
        time: IntegerLiteral(value: 0, range: word.range), actions: actions, range: word.range.union(range),
        condition: condition)
    }
    guard current.isContextual("at") else { throw failExpected(.planStep) }
    let word = advance()
    let time = try expectInteger()
    let (actions, range) = try parsePlanBlock()
    return PlanStep(time: time, actions: actions, range: word.range.union(range))
  }

  /// plan_block = "{" { plan_action } "}" ;
  mutating func parsePlanBlock() throws(ParseFailure) -> ([PlanAction], SourceRange) {
    let open = try expect(.leftBrace)
    try nest(at: open)
    defer { depth -= 1 }
    var actions: [PlanAction] = []
    while !check(.rightBrace) {
      if atEnd || startsTopLevel { _ = try expectClosing(.rightBrace, opening: open) }
      try checkCount(actions.count, of: .planActions, limit: SyntaxLimits.maxPlanActions)
      actions.append(try parsePlanAction())
    }
    let close = advance()
    return (actions, open.range.union(close.range))
  }

  /// plan_action = "commit" commitment | "open" | "close" | "prepare" IDENT "for" INT [ "cost" number ]
  ///             | plan_if | plan_chance ;
  mutating func parsePlanAction() throws(ParseFailure) -> PlanAction {
    if check(.if) { return try parsePlanIf() }
    guard case .identifier(let word) = current.kind else { throw failExpected(.planAction) }
    switch word {
    case "commit":
      let keyword = advance()
      let commitment = try parseCommitment()
      return .commit(commitment, range: keyword.range.union(commitment.range))
    case "open", "close":
      return .channel(open: word == "open", range: advance().range)
    case "prepare":
      let keyword = advance()
      let capability = try expectName()
      try expectContextual("for")
      let steps = try expectInteger()
      // prepare_cost = "cost" number ; (no plan action starts with `cost`)
      guard current.isContextual("cost") else {
        return .prepare(capability: capability, steps: steps, cost: nil, range: keyword.range.union(steps.range))
      }
      advance()
      let cost = try parseNumber()
      return .prepare(capability: capability, steps: steps, cost: cost, range: keyword.range.union(cost.range))
    case "with":
      return try parsePlanChance()
    default:
      throw failExpected(.planAction)
    }
  }

  /// plan_if = "if" plan_condition plan_block [ "else" ( plan_block | plan_if ) ] ;
  mutating func parsePlanIf() throws(ParseFailure) -> PlanAction {
    let keyword = try expect(.if)
    let condition = try parsePlanCondition()
    let (then, thenRange) = try parsePlanBlock()
    var otherwise: [PlanAction] = []
    var end = thenRange
    if consumeKeyword(.else) != nil {
      if check(.if) {
        let nested = try parsePlanIf()
        otherwise = [nested]
        end = nested.range
      } else if check(.leftBrace) {
        let (actions, range) = try parsePlanBlock()
        otherwise = actions
        end = range
      } else {
        throw failExpected(.afterElse)
      }
    }
    return .conditional(condition: condition, then: then, otherwise: otherwise, range: keyword.range.union(end))
  }

  /// plan_chance = "with" "probability" expr plan_block "else" plan_block ;
  mutating func parsePlanChance() throws(ParseFailure) -> PlanAction {
    let word = advance()
    try expectContextual("probability")
    let probability = try parseCheckedExpr()
    let (then, _) = try parsePlanBlock()
    guard consumeKeyword(.else) != nil else { throw failExpected(.word("else")) }
    let (otherwise, end) = try parsePlanBlock()
    return .chance(probability: probability, then: then, otherwise: otherwise, range: word.range.union(end))
  }

  /// commitment = "demand" ( ">=" | "<=" | "==" ) plan_bound | "outside" "=" IDENT
  ///            | "program" "in" "{" postfix { "," postfix } "}" | "program" postfix
  ///            | "delegate" IDENT
  ///            | payoff_term ;
  mutating func parseCommitment() throws(ParseFailure) -> Commitment {
    if let keyword = consumeKeyword(.demand) {
      let op: BoundOperator
      if consume(.greaterEqual) != nil {
        op = .atLeast
      } else if consume(.lessEqual) != nil {
        op = .atMost
      } else if consume(.equal) != nil {
        op = .exactly
      } else {
        throw failExpected(.boundOperator)
      }
      let bound = try parsePlanBound()
      if case .integer(let value) = bound { return .demand(op, value, range: keyword.range.union(value.range)) }
      return .computedDemand(op, bound, range: keyword.range.union(bound.range))
    }
    if current.isContextual("delegate") {
      let keyword = advance()
      let successor = try expectName()
      return .delegate(successor, range: keyword.range.union(successor.range))
    }
    if let keyword = consumeKeyword(.outside) {
      _ = try expect(.assign)
      let option = try expectName()
      return .outside(option, range: keyword.range.union(option.range))
    }
    if current.isContextual("surrogate") || current.isContextual("renegotiate") { return try parsePayoffTerm() }
    let keyword = try expect(.program)
    if consumeKeyword(.in) != nil {
      let open = try expect(.leftBrace)
      var programs = [try parseProgramReference()]
      while consume(.comma) != nil {
        try checkCount(programs.count, of: .setElements, limit: SyntaxLimits.maxSetElements)
        programs.append(try parseProgramReference())
      }
      let close = try expectClosing(.rightBrace, opening: open)
      return .programSet(programs, range: keyword.range.union(close.range))
    }
    let program = try parseProgramReference()
    return .program(program, range: keyword.range.union(program.range))
  }

  /// plan_condition = plan_conjunction { "or" plan_conjunction } ;
  mutating func parsePlanCondition() throws(ParseFailure) -> PlanCondition {
    var result = try parsePlanConjunction()
    var length = 0
    while check(.or) {
      try lengthen(&length)
      advance()
      let right = try parsePlanConjunction()
      result = .or(result, right, range: result.range.union(right.range))
    }
    return result
  }

  /// plan_conjunction = plan_negation { "and" plan_negation } ;
  mutating func parsePlanConjunction() throws(ParseFailure) -> PlanCondition {
    var result = try parsePlanNegation()
    var length = 0
    while check(.and) {
      try lengthen(&length)
      advance()
      let right = try parsePlanNegation()
      result = .and(result, right, range: result.range.union(right.range))
    }
    return result
  }

  /// plan_negation = "not" plan_negation | plan_atom ;
  mutating func parsePlanNegation() throws(ParseFailure) -> PlanCondition {
    if let keyword = consumeKeyword(.not) {
      try nest(at: keyword)
      defer { depth -= 1 }
      let operand = try parsePlanNegation()
      return .not(operand, range: keyword.range.union(operand.range))
    }
    return try parsePlanAtom()
  }

  /// plan_atom = situation | "true" | "false" | "(" plan_condition ")" ;
  mutating func parsePlanAtom() throws(ParseFailure) -> PlanCondition {
    if let token = consumeKeyword(.true) { return .boolean(true, range: token.range) }
    if let token = consumeKeyword(.false) { return .boolean(false, range: token.range) }
    if let open = consume(.leftParen) {
      try nest(at: open)
      defer { depth -= 1 }
      let inner = try parsePlanCondition()
      _ = try expectClosing(.rightParen, opening: open)
      return inner
    }
    return try parseSituation()
  }

  /// plan_bound = bound_term { ( "+" | "-" ) bound_term } ;
  mutating func parsePlanBound() throws(ParseFailure) -> PlanBound {
    var bound = try parseBoundTerm()
    var terms = 1
    while check(.plus) || check(.minus) {
      try checkCount(terms, of: .boundTerms, limit: SyntaxLimits.maxBoundTerms)
      let isAdd = check(.plus)
      advance()
      let right = try parseBoundTerm()
      let range = bound.range.union(right.range)
      bound = isAdd ? .add(bound, right, range: range) : .subtract(bound, right, range: range)
      terms += 1
    }
    return bound
  }

  /// bound_term = INT | "their" ( "floor" | "cap" ) | "(" plan_bound ")" ;
  mutating func parseBoundTerm() throws(ParseFailure) -> PlanBound {
    if let open = consume(.leftParen) {
      try nest(at: open)
      defer { depth -= 1 }
      let inner = try parsePlanBound()
      _ = try expectClosing(.rightParen, opening: open)
      return inner
    }
    if current.isContextual("their") {
      let word = advance()
      guard current.isContextual("floor") || current.isContextual("cap") else {
        throw failExpected(.word("floor' or 'cap"))
      }
      let floor = current.isContextual("floor")
      let last = advance()
      return .received(floor: floor, range: word.range.union(last.range))
    }
    return .integer(try expectInteger())
  }

  /// Whether the current token starts a situation fact (also usable as an expression).
  func startsSituation() -> Bool {
    (current.isContextual("they") && (peek(1).isContextual("committed") || peek(1).isContextual("received")))
      || (current.isContextual("their") && peek(1).isContextual("channel"))
      || (current.isContextual("T") && peek(1).isContextual("is"))
  }

  /// situation = "they" "committed" ( commitment | "program" | "unconditionally" | "first" | "delegate" )
  ///           | "they" "received" "my" "commitments"
  ///           | "their" "channel" "is" ( "open" | "closed" ) | "T" "is" "reached" ;
  mutating func parseSituation() throws(ParseFailure) -> PlanCondition {
    if current.isContextual("T") {
      let word = advance()
      try expectContextual("is")
      guard current.isContextual("reached") else { throw failExpected(.word("reached")) }
      let last = advance()
      return .reached(range: word.range.union(last.range))
    }
    if current.isContextual("they"), peek(1).isContextual("received") {
      let word = advance()
      advance()
      try expectContextual("my")
      guard current.isContextual("commitments") else { throw failExpected(.word("commitments")) }
      let last = advance()
      return .receivedMine(range: word.range.union(last.range))
    }
    if current.isContextual("they") {
      let word = advance()
      try expectContextual("committed")
      if current.isContextual("unconditionally") {
        let last = advance()
        return .committedUnconditionally(range: word.range.union(last.range))
      }
      if current.isContextual("first") {
        let last = advance()
        return .committedFirst(range: word.range.union(last.range))
      }
      if current.isContextual("delegate") {
        let last = advance()
        return .committedDelegate(range: word.range.union(last.range))
      }
      // `they committed program` alone asks whether any single program is known.
      if check(.program), startsCondition(peek(1)) {
        let keyword = advance()
        return .committedSomeProgram(range: word.range.union(keyword.range))
      }
      let commitment = try parseCommitment()
      return .committed(commitment, range: word.range.union(commitment.range))
    }
    if current.isContextual("their") {
      let word = advance()
      try expectContextual("channel")
      try expectContextual("is")
      guard case .identifier(let state) = current.kind, state == "open" || state == "closed" else {
        throw failExpected(.channelState)
      }
      let stateToken = advance()
      return .channel(open: state == "open", range: word.range.union(stateToken.range))
    }
    throw failExpected(.planCondition)
  }

  /// Whether `token` can follow a complete plan condition (so `program` before it stands alone).
  private func startsCondition(_ token: Token) -> Bool {
    token.isPunctuation(.leftBrace) || token.isPunctuation(.rightParen) || token.isKeyword(.and)
      || token.isKeyword(.or)
  }

  /// A program in a commitment: a postfix expression (`Demand(70)`), so that a condition such as
  /// `they committed program P and ...` ends at `P`.
  mutating func parseProgramReference() throws(ParseFailure) -> Expr {
    let program = try parsePostfix()
    try checkHeight(program)
    return program
  }

  mutating func consumeKeyword(_ keyword: Keyword) -> Token? {
    check(keyword) ? advance() : nil
  }

  mutating func expectContextual(_ word: String) throws(ParseFailure) {
    guard current.isContextual(word) else { throw failExpected(.word(word)) }
    advance()
  }
}
