// Parser rules for files, games, programs, blocks and decisions (Grammar/bargain.ebnf, top half).

extension ParseSession {
  /// file = { import } { item } ;
  mutating func parseFile() -> SourceUnit {
    var imports: [ImportDecl] = []
    var items: [Item] = []
    var seenItem = false
    while !atEnd {
      let start = position
      do throws(ParseFailure) {
        if check(.import) {
          if seenItem {
            diagnostics.append(ParseMessage.importAfterItem.diagnostic(at: current.range))
          }
          imports.append(try parseImport())
        } else {
          seenItem = true
          items.append(try parseItem())
        }
      } catch {
        synchronize(from: start)
      }
    }
    return SourceUnit(file: file.id, imports: imports, items: items)
  }

  /// import = "import" STRING ;
  mutating func parseImport() throws(ParseFailure) -> ImportDecl {
    let keyword = try expect(.import)
    guard case .string(let path) = current.kind else { throw failExpected(.string) }
    let pathToken = advance()
    return ImportDecl(path: path, range: keyword.range.union(pathToken.range))
  }

  /// item = game | program | plan | main | grant | tournament | lag
  ///      | "agent" IDENT "{" { plan | main } "}" ;
  mutating func parseItem() throws(ParseFailure) -> Item {
    if check(.game) { return .game(try parseGame()) }
    if check(.program) { return .program(try parseProgram()) }
    if current.isContextual("plan") && peek(1).isPunctuation(.leftBrace) { return .plan(try parsePlan()) }
    if current.isContextual("main") { return .main(try parseMain()) }
    if current.isContextual("grant") { return .grant(try parseGrant()) }
    if current.isContextual("tournament") && peek(1).isPunctuation(.leftBrace) {
      return .tournament(try parseTournament())
    }
    if current.isContextual("lag") { return .lag(try parseLag()) }
    if current.isContextual("agent"), case .identifier = peek(1).kind, peek(2).isPunctuation(.leftBrace) {
      return .agent(try parseAgentDecl())
    }
    throw failExpected(.item)
  }

  // MARK: - Games

  /// game = "game" IDENT [ game_body ] ;
  mutating func parseGame() throws(ParseFailure) -> GameDecl {
    let keyword = try expect(.game)
    let name = try expectName()
    let body = check(.leftBrace) ? try parseGameBody() : nil
    return GameDecl(name: name, body: body, range: keyword.range.union(body?.range ?? name.range))
  }

  /// game_body = "{" { game_clause } "}" ;
  mutating func parseGameBody() throws(ParseFailure) -> GameBody {
    let open = try expect(.leftBrace)
    var clauses: [GameClause] = []
    while !check(.rightBrace) {
      // A top-level keyword here almost always means the `}` was forgotten (`grant` is also a
      // game clause, so it is one here).
      if atEnd || (startsTopLevel && !current.isContextual("grant")) {
        _ = try expectClosing(.rightBrace, opening: open)
      }
      try checkCount(clauses.count, of: .gameClauses, limit: SyntaxLimits.maxGameClauses)
      clauses.append(try parseGameClause())
    }
    let close = advance()
    return GameBody(clauses: clauses, range: open.range.union(close.range))
  }

