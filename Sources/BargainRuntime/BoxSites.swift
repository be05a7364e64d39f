// Where a limit on Kripke worlds points (Grammar/semantics.md, rule 23): at the `provable` whose
// box keeps the sequence from settling. A box nested in a statement is located at the
// `provable` (or `provable within`) a program asked outside any box that contains it.

import BargainLogic
import BargainSyntax

enum BoxSites {
  /// The place of the first fact, then bounded query, whose formula contains `box` (in the order
  /// the runs asked them); with no box or no such question, the first place a program asked one.
  static func site(of box: FormulaID?, in system: MatchupSystem) -> SourceRange? {
    let asked =
      system.facts.joined().compactMap { fact in fact.formula.map { (root: $0, range: fact.range) } }
      + system.queries.map { (root: $0.statement, range: $0.range) }
    guard let box else { return asked.first?.range }
    // One walk over the formulas shared by every question: each node is visited once.
    var seen = Set<Int>()
    for (root, range) in asked {
      var stack = [root]
      while let id = stack.popLast() {
        guard seen.insert(id.index).inserted else { continue }
        if id == box { return range }
        stack.append(contentsOf: system.arena.node(id).children)
      }
    }
    return asked.first?.range
  }
}
