// The TextMate grammar's word lists are the lexer's: reserved words in `keywords`, contextual
// words in `contextual`, read from `Token`'s tables so they cannot drift.

import Foundation
import Testing

@testable import BargainSyntax

@Suite struct TextMateGrammarTests {
  static func grammar() throws -> [String: Any] {
    let data = try Data(contentsOf: URL(fileURLWithPath: Repository.path("Grammar/bargain.tmLanguage.json")))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  /// The patterns of one repository entry.
  static func patterns(_ entry: String) throws -> [[String: Any]] {
    let repository = try #require(try grammar()["repository"] as? [String: Any])
    let item = try #require(repository[entry] as? [String: Any], "no repository entry '\(entry)'")
    return try #require(item["patterns"] as? [[String: Any]])
  }

  /// The words of every `\b(?:a|b|c)\b` pattern of an entry, each with the scope it gets.
  static func words(_ entry: String) throws -> [(word: String, scope: String)] {
    try patterns(entry).flatMap { pattern -> [(word: String, scope: String)] in
      let match = try #require(pattern["match"] as? String)
      let scope = try #require(pattern["name"] as? String)
      #expect(match.hasPrefix("\\b(?:") && match.hasSuffix(")\\b"), "\(match)")
      let inner = match.dropFirst("\\b(?:".count).dropLast(")\\b".count)
      return inner.split(separator: "|").map { (String($0), scope) }
    }
  }

  @Test func keywordListsAreTheLexersReservedWords() throws {
    let words = try Self.words("keywords")
    #expect(words.map(\.word).sorted() == Lexer.keywords)
    #expect(Set(words.map(\.word)).count == words.count, "a word listed twice")
    #expect(words.allSatisfy { $0.scope.hasSuffix(".bargain") })
  }

  @Test func contextualListsAreTheLexersContextualWords() throws {
    let words = try Self.words("contextual")
    #expect(words.map(\.word).sorted() == Lexer.contextualWords)
    #expect(Set(words.map(\.word)).count == words.count, "a word listed twice")
    #expect(Set(Lexer.contextualWords).isDisjoint(with: Lexer.keywords))
  }

  /// Every lowercase word the parser compares an identifier with (outside comments), plus the
  /// surplus rules it reads through `SurplusRule(rawValue:)`, is in the contextual table.
  @Test func contextualTableIsTheParsersWords() throws {
    let directory = Repository.path("Sources/BargainSyntax")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("Parser") }
    #expect(files.count >= 4)
    var used: Set<String> = Set(SurplusRule.allCases.map(\.rawValue))
    let literal = try Regex(#""([a-z_]+)""#)
    for file in files {
      let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
      for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("//") {
        for match in line.matches(of: literal) {
          if let word = match.output[1].substring { used.insert(String(word)) }
        }
      }
    }
    #expect(used.subtracting(Lexer.keywords).sorted() == Lexer.contextualWords)
  }

  @Test func declarationsCaptureTheNames() throws {
    let declarations = try Self.patterns("declarations")
    let scopes = declarations.compactMap { ($0["captures"] as? [String: Any])?["2"] as? [String: Any] }
      .compactMap { $0["name"] as? String }
    #expect(scopes == ["entity.name.function.program.bargain", "entity.name.type.game.bargain"])
    let programRegex = try Regex(try #require(declarations[0]["match"] as? String))
    let found = try #require("program FairBot {".firstMatch(of: programRegex))
    #expect(found.output[2].substring == "FairBot")
    #expect("    commit program Concede30".firstMatch(of: programRegex) == nil)
  }

  @Test func everyScopeIsIncludedAndWellFormed() throws {
    let grammar = try Self.grammar()
    #expect(grammar["scopeName"] as? String == "source.bargain")
    #expect(grammar["fileTypes"] as? [String] == ["bargain", "bp"])
    let includes = try #require(grammar["patterns"] as? [[String: String]]).compactMap { $0["include"] }
    let repository = try #require(grammar["repository"] as? [String: Any])
    #expect(Set(includes) == Set(repository.keys.map { "#" + $0 }))
    #expect(includes.first == "#comments")
    // Every regular expression compiles.
    for entry in repository.keys.sorted() {
      for pattern in try Self.patterns(entry) {
        for key in ["match", "begin", "end"] {
          if let source = pattern[key] as? String { _ = try Regex(source) }
        }
      }
    }
    let comment = try Regex(try #require(Self.patterns("comments").first?["match"] as? String))
    #expect("play C // note".firstMatch(of: comment).map { String($0.output[0].substring ?? "") } == "// note")
  }
}
