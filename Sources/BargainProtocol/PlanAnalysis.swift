// Static checks of a plan (`bargain check`): commitments the commitment device would certainly
// refuse because they contradict an earlier unconditional one (protocol rule P4).

import BargainRuntime
import BargainSemantics
import BargainSyntax

public enum PlanMessage: DiagnosticMessage {
  case neverAccepted(commitment: String, reason: String)
  /// The main program can break what the plan commits to unconditionally (rule P8's fallback).
  /// `successor`: the main program is a successor's, bargaining after `commit delegate` (rule P15).
  case mainBound(program: String, successor: String?, output: String, commitments: String)

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
    case .mainBound(let program, let successor, let output, let commitments):
      let owner = successor.map { " of successor \($0)" } ?? ""
      return "main program \(program)\(owner) can output \(output), forbidden by \(commitments)"
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
  /// Warnings for commitments that contradict what the plan commits to unconditionally before them,
  /// and for the main program that bargains (the delegator's, or a successor's after `commit
  /// delegate`, rule P15) when it can break the unconditional commitments that bind it.
  public static func diagnostics(for agent: CheckedAgent, in world: CheckedWorld) -> [Diagnostic] {
    guard let plan = agent.plan else { return [] }
    var walk = PlanWalk(agent: agent, world: world)
    var bounds = PlanBounds(allowed: world.game.outputs.map { _ in true })
    if let delegation = walk.walk(plan, offset: 0, bounds: &bounds, contradictions: true) {
      // The rest of the plan never runs and the delegator's main never bargains (rule P15).
      walk.reach(delegation.successor, at: delegation.time, bounds: bounds)
    } else {
      walk.checkMain(agent.main, successor: nil, bounds: bounds)
    }
    return walk.diagnostics
  }
}

/// What the unconditional commitments accepted so far allow.
struct PlanBounds {
  var allowed: [Bool]
  var sources: [String] = []
  /// The committed single program: a later `commit delegate` is refused (rule P15).
  var single: ProgramInstance?
}

/// One pass over an agent's plan and the plans of the successors it can delegate to.
struct PlanWalk {
  let agent: CheckedAgent
  let world: CheckedWorld
  var diagnostics: [Diagnostic] = []
  var cache: [ProgramInstance: [Bool]] = [:]
  /// Successors already checked: each at the first delegation that reaches it (the one with the
  /// fewest commitments before it, as bounds only grow along a plan), so the pass stays linear.
  var reached: Set<Int> = []

  mutating func possible(_ instance: ProgramInstance) -> [Bool] {
    if let known = cache[instance] { return known }
    let result = PossibleOutputs.of(instance, in: world)
    cache[instance] = result
    return result
  }

  mutating func outputsOf(_ commitment: CheckedCommitment) -> (
    allowed: [Bool], text: String, program: ProgramInstance?
  )? {
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

  /// Walks `steps` (their times shifted by `offset`) from `bounds`; returns the unconditional
  /// delegation that ends the plan, if any. `contradictions`: report commitments that can never
  /// be accepted (only for the agent's own plan: a successor's plan is judged from one path).
  mutating func walk(
    _ steps: [CheckedPlanStep], offset: Int, bounds: inout PlanBounds, contradictions: Bool
  ) -> (successor: Int, time: Int)? {
    let start = bounds
    for step in steps {
      // A `when` step may fire before any `at` step: a delegation in it is bound by `start` only.
      let found = visit(
        step.actions, time: offset + step.time, unconditional: step.condition == nil, bounds: &bounds,
        delegationBounds: step.condition == nil ? nil : start, contradictions: contradictions)
      if let found { return found }
    }
    return nil
  }

  mutating func visit(
    _ actions: [CheckedPlanAction], time: Int, unconditional: Bool, bounds: inout PlanBounds,
    delegationBounds: PlanBounds?, contradictions: Bool
  ) -> (successor: Int, time: Int)? {
    for action in actions {
      switch action {
      case .commit(let commitment, let range):
        guard let (set, text, program) = outputsOf(commitment) else { continue }
        var reason: String?
        if let program, let single = bounds.single, !world.sameSource(program, single) {
          reason = "the plan already commits to program \(world.describe(single)) unconditionally"
        } else if program != nil,
          let index = set.indices.first(where: { set[$0] && !bounds.allowed[$0] })
        {
          reason =
            "it can output \(world.game.describe(world.game.outputs[index])), forbidden by \(bounds.sources.joined(separator: ", "))"
        } else if program == nil, !zip(set, bounds.allowed).contains(where: { $0 && $1 }) {
          reason = "it contradicts \(bounds.sources.joined(separator: ", "))"
        }
        if let reason {
          if contradictions {
            let message = PlanMessage.neverAccepted(commitment: text, reason: reason)
            diagnostics.append(
              Diagnostic(
                severity: .warning, id: message.id, message: message.message, range: range, help: message.help))
          }
        } else if unconditional, program.map({ world.program($0.program)?.mentionsOpponent ?? true }) != true {
          // Conditional programs may be refused for want of a capability, so they prove nothing.
          bounds.allowed = zip(bounds.allowed, set).map { $0 && $1 }
          bounds.sources.append("`\(text)` (unconditional, t=\(time))")
          if let program { bounds.single = program }
        }
      case .conditional(_, let then, let otherwise, _), .chance(_, let then, let otherwise, _):
        for branch in [then, otherwise] {
          _ = visit(
            branch, time: time, unconditional: false, bounds: &bounds,
            delegationBounds: delegationBounds ?? bounds, contradictions: contradictions)
        }
      case .delegate(let successor, _):
        // Refused after a single program (rule P15): the plan goes on.
        guard bounds.single == nil else { continue }
        if unconditional { return (successor, time) }
        // Maybe delegated: the successor's main may bargain, bound by what was committed so far;
        // the delegator's main still bargains when it is not.
        reach(successor, at: time, bounds: delegationBounds ?? bounds)
      case .channel, .prepare:
        break
      }
    }
    return nil
  }

  /// A delegation to `successor` at `time`, after the commitments in `bounds`: its plan runs from
  /// time + 1 and its main bargains unless it delegates again (rule P15).
  mutating func reach(_ successor: Int, at time: Int, bounds: PlanBounds) {
    var bounds = bounds
    var current = successor
    var time = time
    while agent.successors.indices.contains(current), reached.insert(current).inserted {
      let next = agent.successors[current]
      guard let delegation = walk(next.plan ?? [], offset: time + 1, bounds: &bounds, contradictions: false) else {
        checkMain(next.main, successor: next.name, bounds: bounds)
        return
      }
      current = delegation.successor
      time = delegation.time
    }
  }

  /// `check.main-bound`: `main` bargains without a committed single program, so the commitments
  /// bind it (rule P8); warn when it can output something they forbid.
  mutating func checkMain(_ main: CheckedExpr, successor: String?, bounds: PlanBounds) {
    guard bounds.single == nil, !bounds.sources.isEmpty, let instance = MatchupCompiler.instance(of: main, in: world),
      let index = zip(possible(instance), bounds.allowed).enumerated().first(where: {
        $0.element.0 && !$0.element.1
      })?.offset
    else { return }
    let message = PlanMessage.mainBound(
      program: world.describe(instance), successor: successor,
      output: world.game.describe(world.game.outputs[index]), commitments: bounds.sources.joined(separator: ", "))
    diagnostics.append(
      Diagnostic(severity: .warning, id: message.id, message: message.message, range: main.range, help: message.help))
  }
}
