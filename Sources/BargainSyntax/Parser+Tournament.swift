// Parser rules for the `tournament { ... }` declaration (Grammar/bargain.ebnf, tournaments).

extension ParseSession {
  /// tournament = "tournament" "{" { tournament_clause } "}" ;
  mutating func parseTournament() throws(ParseFailure) -> TournamentDecl {
    let word = advance()
    let open = try expect(.leftBrace)
    var entries: [TournamentEntry] = []
    var horizon: IntegerLiteral?
    var lag: IntegerLiteral?
    var clauses = 0
    while !check(.rightBrace) {
      // `lag N` is also an agent file's item; inside a tournament it is this clause.
      if atEnd || (startsTopLevel && !current.isContextual("lag")) {
        _ = try expectClosing(.rightBrace, opening: open)
      }
      try checkCount(clauses, of: .gameClauses, limit: SyntaxLimits.maxGameClauses)
      clauses += 1
      try parseTournamentClause(entries: &entries, horizon: &horizon, lag: &lag)
    }
    let close = advance()
    return TournamentDecl(entries: entries, horizon: horizon, lag: lag, range: word.range.union(close.range))
  }

  /// tournament_clause = "agents" tournament_entry { "," tournament_entry }
  ///                   | "horizon" INT | "lag" INT ;
  mutating func parseTournamentClause(
    entries: inout [TournamentEntry], horizon: inout IntegerLiteral?, lag: inout IntegerLiteral?
  ) throws(ParseFailure) {
    if current.isContextual("agents") {
      advance()
      var count = 0
      repeat {
        try checkCount(count, of: .listElements, limit: SyntaxLimits.maxClauseListElements)
        count += 1
        entries.append(try parseTournamentEntry())
      } while consume(.comma) != nil
    } else if current.isContextual("horizon") {
      advance()
      horizon = try expectInteger()
    } else if current.isContextual("lag") {
      advance()
      lag = try expectInteger()
    } else {
      throw failExpected(.tournamentClause)
    }
  }

  /// tournament_entry = ( STRING [ ":" postfix ] | postfix ) [ family ] ;
  mutating func parseTournamentEntry() throws(ParseFailure) -> TournamentEntry {
    var path: String?
    var program: Expr?
    var range: SourceRange
    if case .string(let text) = current.kind {
      range = advance().range
      path = text
      if consume(.colon) != nil {
        let selection = try parsePostfix()
        program = selection
        range = range.union(selection.range)
      }
    } else {
      let selection = try parsePostfix()
      program = selection
      range = selection.range
    }
    var family: AgentFamily?
    if current.isContextual("for") {
      let parsed = try parseFamily()
      family = parsed
      range = range.union(parsed.range)
    }
    return TournamentEntry(path: path, program: program, family: family, range: range)
  }

  /// family = "for" IDENT "in" INT ".." INT [ "step" INT ] ;
  mutating func parseFamily() throws(ParseFailure) -> AgentFamily {
    let word = advance()
    let variable = try expectName()
    _ = try expect(.in)
    let low = try expectInteger()
    _ = try expect(.dotDot)
    let high = try expectInteger()
    var step: IntegerLiteral?
    if current.isContextual("step") {
      advance()
      step = try expectInteger()
    }
    return AgentFamily(
      variable: variable, low: low, high: high, step: step, range: word.range.union(step?.range ?? high.range))
  }
}
