// Operator precedence and associativity, pinned with the fully parenthesised printer.

import Testing

@testable import BargainSyntax

@Suite struct PrecedenceTests {
  static let table: [(source: String, parenthesized: String)] = [
    ("2*3+4", "((2 * 3) + 4)"),
    ("2+3*4", "(2 + (3 * 4))"),
    ("1-2-3", "((1 - 2) - 3)"),
    ("8/4/2", "((8 / 4) / 2)"),
    ("7%3*2", "((7 % 3) * 2)"),
    ("-2*3", "((-2) * 3)"),
    ("- - x", "(-(-x))"),
    ("-f(x).demand", "(-f(x).demand)"),
    ("a or b and c", "(a or (b and c))"),
    ("a and b or c", "((a and b) or c)"),
    ("a or b or c", "((a or b) or c)"),
    ("a and b and c", "((a and b) and c)"),
    ("not a and b", "((not a) and b)"),
    ("not not a", "(not (not a))"),
    ("not a == b", "(not (a == b))"),
    ("not x in S..T", "(not (x in S..T))"),
    ("x not in {1, 2}", "(x not in {1, 2})"),
    ("a + 1 == b * 2", "((a + 1) == (b * 2))"),
    ("a < b and b <= c", "((a < b) and (b <= c))"),
    ("a != b or a > b", "((a != b) or (a > b))"),
    ("x >= 1 + 2", "(x >= (1 + 2))"),
    ("x in 1 + 2..3 * 4", "(x in (1 + 2)..(3 * 4))"),
    ("(a or b) and c", "((a or b) and c)"),
    ("(2+3)*4", "((2 + 3) * 4)"),
    ("provable(a and b) or c", "(provable((a and b)) or c)"),
    ("them(me) == C", "(them(me) == C)"),
    ("f(a)(b).x", "f(a)(b).x"),
  ]

  @Test(arguments: table)
  func precedence(source: String, parenthesized: String) {
    guard let expr = SyntaxFixture.expression(source) else {
      Issue.record("\(source) did not parse")
      return
    }
    #expect(CanonicalPrinter.printFullyParenthesized(expr) == parenthesized)
  }

  @Test func comparisonIsNonAssociative() {
    #expect(
      SyntaxFixture.expressionErrors("a < b < c")
        == ["1:7 parse.chained-comparison: expected the end of the comparison, found '<'; comparisons do not chain"])
    #expect(
      SyntaxFixture.expressionErrors("a == b in {1}")
        == [
          "1:8 parse.chained-comparison: expected the end of the comparison, found 'in'; comparisons do not chain"
        ])
    #expect(
      SyntaxFixture.expressionErrors("x in {1} not in {2}")
        == [
          "1:10 parse.chained-comparison: expected the end of the comparison, found 'not'; comparisons do not chain"
        ])
  }
}
