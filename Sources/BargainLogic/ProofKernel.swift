// ProofKernel.swift — owns `Theorem` and the trusted core: the only code that can create a
// Theorem is the primitive rule functions of `ProofKernel` below, each of which checks its side
// conditions against the system's equations and returns nil when they fail. Proof search lives
// elsewhere and can only ask this file to conclude; `ProofChecker` re-verifies independently.
//
// Kept deliberately plain (linear scans, no caches): it runs once per step of a found proof, so
// clarity is worth more here than speed.

/// Distinguishes kernels, so a theorem proved from one system's equations can never be used as
/// a premise under another system's.
private final class KernelIdentity: Sendable {}

/// A sequent proved from the equations of one system, with its proof. Only `ProofKernel`'s
/// rule functions create theorems: the memberwise initializer is fileprivate (as `identity`
/// is), and there is no other.
public struct Theorem: Sendable {
  public let sequent: Sequent
  /// A tree whose root proves `sequent`; premises first, root last.
  public let proof: Proof
  fileprivate let identity: KernelIdentity
}

/// The rules of the GL sequent calculus over one system's equations (global axioms
/// aᵢ ↔ Fᵢ). Every rule function takes the intended conclusion, its principal formula and the
/// premise theorems, and returns the concluded theorem only if the premises are exactly those
/// the rule requires for that conclusion and principal.
public struct ProofKernel: Sendable {
  /// The formulas theorems may mention: the system's arena or an extension of it.
  public let arena: FormulaArena
  /// The equations: atom i ↔ definitions[i].
  public let definitions: [FormulaID]
  private let identity = KernelIdentity()

  /// A kernel for `system` whose formulas live in `arena`, which must extend the system's arena
  /// node for node (the [k] rules need their expansions in it). Nil if it does not, or if a
  /// definition is not a formula of the system.
  public init?(system: ModalSystem, arena: FormulaArena) {
    guard arena.count >= system.arena.count else { return nil }
    for id in system.arena.ids where arena.node(id) != system.arena.node(id) {
      return nil
    }
    for definition in system.definitions where !system.arena.contains(definition) {
      return nil
    }
    self.arena = arena
    self.definitions = system.definitions
  }

  // MARK: Rules without premises

  /// axiom: Γ, P ⇒ P, Δ.
  public func axiom(_ conclusion: Sequent, on shared: FormulaID) -> Theorem? {
    guard wellFormed(conclusion), conclusion.left.contains(shared), conclusion.right.contains(shared) else {
      return nil
    }
    return conclude(.axiom, conclusion, shared, from: [])
  }

  /// ⊥L: Γ, ⊥ ⇒ Δ.
  public func falsumLeft(_ conclusion: Sequent, on falsum: FormulaID) -> Theorem? {
    guard wellFormed(conclusion), conclusion.left.contains(falsum), arena.node(falsum) == .constant(false) else {
      return nil
    }
    return conclude(.falsumLeft, conclusion, falsum, from: [])
  }

  /// ⊤R: Γ ⇒ ⊤, Δ.
  public func verumRight(_ conclusion: Sequent, on verum: FormulaID) -> Theorem? {
    guard wellFormed(conclusion), conclusion.right.contains(verum), arena.node(verum) == .constant(true) else {
      return nil
    }
    return conclude(.verumRight, conclusion, verum, from: [])
  }

  // MARK: Propositional rules

  /// ¬L: Γ, ¬A ⇒ Δ from Γ ⇒ A, Δ.
  public func notLeft(_ conclusion: Sequent, on principal: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.left.contains(principal),
      case .not(let body) = arena.node(principal)
    else { return nil }
    let required = Sequent(left: removing(principal, from: conclusion.left), right: conclusion.right + [body])
    return conclude(.notLeft, conclusion, principal, from: [premise], requiring: [required])
  }

  /// ¬R: Γ ⇒ ¬A, Δ from Γ, A ⇒ Δ.
  public func notRight(_ conclusion: Sequent, on principal: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.right.contains(principal),
      case .not(let body) = arena.node(principal)
    else { return nil }
    let required = Sequent(left: conclusion.left + [body], right: removing(principal, from: conclusion.right))
    return conclude(.notRight, conclusion, principal, from: [premise], requiring: [required])
  }

  /// ∧L: Γ, A₁ ∧ … ∧ Aₙ ⇒ Δ from Γ, A₁, …, Aₙ ⇒ Δ.
  public func andLeft(_ conclusion: Sequent, on principal: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.left.contains(principal),
      case .and(let parts) = arena.node(principal)
    else { return nil }
    let required = Sequent(left: removing(principal, from: conclusion.left) + parts, right: conclusion.right)
    return conclude(.andLeft, conclusion, principal, from: [premise], requiring: [required])
  }

