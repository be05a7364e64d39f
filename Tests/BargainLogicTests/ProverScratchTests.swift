import BargainLogic
import Testing

func show(_ name: String, _ goal: FormulaID, _ system: ModalSystem) {
  let outcome = GLProver.prove(goal, in: system, budget: 10_000)
  print("== \(name): \(system.arena.render(goal))")
  switch outcome {
  case .proved(let proof):
    print(ProofRendering.text(of: proof))
    print(ProofChecker.check(proof, proves: goal, in: system))
  default: print(outcome)
  }
}

@Test func proverScratch() throws {
  do {
    var ar = FormulaArena()
    let fc = ar.atom(0), cf = ar.atom(1)
    let d0 = ar.box(cf); let d1 = ar.constant(true)
    let nfc = ar.not(fc)
    let s = ModalSystem(arena: ar, definitions: [d0, d1])
    show("FC", fc, s); show("¬FC", nfc, s)
  }
  do {
    var ar = FormulaArena()
    let fd = ar.atom(0), df = ar.atom(1)
    let d0 = ar.box(df); let d1 = ar.constant(false)
    let nfd = ar.not(fd)
    let bf = ar.box(ar.constant(false))
    let g1 = ar.implies(ar.not(bf), nfd)
    let g2 = ar.box(nfd, level: 1)
    let g3 = ar.box(nfd)
    let g4 = ar.box(ar.not(df))
    let s = ModalSystem(arena: ar, definitions: [d0, d1])
    show("FD", fd, s); show("¬FD", nfd, s); show("¬□⊥→¬FD", g1, s); show("[1]¬FD", g2, s); show("□¬FD", g3, s); show("□¬DF", g4, s)
  }
  do {
    var ar = FormulaArena()
    let pp = ar.atom(0), pd = ar.atom(1), dp = ar.atom(2), dd = ar.atom(3)
    let d0 = ar.and([ar.box(pp), ar.box(ar.not(pd), level: 1)])
    let d1 = ar.and([ar.box(dp), ar.box(ar.not(dd), level: 1)])
    let f = ar.constant(false)
    let s = ModalSystem(arena: ar, definitions: [d0, d1, f, f])
    show("PP", pp, s)
    show("¬PD", ar.not(pd), s)
  }
  do {
    var ar = FormulaArena()
    let a = ar.atom(0), b = ar.atom(1)
    let d0 = ar.box(b, level: 1), d1 = ar.box(a, level: 1)
    let s = ModalSystem(arena: ar, definitions: [d0, d1])
    show("F1F1", a, s)
  }
  do {
    var ar = FormulaArena()
    let a = ar.atom(0)
    let d0 = ar.box(a, level: 1)
    let s = ModalSystem(arena: ar, definitions: [d0])
    show("F1self", a, s)
  }
}
