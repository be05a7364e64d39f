// The `tournament { ... }` declaration: parsing, printing, family expansion and its errors.

import Testing

@testable import BargainSyntax
@testable import BargainTournament

@Suite struct TournamentSyntaxTests {
  static let study = """
    tournament {
      agents
        FairBot,
        "Demand.bargain":Demand(k * 10) for k in 0..10 step 5,
        "Other.bargain"
      horizon 12
      lag 2
    }

    """

  @Test func parsesAndPrintsCanonically() throws {
    let (unit, diagnostics) = SyntaxFixture.parse(Self.study)
    #expect(diagnostics.isEmpty)
    guard case .tournament(let decl) = try #require(unit.items.first) else {
      Issue.record("not a tournament")
      return
    }
    #expect(decl.entries.count == 3)
    #expect(decl.entries[1].path == "Demand.bargain")
    #expect(decl.entries[1].family?.variable.name == "k")
    #expect(decl.horizon?.value == 12)
    #expect(decl.lag?.value == 2)
    #expect(CanonicalPrinter.print(unit) == Self.study)
  }

  @Test func familiesExpandInOrder() throws {
    guard case .tournament(let decl) = try #require(SyntaxFixture.parse(Self.study).unit.items.first) else {
      Issue.record("not a tournament")
      return
    }
    let (entries, diagnostics) = TournamentEntries.expand(decl)
    #expect(diagnostics.isEmpty)
    #expect(
      entries.map { ($0.path ?? "-") + " " + ($0.selection.map { CanonicalPrinter.print($0) } ?? "-") } == [
        "- FairBot", "Demand.bargain Demand(0 * 10)", "Demand.bargain Demand(5 * 10)",
        "Demand.bargain Demand(10 * 10)", "Other.bargain -",
      ])
  }

  @Test func badClausesAndFamilies() {
    #expect(
      SyntaxFixture.errors("tournament { players FairBot }") == [
        "1:14 parse.expected-token: expected a tournament clause ('agents', 'horizon' or 'lag') or '}', found 'players'"
      ])
    let zeroStep = "tournament { agents P(k) for k in 1..3 step 0 }"
    guard case .tournament(let decl) = SyntaxFixture.parse(zeroStep).unit.items.first else {
      Issue.record("not a tournament")
      return
    }
    let (entries, diagnostics) = TournamentEntries.expand(decl)
    #expect(entries.isEmpty)
    #expect(
      SyntaxFixture.summaries(diagnostics, in: zeroStep) == ["1:45 tournament.step: a family's step must be at least 1"]
    )
  }

  @Test func aTournamentWithoutClosingBraceResynchronises() {
    let errors = SyntaxFixture.errors("tournament { agents FairBot\nprogram P { play C }")
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("2:1 parse.unclosed-delimiter") == true)
  }
}
