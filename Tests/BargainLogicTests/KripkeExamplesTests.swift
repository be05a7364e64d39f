// KripkeExamplesTests.swift — hand-worked systems from Barasz et al. (FairBot, PrudentBot, …),
// [k] boxes, error cases, and long reference chains with their exact stabilisation worlds.

import BargainLogic
import Testing

/// Builds a system with named atoms; an atom gets its index on first mention.
/// Names are declared up front: Swift evaluates `s.define("X", s.atom("Y"))`'s arguments
/// before the call, so indices must not depend on the order of mentions.
struct NamedSystem {
  var arena = FormulaArena()
  var names: [String]
  var definitions: [FormulaID?]

  init(_ names: [String]) {
    self.names = names
    definitions = Array(repeating: nil, count: names.count)
  }

  mutating func index(_ name: String) -> Int {
    if let found = names.firstIndex(of: name) {
      return found
    }
    names.append(name)
    definitions.append(nil)
    return names.count - 1
  }

  mutating func atom(_ name: String) -> FormulaID {
    arena.atom(index(name))
  }

  mutating func define(_ name: String, _ formula: FormulaID) {
    definitions[index(name)] = formula
  }

  func system() throws -> ModalSystem {
    var resolved: [FormulaID] = []
    for definition in definitions {
      resolved.append(try #require(definition))
    }
    return ModalSystem(arena: arena, definitions: resolved)
  }
}

@Suite struct KripkeExamplesTests {
  @Test func fairBotVersusFairBot() throws {
    var s = NamedSystem(["FF"])
    s.define("FF", s.arena.box(s.atom("FF")))
    let solution = try KripkeSolver.solve(try s.system())
    #expect(solution.eventualValue(ofAtom: 0) == true)
    #expect(solution.level(ofAtom: 0) == 0)
    #expect(solution.stableWorld == 0)
    #expect(solution.value(ofAtom: 0, atWorld: 17) == true)
  }

  @Test func fairBotVersusDefectBot() throws {
    var s = NamedSystem(["FD", "DF"])
    s.define("FD", s.arena.box(s.atom("DF")))
    s.define("DF", s.arena.constant(false))
    let system = try s.system()
    let solution = try KripkeSolver.solve(system)
    #expect(solution.stableWorld == 1)
    #expect(solution.eventualValue(ofAtom: 0) == false)
    #expect(solution.value(ofAtom: 0, atWorld: 0) == true)
    #expect(solution.value(ofAtom: 0, atWorld: 1) == false)
    #expect(solution.level(ofAtom: 0) == nil)
    #expect(solution.eventualValue(ofAtom: 1) == false)
    #expect(solution.flipWorld(ofBox: system.definitions[0]) == 1)
    // The D output ¬a0, created after solving in an extension of the arena.
    var arena = system.arena
    let defects = arena.not(arena.atom(0))
    #expect(solution.level(of: defects, in: arena) == 1)
    #expect(solution.eventualValue(of: defects, in: arena) == true)
    #expect(solution.value(of: defects, in: arena, atWorld: 0) == false)
  }

  @Test func formulaQueriesOnTheSolvedArena() throws {
    var s = NamedSystem(["FD", "DF"])
    s.define("FD", s.arena.box(s.atom("DF")))
    s.define("DF", s.arena.constant(false))
    // Built before solving but unused by the system: answered on demand.
    let defects = s.arena.not(s.atom("FD"))
    let boxDefects = s.arena.box(defects, level: 2)
    let solution = try KripkeSolver.solve(try s.system())
    #expect(solution.level(of: defects) == 1)
    #expect(solution.value(of: defects, atWorld: 0) == false)
    #expect(solution.value(of: defects, atWorld: 9) == true)
    #expect(solution.flipWorld(ofBox: boxDefects) == nil)
    #expect(solution.level(of: boxDefects) == 0)
    #expect(solution.flipWorld(ofBox: defects) == nil)
  }

