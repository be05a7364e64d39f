// SequentValidity.swift — owns the semantic side of proof search: the truth of every formula of
// a search closure at every world of the system's Kripke sequence, and from it whether a
// sequent has any proof at all. The theory proves a sequent exactly when it holds at every world
// (GLProver's theory paragraph), so this answers in one pass over the sequent what a complete
// search would answer by exploring it.

/// Truth tables of the closure's formulas over the segments of worlds where none of them
/// changes, one bit per segment.
struct SequentValidity {
  /// Machine words per formula.
  private let words: Int
  /// Formula-major: the bits of local formula l are `truth[l * words ..< (l + 1) * words]`.
  private let truth: [UInt64]
  /// The bits of the last word that stand for segments.
  private let lastMask: UInt64

  /// Solves the closure's atoms on the linear Kripke frame (atoms the closure does not reach are
  /// left out, as ⊥, so problems elsewhere in the system cannot matter) and tabulates every
  /// closure formula. Nil if the solver refuses: it cannot on a closure that passed
  /// `SearchClosure.build` within the standard `maxFormulaSize` (its stabilisation world is at most
  /// the largest [k] plus the number of boxes, far below the solver's world limit).
  static func build(closure: SearchClosure, system: ModalSystem) -> SequentValidity? {
    var reached = [Bool](repeating: false, count: system.definitions.count)
    for kind in closure.kinds {
      if case .atom(let index, _) = kind { reached[index] = true }
    }
    var arena = closure.arena
    let falsum = arena.constant(false)
    var definitions = system.definitions
    for atom in definitions.indices where !reached[atom] {
      definitions[atom] = falsum
    }
    // The caller's system already holds this many definitions, so the atom count is no new cost.
    let limits = KripkeLimits(
      maxWorlds: KripkeLimits.standard.maxWorlds, maxAtoms: max(KripkeLimits.standard.maxAtoms, definitions.count))
    guard let solution = try? KripkeSolver.solve(ModalSystem(arena: arena, definitions: definitions), limits: limits)
    else { return nil }

    // Local formulas are in id order, children first, so one pass computes every sequence.
    var localOf: [Int: Int] = [:]
    for (local, id) in closure.formulas.enumerated() {
      localOf[id.index] = local
    }
    var sequences: [PiecewiseSequence] = []
    sequences.reserveCapacity(closure.formulas.count)
    func sequence(_ id: FormulaID) -> PiecewiseSequence {
      localOf[id.index].map { sequences[$0] } ?? .constant(false)
    }
    for id in closure.formulas {
      switch arena.node(id) {
      case .constant(let value): sequences.append(.constant(value))
      case .atom(let atom): sequences.append(solution.sequence(ofAtom: atom))
      case .not(let inner): sequences.append(sequence(inner).negated)
      case .and(let parts): sequences.append(PiecewiseSequence.combine(parts.map(sequence), conjunction: true))
      case .or(let parts): sequences.append(PiecewiseSequence.combine(parts.map(sequence), conjunction: false))
      case .box(let level, let inner): sequences.append(PiecewiseSequence.box(content: sequence(inner), level: level))
      }
    }

    // Segment j starts at starts[j]; every formula is constant on each segment.
    var starts = Set<Int>([0])
    for sequence in sequences {
      starts.formUnion(sequence.changeWorlds)
    }
    let worlds = starts.sorted()
    let words = (worlds.count + 63) / 64
    var truth = [UInt64](repeating: 0, count: words * sequences.count)
    for (local, sequence) in sequences.enumerated() {
      for (segment, world) in worlds.enumerated() where sequence.value(at: world) {
        truth[local * words + segment / 64] |= 1 << UInt64(segment % 64)
      }
    }
    let tail = worlds.count % 64
    return SequentValidity(words: words, truth: truth, lastMask: tail == 0 ? ~0 : (1 << UInt64(tail)) - 1)
  }

  /// Whether the sequent holds at every world: at each, a formula on the left is false or one on
  /// the right is true. Exactly when it has a proof.
  func holds(_ items: [SequentItem]) -> Bool {
    for word in 0..<words {
      var covered: UInt64 = 0
      for item in items {
        let bits = truth[item.local * words + word]
        covered |= item.isRight ? bits : ~bits
      }
      let needed = word == words - 1 ? lastMask : ~0
      if covered & needed != needed { return false }
    }
    return true
  }

  /// For a sequent that holds: which items it needs, i.e. without which it no longer holds (at
  /// some world the item is the only one that covers it). One pass, instead of one `holds` per item.
  func needed(_ items: [SequentItem]) -> [Bool] {
    var result = [Bool](repeating: false, count: items.count)
    for word in 0..<words {
      var once: UInt64 = 0
      var twice: UInt64 = 0
      for item in items {
        let bits = truth[item.local * words + word]
        let covered = item.isRight ? bits : ~bits
        twice |= once & covered
        once |= covered
      }
      let alone = once & ~twice & (word == words - 1 ? lastMask : ~0)
      guard alone != 0 else { continue }
      for (index, item) in items.enumerated() where !result[index] {
        let bits = truth[item.local * words + word]
        if (item.isRight ? bits : ~bits) & alone != 0 { result[index] = true }
      }
    }
    return result
  }
}
