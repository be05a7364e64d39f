// Text and JSON for `--explain`: branches taken, facts asked (with truth, level and proofs).

import BargainLogic
import BargainRuntime
import BargainSyntax

enum ExplainRendering {
  static func place(_ range: SourceRange, _ sources: SourceMap) -> String {
    guard let file = sources.file(range.file) else { return "?" }
    let location = file.location(of: range.start)
    return "\(file.path):\(location.line):\(location.column)"
  }

  static func source(_ range: SourceRange, _ sources: SourceMap) -> String {
    let text = sources.file(range.file)?.text(of: range) ?? "?"
    return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(
      separator: " ")
  }

  /// k of each bounded search (`provable[k] within N`), by the range of its expression: the
  /// explanation names PA+k beside the budget.
  static func searchLevels(_ solved: SolvedMatch) -> [SourceRange: Int] {
    var levels: [SourceRange: Int] = [:]
    for answer in solved.answers { levels[answer.query.range] = answer.query.level }
    return levels
  }

  static func factText(_ fact: ExplainedFact, levels: [SourceRange: Int]) -> String {
    switch fact.kind {
    case .source:
      return "\(fact.value) (decided on source text)"
    case .provable(let level):
      let system = level == 0 ? "PA" : "PA+\(level)"
      guard let factLevel = fact.level else {
        return fact.value ? "true: provable in \(system)" : "false: not provable in \(system)"
      }
      let proved = factLevel == 0 ? "PA" : "PA+\(factLevel)"
      let given =
        fact.bounded.isEmpty
        ? ""
        : ", given the answer" + (fact.bounded.count == 1 ? " of bounded search " : "s of bounded searches ")
          + fact.bounded.map { String($0 + 1) }.joined(separator: ", ")
      return fact.value
        ? "true: provable in \(system); \(proved) proves that\(given)"
        : "false: not provable in \(system); \(proved) proves that\(given)"
    case .bounded(let budget):
      // A search in PA (k = 0) says nothing more, as before levels existed.
      let system = levels[fact.range].map { $0 > 0 ? " in PA+\($0)" : "" } ?? ""
      return "\(fact.value) (budget \(budget)\(system): \(fact.summary ?? "?"))"
    }
  }

  static func text(_ explanations: [SideExplanation], sources: SourceMap, levels: [SourceRange: Int]) -> String {
    var out = "explanation\n"
    for (index, side) in explanations.enumerated() {
      let verb = side.chance ? ": results" : " outputs"
      out += "\(index == 0 ? "row" : "column"): \(side.matchup)\(verb) \(side.output)\n"
      for branch in side.branches {
        let verb =
          branch.isRandom ? (branch.taken ? "chance: took" : "chance: skipped") : (branch.taken ? "took" : "skipped")
        out += "  \(verb) `\(source(branch.range, sources))` at \(place(branch.range, sources))\n"
      }
      if side.chance {
        out += "  (this run involves chance: every path counts, weighted as in the outcome distribution)\n"
      } else if side.branches.isEmpty && side.facts.isEmpty {
        out += "  (no branches: the program decides directly)\n"
      }
      for fact in side.facts {
        out +=
          "  fact `\(source(fact.range, sources))` at \(place(fact.range, sources)): \(factText(fact, levels: levels))\n"
        if let proof = fact.proof {
          out +=
            "    proof (\(proof.count) steps; independent checker: \(fact.proofChecked == true ? "accepted" : "REJECTED")):\n"
          out += proofText(proof, indent: "      ")
        }
      }
    }
    return out
  }

  /// One numbered step a line: `n. rule: Γ ⇒ Δ  from p, q`.
  static func proofText(_ steps: [RenderedProofStep], indent: String) -> String {
    steps.map { step in
      let premises = step.premises.isEmpty ? "" : "  from " + step.premises.map(String.init).joined(separator: ", ")
      return "\(indent)\(step.number). \(step.rule): \(step.sequent)\(premises)\n"
    }.joined()
  }

  static func proofJSON(_ steps: [RenderedProofStep]) -> JSON {
    .array(
      steps.map { step in
        .object([
          "number": .int(step.number),
          "rule": .string(step.rule),
          "sequent": .string(step.sequent),
          "premises": .array(step.premises.map { .int($0) }),
        ])
      })
  }

  static func json(_ explanations: [SideExplanation], sources: SourceMap, levels: [SourceRange: Int]) -> JSON {
    .array(
      explanations.map { side in
        .object([
          "matchup": .string(side.matchup),
          "output": .string(side.output),
          "branches": .array(
            side.branches.map { branch in
              .object([
                "at": .string(place(branch.range, sources)),
                "condition": .string(source(branch.range, sources)),
                "taken": .bool(branch.taken),
                "random": .bool(branch.isRandom),
              ])
            }),
          "facts": .array(
            side.facts.map { fact in
              var object: [String: JSON] = [
                "at": .string(place(fact.range, sources)),
                "statement": .string(source(fact.range, sources)),
                "value": .bool(fact.value),
                "explanation": .string(factText(fact, levels: levels)),
              ]
              if let level = fact.level { object["level"] = .int(level) }
              if case .bounded = fact.kind, let level = levels[fact.range] { object["searchLevel"] = .int(level) }
              if !fact.bounded.isEmpty { object["bounded"] = .array(fact.bounded.map { .int($0 + 1) }) }
              if let proof = fact.proof {
                object["proof"] = proofJSON(proof)
                object["proofChecked"] = .bool(fact.proofChecked == true)
              }
              return .object(object)
            }),
        ])
      })
  }
}
