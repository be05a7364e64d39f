// Plays two program instances: builds the matchup system, rejects unguarded cycles, solves it on
// the Kripke frame of GL and reads off each side's eventual output and its proof level.

import BargainLogic
import BargainSemantics
import BargainSyntax

public struct SideResult: Sendable {
  public var instance: ProgramInstance
  /// The eventual output (true in the standard model).
  public var output: Output
  /// The least n such that PA+n proves this output.
  public var level: Int
}

public struct SolvedMatch: Sendable {
  public var world: CheckedWorld
  /// Row side first.
  public var sides: [SideResult]
  /// The first world from which every boxed subformula keeps its value.
  public var stableWorld: Int
  /// `frames[w][side]`: each side's output at world w, for w in 0...stableWorld.
  public var frames: [[Output]]
  public var matchupCount: Int
  public var atomCount: Int
}

public enum MatchSolver {
  public static func solve(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance
  ) throws(RuntimeFailure) -> SolvedMatch {
    var compiler = MatchupCompiler(world: world)
    let rowIndex = try compiler.require(Matchup(player: row, opponent: column))
    let columnIndex = try compiler.require(Matchup(player: column, opponent: row))
    let system = compiler.system
    try rejectUnguardedCycles(system)
    let solution: KripkeSolution
    do {
      var limits = KripkeLimits.standard
      limits.maxWorlds = RuntimeLimits.maxWorlds
      solution = try KripkeSolver.solve(
        ModalSystem(arena: system.arena, definitions: system.definitions), limits: limits)
    } catch {
      switch error {
      case .unguardedCycle:
        throw RuntimeFailure(.unguardedCycle(cycle: [world.describe(Matchup(player: row, opponent: column))]), at: nil)
      case .worldLimit(let limit):
        throw RuntimeFailure(
          .limit(name: "maxWorlds", limit: limit, what: "the Kripke sequence did not settle"), at: nil)
      case .atomLimit(let limit):
        throw RuntimeFailure(.limit(name: "maxAtoms", limit: limit, what: "too many atoms"), at: nil)
      case .undefinedAtom, .invalidDefinition:
        throw RuntimeFailure(
          .limit(name: "maxAtoms", limit: system.definitions.count, what: "an atom has no definition"), at: nil)
      }
    }
    let outputs = system.outputs
    func eventual(_ matchup: Int) -> (Int, Int) {
      for position in outputs.indices {
        let atom = system.atom(matchup: matchup, output: position)
        if solution.eventualValue(ofAtom: atom) { return (position, solution.level(ofAtom: atom) ?? 0) }
      }
      return (0, 0)
    }
    func output(_ matchup: Int, atWorld world: Int) -> Output {
      for position in outputs.indices
      where solution.value(ofAtom: system.atom(matchup: matchup, output: position), atWorld: world) {
        return outputs[position]
      }
      return outputs[0]
    }
    let (rowOutput, rowLevel) = eventual(rowIndex)
    let (columnOutput, columnLevel) = eventual(columnIndex)
    let frames = (0...solution.stableWorld).map { w in [output(rowIndex, atWorld: w), output(columnIndex, atWorld: w)] }
    return SolvedMatch(
      world: world,
      sides: [
        SideResult(instance: row, output: outputs[rowOutput], level: rowLevel),
        SideResult(instance: column, output: outputs[columnOutput], level: columnLevel),
      ],
      stableWorld: solution.stableWorld, frames: frames, matchupCount: system.matchups.count,
      atomCount: system.definitions.count)
  }

  /// Unguarded references must be well-founded; report the first cycle with each step's location.
  static func rejectUnguardedCycles(_ system: MatchupSystem) throws(RuntimeFailure) {
    let count = system.matchups.count
    var state = Array(repeating: 0, count: count)  // 0 new, 1 on stack, 2 done
    for root in 0..<count where state[root] == 0 {
      // Iterative DFS: (node, next edge index).
      var stack: [(node: Int, edge: Int)] = [(root, 0)]
      state[root] = 1
      while let top = stack.last {
        let edges = system.unguarded[top.node]
        if top.edge < edges.count {
          stack[stack.count - 1].edge += 1
          let target = edges[top.edge].target
          if state[target] == 1 {
            guard let start = stack.firstIndex(where: { $0.node == target }) else { continue }
            let loop = stack[start...]
            var names = loop.map { system.world.describe(system.matchups[$0.node]) }
            names.append(system.world.describe(system.matchups[target]))
            let notes = loop.map { step -> Diagnostic.Note in
              let edge = system.unguarded[step.node][step.edge - 1]
              return Diagnostic.Note(
                message:
                  "\(system.world.describe(system.matchups[step.node])) needs \(system.world.describe(system.matchups[edge.target])) here",
                range: edge.range)
            }
            throw RuntimeFailure(.unguardedCycle(cycle: names), at: notes.first?.range, notes: Array(notes.dropFirst()))
          }
          if state[target] == 0 {
            state[target] = 1
            stack.append((target, 0))
          }
        } else {
          state[top.node] = 2
          stack.removeLast()
        }
      }
    }
  }
}

extension MatchupCompiler {
  /// Evaluates a closed program expression (a command-line agent such as `Demand(70)`).
  public static func instance(of expr: CheckedExpr, in world: CheckedWorld) -> ProgramInstance? {
    guard case .program(let id, let arguments) = expr.kind else { return nil }
    var values: [Value] = []
    for argument in arguments {
      guard let value = closedValue(argument, world) else { return nil }
      values.append(value)
    }
    return ProgramInstance(program: id, arguments: values)
  }

  static func closedValue(_ expr: CheckedExpr, _ world: CheckedWorld) -> Value? {
    switch expr.kind {
    case .integer(let number): return .int(number)
    case .boolean(let truth): return .bool(truth)
    case .action(let index): return .action(index)
    case .outsideOption(let index): return .outside(index)
    case .negate(let inner):
      guard case .int(let number)? = closedValue(inner, world), number != Int.min else { return nil }
      return .int(-number)
    case .arithmetic(let op, let left, let right):
      guard case .int(let x)? = closedValue(left, world), case .int(let y)? = closedValue(right, world) else {
        return nil
      }
      let result: (partialValue: Int, overflow: Bool)
      switch op {
      case .add: result = x.addingReportingOverflow(y)
      case .subtract: result = x.subtractingReportingOverflow(y)
      case .multiply: result = x.multipliedReportingOverflow(by: y)
      case .divide: result = y == 0 ? (0, true) : x.dividedReportingOverflow(by: y)
      case .remainder: result = y == 0 ? (0, true) : x.remainderReportingOverflow(dividingBy: y)
      }
      return result.overflow ? nil : .int(result.partialValue)
    case .program:
      return instance(of: expr, in: world).map { .program($0) }
    case .parameter, .local, .me, .them, .play, .not, .and, .or, .order, .equal, .membership, .outputField,
      .unconditional, .provable:
      return nil
    }
  }
}