  /// ∧R: Γ ⇒ A₁ ∧ … ∧ Aₙ, Δ from Γ ⇒ Aᵢ, Δ for i = 1 … n, in the conjunction's stored order.
  public func andRight(_ conclusion: Sequent, on principal: FormulaID, from premises: [Theorem]) -> Theorem? {
    guard wellFormed(conclusion), conclusion.right.contains(principal),
      case .and(let parts) = arena.node(principal)
    else { return nil }
    let rest = removing(principal, from: conclusion.right)
    let required = parts.map { Sequent(left: conclusion.left, right: rest + [$0]) }
    return conclude(.andRight, conclusion, principal, from: premises, requiring: required)
  }

  /// ∨L: Γ, A₁ ∨ … ∨ Aₙ ⇒ Δ from Γ, Aᵢ ⇒ Δ for i = 1 … n, in the disjunction's stored order.
  public func orLeft(_ conclusion: Sequent, on principal: FormulaID, from premises: [Theorem]) -> Theorem? {
    guard wellFormed(conclusion), conclusion.left.contains(principal),
      case .or(let parts) = arena.node(principal)
    else { return nil }
    let rest = removing(principal, from: conclusion.left)
    let required = parts.map { Sequent(left: rest + [$0], right: conclusion.right) }
    return conclude(.orLeft, conclusion, principal, from: premises, requiring: required)
  }

  /// ∨R: Γ ⇒ A₁ ∨ … ∨ Aₙ, Δ from Γ ⇒ A₁, …, Aₙ, Δ.
  public func orRight(_ conclusion: Sequent, on principal: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.right.contains(principal),
      case .or(let parts) = arena.node(principal)
    else { return nil }
    let required = Sequent(left: conclusion.left, right: removing(principal, from: conclusion.right) + parts)
    return conclude(.orRight, conclusion, principal, from: [premise], requiring: [required])
  }

  // MARK: Equations

  /// unfold-L: Γ, aᵢ ⇒ Δ from Γ, Fᵢ ⇒ Δ (sound: aᵢ ↔ Fᵢ holds at every world).
  public func unfoldLeft(_ conclusion: Sequent, on atom: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.left.contains(atom), let definition = definition(of: atom) else {
      return nil
    }
    let required = Sequent(left: removing(atom, from: conclusion.left) + [definition], right: conclusion.right)
    return conclude(.unfoldLeft, conclusion, atom, from: [premise], requiring: [required])
  }

  /// unfold-R: Γ ⇒ aᵢ, Δ from Γ ⇒ Fᵢ, Δ.
  public func unfoldRight(_ conclusion: Sequent, on atom: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.right.contains(atom), let definition = definition(of: atom) else {
      return nil
    }
    let required = Sequent(left: conclusion.left, right: removing(atom, from: conclusion.right) + [definition])
    return conclude(.unfoldRight, conclusion, atom, from: [premise], requiring: [required])
  }

  // MARK: Modal rules

  /// [k]L: Γ, [k]A ⇒ Δ from Γ, □(¬□^k⊥ → A) ⇒ Δ, for k ≥ 1 (the definition of [k]).
  public func levelLeft(_ conclusion: Sequent, on principal: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.left.contains(principal), let expanded = expansion(of: principal) else {
      return nil
    }
    let required = Sequent(left: removing(principal, from: conclusion.left) + [expanded], right: conclusion.right)
    return conclude(.levelLeft, conclusion, principal, from: [premise], requiring: [required])
  }

  /// [k]R: Γ ⇒ [k]A, Δ from Γ ⇒ □(¬□^k⊥ → A), Δ, for k ≥ 1.
  public func levelRight(_ conclusion: Sequent, on principal: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.right.contains(principal), let expanded = expansion(of: principal) else {
      return nil
    }
    let required = Sequent(left: conclusion.left, right: removing(principal, from: conclusion.right) + [expanded])
    return conclude(.levelRight, conclusion, principal, from: [premise], requiring: [required])
  }

  /// GLR: Σ, □B₁, …, □Bₘ ⇒ □A, Δ from B₁, …, Bₘ, □B₁, …, □Bₘ, □A ⇒ A, where □B₁ … □Bₘ
  /// are all the plain (level 0) boxes on the left and □A is not one of them. Löb's axiom
  /// lives in the extra □A on the left of the premise.
  public func gl(_ conclusion: Sequent, on principal: FormulaID, from premise: Theorem) -> Theorem? {
    guard wellFormed(conclusion), conclusion.right.contains(principal), !conclusion.left.contains(principal),
      case .box(level: 0, let goal) = arena.node(principal)
    else { return nil }
    var left: [FormulaID] = [principal]
    for formula in conclusion.left {
      if case .box(level: 0, let body) = arena.node(formula) {
        left.append(formula)
        left.append(body)
      }
    }
    let required = Sequent(left: left, right: [goal])
    return conclude(.gl, conclusion, principal, from: [premise], requiring: [required])
  }

