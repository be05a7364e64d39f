// Every message the checker can emit, with its stable id.

import BargainSyntax

public enum SemanticMessage: DiagnosticMessage {
  case noGame(programs: Int, available: [String])
  case secondGame(name: String)
  /// `declaredIn`: a loaded file that declares the name but is not imported directly (and the
  /// import line that would make it visible).
  case unknownGame(name: String, suggestion: String?, declaredIn: (path: String, importPath: String)? = nil)
  case gameMismatch(firstPath: String, firstGame: String, secondPath: String, secondGame: String)
  case importedGameMismatch(path: String, imported: String, playing: String)
  case invalidGame(name: String, problem: String)
  case duplicateDeclaration(kind: String, name: String)
  case ambiguousName(name: String, files: [String])
  case unknownName(name: String, suggestion: String?, declaredIn: (path: String, importPath: String)? = nil)
  case noAgent(path: String, programs: [String])
  case typeMismatch(context: String, expected: String, found: ValueType)
  case operandTypes(operation: String, left: ValueType, right: ValueType)
  case notAProgram(found: ValueType)
  case needsArguments(program: String, signature: String)
  /// A default value that needs itself: `program P(x: program = P)`.
  case recursiveDefault(program: String, parameter: String)
  case argumentCount(program: String, expected: String, found: Int)
  case playArity(found: Int)
  case unknownField(field: String, type: ValueType, suggestion: String?)
  case wrongOutputForGame(statement: String, game: String, kind: String)
  case noDefaultOutside(game: String, options: [String])
  case duplicateLocal(name: String)
  case opponentInDefault(name: String)
  case emptySet
  case secondPlan
  case secondLag
  case lagTooSmall(lag: Int)
  /// `prepare c for n cost r` with r < 0 (rule P7).
  case negativeCost(cost: String)
  /// `commit delegate S` with no `agent S { ... }` in the file (rule P15).
  case unknownSuccessor(name: String, suggestion: String?)
  /// A plan that could reach a second `commit delegate` after a first one (rule P15).
  case delegateTwice(first: String)
  /// Successors that delegate to each other in a circle (rule P15).
  case delegateCycle(names: [String])
  /// `agent S { ... }` without a `main` (rule P15).
  case successorWithoutMain(name: String)
  case localLimit(limit: Int)
  case emptyFile(path: String)
  case agentNeedsArguments(program: String, signature: String, path: String)
  case outputLimit(count: Int, limit: Int)
  case preludeProgramOutsideMatrix(name: String, game: String)
  case agentMentionsOpponent(name: String)
  case secondMain
  case timeOutOfRange(time: Int, limit: Int)
  case unknownCapability(name: String, suggestion: String?)
  /// A history read or a later-round play in a game without `rounds` (rule M3).
  case noRounds(construct: String, game: String)
  /// `at round` / `eventually accepts` after something that is not a play `X(Y)` (rule M4).
  case notAPlay(construct: String)
  /// `rounds N` above `maxRounds` (rule M1).
  case roundsLimit(count: Int, limit: Int)
  /// Warnings do not make `check` fail.
  public var severity: Severity {
    switch self {
    case .demandOffGrid, .playsItself, .unusedProgram, .unusedImport: return .warning
    case .noGame, .secondGame, .unknownGame, .gameMismatch, .importedGameMismatch, .invalidGame,
      .duplicateDeclaration, .ambiguousName, .unknownName, .noAgent, .typeMismatch, .operandTypes, .notAProgram,
      .needsArguments, .recursiveDefault, .argumentCount, .playArity, .unknownField, .wrongOutputForGame,
      .noDefaultOutside, .duplicateLocal, .opponentInDefault, .emptySet, .secondPlan, .localLimit, .emptyFile,
      .agentNeedsArguments, .outputLimit, .preludeProgramOutsideMatrix, .agentMentionsOpponent, .secondMain,
      .timeOutOfRange, .unknownCapability, .unknownArgument, .duplicateArgument, .missingArguments,
      .positionalAfterNamed, .namedArgumentInPlay, .instantiateThenPlay, .genericGameNeedsActions,
      .genericGameClause, .gameLacksActions, .noConcreteGame, .secondLag, .lagTooSmall,
      .negativeCost, .unknownSuccessor, .delegateTwice, .delegateCycle, .successorWithoutMain, .noRounds, .notAPlay,
      .roundsLimit:
      return .error
    }
  }

