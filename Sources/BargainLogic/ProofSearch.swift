// ProofSearch.swift — owns the machinery behind `GLProver.prove`: the finite closure of formulas
// a search can meet (goal, reachable definitions, [k] expansions) in a compact local numbering,
// the provability pre-check (a complete invertible-first search), the memoised minimal-size
// search, and rebuilding the chosen proof through `ProofKernel`. Nothing here can create a
// Theorem; a wrong step is refused by the kernel.

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
  private let fingerprint: UInt64

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

/// A rule applied to one item of a sequent; its premises follow from both.
struct SearchMove {
  let rule: ProofRule
  let principal: SequentItem
}

/// Result of rebuilding a proof: the kernel refused `rule` (nil: a sequent had no recorded move).
struct KernelRefusal: Error {
  let rule: ProofRule?
}

/// State of one search: the pre-check's answers, the size table, and the resource counters.
struct ProofSearch {
  let closure: SearchClosure
  let limits: ProverLimits
  /// Sequents built so far (premises, by the pre-check and the minimal-size search together);
  /// each costs work proportional to its size, so this count bounds the time.
  private(set) var explored = 0
  /// The limit the search ran into; once set, every answer is meaningless and callers unwind.
  private(set) var stopped: ProverLimit?
  private var provable: [ItemSequent: Bool] = [:]
  private var sizes: [ItemSequent: SizeEntry] = [:]

  /// What is known about the least proof size of a sequent.
  private enum SizeEntry {
    /// The least size, and the first move (in `moves` order) that achieves it.
    case exact(Int, SearchMove)
    /// No proof is smaller than this.
    case atLeast(Int)
  }

  /// Stands for "no proof at all"; far from overflow when a few are added.
  private static let unprovable = Int.max / 8

  init(closure: SearchClosure, limits: ProverLimits) {
    self.closure = closure
    self.limits = limits
  }

  // MARK: Resource accounting

  private mutating func count(_ built: Int) -> Bool {
    explored += built
    if explored > limits.maxSearchNodes {
      stopped = .maxSearchNodes
    }
    return stopped == nil
  }

  private mutating func enter(_ depth: Int) -> Bool {
    if depth > limits.maxProofDepth {
      stopped = .maxProofDepth
    }
    return stopped == nil
  }

  // MARK: Rules on items

  /// The first rule without premises that closes `items`, scanning items in order.
  private func closingMove(_ items: [SequentItem]) -> SearchMove? {
    for (index, item) in items.enumerated() {
      if case .falsum = closure.kinds[item.local], !item.isRight {
        return SearchMove(rule: .falsumLeft, principal: item)
      }
      if case .verum = closure.kinds[item.local], item.isRight {
        return SearchMove(rule: .verumRight, principal: item)
      }
      if item.isRight, index > 0, items[index - 1] == SequentItem.make(item.local, right: false) {
        return SearchMove(rule: .axiom, principal: item)
      }
    }
    return nil
  }

  /// Every rule with premises that applies to `items`: one-premise rules first, then GLR, then
  /// the branching ∧R/∨L — an order that tends to meet small proofs early. Within a group,
  /// items in order.
  private func moves(_ items: [SequentItem]) -> [SearchMove] {
    var single: [SearchMove] = []
    var modal: [SearchMove] = []
    var branching: [SearchMove] = []
    for (index, item) in items.enumerated() {
      let right = item.isRight
      switch closure.kinds[item.local] {
      case .verum, .falsum:
        break
      case .atom:
        single.append(SearchMove(rule: right ? .unfoldRight : .unfoldLeft, principal: item))
      case .not:
        single.append(SearchMove(rule: right ? .notRight : .notLeft, principal: item))
      case .and:
        if right {
          branching.append(SearchMove(rule: .andRight, principal: item))
        } else {
          single.append(SearchMove(rule: .andLeft, principal: item))
        }
      case .or:
        if right {
          single.append(SearchMove(rule: .orRight, principal: item))
        } else {
          branching.append(SearchMove(rule: .orLeft, principal: item))
        }
      case .level:
        single.append(SearchMove(rule: right ? .levelRight : .levelLeft, principal: item))
      case .box:
        let assumed = index > 0 && items[index - 1] == SequentItem.make(item.local, right: false)
        if right && !assumed {
          modal.append(SearchMove(rule: .gl, principal: item))
        }
      }
    }
    return single + modal + branching
  }

