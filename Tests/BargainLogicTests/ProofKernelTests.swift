// ProofKernelTests.swift — the trusted kernel: a proof built by hand through its rule
// functions, and every side condition refused (wrong premise, wrong shape, wrong side, GLR with
// its box already assumed, premises from another kernel, absurd [k] levels).

import BargainLogic
import Testing

@Suite struct ProofKernelTests {
  @Test func fairBotProofBuiltByHand() throws {
    let (system, ff) = fairBotSelfPlay()
    let kernel = try #require(ProofKernel(system: system, arena: system.arena))
    let boxFF = system.definitions[0]
    let axiom = try #require(kernel.axiom(Sequent(left: [boxFF], right: [boxFF]), on: boxFF))
    let unfolded = try #require(kernel.unfoldRight(Sequent(left: [boxFF], right: [ff]), on: ff, from: axiom))
    let loeb = try #require(kernel.gl(Sequent(left: [], right: [boxFF]), on: boxFF, from: unfolded))
    let theorem = try #require(kernel.unfoldRight(Sequent(proving: ff), on: ff, from: loeb))
    #expect(theorem.sequent == Sequent(proving: ff))
    #expect(ProofChecker.check(theorem.proof, proves: ff, in: system) == .valid(size: 4))
    #expect(theorem.proof.steps.map(\.rule) == [.axiom, .unfoldRight, .gl, .unfoldRight])
    #expect(theorem.proof.steps.map(\.premises) == [[], [0], [1], [2]])
  }

  @Test func sideConditionsAreEnforced() throws {
    let (system, ff) = fairBotSelfPlay()
    let kernel = try #require(ProofKernel(system: system, arena: system.arena))
    let boxFF = system.definitions[0]
    let axiom = try #require(kernel.axiom(Sequent(left: [boxFF], right: [boxFF]), on: boxFF))
    let unfolded = try #require(kernel.unfoldRight(Sequent(left: [boxFF], right: [ff]), on: ff, from: axiom))

    // Axioms need the principal on both sides, ⊥L a ⊥, ⊤R a ⊤.
    #expect(kernel.axiom(Sequent(left: [], right: [boxFF]), on: boxFF) == nil)
    #expect(kernel.falsumLeft(Sequent(left: [boxFF], right: []), on: boxFF) == nil)
    #expect(kernel.verumRight(Sequent(left: [], right: [boxFF]), on: boxFF) == nil)
    // Unfolding: only atoms, only on their side, only to the system's definition.
    #expect(kernel.unfoldRight(Sequent(left: [boxFF], right: [boxFF]), on: boxFF, from: axiom) == nil)
    #expect(kernel.unfoldLeft(Sequent(left: [boxFF], right: [ff]), on: ff, from: axiom) == nil)
    #expect(kernel.unfoldRight(Sequent(left: [], right: [ff]), on: ff, from: axiom) == nil)
    // GLR: the premise must carry □A on the left (Löb), and □A must not already be assumed.
    #expect(kernel.gl(Sequent(left: [boxFF], right: [boxFF]), on: boxFF, from: unfolded) == nil)
    let loeb = try #require(kernel.gl(Sequent(proving: boxFF), on: boxFF, from: unfolded))
    let theorem = try #require(kernel.unfoldRight(Sequent(proving: ff), on: ff, from: loeb))
    #expect(kernel.gl(Sequent(proving: boxFF), on: boxFF, from: theorem) == nil)
    // Propositional rules on formulas of the wrong shape.
    #expect(kernel.notLeft(Sequent(left: [boxFF], right: []), on: boxFF, from: axiom) == nil)
    #expect(kernel.andRight(Sequent(left: [], right: [ff]), on: ff, from: [axiom]) == nil)
    #expect(kernel.levelRight(Sequent(proving: boxFF), on: boxFF, from: axiom) == nil)
    // The rule by name: same checks, and exactly the rule's number of premises.
    #expect(kernel.infer(.unfoldRight, Sequent(left: [boxFF], right: [ff]), on: ff, from: [axiom]) != nil)
    #expect(kernel.infer(.unfoldRight, Sequent(left: [boxFF], right: [ff]), on: ff, from: [axiom, axiom]) == nil)
    #expect(kernel.infer(.axiom, Sequent(left: [boxFF], right: [boxFF]), on: boxFF, from: [axiom]) == nil)
    // Formulas the kernel's arena does not have.
    let stranger = FormulaID.outside(of: system.arena)
    #expect(kernel.axiom(Sequent(left: [stranger], right: [stranger]), on: stranger) == nil)
  }

  /// Theorems carry the kernel they came from: equal equations are not enough to mix them.
  @Test func premisesFromAnotherKernelAreRefused() throws {
    let (system, ff) = fairBotSelfPlay()
    let first = try #require(ProofKernel(system: system, arena: system.arena))
    let second = try #require(ProofKernel(system: system, arena: system.arena))
    let boxFF = system.definitions[0]
    let axiom = try #require(first.axiom(Sequent(left: [boxFF], right: [boxFF]), on: boxFF))
    #expect(first.unfoldRight(Sequent(left: [boxFF], right: [ff]), on: ff, from: axiom) != nil)
    #expect(second.unfoldRight(Sequent(left: [boxFF], right: [ff]), on: ff, from: axiom) == nil)
  }

  @Test func kernelNeedsAnArenaExtendingTheSystems() throws {
    let (system, _) = fairBotSelfPlay()
    var extended = system.arena
    _ = extended.constant(true)
    #expect(ProofKernel(system: system, arena: extended) != nil)
    #expect(ProofKernel(system: system, arena: FormulaArena()) == nil)
    var reordered = FormulaArena()
    _ = reordered.constant(false)
    _ = reordered.constant(true)
    #expect(ProofKernel(system: system, arena: reordered) == nil)
  }

  /// [k] with an absurd level: refused at once by the kernel and the checker (its expansion
  /// would need a chain of k boxes), and the prover reports the formula-size limit.
  @Test func absurdLevelsAreRefusedWithoutWork() throws {
    var arena = FormulaArena()
    let a = arena.atom(0)
    let boxA = arena.box(a)
    let huge = arena.box(a, level: 1_000_000_000)
    let system = ModalSystem(arena: arena, definitions: [boxA])
    let kernel = try #require(ProofKernel(system: system, arena: arena))
    let axiom = try #require(kernel.axiom(Sequent(left: [huge], right: [huge]), on: huge))
    #expect(kernel.levelRight(Sequent(left: [huge], right: [huge]), on: huge, from: axiom) == nil)
    let forged = Proof(
      arena: arena,
      steps: [
        ProofStep(rule: .axiom, sequent: Sequent(left: [huge], right: [huge]), principal: huge, premises: []),
        ProofStep(rule: .levelLeft, sequent: Sequent(left: [huge], right: [huge]), principal: huge, premises: [0]),
      ])
    #expect(ProofChecker.check(forged, proves: huge, in: system) == .invalid(step: 1, .principalHasWrongShape))
    #expect(prove(huge, in: system) == .limit(.maxFormulaSize))
  }
}
