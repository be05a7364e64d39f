// GLProverLimitsTests.swift — every ProverLimits field has a test that runs into it, hostile
// budgets end with an answer, and malformed inputs are refused with their reason.

import BargainLogic
import Testing

/// The pigeonhole principle for `pigeons` pigeons and `holes` holes: if every pigeon sits in a
/// hole, two share one. Atom p(i, j) (pigeon i in hole j) is atom i·holes + j.
func pigeonhole(_ arena: inout FormulaArena, holes: Int, pigeons: Int) -> FormulaID {
  func p(_ i: Int, _ j: Int) -> FormulaID { arena.atom(i * holes + j) }
  var clauses: [FormulaID] = []
  for i in 0..<pigeons {
    clauses.append(arena.or((0..<holes).map { p(i, $0) }))
  }
  var collisions: [FormulaID] = []
  for j in 0..<holes {
    for i in 0..<pigeons {
      for k in (i + 1)..<max(i + 1, pigeons) {
        let both = [p(i, j), p(k, j)]
        collisions.append(arena.and(both))
      }
    }
  }
  let everyPigeonSits = arena.and(clauses)
  let twoShare = arena.or(collisions)
  return arena.implies(everyPigeonSits, twoShare)
}

/// Pigeonhole over atoms p(i, j) ↔ □^c⊥ with depths c spread over 1…10: a theorem (by
/// propositional logic alone) whose cut-free proofs are large and numerous.
func pigeonholeSystem(holes: Int, pigeons: Int) -> (ModalSystem, FormulaID) {
  var arena = FormulaArena()
  var chains = [arena.constant(false)]
  for level in 1...10 {
    chains.append(arena.box(chains[level - 1]))
  }
  let goal = pigeonhole(&arena, holes: holes, pigeons: pigeons)
  var definitions: [FormulaID] = []
  for i in 0..<pigeons {
    for j in 0..<holes {
      definitions.append(chains[1 + (7 * i + 3 * j) % 10])
    }
  }
  return (ModalSystem(arena: arena, definitions: definitions), goal)
}

@Suite struct GLProverLimitsTests {
  @Test func goalOfHundredThousandNodesIsRefused() {
    var arena = FormulaArena()
    var goal = arena.atom(0)
    while arena.count < 100_000 {
      let negated = arena.not(goal)
      goal = arena.box(negated)
    }
    let boxed = arena.box(arena.atom(0))
    let system = ModalSystem(arena: arena, definitions: [boxed])
    #expect(prove(goal, in: system, budget: 1_000_000_000_000) == .limit(.maxFormulaSize))
  }

  @Test func formulaSizeLimit() {
    let (system, ff) = fairBotSelfPlay()
    // The closure of FF is {FF, □FF}.
    #expect(prove(ff, in: system, limits: ProverLimits(maxFormulaSize: 1)) == .limit(.maxFormulaSize))
    #expect(prove(ff, in: system, limits: ProverLimits(maxFormulaSize: 2)) == .proved(size: 4))
    // A [k] box brings its expansion □(□^k⊥ ∨ A), k + 3 nodes more.
    var arena = system.arena
    let level = arena.box(ff, level: 5)
    let withLevel = ModalSystem(arena: arena, definitions: system.definitions)
    #expect(prove(level, in: withLevel, limits: ProverLimits(maxFormulaSize: 10)) == .limit(.maxFormulaSize))
    #expect(prove(level, in: withLevel, limits: ProverLimits(maxFormulaSize: 11)) == .proved(size: 7))
  }

  @Test func sequentSizeLimit() {
    var arena = FormulaArena()
    let negations = (0..<200).map { index in
      let atom = arena.atom(index)
      return arena.not(atom)
    }
    let goal = arena.or(negations)
    // Every aᵢ is false, so the goal is a theorem whose first step puts 200 formulas on the right.
    let falsum = arena.constant(false)
    let system = ModalSystem(arena: arena, definitions: Array(repeating: falsum, count: 200))
    #expect(prove(goal, in: system, budget: 1_000_000_000_000) == .limit(.maxSequentSize))
    #expect(prove(goal, in: system, limits: ProverLimits(maxSequentSize: 200)) == .proved(size: 4))

    let (prudentBots, pp) = prudentBotSelfPlay()
    #expect(prove(pp, in: prudentBots, limits: ProverLimits(maxSequentSize: 4)) == .limit(.maxSequentSize))
  }

  @Test func searchNodeLimit() {
    let (system, pp) = prudentBotSelfPlay()
    #expect(prove(pp, in: system, limits: ProverLimits(maxSearchNodes: 10)) == .limit(.maxSearchNodes))
    #expect(prove(pp, in: system, limits: ProverLimits(maxSearchNodes: 10_000)) == .proved(size: 24))
  }

