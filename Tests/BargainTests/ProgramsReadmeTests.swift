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

/// One stated pairing from a README table; columns are found by their header names.
struct StatedPairing: CustomTestStringConvertible, Sendable {
  var directory: String
  var fields: [String: String]
  var row: String { fields["row"] ?? "" }
  var column: String { fields["column"] ?? "" }
  var testDescription: String { "\(directory)\(row) vs \(column)" }

  /// `Name` → `dir/Name.bargain`; `Name(args)` → `dir/Name.bargain:Name(args)`; a path such as
  /// `../prisoners-dilemma/FairBot` is relative to the section's folder.
  func agentArgument(_ cell: String) -> String {
    if let open = cell.firstIndex(of: "(") {
      let name = String(cell[..<open])
      let file = name.split(separator: "/").last.map(String.init) ?? name
      return Repository.path("Programs/\(directory)\(name).bargain") + ":"
        + cell.replacingOccurrences(of: name, with: file)
    }
    return Repository.path("Programs/\(directory)\(cell).bargain")
  }
}

/// Reads every `## folder/` section's pairing tables (those whose header starts `| row | column |`).
func statedPairings(in readme: String) -> [StatedPairing] {
  var pairings: [StatedPairing] = []
  var directory: String?
  var header: [String]?
  for line in readme.components(separatedBy: "\n") {
    if line.hasPrefix("## ") {
      let heading = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
      directory = heading.hasSuffix("/") ? heading : nil
      header = nil
      continue
    }
    guard line.hasPrefix("|") else {
      header = nil
      continue
    }
    let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    if cells.count >= 3, cells[0] == "row", cells[1] == "column" {
      header = cells
      continue
    }
    guard let header, let directory, cells.count == header.count, !cells[0].hasPrefix("---") else { continue }
    pairings.append(StatedPairing(directory: directory, fields: Dictionary(uniqueKeysWithValues: zip(header, cells))))
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
      #expect(!result.stderr.contains("error:"), "\(file): \(result.stderr)")
    }
  }

  @Test func readmeStatesEnoughPairings() {
    let pairings = programsReadmePairings()
    #expect(pairings.filter { $0.directory == "prisoners-dilemma/" }.count >= 12)
    #expect(pairings.filter { $0.directory == "bargaining/" }.count >= 6)
    #expect(pairings.filter { $0.directory == "protocol/" }.count >= 7)
    #expect(pairings.filter { $0.directory == "bounded/" }.count >= 8)
    #expect(pairings.filter { $0.directory == "simulation/" }.count >= 7)
    #expect(pairings.filter { $0.directory == "bargaining/rounds/" }.count >= 16)
  }

  @Test(arguments: programsReadmePairings())
  func statedPairingHolds(_ pairing: StatedPairing) throws {
    // An `options` column passes command-line options (`--lag 2`) to the match.
    let options = (pairing.fields["options"] ?? "").split(separator: " ").map(String.init)
    let result = CLI.run(
      ["bargain", pairing.agentArgument(pairing.row), pairing.agentArgument(pairing.column), "--json"] + options)
    #expect(result.exitCode == 0, "\(result.stderr)")
    let data = Data(result.stdout.utf8)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    // Randomized plans (rule P16) report branches, not one pair of players.
    let branches = object["branches"] as? [[String: Any]]
    let players = object["players"] as? [[String: Any]] ?? []
    try #require(players.count == 2 || branches != nil)
    let resultObject = try #require(object["result"] as? [String: Any])
    var checked = 0
    for (key, expected) in pairing.fields.sorted(by: { $0.key < $1.key }) {
      let actual: String?
      switch key {
      case "row", "column", "options":
        continue
      case "row output", "column output":
        actual = describe(players[key == "row output" ? 0 : 1]["output"])
      case "row program", "column program":
        actual = players[key == "row program" ? 0 : 1]["agent"] as? String
      case "levels":
        actual = players.map { ($0["level"] as? Int).map(String.init) ?? "?" }.joined(separator: " / ")
      case "result":
        actual = resultObject["kind"] as? String
      case "payoffs":
        let payoffs = (resultObject["payoffs"] as? [NSNumber])?.map { $0.stringValue } ?? []
        actual = "(" + payoffs.joined(separator: ", ") + ")"
      case "T":
        actual = (object["T"] as? Int).map(String.init) ?? "not reached"
      case "distribution":
        let chance = resultObject
        let profiles = chance["profiles"] as? [[String: Any]] ?? []
        let parts = profiles.map { profile -> String in
          let outputs = (profile["outputs"] as? [Any] ?? []).map(describe).joined(separator: ", ")
          let probability = (profile["probability"] as? [String: Any])?["fraction"] as? String ?? "?"
          return "(\(outputs)) \(probability)"
        }
        actual = parts.isEmpty ? "none" : parts.joined(separator: ", ")
      case "branches":
        actual = branches.map { String($0.count) }
      case "outcomes":
        let outcomes = resultObject["outcomes"] as? [[String: Any]] ?? []
        actual = outcomes.map { outcome -> String in
          let outputs = (outcome["outputs"] as? [Any] ?? []).map(describe).joined(separator: ", ")
          let probability = (outcome["probability"] as? [String: Any])?["fraction"] as? String ?? "?"
          return "(\(outputs)) \(probability)"
        }.joined(separator: ", ")
      case "expected payoffs":
        let payoffs = (resultObject["expectedPayoffs"] as? [[String: Any]] ?? []).map {
          $0["fraction"] as? String ?? "?"
        }
        actual = "(" + payoffs.joined(separator: ", ") + ")"
      case "rounds":
        actual = (object["rounds"] as? [Any]).map { String($0.count) } ?? "none"
      case "ended":
        actual = (object["roundsEnd"] as? [String: Any])?["kind"] as? String
      case "round outcomes":
        // Rounds with chance (rule M8): `round kind (outputs) probability (payoffs)` per outcome.
        let chance = object["roundsChance"] as? [String: Any] ?? [:]
        actual = (chance["outcomes"] as? [[String: Any]] ?? []).map { outcome -> String in
          let outputs = (outcome["outputs"] as? [Any] ?? []).map(describe).joined(separator: ", ")
          let probability = (outcome["probability"] as? [String: Any])?["fraction"] as? String ?? "?"
          let payoffs = (outcome["payoffs"] as? [NSNumber] ?? []).map(\.stringValue).joined(separator: ", ")
          return
            "\(outcome["round"] as? Int ?? 0) \(outcome["kind"] as? String ?? "?") (\(outputs)) \(probability) (\(payoffs))"
        }.joined(separator: "; ")
      case "never ends":
        actual = (resultObject["nonTermination"] as? [String: Any])?["fraction"] as? String
      default:
        Issue.record("unknown column '\(key)' in Programs/README.md")
        continue
      }
      #expect(actual == expected, "\(key)")
      checked += 1
    }
    #expect(checked >= 2)
  }

  /// The `| original | new | spi | ... |` table of `## spi/` (rule SP4): each row's verdict (exit
  /// code 0 or 4), both pairs' actual payoffs, and for a "no" the reason's start.
  @Test func statedSPIVerdictsHold() throws {
    let text = try String(contentsOfFile: Repository.path("Programs/README.md"), encoding: .utf8)
    var header: [String]?
    var inSection = false
    var rows = 0
    for line in text.components(separatedBy: "\n") {
      if line.hasPrefix("## ") { inSection = line == "## spi/" }
      guard inSection, line.hasPrefix("|") else {
        header = nil
        continue
      }
      let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      if cells.first == "original" {
        header = cells
        continue
      }
      guard let header, cells.count == header.count, !cells[0].hasPrefix("---") else { continue }
      let fields = Dictionary(uniqueKeysWithValues: zip(header, cells))
      let agents = [fields["original"] ?? "", fields["new"] ?? ""].map { pair in
        pair.components(separatedBy: ", ").map { Repository.path("Programs/spi/\($0).bargain") }
      }
      let result = CLI.run(["bargain", "spi"] + agents[0] + ["--with"] + agents[1] + ["--json"])
      let expected = fields["spi"] == "yes"
      #expect(result.exitCode == (expected ? 0 : 4), "\(line): \(result.stderr)")
      let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
      #expect(object["spi"] as? Bool == expected, "\(line)")
      let actual = object["actual"] as? [String: Any] ?? [:]
      for (key, column) in [("original", "actual original"), ("new", "actual new")] {
        let payoffs = (actual[key] as? [String: Any])?["payoffs"] as? [String] ?? []
        #expect("(" + payoffs.joined(separator: ", ") + ")" == fields[column], "\(line): \(column)")
      }
      if !expected, let reason = fields["reason"] {
        let start = reason.split(separator: ":").first.map(String.init) ?? reason
        #expect((object["reason"] as? String)?.hasPrefix(start) == true, "\(line): reason")
      }
      rows += 1
    }
    #expect(rows >= 4)
  }

  func describe(_ output: Any?) -> String {
    if let text = output as? String { return text }
    guard let output = output as? [String: Any] else { return "?" }
    if let action = output["action"] as? String { return action }
    let demand = (output["demand"] as? Int).map(String.init) ?? "?"
    return "\(demand) \(output["outside"] as? String ?? "?")"
  }
}
