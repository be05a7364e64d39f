// Canonical printer: exact layout, minimal parentheses, and print/parse round trips.

import Testing

@testable import BargainSyntax

@Suite struct PrinterTests {
  @Test func canonicalLayoutOfTheExamples() {
    let expected = """
      import "Standoff.bargain"

      game Standoff

      program Alice {
        if provable(them(Demand(100)).demand == 0) {
          demand 100 outside walk
        } else {
          demand 50 outside fight
        }
      }

      game Standoff {
        resource 100
        demands 0..100 step 10
        outside walk, fight
        default outside walk
        disagreement (walk, walk) = (0, 0)
        disagreement (fight, walk) = (40, -10)
        disagreement (walk, fight) = (-10, 40)
        disagreement (fight, fight) = (-30, -30)
        surplus keep
        never ends (-5, -5)
      }

      game PrisonersDilemma {
        actions C, D
        payoff (C, C) = (2, 2)
        payoff (C, D) = (0, 3)
        payoff (D, C) = (3, 0)
        payoff (D, D) = (1, 1)
      }

      program PrudentBot {
        if provable(them(me) == C) and provable[1](them(DefectBot) == D) {
          play C
        } else {
          play D
        }
      }

      program Demand(d: int = 50, o: outside = walk) {
        demand d outside o
      }

      program Picky(k: int) {
        let limit = 100 - k * 2
        if them == me {
          play C
        } else if them.unconditional and them(me) not in {D} {
          play C
        } else if consistent[k](me(them) == D) {
          play D
        } else {
          play D
        }
      }

      """
    #expect(SyntaxFixture.canonical(SyntaxFixture.examples) == expected)
  }

  @Test(arguments: [
    ("(a) and ((b))", "a and b"),
    ("(2+3)*4", "(2 + 3) * 4"),
    ("2*(3+4)", "2 * (3 + 4)"),
    ("a - (b - c)", "a - (b - c)"),
    ("(a - b) - c", "a - b - c"),
    ("a or (b or c)", "a or (b or c)"),
    ("(a and b) or c", "a and b or c"),
    ("a and (b or c)", "a and (b or c)"),
    ("not (a and b)", "not (a and b)"),
    ("not (a == b)", "not a == b"),
    ("(not a) == b", "(not a) == b"),
    ("(a == b) == c", "(a == b) == c"),
    ("-(a + b)", "-(a + b)"),
    ("-(-x)", "- -x"),
    ("(f)(x)", "f(x)"),
    ("(a + b)(x)", "(a + b)(x)"),
    ("(-a).demand", "(-a).demand"),
    ("x in (1)..(2 + 3)", "x in 1..2 + 3"),
    ("x in {(a or b), (c)}", "x in {a or b, c}"),
    ("(x in {1}) == true", "(x in {1}) == true"),
    ("provable [ (1) ] ( (them(me)) == C )", "provable[1](them(me) == C)"),
  ])
  func minimalParentheses(source: String, canonical: String) {
    guard let expr = SyntaxFixture.expression(source) else { return }
    #expect(CanonicalPrinter.print(expr) == canonical)
  }

  @Test func programsDifferingOnlyInLayoutPrintIdentically() {
    let first = """
      program Fair {
        // cooperate when provably reciprocated
        if provable(them(me) == C) { play C } else { play D }
      }
      """
    let second = "program Fair{if(provable((them(me))==C)){play C}else{play(D)}}"
    guard case .program(let a) = SyntaxFixture.parse(first).unit.items.first,
      case .program(let b) = SyntaxFixture.parse(second).unit.items.first
    else {
      Issue.record("programs did not parse")
      return
    }
    #expect(CanonicalPrinter.print(a) == CanonicalPrinter.print(b))
    #expect(
      CanonicalPrinter.print(a)
        == "program Fair {\n  if provable(them(me) == C) {\n    play C\n  } else {\n    play D\n  }\n}\n")
  }

  @Test func gamesPrintOnTheirOwn() {
    guard case .game(let game) = SyntaxFixture.parse("game G { demands {0, 50} surplus split }").unit.items.first
    else { return }
    #expect(CanonicalPrinter.print(game) == "game G {\n  demands {0, 50}\n  surplus split\n}\n")
    guard case .game(let empty) = SyntaxFixture.parse("game G {}").unit.items.first else { return }
    #expect(CanonicalPrinter.print(empty) == "game G {\n}\n")
  }

  @Test func payoffsPrintAsReducedFractions() {
    guard case .game(let game) = SyntaxFixture.parse("game G { payoff (A, B) = (1.50, -6/4) }").unit.items.first
    else { return }
    #expect(CanonicalPrinter.print(game) == "game G {\n  payoff (A, B) = (3/2, -3/2)\n}\n")
  }

  static let roundTripSources: [String] = [
    SyntaxFixture.examples,
    "program P(k: int = -3, q: program = Demand(10)(them)) { let x = -(k + 1) * 2 % 3 demand x outside q.outside }",
    """
    program Nested {
      let a = not not (x in 1..3) and (y not in {1, -2, f(3)} or z)
      if a { if b { play C } else if (c) { play D } else { play C } }
      else { play (D) }
    }
    game G { actions A, B payoff (A, B) = (-1, 2) payoff (B, A) = (1.5, -6/4) never ends (0.25, 1/3) }
    """,
    "program Q { play consistent[them.demand - 1](provable(me(them) != C)) }",
    "",
  ]

  @Test(arguments: roundTripSources)
  func printParsePrintIsStable(source: String) {
    let once = SyntaxFixture.canonical(source)
    let twice = SyntaxFixture.canonical(once)
    #expect(twice == once)
  }
}
