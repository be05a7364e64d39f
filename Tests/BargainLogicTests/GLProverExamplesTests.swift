// GLProverExamplesTests.swift — the prover on hand-worked matchups from Barasz et al. (FairBot,
// CooperateBot, DefectBot, PrudentBot, FairBot_1): exact outcomes and least proof sizes, each
// proof re-checked by ProofChecker and each answer compared with the Kripke solver; budget
// monotonicity; and the rendered text of a proof.

import BargainLogic
import Testing

/// A system under construction with named atoms, for the prover tests.
struct ProverFixture {
  var arena = FormulaArena()
  let names: [String]
  var definitions: [FormulaID]

  init(_ names: [String]) {
    self.names = names
    definitions = []
  }

  mutating func atom(_ name: String) -> FormulaID {
    arena.atom(names.firstIndex(of: name) ?? names.count)
  }

  var system: ModalSystem { ModalSystem(arena: arena, definitions: definitions) }
}

/// What a prove call should return, in a form `#expect` can compare.
enum ProverAnswer: Equatable {
  case proved(size: Int)
  case noProof
  case limit(ProverLimit)
  case other(String)
}

/// Proves `goal`, re-checks any proof with ProofChecker (recording an issue if it is rejected),
/// and returns the answer.
func prove(
  _ goal: FormulaID, in system: ModalSystem, budget: Int = 1_000_000,
  limits: ProverLimits = .standard
) -> ProverAnswer {
  switch GLProver.prove(goal, in: system, budget: budget, limits: limits) {
  case .proved(let proof):
    let checked = ProofChecker.check(proof, proves: goal, in: system)
    #expect(checked == .valid(size: proof.size))
    return .proved(size: proof.size)
  case .noProofWithinBudget:
    return .noProof
  case .limitReached(let limit):
    return .limit(limit)
  case .invalidInput(let error):
    return .other("invalid input: \(error)")
  case .kernelRejected(let rule):
    return .other("kernel rejected \(rule?.name ?? "the arena")")
  }
}

/// The proof itself (nil unless proved), re-checked.
func proof(of goal: FormulaID, in system: ModalSystem, budget: Int = 1_000_000) -> Proof? {
  guard case .proved(let proof) = GLProver.prove(goal, in: system, budget: budget) else { return nil }
  #expect(ProofChecker.check(proof, proves: goal, in: system) == .valid(size: proof.size))
  return proof
}

/// Whether the Kripke solver says `goal` holds at every world (the theory proves it).
func holdsEverywhere(_ goal: FormulaID, in system: ModalSystem) throws -> Bool {
  try KripkeSolver.solve(system).level(of: goal, in: system.arena) == 0
}

/// FairBot vs FairBot: FF ↔ □FF.
func fairBotSelfPlay() -> (ModalSystem, FormulaID) {
  var s = ProverFixture(["FF"])
  let ff = s.atom("FF")
  s.definitions = [s.arena.box(ff)]
  return (s.system, ff)
}

/// PrudentBot vs PrudentBot: PP ↔ □PP ∧ [1]¬PD, PD ↔ □DP ∧ [1]¬DD, DP ↔ ⊥, DD ↔ ⊥.
func prudentBotSelfPlay() -> (ModalSystem, FormulaID) {
  var s = ProverFixture(["PP", "PD", "DP", "DD"])
  let pp = s.atom("PP")
  let pd = s.atom("PD")
  let dp = s.atom("DP")
  let dd = s.atom("DD")
  let boxPP = s.arena.box(pp)
  let notPD = s.arena.not(pd)
  let levelNotPD = s.arena.box(notPD, level: 1)
  let boxDP = s.arena.box(dp)
  let notDD = s.arena.not(dd)
  let levelNotDD = s.arena.box(notDD, level: 1)
  let falsum = s.arena.constant(false)
  s.definitions = [s.arena.and([boxPP, levelNotPD]), s.arena.and([boxDP, levelNotDD]), falsum, falsum]
  return (s.system, pp)
}

