// Checking successors and delegation (Grammar/semantics.md, rule P15): each `agent S { ... }`
// block's plan and main, at most one delegation on any path through a plan, no circles.

import BargainSyntax

extension CheckerState {
  /// The file's successors, in file order; `plan` is the agent's own checked plan.
  mutating func checkSuccessors(file: FileID, plan: [CheckedPlanStep]?) -> [CheckedSuccessor] {
    let decls = units[file.index].unit.items.compactMap { item -> AgentDecl? in
      if case .agent(let decl) = item { return decl }
      return nil
    }
    var successors: [CheckedSuccessor] = []
    var checkedPlans: [[CheckedPlanStep]?] = []
    var seen: [String] = []
    for decl in decls {
      if seen.contains(decl.name.name) {
        report(.duplicateDeclaration(kind: "agent", name: decl.name.name), decl.name.range)
      }
      seen.append(decl.name.name)
      for extra in decl.plans.dropFirst() { report(.secondPlan, extra.range) }
      for extra in decl.mains.dropFirst() { report(.secondMain, extra.range) }
      let steps = decl.plans.first.map { checkPlanSteps($0, file: file) }
      checkedPlans.append(steps)
      guard let main = decl.mains.first else {
        report(.successorWithoutMain(name: decl.name.name), decl.name.range)
        continue
      }
      var context = ExprContext(file: file, parameters: [], allowOpponent: false)
      guard let expr = checkExpr(main.program, &context) else { continue }
      guard expr.type == .program else {
        report(.typeMismatch(context: "`main`", expected: "a program", found: expr.type), main.program.range)
        continue
      }
      successors.append(CheckedSuccessor(name: decl.name.name, main: expr, plan: steps))
    }
    checkDelegatesOnce(plan)
    for steps in checkedPlans { checkDelegatesOnce(steps) }
    checkDelegationCircles(decls, plans: checkedPlans)
    // Indices in delegate actions count every block; only a complete list keeps them right.
    return successors.count == decls.count ? successors : []
  }

  /// Reports a `commit delegate` that some path through the plan reaches after another one
  /// (conditions are not evaluated: both branches of an `if` are paths).
  mutating func checkDelegatesOnce(_ plan: [CheckedPlanStep]?) {
    var first: String?
    for step in plan ?? [] { first = walkDelegates(step.actions, first: first) }
  }

  /// The successor some path has delegated to after `actions`, given `first` before them.
  mutating func walkDelegates(_ actions: [CheckedPlanAction], first: String?) -> String? {
    var current = first
    for action in actions {
      switch action {
      case .delegate(let index, let range):
        let name = successorNames.indices.contains(index) ? successorNames[index] : "?"
        if let earlier = current {
          report(.delegateTwice(first: earlier), range)
        } else {
          current = name
        }
      case .conditional(_, let then, let otherwise, _), .chance(_, let then, let otherwise, _):
        let a = walkDelegates(then, first: current)
        let b = walkDelegates(otherwise, first: current)
        current = a ?? b
      case .commit, .channel, .prepare:
        break
      }
    }
    return current
  }

  /// Successors whose plans delegate back to themselves, directly or through others.
  mutating func checkDelegationCircles(_ decls: [AgentDecl], plans: [[CheckedPlanStep]?]) {
    let edges = plans.map { steps in delegateTargets((steps ?? []).flatMap(\.actions)) }
    var reported: Set<Int> = []
    for start in decls.indices where !reported.contains(start) {
      // Depth-first from `start` over successor indices, keeping the path to name the circle.
      var path = [start]
      var next = [edges.indices.contains(start) ? edges[start] : []]
      while let last = next.last {
        guard let target = last.first else {
          next.removeLast()
          path.removeLast()
          continue
        }
        next[next.count - 1].removeFirst()
        if target == start {
          let names = (path + [start]).map { decls.indices.contains($0) ? decls[$0].name.name : "?" }
          report(.delegateCycle(names: names), decls[start].name.range)
          for index in path { reported.insert(index) }
          break
        }
        guard !path.contains(target), edges.indices.contains(target) else { continue }
        path.append(target)
        next.append(edges[target])
      }
    }
  }

  func delegateTargets(_ actions: [CheckedPlanAction]) -> [Int] {
    var targets: [Int] = []
    for action in actions {
      switch action {
      case .delegate(let index, _): if !targets.contains(index) { targets.append(index) }
      case .conditional(_, let then, let otherwise, _), .chance(_, let then, let otherwise, _):
        for index in delegateTargets(then + otherwise) where !targets.contains(index) { targets.append(index) }
      case .commit, .channel, .prepare: break
      }
    }
    return targets
  }
}
