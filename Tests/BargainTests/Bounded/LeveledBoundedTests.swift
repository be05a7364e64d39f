// Rule B9: `provable[k] within N (φ)` searches in PA+k. Parsing and printing, the PA+1 search that
// makes a bounded PrudentBot behave like PrudentBot, the statement the kernel and the independent
// checker see, and the runtime errors of the level.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainLogic
@testable import BargainSyntax

@Suite("Bounded searches in PA+k")
struct LeveledBoundedTests {
  @Test func parsesAndPrintsTheLevel() throws {
    let expr = try #require(SyntaxFixture.expression("provable [ (1) ] within budget ( (them(me)) == C )"))
    #expect(SyntaxFixture.shape(expr) == "(provable[1]-within budget (== (call them me) C))")
    #expect(CanonicalPrinter.print(expr) == "provable[1] within budget (them(me) == C)")
    let plain = try #require(SyntaxFixture.expression("provable within (2 + 3) (x)"))
    #expect(CanonicalPrinter.print(plain) == "provable within (2 + 3) (x)")
    let reparsed = try #require(SyntaxFixture.expression(CanonicalPrinter.print(expr)))
    #expect(reparsed.kind == expr.kind || CanonicalPrinter.print(reparsed) == CanonicalPrinter.print(expr))
  }

  @Test func consistentHasNoBoundedForm() {
    #expect(!SyntaxFixture.expressionErrors("consistent[1] within 5 (x)").isEmpty)
  }

  static let prudent = """
    game PrisonersDilemma
    program P(k: int = 1) {
      if provable within 100 (them(me) == C) and provable[k] within 100 (them(DefectBot) == D) {
        play C
      } else {
        play D
      }
    }
    """

  func outputs(_ row: String, _ column: String, in scratch: ScratchDirectory) throws -> String {
    let result = scratch.play(row, column)
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try jsonObject(scratch.run([row, column, "--json"], paths: ["p.bargain"]).stdout)
    let players = try #require(object["players"] as? [[String: Any]])
    return players.map { (($0["output"] as? [String: Any])?["action"] as? String) ?? "?" }.joined(separator: ",")
  }

  /// FairBot defects against DefectBot only from world 1: the PA search about it finds nothing, the
  /// PA+1 search finds a proof, so only the PA+1 bot cooperates with FairBot (and PrudentBot does).
  @Test func theLevelDecidesAgainstFairBot() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("p.bargain", Self.prudent)
    try scratch.write("f.bargain", "game PrisonersDilemma\nprogram F { play FairBot(them) }\n")
    #expect(try outputs("p.bargain:P(1)", "p.bargain:FairBot", in: scratch) == "C,C")
    #expect(try outputs("p.bargain:P(0)", "p.bargain:FairBot", in: scratch) == "D,D")
    #expect(try outputs("p.bargain:P(1)", "p.bargain:CooperateBot", in: scratch) == "D,C")
    #expect(try outputs("p.bargain:P(1)", "p.bargain:DefectBot", in: scratch) == "D,D")
    #expect(try outputs("p.bargain:P(1)", "p.bargain:P(1)", in: scratch) == "C,C")
    let text = scratch.play("p.bargain:P(1)", "p.bargain:FairBot").stdout
    #expect(text.contains("bounded  2. the search of P(1) vs FairBot in PA+1 within 100 steps: proof of 6 steps found"))
    let json = try jsonObject(
      scratch.run(["p.bargain:P(1)", "p.bargain:FairBot", "--json"], paths: ["p.bargain"]).stdout)
    let searches = try #require(json["boundedSearches"] as? [[String: Any]])
    #expect(searches.map { $0["level"] as? Int } == [nil, 1])
  }

  /// The statement searched for level k is ¬□^k⊥ → φ; its proof is not a proof of φ, and the
  /// independent checker tells them apart.
  @Test func theCheckerSeesTheConsistencyPremise() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("p.bargain", Self.prudent)
    let proved = scratch.run(
      ["prove", "p.bargain", "provable[0](false) or FairBot(DefectBot) == D", "--budget", "100"], paths: ["p.bargain"])
    #expect(proved.exitCode == 0, "\(proved.stderr)")
    #expect(proved.stdout.contains("independent checker: accepted"))
    let plain = scratch.run(["prove", "p.bargain", "FairBot(DefectBot) == D", "--budget", "100"], paths: ["p.bargain"])
    #expect(plain.stdout.contains("result     no proof"), "\(plain.stdout)")
  }

  @Test func aNegativeLevelIsARuntimeErrorAtTheLevel() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("p.bargain", Self.prudent)
    // Against CooperateBot the first search succeeds, so the second one is reached (rule 18).
    let result = scratch.play("p.bargain:P(-1)", "p.bargain:CooperateBot")
    #expect(result.exitCode == 1)
    #expect(
      result.stderr.hasPrefix("p.bargain:3:55: error: proof level must be at least 0, found -1"), "\(result.stderr)")
  }

  @Test func aLevelAboveTheLimitStops() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("p.bargain", Self.prudent)
    let result = scratch.play("p.bargain:P(100000000)", "p.bargain:DefectBot")
    #expect(result.exitCode == 3, "\(result.stderr)")
    #expect(result.stderr.contains("maxProofLevel"), "\(result.stderr)")
  }

  /// `--explain` names the system of a search in PA+k beside its budget (a search in PA as before),
  /// in the text and, as `searchLevel`, in the JSON.
  @Test func explainShowsTheLevelOfABoundedSearch() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("p.bargain", Self.prudent)
    let text = scratch.run(["p.bargain:P(1)", "p.bargain:FairBot", "--explain"], paths: ["p.bargain"]).stdout
    let facts = text.split(separator: "\n").filter { $0.hasPrefix("  fact `provable") && $0.contains("within") }
    #expect(
      facts == [
        "  fact `provable within 100 (them(me) == C)` at p.bargain:3:6: true (budget 100: proof of 16 steps found)",
        "  fact `provable[k] within 100 (them(DefectBot) == D)` at p.bargain:3:46: true (budget 100 in PA+1: proof of 6 steps found)",
      ], "\(text)")
    let json = try jsonObject(
      scratch.run(["p.bargain:P(1)", "p.bargain:FairBot", "--json", "--explain"], paths: ["p.bargain"]).stdout)
    let sides = try #require(json["explanation"] as? [[String: Any]])
    let rowFacts = try #require(sides.first?["facts"] as? [[String: Any]])
    #expect(rowFacts.map { $0["searchLevel"] as? Int } == [0, 1])
  }
}
