// From a `tournament { ... }` declaration to its list of agents: families expanded, sizes bounded.

import BargainSyntax

/// Named limits on tournaments (Grammar/semantics.md, limits table).
public enum TournamentLimits {
  /// Most agents in one tournament. A round robin plays N² pairs and keeps a result per pair in
  /// memory: 2,000 agents are 4 million pairs, minutes of work at best; larger studies are split
  /// with `--shard` and run on a cluster.
  public static let maxAgents = 2_000
}

/// One agent of a tournament before loading: an agent file (relative to the tournament file)
/// and/or a program expression, where the declaration says so.
public struct TournamentEntrySpec: Hashable, Sendable {
  public var path: String?
  public var selection: Expr?
  public var range: SourceRange
}

public enum TournamentMessage: DiagnosticMessage, Hashable {
  case emptyFamily(low: Int, high: Int)
  case zeroStep
  case noAgents
  case tooManyAgents(limit: Int)
  case secondTournament
  case noTournament(path: String)

  public var id: String {
    switch self {
    case .emptyFamily: return "tournament.empty-family"
    case .zeroStep: return "tournament.step"
    case .noAgents: return "tournament.no-agents"
    case .tooManyAgents: return "limit.tournament-agents"
    case .secondTournament: return "tournament.second-declaration"
    case .noTournament: return "tournament.none"
    }
  }

  public var message: String {
    switch self {
    case .emptyFamily(let low, let high): return "the family's range \(low)..\(high) is empty"
    case .zeroStep: return "a family's step must be at least 1"
    case .noAgents: return "the tournament has no agents"
    case .tooManyAgents(let limit): return "the tournament has more than \(limit) agents (maxAgents)"
    case .secondTournament: return "a file declares at most one tournament"
    case .noTournament(let path): return "'\(path)' declares no tournament"
    }
  }
}

public enum TournamentEntries {
  /// The declaration's agents in order, each family expanded value by value (rule R2).
  public static func expand(_ decl: TournamentDecl) -> (entries: [TournamentEntrySpec], diagnostics: [Diagnostic]) {
    var entries: [TournamentEntrySpec] = []
    var diagnostics: [Diagnostic] = []
    for entry in decl.entries {
      guard let family = entry.family else {
        entries.append(TournamentEntrySpec(path: entry.path, selection: entry.program, range: entry.range))
        continue
      }
      let step = family.step?.value ?? 1
      if step < 1 {
        diagnostics.append(TournamentMessage.zeroStep.diagnostic(at: family.step?.range ?? family.range))
        continue
      }
      if family.low.value > family.high.value {
        diagnostics.append(
          TournamentMessage.emptyFamily(low: family.low.value, high: family.high.value).diagnostic(at: family.range))
        continue
      }
      var value = family.low.value
      while value <= family.high.value {
        guard entries.count < TournamentLimits.maxAgents else {
          diagnostics.append(
            TournamentMessage.tooManyAgents(limit: TournamentLimits.maxAgents).diagnostic(at: family.range))
          return (entries, diagnostics)
        }
        entries.append(
          TournamentEntrySpec(
            path: entry.path, selection: entry.program?.substituting(family.variable.name, with: value),
            range: entry.range))
        let (next, overflow) = value.addingReportingOverflow(step)
        if overflow { break }
        value = next
      }
    }
    if entries.count > TournamentLimits.maxAgents {
      diagnostics.append(TournamentMessage.tooManyAgents(limit: TournamentLimits.maxAgents).diagnostic(at: decl.range))
    } else if entries.isEmpty && diagnostics.isEmpty {
      diagnostics.append(TournamentMessage.noAgents.diagnostic(at: decl.range))
    }
    return (entries, diagnostics)
  }
}
