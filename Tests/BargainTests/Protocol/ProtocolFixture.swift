// Helpers shared by the protocol suites: the examples, a played match as JSON, and its outcome.

import BargainCLI
import Foundation
import Testing

/// An example of `Programs/protocol/`.
func protocolPath(_ name: String) -> String { Repository.path("Programs/protocol/\(name).bargain") }

/// `bargain ARGUMENTS --json`, expected to succeed, parsed.
func playJSON(_ arguments: [String]) throws -> [String: Any] {
  let result = CLI.run(["bargain"] + arguments + ["--json"])
  #expect(result.exitCode == 0, "\(result.stderr)")
  return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
}

/// "demand outside" of each side, and the payoffs.
func demandOutcome(_ object: [String: Any]) -> [String] {
  let players = object["players"] as? [[String: Any]] ?? []
  var parts = players.map { player -> String in
    let output = player["output"] as? [String: Any] ?? [:]
    return "\(output["demand"] as? Int ?? -1) \(output["outside"] as? String ?? "?")"
  }
  let result = object["result"] as? [String: Any] ?? [:]
  let payoffs = (result["payoffs"] as? [NSNumber])?.map(\.stringValue) ?? []
  parts.append("(" + payoffs.joined(separator: ", ") + ")")
  return parts
}
