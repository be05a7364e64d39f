// GLProverRandomizedTests.swift — differential test of the prover against the Kripke solver on
// thousands of small random systems from a fixed seed: with an ample budget, a goal is proved
// exactly when it holds at every world (level 0), and every proof found passes ProofChecker.

import BargainLogic
import Testing

/// SplitMix64, the prover tests' own copy: tiny, seedable, identical on every platform.
struct ProverSplitMix64 {
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

/// Random small modal systems: unboxed references only go to higher-numbered atoms, so they
/// are well-founded by construction; boxes have level 0 (mostly), 1 or 2.
struct ProverRandomSystems {
  var rng: ProverSplitMix64

  /// `lowest` is the least atom an unboxed reference may name (atoms ≥ atomCount are none).
  mutating func formula(_ arena: inout FormulaArena, depth: Int, lowest: Int, atomCount: Int) -> FormulaID {
    let choice = depth == 0 ? rng.below(3) : rng.below(9)
    switch choice {
    case 0:
      return arena.constant(rng.below(2) == 0)
    case 1, 2:
      guard lowest < atomCount else { return arena.constant(rng.below(2) == 0) }
      return arena.atom(lowest + rng.below(atomCount - lowest))
    case 3:
      let inner = formula(&arena, depth: depth - 1, lowest: lowest, atomCount: atomCount)
      return arena.not(inner)
    case 4, 5:
      let count = 2 + rng.below(2)
      var parts: [FormulaID] = []
      for _ in 0..<count {
        parts.append(formula(&arena, depth: depth - 1, lowest: lowest, atomCount: atomCount))
      }
      return choice == 4 ? arena.and(parts) : arena.or(parts)
    default:
      let level = rng.below(4) == 0 ? 1 + rng.below(2) : 0
      let inner = formula(&arena, depth: depth - 1, lowest: 0, atomCount: atomCount)
      return arena.box(inner, level: level)
    }
  }

  mutating func system(maxAtoms: Int, maxDepth: Int) -> ModalSystem {
    var arena = FormulaArena()
    let atomCount = 1 + rng.below(maxAtoms)
    var definitions: [FormulaID] = []
    for owner in 0..<atomCount {
      definitions.append(formula(&arena, depth: 1 + rng.below(maxDepth), lowest: owner + 1, atomCount: atomCount))
    }
    return ModalSystem(arena: arena, definitions: definitions)
  }
}

@Suite struct GLProverRandomizedTests {
  /// 4,000 systems of 1–5 atoms, five kinds of goal each (a random formula; for an eventually
  /// true one, "PA+L proves it" as the GL theorem □^L⊥ ∨ φ and the non-theorem □^(L−1)⊥ ∨ φ; an
  /// atom; [k]ψ for k ∈ {0, 1, 2}; an implication between atoms). Zero disagreements, every
  /// proof accepted by the checker, and the tallies pinned so a change in behaviour shows.
  @Test func proverAgreesWithKripkeSolver() throws {
    var random = ProverRandomSystems(rng: ProverSplitMix64(state: 20_260_401))
    var disagreements: [String] = []
    var proved = 0
    var refuted = 0
    var withGLR = 0
    var withLevels = 0
    var largest = 0
    for round in 0..<4_000 {
      let base = random.system(maxAtoms: 5, maxDepth: 4)
      let solution = try KripkeSolver.solve(base)
      var arena = base.arena
      let atomCount = base.atomCount
      var goals: [FormulaID] = []
      let free = random.formula(&arena, depth: 1 + random.rng.below(4), lowest: 0, atomCount: atomCount)
      goals.append(free)
      if let level = solution.level(of: free, in: arena), level > 0 {
        var chains = [arena.constant(false)]
        for index in 0..<level {
          chains.append(arena.box(chains[index]))
        }
        goals.append(arena.or([chains[level], free]))
        goals.append(arena.or([chains[level - 1], free]))
      }
      goals.append(arena.atom(random.rng.below(atomCount)))
      let inner = random.formula(&arena, depth: 1 + random.rng.below(3), lowest: 0, atomCount: atomCount)
      goals.append(arena.box(inner, level: random.rng.below(3)))
      let premise = arena.atom(random.rng.below(atomCount))
      let conclusion = arena.atom(random.rng.below(atomCount))
      goals.append(arena.implies(premise, conclusion))

      let system = ModalSystem(arena: arena, definitions: base.definitions)
      for goal in goals {
        let expected = solution.level(of: goal, in: arena) == 0
        switch GLProver.prove(goal, in: system, budget: 1_000_000_000_000) {
        case .proved(let proof):
          proved += 1
          largest = max(largest, proof.size)
          if proof.steps.contains(where: { $0.rule == .gl }) { withGLR += 1 }
          if proof.steps.contains(where: { $0.rule == .levelLeft || $0.rule == .levelRight }) { withLevels += 1 }
          if !expected { disagreements.append("round \(round): proved \(arena.render(goal))") }
          let checked = ProofChecker.check(proof, proves: goal, in: system)
          if checked != .valid(size: proof.size) {
            disagreements.append("round \(round): checker says \(checked) for \(arena.render(goal))")
          }
        case .noProofWithinBudget:
          refuted += 1
          if expected { disagreements.append("round \(round): no proof of \(arena.render(goal))") }
        case let other:
          disagreements.append("round \(round): \(other) for \(arena.render(goal))")
        }
      }
    }
    #expect(disagreements == [])
    #expect(proved == 9_689)
    #expect(refuted == 6_619)
    #expect(withGLR == 3_404)
    #expect(withLevels == 1_886)
    #expect(largest == 68)
  }
}