  /// game_clause = "actions" IDENT { "," IDENT }
  ///             | "payoff" "(" IDENT "," IDENT ")" "=" "(" number "," number ")"
  ///             | "resource" INT
  ///             | "demands" ( INT ".." INT [ "step" INT ] | "{" INT { "," INT } "}" )
  ///             | "outside" IDENT { "," IDENT }
  ///             | "default" "outside" IDENT
  ///             | "disagreement" "(" IDENT "," IDENT ")" "=" "(" number "," number ")"
  ///             | "surplus" ( "keep" | "split" )
  ///             | "never" "ends" "(" number "," number ")"
  ///             | "rounds" INT | "discount" number | "cost" "per" "round" number
  ///             | "lock" "when" "repeated"
  ///             | grant | "capability" IDENT [ "withheld" ] [ "cost" number ] ;
  mutating func parseGameClause() throws(ParseFailure) -> GameClause {
    let word = current
    if check(.outside) {
      advance()
      let names = try parseNameList()
      return .outsideOptions(names, range: word.range.union(names.last?.range ?? word.range))
    }
    guard case .identifier(let clause) = word.kind else { throw failExpected(.gameClause) }
    switch clause {
    case "actions":
      advance()
      let names = try parseNameList()
      return .actions(names, range: word.range.union(names.last?.range ?? word.range))
    case "payoff", "disagreement":
      advance()
      let (row, column, payoffs, end) = try parseOutcomeEntry()
      let range = word.range.union(end)
      return clause == "payoff"
        ? .payoff(row: row, column: column, payoffs: payoffs, range: range)
        : .disagreement(row: row, column: column, payoffs: payoffs, range: range)
    case "resource":
      advance()
      let amount = try expectInteger()
      return .resource(amount, range: word.range.union(amount.range))
    case "demands":
      advance()
      return try parseDemands(from: word)
    case "default":
      advance()
      _ = try expect(.outside)
      let option = try expectName()
      return .defaultOutside(option, range: word.range.union(option.range))
    case "grant":
      return .grant(try parseGrant())
    case "capability":
      // "capability" IDENT [ "withheld" ] [ "cost" number ]
      advance()
      let name = try expectName()
      var end = name.range
      var withheld = false
      if current.isContextual("withheld") {
        withheld = true
        end = advance().range
      }
      var cost: PayoffLiteral?
      if current.isContextual("cost") {
        advance()
        let literal = try parseNumber()
        cost = literal
        end = literal.range
      }
      return .capability(name: name, withheld: withheld, cost: cost, range: word.range.union(end))
    case "surplus":
      advance()
      let ruleToken = current
      guard case .identifier(let spelling) = ruleToken.kind, let rule = SurplusRule(rawValue: spelling)
      else { throw failExpected(.surplusRule) }
      advance()
      return .surplus(rule, range: word.range.union(ruleToken.range))
    case "rounds":
      advance()
      let count = try expectInteger()
      return .rounds(count, range: word.range.union(count.range))
    case "discount":
      advance()
      let factor = try parseNumber()
      return .discount(factor, range: word.range.union(factor.range))
    case "cost":
      advance()
      try expectContextual("per")
      try expectContextual("round")
      let cost = try parseNumber()
      return .costPerRound(cost, range: word.range.union(cost.range))
    case "lock":
      advance()
      try expectContextual("when")
      guard current.isContextual("repeated") else { throw failExpected(.word("repeated")) }
      let last = advance()
      return .lockWhenRepeated(range: word.range.union(last.range))
    case "never":
      advance()
      guard current.isContextual("ends") else { throw failExpected(.word("ends")) }
      advance()
      let open = try expect(.leftParen)
      let row = try parseNumber()
      _ = try expect(.comma)
      let column = try parseNumber()
      let close = try expectClosing(.rightParen, opening: open)
      return .neverEnds(PayoffPair(row: row, column: column), range: word.range.union(close.range))
    default:
      throw failExpected(.gameClause)
    }
  }

  /// The `IDENT { "," IDENT }` of `actions` and `outside`.
  private mutating func parseNameList() throws(ParseFailure) -> [Identifier] {
    var names = [try expectName()]
    while consume(.comma) != nil {
      try checkCount(names.count, of: .listElements, limit: SyntaxLimits.maxClauseListElements)
      names.append(try expectName())
    }
    return names
  }

  /// The `"(" IDENT "," IDENT ")" "=" "(" number "," number ")"` of `payoff` and `disagreement`.
  private mutating func parseOutcomeEntry() throws(ParseFailure) -> (
    Identifier, Identifier, PayoffPair, SourceRange
  ) {
    let openNames = try expect(.leftParen)
    let row = try expectName()
    _ = try expect(.comma)
    let column = try expectName()
    _ = try expectClosing(.rightParen, opening: openNames)
    _ = try expect(.assign)
    let openNumbers = try expect(.leftParen)
    let rowPayoff = try parseNumber()
    _ = try expect(.comma)
    let columnPayoff = try parseNumber()
    let close = try expectClosing(.rightParen, opening: openNumbers)
    return (row, column, PayoffPair(row: rowPayoff, column: columnPayoff), close.range)
  }

