// Differential test at the program level: for generated modal programs, the bounded engine with
// an ample budget proves "X vs Y outputs a" exactly when the Kripke method says it holds at every
// world (Grammar/semantics.md, rule B2). Fixed seed; thousands of statements.

import BargainCLI
import BargainLogic
import BargainRuntime
import BargainSemantics
import Testing

/// SplitMix64 with a fixed seed: the same programs on every run and machine.
struct TestGenerator {
  var state: UInt64
  mutating func next(_ bound: Int) -> Int {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return Int((z ^ (z >> 31)) % UInt64(bound))
  }
}

@Suite struct ProgramDifferentialTests {
  static func condition(_ generator: inout TestGenerator, program: Int, count: Int, depth: Int) -> String {
    // Below depth 2 only atoms, so the formulas stay small.
    let choice = depth > 1 ? 3 + generator.next(4) : generator.next(7)
    switch choice {
    case 0:
      return
        "(\(condition(&generator, program: program, count: count, depth: depth + 1)) and \(condition(&generator, program: program, count: count, depth: depth + 1)))"
    case 1:
      return
        "(\(condition(&generator, program: program, count: count, depth: depth + 1)) or \(condition(&generator, program: program, count: count, depth: depth + 1)))"
    case 2: return "not \(condition(&generator, program: program, count: count, depth: depth + 1))"
    default:
      let level = generator.next(3)
      let modal = generator.next(4) == 0 ? "consistent" : "provable"
      let action = generator.next(2) == 0 ? "C" : "D"
      let opponent = generator.next(3) == 0 ? "P\(generator.next(count))" : "me"
      let inner =
        generator.next(4) == 0
        ? "them(\(opponent)) == \(action) and provable(them(me) == C)" : "them(\(opponent)) == \(action)"
      return "\(modal)\(level == 0 ? "" : "[\(level)]")(\(inner))"
    }
  }

  @Test func boundedEngineAgreesWithKripkeOnGeneratedPrograms() throws {
    var generator = TestGenerator(state: 2026)
    let count = 20
    var text = "game PrisonersDilemma\n"
    for i in 0..<count {
      text +=
        "program P\(i) { if \(Self.condition(&generator, program: i, count: count, depth: 0)) { play C } else { play D } }\n"
    }
    var loaded = LoadedProgramSet()
    let file = loaded.add(path: "<generated>", text: text)
    #expect(loaded.diagnostics.isEmpty)
    var cases = 0
    var proved = 0
    var disagreements: [String] = []
    var stopped = 0
    for i in 0..<count {
      for j in 0..<count {
        for action in ["C", "D"] {
          let statement = "P\(i)(P\(j)) == \(action)"
          let (expr, problems) = loaded.addExpression(label: "<statement>", text: statement)
          #expect(problems.isEmpty)
          let checked = Checker.checkStatement(
            units: loaded.units, prelude: loaded.prelude, file: file, statement: try #require(expr))
          let world = try #require(checked.world)
          let compiled = try MatchupCompiler.compileStatement(try #require(checked.statement), in: world)
          let system = ModalSystem(arena: compiled.system.arena, definitions: compiled.system.definitions)
          let kripke = try MatchSolver.solveKripke(compiled.system)
          let holdsEverywhere = kripke.level(of: compiled.goal) == 0
          let outcome = GLProver.prove(
            compiled.goal, in: system, budget: 100_000, limits: ProverLimits(maxSearchNodes: 20_000))
          var engineProves = false
          switch outcome {
          case .proved(let proof):
            engineProves = true
            #expect(ProofChecker.check(proof, proves: compiled.goal, in: system).isValid, "\(statement)")
          case .noProofWithinBudget: engineProves = false
          case .limitReached:
            // Least-size search is exponential on some theorems; a stop is not an answer.
            stopped += 1
            continue
          case .invalidInput, .kernelRejected:
            Issue.record("\(statement): \(outcome)")
          }
          cases += 1
          if engineProves { proved += 1 }
          if engineProves != holdsEverywhere { disagreements.append(statement) }
        }
      }
    }
    #expect(cases + stopped == 800)
    #expect(stopped <= 16)
    #expect(disagreements == [])
    // Both answers occur, so the comparison is not vacuous.
    #expect(proved > 100 && proved < cases - 100)
  }
}
