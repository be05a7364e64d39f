import BargainLogic
import Testing

@Test func proverScratch() throws {
  var arena = FormulaArena()
  let a = arena.atom(0)
  let def = arena.box(a)
  let system = ModalSystem(arena: arena, definitions: [def])
  let outcome = GLProver.prove(a, in: system, budget: 100)
  switch outcome {
  case .proved(let proof):
    print(ProofRendering.text(of: proof))
    print(ProofChecker.check(proof, proves: a, in: system))
  default: print(outcome)
  }
}