  /// The part of `demands` after the word: `INT ".." INT [ "step" INT ]` or `"{" INT { "," INT } "}"`.
  private mutating func parseDemands(from word: Token) throws(ParseFailure) -> GameClause {
    if let open = consume(.leftBrace) {
      var values = [try expectInteger()]
      while consume(.comma) != nil {
        try checkCount(values.count, of: .listElements, limit: SyntaxLimits.maxClauseListElements)
        values.append(try expectInteger())
      }
      let close = try expectClosing(.rightBrace, opening: open)
      return .demandList(values, range: word.range.union(close.range))
    }
    guard case .integer = current.kind else { throw failExpected(.demands) }
    let low = try expectInteger()
    _ = try expect(.dotDot)
    let high = try expectInteger()
    var step: IntegerLiteral?
    if current.isContextual("step") {
      advance()
      step = try expectInteger()
    }
    return .demandRange(
      low: low, high: high, step: step, range: word.range.union(step?.range ?? high.range))
  }

  /// number = [ "-" ] INT [ "/" INT | "." INT ] ;   (* "." and the digits after it: no spaces *)
  mutating func parseNumber() throws(ParseFailure) -> PayoffLiteral {
    let minus = consume(.minus)
    let whole = try expectInteger()
    var numerator = whole.value
    var denominator = 1
    var end = whole.range
    if consume(.slash) != nil {
      let below = try expectInteger()
      end = below.range
      guard below.value != 0 else {
        throw fail(.invalidPayoff(literal: file.text(of: whole.range.union(end)), zero: true), at: below.range)
      }
      denominator = below.value
    } else if check(.dot), current.range.start == whole.range.end, case .integer(let digits) = peek(1).kind,
      peek(1).range.start == current.range.end
    {
      advance()
      let fraction = advance()
      end = fraction.range
      // The digits' count, not their value, fixes the denominator: `1.05` is 105/100.
      var scale = 1
      var fits = true
      for _ in 0..<(fraction.range.end - fraction.range.start) {
        let (next, overflow) = scale.multipliedReportingOverflow(by: 10)
        fits = fits && !overflow
        scale = next
      }
      let (shifted, overflowShift) = whole.value.multipliedReportingOverflow(by: scale)
      let (sum, overflowSum) = shifted.addingReportingOverflow(digits)
      guard fits, !overflowShift, !overflowSum else {
        throw fail(
          .invalidPayoff(literal: file.text(of: whole.range.union(end)), zero: false), at: whole.range.union(end))
      }
      numerator = sum
      denominator = scale
    }
    var divisor = numerator
    var other = denominator
    while other != 0 { (divisor, other) = (other, divisor % other) }
    divisor = max(abs(divisor), 1)
    let range = (minus?.range ?? whole.range).union(end)
    return PayoffLiteral(
      numerator: (minus == nil ? 1 : -1) * (numerator / divisor), denominator: denominator / divisor, range: range)
  }

  // MARK: - Programs

  /// program = "program" IDENT [ "(" [ parameter { "," parameter } ] ")" ] block ;
  mutating func parseProgram() throws(ParseFailure) -> ProgramDecl {
    let keyword = try expect(.program)
    let name = try expectName()
    var parameters: [Parameter] = []
    if let open = consume(.leftParen) {
      if !check(.rightParen) {
        repeat {
          try checkCount(parameters.count, of: .parameters, limit: SyntaxLimits.maxParameters)
          parameters.append(try parseParameter())
        } while consume(.comma) != nil
      }
      _ = try expectClosing(.rightParen, opening: open)
    } else if !check(.leftBrace) {
      throw failExpected(.either(.leftParen, .leftBrace))
    }
    let body = try parseBlock()
    return ProgramDecl(
      name: name, parameters: parameters, body: body, range: keyword.range.union(body.range))
  }

  /// parameter = IDENT ":" type [ "=" expr ] ;
  mutating func parseParameter() throws(ParseFailure) -> Parameter {
    let name = try expectName()
    _ = try expect(.colon)
    let (type, typeRange) = try parseType()
    var defaultValue: Expr?
    if consume(.assign) != nil {
      defaultValue = try parseCheckedExpr()
    }
    return Parameter(name: name, type: type, typeRange: typeRange, defaultValue: defaultValue)
  }