@Suite struct GLProverExamplesTests {
  @Test func fairBotCooperatesWithFairBot() throws {
    let (system, ff) = fairBotSelfPlay()
    #expect(prove(ff, in: system) == .proved(size: 4))
    #expect(try holdsEverywhere(ff, in: system))
  }

  @Test func fairBotVersusCooperateBot() throws {
    var s = ProverFixture(["FC", "CF"])
    let fc = s.atom("FC")
    let cf = s.atom("CF")
    s.definitions = [s.arena.box(cf), s.arena.constant(true)]
    let defects = s.arena.not(fc)
    let system = s.system
    #expect(prove(fc, in: system) == .proved(size: 4))
    #expect(prove(cf, in: system) == .proved(size: 2))
    #expect(prove(defects, in: system) == .noProof)
    #expect(try holdsEverywhere(fc, in: system))
    #expect(try !holdsEverywhere(defects, in: system))
  }

  /// FD is true at world 0 only, so neither FD nor ¬FD is a theorem; "PA+1 proves FairBot
  /// defects" is the theorem ¬□⊥ → ¬FD, and [1]¬FD; □¬FD fails at world 2.
  @Test func fairBotVersusDefectBot() throws {
    var s = ProverFixture(["FD", "DF"])
    let fd = s.atom("FD")
    let df = s.atom("DF")
    s.definitions = [s.arena.box(df), s.arena.constant(false)]
    let defects = s.arena.not(fd)
    let boxFalsum = s.arena.box(s.arena.constant(false))
    let consistent = s.arena.not(boxFalsum)
    let defectsIfConsistent = s.arena.implies(consistent, defects)
    let provablyDefectsInPA1 = s.arena.box(defects, level: 1)
    let provablyDefects = s.arena.box(defects)
    let provablyDefectBotDefects = s.arena.box(s.arena.not(df))
    let system = s.system
    let expected: [(FormulaID, ProverAnswer)] = [
      (fd, .noProof),
      (defects, .noProof),
      (defectsIfConsistent, .proved(size: 6)),
      (provablyDefectsInPA1, .proved(size: 8)),
      (provablyDefects, .noProof),
      (provablyDefectBotDefects, .proved(size: 4)),
    ]
    for (goal, answer) in expected {
      #expect(prove(goal, in: system) == answer, "\(system.arena.render(goal))")
      #expect(try holdsEverywhere(goal, in: system) == (answer != .noProof), "\(system.arena.render(goal))")
    }
  }

  @Test func prudentBotCooperatesWithPrudentBot() throws {
    let (system, pp) = prudentBotSelfPlay()
    #expect(prove(pp, in: system) == .proved(size: 24))
    #expect(try holdsEverywhere(pp, in: system))
  }

  /// PA+2 proves PrudentBot defects against CooperateBot, PA+1 does not.
  @Test func prudentBotVersusCooperateBot() throws {
    var s = ProverFixture(["PC", "CP", "CD"])
    let pc = s.atom("PC")
    let cp = s.atom("CP")
    let cd = s.atom("CD")
    let boxCP = s.arena.box(cp)
    let levelNotCD = s.arena.box(s.arena.not(cd), level: 1)
    let verum = s.arena.constant(true)
    s.definitions = [s.arena.and([boxCP, levelNotCD]), verum, verum]
    let defects = s.arena.not(pc)
    let provedInPA2 = s.arena.box(defects, level: 2)
    let provedInPA1 = s.arena.box(defects, level: 1)
    let system = s.system
    #expect(prove(pc, in: system) == .noProof)
    #expect(prove(defects, in: system) == .noProof)
    #expect(prove(provedInPA1, in: system) == .noProof)
    #expect(prove(provedInPA2, in: system) == .proved(size: 13))
    #expect(try holdsEverywhere(provedInPA2, in: system))
    #expect(try !holdsEverywhere(provedInPA1, in: system))
  }

