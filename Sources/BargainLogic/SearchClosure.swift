// SearchClosure.swift — owns the finite closure of formulas a proof search can meet (the goal,
// the definitions reachable from it, the [k] expansions) in a compact local numbering, the check
// that its unboxed references are well-founded, and sequents over it as sorted item lists.

/// A formula of the closure; children are local indices.
enum LocalFormula {
  case verum
  case falsum
  case atom(index: Int, definition: Int)
  case not(Int)
  case and([Int])
  case or([Int])
  /// A plain (level 0) box.
  case box(Int)
  /// A [k] box with k ≥ 1, and its expansion □(¬□^k⊥ → A).
  case level(expansion: Int)
}

enum ClosureFailure: Error {
  case input(ProverInputError)
  case limit(ProverLimit)
}

/// Every formula a search from one goal can meet. Local indices follow FormulaID order, so a
/// sorted list of locals is a sorted list of ids.
struct SearchClosure {
  /// The system's arena extended with the [k] expansions.
  let arena: FormulaArena
  /// Local index → formula.
  let formulas: [FormulaID]
  let kinds: [LocalFormula]
  let goal: Int

  /// ⇒ goal.
  var rootItems: ItemSequent { ItemSequent([SequentItem.make(goal, right: true)]) }

  /// Collects the closure of `goal`, checking the system on the way. Work is linear in the
  /// closure (chains □^k⊥ are built once per level), which `maxFormulaSize` caps.
  static func build(goal: FormulaID, system: ModalSystem, limits: ProverLimits) -> Result<SearchClosure, ClosureFailure>
  {
    guard system.arena.contains(goal) else { return .failure(.input(.goalNotInArena)) }
    for (atom, definition) in system.definitions.enumerated() where !system.arena.contains(definition) {
      return .failure(.input(.invalidDefinition(atom: atom)))
    }
    // Local indices must fit the 31 bits a SequentItem gives them, whatever the caller's limit.
    let maxFormulaSize = min(limits.maxFormulaSize, 1 << 30)
    var arena = system.arena
    var chains: [FormulaID] = [arena.constant(false)]  // chains[j] = □^j⊥
    var expansions: [Int: FormulaID] = [:]
    var seen = Set<Int>()
    var stack = [goal]
    while let id = stack.popLast() {
      guard seen.insert(id.index).inserted else { continue }
      guard seen.count <= maxFormulaSize else { return .failure(.limit(.maxFormulaSize)) }
      switch arena.node(id) {
      case .constant:
        break
      case .atom(let atom):
        guard atom >= 0 && atom < system.definitions.count else { return .failure(.input(.undefinedAtom(atom))) }
        stack.append(system.definitions[atom])
      case .not(let inner):
        stack.append(inner)
      case .and(let parts), .or(let parts):
        stack.append(contentsOf: parts)
      case .box(let level, let inner):
        stack.append(inner)
        guard level >= 1 else { break }
        // The chain □^k⊥ alone has k + 1 nodes of the closure.
        guard level < maxFormulaSize else { return .failure(.limit(.maxFormulaSize)) }
        while chains.count <= level, let top = chains.last {
          let next = arena.box(top)
          chains.append(next)
        }
        let consistent = arena.not(chains[level])
        let guarded = arena.implies(consistent, inner)
        let expanded = arena.box(guarded)
        expansions[id.index] = expanded
        stack.append(expanded)
      }
    }

    let formulas = seen.sorted().map { FormulaID(index: $0) }
    var localOf: [Int: Int] = [:]
    for (local, id) in formulas.enumerated() {
      localOf[id.index] = local
    }
    func local(_ id: FormulaID) -> Int { localOf[id.index] ?? 0 }
    var kinds: [LocalFormula] = []
    kinds.reserveCapacity(formulas.count)
    for id in formulas {
      switch arena.node(id) {
      case .constant(let value): kinds.append(value ? .verum : .falsum)
      case .atom(let atom): kinds.append(.atom(index: atom, definition: local(system.definitions[atom])))
      case .not(let inner): kinds.append(.not(local(inner)))
      case .and(let parts): kinds.append(.and(parts.map(local)))
      case .or(let parts): kinds.append(.or(parts.map(local)))
      case .box(let level, let inner):
        if level >= 1, let expanded = expansions[id.index] {
          kinds.append(.level(expansion: local(expanded)))
        } else {
          kinds.append(.box(local(inner)))
        }
      }
    }
    let closure = SearchClosure(arena: arena, formulas: formulas, kinds: kinds, goal: local(goal))
    if let cycle = closure.unguardedCycle() {
      return .failure(.input(.unguardedCycle(cycle)))
    }
    return .success(closure)
  }

