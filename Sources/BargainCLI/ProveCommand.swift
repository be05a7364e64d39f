// `bargain prove FILE "STATEMENT" [--budget N]`: asks the bounded proof engine directly, shows the
// proof (re-checked by the independent checker) and what the exact Kripke method says.

import BargainLogic
import BargainRuntime
import BargainSemantics
import BargainSyntax

enum ProveCommand {
  static let defaultBudget = 1_000

  static func run(_ words: [String]) -> CommandResult {
    var positional: [String] = []
    var budget = defaultBudget
    var json = false
    var index = 0
    while index < words.count {
      let word = words[index]
      switch word {
      case "--json": json = true
      case "--budget":
        index += 1
        guard index < words.count, let value = Int(words[index]), value >= 0 else {
          return CLI.usageError("--budget needs a whole number of proof steps (0 or more)")
        }
        budget = value
      default:
        if word.hasPrefix("-") && !word.hasPrefix("-(") { return CLI.usageError("unknown option '\(word)'") }
        positional.append(word)
      }
      index += 1
    }
    guard positional.count == 2 else {
      return CLI.usageError(
        "`prove` needs a file and a statement, e.g. bargain prove F.bargain \"FairBot(FairBot) == C\"")
    }
    var loaded = LoadedProgramSet()
    guard let file = loaded.load(path: positional[0]) else {
      return CLI.failure(
        DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics), CLI.exitCode(for: loaded.diagnostics))
    }
    let (expr, problems) = loaded.addExpression(label: "<statement>", text: positional[1])
    let renderer = DiagnosticRenderer(sources: loaded.sources)
    guard let expr, !(loaded.diagnostics + problems).contains(where: { $0.severity == .error }) else {
      let all = loaded.diagnostics + problems
      return CLI.failure(renderer.render(all), CLI.exitCode(for: all))
    }
    let checked = Checker.checkStatement(units: loaded.units, prelude: loaded.prelude, file: file, statement: expr)
    guard let world = checked.world, let statement = checked.statement else {
      return CLI.failure(renderer.render(checked.diagnostics), CLI.exitCode(for: checked.diagnostics))
    }
    // Refused before compiling, which can take until a limit: whether chance is involved is known
    // from the checked programs (the compiler decides it the same way, over the whole file).
    if world.programs.contains(where: { $0.usesChance }) {
      return CLI.failure(
        "bargain: error: `prove` works on programs without chance; this statement mentions programs that use "
          + "`with probability` or `simulate`\n", ExitCode.programError)
    }
    let compiled: (system: MatchupSystem, goal: FormulaID, answers: [BoundedAnswer])
    do {
      compiled = try MatchupCompiler.compileStatement(statement, in: world)
    } catch {
      return CLI.failure(
        renderer.render(error.diagnostics), error.limitReached ? ExitCode.limit : ExitCode.programError)
    }
    let system = ModalSystem(arena: compiled.system.arena, definitions: compiled.system.definitions)
    let outcome = GLProver.prove(compiled.goal, in: system, budget: budget)
    let truth = try? MatchSolver.solveKripke(compiled.system)
    let name = Explainer.atomName(compiled.system)
    var result: String
    var steps: [RenderedProofStep] = []
    var checkedProof = false
    switch outcome {
    case .proved(let proof):
      result = "proved: a proof of \(proof.size) steps (the least possible), within the budget of \(budget)"
      steps = ProofRendering.steps(of: proof, atomName: name)
      checkedProof = ProofChecker.check(proof, proves: compiled.goal, in: system).isValid
    case .noProofWithinBudget:
      result = "no proof within \(budget) steps"
    case .limitReached(let limit):
      result = "not found within limits: the search stopped at \(limit.name)"
    case .invalidInput(let error):
      result = "not searched: \(error)"
    case .kernelRejected:
      result = "the proof kernel refused a step (a bug; please report it)"
    }
    var kripke = "unknown"
    if let truth {
      let sequence = truth.sequence(of: compiled.goal)
      let from = sequence.changeWorlds.last ?? 0
      if sequence.finalValue {
        kripke =
          from == 0
          ? "true at every world: GL proves it from the equations"
          : "true from world \(from): PA+\(from) proves it, PA itself does not"
      } else {
        kripke = "false in the standard model (PA+\(from) refutes it)"
      }
    }
    if json {
      var object: [String: JSON] = [
        "statement": .string(positional[1]),
        "budget": .int(budget),
        "result": .string(result),
        "proved": .bool(!steps.isEmpty),
        "kripke": .string(kripke),
      ]
      if !steps.isEmpty {
        object["proof"] = ExplainRendering.proofJSON(steps)
        object["proofChecked"] = .bool(checkedProof)
      }
      return CommandResult(stdout: JSON.object(object).render() + "\n", stderr: "", exitCode: ExitCode.success)
    }
    var out = "statement  \(positional[1])\n"
    out += "theory     GL with the programs' equations as axioms (bounded searches read as provability)\n"
    out += "result     \(result)\n"
    out += "kripke     \(kripke)\n"
    if !steps.isEmpty {
      out += "proof (independent checker: \(checkedProof ? "accepted" : "REJECTED")):\n"
      out += ExplainRendering.proofText(steps, indent: "  ")
    }
    return CommandResult(stdout: out, stderr: "", exitCode: ExitCode.success)
  }
}
