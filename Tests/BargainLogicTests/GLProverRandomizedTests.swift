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
  @Test func proverAgreesWithKripkeSolver() throws {
    var random = ProverRandomSystems(rng: ProverSplitMix64(state: 20_260_401))
    var disagreements: [String] = []
    var proved = 0
    var refuted = 0
    var totalSize = 0
    var largest = 0
    var modal = 0
    var leveled = 0
    for round in 0..<3000 {
      let base = random.system(maxAtoms: 5, maxDepth: 5)
      let solution = try KripkeSolver.solve(base)
      var arena = base.arena
      var goals: [FormulaID] = []
      let free = random.formula(&arena, depth: 1 + random.rng.below(5), lowest: 0, atomCount: base.atomCount)
      goals.append(free)
      // "PA+L proves φ" becomes the GL theorem □^L⊥ ∨ φ; one level less is a non-theorem.
      if let level = solution.level(of: free, in: arena), level > 0 {
        var chain = arena.constant(false)
        var chains = [chain]
        for _ in 0..<level {
          chain = arena.box(chain)
          chains.append(chain)
        }
        goals.append(arena.or([chains[level], free]))
        goals.append(arena.or([chains[level - 1], free]))
      }
      let atom = arena.atom(random.rng.below(base.atomCount))
      goals.append(atom)
      let system = ModalSystem(arena: arena, definitions: base.definitions)
      for goal in goals {
        let expected = solution.level(of: goal, in: arena) == 0
        switch GLProver.prove(goal, in: system, budget: 1_000_000) {
        case .proved(let proof):
          proved += 1
          if proof.steps.contains(where: { $0.rule == .gl }) { modal += 1 }
          if proof.steps.contains(where: { $0.rule == .levelRight || $0.rule == .levelLeft }) { leveled += 1 }
          totalSize += proof.size
          largest = max(largest, proof.size)
          if !expected { disagreements.append("round \(round): proved \(arena.render(goal))") }
          if ProofChecker.check(proof, proves: goal, in: system) != .valid(size: proof.size) {
            disagreements.append("round \(round): checker rejects proof of \(arena.render(goal))")
          }
        case .noProofWithinBudget:
          refuted += 1
          if expected { disagreements.append("round \(round): no proof of \(arena.render(goal))") }
        case let other:
          disagreements.append("round \(round): \(other) for \(arena.render(goal))")
        }
      }
    }
    print("modal \(modal) leveled \(leveled) proved \(proved) refuted \(refuted) total size \(totalSize) largest \(largest)")
    #expect(disagreements == [])
  }
}
