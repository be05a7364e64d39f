// BargainKit: the library façade over the interpreter for other Swift packages. Load agents the
// way the command line names them, play a match, run a tournament, and read the results as Swift
// values (`TournamentResult`, `PairResult`, `TournamentAnalysis`), no text parsing.

import BargainCLI
@_exported import BargainLogic
@_exported import BargainProtocol
@_exported import BargainSemantics
@_exported import BargainTournament

/// A load or check failure, rendered as the command line would (`file:line:col`, caret).
public struct BargainError: Error, Sendable {
  public var message: String
  /// 1: a program has errors; 3: a resource limit.
  public var exitCode: Int32
}

/// A checked population: agents named as on the command line (`FILE`, `FILE:PROGRAM`,
/// directories, study files with a `tournament { ... }` declaration).
public struct Population: Sendable {
  public let world: CheckedWorld
  public let agents: [TournamentAgent]
  /// The declaration's `horizon` and `lag`, when a study file set them.
  public let horizon: Int?
  public let lag: Int?

  /// Reads and checks the agents (only files inside `confinedTo`, when given).
  public static func load(_ inputs: [String], confinedTo directory: String? = nil) throws(BargainError) -> Population {
    switch PopulationLoader.load(inputs, confinedTo: directory) {
    case .success(let loaded):
      return Population(world: loaded.world, agents: loaded.agents, horizon: loaded.horizon, lag: loaded.lag)
    case .failure(let failure):
      throw BargainError(message: failure.message, exitCode: failure.exitCode)
    }
  }

  public var names: [String] { agents.map(\.name) }

  /// One match between two agents of the population (pre-bargaining, then bargaining).
  public func play(_ row: Int, _ column: Int, options: TournamentOptions = TournamentOptions()) -> PairOutcome {
    Tournament.play(world: world, agents: agents, row, column, options)
  }

  /// Every pair; `options.jobs` threads, the same result for any number.
  public func tournament(_ options: TournamentOptions = TournamentOptions()) -> TournamentResult {
    var options = options
    if let horizon, options.horizon == ProtocolLimits.defaultHorizon { options.horizon = horizon }
    if let lag, options.lag == ProtocolLimits.defaultLag { options.lag = lag }
    return Tournament.run(world: world, agents: agents, options: options)
  }
}