  /// `P(k: 1)` where P has no parameter `k`.
  case unknownArgument(program: String, name: String, signature: String, suggestion: String?)
  /// A parameter given twice (by name, or by position and by name).
  case duplicateArgument(program: String, name: String)
  /// Parameters without a default that no argument gives.
  case missingArguments(program: String, names: [String], signature: String)
  case positionalAfterNamed(program: String)
  /// `X(k: Y)` where X is played, not instantiated.
  case namedArgumentInPlay(name: String)
  /// `P(Y)` where P's first parameter is not a program and Y is one: P(args)(Y) was meant.
  case instantiateThenPlay(program: String, parameter: String, expected: String, suggestion: String)
  /// `game any` without `{ actions ... }`.
  case genericGameNeedsActions
  /// A clause other than `actions` in `game any { ... }`.
  case genericGameClause
  /// The match's game lacks actions a `game any { actions ... }` file needs (or is not a matrix game).
  case gameLacksActions(path: String, game: String, missing: [String])
  /// Every agent of a match plays `game any`: no file says which game.
  case noConcreteGame
  // Warnings: what `check` decides statically about a run that may or may not be reached.
  case demandOffGrid(demand: Int, game: String, grid: String)
  case playsItself
  case unusedProgram(name: String, agent: String)
  case unusedImport(path: String)

  public var id: String {
    switch self {
    case .noGame: return "check.no-game"
    case .secondGame: return "check.second-game"
    case .unknownGame: return "check.unknown-game"
    case .gameMismatch: return "check.game-mismatch"
    case .importedGameMismatch: return "check.imported-game-mismatch"
    case .invalidGame: return "check.invalid-game"
    case .duplicateDeclaration: return "check.duplicate-declaration"
    case .ambiguousName: return "check.ambiguous-name"
    case .unknownName: return "check.unknown-name"
    case .noAgent: return "check.no-agent"
    case .typeMismatch: return "check.type-mismatch"
    case .operandTypes: return "check.operand-types"
    case .notAProgram: return "check.not-a-program"
    case .needsArguments: return "check.needs-arguments"
    case .recursiveDefault: return "check.recursive-default"
    case .argumentCount: return "check.argument-count"
    case .playArity: return "check.play-arity"
    case .unknownField: return "check.unknown-field"
    case .wrongOutputForGame: return "check.wrong-output"
    case .noDefaultOutside: return "check.no-default-outside"
    case .duplicateLocal: return "check.duplicate-local"
    case .opponentInDefault: return "check.opponent-in-default"
    case .emptySet: return "check.empty-set"
    case .secondPlan: return "check.second-plan"
    case .secondLag: return "check.second-lag"
    case .lagTooSmall: return "check.lag-too-small"
    case .negativeCost: return "check.negative-cost"
    case .unknownSuccessor: return "check.unknown-successor"
    case .delegateTwice: return "check.delegate-twice"
    case .delegateCycle: return "check.delegate-cycle"
    case .successorWithoutMain: return "check.successor-without-main"
    case .localLimit: return "limit.locals"
    case .emptyFile: return "check.empty-file"
    case .agentNeedsArguments: return "check.needs-arguments"
    case .outputLimit: return "limit.outputs"
    case .preludeProgramOutsideMatrix: return "check.prelude-program-game"
    case .agentMentionsOpponent: return "check.agent-mentions-opponent"
    case .noRounds: return "check.no-rounds"
    case .notAPlay: return "check.not-a-play"
    case .roundsLimit: return "limit.rounds"
    case .secondMain: return "check.second-main"
    case .timeOutOfRange: return "limit.plan-time"
    case .unknownCapability: return "check.unknown-capability"
    case .unknownArgument: return "check.unknown-argument"
    case .duplicateArgument: return "check.duplicate-argument"
    case .missingArguments: return "check.missing-argument"
    case .positionalAfterNamed: return "check.positional-after-named"
    case .namedArgumentInPlay: return "check.named-argument-in-play"
    case .instantiateThenPlay: return "check.type-mismatch"
    case .genericGameNeedsActions, .genericGameClause: return "check.generic-game"
    case .gameLacksActions: return "check.game-lacks-actions"
    case .noConcreteGame: return "check.no-concrete-game"
    case .demandOffGrid: return "check.demand-off-grid"
    case .playsItself: return "check.plays-itself"
    case .unusedProgram: return "check.unused-program"
    case .unusedImport: return "check.unused-import"
    }
  }

