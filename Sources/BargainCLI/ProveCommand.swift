// `bargain prove FILE "STATEMENT" [--budget N]`: asks the bounded proof engine directly, shows the
// proof (re-checked by the independent checker) and what the exact Kripke method says.

import BargainLogic
import BargainRuntime
import BargainSemantics
import BargainSyntax

enum ProveCommand {
  static let defaultBudget = 1_000

  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
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
          return CLI.usageError("--budget needs a whole number of proof steps (0 or more)", command: "prove")
        }
        budget = value
      default:
        if word.hasPrefix("-") && !word.hasPrefix("-(") && word != "-" {
          return CLI.usageError("unknown option '\(word)'", command: "prove")
        }
        positional.append(word)
      }
      index += 1
    }
    guard positional.count == 2 else {
      return CLI.usageError(
        "`prove` needs a file and a statement, e.g. bargain prove F.bargain \"FairBot(FairBot) == C\"", command: "prove"
      )
    }
    var loaded = context.loader()
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
    context.phases.enter(.checking)
    let checked = Checker.checkStatement(units: loaded.units, prelude: loaded.prelude, file: file, statement: expr)
    guard let world = checked.world, let statement = checked.statement else {
      return CLI.failure(renderer.render(checked.diagnostics), CLI.exitCode(for: checked.diagnostics))
    }
    let compiled: (system: MatchupSystem, goal: FormulaID, bounded: BoundedResolution)
    do {
      context.phases.enter(.compiling)
      compiled = try MatchupCompiler.compileStatement(statement, in: world, stopAtChance: true)
    } catch {
      return CLI.failure(
        renderer.render(error.diagnostics), error.limitReached ? ExitCode.limit : ExitCode.programError)
    }
    if compiled.system.needsChance {
      let diagnostic = Diagnostic(
        id: "prove.chance",
        message: "`prove` works on programs without chance; this statement mentions programs that use "
          + "`with probability` or `simulate`",
        range: expr.range,
        notes: compiled.system.chanceSite.map { [Diagnostic.Note(message: "chance is used here", range: $0)] } ?? [])
      return CLI.failure(renderer.render([diagnostic]), ExitCode.programError)
    }
    // The same theory every bounded search of these programs uses (rule B3), so `prove` and a
    // match agree on each of the match's queries.
    let system =
      compiled.bounded.searchSystem
      ?? ModalSystem(arena: compiled.system.arena, definitions: compiled.system.definitions)
    let name = Explainer.atomName(compiled.system)
    let found: Proof?
    var truth: KripkeSolution?
    do {
      context.phases.enter(.proofSearch)
      found = try BoundedResolver.outcome(
        GLProver.prove(compiled.goal, in: system, budget: budget), at: statement.range)
      context.phases.enter(.solving)
      truth = try? MatchSolver.solveKripke(compiled.system)
      if let truth { try BoundedResolver.verify(compiled.bounded, against: truth) }
    } catch {
      return CLI.failure(
        renderer.render(error.diagnostics), error.limitReached ? ExitCode.limit : ExitCode.programError)
    }
    context.phases.enter(.rendering)
    let result: String
    var steps: [RenderedProofStep] = []
    var checkedProof = false
    if let proof = found {
      result = "proved: a proof of \(proof.size) steps (the least possible), within the budget of \(budget)"
      steps = ProofRendering.steps(of: proof, atomName: name)
      checkedProof = ProofChecker.check(proof, proves: compiled.goal, in: system).isValid
    } else {
      result = "no proof within \(budget) steps"
    }
    // Which system was searched: each bounded query of the programs read as □φ or as ⊥.
    let readings = compiled.bounded.answers.map { answer in
      let search = compiled.system.describe(compiled.system.keys[answer.query.state])
      let reading =
        answer.holds
        ? "□" + ProofRendering.formula(answer.query.statement, in: system.arena, atomName: name) : "⊥"
      return (
        search: search, at: ExplainRendering.place(answer.query.range, loaded.sources), reading: reading,
        answer: answer
      )
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
    if !readings.isEmpty && truth != nil { kripke += ", with the bounded answers above" }
    if json {
      var object: [String: JSON] = [
        "schemaVersion": .int(JSON.schemaVersion),
        "statement": .string(positional[1]),
        "budget": .int(budget),
        "result": .string(result),
        "proved": .bool(!steps.isEmpty),
        "kripke": .string(kripke),
        "bounded": .array(
          readings.map { item in
            .object([
              "search": .string(item.search), "at": .string(item.at), "readAs": .string(item.reading),
              "found": .bool(item.answer.holds), "result": .string(item.answer.summary),
            ])
          }),
      ]
      if !steps.isEmpty {
        object["proof"] = ExplainRendering.proofJSON(steps)
        object["proofChecked"] = .bool(checkedProof)
      }
      return CommandResult(stdout: JSON.object(object).render() + "\n", stderr: "", exitCode: ExitCode.success)
    }
    var out = "statement  \(positional[1])\n"
    out += "theory     GL with the programs' equations as axioms"
    out += readings.isEmpty ? "\n" : "; each bounded search's atom defined as below (rule B3)\n"
    for item in readings {
      out += "bounded    [\(item.search) succeeds] ↔ \(item.reading)   (\(item.at): \(item.answer.summary))\n"
    }
    out += "result     \(result)\n"
    out += "kripke     \(kripke)\n"
    if !steps.isEmpty {
      out += "proof (independent checker: \(checkedProof ? "accepted" : "REJECTED")):\n"
      out += ExplainRendering.proofText(steps, indent: "  ")
    }
    return CommandResult(stdout: out, stderr: "", exitCode: ExitCode.success)
  }
}