  /// Local successors outside any box: what unfolding and the propositional rules reach
  /// without GLR.
  private func unboxedSuccessors(_ local: Int) -> [Int] {
    switch kinds[local] {
    case .verum, .falsum, .box, .level: return []
    case .atom(_, let definition): return [definition]
    case .not(let inner): return [inner]
    case .and(let parts), .or(let parts): return parts
    }
  }

  /// Atoms along the first cycle of unboxed references (iterative depth-first search from
  /// locals in order), rotated to start at the smallest; nil if there is none. Arena edges
  /// descend, so every cycle passes through an atom.
  private func unguardedCycle() -> [Int]? {
    var color = [UInt8](repeating: 0, count: kinds.count)  // 0 new, 1 on the path, 2 done
    var path: [(local: Int, next: Int)] = []
    for root in kinds.indices where color[root] == 0 {
      color[root] = 1
      path.append((root, 0))
      while let top = path.last {
        let successors = unboxedSuccessors(top.local)
        guard top.next < successors.count else {
          color[top.local] = 2
          path.removeLast()
          continue
        }
        path[path.count - 1].next += 1
        let successor = successors[top.next]
        if color[successor] == 1 {
          let start = path.lastIndex { $0.local == successor } ?? 0
          var atoms: [Int] = []
          for frame in path[start...] {
            if case .atom(let index, _) = kinds[frame.local] {
              atoms.append(index)
            }
          }
          let smallest = atoms.indices.min { atoms[$0] < atoms[$1] } ?? 0
          return Array(atoms[smallest...] + atoms[..<smallest])
        }
        if color[successor] == 0 {
          color[successor] = 1
          path.append((successor, 0))
        }
      }
    }
    return nil
  }

  /// The sequent a sorted item list stands for.
  func sequent(_ items: [SequentItem]) -> Sequent {
    var left: [FormulaID] = []
    var right: [FormulaID] = []
    for item in items {
      if item.isRight {
        right.append(formulas[item.local])
      } else {
        left.append(formulas[item.local])
      }
    }
    return Sequent(left: left, right: right)
  }
}

/// One formula on one side of a sequent: local index × 2 + (1 on the right). A sequent is a
/// sorted list of items, so a formula's left and right items are neighbours.
struct SequentItem: Hashable, Comparable {
  let raw: UInt32

  static func make(_ local: Int, right: Bool) -> SequentItem {
    SequentItem(raw: UInt32(truncatingIfNeeded: local) << 1 | (right ? 1 : 0))
  }

  var local: Int { Int(raw >> 1) }
  var isRight: Bool { raw & 1 == 1 }

  static func < (lhs: SequentItem, rhs: SequentItem) -> Bool { lhs.raw < rhs.raw }
}

/// A sequent as a sorted item list with a precomputed fingerprint: the search looks every
/// sequent up several times, and hashing the whole list each time dominated its cost.
struct ItemSequent: Hashable {
  let items: [SequentItem]
  let fingerprint: UInt64

  init(_ items: [SequentItem]) {
    self.items = items
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a offset basis
    for item in items {
      hash = (hash ^ UInt64(item.raw)) &* 0x0000_0100_0000_01B3
    }
    fingerprint = hash
  }

  static func == (lhs: ItemSequent, rhs: ItemSequent) -> Bool {
    lhs.fingerprint == rhs.fingerprint && lhs.items == rhs.items
  }

  func hash(into hasher: inout Hasher) {
    hasher.combine(fingerprint)
  }
}
