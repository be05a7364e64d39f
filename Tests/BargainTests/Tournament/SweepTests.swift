// `--sweep`: the tournament over a grid of settings, with values computed by hand.

import Foundation
import Testing

@testable import BargainCLI

@Suite struct SweepTests {
  static let study = """
    game Split { resource 100 demands 0..100 step 50 outside walk disagreement (walk, walk) = (0, 0) }
    program Demand(amount: int) { demand amount outside walk }
    tournament { agents Demand(k), Demand(50) }

    """

  /// k = 0: every pair fits. k = 50: every pair fits. k = 100: all but (Demand(50), Demand(50))
  /// clash, conflict rate 3/4. Against k = 0, three cells change in both later settings.
  @Test func programParameterSweep() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("study.bargain", Self.study)
    let result = scratch.run(
      ["tournament", "study.bargain", "--sweep", "k=0..100:50", "--json"], paths: ["study.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let object = try jsonObject(result.stdout)
    #expect(object["kind"] as? String == "sweep")
    let settings = try #require(object["settings"] as? [[String: Any]])
    #expect(settings.compactMap { ($0["values"] as? [String: Any])?["k"] as? Int } == [0, 50, 100])
    #expect(settings.compactMap { $0["conflictRate"] as? String } == ["0", "0", "3/4"])
    #expect(settings.compactMap { ($0["changed"] as? [[Int]])?.count } == [0, 3, 3])
    #expect(settings.last?["changed"] as? [[Int]] == [[1, 1], [1, 2], [2, 1]])
    // k = 50 makes (Demand(50), Demand(50)) everywhere: (50, 50) in every cell.
    #expect(settings[1]["payoffs"] as? [[String]] == Array(repeating: ["50", "50"], count: 4))
  }

  /// The last name varies fastest. k = 0: welfare (0 + 50 + 50 + 100)/4 = 50 and the only
  /// equilibrium is (Demand(50), Demand(50)); k = 100: welfare 100/4 = 25, equilibria
  /// (Demand(100), Demand(100)) (both get 0 whatever they switch to) and (Demand(50), Demand(50)).
  @Test func gridOrderAndCSV() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("study.bargain", Self.study)
    let result = scratch.run(
      ["tournament", "study.bargain", "--sweep", "lag=1,3", "k=0,100", "--csv"], paths: ["study.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    #expect(
      result.stdout == """
        lag,k,conflict_rate,mean_welfare,equilibria,changed_cells
        1,0,0,50,1,0
        1,100,3/4,25,2,3
        3,0,0,50,1,0
        3,100,3/4,25,2,3

        """)
  }

  @Test func sweepHTMLChartsEverySetting() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("study.bargain", Self.study)
    let result = scratch.run(
      ["tournament", "study.bargain", "--sweep", "k=0..100:50", "--html", scratch.prefix + "sweep.html"],
      paths: ["study.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let html = try String(contentsOfFile: scratch.prefix + "sweep.html", encoding: .utf8)
    #expect(html.contains("<title>bargain sweep: Split</title>"))
    #expect(html.components(separatedBy: "class=\"bar\"").count - 1 == 3)
    #expect(html.contains("<title>k=100: conflict rate 0.75, 3 cells changed</title>"))
  }

  @Test func badSweeps() {
    #expect(CLI.run(["bargain", "tournament", "x.bargain", "--sweep"]).exitCode == 2)
    #expect(CLI.run(["bargain", "tournament", "x.bargain", "--sweep", "k=5..1"]).exitCode == 2)
    #expect(CLI.run(["bargain", "tournament", "x.bargain", "--sweep", "k=1..3:0"]).exitCode == 2)
    #expect(CLI.run(["bargain", "tournament", "x.bargain", "--sweep", "k=1,x"]).exitCode == 2)
  }
}
