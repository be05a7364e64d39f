// Parser rules for expressions (Grammar/bargain.ebnf, "expressions, loosest binding first").
// Each precedence level is one function; a parenthesised expression's range includes its
// parentheses so that an enclosing node spans from its first token to its last.

extension ParseSession {
  /// An expression that stands on its own (a `let` value, a condition, an output, a default),
  /// with its tree height checked against the nesting limit.
  mutating func parseCheckedExpr() throws(ParseFailure) -> Expr {
    let expr = try parseExpr()
    try checkHeight(expr)
    return expr
  }

  /// A whole input that must be exactly one expression (command-line queries).
  mutating func parseStandaloneExpression() -> Expr? {
    do throws(ParseFailure) {
      let expr = try parseCheckedExpr()
      guard atEnd else { throw failExpected(.endOfExpression) }
      return expr
    } catch {
      return nil
    }
  }

  /// expr = disjunction ;
  mutating func parseExpr() throws(ParseFailure) -> Expr {
    try parseDisjunction()
  }

  /// disjunction = conjunction { "or" conjunction } ;
  mutating func parseDisjunction() throws(ParseFailure) -> Expr {
    var left = try parseConjunction()
    var length = 0
    while check(.or) {
      try lengthen(&length)
      advance()
      let right = try parseConjunction()
      left = Expr(.binary(.or, left, right), range: left.range.union(right.range))
    }
    return left
  }

  /// conjunction = negation { "and" negation } ;
  mutating func parseConjunction() throws(ParseFailure) -> Expr {
    var left = try parseNegation()
    var length = 0
    while check(.and) {
      try lengthen(&length)
      advance()
      let right = try parseNegation()
      left = Expr(.binary(.and, left, right), range: left.range.union(right.range))
    }
    return left
  }

  /// negation = "not" negation | comparison ;
  mutating func parseNegation() throws(ParseFailure) -> Expr {
    guard check(.not) else { return try parseComparison() }
    let keyword = advance()
    try nest(at: keyword)
    defer { depth -= 1 }
    let operand = try parseNegation()
    return Expr(.unary(.not, operand), range: keyword.range.union(operand.range))
  }

  /// comparison = sum [ compare_op sum | [ "not" ] "in" set ] ;   (* non-associative *)
  mutating func parseComparison() throws(ParseFailure) -> Expr {
    let left = try parseSum()
    let result: Expr
    if let op = parseCompareOperator() {
      let right = try parseSum()
      result = Expr(.binary(op, left, right), range: left.range.union(right.range))
    } else if check(.in) || check(.not) && peek(1).isKeyword(.in) {
      let negated = check(.not)
      if negated { advance() }
      advance()
      let set = try parseSet()
      result = Expr(.membership(left, set, negated: negated), range: left.range.union(set.range))
    } else if check(.assign) {
      throw fail(.assignmentInExpression)
    } else {
      return left
    }
    if isCompareOperator(current) || check(.in) || check(.not) && peek(1).isKeyword(.in) {
      throw fail(.chainedComparison(found: found()))
    }
    if check(.assign) { throw fail(.assignmentInExpression) }
    return result
  }

  /// compare_op = "==" | "!=" | "<" | "<=" | ">" | ">=" ;
  mutating func parseCompareOperator() -> BinaryOperator? {
    guard isCompareOperator(current), case .punctuation(let punctuation) = current.kind else {
      return nil
    }
    advance()
    return BinaryOperator(rawValue: punctuation.rawValue)
  }

  func isCompareOperator(_ token: Token) -> Bool {
    switch token.kind {
    case .punctuation(.equal), .punctuation(.notEqual), .punctuation(.less),
      .punctuation(.lessEqual), .punctuation(.greater), .punctuation(.greaterEqual):
      return true
    case .punctuation, .keyword, .identifier, .integer, .string, .invalid, .endOfFile:
      return false
    }
  }

  /// set = "{" [ expr { "," expr } ] "}"
  ///     | sum ".." sum ;                                   (* inclusive range *)
  mutating func parseSet() throws(ParseFailure) -> SetExpr {
    if let open = consume(.leftBrace) {
      try nest(at: open)
      defer { depth -= 1 }
      let elements = try parseList(closing: .rightBrace, kind: .setElements, limit: SyntaxLimits.maxSetElements)
      let close = try expectClosing(.rightBrace, opening: open)
      return .list(elements, range: open.range.union(close.range))
    }
    guard startsExpression(current) else { throw failExpected(.set) }
    let low = try parseSum()
    _ = try expect(.dotDot)
    let high = try parseSum()
    return .range(low: low, high: high, range: low.range.union(high.range))
  }

  /// sum = product { ( "+" | "-" ) product } ;
  mutating func parseSum() throws(ParseFailure) -> Expr {
    var left = try parseProduct()
    var length = 0
    while true {
      let op: BinaryOperator
      if check(.plus) {
        op = .add
      } else if check(.minus) {
        op = .subtract
      } else {
        return left
      }
      try lengthen(&length)
      advance()
      let right = try parseProduct()
      left = Expr(.binary(op, left, right), range: left.range.union(right.range))
    }
  }

