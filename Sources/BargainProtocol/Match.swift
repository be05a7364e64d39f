// One match of the bargaining phase: solve both programs, then settle.

import BargainRuntime
import BargainSemantics

/// The outcome of one match, as plain data for the renderers.
public struct MatchReport: Sendable {
  public var game: Game
  /// Row first; each side's program, eventual output and proof level.
  public var sides: [SideResult]
  public var names: [String]
  public var settlement: Settlement
  public var stableWorld: Int
  public var frames: [[Output]]
  public var matchupCount: Int
}

public enum Match {
  public static func play(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance
  ) throws(RuntimeFailure) -> MatchReport {
    let solved = try MatchSolver.solve(world: world, row: row, column: column)
    guard let settlement = Settle.settle(world.game, row: solved.sides[0].output, column: solved.sides[1].output)
    else {
      throw RuntimeFailure(.limit(name: "outputs", limit: 0, what: "an output does not belong to the game"), at: nil)
    }
    return MatchReport(
      game: world.game, sides: solved.sides, names: solved.sides.map { world.describe($0.instance) },
      settlement: settlement, stableWorld: solved.stableWorld, frames: solved.frames,
      matchupCount: solved.matchupCount)
  }
}
