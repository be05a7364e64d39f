// Formula.swift — owns formula identity and the hash-consed formula DAG: `FormulaID`,
// `FormulaNode`, and `FormulaArena` with its canonicalising constructors and structural
// measures (size, depth, atoms, rendering).

/// Identifies one node of a `FormulaArena`.
///
/// Ids are minted only by an arena, and every child is created before its parent, so a child's
/// id is always smaller than its parent's: increasing id order is a topological order.
public struct FormulaID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let index: Int

  init(index: Int) {
    self.index = index
  }

  public static func < (lhs: FormulaID, rhs: FormulaID) -> Bool {
    lhs.index < rhs.index
  }

  public var description: String { "#\(index)" }
}

/// One node of the formula DAG. Children are ids of the same arena.
public enum FormulaNode: Hashable, Sendable {
  case constant(Bool)
  /// A propositional atom; its meaning comes from `ModalSystem.definitions[index]`.
  case atom(Int)
  case not(FormulaID)
  /// Canonical: at least two children, sorted, distinct, none a constant or another `and`.
  case and([FormulaID])
  /// Canonical: at least two children, sorted, distinct, none a constant or another `or`.
  case or([FormulaID])
  /// `[level]φ`, "provable in PA+level": true at world n iff φ holds at every m with
  /// level ≤ m < n. Level 0 is the plain □.
  case box(level: Int, FormulaID)

  /// Direct children in stored order (atoms have none: their definitions live in the system).
  public var children: [FormulaID] {
    switch self {
    case .constant, .atom: return []
    case .not(let f): return [f]
    case .and(let parts), .or(let parts): return parts
    case .box(_, let f): return [f]
    }
  }
}

/// Hash-consed formula DAG. Structurally equal canonical formulas get the same id, so equality
/// of ids is (canonical) syntactic equality. Arenas are append-only: ids stay valid and keep
/// their meaning as more formulas are added.
public struct FormulaArena: Sendable {
  private var nodes: [FormulaNode] = []
  private var lookup: [FormulaNode: FormulaID] = [:]

  public init() {}

  /// Number of distinct nodes created so far.
  public var count: Int { nodes.count }

  /// Children stored by all `and`/`or` nodes: flattening makes a chain of k conjunctions store
  /// about k²/2 of them, so memory and time follow this, not `count`.
  public private(set) var links = 0

  /// The node for `id`. `id` must come from this arena (like an array subscript).
  public func node(_ id: FormulaID) -> FormulaNode {
    nodes[id.index]
  }

  /// Whether `id` names a node of this arena (ids from a different arena may not).
  public func contains(_ id: FormulaID) -> Bool {
    id.index >= 0 && id.index < nodes.count
  }

  /// The id of the node at `index`, if the arena has one (e.g. to walk all nodes in order).
  public func id(at index: Int) -> FormulaID? {
    index >= 0 && index < nodes.count ? FormulaID(index: index) : nil
  }

  /// Every id of the arena in increasing (topological) order.
  public var ids: [FormulaID] {
    (0..<nodes.count).map { FormulaID(index: $0) }
  }

  // The only way nodes enter the arena, so every stored node is canonical.
  private mutating func intern(_ node: FormulaNode) -> FormulaID {
    if let existing = lookup[node] {
      return existing
    }
    let id = FormulaID(index: nodes.count)
    switch node {
    case .and(let parts), .or(let parts): links += parts.count
    case .constant, .atom, .not, .box: break
    }
    nodes.append(node)
    lookup[node] = id
    return id
  }

  public mutating func constant(_ value: Bool) -> FormulaID {
    intern(.constant(value))
  }

  public mutating func atom(_ index: Int) -> FormulaID {
    intern(.atom(index))
  }

  /// ¬f, folding constants and double negation.
  public mutating func not(_ f: FormulaID) -> FormulaID {
    switch node(f) {
    case .constant(let value): return constant(!value)
    case .not(let inner): return inner
    default: return intern(.not(f))
    }
  }

  /// Conjunction: flattens nested conjunctions, sorts, dedupes, drops ⊤, lets ⊥ absorb,
  /// folds x ∧ ¬x to ⊥; the empty conjunction is ⊤ and a single part is returned as is.
  public mutating func and(_ parts: [FormulaID]) -> FormulaID {
    junction(parts, isAnd: true)
  }

  /// Disjunction: the dual of `and` (⊥ drops, ⊤ absorbs, x ∨ ¬x = ⊤, empty = ⊥).
  public mutating func or(_ parts: [FormulaID]) -> FormulaID {
    junction(parts, isAnd: false)
  }

  /// a → b, stored as ¬a ∨ b.
  public mutating func implies(_ a: FormulaID, _ b: FormulaID) -> FormulaID {
    or([not(a), b])
  }

