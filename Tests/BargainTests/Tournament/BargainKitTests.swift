// The library façade: loading as the command line does, results as Swift values.

import BargainKit
import Testing

@Suite struct BargainKitTests {
  @Test func loadsPlaysAndAnalyses() throws {
    let population = try Population.load([SyntaxPaths.root + "/Programs/prisoners-dilemma"])
    #expect(population.names.first == "CliqueBot")
    let fair = try #require(population.names.firstIndex(of: "FairBot"))
    let defect = try #require(population.names.firstIndex(of: "DefectBot"))
    let played = try #require(population.play(fair, defect).result)
    #expect(played.payoffs == [Fraction(1), Fraction(1)])
    #expect(played.sides.map(\.level) == [1, 0])
    let result = population.tournament(TournamentOptions(jobs: 2))
    #expect(result.cell(fair, fair).result?.payoffs == [Fraction(2), Fraction(2)])
    let analysis = try #require(Analysis.analyze(result))
    #expect(analysis.equilibria.contains(AgentPair(fair, fair)))
  }

  @Test func errorsAreRenderedAsOnTheCommandLine() {
    #expect(throws: BargainError.self) { try Population.load(["/nonexistent/x.bargain"]) }
    do {
      _ = try Population.load(["/nonexistent/x.bargain"])
    } catch {
      #expect(error.exitCode == 1)
      #expect(error.message.contains("cannot find file '/nonexistent/x.bargain'"))
    }
  }
}
