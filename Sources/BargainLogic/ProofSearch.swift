// ProofSearch.swift — owns the machinery behind `GLProver.prove`: the table of sequents met
// (each once), the forced moves, the memoised minimal-size search, and rebuilding the chosen
// proof through `ProofKernel`. The formulas a search can meet are in SearchClosure.swift, which
// sequents have proofs at all in SequentValidity.swift. Nothing here can create a Theorem; a
// wrong step is refused by the kernel.

/// A rule applied to one item of a sequent; its premises follow from both. A move that
/// `drops` its principal instead has one premise, the sequent without it, and costs nothing: a
/// proof of the premise is one of the conclusion once the item is added to every sequent below
/// its GLRs (weakening keeps the size; `theorem` rebuilds it so).
struct SearchMove {
  let rule: ProofRule
  let principal: SequentItem
  var drops = false
}

/// Result of rebuilding a proof: the kernel refused `rule` (nil: a sequent had no recorded move).
struct KernelRefusal: Error {
  let rule: ProofRule?
}

/// State of one search: the sequents met so far (each once, with its validity, closing rule,
/// applicable moves and what is known of its least proof size), and the resource counters.
struct ProofSearch {
  let closure: SearchClosure
  let limits: ProverLimits
  let validity: SequentValidity
  /// The limit the search ran into; once set, every answer is meaningless and callers unwind.
  private(set) var stopped: ProverLimit?
  /// Open-addressing table from a sequent's fingerprint to its node (slot value node + 1, 0 =
  /// empty), at most half full: hashing with `Hasher` on every lookup cost more than the rest of
  /// creating a node.
  private var slots: [Int] = Array(repeating: 0, count: 1 << 10)
  private var nodes: [SearchNode] = []
  /// Scratch marks for `analyse`, one per item; a mark is current when it equals `generation`.
  private var marks: [UInt32] = []
  private var generation: UInt32 = 0

  /// Distinct sequents met so far: the measure `maxSearchNodes` caps. Each costs work and table
  /// space in proportion to its size once; meeting it again is a table lookup.
  var explored: Int { nodes.count }

  /// One sequent of the search.
  private struct SearchNode {
    let sequent: ItemSequent
    /// Whether it has a proof at all (it holds at every world).
    let holds: Bool
    /// The first rule without premises that closes it, if any.
    let closing: SearchMove?
    var size: SizeEntry?
    /// Every move whose premises all hold, with its premises' node numbers; built once, when
    /// the sequent is first searched for a proof of size ≥ 2.
    var expansion: [(move: SearchMove, premises: [Int])]?
    /// The only moves worth searching when the sequent has a forced or a free item (see
    /// `planned`); nil: every move.
    var planned: [SearchMove]?
  }

  /// What is known about the least proof size of a sequent.
  private enum SizeEntry {
    /// The least size, and the first move (in `moves` order) that achieves it, as an index
    /// into the expansion (nil for a closing rule).
    case exact(Int, Int?)
    /// No proof is smaller than this.
    case atLeast(Int)
  }

  /// Stands for "no proof at all"; far from overflow when a few are added.
  private static let unprovable = Int.max / 8

  init(closure: SearchClosure, limits: ProverLimits, validity: SequentValidity) {
    self.closure = closure
    self.limits = limits
    self.validity = validity
  }

  // MARK: Resource accounting

  private mutating func enter(_ depth: Int) -> Bool {
    if depth > limits.maxProofDepth {
      stopped = .maxProofDepth
    }
    return stopped == nil
  }

  /// The node of `items`, made on first sight (counted against `maxSearchNodes`); nil once the
  /// search has stopped.
  mutating func node(_ items: [SequentItem]) -> Int? {
    let sequent = ItemSequent(items)
    var slot = Self.slot(sequent.fingerprint, in: slots.count)
    while slots[slot] != 0 {
      let known = slots[slot] - 1
      if nodes[known].sequent == sequent { return known }
      slot = (slot + 1) & (slots.count - 1)
    }
    guard items.count <= limits.maxSequentSize else {
      stopped = .maxSequentSize
      return nil
    }
    guard nodes.count < limits.maxSearchNodes else {
      stopped = .maxSearchNodes
      return nil
    }
    let holds = validity.holds(items)
    let closing = closingMove(items)
    var entry = SearchNode(sequent: sequent, holds: holds, closing: closing)
    if holds && closing == nil {
      let analysis = analyse(items)
      if analysis.floor > 2 { entry.size = .atLeast(analysis.floor) }
      entry.planned = planned(analysis)
    }
    nodes.append(entry)
    slots[slot] = nodes.count
    if 2 * nodes.count > slots.count { grow() }
    return nodes.count - 1
  }