  /// type = "int" | "rational" | "bool" | "action" | "outside" | "program" ;
  mutating func parseType() throws(ParseFailure) -> (TypeName, SourceRange) {
    let type: TypeName
    switch current.kind {
    case .keyword(.outside): type = .outside
    case .keyword(.program): type = .program
    case .identifier("int"): type = .int
    case .identifier("rational"): type = .rational
    case .identifier("bool"): type = .bool
    case .identifier("action"): type = .action
    case .keyword, .punctuation, .identifier, .integer, .string, .invalid, .endOfFile:
      throw failExpected(.type)
    }
    return (type, advance().range)
  }

  /// block = "{" { let } decision "}" ;
  mutating func parseBlock() throws(ParseFailure) -> Block {
    let open = try expect(.leftBrace)
    try nest(at: open)
    defer { depth -= 1 }
    var lets: [LetBinding] = []
    while check(.let) {
      lets.append(try parseLet())
    }
    let decision = try parseDecision()
    if check(.let) || check(.play) || check(.demand) || check(.if) || current.isContextual("with") {
      throw fail(.statementAfterDecision(found: found()))
    }
    let close = try expectClosing(.rightBrace, opening: open)
    return Block(lets: lets, decision: decision, range: open.range.union(close.range))
  }

  /// let = "let" IDENT "=" expr ;
  mutating func parseLet() throws(ParseFailure) -> LetBinding {
    let keyword = try expect(.let)
    let name = try expectName()
    _ = try expect(.assign)
    let value = try parseCheckedExpr()
    return LetBinding(name: name, value: value, range: keyword.range.union(value.range))
  }

  /// decision = if_chain | output | random_choice ;
  mutating func parseDecision() throws(ParseFailure) -> Decision {
    if check(.if) { return .conditional(try parseIfChain()) }
    if check(.play) || check(.demand) { return .output(try parseOutput()) }
    if current.isContextual("with") { return .random(try parseRandomChoice()) }
    throw failExpected(.decision)
  }

  /// random_choice = "with" "probability" expr block "else" block ;
  mutating func parseRandomChoice() throws(ParseFailure) -> RandomChoice {
    let word = advance()
    try expectContextual("probability")
    let probability = try parseCheckedExpr()
    let then = try parseBlock()
    guard check(.else) else {
      throw fail(.missingElse(found: found()), notes: [ParseNote.ifChainStart.note(at: word.range)])
    }
    advance()
    let otherwise = try parseBlock()
    return RandomChoice(
      probability: probability, then: then, otherwise: otherwise, range: word.range.union(otherwise.range))
  }

  /// if_chain = "if" expr block { "else" "if" expr block } "else" block ;
  mutating func parseIfChain() throws(ParseFailure) -> IfChain {
    let ifToken = try expect(.if)
    var branches: [ConditionalBranch] = []
    while true {
      let condition = try parseCheckedExpr()
      branches.append(ConditionalBranch(condition: condition, block: try parseBlock()))
      guard check(.else) else {
        throw fail(.missingElse(found: found()), notes: [ParseNote.ifChainStart.note(at: ifToken.range)])
      }
      advance()
      if check(.if) {
        advance()
        continue
      }
      guard check(.leftBrace) else { throw failExpected(.afterElse) }
      let elseBlock = try parseBlock()
      return IfChain(
        branches: branches, elseBlock: elseBlock, range: ifToken.range.union(elseBlock.range))
    }
  }

  /// output = "play" expr
  ///        | "demand" expr [ "outside" expr ] ;
  mutating func parseOutput() throws(ParseFailure) -> OutputStatement {
    if check(.play) {
      let keyword = advance()
      let action = try parseCheckedExpr()
      return .play(action, range: keyword.range.union(action.range))
    }
    let keyword = try expect(.demand)
    let amount = try parseCheckedExpr()
    guard check(.outside) else {
      return .demand(amount, outside: nil, range: keyword.range.union(amount.range))
    }
    advance()
    let option = try parseCheckedExpr()
    return .demand(amount, outside: option, range: keyword.range.union(option.range))
  }
}
