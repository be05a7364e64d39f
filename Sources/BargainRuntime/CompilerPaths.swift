// Bookkeeping of the compiler while it executes a run: one execution path (its condition,
// assumptions, weights, draws and `let` values), the branch trails of all paths, and what made
// each run new (for the `maxMatchups` report).

import BargainLogic
import BargainSemantics
import BargainSyntax

/// One execution path while compiling: its condition, the results it assumed for unguarded plays,
/// its probability factors, its draws, and its `let` values.
struct Path {
  var condition: FormulaID
  var assumptions: Assumptions
  var weights: [Rational]
  var draws: [Draw]
  var locals: [Value?]
  /// The last step of this path's trail in the execution's `TrailTree` (-1: none yet). An index,
  /// not an array: a path that passes k branches would otherwise copy its trail k times.
  var trail = -1
  /// Extra condition under which this point is evaluated (the left operand of a short-circuit
  /// `and`/`or`); it restricts where errors and references count, not the path's value.
  var reach: FormulaID?
}

/// The result a path assumed for each run it played (keyed by run index). A path plays few runs,
/// so a short list, searched linearly, replaces a hash table per branch; past `listLimit` entries
/// it becomes a dictionary, so a path that plays many runs stays linear.
struct Assumptions: ExpressibleByDictionaryLiteral {
  private var list: [(run: Int, result: Int)] = []
  private var table: [Int: Int]?
  private static let listLimit = 8

  init(dictionaryLiteral elements: (Int, Int)...) {
    for (run, result) in elements { self[run] = result }
  }

  subscript(run: Int) -> Int? {
    get {
      if let table { return table[run] }
      for entry in list where entry.run == run { return entry.result }
      return nil
    }
    set {
      if table != nil {
        table?[run] = newValue
        return
      }
      if let index = list.firstIndex(where: { $0.run == run }) {
        if let newValue { list[index].result = newValue } else { list.remove(at: index) }
        return
      }
      guard let newValue else { return }
      if list.count < Self.listLimit {
        list.append((run, newValue))
        return
      }
      var grown = Dictionary(uniqueKeysWithValues: list.map { ($0.run, $0.result) })
      grown[run] = newValue
      table = grown
      list = []
    }
  }
}

/// The branch steps of every path of one execution, each pointing at the step before it, so a
/// step is added in constant time and paths that share a prefix share its steps.
struct TrailTree {
  private var steps: [(step: BranchStep, previous: Int)] = []

  mutating func extend(_ trail: Int, with step: BranchStep) -> Int {
    steps.append((step, trail))
    return steps.count - 1
  }

  /// The steps of `trail`, first to last.
  func steps(of trail: Int) -> [BranchStep] {
    var result: [BranchStep] = []
    var current = trail
    while steps.indices.contains(current) {
      result.append(steps[current].step)
      current = steps[current].previous
    }
    return result.reversed()
  }
}

/// What made each run new, so `maxMatchups` can point at the construct that keeps adding runs
/// rather than at whichever reference happens to add the last one.
struct RunOrigins {
  /// Per run: the program expression that built a new opponent or player, or the `simulate`
  /// whose fuel the run counts down (nil for the match's own runs).
  var origins: [SourceRange?] = []
  var seenInstances: Set<ProgramInstance> = []
  /// Where each program instance with arguments was first built.
  var built: [ProgramInstance: SourceRange] = [:]

  /// The origin shared by the most runs (the earliest such on ties).
  func mostCommon(including extra: SourceRange?) -> SourceRange? {
    var counts: [SourceRange: (count: Int, first: Int)] = [:]
    for (index, origin) in (origins + [extra]).enumerated() {
      guard let origin else { continue }
      let known = counts[origin] ?? (0, index)
      counts[origin] = (known.count + 1, known.first)
    }
    let best = counts.max { a, b in
      a.value.count != b.value.count ? a.value.count < b.value.count : a.value.first > b.value.first
    }
    return best?.key
  }
}
