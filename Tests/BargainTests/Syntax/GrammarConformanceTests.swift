// Grammar/bargain.ebnf is a tested deliverable: its keyword list, its operators and its rules
// must match the lexer and parser.

import Foundation
import Testing

@testable import BargainSyntax

@Suite struct GrammarConformanceTests {
  private var grammar: String {
    SyntaxFixture.read("Grammar/bargain.ebnf") ?? ""
  }

  /// The words between "Keywords (reserved everywhere):" and the next sentence ("Comments ...").
  private func grammarKeywords() -> [String] {
    guard let start = grammar.range(of: "Keywords (reserved everywhere):"),
      let end = grammar.range(of: "Comments run", range: start.upperBound..<grammar.endIndex)
    else { return [] }
    return grammar[start.upperBound..<end.lowerBound].split(whereSeparator: \.isWhitespace).map(String.init)
  }

  /// Lower-case rules (`name = body ;`) with comments removed and whitespace collapsed.
  private func grammarRules() -> [String: String] {
    let text = Self.withoutComments(grammar)
    var rules: [String: String] = [:]
    for statement in text.split(separator: ";") {
      let normalized = Self.collapse(String(statement))
      guard let equals = normalized.range(of: " = ") else { continue }
      let name = String(normalized[..<equals.lowerBound])
      guard name.allSatisfy({ $0.isLowercase || $0 == "_" }), !name.isEmpty else { continue }
      rules[name] = normalized + " ;"
    }
    return rules
  }

  private static func withoutComments(_ text: String) -> String {
    var result = ""
    var rest = Substring(text)
    while let open = rest.range(of: "(*") {
      result += rest[..<open.lowerBound]
      guard let close = rest.range(of: "*)", range: open.upperBound..<rest.endIndex) else { return result }
      rest = rest[close.upperBound...]
    }
    return result + rest
  }

  private static func collapse(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// Quoted literals in a rule's body.
  private func literals(ofRule name: String) -> [String] {
    guard let body = grammarRules()[name] else { return [] }
    return body.split(separator: "\"", omittingEmptySubsequences: false).enumerated()
      .filter { $0.offset % 2 == 1 }.map { String($0.element) }
  }

  @Test func grammarFileIsFound() {
    #expect(!grammar.isEmpty)
  }

  @Test func keywordListMatchesTheGrammar() {
    let keywords = grammarKeywords()
    #expect(keywords.count == 21)
    #expect(keywords.sorted() == Lexer.keywords)
  }

  @Test func everyGrammarOperatorIsKnownToTheParser() {
    let spelled =
      literals(ofRule: "compare_op") + literals(ofRule: "sum") + literals(ofRule: "product")
      + literals(ofRule: "disjunction") + literals(ofRule: "conjunction")
    #expect(spelled == ["==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "or", "and"])
    for spelling in spelled {
      let expr = SyntaxFixture.expression("a \(spelling) b")
      #expect(
        expr.map(SyntaxFixture.shape) == "(\(spelling) a b)", "operator \(spelling) is not parsed as binary")
    }
    #expect(Set(spelled) == Set(BinaryOperator.allCases.map(\.rawValue)))
  }

  @Test func everyRuleHasOneParserFunctionDocumentingIt() throws {
    let rules = grammarRules()
    #expect(rules.count == 57)
    let documented = try parserDocComments()
    for (name, rule) in rules.sorted(by: { $0.key < $1.key }) {
      let matches = documented.filter { $0.rule == rule }
      #expect(matches.count == 1, "rule `\(name)` should be the doc comment of exactly one function")
      #expect(matches.first?.declaration.contains("func parse") == true, "`\(name)` documents \(matches)")
    }
  }

  /// Each `///` block in Parser*.swift that states a rule, with the declaration that follows it.
  private func parserDocComments() throws -> [(rule: String, declaration: String)] {
    guard let root = SyntaxFixture.packageRoot() else { return [] }
    let directory = root.appendingPathComponent("Sources/BargainSyntax")
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
      .filter { $0.hasPrefix("Parser") && $0.hasSuffix(".swift") }.sorted()
    var result: [(rule: String, declaration: String)] = []
    for name in names {
      let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
      var block: [String] = []
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("///") {
          block.append(String(trimmed.dropFirst(3)))
          continue
        }
        let doc = Self.collapse(Self.withoutComments(block.joined(separator: " ")))
        if doc.hasSuffix(";") && doc.contains(" = ") { result.append((doc, trimmed)) }
        block = []
      }
    }
    return result
  }
}