  /// FairBot_1 (cooperates iff PA+1 proves the opponent cooperates) against itself, as one
  /// self-referential atom and as two mutually referring ones.
  @Test func fairBotsWithLevelOneBoxes() throws {
    var single = ProverFixture(["A"])
    let a = single.atom("A")
    single.definitions = [single.arena.box(a, level: 1)]
    #expect(prove(a, in: single.system) == .proved(size: 7))

    var mutual = ProverFixture(["AB", "BA"])
    let ab = mutual.atom("AB")
    let ba = mutual.atom("BA")
    mutual.definitions = [mutual.arena.box(ba, level: 1), mutual.arena.box(ab, level: 1)]
    #expect(prove(ab, in: mutual.system) == .proved(size: 11))
    #expect(prove(ba, in: mutual.system) == .proved(size: 11))
    #expect(try holdsEverywhere(ab, in: mutual.system))
  }

  /// Below the least size there is no proof, at it and above the same proof.
  @Test func outcomesAreMonotoneInTheBudget() throws {
    var goals: [(ModalSystem, FormulaID, Int)] = []
    let (fairBots, ff) = fairBotSelfPlay()
    goals.append((fairBots, ff, 4))
    let (prudentBots, pp) = prudentBotSelfPlay()
    goals.append((prudentBots, pp, 24))
    var defect = ProverFixture(["FD", "DF"])
    let fd = defect.atom("FD")
    defect.definitions = [defect.arena.box(defect.atom("DF")), defect.arena.constant(false)]
    let defects = defect.arena.not(fd)
    let levelDefects = defect.arena.box(defects, level: 1)
    goals.append((defect.system, levelDefects, 8))
    for (system, goal, least) in goals {
      for budget in [-5, 0, 1, least - 1] {
        #expect(prove(goal, in: system, budget: budget) == .noProof)
      }
      let atLeast = try #require(proof(of: goal, in: system, budget: least))
      let above = try #require(proof(of: goal, in: system, budget: least + 10))
      let huge = try #require(proof(of: goal, in: system, budget: 1_000_000_000_000))
      #expect(atLeast.size == least)
      #expect(above.steps == atLeast.steps)
      #expect(huge.steps == atLeast.steps)
      for budget in 1...(least + 3) {
        #expect(prove(goal, in: system, budget: budget) == (budget < least ? .noProof : .proved(size: least)))
      }
    }
  }

  @Test func renderedProofOfFairBotSelfPlay() throws {
    let (system, ff) = fairBotSelfPlay()
    let found = try #require(proof(of: ff, in: system))
    let text = ProofRendering.text(of: found) { _ in "FairBot vs FairBot plays C" }
    #expect(
      text == """
        1. □FairBot vs FairBot plays C ⇒ □FairBot vs FairBot plays C   axiom on □FairBot vs FairBot plays C
        2. □FairBot vs FairBot plays C ⇒ FairBot vs FairBot plays C    unfold-R on FairBot vs FairBot plays C, from 1
        3. ⇒ □FairBot vs FairBot plays C                               GLR on □FairBot vs FairBot plays C, from 2
        4. ⇒ FairBot vs FairBot plays C                                unfold-R on FairBot vs FairBot plays C, from 3
        """)
    let rows = ProofRendering.steps(of: found) { "a\($0)" }
    #expect(
      rows == [
        RenderedProofStep(number: 1, rule: "axiom", principal: "□a0", left: ["□a0"], right: ["□a0"], premises: []),
        RenderedProofStep(number: 2, rule: "unfold-R", principal: "a0", left: ["□a0"], right: ["a0"], premises: [1]),
        RenderedProofStep(number: 3, rule: "GLR", principal: "□a0", left: [], right: ["□a0"], premises: [2]),
        RenderedProofStep(number: 4, rule: "unfold-R", principal: "a0", left: [], right: ["a0"], premises: [3]),
      ])
    #expect(rows.map(\.sequent) == ["□a0 ⇒ □a0", "□a0 ⇒ a0", "⇒ □a0", "⇒ a0"])
  }

  /// Every rule's printed name, pinned: these appear in the proofs users read.
  @Test func ruleNames() {
    #expect(
      ProofRule.allCases.map(\.name) == [
        "axiom", "⊥L", "⊤R", "¬L", "¬R", "∧L", "∧R", "∨L", "∨R", "unfold-L", "unfold-R", "[k]L", "[k]R", "GLR",
      ])
  }
}
