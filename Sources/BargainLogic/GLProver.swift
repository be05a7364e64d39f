// GLProver.swift — owns the public face of bounded proof search: the calculus and its size
// measure (specified below), the resource bounds `ProverLimits`, the outcomes, and
// `GLProver.prove`. The search itself is in ProofSearch.swift; theorems come only from
// ProofKernel.swift.

/// Resource bounds for one proof search. Running into one is the outcome `.limitReached`,
/// never a crash or a hang; the same limits apply in debug and release builds.
public struct ProverLimits: Sendable, Equatable {
  /// Most distinct formulas the search may work with: the goal, every definition reachable from
  /// it, and the [k] expansions (a [k] box adds up to k + 3 nodes). The search tables are indexed by
  /// these formulas, and so is their Kripke table (a closure within 10_000 always fits the
  /// solver's world limit; one that does not, under a raised limit, stops here too); 10_000 is far
  /// beyond compiled matchups (tens to hundreds) and keeps a 100_000-node hostile goal out
  /// before any search.
  public var maxFormulaSize: Int
  /// Most formulas in one sequent. Building, hashing and storing a sequent costs time and memory
  /// in proportion to its size, so this caps the cost of one search node; sequents of real
  /// matchups hold tens of formulas.
  public var maxSequentSize: Int
  /// Most distinct sequents the search may hold (every premise it meets, each counted once:
  /// meeting it again is a table lookup). This is the time and memory bound: each costs work and
  /// table space in proportion to its ≤ maxSequentSize items, so 200_000 means under a second in
  /// a release build (several in debug) and at most about 150 MB of tables (a few MB typically).
  public var maxSearchNodes: Int
  /// Longest branch, in inferences from the root to a leaf, the search may follow. It recurses
  /// once per inference on a branch (dropping a formula is no inference and no recursion: a
  /// chain of drops is searched in one frame), so this is its stack depth: 500 frames fit comfortably in
  /// the thread stacks of tests and tools even in debug builds, while proofs of real matchups
  /// have branches of tens. (Nested GLR steps meet `maxSequentSize` first: each adds a box to
  /// the left.)
  public var maxProofDepth: Int

  public init(
    maxFormulaSize: Int = 10_000,
    maxSequentSize: Int = 128,
    maxSearchNodes: Int = 200_000,
    maxProofDepth: Int = 500
  ) {
    self.maxFormulaSize = maxFormulaSize
    self.maxSequentSize = maxSequentSize
    self.maxSearchNodes = maxSearchNodes
    self.maxProofDepth = maxProofDepth
  }

  public static let standard = ProverLimits()
}

/// Names the limit a search ran into; the raw value is the field of `ProverLimits`.
public enum ProverLimit: String, Sendable, Equatable, CaseIterable {
  case maxFormulaSize
  case maxSequentSize
  case maxSearchNodes
  case maxProofDepth

  public var name: String { rawValue }
}

/// Inputs the prover refuses: the calculus needs well-founded unboxed references (otherwise
/// unfolding loops and the equations need not have a unique solution).
public enum ProverInputError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The goal is not a formula of the system's arena.
  case goalNotInArena
  /// A formula reachable from the goal mentions an atom with no definition.
  case undefinedAtom(Int)
  /// `definitions[atom]` is not a formula of the system's arena.
  case invalidDefinition(atom: Int)
  /// Atoms along a cycle of unboxed references reachable from the goal, from its smallest atom.
  case unguardedCycle([Int])

  public var description: String {
    switch self {
    case .goalNotInArena: return "the goal is not a formula of the system's arena"
    case .undefinedAtom(let atom): return "atom a\(atom) is used but has no definition"
    case .invalidDefinition(let atom): return "definition of atom a\(atom) is not a formula of the system's arena"
    case .unguardedCycle(let atoms):
      return "unguarded cycle through atoms " + atoms.map { "a\($0)" }.joined(separator: " → ")
    }
  }
}