  /// product = unary { ( "*" | "/" | "%" ) unary } ;
  mutating func parseProduct() throws(ParseFailure) -> Expr {
    var left = try parseUnary()
    var length = 0
    while true {
      let op: BinaryOperator
      if check(.star) {
        op = .multiply
      } else if check(.slash) {
        op = .divide
      } else if check(.percent) {
        op = .remainder
      } else {
        return left
      }
      try lengthen(&length)
      advance()
      let right = try parseUnary()
      left = Expr(.binary(op, left, right), range: left.range.union(right.range))
    }
  }

  /// unary = "-" unary | postfix ;
  mutating func parseUnary() throws(ParseFailure) -> Expr {
    guard let minus = consume(.minus) else { return try parsePostfix() }
    try nest(at: minus)
    defer { depth -= 1 }
    let operand = try parseUnary()
    return Expr(.unary(.negate, operand), range: minus.range.union(operand.range))
  }

  /// postfix = primary { "(" [ argument { "," argument } ] ")" | "." field } [ later_round ] ;
  mutating func parsePostfix() throws(ParseFailure) -> Expr {
    var expr = try parsePrimary()
    var length = 0
    while true {
      if check(.leftParen) || check(.dot) { try lengthen(&length) }
      if let open = consume(.leftParen) {
        try nest(at: open)
        defer { depth -= 1 }
        let arguments = try parseArguments()
        let close = try expectClosing(.rightParen, opening: open)
        expr = Expr(.call(expr, arguments), range: expr.range.union(close.range))
      } else if consume(.dot) != nil {
        let field = try parseField()
        expr = Expr(.field(expr, field), range: expr.range.union(field.range))
      } else if case .call = expr.kind,
        (current.isContextual("at") && peek(1).isContextual("round")) || current.isContextual("eventually")
      {
        return try parseLaterRound(expr)
      } else {
        return expr
      }
    }
  }

  /// field = "demand" | "outside" | IDENT ;                   (* demand, outside, unconditional *)
  mutating func parseField() throws(ParseFailure) -> Identifier {
    switch current.kind {
    case .keyword(.demand), .keyword(.outside), .identifier:
      let token = advance()
      return Identifier(name: file.text(of: token.range), range: token.range)
    case .keyword, .punctuation, .integer, .string, .invalid, .endOfFile:
      throw failExpected(.field)
    }
  }

  /// primary = INT | IDENT | situation | history | "me" | "them" | "true" | "false" | "timeout"
  ///         | "(" expr ")"
  ///         | modal | simulation ;
  mutating func parsePrimary() throws(ParseFailure) -> Expr {
    let token = current
    switch token.kind {
    case .integer(let value):
      advance()
      return Expr(.integer(value), range: token.range)
    case .identifier(let name):
      if let history = try parseHistoryRead() { return history }
      if startsSituation() {
        let fact = try parseSituation()
        return Expr(.situation(fact), range: fact.range)
      }
      advance()
      return Expr(.name(name), range: token.range)
    case .keyword(.me):
      advance()
      return Expr(.me, range: token.range)
    case .keyword(.them):
      advance()
      return Expr(.them, range: token.range)
    case .keyword(.true), .keyword(.false):
      advance()
      return Expr(.boolean(token.isKeyword(.true)), range: token.range)
    case .punctuation(.leftParen):
      advance()
      try nest(at: token)
      defer { depth -= 1 }
      var inner = try parseExpr()
      let close = try expectClosing(.rightParen, opening: token)
      inner.range = token.range.union(close.range)
      return inner
    case .keyword(.provable), .keyword(.consistent):
      return try parseModal()
    case .keyword(.simulate):
      return try parseSimulation()
    case .keyword(.timeout):
      advance()
      return Expr(.timeout, range: token.range)
    case .keyword, .punctuation, .string, .invalid, .endOfFile:
      throw failExpected(.expression)
    }
  }

  /// modal = ( "provable" | "consistent" ) [ "[" expr "]" ] "(" expr ")"
  ///       | "provable" [ "[" expr "]" ] "within" budget "(" expr ")" ;
  mutating func parseModal() throws(ParseFailure) -> Expr {
    let keyword = advance()
    try nest(at: keyword)
    defer { depth -= 1 }
    let op: ModalOperator = keyword.isKeyword(.provable) ? .provable : .consistent
    var level: Expr?
    if let open = consume(.leftBracket) {
      level = try parseExpr()
      _ = try expectClosing(.rightBracket, opening: open)
    }
    if op == .provable, current.isContextual("within") {
      advance()
      let budget = try parseBudget()
      let open = try expect(.leftParen)
      let body = try parseExpr()
      let close = try expectClosing(.rightParen, opening: open)
      return Expr(.bounded(level: level, budget: budget, body), range: keyword.range.union(close.range))
    }
    let open = try expect(.leftParen)
    let body = try parseExpr()
    let close = try expectClosing(.rightParen, opening: open)
    return Expr(.modal(op, level: level, body), range: keyword.range.union(close.range))
  }