  @Test func prudentBotVersusCooperateBot() throws {
    var s = NamedSystem(["PC", "CP", "CD"])
    let d = s.atom("CD")  // CooperateBot vs DefectBot plays C
    s.define("PC", s.arena.and([s.arena.box(s.atom("CP")), s.arena.box(s.arena.not(d), level: 1)]))
    s.define("CP", s.arena.constant(true))
    s.define("CD", s.arena.constant(true))
    var system = try s.system()
    let solution = try KripkeSolver.solve(system)
    #expect(solution.stableWorld == 2)
    #expect(solution.eventualValue(ofAtom: 0) == false)
    #expect(solution.value(ofAtom: 0, atWorld: 0) == true)
    #expect(solution.value(ofAtom: 0, atWorld: 1) == true)
    #expect(solution.value(ofAtom: 0, atWorld: 2) == false)
    let defects = system.arena.not(system.arena.atom(0))
    #expect(solution.level(of: defects, in: system.arena) == 2)
    let prudentBox = system.arena.box(system.arena.not(d), level: 1)
    #expect(solution.flipWorld(ofBox: prudentBox) == 2)
  }

  @Test func prudentBotVersusPrudentBot() throws {
    var s = NamedSystem(["PP", "PD", "DP", "DD"])
    // PP: PrudentBot vs PrudentBot plays C; PD: PrudentBot vs DefectBot plays C.
    s.define("PP", s.arena.and([s.arena.box(s.atom("PP")), s.arena.box(s.arena.not(s.atom("PD")), level: 1)]))
    s.define("PD", s.arena.and([s.arena.box(s.atom("DP")), s.arena.box(s.arena.not(s.atom("DD")), level: 1)]))
    s.define("DP", s.arena.constant(false))
    s.define("DD", s.arena.constant(false))
    let solution = try KripkeSolver.solve(try s.system())
    #expect(solution.eventualValue(ofAtom: 0) == true)
    #expect(solution.level(ofAtom: 0) == 0)
    #expect(solution.eventualValue(ofAtom: 1) == false)
    #expect(solution.value(ofAtom: 1, atWorld: 0) == true)
    #expect(solution.stableWorld == 1)
  }

  @Test func prudentBotVersusFairBot() throws {
    var s = NamedSystem(["PF", "FP", "FD", "DF"])
    s.define("PF", s.arena.and([s.arena.box(s.atom("FP")), s.arena.box(s.arena.not(s.atom("FD")), level: 1)]))
    s.define("FP", s.arena.box(s.atom("PF")))
    s.define("FD", s.arena.box(s.atom("DF")))
    s.define("DF", s.arena.constant(false))
    let solution = try KripkeSolver.solve(try s.system())
    #expect(solution.level(ofAtom: 0) == 0)
    #expect(solution.level(ofAtom: 1) == 0)
    #expect(solution.eventualValue(ofAtom: 2) == false)
    #expect(solution.stableWorld == 1)
  }

  @Test func prudentBotVersusDefectBot() throws {
    var s = NamedSystem(["PD", "DP", "DD"])
    s.define("PD", s.arena.and([s.arena.box(s.atom("DP")), s.arena.box(s.arena.not(s.atom("DD")), level: 1)]))
    s.define("DP", s.arena.constant(false))
    s.define("DD", s.arena.constant(false))
    var system = try s.system()
    let solution = try KripkeSolver.solve(system)
    #expect(solution.eventualValue(ofAtom: 0) == false)
    #expect(solution.level(of: system.arena.not(system.arena.atom(0)), in: system.arena) == 1)
    #expect(solution.stableWorld == 1)
  }

  @Test func trollBotVersusCooperateBot() throws {
    var s = NamedSystem(["TC", "CD"])
    s.define("TC", s.arena.box(s.atom("CD")))
    s.define("CD", s.arena.constant(true))
    let solution = try KripkeSolver.solve(try s.system())
    #expect(solution.eventualValue(ofAtom: 0) == true)
    #expect(solution.level(ofAtom: 0) == 0)
    #expect(solution.stableWorld == 0)
  }