public enum ProofSearchOutcome: Sendable {
  /// A proof of least size, which is ≤ the budget; re-checkable with `ProofChecker`.
  case proved(Proof)
  /// No proof of size ≤ budget exists in the calculus (for a non-theorem, none of any size).
  /// `explored` counts the sequents built to establish it (the measure `maxSearchNodes` caps).
  case noProofWithinBudget(explored: Int)
  /// The search stopped at a resource bound before it could answer.
  case limitReached(ProverLimit)
  case invalidInput(ProverInputError)
  /// The kernel refused a step the search proposed (nil: refused the system's arena) — a bug
  /// in the search, reported instead of trusted; the tests assert it never happens.
  case kernelRejected(ProofRule?)
}

/// Bounded proof search in GL over a system's equations.
///
/// **Theory.** GL over the atoms, with every equation aᵢ ↔ Fᵢ of the system as a global axiom
/// (true at every world, so also boxed). `[k]A` abbreviates □(¬□^k⊥ → A). Because unboxed
/// references are well-founded, every atom is equivalent to a letterless sentence, so the theory
/// proves φ exactly when φ holds at every world of the system's linear Kripke sequence
/// (`KripkeSolution.level(of:in:) == 0`).
///
/// **Calculus.** Sequents Γ ⇒ Δ over finite sets of formulas. Each inference names a rule and a
/// principal formula P of its conclusion, and the premises are determined by both (Γ − P means
/// Γ without P):
///
/// | rule | conclusion | premises |
/// | --- | --- | --- |
/// | axiom | Γ ⇒ Δ with P ∈ Γ ∩ Δ | none |
/// | ⊥L | Γ ⇒ Δ with P = ⊥ ∈ Γ | none |
/// | ⊤R | Γ ⇒ Δ with P = ⊤ ∈ Δ | none |
/// | ¬L | P = ¬A ∈ Γ | Γ − P ⇒ Δ, A |
/// | ¬R | P = ¬A ∈ Δ | Γ, A ⇒ Δ − P |
/// | ∧L | P = A₁ ∧ … ∧ Aₙ ∈ Γ | Γ − P, A₁, …, Aₙ ⇒ Δ |
/// | ∧R | P = A₁ ∧ … ∧ Aₙ ∈ Δ | Γ ⇒ Δ − P, Aᵢ for each i |
/// | ∨L | P = A₁ ∨ … ∨ Aₙ ∈ Γ | Γ − P, Aᵢ ⇒ Δ for each i |
/// | ∨R | P = A₁ ∨ … ∨ Aₙ ∈ Δ | Γ ⇒ Δ − P, A₁, …, Aₙ |
/// | unfold-L | P = aᵢ ∈ Γ | Γ − P, Fᵢ ⇒ Δ |
/// | unfold-R | P = aᵢ ∈ Δ | Γ ⇒ Δ − P, Fᵢ |
/// | [k]L | P = [k]A ∈ Γ, k ≥ 1 | Γ − P, □(¬□^k⊥ → A) ⇒ Δ |
/// | [k]R | P = [k]A ∈ Δ, k ≥ 1 | Γ ⇒ Δ − P, □(¬□^k⊥ → A) |
/// | GLR | P = □A ∈ Δ, P ∉ Γ | B and □B for every □B ∈ Γ (level 0), and □A ⇒ A |
///
/// Formulas are the arena's canonical ones (n-ary ∧/∨, double negation folded; the [k] expansion
/// is the arena's canonical □(□^k⊥ ∨ A)). The calculus is cut-free, sound for the theory, and
/// complete: every rule but GLR is invertible, and a sequent where none applies and no GLR
/// premise is provable yields a finite countermodel.
///
/// **Size.** The size of a proof is the number of inferences in its tree, axioms (⊥L, ⊤R)
/// included: size(leaf) = 1, size(node) = 1 + Σ size(premises). "Provable within N" means a
/// proof of size ≤ N exists; `prove(_:in:budget:)` answers it exactly and returns a proof of
/// least size.
///
/// **Search.** The Kripke solution of the goal's closure (`SequentValidity`) says at once
/// whether a sequent has any proof: exactly when it holds at every world. So a non-theorem gets
/// `.noProofWithinBudget` at every budget without search, and a move with an unprovable premise
/// is never tried. Then iterative deepening on the size bound, with memoised branch and bound
/// over sequents (each distinct sequent is met once and keeps its moves, its least size or a
/// lower bound), finds the least size. Where a one-premise move is needed (the sequent without
/// its principal does not hold) and its principal can never close an axiom, it is the only move
/// tried: some least proof starts with it; where such a principal is not needed, the only two
/// moves tried are that one and dropping it (weakening: a proof of the rest, with the
/// principal added back below its GLRs, at the same size). Each sequent starts from a lower
/// bound: one inference for every needed item that no axiom can close, and a leaf for every
/// further branch those inferences open (the arguments are on `ProofSearch.planned` and
/// `ProofSearch.analyse`). A run
/// with budget N repeats the rounds of every smaller budget first, so outcomes are monotone in N,
/// and every budget ≥ the least size returns the same proof. Time and memory are bounded by
/// `ProverLimits`, never by the budget alone; a search that stops at one reports
/// `.limitReached`, never "no proof".
public enum GLProver {
  /// Searches a proof of `goal` (a formula of `system.arena`) from the system's equations, of
  /// size ≤ `budget`; the proof found has the least size possible.
  ///
  /// Formulas reachable from the goal must have well-founded unboxed references. Budgets < 1
  /// find nothing; any budget is accepted (time and memory are bounded by `limits`).
  public static func prove(
    _ goal: FormulaID,
    in system: ModalSystem,
    budget: Int,
    limits: ProverLimits = .standard
  ) -> ProofSearchOutcome {
    var work = 0
    return prove(goal, in: system, budget: budget, limits: limits, work: &work)
  }