  private static func slot(_ fingerprint: UInt64, in count: Int) -> Int {
    Int(truncatingIfNeeded: fingerprint ^ (fingerprint >> 32)) & (count - 1)
  }

  private mutating func grow() {
    slots = Array(repeating: 0, count: 2 * slots.count)
    for (node, entry) in nodes.enumerated() {
      var slot = Self.slot(entry.sequent.fingerprint, in: slots.count)
      while slots[slot] != 0 {
        slot = (slot + 1) & (slots.count - 1)
      }
      slots[slot] = node + 1
    }
  }

  /// Whether the sequent of `node` has any proof.
  func holds(_ node: Int) -> Bool { nodes[node].holds }

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
    if move.drops { return [items.filter { $0 != principal }] }
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

  // MARK: Forced moves

  /// The moves to search from a sequent, given its analysis: the forced move if there is one;
  /// else, if some item P is *free* (the first such: it has a one-premise rule and its other side
  /// is not reachable from the sequent without GLR, so it never closes an axiom below a GLR, and
  /// GLR drops it), applying that rule or dropping P; else (nil) every move.
  ///
  /// The forced move is a one-premise move every least proof can start with: its principal P is
  /// free and needed (the sequent without P does not hold). Why the least size is kept: take a
  /// least proof. Up to the first GLR on each branch, every formula comes from the sequent by
  /// the non-GLR rules, so P never meets its other side there; above a GLR, P is gone. If the rule were never applied to P below the GLRs, deleting P
  /// there would prove the sequent without P, which does not hold; so it is applied at least
  /// once. Replacing P by the rule's parts in every sequent below the GLRs turns each such step
  /// into no step and keeps every other one (GLR and rules that make P again only need their
  /// premise weakened, which costs nothing), so the premise has a proof at least one step
  /// smaller: size(conclusion) = 1 + size(premise).
  ///
  /// Why a free P that is not needed leaves two moves: take a least proof. If the rule is
  /// applied to P below the GLRs somewhere, the argument above gives a proof starting with it
  /// that is no larger. If not, P is never a principal or in an axiom there, so deleting P from
  /// every sequent below the GLRs (weakening the premises of the rules that make P again)
  /// proves the sequent without P, at the same size.
  private func planned(_ analysis: (forced: SearchMove?, free: SearchMove?, floor: Int)) -> [SearchMove]? {
    if let forced = analysis.forced { return [forced] }
    guard let free = analysis.free else { return nil }
    return [free, SearchMove(rule: free.rule, principal: free.principal, drops: true)]
  }

  /// The forced and the first free move of `items` (see `planned`) and a lower bound on the size
  /// of any proof of `items`, for a sequent that holds.
  ///
  /// The bound: call an item *owed* if it is needed, is not ⊤ or ⊥ (or a box on the left), and
  /// its other side is not reachable without GLR. By the argument on `planned`, every proof
  /// has an inference whose principal is that item, below the first GLR of some branch (for a
  /// box on the right, a GLR); distinct owed items have distinct inferences. A tree whose
  /// inferences have n₁, n₂, … premises has 1 + Σ (nᵢ − 1) leaves, and no owed item is a leaf's
  /// principal, so a proof has at least 1 + Σ (premises of each owed item's rule) inferences.
  private mutating func analyse(_ items: [SequentItem]) -> (forced: SearchMove?, free: SearchMove?, floor: Int) {
    if marks.count != 2 * closure.kinds.count {
      marks = [UInt32](repeating: 0, count: 2 * closure.kinds.count)
    }
    generation &+= 1
    if generation == 0 {
      marks = [UInt32](repeating: 0, count: marks.count)
      generation = 1
    }
    var stack = items
    while let item = stack.popLast() {
      guard marks[Int(item.raw)] != generation else { continue }
      marks[Int(item.raw)] = generation
      switch closure.kinds[item.local] {
      case .verum, .falsum, .box: break
      case .atom(_, let definition): stack.append(SequentItem.make(definition, right: item.isRight))
      case .not(let inner): stack.append(SequentItem.make(inner, right: !item.isRight))
      case .and(let parts), .or(let parts):
        for part in parts {
          stack.append(SequentItem.make(part, right: item.isRight))
        }
      case .level(let expansion): stack.append(SequentItem.make(expansion, right: item.isRight))
      }
    }
    let needed = validity.needed(items)
    var forced: SearchMove?
    var free: SearchMove?
    var floor = 1
    for (position, item) in items.enumerated() {
      let other = SequentItem.make(item.local, right: !item.isRight)
      guard marks[Int(other.raw)] != generation else { continue }
      let rule: ProofRule
      switch closure.kinds[item.local] {
      case .verum, .falsum: continue
      case .box:
        if item.isRight && needed[position] { floor += 1 }
        continue
      case .atom: rule = item.isRight ? .unfoldRight : .unfoldLeft
      case .not: rule = item.isRight ? .notRight : .notLeft
      case .and(let parts):
        guard !item.isRight else {
          if needed[position] { floor += parts.count }
          continue
        }
        rule = .andLeft
      case .or(let parts):
        guard item.isRight else {
          if needed[position] { floor += parts.count }
          continue
        }
        rule = .orRight
      case .level: rule = item.isRight ? .levelRight : .levelLeft
      }
      if free == nil { free = SearchMove(rule: rule, principal: item) }
      guard needed[position] else { continue }
      floor += 1
      if forced == nil { forced = SearchMove(rule: rule, principal: item) }
    }
    return (forced, free, floor)
  }