  public var message: String {
    switch self {
    case .noGame(let programs, _):
      return "this file declares \(programs) program\(programs == 1 ? "" : "s") but names no game"
    case .secondGame(let name):
      return "a file plays exactly one game; found a second `game \(name)`"
    case .unknownGame(let name, _, _):
      return "unknown game '\(name)'"
    case .gameMismatch(let firstPath, let firstGame, let secondPath, let secondGame):
      return
        "the agents play different games: \(firstPath) plays \(firstGame) but \(secondPath) plays \(secondGame)"
    case .importedGameMismatch(let path, let imported, let playing):
      return "imported file \(path) plays \(imported), but this file plays \(playing)"
    case .invalidGame(let name, let problem):
      return "game \(name): \(problem)"
    case .duplicateDeclaration(let kind, let name):
      return "\(kind) '\(name)' is declared twice in this file"
    case .ambiguousName(let name, let files):
      return "'\(name)' is declared in several imported files: \(files.joined(separator: ", "))"
    case .unknownName(let name, _, _):
      return "unknown name '\(name)'"
    case .noAgent(let path, let programs):
      if programs.isEmpty { return "\(path) declares no program to play" }
      return
        "\(path) declares several programs (\(programs.joined(separator: ", "))) and none is named after the file"
    case .typeMismatch(let context, let expected, let found):
      return "\(context): expected \(expected), found \(found)"
    case .operandTypes(let operation, let left, let right):
      return "'\(operation)' cannot combine \(left) and \(right)"
    case .notAProgram(let found):
      return "only a program can be played against an opponent; this is a \(found)"
    case .needsArguments(let program, let signature):
      return "'\(program)' takes parameters \(signature)"
    case .recursiveDefault(let program, let parameter):
      return "the default value of '\(parameter)' in '\(program)' needs itself: filling it in never ends"
    case .argumentCount(let program, let expected, let found):
      return "'\(program)' expects \(expected), found \(found)"
    case .playArity(let found):
      return "a program plays against exactly one opponent, found \(found) arguments"
    case .unknownField(let field, let type, _):
      return "\(type) has no field '\(field)'"
    case .wrongOutputForGame(let statement, let game, let kind):
      return "`\(statement)` cannot be used in \(game), which is a \(kind) game"
    case .noDefaultOutside(let game, _):
      return "\(game) has no default outside option, so this `demand` must name one"
    case .duplicateLocal(let name):
      return "'\(name)' is already defined here"
    case .opponentInDefault(let name):
      return "the default value of '\(name)' cannot depend on `me` or `them`"
    case .emptySet:
      return "an empty set matches nothing"
    case .secondPlan:
      return "an agent has one plan; found a second `plan`"
    case .secondLag:
      return "an agent has one lag; found a second `lag`"
    case .lagTooSmall(let lag):
      return "a lag is at least 1 (moves within a step are simultaneous), found \(lag)"
    case .unknownSuccessor(let name, _):
      return "no successor '\(name)': declare `agent \(name) { plan { ... } main P }` in this file"
    case .delegateTwice(let first):
      return "a plan delegates at most once, and this one can already have delegated to \(first)"
    case .delegateCycle(let names):
      return "successors delegate in a circle: \(names.joined(separator: " -> "))"
    case .successorWithoutMain(let name):
      return "the successor '\(name)' needs a `main` program to bargain with"
    case .negativeCost(let cost):
      return "a capability's cost is subtracted from the payoff and must not be negative, found \(cost)"
    case .localLimit(let limit):
      return "a program may have at most \(limit) `let` bindings (maxLocals)"
    case .emptyFile(let path):
      return "\(path) is empty: it names no game and declares no program"
    case .agentNeedsArguments(let program, let signature, _):
      return "the agent '\(program)' takes parameters \(signature)"
    case .outputLimit(let count, let limit):
      return "the game has at least \(count) outputs, more than the limit of \(limit) (maxOutputs)"
    case .preludeProgramOutsideMatrix(let name, let game):
      return "the prelude's \(name) plays C and D, but \(game) has no actions C and D"
    case .agentMentionsOpponent(let name):
      return "a program chosen on the command line or in a plan cannot use `\(name)`: there is no opponent yet"
    case .secondMain:
      return "an agent has one main program; found a second `main`"
    case .noRounds(let construct, let game):
      return "`\(construct)` needs a game with rounds, but \(game) has one round: there is no earlier or later round"
    case .notAPlay(let construct):
      return "`\(construct)` follows a play `X(Y)`, such as `them(me) \(construct) ...`"
    case .roundsLimit(let count, let limit):
      return "the game has \(count) rounds, more than the limit of \(limit) (maxRounds)"
    case .timeOutOfRange(let time, let limit):
      return "time \(time) is outside 0...\(limit) (maxHorizon)"
    case .unknownCapability(let name, _):
      return "unknown capability '\(name)' (known: \(Capability.allCases.map(\.rawValue).joined(separator: ", ")))"
    case .unknownArgument(let program, let name, let signature, _):
      return "'\(program)' has no parameter '\(name)'; its parameters are \(signature)"
    case .duplicateArgument(let program, let name):
      return "parameter '\(name)' of '\(program)' is given twice"
    case .missingArguments(let program, let names, let signature):
      let list = names.map { "'\($0)'" }.joined(separator: ", ")
      return "'\(program)' needs \(names.count == 1 ? "parameter" : "parameters") \(list) \(signature)"
    case .positionalAfterNamed(let program):
      return "a positional argument of '\(program)' follows a named one"
    case .namedArgumentInPlay(let name):
      return "'\(name):' names an argument, but this call plays a program against an opponent"
    case .instantiateThenPlay(let program, let parameter, let expected, _):
      return "argument '\(parameter)' of \(program): expected \(expected), found program"
    case .genericGameNeedsActions:
      return "`game any` states the actions its programs need: write `game any { actions C, D }`"
    case .genericGameClause:
      return "`game any { ... }` states only the actions its programs need"
    case .gameLacksActions(let path, let game, let missing):
      let list = missing.map { "'\($0)'" }.joined(separator: ", ")
      return
        "\(path) plays any matrix game with its actions, but \(game) has no action\(missing.count == 1 ? "" : "s") \(list)"
    case .noConcreteGame:
      return "every agent plays `game any`: no file names the game to play"
    case .demandOffGrid(let demand, let game, let grid):
      return "demand \(demand) is not one of \(game)'s demands (\(grid)); a run that reaches it fails"
    case .playsItself:
      return "`me(them)` outside `provable` is this program's own move in the current matchup: "
        + "a run that reaches it depends on itself"
    case .unusedProgram(let name, let agent):
      return "program '\(name)' is never used: the file's agent is '\(agent)', and no program of this file names it"
    case .unusedImport(let path):
      return "nothing from \(path) is used"
    }
  }

