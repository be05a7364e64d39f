// ProofCheckerTests.swift — the independent checker accepts the prover's proofs and rejects
// every proof with one step altered: a formula changed, added or dropped, the rule renamed,
// the principal formula moved, a premise index changed, or a step missing; plus forged
// proofs and mismatched systems, each with its precise reason.

import BargainLogic
import Testing

/// Proofs found by the prover for the hand-worked examples and some random goals.
func sampleProofs() throws -> [(Proof, FormulaID, ModalSystem)] {
  var samples: [(Proof, FormulaID, ModalSystem)] = []
  let (fairBots, ff) = fairBotSelfPlay()
  samples.append((try #require(proof(of: ff, in: fairBots)), ff, fairBots))
  let (prudentBots, pp) = prudentBotSelfPlay()
  samples.append((try #require(proof(of: pp, in: prudentBots)), pp, prudentBots))
  var defect = ProverFixture(["FD", "DF"])
  let fd = defect.atom("FD")
  defect.definitions = [defect.arena.box(defect.atom("DF")), defect.arena.constant(false)]
  let levelDefects = defect.arena.box(defect.arena.not(fd), level: 1)
  samples.append((try #require(proof(of: levelDefects, in: defect.system)), levelDefects, defect.system))
  var random = ProverRandomSystems(rng: ProverSplitMix64(state: 0x5EED_0003))
  while samples.count < 12 {
    let base = random.system(maxAtoms: 4, maxDepth: 3)
    var arena = base.arena
    let goal = random.formula(&arena, depth: 3, lowest: 0, atomCount: base.atomCount)
    let system = ModalSystem(arena: arena, definitions: base.definitions)
    if let found = proof(of: goal, in: system), found.size >= 4 {
      samples.append((found, goal, system))
    }
  }
  return samples
}

/// Every one-step alteration of `proof` that cannot leave it correct.
func mutations(of proof: Proof) -> [(String, Proof)] {
  var result: [(String, Proof)] = []
  let arena = proof.arena
  func altered(_ index: Int, _ change: (inout ProofStep) -> Void) -> Proof {
    var copy = proof
    change(&copy.steps[index])
    return copy
  }
  for (index, step) in proof.steps.enumerated() {
    let left = step.sequent.left
    let right = step.sequent.right
    // A formula changed, added or dropped, on either side.
    let other = arena.ids.first { !left.contains($0) && !right.contains($0) }
    for (position, formula) in left.enumerated() {
      var changed = left
      changed.remove(at: position)
      result.append(
        (
          "step \(index): drop \(formula) on the left",
          altered(index) {
            $0.sequent = Sequent(left: changed, right: right)
          }
        ))
      if let other {
        result.append(
          (
            "step \(index): change \(formula) on the left",
            altered(index) {
              $0.sequent = Sequent(left: changed + [other], right: right)
            }
          ))
      }
    }
    for (position, formula) in right.enumerated() {
      var changed = right
      changed.remove(at: position)
      result.append(
        (
          "step \(index): drop \(formula) on the right",
          altered(index) {
            $0.sequent = Sequent(left: left, right: changed)
          }
        ))
      if let other {
        result.append(
          (
            "step \(index): change \(formula) on the right",
            altered(index) {
              $0.sequent = Sequent(left: left, right: changed + [other])
            }
          ))
      }
    }
    if let other {
      result.append(
        (
          "step \(index): add on the left",
          altered(index) {
            $0.sequent = Sequent(left: left + [other], right: right)
          }
        ))
      result.append(
        (
          "step \(index): add on the right",
          altered(index) {
            $0.sequent = Sequent(left: left, right: right + [other])
          }
        ))
    }
    // Another rule name. A premise-free rule whose side condition happens to hold as well
    // (⊥ on both sides: ⊥L or axiom) would still be a correct proof, so it is not a mutation.
    for rule in ProofRule.allCases where rule != step.rule {
      let stillCorrect: Bool
      switch rule {
      case .axiom: stillCorrect = left.contains(step.principal) && right.contains(step.principal)
      case .falsumLeft: stillCorrect = left.contains(step.principal) && arena.node(step.principal) == .constant(false)
      case .verumRight: stillCorrect = right.contains(step.principal) && arena.node(step.principal) == .constant(true)
      default: stillCorrect = false
      }
      if !stillCorrect || !step.premises.isEmpty {
        result.append(("step \(index): rule \(rule.name)", altered(index) { $0.rule = rule }))
      }
    }
    // Another principal formula (for an axiom, one not shared by both sides).
    for formula in left + right where formula != step.principal {
      if step.rule == .axiom && left.contains(formula) && right.contains(formula) { continue }
      result.append(("step \(index): principal \(formula)", altered(index) { $0.principal = formula }))
    }
    // A premise index pointing elsewhere, or a premise added or dropped.
    for position in step.premises.indices {
      for target in [-1, index, index + 1] + Array(0..<index) where target != step.premises[position] {
        result.append(
          (
            "step \(index): premise \(position) → \(target)",
            altered(index) {
              $0.premises[position] = target
            }
          ))
      }
      result.append(
        (
          "step \(index): premise \(position) dropped",
          altered(index) {
            $0.premises.remove(at: position)
          }
        ))
    }
    if step.premises.count > 1 {
      result.append(("step \(index): premises reversed", altered(index) { $0.premises.reverse() }))
    }
    if index > 0 {
      result.append(("step \(index): premise added", altered(index) { $0.premises.append(index - 1) }))
    }
    // A missing step, with and without renumbering the later references.
    var removed = proof
    removed.steps.remove(at: index)
    result.append(("step \(index) missing", removed))
    var renumbered = removed
    for later in renumbered.steps.indices {
      renumbered.steps[later].premises = renumbered.steps[later].premises.compactMap {
        $0 == index ? nil : ($0 > index ? $0 - 1 : $0)
      }
    }
    result.append(("step \(index) missing, renumbered", renumbered))
  }
  return result
}

@Suite struct ProofCheckerTests {
  @Test func everyOneStepAlterationIsRejected() throws {
    var total = 0
    var accepted: [String] = []
    for (proof, goal, system) in try sampleProofs() {
      #expect(ProofChecker.check(proof, proves: goal, in: system) == .valid(size: proof.size))
      for (label, mutant) in mutations(of: proof) {
        total += 1
        if ProofChecker.check(mutant, proves: goal, in: system).isValid {
          accepted.append(label)
        }
      }
    }
    #expect(accepted == [])
    #expect(total == 2_976)
  }

  @Test func rejectionsNameTheStepAndTheReason() throws {
    let (system, ff) = fairBotSelfPlay()
    let good = try #require(proof(of: ff, in: system))
    // Steps: 0 axiom □FF ⇒ □FF, 1 unfold-R □FF ⇒ FF, 2 GLR ⇒ □FF, 3 unfold-R ⇒ FF.
    var wrongRule = good
    wrongRule.steps[2].rule = .notRight
    #expect(ProofChecker.check(wrongRule, proves: ff, in: system) == .invalid(step: 2, .principalHasWrongShape))

    var wrongSequent = good
    wrongSequent.steps[0].sequent = Sequent(left: [], right: [ff])
    wrongSequent.steps[0].principal = ff
    wrongSequent.steps[0].rule = .verumRight
    #expect(ProofChecker.check(wrongSequent, proves: ff, in: system) == .invalid(step: 0, .principalHasWrongShape))
    wrongSequent.steps[0] = good.steps[0]
    wrongSequent.steps[1].sequent = Sequent(proving: ff)
    #expect(
      ProofChecker.check(wrongSequent, proves: ff, in: system) == .invalid(step: 1, .premiseMismatch(position: 0)))

    var wrongPremise = good
    wrongPremise.steps[2].premises = [0]
    #expect(ProofChecker.check(wrongPremise, proves: ff, in: system) == .invalid(step: 2, .premiseReused(0)))

    var extraPremise = good
    extraPremise.steps[1].premises = []
    extraPremise.steps[2].premises = [0, 1]
    #expect(
      ProofChecker.check(extraPremise, proves: ff, in: system)
        == .invalid(step: 1, .wrongPremiseCount(expected: 1, found: 0)))

    var reused = good
    reused.steps[3].premises = [1]
    #expect(ProofChecker.check(reused, proves: ff, in: system) == .invalid(step: 3, .premiseReused(1)))

    var forward = good
    forward.steps[1].premises = [2]
    #expect(ProofChecker.check(forward, proves: ff, in: system) == .invalid(step: 1, .premiseNotEarlier(2)))

    var missing = good
    missing.steps.remove(at: 1)
    #expect(ProofChecker.check(missing, proves: ff, in: system) == .invalid(step: 1, .premiseNotEarlier(1)))

    var unused = good
    unused.steps.insert(good.steps[0], at: 0)
    unused.steps[2].premises = [1]
    unused.steps[3].premises = [2]
    unused.steps[4].premises = [3]
    #expect(ProofChecker.check(unused, proves: ff, in: system) == .invalid(step: 0, .unusedStep))

    var empty = good
    empty.steps = []
    #expect(ProofChecker.check(empty, proves: ff, in: system) == .invalid(step: nil, .emptyProof))

    let boxFF = system.definitions[0]
    #expect(ProofChecker.check(good, proves: boxFF, in: system) == .invalid(step: 3, .rootIsNotGoal))

    var outside = good
    outside.steps[0].principal = FormulaID.outside(of: good.arena)
    #expect(
      ProofChecker.check(outside, proves: ff, in: system)
        == .invalid(step: 0, .formulaNotInArena(FormulaID.outside(of: good.arena))))
  }

  /// A proof is only valid for the equations it was found under.
  @Test func aProofDoesNotTransferToAnotherSystem() throws {
    var arena = FormulaArena()
    let ff = arena.atom(0)
    let boxFF = arena.box(ff)
    let notBoxFF = arena.not(boxFF)
    let fairBot = ModalSystem(arena: arena, definitions: [boxFF])
    let good = try #require(proof(of: ff, in: fairBot))
    let unfair = ModalSystem(arena: arena, definitions: [notBoxFF])
    #expect(ProofChecker.check(good, proves: ff, in: unfair) == .invalid(step: 1, .premiseMismatch(position: 0)))

    var otherArena = FormulaArena()
    _ = otherArena.constant(true)
    let foreign = ModalSystem(arena: otherArena, definitions: [])
    #expect(
      ProofChecker.check(good, proves: FormulaID.first(in: otherArena), in: foreign)
        == .invalid(step: nil, .arenaDoesNotExtendSystem(FormulaID.first(in: otherArena))))
  }

  /// A hand-forged "proof" that FairBot cooperates with DefectBot: GLR used as if □DF were
  /// provable from nothing.
  @Test func forgedProofOfANonTheoremIsRejected() throws {
    var s = ProverFixture(["FD", "DF"])
    let fd = s.atom("FD")
    let df = s.atom("DF")
    let boxDF = s.arena.box(df)
    let falsum = s.arena.constant(false)
    s.definitions = [boxDF, falsum]
    let system = s.system
    #expect(prove(fd, in: system) == .noProof)
    let forged = Proof(
      arena: system.arena,
      steps: [
        ProofStep(rule: .axiom, sequent: Sequent(left: [boxDF], right: [df]), principal: df, premises: []),
        ProofStep(rule: .gl, sequent: Sequent(left: [], right: [boxDF]), principal: boxDF, premises: [0]),
        ProofStep(rule: .unfoldRight, sequent: Sequent(proving: fd), principal: fd, premises: [1]),
      ])
    #expect(ProofChecker.check(forged, proves: fd, in: system) == .invalid(step: 0, .principalNotInConclusion))
  }
}

extension FormulaID {
  /// An id the arena does not have (the only way tests can name one: through an arena).
  static func outside(of arena: FormulaArena) -> FormulaID {
    var bigger = arena
    var id = bigger.constant(true)
    while arena.contains(id) {
      id = bigger.box(id)
    }
    return id
  }

  /// The arena's first id.
  static func first(in arena: FormulaArena) -> FormulaID {
    arena.ids.first ?? outside(of: arena)
  }
}