  /// The premises of `move` applied to `items`, in the rule's order.
  private func premiseItems(of move: SearchMove, in items: [SequentItem]) -> [[SequentItem]] {
    let principal = move.principal
    let right = principal.isRight
    switch move.rule {
    case .axiom, .falsumLeft, .verumRight: return []
    case .notLeft, .notRight, .andLeft, .andRight, .orLeft, .orRight, .unfoldLeft, .unfoldRight, .levelLeft,
      .levelRight, .gl:
      break
    }
    func replaced(_ locals: [Int], right side: Bool) -> [SequentItem] {
      var result = items.filter { $0 != principal }
      for local in locals {
        insert(SequentItem.make(local, right: side), into: &result)
      }
      return result
    }
    switch closure.kinds[principal.local] {
    case .verum, .falsum:
      return []
    case .atom(_, let definition):
      return [replaced([definition], right: right)]
    case .not(let inner):
      return [replaced([inner], right: !right)]
    case .and(let parts), .or(let parts):
      if move.rule == .andRight || move.rule == .orLeft {
        return parts.map { replaced([$0], right: right) }
      }
      return [replaced(parts, right: right)]
    case .level(let expansion):
      return [replaced([expansion], right: right)]
    case .box(let body):
      guard move.rule == .gl else { return [] }
      var premise: [SequentItem] = []
      insert(SequentItem.make(principal.local, right: false), into: &premise)
      insert(SequentItem.make(body, right: true), into: &premise)
      for item in items where !item.isRight {
        if case .box(let assumed) = closure.kinds[item.local] {
          insert(item, into: &premise)
          insert(SequentItem.make(assumed, right: false), into: &premise)
        }
      }
      return [premise]
    }
  }