  public var help: String? {
    switch self {
    case .noGame(_, let available):
      return "add a line such as `game \(available.first ?? "PrisonersDilemma")`"
    case .unknownGame(let name, _, let declaredIn?), .unknownName(let name, _, let declaredIn?):
      return "'\(name)' is declared in \(declaredIn.path), which this file does not import directly; "
        + "imports are not transitive: add `import \"\(declaredIn.importPath)\"`"
    case .unknownGame(_, let suggestion, nil), .unknownName(_, let suggestion, nil),
      .unknownField(_, _, let suggestion), .unknownCapability(_, let suggestion),
      .unknownSuccessor(_, let suggestion):
      return suggestion.map { "did you mean '\($0)'?" }
    case .noAgent:
      return "name one program after the file, or pick one on the command line: FILE:Program"
    case .noDefaultOutside(_, let options):
      return "write e.g. `outside \(options.first ?? "walk")`, or add `default outside ...` to the game"
    case .needsArguments(let program, _):
      return "write \(program)(...) with its arguments"
    case .recursiveDefault(let program, let parameter):
      return "give '\(parameter)' no default, or a default that does not name '\(program)' without arguments"
    case .agentNeedsArguments(let program, _, let path):
      return "choose them on the command line, e.g. \(path):\(program)(...)"
    case .playArity:
      return "write X(Y) for \"X playing against Y\""
    case .unknownArgument(_, _, _, let suggestion):
      return suggestion.map { "did you mean '\($0)'?" }
    case .positionalAfterNamed:
      return "put the positional arguments first, or name this one too"
    case .namedArgumentInPlay:
      return "X(Y) is \"X playing against Y\"; only a program's parameters take names, as in Demand(amount: 70)"
    case .instantiateThenPlay(let program, _, _, let suggestion):
      return "did you mean `\(suggestion)`? \(program) takes parameters, so \(program)(...) instantiates it; "
        + "give it its arguments first, then play it"
    case .duplicateArgument, .missingArguments:
      return nil
    case .noConcreteGame:
      return "play one of them against an agent whose file names a game, or copy it into a file with `game G`"
    case .genericGameClause:
      return "payoffs belong to the games the file is played in; declare those with `game G { ... }`"
    case .genericGameNeedsActions, .gameLacksActions:
      return nil
    case .demandOffGrid:
      return "demand one of the listed values; a demand off the grid is a runtime error (rule 10)"
    case .playsItself:
      return "the match stops with an unguarded cycle (rule 17); ask `provable(me(them) == ...)` instead"
    case .unusedProgram(let name, _):
      return "delete it, or play it directly with FILE:\(name)"
    case .unusedImport:
      return "delete the import"
    case .secondGame, .gameMismatch, .importedGameMismatch, .invalidGame, .duplicateDeclaration,
      .ambiguousName, .typeMismatch, .operandTypes, .notAProgram, .argumentCount,
      .wrongOutputForGame, .duplicateLocal, .opponentInDefault, .emptySet, .secondPlan, .secondLag, .lagTooSmall,
      .negativeCost, .secondMain, .delegateTwice, .delegateCycle, .successorWithoutMain,
      .timeOutOfRange, .localLimit, .outputLimit, .preludeProgramOutsideMatrix, .agentMentionsOpponent, .emptyFile:
      return nil
    case .noRounds:
      return "declare `rounds N` in the game (semantics rule M1), or test `round` instead"
    case .notAPlay:
      return "write the program and its opponent as a play, e.g. `them(me)`"
    case .roundsLimit:
      return nil
    }
  }
}

/// Edit distance for "did you mean" (small strings only).
func editDistance(_ a: String, _ b: String) -> Int {
  let x = Array(a.lowercased())
  let y = Array(b.lowercased())
  if x.isEmpty { return y.count }
  if y.isEmpty { return x.count }
  var previous = Array(0...y.count)
  for i in 1...x.count {
    var current = [i] + Array(repeating: 0, count: y.count)
    for j in 1...y.count {
      let cost = x[i - 1] == y[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    previous = current
  }
  return previous[y.count]
}

/// The closest candidate within a small distance, ties broken alphabetically (deterministic).
func suggestion(for name: String, among candidates: [String]) -> String? {
  let length = name.count
  guard length <= SemanticLimits.maxSuggestedNameLength else { return nil }
  let limit = max(1, length / 3)
  var best: (distance: Int, name: String)?
  // Lengths that differ by more than the limit are already too far apart.
  for candidate in candidates.sorted() where candidate != name && abs(candidate.count - length) <= limit {
    let distance = editDistance(name, candidate)
    guard distance <= limit else { continue }
    if best == nil || distance < (best?.distance ?? Int.max) { best = (distance, candidate) }
  }
  return best?.name
}
