// Static checks of a plan (`bargain check`): commitments the commitment device would certainly
// refuse because they contradict an earlier unconditional one (protocol rule P4).

import BargainRuntime
import BargainSemantics
import BargainSyntax

public enum PlanMessage: DiagnosticMessage {
  case neverAccepted(commitment: String, reason: String)
  /// The main program can break what the plan commits to unconditionally (rule P8's fallback).
  case mainBound(program: String, output: String, commitments: String)

  public var id: String {
    switch self {
    case .neverAccepted: return "check.plan-contradiction"
    case .mainBound: return "check.main-bound"
    }
  }

  public var message: String {
    switch self {
    case .neverAccepted(let commitment, let reason):
      return "`commit \(commitment)` can never be accepted: \(reason)"
    case .mainBound(let program, let output, let commitments):
      return "main program \(program) can output \(output), forbidden by \(commitments)"
    }
  }

  public var help: String? {
    switch self {
    case .neverAccepted:
      return "the commitment device will reject it at run time; the timeline shows the rejection"
    case .mainBound:
      return
        "without a committed single program it bargains bound by them: outputs outside become the nearest allowed one (rule P8)"
    }
  }
}

public enum PlanAnalysis {
  /// Warnings for commitments that contradict what the plan commits to unconditionally before them.
  public static func diagnostics(for agent: CheckedAgent, in world: CheckedWorld) -> [Diagnostic] {
    guard let plan = agent.plan else { return [] }
    var allowed = world.game.outputs.map { _ in true }
    var sources: [String] = []
    var single: ProgramInstance?
    var diagnostics: [Diagnostic] = []
    var cache: [ProgramInstance: [Bool]] = [:]
    func possible(_ instance: ProgramInstance) -> [Bool] {
      if let known = cache[instance] { return known }
      let result = PossibleOutputs.of(instance, in: world)
      cache[instance] = result
      return result
    }
    func outputsOf(_ commitment: CheckedCommitment) -> (allowed: [Bool], text: String, program: ProgramInstance?)? {
      switch commitment {
      case .demand(let op, let bound, _):
        return (CommitmentOutputs.allowed(op, bound, in: world.game), "demand \(op.rawValue) \(bound)", nil)
      case .outside(let option, _):
        return (
          CommitmentOutputs.allowed(outside: option, in: world.game), "outside = \(world.describe(.outside(option)))",
          nil
        )
      case .program(let expr, _):
        guard let instance = MatchupCompiler.instance(of: expr, in: world) else { return nil }
        return (possible(instance), "program \(world.describe(instance))", instance)
      case .programSet, .computedDemand:
        // Known only when the plan runs.
        return nil
      case .payoff:
        // About payoffs, not outputs: it cannot contradict a bound.
        return nil
      }
    }
    func visit(_ actions: [CheckedPlanAction], time: Int, unconditional: Bool) {
      for action in actions {
        switch action {
        case .commit(let commitment, let range):
          guard let (set, text, program) = outputsOf(commitment) else { continue }
          var reason: String?
          if let program, let single, !world.sameSource(program, single) {
            reason = "the plan already commits to program \(world.describe(single)) unconditionally"
          } else if program != nil,
            let index = set.indices.first(where: { set[$0] && !allowed[$0] })
          {
            reason =
              "it can output \(world.game.describe(world.game.outputs[index])), forbidden by \(sources.joined(separator: ", "))"
          } else if program == nil, !zip(set, allowed).contains(where: { $0 && $1 }) {
            reason = "it contradicts \(sources.joined(separator: ", "))"
          }
          if let reason {
            diagnostics.append(
              Diagnostic(
                severity: .warning, id: PlanMessage.neverAccepted(commitment: text, reason: reason).id,
                message: PlanMessage.neverAccepted(commitment: text, reason: reason).message, range: range,
                help: PlanMessage.neverAccepted(commitment: text, reason: reason).help))
          } else if unconditional, program.map({ world.program($0.program)?.mentionsOpponent ?? true }) != true {
            // Conditional programs may be refused for want of a capability, so they prove nothing.
            allowed = zip(allowed, set).map { $0 && $1 }
            sources.append("`\(text)` (unconditional, t=\(time))")
            if let program { single = program }
          }
        case .conditional(_, let then, let otherwise, _), .chance(_, let then, let otherwise, _):
          visit(then, time: time, unconditional: false)
          visit(otherwise, time: time, unconditional: false)
        case .channel, .prepare, .delegate:
          break
        }
      }
    }
    for step in plan { visit(step.actions, time: step.time, unconditional: step.condition == nil) }
    if single == nil, !sources.isEmpty, let main = MatchupCompiler.instance(of: agent.main, in: world),
      let index = zip(possible(main), allowed).enumerated().first(where: { $0.element.0 && !$0.element.1 })?.offset
    {
      let message = PlanMessage.mainBound(
        program: world.describe(main), output: world.game.describe(world.game.outputs[index]),
        commitments: sources.joined(separator: ", "))
      diagnostics.append(
        Diagnostic(
          severity: .warning, id: message.id, message: message.message, range: agent.main.range, help: message.help))
    }
    return diagnostics
  }
}
