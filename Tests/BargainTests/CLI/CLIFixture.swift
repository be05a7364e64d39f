// Helpers for end-to-end tests that run `CLI.run` on files written to a scratch directory.

import Foundation

@testable import BargainCLI

/// A fresh temporary directory; `run` passes paths inside it and strips it from the output again.
final class ScratchDirectory {
  let url: URL
  var prefix: String { url.path + "/" }

  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("bargain-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  func write(_ name: String, _ text: String) throws {
    let file = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: file)
  }

  /// Runs `bargain` with `words`; each word in `paths` is a file name inside the directory.
  func run(_ words: [String], paths: Set<String> = []) -> CommandResult {
    var arguments = ["bargain"]
    for word in words {
      arguments.append(paths.contains(CLI.splitAgent(word).path) ? prefix + word : word)
    }
    var result = CLI.run(arguments)
    result.stdout = result.stdout.replacingOccurrences(of: prefix, with: "")
    result.stderr = result.stderr.replacingOccurrences(of: prefix, with: "")
    return result
  }

  /// `bargain check NAME...`
  func check(_ names: String...) -> CommandResult {
    run(["check"] + names, paths: Set(names))
  }

  /// `bargain ROW COLUMN` where each agent is `FILE` or `FILE:Program(args)`.
  func play(_ row: String, _ column: String) -> CommandResult {
    run([row, column], paths: [CLI.splitAgent(row).path, CLI.splitAgent(column).path])
  }
}

extension String {
  /// The first line, without its newline.
  var firstLine: String { String(split(separator: "\n", omittingEmptySubsequences: false).first ?? "") }
}

struct NotAJSONObject: Error {}

/// The top-level object of a `--json` report.
func jsonObject(_ text: String) throws -> [String: Any] {
  guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
    throw NotAJSONObject()
  }
  return object
}