  // MARK: Minimal size

  /// The best known lower bound on the size of a proof of `node`.
  func lowerBound(_ node: Int) -> Int {
    let entry = nodes[node]
    switch entry.size {
    case .exact(let size, _)?: return size
    case .atLeast(let least)?: return least
    case nil:
      guard entry.holds else { return Self.unprovable }
      return entry.closing == nil ? 2 : 1
    }
  }

  private mutating func raise(_ node: Int, to least: Int) {
    switch nodes[node].size {
    case .exact?: return
    case .atLeast(let known)? where known >= least: return
    case .atLeast?, nil: nodes[node].size = .atLeast(least)
    }
  }

  /// The moves of `node` whose premises all hold, with their premises; nil once stopped.
  private mutating func expansion(_ node: Int) -> [(move: SearchMove, premises: [Int])]? {
    if let known = nodes[node].expansion { return known }
    let items = nodes[node].sequent.items
    var result: [(move: SearchMove, premises: [Int])] = []
    for move in nodes[node].planned ?? moves(items) {
      var premises: [Int] = []
      for part in premiseItems(of: move, in: items) {
        guard let premise = self.node(part) else { return nil }
        premises.append(premise)
      }
      if premises.allSatisfy(holds) {
        result.append((move, premises))
      }
    }
    nodes[node].expansion = result
    return result
  }

  /// A sequent whose moves are being tried, suspended while the premise of a dropping move is
  /// searched (see `minimalSize`).
  private struct Frame {
    let node: Int
    let bound: Int
    let moves: [(move: SearchMove, premises: [Int])]
    var best: (size: Int, move: Int)?
    var limit: Int
    var least = ProofSearch.unprovable
    /// The position in `moves` of the next move to try.
    var next = 0
    /// The dropping move whose premise is being searched: its position and premise.
    var waiting: (move: Int, premise: Int)?
  }

  /// How trying a frame's moves ended: with its answer, or at a dropping move whose premise must
  /// be searched within the frame's limit before the rest can be tried.
  private enum Advance {
    case finished(Int?)
    case dropping(premise: Int, bound: Int)
  }

  /// How opening a node ended: an answer without trying moves, or a frame to try them in.
  private enum Opening {
    case answered(Int?)
    case frame(Frame)
  }

  /// The least size of a proof of `node` if it is ≤ `bound`, else nil (and the sequent's lower
  /// bound is raised past `bound`). Branch and bound over every applicable move: a move costs
  /// 1 + the sum of its premises' least sizes, and premises are searched only within what the
  /// bound leaves after the others' lower bounds.
  ///
  /// A dropping move costs nothing and is not an inference of the proof, so its premise is
  /// searched at the same `depth`, in this call: a chain of drops (up to one per item of the
  /// sequent, after every inference) would otherwise use up `maxProofDepth`, which bounds the
  /// recursion, i.e. the inferences on a branch. The frames waiting for a drop's premise are
  /// kept in an array instead of on the stack.
  mutating func minimalSize(_ node: Int, bound: Int, depth: Int) -> Int? {
    var waiting: [Frame] = []
    var target = (node: node, bound: bound)
    while true {
      var answer: Int?
      switch open(target.node, bound: target.bound, depth: depth) {
      case .answered(let known):
        answer = known
      case .frame(var frame):
        switch advance(&frame, depth: depth) {
        case .finished(let found):
          answer = found
        case .dropping(let premise, let limit):
          waiting.append(frame)
          target = (premise, limit)
          continue
        }
      }
      var resumed: (node: Int, bound: Int)?
      while resumed == nil, var frame = waiting.popLast() {
        guard stopped == nil else { return nil }
        if let (position, premise) = frame.waiting {
          frame.waiting = nil
          if let size = answer {
            frame.best = (size, position)
            frame.limit = size - 1
          } else {
            frame.least = min(frame.least, lowerBound(premise))
          }
        }
        switch advance(&frame, depth: depth) {
        case .finished(let found):
          answer = found
        case .dropping(let premise, let limit):
          waiting.append(frame)
          resumed = (premise, limit)
        }
      }
      guard let resumed else { return stopped == nil ? answer : nil }
      target = resumed
    }
  }