  @Test func trollBotVersusFairBot() throws {
    var s = NamedSystem(["TF", "FD", "DF"])
    // TrollBot cooperates iff it can prove FairBot cooperates with DefectBot.
    s.define("TF", s.arena.box(s.atom("FD")))
    s.define("FD", s.arena.box(s.atom("DF")))
    s.define("DF", s.arena.constant(false))
    var system = try s.system()
    let solution = try KripkeSolver.solve(system)
    #expect(solution.eventualValue(ofAtom: 0) == false)
    #expect(solution.level(of: system.arena.not(system.arena.atom(0)), in: system.arena) == 2)
    #expect(solution.stableWorld == 2)
  }

  @Test func justBotVersusFairBot() throws {
    var s = NamedSystem(["JF", "FF", "FJ"])
    s.define("JF", s.arena.box(s.atom("FF")))
    s.define("FF", s.arena.box(s.atom("FF")))
    s.define("FJ", s.arena.box(s.atom("JF")))
    let solution = try KripkeSolver.solve(try s.system())
    #expect(solution.eventualValue(ofAtom: 0) == true)
    #expect(solution.level(ofAtom: 0) == 0)
    #expect(solution.level(ofAtom: 2) == 0)
  }

  @Test func negatedIteratedBoxOfFalsum() throws {
    var arena = FormulaArena()
    var iterated = arena.constant(false)
    var boxes: [FormulaID] = []
    for _ in 1...5 {
      iterated = arena.box(iterated)
      boxes.append(iterated)
    }
    let definition = arena.not(iterated)
    let system = ModalSystem(arena: arena, definitions: [definition])
    let solution = try KripkeSolver.solve(system)
    #expect(solution.stableWorld == 5)
    for world in 0...4 {
      #expect(solution.value(ofAtom: 0, atWorld: world) == false)
    }
    for world in 5...12 {
      #expect(solution.value(ofAtom: 0, atWorld: world) == true)
    }
    #expect(solution.level(ofAtom: 0) == 5)
    #expect(boxes.map { solution.flipWorld(ofBox: $0) } == [1, 2, 3, 4, 5])
  }

  @Test func levelThreeBoxOfFalsum() throws {
    var arena = FormulaArena()
    let box3 = arena.box(arena.constant(false), level: 3)
    let solution = try KripkeSolver.solve(ModalSystem(arena: arena, definitions: [box3]))
    // [3]⊥ = □^4⊥: true at worlds 0–3.
    #expect((0...5).map { solution.value(ofAtom: 0, atWorld: $0) } == [true, true, true, true, false, false])
    #expect(solution.stableWorld == 4)
    #expect(solution.flipWorld(ofBox: box3) == 4)
  }

  @Test func levelThreeLoebSentence() throws {
    var arena = FormulaArena()
    let a0 = arena.atom(0)
    let definition = arena.box(a0, level: 3)
    let solution = try KripkeSolver.solve(ModalSystem(arena: arena, definitions: [definition]))
    #expect(solution.level(ofAtom: 0) == 0)
    #expect(solution.stableWorld == 3)
  }

  @Test func levelThreeGoedelSentence() throws {
    var arena = FormulaArena()
    let a0 = arena.atom(0)
    let definition = arena.not(arena.box(a0, level: 3))
    let solution = try KripkeSolver.solve(ModalSystem(arena: arena, definitions: [definition]))
    #expect((0...6).map { solution.value(ofAtom: 0, atWorld: $0) } == [false, false, false, false, true, true, true])
    #expect(solution.level(ofAtom: 0) == 4)
    #expect(solution.stableWorld == 4)
  }

