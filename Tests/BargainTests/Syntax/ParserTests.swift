// Parser: every construct of the grammar, checked against the exact tree and ranges.

import Testing

@testable import BargainSyntax

@Suite struct ParserTests {
  private let file = FileID(0)

  private func range(_ start: Int, _ end: Int) -> SourceRange {
    SourceRange(file: file, start: start, end: end)
  }

  private func identifier(_ name: String, _ start: Int) -> Identifier {
    Identifier(name: name, range: range(start, start + name.utf8.count))
  }

  private func integer(_ value: Int, _ start: Int, _ end: Int) -> IntegerLiteral {
    IntegerLiteral(value: value, range: range(start, end))
  }

  private func parseClean(_ text: String) -> SourceUnit {
    let (unit, diagnostics) = SyntaxFixture.parse(text)
    #expect(diagnostics.map(\.message) == [])
    return unit
  }

  private func onlyProgram(_ text: String) -> ProgramDecl? {
    guard case .program(let program) = parseClean(text).items.first else { return nil }
    return program
  }

  private func onlyGame(_ text: String) -> GameDecl? {
    guard case .game(let game) = parseClean(text).items.first else { return nil }
    return game
  }

  @Test func emptyFileIsFine() {
    let (unit, diagnostics) = SyntaxFixture.parse("")
    #expect(unit == SourceUnit(file: file, imports: [], items: []))
    #expect(diagnostics.isEmpty)
    #expect(SyntaxFixture.parse("  // only a comment\n\n").diagnostics.isEmpty)
  }