  /// a ↔ b, stored as (a → b) ∧ (b → a).
  public mutating func iff(_ a: FormulaID, _ b: FormulaID) -> FormulaID {
    and([implies(a, b), implies(b, a)])
  }

  /// `[level]f`. Negative levels mean the same as 0 (¬□^k⊥ is ⊤ for k ≤ 0), so they are
  /// normalised to 0. □⊤ = ⊤ is folded; □⊥ is deliberately kept because it is a real
  /// world-dependent formula (true only at world 0).
  public mutating func box(_ f: FormulaID, level: Int = 0) -> FormulaID {
    if case .constant(true) = node(f) {
      return f
    }
    return intern(.box(level: max(0, level), f))
  }

  private mutating func junction(_ parts: [FormulaID], isAnd: Bool) -> FormulaID {
    var flat: [FormulaID] = []
    flat.reserveCapacity(parts.count)
    for part in parts {
      switch node(part) {
      case .constant(let value):
        // The neutral element drops; the absorbing one decides the result.
        if value == isAnd { continue }
        return constant(!isAnd)
      case .and(let inner) where isAnd:
        flat.append(contentsOf: inner)
      case .or(let inner) where !isAnd:
        flat.append(contentsOf: inner)
      default:
        flat.append(part)
      }
    }
    flat.sort()
    var distinct: [FormulaID] = []
    distinct.reserveCapacity(flat.count)
    for part in flat where distinct.last != part {
      distinct.append(part)
    }
    // `distinct` is sorted: a binary search finds a complement without building a set.
    for part in distinct {
      if case .not(let inner) = node(part), Self.sortedContains(distinct, inner) {
        return constant(!isAnd)
      }
    }
    if distinct.isEmpty {
      return constant(isAnd)
    }
    if distinct.count == 1, let only = distinct.first {
      return only
    }
    return intern(isAnd ? .and(distinct) : .or(distinct))
  }

  private static func sortedContains(_ sorted: [FormulaID], _ id: FormulaID) -> Bool {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] < id {
        low = middle + 1
      } else {
        high = middle
      }
    }
    return low < sorted.count && sorted[low] == id
  }

  /// Ids of all nodes reachable from `roots` (inclusive), ascending — children before parents.
  public func reachable(from roots: [FormulaID]) -> [FormulaID] {
    var seen = Set<Int>()
    var stack = roots
    var found: [FormulaID] = []
    while let id = stack.popLast() {
      guard seen.insert(id.index).inserted else { continue }
      found.append(id)
      stack.append(contentsOf: node(id).children)
    }
    found.sort()
    return found
  }

  /// Number of distinct nodes reachable from `f`, counting `f`.
  public func size(of f: FormulaID) -> Int {
    reachable(from: [f]).count
  }

  /// Longest path from `f` down to a leaf, counting nodes: constants and atoms have depth 1.
  public func depth(of f: FormulaID) -> Int {
    var depths: [Int: Int] = [:]
    // Ascending order visits children first, so no recursion is needed.
    for id in reachable(from: [f]) {
      var deepestChild = 0
      for child in node(id).children {
        deepestChild = max(deepestChild, depths[child.index] ?? 0)
      }
      depths[id.index] = deepestChild + 1
    }
    return depths[f.index] ?? 0
  }

  /// Atom indices occurring anywhere in `f` (boxed or not), ascending and distinct.
  public func atoms(in f: FormulaID) -> [Int] {
    var result: [Int] = []
    for id in reachable(from: [f]) {
      if case .atom(let index) = node(id) {
        result.append(index)
      }
    }
    result.sort()
    return result
  }

  /// Human-readable text such as `(a0 ∧ □a1 ∧ [1]¬a2)`, for diagnostics and tests.
  /// Shared subformulas are written out at every use, so heavily shared DAGs print long.
  public func render(_ f: FormulaID) -> String {
    var text: [Int: String] = [:]
    for id in reachable(from: [f]) {
      func child(_ c: FormulaID) -> String { text[c.index] ?? "?" }
      let rendered: String
      switch node(id) {
      case .constant(let value): rendered = value ? "⊤" : "⊥"
      case .atom(let index): rendered = "a\(index)"
      case .not(let inner): rendered = "¬" + child(inner)
      case .and(let parts): rendered = "(" + parts.map(child).joined(separator: " ∧ ") + ")"
      case .or(let parts): rendered = "(" + parts.map(child).joined(separator: " ∨ ") + ")"
      case .box(let level, let inner):
        rendered = (level == 0 ? "□" : "[\(level)]") + child(inner)
      }
      text[id.index] = rendered
    }
    return text[f.index] ?? "?"
  }
}