  /// budget = INT | IDENT | "(" expr ")" ;
  mutating func parseBudget() throws(ParseFailure) -> Expr {
    // The three forms are `primary`'s; no postfix, so `N (φ)` is not read as a call.
    switch current.kind {
    case .integer, .identifier, .punctuation(.leftParen): return try parsePrimary()
    case .keyword, .punctuation, .string, .invalid, .endOfFile: throw failExpected(.budget)
    }
  }

  /// simulation = "simulate" [ "[" expr "]" ] "(" expr "," expr ")" ;
  mutating func parseSimulation() throws(ParseFailure) -> Expr {
    let keyword = advance()
    try nest(at: keyword)
    defer { depth -= 1 }
    var fuel: Expr?
    if let open = consume(.leftBracket) {
      fuel = try parseExpr()
      _ = try expectClosing(.rightBracket, opening: open)
    }
    let open = try expect(.leftParen)
    let player = try parseExpr()
    _ = try expect(.comma)
    let opponent = try parseExpr()
    let close = try expectClosing(.rightParen, opening: open)
    return Expr(.simulate(fuel: fuel, player: player, opponent: opponent), range: keyword.range.union(close.range))
  }

  // MARK: - Helpers

  /// Loops build left-leaning trees (`a + b + c`); each step adds a level, so a long chain is
  /// refused here, before a tree deep enough to overflow the stack when freed is ever built.
  mutating func lengthen(_ length: inout Int) throws(ParseFailure) {
    length += 1
    guard depth + length < SyntaxLimits.maxNestingDepth else {
      throw fail(.nestingTooDeep(limit: SyntaxLimits.maxNestingDepth), at: current.range)
    }
  }

  /// The `[ argument { "," argument } ]` of a call, up to (not including) its `)`.
  private mutating func parseArguments() throws(ParseFailure) -> [Expr] {
    var arguments: [Expr] = []
    if check(.rightParen) { return arguments }
    repeat {
      try checkCount(arguments.count, of: .arguments, limit: SyntaxLimits.maxArguments)
      arguments.append(try parseArgument())
    } while consume(.comma) != nil
    return arguments
  }

  /// argument = [ IDENT ":" ] expr ;
  mutating func parseArgument() throws(ParseFailure) -> Expr {
    guard case .identifier(let name) = current.kind, peek(1).isPunctuation(.colon) else { return try parseExpr() }
    let label = Identifier(name: name, range: advance().range)
    advance()
    let value = try parseExpr()
    return Expr(.labeled(label, value), range: label.range.union(value.range))
  }

  /// `[ expr { "," expr } ]` up to (not including) `closing`, bounded by `limit`.
  private mutating func parseList(
    closing: Punctuation, kind: ListKind, limit: Int
  ) throws(ParseFailure) -> [Expr] {
    var elements: [Expr] = []
    if check(closing) { return elements }
    repeat {
      try checkCount(elements.count, of: kind, limit: limit)
      elements.append(try parseExpr())
    } while consume(.comma) != nil
    return elements
  }

  /// Whether `token` can begin a `sum` (so a missing set gets a message about sets).
  private func startsExpression(_ token: Token) -> Bool {
    switch token.kind {
    case .integer, .identifier, .punctuation(.leftParen), .punctuation(.minus),
      .keyword(.me), .keyword(.them), .keyword(.true), .keyword(.false), .keyword(.provable),
      .keyword(.consistent):
      return true
    case .keyword, .punctuation, .string, .invalid, .endOfFile:
      return false
    }
  }

  /// later_round = "at" "round" sum "sticking" "to" sum | "eventually" "accepts" sum ;
  mutating func parseLaterRound(_ play: Expr) throws(ParseFailure) -> Expr {
    if current.isContextual("eventually") {
      advance()
      try expectContextual("accepts")
      let demand = try parseSum()
      return Expr(.eventuallyAccepts(play: play, demand: demand), range: play.range.union(demand.range))
    }
    advance()
    advance()
    let round = try parseSum()
    try expectContextual("sticking")
    try expectContextual("to")
    let sticking = try parseSum()
    return Expr(.playAtRound(play: play, round: round, sticking: sticking), range: play.range.union(sticking.range))
  }

  /// history = ( "my" | "their" ) ( "last" "demand" | "demand" "at" "round" postfix ) ;
  mutating func parseHistoryRead() throws(ParseFailure) -> Expr? {
    // nil when the words do not start one: `my` and `their` stay ordinary names elsewhere.
    guard current.isContextual("my") || current.isContextual("their") else { return nil }
    let mine = current.isContextual("my")
    if peek(1).isContextual("last"), peek(2).isKeyword(.demand) {
      let word = advance()
      advance()
      let last = advance()
      return Expr(.lastDemand(mine: mine), range: word.range.union(last.range))
    }
    guard peek(1).isKeyword(.demand), peek(2).isContextual("at") else { return nil }
    let word = advance()
    advance()
    advance()
    try expectContextual("round")
    let round = try parsePostfix()
    return Expr(.demandAtRound(mine: mine, round: round), range: word.range.union(round.range))
  }
}
