// KripkeRandomizedTests.swift — cross-checks the solver against a naive reference evaluator
// (every node at every world) on thousands of small random systems from a fixed seed, and
// checks unguarded-cycle reports against a naive cycle search.

import BargainLogic
import Testing

/// SplitMix64: tiny, seedable, identical on every platform.
struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func below(_ bound: Int) -> Int {
    Int(next() % UInt64(bound))
  }
}

/// Evaluates every node of an arena at every world 0..<worlds straight from the semantics.
/// Requires well-founded unboxed references.
struct NaiveEvaluator {
  /// nodeValues[world][node index]
  private(set) var nodeValues: [[Bool]] = []
  private(set) var atomValues: [[Bool]] = []

  init(arena: FormulaArena, definitions: [FormulaID], worlds: Int) {
    for world in 0..<worlds {
      var memo = [Bool?](repeating: nil, count: arena.count)
      let earlier = nodeValues
      func eval(_ id: FormulaID) -> Bool {
        if let known = memo[id.index] { return known }
        let value: Bool
        switch arena.node(id) {
        case .constant(let v): value = v
        case .atom(let atom): value = eval(definitions[atom])
        case .not(let inner): value = !eval(inner)
        case .and(let parts): value = parts.allSatisfy { eval($0) }
        case .or(let parts): value = parts.contains { eval($0) }
        case .box(let level, let inner):
          // True iff inner holds at every m with level ≤ m < world.
          value = level >= world || (level..<world).allSatisfy { earlier[$0][inner.index] }
        }
        memo[id.index] = value
        return value
      }
      nodeValues.append(arena.ids.map { eval($0) })
      atomValues.append(definitions.map { eval($0) })
    }
  }

  /// Least n with the row true from n to the end; nil if the last value is false.
  static func level(_ values: [Bool]) -> Int? {
    guard values.last == true else { return nil }
    var n = values.count
    while n > 0 && values[n - 1] { n -= 1 }
    return n
  }
}

/// Random small systems. Unboxed references go only to higher-numbered atoms unless
/// `allowUnboxedCycles`, so the acyclic ones are well-founded by construction.
struct RandomSystems {
  var rng: SplitMix64

  mutating func formula(
    _ arena: inout FormulaArena, depth: Int, owner: Int, atomCount: Int,
    underBox: Bool, allowUnboxedCycles: Bool
  ) -> FormulaID {
    let choice = depth == 0 ? rng.below(3) : rng.below(9)
    switch choice {
    case 0:
      return arena.constant(rng.below(2) == 0)
    case 1, 2:
      let lowest = underBox || allowUnboxedCycles ? 0 : owner + 1
      guard lowest < atomCount else { return arena.constant(rng.below(2) == 0) }
      return arena.atom(lowest + rng.below(atomCount - lowest))
    case 3:
      return arena.not(
        formula(
          &arena, depth: depth - 1, owner: owner, atomCount: atomCount,
          underBox: underBox, allowUnboxedCycles: allowUnboxedCycles))
    case 4, 5:
      let parts = (0..<(2 + rng.below(2))).map { _ in
        formula(
          &arena, depth: depth - 1, owner: owner, atomCount: atomCount,
          underBox: underBox, allowUnboxedCycles: allowUnboxedCycles)
      }
      return choice == 4 ? arena.and(parts) : arena.or(parts)
    default:
      let level = rng.below(3) == 0 ? rng.below(4) : 0
      let inner = formula(
        &arena, depth: depth - 1, owner: owner, atomCount: atomCount,
        underBox: true, allowUnboxedCycles: allowUnboxedCycles)
      return arena.box(inner, level: level)
    }
  }

  mutating func system(allowUnboxedCycles: Bool, maxAtoms: Int = 5, maxDepth: Int = 4) -> ModalSystem {
    var arena = FormulaArena()
    let atomCount = 1 + rng.below(maxAtoms)
    var definitions: [FormulaID] = []
    for owner in 0..<atomCount {
      definitions.append(
        formula(
          &arena, depth: 1 + rng.below(maxDepth), owner: owner, atomCount: atomCount,
          underBox: false, allowUnboxedCycles: allowUnboxedCycles))
    }
    return ModalSystem(arena: arena, definitions: definitions)
  }
}

/// Ids reachable from the definitions, found independently of the library's helpers.
func systemNodes(_ system: ModalSystem) -> Set<Int> {
  var seen = Set<Int>()
  var stack = system.definitions
  while let id = stack.popLast() {
    guard seen.insert(id.index).inserted else { continue }
    stack.append(contentsOf: system.arena.node(id).children)
  }
  return seen
}

