// The `--html` report: self-contained, and what a reader sees in a real browser (headless
// Chromium, which `.ci/run` installs): the title, every agent's name, one cell's payoffs.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainTournament

@Suite struct HTMLReportTests {
  static let study = """
    game PrisonersDilemma
    program RandomBot { with probability 1/2 { play C } else { play D } }
    tournament { agents FairBot, DefectBot, CooperateBot, RandomBot }

    """

  func report(_ scratch: ScratchDirectory) throws -> String {
    try scratch.write("study.bargain", Self.study)
    let result = scratch.run(
      ["tournament", "study.bargain", "--dynamics", "20", "--html", scratch.prefix + "report.html"],
      paths: ["study.bargain"])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return try String(contentsOfFile: scratch.prefix + "report.html", encoding: .utf8)
  }

  @Test func selfContained() throws {
    let html = try report(ScratchDirectory())
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("<script"))
    // The only URL is the SVG namespace, which is a name, not a fetch.
    let urls = html.components(separatedBy: "http").count - 1
    let namespaces = html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1
    #expect(urls == namespaces)
    // Hover details of FairBot against DefectBot, and the equilibrium (FairBot, FairBot) outlined.
    #expect(html.contains("<title>FairBot (row) vs DefectBot (column)\nplayed; payoffs 1, 1\nrow: D PA+1;"))
    #expect(html.contains("class=\"equilibrium\""))
    #expect(html.contains("aria-label=\"replicator dynamics\""))
  }

  /// Above `maxReportAgents` the heatmap and the plots draw the first agents only and the page
  /// says so; at or below it, every agent is drawn and there is no note.
  @Test func aPopulationAboveTheCapIsDrawnInPartWithANote() throws {
    let size = 4
    let (world, agents) = try TournamentBench.checkedPopulation(
      TournamentBench.population(size: size, seed: 2), size: size
    ).get()
    let result = Tournament.run(world: world, agents: agents, options: TournamentOptions(jobs: 1))
    let trajectories = [Dynamics.replicator(Dynamics.symmetricPayoffs(try #require(result.payoffMatrix)), steps: 5)]
    func count(_ text: String, in html: String) -> Int { html.components(separatedBy: text).count - 1 }
    let capped = HTMLReport.render(result, analysis: nil, trajectories: trajectories, maxAgents: 3)
    #expect(count("<g class=\"cell\">", in: capped) == 9)
    #expect(count("<polyline ", in: capped) == 3)
    #expect(
      capped.contains(
        "<p class=\"note\"><strong>The heatmap shows only the first 3 of 4 agents</strong> (maxReportAgents):"))
    #expect(capped.contains("<p class=\"note\"><strong>The plots show only the first 3 of 4 agents</strong>"))
    #expect(!capped.contains(">R3</text>"))
    let whole = HTMLReport.render(result, analysis: nil, trajectories: trajectories, maxAgents: 4)
    #expect(count("<g class=\"cell\">", in: whole) == 16)
    #expect(count("<polyline ", in: whole) == 4)
    #expect(!whole.contains("class=\"note\""))
    #expect(whole.contains(">R3</text>"))
    #expect(HTMLReport.render(result, analysis: nil, trajectories: trajectories) == whole)
    #expect(HTMLReport.maxReportAgents == 200)
  }

  static var chromium: String? {
    for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    where FileManager.default.isExecutableFile(atPath: path) {
      return path
    }
    return nil
  }

  /// In CI (`CI=true`) Chromium must be there; elsewhere the test needs it installed.
  @Test(.enabled(if: chromium != nil || ProcessInfo.processInfo.environment["CI"] == "true"))
  func headlessBrowserShowsTitleAgentsAndPayoffs() throws {
    let browser = try #require(Self.chromium, "chromium is not installed (.ci/run installs it)")
    let scratch = try ScratchDirectory()
    _ = try report(scratch)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: browser)
    process.arguments = [
      "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "file://" + scratch.prefix + "report.html",
    ]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let dom = String(decoding: data, as: UTF8.self)
    #expect(process.terminationStatus == 0)
    #expect(dom.contains("<title>bargain tournament: PrisonersDilemma</title>"))
    #expect(dom.contains("<h1>bargain tournament: PrisonersDilemma</h1>"))
    for name in ["FairBot", "DefectBot", "CooperateBot", "RandomBot"] {
      #expect(dom.contains(">\(name)</text>"), "\(name) is not labelled")
    }
    // RandomBot against CooperateBot: expected payoffs (5/2, 1), written in the cell.
    #expect(dom.contains(">5/2, 1</text>"))
  }
}