  private func insert(_ item: SequentItem, into sorted: inout [SequentItem]) {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      if sorted[middle] < item {
        low = middle + 1
      } else {
        high = middle
      }
    }
    if low == sorted.count || sorted[low] != item {
      sorted.insert(item, at: low)
    }
  }

  /// `premiseItems`, enforcing `maxSequentSize`; nil once the search has stopped.
  private mutating func premises(of move: SearchMove, in sequent: ItemSequent) -> [ItemSequent]? {
    let result = premiseItems(of: move, in: sequent.items)
    if result.contains(where: { $0.count > limits.maxSequentSize }) {
      stopped = .maxSequentSize
    }
    guard count(result.count) else { return nil }
    return result.map(ItemSequent.init)
  }

  // MARK: Provability

  /// Whether `items` has any proof. Applies one invertible rule at a time (one-premise rules
  /// first, then a branching one) and tries every GLR only when no other rule applies; complete
  /// because every rule but GLR is invertible. The sequents passed through share the answer.
  mutating func decide(_ start: ItemSequent, depth: Int) -> Bool {
    if let known = provable[start] { return known }
    guard enter(depth) else { return false }
    var passed: [ItemSequent] = []
    var current = start
    var result = false
    walk: while true {
      if let known = provable[current] {
        result = known
        break walk
      }
      passed.append(current)
      if closingMove(current.items) != nil {
        result = true
        break walk
      }
      let candidates = moves(current.items)
      if let single = candidates.first(where: { $0.rule != .gl && !$0.rule.branches }) {
        guard let next = premises(of: single, in: current)?.first else { return false }
        current = next
        continue walk
      }
      if let split = candidates.first(where: { $0.rule.branches }) {
        guard let parts = premises(of: split, in: current) else { return false }
        result = true
        for part in parts {
          let holds = decide(part, depth: depth + 1)
          if stopped != nil { return false }
          if !holds {
            result = false
            break
          }
        }
        break walk
      }
      for move in candidates where move.rule == .gl {
        guard let premise = premises(of: move, in: current)?.first else { return false }
        let holds = decide(premise, depth: depth + 1)
        if stopped != nil { return false }
        if holds {
          result = true
          break
        }
      }
      break walk
    }
    for sequent in passed {
      provable[sequent] = result
    }
    return result
  }

  // MARK: Minimal size

  /// The best known lower bound on the size of a proof of `items`.
  mutating func lowerBound(_ items: ItemSequent) -> Int {
    switch sizes[items] {
    case .exact(let size, _)?: return size
    case .atLeast(let least)?: return least
    case nil:
      if provable[items] == false { return Self.unprovable }
      return closingMove(items.items) == nil ? 2 : 1
    }
  }

  private mutating func raise(_ items: ItemSequent, to least: Int) {
    switch sizes[items] {
    case .exact?: return
    case .atLeast(let known)? where known >= least: return
    case .atLeast?, nil: sizes[items] = .atLeast(least)
    }
  }

  /// The least size of a proof of `items` if it is ≤ `bound`, else nil (and the sequent's lower
  /// bound is raised past `bound`). Branch and bound over every applicable move: a move costs
  /// 1 + the sum of its premises' least sizes, and premises are searched only within what the
  /// bound leaves after the others' lower bounds.
  mutating func minimalSize(_ items: ItemSequent, bound: Int, depth: Int) -> Int? {
    switch sizes[items] {
    case .exact(let size, _)?: return size <= bound ? size : nil
    case .atLeast(let least)? where least > bound: return nil
    case .atLeast?, nil: break
    }
    guard bound >= 1, enter(depth) else { return nil }
    if let closing = closingMove(items.items) {
      sizes[items] = .exact(1, closing)
      return 1
    }
    guard bound >= 2 else {
      raise(items, to: 2)
      return nil
    }
    let holds = decide(items, depth: depth)
    guard stopped == nil else { return nil }
    guard holds else {
      raise(items, to: Self.unprovable)
      return nil
    }

    var best: (size: Int, move: SearchMove)?
    var limit = bound
    var least = Self.unprovable
    for move in moves(items.items) {
      guard let parts = premises(of: move, in: items) else { return nil }
      var floors: [Int] = []
      for part in parts {
        let partHolds = decide(part, depth: depth + 1)
        guard stopped == nil else { return nil }
        floors.append(partHolds ? lowerBound(part) : Self.unprovable)
      }
      var rest = floors.reduce(0) { min($0 + $1, Self.unprovable) }
      if 1 + rest > limit {
        least = min(least, 1 + rest)
        continue
      }
      var used = 1
      var complete = true
      for (index, part) in parts.enumerated() {
        rest -= floors[index]
        if let size = minimalSize(part, bound: limit - used - rest, depth: depth + 1) {
          used += size
        } else {
          guard stopped == nil else { return nil }
          complete = false
          least = min(least, used + lowerBound(part) + rest)
          break
        }
      }
      if complete {
        best = (used, move)
        limit = used - 1
      }
    }
    if let best {
      sizes[items] = .exact(best.size, best.move)
      return best.size
    }
    raise(items, to: max(bound + 1, least))
    return nil
  }

  // MARK: Rebuilding through the kernel

  /// The theorem for `items` along the recorded least moves; every step is the kernel's.
  func theorem(for items: ItemSequent, kernel: ProofKernel) -> Result<Theorem, KernelRefusal> {
    guard case .exact(_, let move)? = sizes[items] else { return .failure(KernelRefusal(rule: nil)) }
    var premises: [Theorem] = []
    for part in premiseItems(of: move, in: items.items) {
      switch theorem(for: ItemSequent(part), kernel: kernel) {
      case .success(let premise): premises.append(premise)
      case .failure(let refusal): return .failure(refusal)
      }
    }
    let principal = closure.formulas[move.principal.local]
    guard let concluded = kernel.infer(move.rule, closure.sequent(items.items), on: principal, from: premises) else {
      return .failure(KernelRefusal(rule: move.rule))
    }
    return .success(concluded)
  }
}

extension ProofRule {
  /// Whether the rule has more than one premise in general (∧R, ∨L).
  var branches: Bool {
    switch self {
    case .andRight, .orLeft: return true
    case .axiom, .falsumLeft, .verumRight, .notLeft, .notRight, .andLeft, .orRight, .unfoldLeft, .unfoldRight,
      .levelLeft, .levelRight, .gl:
      return false
    }
  }
}