/// Solves `system`, extends its arena with a few unused formulas, and compares everything
/// against the naive evaluator. Returns the number of mismatches (0 expected).
func crossCheck(_ system: ModalSystem, rng: inout RandomSystems) throws -> Int {
  let solution = try KripkeSolver.solve(system)
  var extended = system.arena
  for _ in 0..<3 {
    _ = rng.formula(
      &extended, depth: 3, owner: 0, atomCount: system.atomCount,
      underBox: true, allowUnboxedCycles: false)
  }
  // n* ≤ (largest level) + (number of boxes): past the largest level, a world where no box
  // flips repeats forever, and each flip uses up a box. Evaluate a little beyond that bound.
  var maxLevelAll = 0
  var boxCount = 0
  for id in extended.ids {
    if case .box(let level, _) = extended.node(id) {
      maxLevelAll = max(maxLevelAll, level)
      boxCount += 1
    }
  }
  let worlds = maxLevelAll + boxCount + 4
  let naive = NaiveEvaluator(arena: extended, definitions: system.definitions, worlds: worlds)

  var mismatches = 0
  func check(_ condition: Bool, _ what: @autoclosure () -> String) {
    if !condition {
      mismatches += 1
      if mismatches <= 5 { Issue.record("mismatch: \(what())") }
    }
  }

  // Expected n* from the naive table, over the system's own boxes.
  let used = systemNodes(system)
  var expectedStable = 0
  for id in extended.ids where used.contains(id.index) {
    if case .box(let level, _) = extended.node(id) {
      expectedStable = max(expectedStable, level)
      if let flip = (0..<worlds).first(where: { !naive.nodeValues[$0][id.index] }) {
        expectedStable = max(expectedStable, flip)
      }
    }
  }
  check(solution.stableWorld == expectedStable, "n* \(solution.stableWorld) vs \(expectedStable)")

  for atom in 0..<system.atomCount {
    let row = (0..<worlds).map { naive.atomValues[$0][atom] }
    check((0..<worlds).map { solution.value(ofAtom: atom, atWorld: $0) } == row, "atom \(atom) values")
    check(solution.level(ofAtom: atom) == NaiveEvaluator.level(row), "atom \(atom) level")
    check(
      solution.stableWorld < worlds
        && solution.eventualValue(ofAtom: atom) == row[min(solution.stableWorld, worlds - 1)], "atom \(atom) eventual")
  }
  for id in extended.ids {
    let row = (0..<worlds).map { naive.nodeValues[$0][id.index] }
    let values = (0..<worlds).map { solution.value(of: id, in: extended, atWorld: $0) }
    check(values == row, "node \(extended.render(id)) values")
    check(solution.level(of: id, in: extended) == NaiveEvaluator.level(row), "node level")
    if case .box = extended.node(id) {
      check(solution.flipWorld(ofBox: id, in: extended) == row.firstIndex(of: false), "flip world")
    }
    if id.index < system.arena.count {
      // The solved arena answers directly too.
      check(solution.value(of: id, atWorld: worlds - 1) == row[worlds - 1], "solved-arena value")
    }
  }
  return mismatches
}

/// Atom graph of unboxed references: edges[a] = atoms in a's definition outside every box.
func unboxedAtomEdges(_ system: ModalSystem) -> [Set<Int>] {
  system.definitions.map { definition in
    var atoms = Set<Int>()
    var seen = Set<Int>()
    var stack = [definition]
    while let id = stack.popLast() {
      guard seen.insert(id.index).inserted else { continue }
      switch system.arena.node(id) {
      case .atom(let atom): atoms.insert(atom)
      case .box: break
      case let node: stack.append(contentsOf: node.children)
      }
    }
    return atoms
  }
}

func hasCycle(_ edges: [Set<Int>]) -> Bool {
  // Repeatedly remove atoms with no outgoing edge to a remaining atom.
  var remaining = Set(edges.indices)
  var removedSome = true
  while removedSome {
    removedSome = false
    for atom in remaining.sorted() where edges[atom].isDisjoint(with: remaining) {
      remaining.remove(atom)
      removedSome = true
    }
  }
  return !remaining.isEmpty
}

@Suite struct KripkeRandomizedTests {
  @Test func solverMatchesNaiveEvaluator() throws {
    var random = RandomSystems(rng: SplitMix64(state: 0x5EED_1401_5577))
    var checked = 0
    var nontrivialStable = 0
    for _ in 0..<3_000 {
      let system = random.system(allowUnboxedCycles: false)
      let mismatches = try crossCheck(system, rng: &random)
      #expect(mismatches == 0)
      checked += 1
      if try KripkeSolver.solve(system).stableWorld >= 2 { nontrivialStable += 1 }
    }
    #expect(checked == 3_000)
    // The generator must actually produce interesting systems.
    #expect(nontrivialStable > 300)
  }

  @Test func largerSystemsMatchNaiveEvaluator() throws {
    // Bigger components with several boxes and inputs exercise the world-jumping logic.
    var random = RandomSystems(rng: SplitMix64(state: 0x1A26_E5))
    var maxStable = 0
    for _ in 0..<300 {
      let system = random.system(allowUnboxedCycles: false, maxAtoms: 20, maxDepth: 6)
      #expect(try crossCheck(system, rng: &random) == 0)
      maxStable = max(maxStable, try KripkeSolver.solve(system).stableWorld)
    }
    #expect(maxStable >= 5)
  }

  @Test func unguardedCyclesAreExactlyTheNaiveOnes() throws {
    var random = RandomSystems(rng: SplitMix64(state: 0xC7C1_E5))
    var cycles = 0
    var solved = 0
    for _ in 0..<1_500 {
      let system = random.system(allowUnboxedCycles: true)
      let edges = unboxedAtomEdges(system)
      switch Result(catching: { () throws(KripkeError) in try KripkeSolver.solve(system) }) {
      case .success:
        #expect(!hasCycle(edges))
        solved += 1
        #expect(try crossCheck(system, rng: &random) == 0)
      case .failure(let error):
        guard case .unguardedCycle(let cycle) = error else {
          Issue.record("unexpected \(error)")
          continue
        }
        cycles += 1
        #expect(hasCycle(edges))
        #expect(!cycle.isEmpty)
        #expect(cycle.first == cycle.min())
        #expect(Set(cycle).count == cycle.count)
        for (position, atom) in cycle.enumerated() {
          #expect(edges[atom].contains(cycle[(position + 1) % cycle.count]))
        }
      }
    }
    #expect(cycles > 100)
    #expect(solved > 100)
  }
}
