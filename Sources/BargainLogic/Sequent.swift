// Sequent.swift — owns the proof format shared by the kernel, the search, the checker and the
// renderers: `Sequent` (Γ ⇒ Δ over sets of formulas), the named rules of the GL sequent
// calculus `ProofRule`, and a proof as plain data, `ProofStep` and `Proof`.
//
// A `Proof` is untrusted data (anyone can build or edit one); only a `Theorem` from the kernel
// is trusted, and `ProofChecker` re-verifies any `Proof` on its own.

/// Γ ⇒ Δ: the conjunction of `left` implies the disjunction of `right`.
///
/// Both sides are sets, stored sorted by id without repeats, so two sequents with the same
/// formulas on each side are equal.
public struct Sequent: Hashable, Sendable {
  public let left: [FormulaID]
  public let right: [FormulaID]

  /// Sorts and removes repeats; the order and multiplicity of the arguments do not matter.
  public init(left: [FormulaID], right: [FormulaID]) {
    self.left = Sequent.normalized(left)
    self.right = Sequent.normalized(right)
  }

  /// The sequent ⇒ goal.
  public init(proving goal: FormulaID) {
    self.init(left: [], right: [goal])
  }

  /// Number of formulas on both sides.
  public var count: Int { left.count + right.count }

  private static func normalized(_ formulas: [FormulaID]) -> [FormulaID] {
    var sorted = formulas.sorted()
    var kept = 0
    for index in sorted.indices where kept == 0 || sorted[kept - 1] != sorted[index] {
      sorted[kept] = sorted[index]
      kept += 1
    }
    sorted.removeLast(sorted.count - kept)
    return sorted
  }
}

/// The rules of the calculus (specified in full on `GLProver`). Every rule acts on one principal
/// formula of its conclusion, and its premises are determined by the conclusion and the
/// principal. The raw value is the name printed in proofs.
public enum ProofRule: String, CaseIterable, Sendable, Codable {
  /// Γ, P ⇒ P, Δ. No premises.
  case axiom = "axiom"
  /// Γ, ⊥ ⇒ Δ. No premises.
  case falsumLeft = "⊥L"
  /// Γ ⇒ ⊤, Δ. No premises.
  case verumRight = "⊤R"
  /// Γ, ¬A ⇒ Δ from Γ ⇒ A, Δ.
  case notLeft = "¬L"
  /// Γ ⇒ ¬A, Δ from Γ, A ⇒ Δ.
  case notRight = "¬R"
  /// Γ, A₁ ∧ … ∧ Aₙ ⇒ Δ from Γ, A₁, …, Aₙ ⇒ Δ.
  case andLeft = "∧L"
  /// Γ ⇒ A₁ ∧ … ∧ Aₙ, Δ from Γ ⇒ Aᵢ, Δ for each i.
  case andRight = "∧R"
  /// Γ, A₁ ∨ … ∨ Aₙ ⇒ Δ from Γ, Aᵢ ⇒ Δ for each i.
  case orLeft = "∨L"
  /// Γ ⇒ A₁ ∨ … ∨ Aₙ, Δ from Γ ⇒ A₁, …, Aₙ, Δ.
  case orRight = "∨R"
  /// Γ, aᵢ ⇒ Δ from Γ, Fᵢ ⇒ Δ, where aᵢ ↔ Fᵢ is an equation of the system.
  case unfoldLeft = "unfold-L"
  /// Γ ⇒ aᵢ, Δ from Γ ⇒ Fᵢ, Δ.
  case unfoldRight = "unfold-R"
  /// Γ, [k]A ⇒ Δ from Γ, □(¬□^k⊥ → A) ⇒ Δ (k ≥ 1; the arena's canonical form of the box).
  case levelLeft = "[k]L"
  /// Γ ⇒ [k]A, Δ from Γ ⇒ □(¬□^k⊥ → A), Δ.
  case levelRight = "[k]R"
  /// Σ, □B₁, …, □Bₘ ⇒ □A, Δ from B₁, …, Bₘ, □B₁, …, □Bₘ, □A ⇒ A, where □B₁ … □Bₘ are all
  /// the plain boxes on the left and □A is not among them.
  case gl = "GLR"

  /// The name printed in proofs, e.g. "unfold-L".
  public var name: String { rawValue }
}

/// One inference: `sequent` follows by `rule` acting on `principal` from the steps `premises`.
public struct ProofStep: Hashable, Sendable {
  public var rule: ProofRule
  /// The conclusion of this step.
  public var sequent: Sequent
  /// The formula the rule acts on: the shared formula of an axiom, ⊥ for ⊥L, ⊤ for ⊤R, the
  /// atom for unfold-L/R (its definition is the system's), the boxed goal □A for GLR.
  public var principal: FormulaID
  /// Indices into `Proof.steps` of the premises, in the rule's order, each below this step's.
  public var premises: [Int]

  public init(rule: ProofRule, sequent: Sequent, principal: FormulaID, premises: [Int]) {
    self.rule = rule
    self.sequent = sequent
    self.principal = principal
    self.premises = premises
  }
}

/// A proof tree written as a list: premises come before the steps that use them, every step
/// but the last is the premise of exactly one later step, and the last step is the root.
/// Its size — the number of inferences, axioms included — is `steps.count`.
public struct Proof: Sendable {
  /// Formulas the steps mention: the system's arena, possibly extended with the [k]
  /// expansions the proof needs (arenas are append-only, so the system's ids keep their meaning).
  public var arena: FormulaArena
  public var steps: [ProofStep]

  public init(arena: FormulaArena, steps: [ProofStep]) {
    self.arena = arena
    self.steps = steps
  }

  /// Number of inferences in the tree, the measure that proof budgets bound.
  public var size: Int { steps.count }

  /// The sequent proved by the root step.
  public var conclusion: Sequent? { steps.last?.sequent }
}