  /// Applies `rule` by name: the same checks as the rule's own function. Rules without premises
  /// require `premises` to be empty, one-premise rules exactly one.
  public func infer(
    _ rule: ProofRule,
    _ conclusion: Sequent,
    on principal: FormulaID,
    from premises: [Theorem]
  ) -> Theorem? {
    let only = premises.count == 1 ? premises.first : nil
    switch rule {
    case .axiom: return premises.isEmpty ? axiom(conclusion, on: principal) : nil
    case .falsumLeft: return premises.isEmpty ? falsumLeft(conclusion, on: principal) : nil
    case .verumRight: return premises.isEmpty ? verumRight(conclusion, on: principal) : nil
    case .notLeft: return only.flatMap { notLeft(conclusion, on: principal, from: $0) }
    case .notRight: return only.flatMap { notRight(conclusion, on: principal, from: $0) }
    case .andLeft: return only.flatMap { andLeft(conclusion, on: principal, from: $0) }
    case .andRight: return andRight(conclusion, on: principal, from: premises)
    case .orLeft: return orLeft(conclusion, on: principal, from: premises)
    case .orRight: return only.flatMap { orRight(conclusion, on: principal, from: $0) }
    case .unfoldLeft: return only.flatMap { unfoldLeft(conclusion, on: principal, from: $0) }
    case .unfoldRight: return only.flatMap { unfoldRight(conclusion, on: principal, from: $0) }
    case .levelLeft: return only.flatMap { levelLeft(conclusion, on: principal, from: $0) }
    case .levelRight: return only.flatMap { levelRight(conclusion, on: principal, from: $0) }
    case .gl: return only.flatMap { gl(conclusion, on: principal, from: $0) }
    }
  }

  // MARK: Checks

  private func wellFormed(_ sequent: Sequent) -> Bool {
    sequent.left.allSatisfy(arena.contains) && sequent.right.allSatisfy(arena.contains)
  }

  private func removing(_ formula: FormulaID, from side: [FormulaID]) -> [FormulaID] {
    side.filter { $0 != formula }
  }

  private func definition(of atom: FormulaID) -> FormulaID? {
    guard case .atom(let index) = arena.node(atom), index >= 0, index < definitions.count else { return nil }
    return definitions[index]
  }

  /// □(¬□^k⊥ → A) for `[k]A` with k ≥ 1, if the arena already holds it. A chain □^k⊥ has
  /// k + 1 distinct nodes, so a level beyond the arena's size cannot have its expansion there,
  /// and is refused before any work proportional to k.
  private func expansion(of formula: FormulaID) -> FormulaID? {
    guard case .box(let level, let body) = arena.node(formula), level >= 1, level < arena.count else {
      return nil
    }
    var scratch = arena
    var chain = scratch.constant(false)
    for _ in 0..<level {
      chain = scratch.box(chain)
    }
    let consistent = scratch.not(chain)
    let guarded = scratch.implies(consistent, body)
    let expanded = scratch.box(guarded)
    // Anything interned just now is not a formula theorems can mention.
    return scratch.count == arena.count ? expanded : nil
  }

  /// The theorem `conclusion` if the premises are this kernel's theorems of exactly the
  /// `required` sequents, in order.
  private func conclude(
    _ rule: ProofRule,
    _ conclusion: Sequent,
    _ principal: FormulaID,
    from premises: [Theorem],
    requiring required: [Sequent] = []
  ) -> Theorem? {
    guard premises.count == required.count else { return nil }
    for (premise, sequent) in zip(premises, required) {
      guard premise.identity === identity, premise.sequent == sequent else { return nil }
    }
    var steps: [ProofStep] = []
    var roots: [Int] = []
    for premise in premises {
      let offset = steps.count
      for step in premise.proof.steps {
        var moved = step
        moved.premises = step.premises.map { $0 + offset }
        steps.append(moved)
      }
      roots.append(steps.count - 1)
    }
    steps.append(ProofStep(rule: rule, sequent: conclusion, principal: principal, premises: roots))
    return Theorem(sequent: conclusion, proof: Proof(arena: arena, steps: steps), identity: identity)
  }
}
