// ProofChecker.swift — owns the independent re-verification of a `Proof` certificate against a
// system's equations and a goal. It shares no rule-checking code with `ProofKernel` or the
// search: it reads formulas through `FormulaArena` and compares sides as sets, so a bug in one
// implementation of a rule is unlikely to be repeated in the other.

/// Why a proof was rejected.
public enum ProofCheckError: Sendable, Equatable, CustomStringConvertible {
  /// The goal is not a formula of the system's arena.
  case goalNotInSystem
  /// A definition of the system is not a formula of its arena.
  case definitionNotInSystem(atom: Int)
  /// The proof's arena disagrees with the system's on an id the system already uses.
  case arenaDoesNotExtendSystem(FormulaID)
  case emptyProof
  /// A step mentions an id the proof's arena does not have.
  case formulaNotInArena(FormulaID)
  /// A premise index that does not point to an earlier step.
  case premiseNotEarlier(Int)
  /// A step used as a premise twice (the proof must be a tree).
  case premiseReused(Int)
  /// A step other than the root that no later step uses.
  case unusedStep
  /// The principal formula is not on the side of the conclusion the rule acts on.
  case principalNotInConclusion
  /// The principal formula does not have the shape the rule needs (e.g. ¬L on a conjunction).
  case principalHasWrongShape
  /// GLR whose principal □A is also on the left.
  case boxAlreadyAssumed
  case wrongPremiseCount(expected: Int, found: Int)
  /// Premise number `position` (0-based, in the rule's order) is not the sequent the rule needs.
  case premiseMismatch(position: Int)
  /// The root does not prove ⇒ goal.
  case rootIsNotGoal

  public var description: String {
    switch self {
    case .goalNotInSystem: return "the goal is not a formula of the system"
    case .definitionNotInSystem(let atom): return "the definition of atom a\(atom) is not a formula of the system"
    case .arenaDoesNotExtendSystem(let id): return "the proof's formula \(id) differs from the system's"
    case .emptyProof: return "the proof has no steps"
    case .formulaNotInArena(let id): return "formula \(id) is not in the proof's arena"
    case .premiseNotEarlier(let index): return "premise \(index) is not an earlier step"
    case .premiseReused(let index): return "step \(index) is used as a premise more than once"
    case .unusedStep: return "the step is not used by any later step"
    case .principalNotInConclusion: return "the principal formula is not where the rule needs it"
    case .principalHasWrongShape: return "the principal formula has the wrong shape for the rule"
    case .boxAlreadyAssumed: return "GLR's boxed formula is already on the left"
    case .wrongPremiseCount(let expected, let found): return "expected \(expected) premises, found \(found)"
    case .premiseMismatch(let position): return "premise \(position + 1) is not the sequent the rule requires"
    case .rootIsNotGoal: return "the last step does not prove ⇒ goal"
    }
  }
}

public enum ProofCheckResult: Sendable, Equatable {
  /// The proof is a correct tree of `size` inferences ending in ⇒ goal.
  case valid(size: Int)
  /// Rejected at step `step` (0-based index into `Proof.steps`; nil for whole-proof problems).
  case invalid(step: Int?, ProofCheckError)

  public var isValid: Bool {
    if case .valid = self { return true }
    return false
  }
}

public enum ProofChecker {
  /// Re-verifies `proof` from its steps alone: every step must follow by its rule from its
  /// premises under the equations of `system`, the steps must form a tree, and the root must be
  /// ⇒ goal. Cost is about (steps × sequent size); no search.
  public static func check(_ proof: Proof, proves goal: FormulaID, in system: ModalSystem) -> ProofCheckResult {
    let formulas = proof.arena
    guard system.arena.contains(goal) else { return .invalid(step: nil, .goalNotInSystem) }
    for (atom, definition) in system.definitions.enumerated() where !system.arena.contains(definition) {
      return .invalid(step: nil, .definitionNotInSystem(atom: atom))
    }
    guard formulas.count >= system.arena.count else {
      return .invalid(step: nil, .arenaDoesNotExtendSystem(FormulaID(index: formulas.count)))
    }
    for index in 0..<system.arena.count {
      let id = FormulaID(index: index)
      if formulas.node(id) != system.arena.node(id) {
        return .invalid(step: nil, .arenaDoesNotExtendSystem(id))
      }
    }
    guard let root = proof.steps.last else { return .invalid(step: nil, .emptyProof) }

    var usedBy = [Int?](repeating: nil, count: proof.steps.count)
    for (index, step) in proof.steps.enumerated() {
      for id in step.sequent.left + step.sequent.right + [step.principal] where !formulas.contains(id) {
        return .invalid(step: index, .formulaNotInArena(id))
      }
      for premise in step.premises {
        guard premise >= 0 && premise < index else { return .invalid(step: index, .premiseNotEarlier(premise)) }
        guard usedBy[premise] == nil else { return .invalid(step: index, .premiseReused(premise)) }
        usedBy[premise] = index
      }
      let premises = step.premises.map { proof.steps[$0].sequent }
      if let error = StepRules(formulas: formulas, definitions: system.definitions)
        .check(step.rule, step.sequent, step.principal, premises)
      {
        return .invalid(step: index, error)
      }
    }
    for index in 0..<(proof.steps.count - 1) where usedBy[index] == nil {
      return .invalid(step: index, .unusedStep)
    }
    guard root.sequent.left.isEmpty, root.sequent.right == [goal] else {
      return .invalid(step: proof.steps.count - 1, .rootIsNotGoal)
    }
    return .valid(size: proof.steps.count)
  }
}