  @Test func levelThreeMutualRecursion() throws {
    var arena = FormulaArena()
    let a0 = arena.atom(0)
    let a1 = arena.atom(1)
    let box3 = arena.box(a1, level: 3)
    let boxNot = arena.box(arena.not(a0))
    let solution = try KripkeSolver.solve(ModalSystem(arena: arena, definitions: [box3, boxNot]))
    #expect((0...6).map { solution.value(ofAtom: 0, atWorld: $0) } == [true, true, true, true, false, false, false])
    #expect((0...6).map { solution.value(ofAtom: 1, atWorld: $0) } == [true, false, false, false, false, false, false])
    #expect(solution.flipWorld(ofBox: boxNot) == 1)
    #expect(solution.flipWorld(ofBox: box3) == 4)
    #expect(solution.stableWorld == 4)
  }

  @Test func guardedSelfNegation() throws {
    var arena = FormulaArena()
    let a0 = arena.atom(0)
    let definition = arena.not(arena.box(a0))
    let solution = try KripkeSolver.solve(ModalSystem(arena: arena, definitions: [definition]))
    #expect(solution.value(ofAtom: 0, atWorld: 0) == false)
    #expect(solution.level(ofAtom: 0) == 1)
    #expect(solution.stableWorld == 1)
  }

  @Test func unguardedCycleIsReportedFromItsSmallestAtom() {
    var arena = FormulaArena()
    let a = (0..<4).map { arena.atom($0) }
    let definitions = [
      arena.and([a[3], arena.box(a[0])]),
      arena.or([arena.not(a[2]), arena.box(a[1])]),
      a[3],
      arena.and([a[1], arena.box(a[2])]),
    ]
    #expect(throws: KripkeError.unguardedCycle([1, 2, 3])) {
      try KripkeSolver.solve(ModalSystem(arena: arena, definitions: definitions))
    }
  }

  @Test func unguardedSelfReference() {
    var arena = FormulaArena()
    let definitions = [arena.box(arena.constant(false)), arena.not(arena.atom(1))]
    #expect(throws: KripkeError.unguardedCycle([1])) {
      try KripkeSolver.solve(ModalSystem(arena: arena, definitions: definitions))
    }
  }

  @Test func worldLimit() throws {
    let system = Chains.boxChain(links: 10)
    // The last link's box flips at world 10.
    #expect(throws: KripkeError.worldLimit(limit: 10, box: system.definitions[10])) {
      try KripkeSolver.solve(system, limits: KripkeLimits(maxWorlds: 10))
    }
    let solution = try KripkeSolver.solve(system, limits: KripkeLimits(maxWorlds: 11))
    #expect(solution.stableWorld == 10)

    var arena = FormulaArena()
    let high = arena.box(arena.atom(0), level: 7)
    let loeb = ModalSystem(arena: arena, definitions: [high])
    #expect(throws: KripkeError.worldLimit(limit: 7, box: high)) {
      try KripkeSolver.solve(loeb, limits: KripkeLimits(maxWorlds: 7))
    }
    #expect(try KripkeSolver.solve(loeb, limits: KripkeLimits(maxWorlds: 8)).stableWorld == 7)
  }

  @Test func atomLimitAndUndefinedAtoms() {
    var arena = FormulaArena()
    let t = arena.constant(true)
    #expect(throws: KripkeError.atomLimit(limit: 2)) {
      try KripkeSolver.solve(ModalSystem(arena: arena, definitions: [t, t, t]), limits: KripkeLimits(maxAtoms: 2))
    }
    let stray = arena.box(arena.atom(5))
    #expect(throws: KripkeError.undefinedAtom(5)) {
      try KripkeSolver.solve(ModalSystem(arena: arena, definitions: [stray]))
    }
    // An undefined atom elsewhere in the arena is harmless if the system never uses it.
    #expect((try? KripkeSolver.solve(ModalSystem(arena: arena, definitions: [t]))) != nil)
    var other = FormulaArena()
    _ = other.constant(true)
    _ = other.constant(false)
    _ = other.atom(0)
    let foreign = other.box(other.atom(0))
    #expect(throws: KripkeError.invalidDefinition(atom: 0)) {
      try KripkeSolver.solve(ModalSystem(arena: FormulaArena(), definitions: [foreign]))
    }
  }

  @Test func emptySystem() throws {
    let solution = try KripkeSolver.solve(ModalSystem(arena: FormulaArena(), definitions: []))
    #expect(solution.stableWorld == 0)
    #expect(solution.value(ofAtom: 0, atWorld: 0) == false)
  }
}

