// ProofRendering.swift — owns turning a `Proof` into text for people (one numbered step per
// line) and into plain Codable rows for machine-readable reports. Atoms are named by the
// caller, so the CLI can print "FairBot vs FairBot plays C" where the logic only knows a3.

/// One step of a proof, ready to print or encode. Numbers are 1-based.
public struct RenderedProofStep: Codable, Sendable, Equatable {
  public let number: Int
  /// The rule's printed name, e.g. "unfold-R".
  public let rule: String
  /// The formula the rule acts on.
  public let principal: String
  public let left: [String]
  public let right: [String]
  /// Numbers of the premise steps, in the rule's order.
  public let premises: [Int]

  public init(number: Int, rule: String, principal: String, left: [String], right: [String], premises: [Int]) {
    self.number = number
    self.rule = rule
    self.principal = principal
    self.left = left
    self.right = right
    self.premises = premises
  }

  /// "Γ ⇒ Δ" with the formulas of each side separated by commas.
  public var sequent: String {
    let lhs = left.joined(separator: ", ")
    let rhs = right.joined(separator: ", ")
    return (lhs.isEmpty ? "" : lhs + " ") + "⇒" + (rhs.isEmpty ? "" : " " + rhs)
  }
}

public enum ProofRendering {
  /// Sequent columns wider than this are not padded further, so one long sequent does not
  /// push every rule name off screen.
  private static let maximumPadding = 60

  /// The steps of `proof` as rows, atoms written with `atomName` (e.g. `{ "a\($0)" }`). Formulas
  /// are written as `FormulaArena.render` does: ¬, n-ary ∧/∨ in parentheses, □ and [k].
  public static func steps(of proof: Proof, atomName: (Int) -> String) -> [RenderedProofStep] {
    var cache: [Int: String] = [:]
    func text(_ formula: FormulaID) -> String { render(formula, proof.arena, atomName, &cache) }
    return proof.steps.enumerated().map { index, step in
      RenderedProofStep(
        number: index + 1,
        rule: step.rule.name,
        principal: text(step.principal),
        left: step.sequent.left.map(text),
        right: step.sequent.right.map(text),
        premises: step.premises.map { $0 + 1 }
      )
    }
  }

  /// One formula of `arena`, written as in `steps(of:atomName:)`.
  public static func formula(_ formula: FormulaID, in arena: FormulaArena, atomName: (Int) -> String) -> String {
    var cache: [Int: String] = [:]
    return render(formula, arena, atomName, &cache)
  }

  private static func render(
    _ formula: FormulaID, _ arena: FormulaArena, _ atomName: (Int) -> String, _ cache: inout [Int: String]
  ) -> String {
    guard arena.contains(formula) else { return "?" }
    if let known = cache[formula.index] { return known }
    // Children first (ascending ids), so every part is cached before its parent.
    for id in arena.reachable(from: [formula]) where cache[id.index] == nil {
      let rendered: String
      switch arena.node(id) {
      case .constant(let value): rendered = value ? "⊤" : "⊥"
      case .atom(let index): rendered = atomName(index)
      case .not(let inner): rendered = "¬" + (cache[inner.index] ?? "?")
      case .and(let parts): rendered = "(" + parts.map { cache[$0.index] ?? "?" }.joined(separator: " ∧ ") + ")"
      case .or(let parts): rendered = "(" + parts.map { cache[$0.index] ?? "?" }.joined(separator: " ∨ ") + ")"
      case .box(let level, let inner): rendered = (level == 0 ? "□" : "[\(level)]") + (cache[inner.index] ?? "?")
      }
      cache[id.index] = rendered
    }
    return cache[formula.index] ?? "?"
  }

  /// One line per step: number, sequent, then the rule, its principal formula and premises:
  ///
  ///     1. □a0 ⇒ □a0   axiom on □a0
  ///     2. □a0 ⇒ a0    unfold-R on a0, from 1
  public static func text(of proof: Proof, atomName: (Int) -> String = { "a\($0)" }) -> String {
    let rows = steps(of: proof, atomName: atomName)
    let numberWidth = String(rows.count).count
    let sequentWidth = min(rows.map { $0.sequent.count }.max() ?? 0, maximumPadding)
    var lines: [String] = []
    for row in rows {
      let number = String(repeating: " ", count: numberWidth - String(row.number).count) + "\(row.number)."
      let sequent = row.sequent + String(repeating: " ", count: max(0, sequentWidth - row.sequent.count))
      var line = "\(number) \(sequent)   \(row.rule) on \(row.principal)"
      if !row.premises.isEmpty {
        line += ", from " + row.premises.map(String.init).joined(separator: ", ")
      }
      lines.append(line)
    }
    return lines.joined(separator: "\n")
  }
}
