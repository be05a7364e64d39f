// One match of the bargaining phase: solve both programs, let the commitment device enforce each
// side's committed constraints, then settle.

import BargainRuntime
import BargainSemantics

/// The outcome of one match, as plain data for the renderers.
public struct MatchReport: Sendable {
  public var game: Game
  /// Row first; each side's program, eventual output (before enforcement) and proof level.
  public var sides: [SideResult]
  public var names: [String]
  /// The outputs that were settled: the programs' outputs, or the nearest allowed ones.
  public var finalOutputs: [Output]
  /// Per side, a note when the commitment device replaced the program's output.
  public var enforcements: [String?]
  public var settlement: Settlement
  public var stableWorld: Int
  public var frames: [[Output]]
  public var matchupCount: Int
}

public enum Match {
  /// `allowed[side]` lists the outputs that side's commitments allow (nil: no constraints).
  public static func play(
    world: CheckedWorld, row: ProgramInstance, column: ProgramInstance, allowed: [[Bool]]? = nil
  ) throws(RuntimeFailure) -> MatchReport {
    let solved = try MatchSolver.solve(world: world, row: row, column: column)
    var finals: [Output] = []
    var notes: [String?] = []
    for (index, side) in solved.sides.enumerated() {
      let permitted = allowed.flatMap { $0.indices.contains(index) ? $0[index] : nil }
      let (output, note) = enforce(side.output, permitted, world.game)
      finals.append(output)
      notes.append(note)
    }
    guard let settlement = Settle.settle(world.game, row: finals[0], column: finals[1]) else {
      throw RuntimeFailure(.limit(name: "outputs", limit: 0, what: "an output does not belong to the game"), at: nil)
    }
    return MatchReport(
      game: world.game, sides: solved.sides, names: solved.sides.map { world.describe($0.instance) },
      finalOutputs: finals, enforcements: notes, settlement: settlement, stableWorld: solved.stableWorld,
      frames: solved.frames, matchupCount: solved.matchupCount)
  }

  /// Protocol rule P8: an output outside the committed constraints becomes the nearest allowed one:
  /// the allowed demand closest to it (ties: the smaller), keeping the outside option if allowed,
  /// else the first allowed option in the game's order. Matrix games: the first allowed action.
  static func enforce(_ output: Output, _ allowed: [Bool]?, _ game: Game) -> (Output, String?) {
    let outputs = game.outputs
    guard let allowed, let index = game.outputIndex(output), allowed.indices.contains(index), !allowed[index],
      allowed.contains(true)
    else { return (output, nil) }
    var best: (score: (Int, Int, Int, Int), output: Output)?
    for (position, candidate) in outputs.enumerated() where allowed[position] {
      let score: (Int, Int, Int, Int)
      switch (output, candidate) {
      case (.bargain(let demand, let option), .bargain(let newDemand, let newOption)):
        score = (abs(newDemand - demand), newDemand, newOption == option ? 0 : 1, newOption)
      default:
        score = (position, 0, 0, 0)
      }
      if best == nil || score < (best?.score ?? score) { best = (score, candidate) }
    }
    guard let replacement = best?.output else { return (output, nil) }
    return (
      replacement,
      "the commitment device replaced \(game.describe(output)) by \(game.describe(replacement))"
    )
  }
}
