// Programs are tests: every example checks clean, and every pairing Programs/README.md states is
// played and compared exactly (outputs, levels, result kind, payoffs).

import BargainCLI
import Foundation
import Testing

enum Repository {
  /// The package root, found from this file's path.
  static let root: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  }()

  static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

  static func programFiles() -> [String] {
    let base = path("Programs")
    let enumerator = FileManager.default.enumerator(atPath: base)
    var files: [String] = []
    while let item = enumerator?.nextObject() as? String {
      if item.hasSuffix(".bargain") || item.hasSuffix(".bp") { files.append(item) }
    }
    return files.sorted()
  }
}

/// One stated pairing from a README table.
struct StatedPairing: CustomTestStringConvertible, Sendable {
  var directory: String
  var row: String
  var column: String
  var rowOutput: String
  var columnOutput: String
  var levels: String
  var result: String
  var payoffs: String
  var testDescription: String { "\(directory)\(row) vs \(column)" }

  /// `Name` → `dir/Name.bargain`; `Name(args)` → `dir/Name.bargain:Name(args)`.
  func agentArgument(_ cell: String) -> String {
    if let open = cell.firstIndex(of: "(") {
      let name = String(cell[..<open])
      return Repository.path("Programs/\(directory)\(name).bargain") + ":" + cell
    }
    return Repository.path("Programs/\(directory)\(cell).bargain")
  }
}

/// Reads every `## folder/` section's pairing table from a README.
func statedPairings(in readme: String) -> [StatedPairing] {
  var pairings: [StatedPairing] = []
  var directory: String?
  var inTable = false
  for line in readme.components(separatedBy: "\n") {
    if line.hasPrefix("## ") {
      let heading = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
      directory = heading.hasSuffix("/") ? heading : nil
      inTable = false
      continue
    }
    let cells = line.split(separator: "|", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if cells.count >= 9, cells[1] == "row", cells[2] == "column" {
      inTable = true
      continue
    }
    guard inTable, let directory, cells.count >= 9 else {
      if !line.hasPrefix("|") { inTable = false }
      continue
    }
    if cells[1].hasPrefix("---") { continue }
    pairings.append(
      StatedPairing(
        directory: directory, row: cells[1], column: cells[2], rowOutput: cells[3], columnOutput: cells[4],
        levels: cells[5], result: cells[6], payoffs: cells[7]))
  }
  return pairings
}

func programsReadmePairings() -> [StatedPairing] {
  let text = (try? String(contentsOfFile: Repository.path("Programs/README.md"), encoding: .utf8)) ?? ""
  return statedPairings(in: text)
}

@Suite struct ProgramsReadmeTests {
  @Test func everyExampleChecksClean() {
    let files = Repository.programFiles()
    #expect(files.count >= 16)
    for file in files {
      let result = CLI.run(["bargain", "check", Repository.path("Programs/" + file)])
      #expect(result.exitCode == 0, "\(file): \(result.stderr)")
      #expect(result.stderr.isEmpty, "\(file): \(result.stderr)")
    }
  }

  @Test func readmeStatesEnoughPairings() {
    let pairings = programsReadmePairings()
    #expect(pairings.filter { $0.directory == "prisoners-dilemma/" }.count >= 12)
    #expect(pairings.filter { $0.directory == "bargaining/" }.count >= 6)
  }

  @Test(arguments: programsReadmePairings())
  func statedPairingHolds(_ pairing: StatedPairing) throws {
    let result = CLI.run([
      "bargain", pairing.agentArgument(pairing.row), pairing.agentArgument(pairing.column), "--json",
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let data = Data(result.stdout.utf8)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    let players = try #require(object["players"] as? [[String: Any]])
    try #require(players.count == 2)
    let outputs = players.map { describe($0["output"]) }
    #expect(outputs == [pairing.rowOutput, pairing.columnOutput])
    let levels = players.map { ($0["level"] as? Int).map(String.init) ?? "?" }.joined(separator: " / ")
    #expect(levels == pairing.levels)
    let resultObject = try #require(object["result"] as? [String: Any])
    #expect(resultObject["kind"] as? String == pairing.result)
    let payoffs = (resultObject["payoffs"] as? [NSNumber])?.map { $0.stringValue } ?? []
    #expect("(" + payoffs.joined(separator: ", ") + ")" == pairing.payoffs)
  }

  func describe(_ output: Any?) -> String {
    guard let output = output as? [String: Any] else { return "?" }
    if let action = output["action"] as? String { return action }
    let demand = (output["demand"] as? Int).map(String.init) ?? "?"
    return "\(demand) \(output["outside"] as? String ?? "?")"
  }
}