  @Test func importsAndGameReference() {
    let unit = parseClean("import \"a.bargain\"\nimport \"b/c.bargain\"\ngame Standoff")
    #expect(
      unit.imports == [
        ImportDecl(path: "a.bargain", range: range(0, 18)),
        ImportDecl(path: "b/c.bargain", range: range(19, 39)),
      ])
    #expect(
      unit.items == [.game(GameDecl(name: identifier("Standoff", 45), body: nil, range: range(40, 53)))])
  }

  @Test func matrixGameBody() {
    let text = "game PD {\n  actions C, D\n  payoff (C, D) = (0, -3)\n}"
    let game = onlyGame(text)
    #expect(game?.name == identifier("PD", 5))
    #expect(game?.range == range(0, text.utf8.count))
    #expect(
      game?.body?.clauses == [
        .actions([identifier("C", 20), identifier("D", 23)], range: range(12, 24)),
        .payoff(
          row: identifier("C", 35), column: identifier("D", 38),
          payoffs: PayoffPair(row: PayoffLiteral(integer(0, 44, 45)), column: PayoffLiteral(integer(-3, 47, 49))),
          range: range(27, 50)),
      ])
    #expect(game?.body?.range == range(8, text.utf8.count))
  }

  @Test func bargainingGameBody() {
    let text = """
      game S {
        resource 100
        demands 0..100 step 10
        demands 0..5
        demands {0, 25, 50}
        outside walk, fight
        default outside walk
        disagreement (fight, walk) = (40, -10)
        surplus keep
        surplus split
        never ends (-1, 2)
      }
      """
    let clauses = onlyGame(text)?.body?.clauses ?? []
    let source = SyntaxFixture.file(text)
    #expect(
      clauses.map { source.text(of: $0.range) } == [
        "resource 100", "demands 0..100 step 10", "demands 0..5", "demands {0, 25, 50}",
        "outside walk, fight", "default outside walk", "disagreement (fight, walk) = (40, -10)",
        "surplus keep", "surplus split", "never ends (-1, 2)",
      ])
    guard clauses.count == 10 else { return }
    #expect(clauses[0] == .resource(integer(100, 20, 23), range: range(11, 23)))
    guard case .demandRange(let low, let high, let step, _) = clauses[1],
      case .demandRange(_, _, let noStep, _) = clauses[2],
      case .demandList(let values, _) = clauses[3],
      case .outsideOptions(let options, _) = clauses[4],
      case .defaultOutside(let fallback, _) = clauses[5],
      case .disagreement(let row, let column, let payoffs, _) = clauses[6]
    else {
      Issue.record("unexpected clause kinds: \(clauses)")
      return
    }
    #expect([low.value, high.value, step?.value] == [0, 100, 10])
    #expect(noStep == nil)
    #expect(values.map(\.value) == [0, 25, 50])
    #expect(options.map(\.name) == ["walk", "fight"])
    #expect(fallback.name == "walk")
    #expect([row.name, column.name] == ["fight", "walk"])
    #expect([payoffs.row.text, payoffs.column.text] == ["40", "-10"])
    #expect(source.text(of: payoffs.column.range) == "-10")
    #expect(clauses[7] == .surplus(.keep, range: clauses[7].range))
    #expect(clauses[8] == .surplus(.split, range: clauses[8].range))
    guard case .neverEnds(let unsettled, _) = clauses[9] else {
      Issue.record("unexpected clause: \(clauses[9])")
      return
    }
    #expect([unsettled.row.text, unsettled.column.text] == ["-1", "2"])
  }

  /// Payoffs are exact rationals (rule 4a): fractions and decimals, reduced, the sign in front.
  @Test(arguments: [
    ("3", "3"), ("-3", "-3"), ("3/2", "3/2"), ("6/4", "3/2"), ("1.5", "3/2"), ("-1.5", "-3/2"),
    ("1.05", "21/20"), ("0.000", "0"), ("-0/7", "0"), ("2.50", "5/2"),
  ])
  func exactPayoffs(written: String, value: String) {
    let text = "game G { never ends (\(written), 1) }"
    guard case .neverEnds(let pair, _)? = onlyGame(text)?.body?.clauses.first else {
      Issue.record("no clause: \(SyntaxFixture.errors(text))")
      return
    }
    #expect(pair.row.text == value)
    #expect(SyntaxFixture.file(text).text(of: pair.row.range) == written)
  }

  @Test func invalidPayoffs() {
    #expect(
      SyntaxFixture.errors("game G { never ends (1/0, 1) }")
        == ["1:24 parse.invalid-payoff: payoff 1/0 divides by zero"])
    #expect(
      SyntaxFixture.errors("game G { never ends (1.00000000000000000001, 1) }")
        == ["1:22 parse.invalid-payoff: payoff 1.00000000000000000001 does not fit in 64 bits as a fraction"])
    // A decimal point needs digits on both sides, without spaces.
    #expect(!SyntaxFixture.errors("game G { never ends (1 .5, 1) }").isEmpty)
    #expect(!SyntaxFixture.errors("game G { never ends (1., 1) }").isEmpty)
    #expect(!SyntaxFixture.errors("game G { never ends (.5, 1) }").isEmpty)
  }

  /// `grant` is a game clause as well as a top-level item (the fuzzer found it refused here).
  @Test func grantInsideAGameBody() {
    let text = "game G { actions C, D grant conditional at 2 }"
    #expect(SyntaxFixture.errors(text) == [])
    let clauses = onlyGame(text)?.body?.clauses ?? []
    #expect(clauses.count == 2)
    guard case .grant(let grant) = clauses.last else {
      Issue.record("expected a grant clause, found \(String(describing: clauses.last))")
      return
    }
    #expect(grant.capability.name == "conditional")
    #expect(grant.time.value == 2)
  }

  @Test func emptyGameBody() {
    #expect(onlyGame("game G {}")?.body == GameBody(clauses: [], range: range(7, 9)))
  }

  @Test func programWithParametersAndDefaults() {
    let text = "program Demand(d: int = 50, o: outside = walk, f: bool, a: action, p: program) { demand d outside o }"
    let program = onlyProgram(text)
    #expect(program?.name == identifier("Demand", 8))
    #expect(program?.range == range(0, text.utf8.count))
    let parameters = program?.parameters ?? []
    #expect(parameters.map(\.name.name) == ["d", "o", "f", "a", "p"])
    #expect(parameters.map(\.type) == [.int, .outside, .bool, .action, .program])
    #expect(parameters.map { $0.defaultValue.map(CanonicalPrinter.print) } == ["50", "walk", nil, nil, nil])
    #expect(parameters.first?.typeRange == range(18, 21))
    #expect(parameters.first?.defaultValue == Expr(.integer(50), range: range(24, 26)))
  }

  @Test func emptyParameterListIsAllowed() {
    #expect(onlyProgram("program P() { play C }")?.parameters == [])
  }

  @Test func letsAndOutputs() {
    let text = "program P { let x = 1 let y = x + 2 demand y }"
    let body = onlyProgram(text)?.body
    #expect(body?.lets.map(\.name.name) == ["x", "y"])
    #expect(body?.lets.first?.range == range(12, 21))
    #expect(body?.lets.last?.value.range == range(30, 35))
    #expect(
      body?.decision
        == .output(.demand(Expr(.name("y"), range: range(43, 44)), outside: nil, range: range(36, 44))))
    #expect(body?.range == range(10, text.utf8.count))
    let play = onlyProgram("program P { play C }")?.body.decision
    #expect(play == .output(.play(Expr(.name("C"), range: range(17, 18)), range: range(12, 18))))
  }

  @Test func ifElseIfElseChain() {
    let text = """
      program P {
        if a { play C }
        else if b { play D }
        else if c { if d { play C } else { play D } }
        else { play D }
      }
      """
    guard case .conditional(let chain) = onlyProgram(text)?.body.decision else {
      Issue.record("expected an if chain")
      return
    }
    #expect(chain.branches.map { CanonicalPrinter.print($0.condition) } == ["a", "b", "c"])
    guard case .conditional(let inner) = chain.branches[2].block.decision else {
      Issue.record("expected a nested if chain")
      return
    }
    #expect(inner.branches.count == 1)
    let source = SyntaxFixture.file(text)
    #expect(source.text(of: chain.range).hasPrefix("if a { play C }"))
    #expect(source.text(of: chain.range).hasSuffix("else { play D }"))
    #expect(source.text(of: chain.elseBlock.range) == "{ play D }")
  }

  @Test func chainedCallsAndFields() {
    guard let expr = SyntaxFixture.expression("Demand(100)(me).demand") else { return }
    #expect(SyntaxFixture.shape(expr) == "(field (call (call Demand 100) me) demand)")
    #expect(expr.range == range(0, 22))
    guard case .field(let base, let field) = expr.kind, case .call(let inner, _) = base.kind else {
      Issue.record("unexpected shape")
      return
    }
    #expect(base.range == range(0, 15))
    #expect(inner.range == range(0, 11))
    #expect(field == identifier("demand", 16))
  }

  @Test func fieldsMayBeDemandOutsideOrNames() {
    let shapes = ["them.demand", "them(me).outside", "them.unconditional", "f().x.y"].compactMap {
      SyntaxFixture.expression($0).map(SyntaxFixture.shape)
    }
    #expect(
      shapes == [
        "(field them demand)", "(field (call them me) outside)", "(field them unconditional)",
        "(field (field (call f) x) y)",
      ])
  }

  @Test func setsAndRanges() {
    let shapes = [
      "x in {}", "x in {1, 2 + 3}", "x not in {D}", "x in 0..10", "x in a + 1..b * 2", "not x in {1}",
    ].compactMap { SyntaxFixture.expression($0).map(SyntaxFixture.shape) }
    #expect(
      shapes == [
        "(in x {})", "(in x {1 (+ 2 3)})", "(not-in x {D})", "(in x (.. 0 10))",
        "(in x (.. (+ a 1) (* b 2)))", "(not (in x {1}))",
      ])
    let expr = SyntaxFixture.expression("x not in 0..10")
    guard case .membership(_, let set, true) = expr?.kind else {
      Issue.record("expected a negated membership")
      return
    }
    #expect(set.range == range(9, 14))
    #expect(expr?.range == range(0, 14))
  }

  @Test func modalWithAndWithoutLevel() {
    let shapes = ["provable(them(me) == C)", "consistent[k + 1](x)", "provable[1](provable(true))"]
      .compactMap { SyntaxFixture.expression($0).map(SyntaxFixture.shape) }
    #expect(
      shapes == [
        "(provable (== (call them me) C))", "(consistent[(+ k 1)] x)",
        "(provable[1] (provable true))",
      ])
    #expect(SyntaxFixture.expression("consistent[2](x)")?.range == range(0, 16))
  }

  @Test func primaries() {
    let shapes = ["42", "name", "me", "them", "true", "false", "(x)", "-5"].compactMap {
      SyntaxFixture.expression($0).map(SyntaxFixture.shape)
    }
    #expect(shapes == ["42", "name", "me", "them", "true", "false", "x", "(- 5)"])
  }

  @Test func parenthesesWidenTheRangeToCoverThem() {
    let expr = SyntaxFixture.expression("(a + b) * c")
    #expect(expr?.range == range(0, 11))
    guard case .binary(.multiply, let left, _) = expr?.kind else {
      Issue.record("expected a product")
      return
    }
    #expect(left.range == range(0, 7))
  }

  @Test func examplesParseCleanly() {
    let (unit, diagnostics) = SyntaxFixture.parse(SyntaxFixture.examples)
    #expect(diagnostics.map(\.message) == [])
    #expect(unit.imports.map(\.path) == ["Standoff.bargain"])
    let names = unit.items.map { item -> String in
      switch item {
      case .game(let game): return "game \(game.name.name)\(game.body == nil ? "" : " {}")"
      case .program(let program): return "program \(program.name.name)"
      case .plan: return "plan"
      case .main: return "main"
      case .grant: return "grant"
      case .tournament: return "tournament"
      case .lag: return "lag"
      case .agent(let agent): return "agent \(agent.name.name)"
      }
    }
    #expect(
      names == [
        "game Standoff", "program Alice", "game Standoff {}", "game PrisonersDilemma {}",
        "program PrudentBot", "program Demand", "program Picky",
      ])
  }

  @Test func everyNodeRangeMatchesItsText() {
    let text =
      "program P(k: int = 3) {\n  let x = -(k + 1) * 2\n  if them(me).demand >= x and not provable[k](x in {1, 2}) { play C } else { play D }\n}"
    guard let program = onlyProgram(text) else { return }
    let source = SyntaxFixture.file(text)
    #expect(source.text(of: program.body.lets[0].value.range) == "-(k + 1) * 2")
    guard case .conditional(let chain) = program.body.decision else { return }
    let condition = chain.branches[0].condition
    #expect(
      source.text(of: condition.range)
        == "them(me).demand >= x and not provable[k](x in {1, 2})")
    guard case .binary(.and, let left, let right) = condition.kind else { return }
    #expect(source.text(of: left.range) == "them(me).demand >= x")
    #expect(source.text(of: right.range) == "not provable[k](x in {1, 2})")
  }
}
