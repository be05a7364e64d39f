// What commitments do to a program (protocol rules P6 and P8): a bound program's outputs stay
// inside its commitments, and an agent that did not receive the other's single program reasons
// about every program its received commitments allow.

import BargainLogic
import BargainSemantics

/// Commitments that bind a program: the outputs they allow, in the game's order.
public struct Binding: Hashable, Sendable {
  public var allowed: [Bool]
  /// The commitments as text, for reports (`demand <= 30`).
  public var text: String

  public init(allowed: [Bool], text: String) {
    self.allowed = allowed
    self.text = text
  }

  /// The output a bound program produces for result `index` (rule P8's fallback): itself when
  /// allowed; otherwise the allowed demand closest to it (ties: the smaller), keeping the outside
  /// option if allowed, else the first allowed option in the game's order; in a matrix game the
  /// first allowed action. Results past the game's outputs (timeout, failure) are kept.
  public func result(_ index: Int, in game: Game) -> Int {
    let outputs = game.outputs
    guard outputs.indices.contains(index), allowed.indices.contains(index), !allowed[index] else { return index }
    var best: (score: (Int, Int, Int, Int), index: Int)?
    for (position, candidate) in outputs.enumerated() where allowed.indices.contains(position) && allowed[position] {
      let score: (Int, Int, Int, Int)
      switch (outputs[index], candidate) {
      case (.bargain(let demand, let option), .bargain(let newDemand, let newOption)):
        score = (abs(newDemand - demand), newDemand, newOption == option ? 0 : 1, newOption)
      default:
        score = (position, 0, 0, 0)
      }
      if let known = best, known.score <= score { continue }
      best = (score, position)
    }
    return best?.index ?? index
  }
}

/// What an agent received of the other's commitments when it did not receive a single program.
public struct Knowledge: Hashable, Sendable {
  /// The outputs the received constraints allow.
  public var allowed: [Bool]
  /// The programs of the received `program in {...}` sets (their intersection), each bound by
  /// the received constraints when it could break them; nil when no set was received.
  public var candidates: [ProgramInstance]?
  /// What was received, for reports and diagnostics (`an unknown program (demand >= 70)`).
  public var text: String

  public init(allowed: [Bool], candidates: [ProgramInstance]?, text: String) {
    self.allowed = allowed
    self.candidates = candidates
    self.text = text
  }
}

/// The atoms of an unknown program's runs (rule P6). They live only while one statement is being
/// compiled: `knowing` replaces them by constants before the statement is boxed, so the solver
/// never sees them. Leaf `leaf` (one opponent the unknown program is played against) outputting
/// result `result` is atom `-1 - (leaf * resultCount + result)`.
enum UnknownRuns {
  static func atom(leaf: Int, result: Int, resultCount: Int) -> Int { -1 - (leaf * resultCount + result) }

  /// (leaf, result) of a leaf atom, nil for an ordinary atom.
  static func leaf(ofAtom atom: Int, resultCount: Int) -> (leaf: Int, result: Int)? {
    guard atom < 0, resultCount > 0 else { return nil }
    let index = -1 - atom
    return (index / resultCount, index % resultCount)
  }
}

extension FormulaArena {
  /// The leaves (`UnknownRuns`) `formula` mentions outside boxes, in increasing order, and the
  /// number of nodes outside boxes (what one substitution visits).
  func unknownLeaves(in formula: FormulaID, resultCount: Int) -> (leaves: [Int], nodes: Int) {
    var seen: Set<FormulaID> = []
    var leaves: Set<Int> = []
    var stack = [formula]
    while let id = stack.popLast() {
      guard seen.insert(id).inserted else { continue }
      switch node(id) {
      case .atom(let index):
        if let leaf = UnknownRuns.leaf(ofAtom: index, resultCount: resultCount) { leaves.insert(leaf.leaf) }
      case .not(let inner): stack.append(inner)
      case .and(let parts), .or(let parts): stack += parts
      case .constant, .box: break
      }
    }
    return (leaves.sorted(), seen.count)
  }

  /// `formula` with each leaf atom outside boxes replaced by whether `results[leaf]` is its result.
  /// Iterative: formulas can be deeper than the stack allows.
  mutating func substituting(
    _ formula: FormulaID, results: [Int: Int], resultCount: Int
  ) -> FormulaID {
    var done: [FormulaID: FormulaID] = [:]
    var stack: [(id: FormulaID, expanded: Bool)] = [(formula, false)]
    while let (id, expanded) = stack.popLast() {
      if done[id] != nil { continue }
      let children: [FormulaID]
      switch node(id) {
      case .constant, .box:
        done[id] = id
        continue
      case .atom(let index):
        if let (leaf, result) = UnknownRuns.leaf(ofAtom: index, resultCount: resultCount),
          let chosen = results[leaf]
        {
          done[id] = constant(chosen == result)
        } else {
          done[id] = id
        }
        continue
      case .not(let inner): children = [inner]
      case .and(let parts), .or(let parts): children = parts
      }
      if !expanded {
        stack.append((id, true))
        for child in children where done[child] == nil { stack.append((child, false)) }
        continue
      }
      let mapped = children.map { done[$0] ?? $0 }
      switch node(id) {
      case .not: done[id] = not(mapped.first ?? constant(false))
      case .and: done[id] = and(mapped)
      case .or: done[id] = or(mapped)
      case .constant, .atom, .box: done[id] = id
      }
    }
    return done[formula] ?? formula
  }
}