  /// What one search explored, in formulas: a sequent visited weighs this many. Measured on a
  /// release build, a closure costs about 1.5 µs a formula to build and solve, and the search
  /// about 15 µs a sequent (`maxSearchNodes` of them take about 3 s).
  public static let workPerSequent = 10

  /// The same, also setting `work` to what the search cost: the formulas of the goal's closure
  /// (built and solved before the first step) plus `workPerSequent` for each sequent explored,
  /// so that a caller that runs many searches can bound their sum.
  public static func prove(
    _ goal: FormulaID,
    in system: ModalSystem,
    budget: Int,
    limits: ProverLimits = .standard,
    work: inout Int
  ) -> ProofSearchOutcome {
    work = 0
    let closure: SearchClosure
    switch SearchClosure.build(goal: goal, system: system, limits: limits) {
    case .success(let built): closure = built
    case .failure(.input(let error)): return .invalidInput(error)
    case .failure(.limit(let limit)): return .limitReached(limit)
    }
    work = closure.formulas.count
    guard budget >= 1 else { return .noProofWithinBudget(explored: 0) }
    guard let validity = SequentValidity.build(closure: closure, system: system) else {
      return .limitReached(.maxFormulaSize)
    }
    var search = ProofSearch(closure: closure, limits: limits, validity: validity)
    defer { work = closure.formulas.count + workPerSequent * search.explored }
    guard let root = search.node(closure.rootItems.items) else {
      return .limitReached(search.stopped ?? .maxSearchNodes)
    }
    guard search.holds(root) else { return .noProofWithinBudget(explored: search.explored) }

    // Iterative deepening: each round either finds the least size (≤ bound) or raises the
    // root's lower bound past `bound`, so the rounds only depend on the budget through the stop.
    var bound = 1
    while bound <= budget {
      if search.minimalSize(root, bound: bound, depth: 1) != nil {
        guard let kernel = ProofKernel(system: system, arena: closure.arena) else {
          return .kernelRejected(nil)
        }
        switch search.theorem(for: root, kernel: kernel) {
        case .success(let theorem): return .proved(theorem.proof)
        case .failure(let refusal): return .kernelRejected(refusal.rule)
        }
      }
      if let limit = search.stopped { return .limitReached(limit) }
      let raised = search.lowerBound(root)
      bound = raised > bound ? raised : bound + 1
    }
    return .noProofWithinBudget(explored: search.explored)
  }
}
