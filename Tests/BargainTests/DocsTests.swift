// Docs are tests: every ```bargain block in README.md and Grammar/ parses, and every block that
// needs no import also passes `bargain check`.

import BargainCLI
import BargainSyntax
import Foundation
import Testing

struct DocBlock: CustomTestStringConvertible, Sendable {
  var document: String
  var index: Int
  var text: String
  var testDescription: String { "\(document) block \(index + 1)" }
}

func bargainBlocks() -> [DocBlock] {
  var documents = ["README.md"]
  let grammar = Repository.path("Grammar")
  documents += ((try? FileManager.default.contentsOfDirectory(atPath: grammar)) ?? []).filter { $0.hasSuffix(".md") }
    .sorted().map { "Grammar/" + $0 }
  var blocks: [DocBlock] = []
  for document in documents {
    guard let text = try? String(contentsOfFile: Repository.path(document), encoding: .utf8) else { continue }
    var current: [String]?
    var count = 0
    for line in text.components(separatedBy: "\n") {
      if current == nil, line.trimmingCharacters(in: .whitespaces) == "```bargain" {
        current = []
      } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
        blocks.append(DocBlock(document: document, index: count, text: (current ?? []).joined(separator: "\n")))
        count += 1
        current = nil
      } else if current != nil {
        current?.append(line)
      }
    }
  }
  return blocks
}

@Suite struct DocsTests {
  @Test func thereAreBlocksToCheck() {
    #expect(bargainBlocks().count >= 3)
  }

  @Test(arguments: bargainBlocks())
  func blockParsesAndChecks(_ block: DocBlock) throws {
    var sources = SourceMap()
    let id = sources.add(path: block.testDescription, text: block.text)
    let file = try #require(sources.file(id))
    #expect(Parser.parse(file).diagnostics.isEmpty, "\(block.testDescription)")
    guard !block.text.contains("import ") else { return }
    let directory = try temporaryProgramDirectory(["Block.bargain": block.text])
    let result = CLI.run(["bargain", "check", directory + "/Block.bargain"])
    #expect(result.exitCode == 0, "\(block.testDescription): \(result.stderr)")
  }
}