  /// The answer for `node` when it needs no moves tried (known, or closed by a rule without
  /// premises, or with no proof), else a frame for trying them.
  private mutating func open(_ node: Int, bound: Int, depth: Int) -> Opening {
    switch nodes[node].size {
    case .exact(let size, _)?: return .answered(size <= bound ? size : nil)
    case .atLeast(let least)? where least > bound: return .answered(nil)
    case .atLeast?, nil: break
    }
    guard bound >= 1, enter(depth) else { return .answered(nil) }
    guard nodes[node].holds else {
      raise(node, to: Self.unprovable)
      return .answered(nil)
    }
    if nodes[node].closing != nil {
      nodes[node].size = .exact(1, nil)
      return .answered(1)
    }
    guard bound >= 2 else {
      raise(node, to: 2)
      return .answered(nil)
    }
    guard let moves = expansion(node) else { return .answered(nil) }
    return .frame(Frame(node: node, bound: bound, moves: moves, limit: bound))
  }

  /// Tries `frame`'s moves from the next one on, searching the premises of inferences at
  /// `depth + 1`; stops at a dropping move that fits the limit, whose premise the caller
  /// searches. After the last move, records the node's least size or raised lower bound.
  private mutating func advance(_ frame: inout Frame, depth: Int) -> Advance {
    while frame.next < frame.moves.count {
      let position = frame.next
      frame.next += 1
      let move = frame.moves[position]
      let floors = move.premises.map(lowerBound)
      var rest = floors.reduce(0) { min($0 + $1, Self.unprovable) }
      let own = move.move.drops ? 0 : 1
      if own + rest > frame.limit {
        frame.least = min(frame.least, own + rest)
        continue
      }
      if move.move.drops, move.premises.count == 1 {
        frame.waiting = (position, move.premises[0])
        return .dropping(premise: move.premises[0], bound: frame.limit)
      }
      var used = own
      var complete = true
      for (index, premise) in move.premises.enumerated() {
        rest -= floors[index]
        if let size = minimalSize(premise, bound: frame.limit - used - rest, depth: depth + 1) {
          used += size
        } else {
          guard stopped == nil else { return .finished(nil) }
          complete = false
          frame.least = min(frame.least, used + lowerBound(premise) + rest)
          break
        }
      }
      if complete {
        frame.best = (used, position)
        frame.limit = used - 1
      }
    }
    if let best = frame.best {
      nodes[frame.node].size = .exact(best.size, best.move)
      return .finished(best.size)
    }
    raise(frame.node, to: max(frame.bound + 1, frame.least))
    return .finished(nil)
  }

  // MARK: Rebuilding through the kernel

  /// The theorem for `node`'s sequent plus the items `extra` (sorted; items that dropping moves
  /// removed on the way) along the recorded least moves; every step is the kernel's. Adding
  /// items keeps every step a step of the same rule, so the size stays the recorded one.
  /// A chain of dropping moves is followed in a loop, so the recursion is one level per
  /// inference, as in the search.
  func theorem(for start: Int, adding added: [SequentItem] = [], kernel: ProofKernel) -> Result<Theorem, KernelRefusal>
  {
    var node = start
    var extra = added
    while case .exact(_, let position?)? = nodes[node].size, let chosen = nodes[node].expansion?[position],
      chosen.move.drops
    {
      guard let premise = chosen.premises.first else { return .failure(KernelRefusal(rule: nil)) }
      insert(chosen.move.principal, into: &extra)
      node = premise
    }
    let entry = nodes[node]
    guard case .exact(_, let position)? = entry.size else { return .failure(KernelRefusal(rule: nil)) }
    var items = entry.sequent.items
    for item in extra {
      insert(item, into: &items)
    }
    let move: SearchMove
    var premises: [Theorem] = []
    if let position, let chosen = entry.expansion?[position] {
      move = chosen.move
      let actual = premiseItems(of: move, in: items)
      guard actual.count == chosen.premises.count else { return .failure(KernelRefusal(rule: move.rule)) }
      for (premise, wanted) in zip(chosen.premises, actual) {
        let have = Set(nodes[premise].sequent.items)
        switch theorem(for: premise, adding: wanted.filter { !have.contains($0) }, kernel: kernel) {
        case .success(let proved): premises.append(proved)
        case .failure(let refusal): return .failure(refusal)
        }
      }
    } else if let closing = entry.closing {
      move = closing
    } else {
      return .failure(KernelRefusal(rule: nil))
    }
    let principal = closure.formulas[move.principal.local]
    guard let concluded = kernel.infer(move.rule, closure.sequent(items), on: principal, from: premises)
    else {
      return .failure(KernelRefusal(rule: move.rule))
    }
    return .success(concluded)
  }
}