/// Long reference chains, shared by the chain tests.
enum Chains {
  /// b0 ↔ ⊥, b_i ↔ □b_{i-1}: b_i is false from world i, so n* = links.
  static func boxChain(links: Int) -> ModalSystem {
    var arena = FormulaArena()
    var definitions = [arena.constant(false)]
    for i in 1...links {
      definitions.append(arena.box(arena.atom(i - 1)))
    }
    return ModalSystem(arena: arena, definitions: definitions)
  }

  /// b0 ↔ base, b_i ↔ □b_{i-1} ∧ [1]b_{i-1}.
  static func mixedChain(links: Int, base: Bool) -> ModalSystem {
    var arena = FormulaArena()
    var definitions = [arena.constant(base)]
    for i in 1...links {
      let previous = arena.atom(i - 1)
      definitions.append(arena.and([arena.box(previous), arena.box(previous, level: 1)]))
    }
    return ModalSystem(arena: arena, definitions: definitions)
  }

  /// x0 ↔ ⊥, x_i ↔ □x_i ∧ □x_{i-1}: every link is its own cyclic component.
  static func cyclicChain(links: Int) -> ModalSystem {
    var arena = FormulaArena()
    var definitions = [arena.constant(false)]
    for i in 1...links {
      definitions.append(arena.and([arena.box(arena.atom(i)), arena.box(arena.atom(i - 1))]))
    }
    return ModalSystem(arena: arena, definitions: definitions)
  }
}

@Suite struct ChainTests {
  @Test func mixedChainOfFiveThousandLinksFromFalsum() throws {
    let links = 5_000
    let solution = try KripkeSolver.solve(Chains.mixedChain(links: links, base: false))
    // b_i first fails at world i: □b_{i-1} flips at i and [1]b_{i-1} at max(2, i).
    #expect(solution.stableWorld == links)
    #expect(solution.value(ofAtom: links, atWorld: links - 1) == true)
    #expect(solution.value(ofAtom: links, atWorld: links) == false)
    #expect(solution.eventualValue(ofAtom: links) == false)
    #expect(solution.sequence(ofAtom: 2_500).changeWorlds == [2_500])
  }

  @Test func mixedChainOfFiveThousandLinksFromVerum() throws {
    let solution = try KripkeSolver.solve(Chains.mixedChain(links: 5_000, base: true))
    // Nothing ever flips; only the [1] boxes set n* = 1.
    #expect(solution.stableWorld == 1)
    #expect(solution.level(ofAtom: 5_000) == 0)
  }

  @Test func cyclicChainOfFiveThousandLinks() throws {
    let links = 5_000
    let solution = try KripkeSolver.solve(Chains.cyclicChain(links: links))
    // x_i is false from world i, so its own box □x_i flips at i + 1.
    #expect(solution.stableWorld == links + 1)
    #expect(solution.sequence(ofAtom: links).changeWorlds == [links])
    #expect(solution.sequence(ofAtom: 1).changeWorlds == [1])
  }

  @Test func boxChainOfTenThousandLinks() throws {
    let solution = try KripkeSolver.solve(Chains.boxChain(links: 10_000))
    #expect(solution.stableWorld == 10_000)
    #expect(solution.sequence(ofAtom: 9_999).changeWorlds == [9_999])
  }

  @Test func deepUnboxedChainNeedsNoRecursion() throws {
    var arena = FormulaArena()
    var definitions = [arena.constant(false)]
    let links = 100_000
    for i in 1...links {
      definitions.append(arena.not(arena.atom(i - 1)))
    }
    let solution = try KripkeSolver.solve(ModalSystem(arena: arena, definitions: definitions))
    #expect(solution.stableWorld == 0)
    #expect(solution.eventualValue(ofAtom: links) == false)
    #expect(solution.eventualValue(ofAtom: links - 1) == true)
  }
}
