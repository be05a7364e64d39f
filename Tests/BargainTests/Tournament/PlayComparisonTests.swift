// The compiler's fast path for `X(Y) == v` inside `provable` (one atom formula instead of a path
// per result) against the general path, which `v == X(Y)` still takes: on random populations
// every pair must settle on the same outputs, proof levels and bounded searches.

import BargainRuntime
import BargainSemantics
import BargainTournament
import Foundation
import Testing

@testable import BargainCLI

@Suite struct PlayComparisonTests {
  /// Uses both comparisons, negated ones and a run this path already assumed (`them(me)` twice).
  static let extra = [
    "program Contrary { if provable(them(me) != D and not (them(me) == D)) { play C } else { play D } }",
    "program Either { if provable[1](them(me) == C or them(me) != C) { play C } else { play D } }",
  ]

  static func flipped(_ text: String) -> String {
    var result = text
    for (from, to) in [
      ("them(me) == C", "C == them(me)"), ("them(me) == D", "D == them(me)"),
      ("them(me) != D", "D != them(me)"), ("them(me) != C", "C != them(me)"),
      ("them(DefectBot) == D", "D == them(DefectBot)"), ("them(DefectBot) == C", "C == them(DefectBot)"),
    ] {
      result = result.replacingOccurrences(of: from, with: to)
    }
    return result
  }

  static func outcomes(_ text: String, names: [String]) throws -> [[String]?] {
    let (world, agents) = try TournamentDifferentialTests.checked(text, names: names)
    let result = Tournament.run(world: world, agents: agents, options: TournamentOptions(jobs: 1, order: .ordered))
    return result.cells.map { cell in
      cell.result.map { played in
        played.sides.map {
          "\($0.program) \(String(describing: $0.output)) \(String(describing: $0.level)) \($0.bounded)"
        }
      }
    }
  }

  @Test(arguments: [21, 22])
  func fastPathEqualsGeneralPath(seed: UInt64) throws {
    let (base, baseNames) = TournamentDifferentialTests.population(seed: seed, size: 10)
    let text = base + Self.extra.joined(separator: "\n") + "\n"
    let names = baseNames + ["Contrary", "Either"]
    let general = Self.flipped(text)
    #expect(general != text)
    #expect(!general.contains("them(me) == "))
    let fast = try Self.outcomes(text, names: names)
    let slow = try Self.outcomes(general, names: names)
    #expect(fast.count == names.count * names.count)
    // Outputs differ across the population, so equal cells say something.
    #expect(Set(fast.compactMap { $0 }).count > 1)
    #expect(fast == slow)
  }
}
