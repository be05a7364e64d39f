// FormulaArenaTests.swift — checks the arena's canonicalisation rules, hash-consing and
// structural measures, and PiecewiseSequence's basic operations.

import BargainLogic
import Testing

@Suite struct FormulaArenaTests {
  @Test func hashConsingGivesEqualIds() {
    var arena = FormulaArena()
    let a = arena.atom(0)
    let b = arena.atom(1)
    #expect(arena.atom(0) == a)
    #expect(arena.box(a) == arena.box(a))
    #expect(arena.box(a, level: 2) != arena.box(a))
    #expect(arena.and([a, b]) == arena.and([b, a]))
    #expect(arena.or([a, b]) == arena.or([b, a, b]))
    #expect(arena.and([a, b]) != arena.or([a, b]))
  }

  @Test func childrenPrecedeParents() {
    var arena = FormulaArena()
    let a = arena.atom(3)
    let b = arena.not(arena.atom(4))
    let conj = arena.and([b, a])
    let boxed = arena.box(conj, level: 1)
    let all = arena.reachable(from: [boxed])
    #expect(all.count == 5)
    for id in all {
      for child in arena.node(id).children {
        #expect(child < id)
      }
    }
    #expect(arena.node(boxed) == .box(level: 1, conj))
  }

  @Test func negationFolds() {
    var arena = FormulaArena()
    let t = arena.constant(true)
    let f = arena.constant(false)
    let a = arena.atom(0)
    #expect(arena.not(t) == f)
    #expect(arena.not(f) == t)
    #expect(arena.not(arena.not(a)) == a)
    let notA = arena.not(a)
    #expect(arena.node(notA) == .not(a))
  }

  @Test func conjunctionRules() {
    var arena = FormulaArena()
    let t = arena.constant(true)
    let f = arena.constant(false)
    let a = arena.atom(0)
    let b = arena.atom(1)
    let c = arena.atom(2)
    #expect(arena.and([]) == t)
    #expect(arena.and([a]) == a)
    #expect(arena.and([a, a]) == a)
    #expect(arena.and([a, t]) == a)
    #expect(arena.and([a, f, b]) == f)
    #expect(arena.and([a, arena.not(a)]) == f)
    #expect(arena.and([t, t]) == t)
    let ab = arena.and([b, a])
    #expect(arena.node(ab) == .and([a, b]))
    // Flattening: (a ∧ b) ∧ c is the same node as a ∧ b ∧ c.
    let flat = arena.and([ab, c])
    #expect(arena.node(flat) == .and([a, b, c]))
    #expect(arena.and([c, arena.and([b, a])]) == flat)
    #expect(arena.and([ab, arena.not(b)]) == f)
    // A disjunction inside a conjunction is not flattened.
    let aOrB = arena.or([a, b])
    let mixed = arena.and([aOrB, c])
    #expect(arena.node(mixed) == .and([c, aOrB]))
  }

  @Test func disjunctionRules() {
    var arena = FormulaArena()
    let t = arena.constant(true)
    let f = arena.constant(false)
    let a = arena.atom(0)
    let b = arena.atom(1)
    let c = arena.atom(2)
    #expect(arena.or([]) == f)
    #expect(arena.or([a]) == a)
    #expect(arena.or([a, f]) == a)
    #expect(arena.or([a, t]) == t)
    #expect(arena.or([arena.not(a), a]) == t)
    let flat = arena.or([arena.or([c, a]), b])
    #expect(arena.node(flat) == .or([a, b, c]))
  }

  @Test func implicationAndIff() {
    var arena = FormulaArena()
    let t = arena.constant(true)
    let f = arena.constant(false)
    let a = arena.atom(0)
    let b = arena.atom(1)
    #expect(arena.implies(a, b) == arena.or([arena.not(a), b]))
    #expect(arena.implies(f, a) == t)
    #expect(arena.implies(a, t) == t)
    #expect(arena.implies(t, a) == a)
    #expect(arena.implies(a, a) == t)
    #expect(arena.iff(a, a) == t)
  }

  @Test func boxRules() {
    var arena = FormulaArena()
    let t = arena.constant(true)
    let f = arena.constant(false)
    #expect(arena.box(t) == t)
    #expect(arena.box(t, level: 4) == t)
    let boxFalse = arena.box(f)
    #expect(arena.node(boxFalse) == .box(level: 0, f))
    #expect(arena.box(f, level: -3) == boxFalse)
    let box2 = arena.box(f, level: 2)
    #expect(arena.node(box2) == .box(level: 2, f))
  }

  @Test func sizeDepthAtomsRender() {
    var arena = FormulaArena()
    let a = arena.atom(0)
    let b = arena.atom(1)
    let boxA = arena.box(a)
    let formula = arena.and([boxA, arena.box(arena.not(b), level: 1), a])
    // Nodes: a, b, □a, ¬b, [1]¬b, the conjunction.
    #expect(arena.size(of: formula) == 6)
    #expect(arena.depth(of: formula) == 4)
    #expect(arena.depth(of: a) == 1)
    #expect(arena.size(of: a) == 1)
    #expect(arena.atoms(in: formula) == [0, 1])
    #expect(arena.render(formula) == "(a0 ∧ □a0 ∧ [1]¬a1)")
  }

  @Test func piecewiseSequenceBasics() {
    let s = PiecewiseSequence(initialValue: false, changeWorlds: [5, 2, 7, 7])
    #expect(s.changeWorlds == [2, 5])
    #expect(s.value(at: -1) == false)
    #expect(s.value(at: 1) == false)
    #expect(s.value(at: 2) == true)
    #expect(s.value(at: 4) == true)
    #expect(s.value(at: 5) == false)
    #expect(s.value(at: 1_000) == false)
    #expect(s.finalValue == false)
    #expect(s.level == nil)
    #expect(s.negated.level == 5)
    #expect(s.nextChange(after: 2) == 5)
    #expect(s.nextChange(after: 5) == nil)
    #expect(PiecewiseSequence.constant(true).level == 0)
  }
}