/// The checker's reading of each rule: what the premises must be, given the conclusion and
/// the principal formula. Sides are compared as `Set`s.
private struct StepRules {
  let formulas: FormulaArena
  let definitions: [FormulaID]

  private enum Side { case left, right }

  func check(_ rule: ProofRule, _ conclusion: Sequent, _ principal: FormulaID, _ premises: [Sequent])
    -> ProofCheckError?
  {
    let left = Set(conclusion.left)
    let right = Set(conclusion.right)
    let node = formulas.node(principal)
    switch rule {
    case .axiom:
      guard left.contains(principal) && right.contains(principal) else { return .principalNotInConclusion }
      return expect(premises, [])
    case .falsumLeft:
      guard left.contains(principal) else { return .principalNotInConclusion }
      guard node == .constant(false) else { return .principalHasWrongShape }
      return expect(premises, [])
    case .verumRight:
      guard right.contains(principal) else { return .principalNotInConclusion }
      guard node == .constant(true) else { return .principalHasWrongShape }
      return expect(premises, [])
    case .notLeft:
      guard left.contains(principal) else { return .principalNotInConclusion }
      guard case .not(let body) = node else { return .principalHasWrongShape }
      return expect(premises, [(left.subtracting([principal]), right.union([body]))])
    case .notRight:
      guard right.contains(principal) else { return .principalNotInConclusion }
      guard case .not(let body) = node else { return .principalHasWrongShape }
      return expect(premises, [(left.union([body]), right.subtracting([principal]))])
    case .andLeft:
      guard left.contains(principal) else { return .principalNotInConclusion }
      guard case .and(let parts) = node else { return .principalHasWrongShape }
      return expect(premises, [(left.subtracting([principal]).union(parts), right)])
    case .andRight:
      guard right.contains(principal) else { return .principalNotInConclusion }
      guard case .and(let parts) = node else { return .principalHasWrongShape }
      let others = right.subtracting([principal])
      return expect(premises, parts.map { (left, others.union([$0])) })
    case .orLeft:
      guard left.contains(principal) else { return .principalNotInConclusion }
      guard case .or(let parts) = node else { return .principalHasWrongShape }
      let others = left.subtracting([principal])
      return expect(premises, parts.map { (others.union([$0]), right) })
    case .orRight:
      guard right.contains(principal) else { return .principalNotInConclusion }
      guard case .or(let parts) = node else { return .principalHasWrongShape }
      return expect(premises, [(left, right.subtracting([principal]).union(parts))])
    case .unfoldLeft, .unfoldRight:
      let onLeft = rule == .unfoldLeft
      guard (onLeft ? left : right).contains(principal) else { return .principalNotInConclusion }
      guard case .atom(let atom) = node, definitions.indices.contains(atom) else { return .principalHasWrongShape }
      let definition = definitions[atom]
      return onLeft
        ? expect(premises, [(left.subtracting([principal]).union([definition]), right)])
        : expect(premises, [(left, right.subtracting([principal]).union([definition]))])
    case .levelLeft, .levelRight:
      let onLeft = rule == .levelLeft
      guard (onLeft ? left : right).contains(principal) else { return .principalNotInConclusion }
      guard let expanded = levelExpansion(node) else { return .principalHasWrongShape }
      return onLeft
        ? expect(premises, [(left.subtracting([principal]).union([expanded]), right)])
        : expect(premises, [(left, right.subtracting([principal]).union([expanded]))])
    case .gl:
      guard right.contains(principal) else { return .principalNotInConclusion }
      guard case .box(level: 0, let goal) = node else { return .principalHasWrongShape }
      guard !left.contains(principal) else { return .boxAlreadyAssumed }
      var assumptions: Set<FormulaID> = [principal]
      for formula in left {
        if case .box(level: 0, let body) = formulas.node(formula) {
          assumptions.insert(formula)
          assumptions.insert(body)
        }
      }
      return expect(premises, [(assumptions, [goal])])
    }
  }

  /// `[k]A` (k ≥ 1) rewritten as □(□^k⊥ ∨ A) — the canonical form of □(¬□^k⊥ → A) — if the
  /// proof's arena holds it. Levels beyond the arena's size are refused up front: their chain
  /// □^k⊥ alone would need more nodes than the arena has.
  private func levelExpansion(_ node: FormulaNode) -> FormulaID? {
    guard case .box(let level, let body) = node, level >= 1, level <= formulas.count else { return nil }
    var scratch = formulas
    var chain = scratch.constant(false)
    for _ in 0..<level {
      chain = scratch.box(chain, level: 0)
    }
    let disjunction = scratch.or([chain, body])
    let expanded = scratch.box(disjunction, level: 0)
    return expanded.index < formulas.count ? expanded : nil
  }

  private func expect(_ premises: [Sequent], _ required: [(Set<FormulaID>, Set<FormulaID>)]) -> ProofCheckError? {
    guard premises.count == required.count else {
      return .wrongPremiseCount(expected: required.count, found: premises.count)
    }
    for (position, (premise, sides)) in zip(premises, required).enumerated()
    where Set(premise.left) != sides.0 || Set(premise.right) != sides.1 {
      return .premiseMismatch(position: position)
    }
    return nil
  }
}
