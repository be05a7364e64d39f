// Surrogate goals and renegotiation wrappers in plans (protocol rules SP1 and SP2).

extension ParseSession {
  /// payoff_term = "surrogate" "(" IDENT "," IDENT ")" "=" number
  ///             | "renegotiate" "(" IDENT "," IDENT ")" "=" "(" number "," number ")" ;
  mutating func parsePayoffTerm() throws(ParseFailure) -> Commitment {
    let keyword = advance()
    let surrogate = keyword.isContextual("surrogate")
    let openNames = try expect(.leftParen)
    let mine = try expectName()
    _ = try expect(.comma)
    let theirs = try expectName()
    _ = try expectClosing(.rightParen, opening: openNames)
    _ = try expect(.assign)
    if surrogate {
      let value = try parseNumber()
      return .surrogate(mine: mine, theirs: theirs, value: value, range: keyword.range.union(value.range))
    }
    let openNumbers = try expect(.leftParen)
    let own = try parseNumber()
    _ = try expect(.comma)
    let other = try parseNumber()
    let close = try expectClosing(.rightParen, opening: openNumbers)
    return .renegotiate(
      mine: mine, theirs: theirs, payoffs: PayoffPair(row: own, column: other),
      range: keyword.range.union(close.range))
  }
}
