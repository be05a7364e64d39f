// GLProverExactnessTests.swift — checks that the prover's proofs have the least size the
// calculus allows, against a naive reference written straight from the rule table in
// GLProver's documentation: it tries every rule on every formula of every sequent, with no
// pruning, and memoises only exact least sizes.

import BargainLogic
import Testing

/// Least proof sizes by exhaustive recursion over the calculus (nil: gave up at `cap` sequents).
struct ReferenceProofSizes {
  var arena: FormulaArena
  let definitions: [FormulaID]
  let cap: Int
  private var memo: [Sequent: Int] = [:]
  static let unprovable = Int.max / 4

  init(_ system: ModalSystem, cap: Int) {
    arena = system.arena
    definitions = system.definitions
    self.cap = cap
  }

  /// □(¬□^k⊥ → A), in the arena's canonical form.
  mutating func expansion(level: Int, body: FormulaID) -> FormulaID {
    var chain = arena.constant(false)
    for _ in 0..<level {
      chain = arena.box(chain)
    }
    let consistent = arena.not(chain)
    let guarded = arena.implies(consistent, body)
    return arena.box(guarded)
  }

  mutating func leastSize(_ sequent: Sequent) -> Int? {
    if let known = memo[sequent] { return known }
    guard memo.count < cap else { return nil }
    let left = sequent.left
    let right = sequent.right
    let falsum = arena.constant(false)
    let verum = arena.constant(true)
    if left.contains(where: right.contains) || left.contains(falsum) || right.contains(verum) {
      memo[sequent] = 1
      return 1
    }
    var alternatives: [[Sequent]] = []
    for p in left {
      let rest = left.filter { $0 != p }
      switch arena.node(p) {
      case .constant, .box(level: 0, _): break
      case .not(let a): alternatives.append([Sequent(left: rest, right: right + [a])])
      case .and(let parts): alternatives.append([Sequent(left: rest + parts, right: right)])
      case .or(let parts): alternatives.append(parts.map { Sequent(left: rest + [$0], right: right) })
      case .atom(let i): alternatives.append([Sequent(left: rest + [definitions[i]], right: right)])
      case .box(let level, let body):
        let expanded = expansion(level: level, body: body)
        alternatives.append([Sequent(left: rest + [expanded], right: right)])
      }
    }
    for p in right {
      let rest = right.filter { $0 != p }
      switch arena.node(p) {
      case .constant: break
      case .not(let a): alternatives.append([Sequent(left: left + [a], right: rest)])
      case .and(let parts): alternatives.append(parts.map { Sequent(left: left, right: rest + [$0]) })
      case .or(let parts): alternatives.append([Sequent(left: left, right: rest + parts)])
      case .atom(let i): alternatives.append([Sequent(left: left, right: rest + [definitions[i]])])
      case .box(level: 0, let body):
        var assumptions = [p]
        for q in left {
          if case .box(level: 0, let b) = arena.node(q) {
            assumptions += [q, b]
          }
        }
        alternatives.append([Sequent(left: assumptions, right: [body])])
      case .box(let level, let body):
        let expanded = expansion(level: level, body: body)
        alternatives.append([Sequent(left: left, right: rest + [expanded])])
      }
    }
    var best = Self.unprovable
    for premises in alternatives {
      var total = 1
      for premise in premises {
        guard let size = leastSize(premise) else { return nil }
        total = min(total + size, Self.unprovable)
      }
      best = min(best, total)
    }
    memo[sequent] = best
    return best
  }
}

@Suite struct GLProverExactnessTests {
  /// The hand-worked examples' sizes are the least the calculus allows.
  @Test func exampleSizesAreLeast() throws {
    let (fairBots, ff) = fairBotSelfPlay()
    let (prudentBots, pp) = prudentBotSelfPlay()
    var fairOne = ProverFixture(["AB", "BA"])
    let ab = fairOne.atom("AB")
    let ba = fairOne.atom("BA")
    fairOne.definitions = [fairOne.arena.box(ba, level: 1), fairOne.arena.box(ab, level: 1)]
    for (system, goal, least) in [(fairBots, ff, 4), (prudentBots, pp, 24), (fairOne.system, ab, 11)] {
      var reference = ReferenceProofSizes(system, cap: 2_000_000)
      #expect(reference.leastSize(Sequent(proving: goal)) == least)
      #expect(prove(goal, in: system) == .proved(size: least))
    }
  }

  /// Random small systems and goals: the prover's size is the reference's least size, and
  /// the prover finds nothing exactly when the reference finds no proof at all.
  @Test func randomGoalsGetLeastProofs() throws {
    var random = ProverRandomSystems(rng: ProverSplitMix64(state: 0x5EED_0002))
    var compared = 0
    var proved = 0
    var skipped = 0
    var mismatches: [String] = []
    for round in 0..<600 {
      let base = random.system(maxAtoms: 4, maxDepth: 4)
      var arena = base.arena
      let goal = random.formula(&arena, depth: 1 + random.rng.below(4), lowest: 0, atomCount: base.atomCount)
      let system = ModalSystem(arena: arena, definitions: base.definitions)
      var reference = ReferenceProofSizes(system, cap: 20_000)
      guard let least = reference.leastSize(Sequent(proving: goal)) else {
        skipped += 1
        continue
      }
      compared += 1
      let expected: ProverAnswer = least == ReferenceProofSizes.unprovable ? .noProof : .proved(size: least)
      if expected != .noProof { proved += 1 }
      let answer = prove(goal, in: system)
      if answer != expected {
        mismatches.append("round \(round): \(arena.render(goal)): prover \(answer), reference \(expected)")
      }
    }
    #expect(mismatches == [])
    // Every goal fits the reference's cap; 303 of the 600 are provable.
    #expect(compared == 600)
    #expect(skipped == 0)
    #expect(proved == 303)
  }
}
