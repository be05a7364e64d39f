// Helpers shared by the syntax tests: parsing text, rendering diagnostics, tree shapes.

import Foundation
import Testing

@testable import BargainSyntax

enum SyntaxFixture {
  static let path = "test.bargain"

  static func file(_ text: String) -> SourceFile {
    SourceFile(id: FileID(0), path: path, text: text)
  }

  static func parse(_ text: String) -> (unit: SourceUnit, diagnostics: [Diagnostic]) {
    Parser.parse(file(text))
  }

  /// Parses `text` as an expression that must parse cleanly.
  static func expression(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Expr? {
    let (expr, diagnostics) = Parser.parseExpression(file(text))
    #expect(diagnostics.map(\.message) == [], sourceLocation: sourceLocation)
    return expr
  }

  /// `line:column id: message` for each diagnostic, in order.
  static func summaries(_ diagnostics: [Diagnostic], in text: String) -> [String] {
    let source = file(text)
    return diagnostics.map { diagnostic in
      let location = diagnostic.range.map { source.location(of: $0.start) }
      let place = location.map { "\($0.line):\($0.column)" } ?? "-"
      return "\(place) \(diagnostic.id): \(diagnostic.message)"
    }
  }

  static func errors(_ text: String) -> [String] {
    summaries(parse(text).diagnostics, in: text)
  }

  static func expressionErrors(_ text: String) -> [String] {
    summaries(Parser.parseExpression(file(text)).diagnostics, in: text)
  }

  /// Diagnostics exactly as a user sees them.
  static func rendered(_ text: String) -> String {
    var sources = SourceMap()
    let id = sources.add(path: path, text: text)
    guard let source = sources.file(id) else { return "" }
    return DiagnosticRenderer(sources: sources).render(Parser.parse(source).diagnostics)
  }

  /// The canonical text of a file that must parse cleanly.
  static func canonical(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> String {
    let (unit, diagnostics) = parse(text)
    #expect(diagnostics.map(\.message) == [], sourceLocation: sourceLocation)
    return CanonicalPrinter.print(unit)
  }

  /// An S-expression of the tree without ranges, to pin structure exactly.
  static func shape(_ expr: Expr) -> String {
    switch expr.kind {
    case .integer(let value): return String(value)
    case .boolean(let value): return String(value)
    case .name(let name): return name
    case .me: return "me"
    case .them: return "them"
    case .unary(let op, let operand): return "(\(op.rawValue) \(shape(operand)))"
    case .binary(let op, let left, let right): return "(\(op.rawValue) \(shape(left)) \(shape(right)))"
    case .membership(let element, let set, let negated):
      return "(\(negated ? "not-in" : "in") \(shape(element)) \(shape(set)))"
    case .call(let callee, let arguments):
      return "(call \(([callee] + arguments).map(shape).joined(separator: " ")))"
    case .field(let base, let field): return "(field \(shape(base)) \(field.name))"
    case .modal(let op, let level, let body):
      return "(\(op.rawValue)\(level.map { "[\(shape($0))]" } ?? "") \(shape(body)))"
    case .bounded(let level, let budget, let body):
      return "(provable\(level.map { "[\(shape($0))]" } ?? "")-within \(shape(budget)) \(shape(body)))"
    case .simulate(let fuel, let player, let opponent):
      return "(simulate\(fuel.map { "[\(shape($0))]" } ?? "") \(shape(player)) \(shape(opponent)))"
    case .timeout: return "timeout"
    case .labeled(let label, let value): return "(\(label.name): \(shape(value)))"
    case .situation(let fact): return "(situation \(CanonicalPrinter.print(fact)))"
    case .lastDemand(let mine): return "(\(mine ? "my" : "their")-last-demand)"
    case .demandAtRound(let mine, let round): return "(\(mine ? "my" : "their")-demand-at \(shape(round)))"
    case .playAtRound(let play, let round, let sticking):
      return "(at-round \(shape(play)) \(shape(round)) \(shape(sticking)))"
    case .eventuallyAccepts(let play, let demand): return "(eventually-accepts \(shape(play)) \(shape(demand)))"
    }
  }

  static func shape(_ set: SetExpr) -> String {
    switch set {
    case .list(let elements, _): return "{" + elements.map(shape).joined(separator: " ") + "}"
    case .range(let low, let high, _): return "(.. \(shape(low)) \(shape(high)))"
    }
  }

  /// The package root, found by walking up from this file to `Package.swift`.
  static func packageRoot(from path: String = #filePath) -> URL? {
    var directory = URL(fileURLWithPath: path).deletingLastPathComponent()
    while directory.path != "/" {
      let grammar = directory.appendingPathComponent("Grammar/bargain.ebnf").path
      if FileManager.default.fileExists(atPath: grammar) { return directory }
      directory.deleteLastPathComponent()
    }
    return nil
  }

  static func read(_ relativePath: String) -> String? {
    guard let root = packageRoot() else { return nil }
    return try? String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
  }

  /// The programs of the language examples, used by several suites.
  static let examples = """
    import "Standoff.bargain"
    game Standoff

    // Alice from the bargaining seed
    program Alice {
      if provable(them(Demand(100)).demand == 0) {
        demand 100 outside walk
      } else {
        demand 50 outside fight
      }
    }

    game Standoff {
      resource 100
      demands 0..100 step 10
      outside walk, fight
      default outside walk
      disagreement (walk, walk) = (0, 0)
      disagreement (fight, walk) = (40, -10)
      disagreement (walk, fight) = (-10, 40)
      disagreement (fight, fight) = (-30, -30)
      surplus keep
      never ends (-5, -5)
    }

    game PrisonersDilemma {
      actions C, D
      payoff (C, C) = (2, 2)
      payoff (C, D) = (0, 3)
      payoff (D, C) = (3, 0)
      payoff (D, D) = (1, 1)
    }

    program PrudentBot {
      if provable(them(me) == C) and provable[1](them(DefectBot) == D) { play C } else { play D }
    }
    program Demand(d: int = 50, o: outside = walk) { demand d outside o }
    program Picky(k: int) {
      let limit = 100 - k * 2
      if them == me { play C }
      else if them.unconditional and them(me) not in {D} { play C }
      else if consistent[k](me(them) == D) { play D }
      else { play D }
    }

    """
}
