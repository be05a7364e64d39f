// KripkeSolution.swift — owns the answers of a solve: value sequences of the atoms and of
// every formula the system uses, and on-demand sequences for any other formula of the same
// (possibly since extended) arena.

/// The solved system: every atom's and every used formula's value at every world.
public struct KripkeSolution: Sendable {
  /// n*: the least world from which every boxed subformula of the system (with [k] expanded)
  /// is constant. All values at worlds ≥ n* equal those at n*.
  public let stableWorld: Int
  /// The arena the system was solved over.
  public let arena: FormulaArena
  public let atomCount: Int
  /// Indexed by solver vertex: arena nodes 0..<formulaCount, then atoms.
  private let sequences: [PiecewiseSequence]
  /// Whether `sequences[v]` was computed (vertices the system uses).
  private let known: [Bool]
  private let formulaCount: Int

  init(
    arena: FormulaArena,
    atomCount: Int,
    stableWorld: Int,
    sequences: [PiecewiseSequence],
    known: [Bool]
  ) {
    self.arena = arena
    self.atomCount = atomCount
    self.stableWorld = stableWorld
    self.sequences = sequences
    self.known = known
    self.formulaCount = arena.count
  }

  // MARK: Atoms

  /// Values of atom `atom` over all worlds; atoms outside the system read as constantly false.
  public func sequence(ofAtom atom: Int) -> PiecewiseSequence {
    guard atom >= 0 && atom < atomCount else { return .constant(false) }
    return sequences[formulaCount + atom]
  }

  /// Value at any world ≥ 0 (worlds beyond n* repeat n*; negative worlds read as 0).
  public func value(ofAtom atom: Int, atWorld world: Int) -> Bool {
    sequence(ofAtom: atom).value(at: world)
  }

  /// Value at n* and every later world.
  public func eventualValue(ofAtom atom: Int) -> Bool {
    sequence(ofAtom: atom).finalValue
  }

  /// Least n such that the atom is true at every world ≥ n (the least PA+n proving it);
  /// nil if it is eventually false.
  public func level(ofAtom atom: Int) -> Int? {
    sequence(ofAtom: atom).level
  }

  // MARK: Formulas

  /// Values of `f` over all worlds. `f` may be any formula of the solved arena, boxes
  /// included, whether or not the system uses it. Ids outside the arena read as false.
  public func sequence(of f: FormulaID) -> PiecewiseSequence {
    sequence(of: f, in: arena)
  }

  /// As `sequence(of:)`, for formulas created after solving: `arena` must be the solved
  /// arena or a later extension of it (arenas are append-only, so old ids keep their
  /// meaning). Atoms outside the system read as false.
  public func sequence(of f: FormulaID, in arena: FormulaArena) -> PiecewiseSequence {
    let formulas = arena.count >= formulaCount ? arena : self.arena
    guard formulas.contains(f) else { return .constant(false) }
    if isKnown(f.index) {
      return sequences[f.index]
    }
    // Compute only the unknown part of f's DAG, children first (ascending ids).
    var pending: [Int] = []
    var seen = Set<Int>()
    var stack = [f]
    while let id = stack.popLast() {
      guard !isKnown(id.index), seen.insert(id.index).inserted else { continue }
      pending.append(id.index)
      stack.append(contentsOf: formulas.node(id).children)
    }
    pending.sort()
    var computed: [Int: PiecewiseSequence] = [:]
    func lookup(_ id: FormulaID) -> PiecewiseSequence {
      isKnown(id.index) ? sequences[id.index] : (computed[id.index] ?? .constant(false))
    }
    for index in pending {
      let result: PiecewiseSequence
      switch formulas.node(FormulaID(index: index)) {
      case .constant(let value):
        result = .constant(value)
      case .atom(let atom):
        result = sequence(ofAtom: atom)
      case .not(let inner):
        result = lookup(inner).negated
      case .and(let parts):
        result = PiecewiseSequence.combine(parts.map(lookup), conjunction: true)
      case .or(let parts):
        result = PiecewiseSequence.combine(parts.map(lookup), conjunction: false)
      case .box(let level, let inner):
        result = PiecewiseSequence.box(content: lookup(inner), level: level)
      }
      computed[index] = result
    }
    return computed[f.index] ?? .constant(false)
  }

  private func isKnown(_ index: Int) -> Bool {
    index >= 0 && index < formulaCount && known[index]
  }

  public func value(of f: FormulaID, atWorld world: Int) -> Bool {
    sequence(of: f).value(at: world)
  }

  public func value(of f: FormulaID, in arena: FormulaArena, atWorld world: Int) -> Bool {
    sequence(of: f, in: arena).value(at: world)
  }

  public func eventualValue(of f: FormulaID) -> Bool {
    sequence(of: f).finalValue
  }

  public func eventualValue(of f: FormulaID, in arena: FormulaArena) -> Bool {
    sequence(of: f, in: arena).finalValue
  }

  /// Least n such that `f` is true at every world ≥ n; nil if eventually false.
  public func level(of f: FormulaID) -> Int? {
    sequence(of: f).level
  }

  public func level(of f: FormulaID, in arena: FormulaArena) -> Int? {
    sequence(of: f, in: arena).level
  }

  /// First world where the box `f` is false; nil if it never is, or if `f` is not a box.
  public func flipWorld(ofBox f: FormulaID) -> Int? {
    flipWorld(ofBox: f, in: arena)
  }

  public func flipWorld(ofBox f: FormulaID, in arena: FormulaArena) -> Int? {
    let formulas = arena.count >= formulaCount ? arena : self.arena
    guard formulas.contains(f), case .box = formulas.node(f) else { return nil }
    return sequence(of: f, in: formulas).changeWorlds.first
  }
}