  /// A theorem whose least proof is expensive to establish, with a budget of 10^12: the search
  /// node limit ends it.
  @Test func hostileBudgetOnAHardTheorem() throws {
    let (system, goal) = pigeonholeSystem(holes: 3, pigeons: 4)
    #expect(try holdsEverywhere(goal, in: system))
    #expect(prove(goal, in: system, budget: 1_000_000_000_000) == .limit(.maxSearchNodes))
  }

  /// A non-theorem whose refutation by search would have to work through the pigeonhole first
  /// (7,401 sequents before the Kripke answer was used): the Kripke answer refutes it at once.
  @Test func hostileBudgetOnAHardNonTheorem() throws {
    let (base, pigeons) = pigeonholeSystem(holes: 4, pigeons: 5)
    var arena = base.arena
    let sits = arena.atom(0)
    let provablySits = arena.box(sits)
    let goal = arena.and([pigeons, provablySits])
    let system = ModalSystem(arena: arena, definitions: base.definitions)
    #expect(try !holdsEverywhere(goal, in: system))
    let outcome = GLProver.prove(goal, in: system, budget: 1_000_000_000_000)
    guard case .noProofWithinBudget(let explored) = outcome else {
      Issue.record("expected no proof, got \(outcome)")
      return
    }
    #expect(explored == 1)
  }

  /// a₀ ↔ ¬a₁, a₁ ↔ ¬a₂, …, aₙ ↔ ⊤: proving a₀ (n even) or ¬a₀ (n odd) takes a branch of
  /// 2n + 2 steps. n = 200 fits in the depth limit (and the stack of a debug build), n = 300
  /// does not. (Nested GLR steps cannot go as deep: each one adds a box to the left, so the
  /// sequent limit comes first.)
  @Test func proofDepthLimit() {
    func chain(_ length: Int) -> (ModalSystem, FormulaID) {
      var arena = FormulaArena()
      var definitions: [FormulaID] = []
      for index in 0..<length {
        let next = arena.atom(index + 1)
        definitions.append(arena.not(next))
      }
      definitions.append(arena.constant(true))
      let first = arena.atom(0)
      let goal = length % 2 == 0 ? first : arena.not(first)
      return (ModalSystem(arena: arena, definitions: definitions), goal)
    }
    let (long, farGoal) = chain(300)
    #expect(prove(farGoal, in: long) == .limit(.maxProofDepth))
    let (fitting, nearGoal) = chain(200)
    #expect(prove(nearGoal, in: fitting) == .proved(size: 402))
    let (short, goal) = chain(20)
    #expect(prove(goal, in: short) == .proved(size: 42))
    #expect(prove(goal, in: short, limits: ProverLimits(maxProofDepth: 41)) == .limit(.maxProofDepth))
    #expect(prove(goal, in: short, limits: ProverLimits(maxProofDepth: 42)) == .proved(size: 42))
  }

  /// Nested GLR steps each add a box to the left of the sequent: □^200 a runs into the
  /// sequent limit, not the stack.
  @Test func deeplyNestedBoxesRunIntoTheSequentLimit() {
    var arena = FormulaArena()
    let a = arena.atom(0)
    var goal = arena.box(a)
    for _ in 2...200 {
      goal = arena.box(goal)
    }
    let system = ModalSystem(arena: arena, definitions: [arena.box(a)])
    #expect(prove(goal, in: system, budget: 1_000_000_000_000) == .limit(.maxSequentSize))
  }

  @Test func malformedInputsAreRefused() {
    var arena = FormulaArena()
    let a = arena.atom(0)
    let b = arena.atom(1)
    let notB = arena.not(b)
    let boxA = arena.box(a)
    let undefined = arena.atom(7)
    let stranger = FormulaID.outside(of: arena)
    let cycle = ModalSystem(arena: arena, definitions: [notB, a])
    #expect(GLProver.prove(a, in: cycle, budget: 10).inputError == .unguardedCycle([0, 1]))
    #expect(GLProver.prove(b, in: cycle, budget: 10).inputError == .unguardedCycle([0, 1]))
    let fine = ModalSystem(arena: arena, definitions: [boxA, boxA])
    #expect(GLProver.prove(stranger, in: fine, budget: 10).inputError == .goalNotInArena)
    #expect(GLProver.prove(undefined, in: fine, budget: 10).inputError == .undefinedAtom(7))
    let broken = ModalSystem(arena: arena, definitions: [boxA, stranger])
    #expect(GLProver.prove(a, in: broken, budget: 10).inputError == .invalidDefinition(atom: 1))
    // A cycle the goal cannot reach does not matter.
    let elsewhere = ModalSystem(arena: arena, definitions: [boxA, b])
    #expect(prove(a, in: elsewhere) == .proved(size: 4))
  }
}

extension ProofSearchOutcome {
  var inputError: ProverInputError? {
    if case .invalidInput(let error) = self { return error }
    return nil
  }
}
