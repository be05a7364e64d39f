// Name resolution and type checking: parsed files in, a `CheckedWorld` out.
// Programs are checked against the game of the match, so prelude bots work in every C/D game.

import BargainSyntax

/// A parsed file plus where each of its imports led (nil where loading failed; the loader reported it).
public struct LoadedUnit: Sendable {
  public var unit: SourceUnit
  public var path: String
  public var imports: [FileID?]
  public init(unit: SourceUnit, path: String, imports: [FileID?]) {
    self.unit = unit
    self.path = path
    self.imports = imports
  }
}

/// One agent of a match: a file and optionally an expression picking the program (`Demand(70)`).
public struct AgentRequest: Sendable {
  public var file: FileID
  public var selection: Expr?
  public init(file: FileID, selection: Expr? = nil) {
    self.file = file
    self.selection = selection
  }
}

public struct CheckResult: Sendable {
  public var world: CheckedWorld?
  /// One program-typed expression per request, in order (empty when checking failed).
  public var agents: [CheckedExpr]
  /// The pre-bargaining side of each agent (plan, grants), parallel to `agents`.
  public var agentPlans: [CheckedAgent] = []
  public var diagnostics: [Diagnostic]
  public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

public enum Checker {
  /// Checks the given agents' files (every program in them) and everything they reach.
  /// `units[i]` must hold the file with `FileID(i)`.
  public static func check(units: [LoadedUnit], prelude: FileID, agents: [AgentRequest]) -> CheckResult {
    var state = CheckerState(units: units, prelude: prelude)
    return state.run(agents)
  }

  /// Checks a closed statement (no `me`/`them`) in the scope of `file`, for `bargain prove`.
  public static func checkStatement(
    units: [LoadedUnit], prelude: FileID, file: FileID, statement: Expr
  ) -> (world: CheckedWorld?, statement: CheckedExpr?, diagnostics: [Diagnostic]) {
    var state = CheckerState(units: units, prelude: prelude)
    guard let game = state.gameOf(file: file) else { return (nil, nil, state.diagnostics) }
    state.game = game
    var context = ExprContext(file: file, parameters: [], allowOpponent: false)
    let checked = state.expect(statement, .bool, "the statement", &context)
    state.drain()
    guard let checked, !state.diagnostics.contains(where: { $0.severity == .error }) else {
      return (nil, nil, state.diagnostics)
    }
    let world = CheckedWorld(game: game, programs: state.checked.compactMap { $0 })
    return (world, checked, state.diagnostics)
  }

  /// The declaration `name` resolves to at `file`'s top level, as the checker resolves it (rules
  /// 1 and 6, imports not transitive): a program (the file's own, else one directly imported
  /// file's, else the prelude's), else a declared game. Nil when unknown or ambiguous. The
  /// declaring file and the item's index in it.
  public static func declaration(
    named name: String, from file: FileID, units: [LoadedUnit], prelude: FileID
  ) -> (file: FileID, item: Int)? {
    guard units.indices.contains(file.index), units.indices.contains(prelude.index) else { return nil }
    var state = CheckerState(units: units, prelude: prelude)
    switch state.lookupProgram(name, from: file) {
    case .found(let ref): return (ref.file, ref.item)
    case .ambiguous: return nil
    case .missing: break
    }
    return state.gameDeclarations(from: file).first { $0.1.name.name == name }.map { ($0.0.file, $0.0.item) }
  }

  /// Checks files on their own (`bargain check`): each against the game it plays.
  public static func checkFiles(units: [LoadedUnit], prelude: FileID, files: [FileID]) -> [Diagnostic] {
    var diagnostics: [Diagnostic] = []
    for file in files {
      var state = CheckerState(units: units, prelude: prelude)
      state.warns = true
      diagnostics += state.runFile(file)
    }
    return diagnostics
  }
}

struct DeclRef: Hashable, Comparable {
  var file: FileID
  var item: Int
  static func < (lhs: DeclRef, rhs: DeclRef) -> Bool {
    (lhs.file, lhs.item) < (rhs.file, rhs.item)
  }
}

/// What a name means in a file's top-level scope.
enum ProgramLookup {
  case found(DeclRef)
  case ambiguous([String])
  case missing
}

struct DefaultSite: Hashable {
  var declaration: DeclRef
  var parameter: Int
}

struct CheckerState {
  let units: [LoadedUnit]
  let prelude: FileID
  var game: Game?
  var diagnostics: [Diagnostic] = []
  /// The names of the agent file's `agent S { ... }` blocks while its plans are checked (rule P15).
  var successorNames: [String] = []
  /// Whether warnings are collected: only `check` (`checkFiles`) reports them; a match reports
  /// what it finds when it runs.
  var warns = false
  var ids: [DeclRef: ProgramID] = [:]
  var refs: [DeclRef] = []
  var checked: [CheckedProgram?] = []
  var builtGames: [DeclRef: Game?] = [:]
  var importsVerified: Set<FileID> = []
  var programTables: [FileID: [String: DeclRef]] = [:]
  /// Each file's `game any` requirement (rule 2a), found once per file: names are resolved often.
  var requirements: [FileID: GameRequirement?] = [:]
  /// "Did you mean" searches made so far (`SemanticLimits.maxSuggestions`).
  var suggestionsMade = 0
  /// The first loaded file declaring each program name and each game name, built at the first
  /// unknown name: a hostile file can hold thousands of them.
  var declaringFiles: (programs: [String: FileID], games: [String: FileID])?
  /// Defaults being filled in (declaration, parameter index): one met again needs itself.
  var expandingDefaults: Set<DefaultSite> = []
  var reportedDefaults: Set<DefaultSite> = []
  /// Duplicate declarations already reported (a file's table is built more than once); a set, as
  /// a search of `diagnostics` made thousands of duplicates quadratic.
  var reportedDuplicates: Set<Diagnostic> = []
  /// The file whose names are recorded as they resolve (for the language server), and what they
  /// resolved to; nil when nothing is recorded (checking and matches).
  var recordedFile: FileID?
  var resolutions: [NameResolution] = []

  init(units: [LoadedUnit], prelude: FileID) {
    self.units = units
    self.prelude = prelude
  }

  // MARK: driving

  mutating func run(_ agents: [AgentRequest]) -> CheckResult {
    var games: [(FileID, Game)] = []
    var generic: [(FileID, GameRequirement)] = []
    for request in agents {
      guard let game = gameOf(file: request.file) else {
        return CheckResult(world: nil, agents: [], diagnostics: diagnostics)
      }
      if let requirement = requirement(of: request.file) {
        generic.append((request.file, requirement))
      } else {
        games.append((request.file, game))
      }
    }
    // Rule 2a: the files that name a game decide it; each `game any` file must fit it.
    if games.isEmpty, let (_, first) = generic.first {
      report(.noConcreteGame, first.range)
      return CheckResult(world: nil, agents: [], diagnostics: diagnostics)
    }
    if let (firstFile, first) = games.first {
      for (file, other) in games.dropFirst() where !sameGame(first, other) {
        let firstNote = gameItemRange(in: firstFile).map {
          [Diagnostic.Note(message: "\(path(firstFile)) plays '\(first.name)' here", range: $0)]
        }
        diagnostics.append(
          SemanticMessage.gameMismatch(
            firstPath: path(firstFile), firstGame: first.name, secondPath: path(file),
            secondGame: other.name
          ).diagnostic(at: gameItemRange(in: file) ?? fileStart(file), notes: firstNote ?? []))
        return CheckResult(world: nil, agents: [], diagnostics: diagnostics)
      }
      game = first
      for (file, requirement) in generic where !fits(requirement, file: file, game: first) {
        return CheckResult(world: nil, agents: [], diagnostics: diagnostics)
      }
    }
    for request in agents { enqueueAllPrograms(in: request.file) }
    var agentExprs: [CheckedExpr] = []
    var agentPlans: [CheckedAgent] = []
    for request in agents {
      if let expr = agent(for: request) {
        agentExprs.append(expr)
        agentPlans.append(checkAgentPlan(file: request.file, main: expr))
      }
    }
    drain()
    guard let game, !diagnostics.contains(where: { $0.severity == .error }) else {
      return CheckResult(world: nil, agents: [], diagnostics: diagnostics)
    }
    let programs = checked.compactMap { $0 }
    return CheckResult(
      world: CheckedWorld(game: game, programs: programs), agents: agentExprs, agentPlans: agentPlans,
      diagnostics: diagnostics)
  }

  mutating func runFile(_ file: FileID) -> [Diagnostic] {
    let programs = units[file.index].unit.items.contains {
      if case .program = $0 { return true }
      return false
    }
    // An agent file whose programs are all imported still has a plan and `main` to check.
    let agentItems = units[file.index].unit.items.contains {
      switch $0 {
      case .plan, .main, .grant, .lag, .agent: return true
      case .game, .program, .tournament: return false
      }
    }
    if !programs && !agentItems {
      // A file of games (or an empty file): checking its game declarations is all there is.
      for (index, item) in units[file.index].unit.items.enumerated() {
        if case .game(let decl) = item, let body = decl.body {
          if decl.name.name == Self.anyGame {
            _ = genericGame(decl, file: file)
          } else {
            _ = buildGame(DeclRef(file: file, item: index), decl: decl, body: body)
          }
        }
      }
      _ = fileDeclarations(file)
      return diagnostics
    }
    guard let game = gameOf(file: file) else { return diagnostics }
    self.game = game
    enqueueAllPrograms(in: file)
    let isAgent = units[file.index].unit.items.contains {
      switch $0 {
      case .plan, .main, .grant, .lag, .agent: return true
      case .game, .program, .tournament: return false
      }
    }
    if isAgent, let main = agent(for: AgentRequest(file: file)) {
      _ = checkAgentPlan(file: file, main: main)
    }
    drain()
    if !diagnostics.contains(where: { $0.severity == .error }) { warnUnused(in: file) }
    return diagnostics
  }

  func path(_ file: FileID) -> String {
    units.indices.contains(file.index) ? units[file.index].path : "<unknown>"
  }

  func sameGame(_ a: Game, _ b: Game) -> Bool { a.name == b.name && a.kind == b.kind }

  mutating func enqueueAllPrograms(in file: FileID) {
    _ = fileDeclarations(file)
    for (index, item) in units[file.index].unit.items.enumerated() {
      if case .program = item { _ = programID(DeclRef(file: file, item: index)) }
    }
  }

  mutating func programID(_ ref: DeclRef) -> ProgramID {
    if let id = ids[ref] { return id }
    let id = ProgramID(refs.count)
    ids[ref] = id
    refs.append(ref)
    checked.append(nil)
    return id
  }

  mutating func drain() {
    var next = 0
    while next < refs.count {
      let ref = refs[next]
      if case .program(let decl) = units[ref.file.index].unit.items[ref.item] {
        verifyImports(of: ref.file)
        checked[next] = checkProgram(decl, id: ProgramID(next), file: ref.file)
      }
      next += 1
    }
  }

  // MARK: games

  mutating func buildGame(_ ref: DeclRef, decl: GameDecl, body: GameBody) -> Game? {
    if let built = builtGames[ref] { return built }
    let (game, problems) = GameBuilder.build(decl, body: body)
    diagnostics += problems
    builtGames[ref] = game
    return game
  }

  /// The start of a file, for diagnostics about the file as a whole (line 1, column 1).
  func fileStart(_ file: FileID) -> SourceRange { SourceRange(file: file, start: 0, end: 0) }

  /// Where a file names or declares its game.
  func gameItemRange(in file: FileID) -> SourceRange? {
    for item in units[file.index].unit.items {
      if case .game(let decl) = item { return decl.range }
    }
    return nil
  }

  /// The game a file plays, or nil (with a diagnostic) when it names none or an unknown one.
  mutating func gameOf(file: FileID) -> Game? {
    let unit = units[file.index].unit
    var gameItems: [(Int, GameDecl)] = []
    var programCount = 0
    for (index, item) in unit.items.enumerated() {
      switch item {
      case .game(let decl): gameItems.append((index, decl))
      case .program, .plan, .main: programCount += 1
      case .grant, .tournament, .lag, .agent: break
      }
    }
    for (_, extra) in gameItems.dropFirst() {
      diagnostics.append(SemanticMessage.secondGame(name: extra.name.name).diagnostic(at: extra.range))
    }
    guard let (index, decl) = gameItems.first else {
      if unit.items.isEmpty {
        report(.emptyFile(path: path(file)), fileStart(file))
        return nil
      }
      diagnostics.append(
        SemanticMessage.noGame(programs: programCount, available: visibleGameNames(file)).diagnostic(
          at: unit.items.isEmpty ? nil : firstRange(unit)))
      return nil
    }
    if decl.name.name == Self.anyGame { return genericGame(decl, file: file) }
    if let body = decl.body { return buildGame(DeclRef(file: file, item: index), decl: decl, body: body) }
    return lookupGame(named: decl.name, from: file)
  }

  func firstRange(_ unit: SourceUnit) -> SourceRange? {
    switch unit.items.first {
    case .game(let decl): return decl.name.range
    case .program(let decl): return decl.name.range
    case .plan(let plan): return plan.range
    case .main(let main): return main.range
    case .grant(let grant): return grant.range
    case .tournament(let tournament): return tournament.range
    case .lag(let lag): return lag.range
    case .agent(let agent): return agent.range
    case nil: return nil
    }
  }

  /// Declared games visible from a file: its own, its imports', the prelude's.
  func gameDeclarations(from file: FileID) -> [(DeclRef, GameDecl, GameBody)] {
    var result: [(DeclRef, GameDecl, GameBody)] = []
    var files = [file]
    files += units[file.index].imports.compactMap { $0 }
    files.append(prelude)
    var seen: Set<FileID> = []
    for candidate in files where seen.insert(candidate).inserted {
      for (index, item) in units[candidate.index].unit.items.enumerated() {
        if case .game(let decl) = item, let body = decl.body, decl.name.name != Self.anyGame {
          result.append((DeclRef(file: candidate, item: index), decl, body))
        }
      }
    }
    return result
  }

  func visibleGameNames(_ file: FileID) -> [String] {
    gameDeclarations(from: file).map { $0.1.name.name }
  }

  mutating func lookupGame(named name: Identifier, from file: FileID) -> Game? {
    guard let (ref, decl, body) = gameDeclarations(from: file).first(where: { $0.1.name.name == name.name })
    else {
      diagnostics.append(
        SemanticMessage.unknownGame(
          name: name.name, suggestion: suggestion(for: name.name, among: visibleGameNames(file)),
          declaredIn: declaredElsewhere(name.name, game: true, from: file)
        ).diagnostic(at: name.range))
      return nil
    }
    return buildGame(ref, decl: decl, body: body)
  }

  /// Every imported file that names a game must name the match's game.
  mutating func verifyImports(of file: FileID) {
    guard importsVerified.insert(file).inserted, let game else { return }
    let unit = units[file.index]
    for (position, target) in unit.imports.enumerated() {
      guard let target, unit.unit.imports.indices.contains(position) else { continue }
      let importedUnit = units[target.index].unit
      guard
        let named = importedUnit.items.lazy.compactMap({ item -> GameDecl? in
          if case .game(let decl) = item { return decl }
          return nil
        }).first
      else { continue }
      if named.name.name == Self.anyGame {
        // A generic library fits when the game has its actions (rule 2a).
        if let requirement = requirement(of: target) { _ = fits(requirement, file: target, game: game) }
        continue
      }
      let importedGame: Game?
      if let index = importedUnit.items.firstIndex(where: {
        if case .game(let decl) = $0 { return decl == named }
        return false
      }), let body = named.body {
        importedGame = buildGame(DeclRef(file: target, item: index), decl: named, body: body)
      } else {
        importedGame = gameDeclarations(from: target).first { $0.1.name.name == named.name.name }.flatMap {
          buildGame($0.0, decl: $0.1, body: $0.2)
        }
      }
      if let importedGame, !sameGame(importedGame, game) {
        diagnostics.append(
          SemanticMessage.importedGameMismatch(
            path: path(target), imported: importedGame.name, playing: game.name
          ).diagnostic(at: unit.unit.imports[position].range))
      }
    }
  }

  // MARK: program scope

  /// The programs a file declares, by name; reports duplicates once.
  mutating func fileDeclarations(_ file: FileID) -> [String: DeclRef] {
    var table: [String: DeclRef] = [:]
    var games: Set<String> = []
    for (index, item) in units[file.index].unit.items.enumerated() {
      switch item {
      case .program(let decl):
        if let first = table[decl.name.name] {
          let firstRange: SourceRange? = self.decl(first)?.name.range
          let diagnostic = SemanticMessage.duplicateDeclaration(kind: "program", name: decl.name.name)
            .diagnostic(
              at: decl.name.range,
              notes: firstRange.map { [Diagnostic.Note(message: "first declared here", range: $0)] } ?? [])
          if reportedDuplicates.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
        } else {
          table[decl.name.name] = DeclRef(file: file, item: index)
        }
      case .game(let decl):
        if decl.body != nil, !games.insert(decl.name.name).inserted {
          let diagnostic = SemanticMessage.duplicateDeclaration(kind: "game", name: decl.name.name)
            .diagnostic(at: decl.name.range)
          if reportedDuplicates.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
        }
      case .plan, .main, .grant, .tournament, .lag, .agent:
        break
      }
    }
    return table
  }

  /// The programs a file declares, in order.
  func programDecls(in file: FileID) -> [(String, DeclRef)] {
    var result: [(String, DeclRef)] = []
    for (index, item) in units[file.index].unit.items.enumerated() {
      if case .program(let decl) = item { result.append((decl.name.name, DeclRef(file: file, item: index))) }
    }
    return result
  }

  /// The first declaration of each program name in a file, built once per file: lookups happen
  /// for every name in every program, and a scan per lookup would make checking quadratic.
  mutating func programTable(_ file: FileID) -> [String: DeclRef] {
    if let known = programTables[file] { return known }
    var table: [String: DeclRef] = [:]
    for (name, ref) in programDecls(in: file) where table[name] == nil { table[name] = ref }
    programTables[file] = table
    return table
  }

  mutating func lookupProgram(_ name: String, from file: FileID) -> ProgramLookup {
    if let local = programTable(file)[name] { return .found(local) }
    var hits: [DeclRef] = []
    var seen: Set<FileID> = [file]
    for target in units[file.index].imports.compactMap({ $0 }) where seen.insert(target).inserted {
      if let hit = programTable(target)[name] { hits.append(hit) }
    }
    if hits.count > 1 { return .ambiguous(hits.map { path($0.file) }) }
    if let hit = hits.first { return .found(hit) }
    if file != prelude, let hit = programTable(prelude)[name] { return .found(hit) }
    return .missing
  }

  func visibleProgramNames(_ file: FileID) -> [String] {
    var names = programDecls(in: file).map(\.0)
    for target in units[file.index].imports.compactMap({ $0 }) { names += programDecls(in: target).map(\.0) }
    names += programDecls(in: prelude).map(\.0)
    return names
  }

  func decl(_ ref: DeclRef) -> ProgramDecl? {
    if case .program(let decl) = units[ref.file.index].unit.items[ref.item] { return decl }
    return nil
  }

  // MARK: agents

  mutating func agent(for request: AgentRequest) -> CheckedExpr? {
    var context = ExprContext(file: request.file, parameters: [], allowOpponent: false)
    if let selection = request.selection {
      guard let expr = checkExpr(selection, &context) else { return nil }
      guard expr.type == .program else {
        diagnostics.append(
          SemanticMessage.typeMismatch(context: "the selected agent", expected: "a program", found: expr.type)
            .diagnostic(at: selection.range))
        return nil
      }
      return expr
    }
    let unit = units[request.file.index]
    let mains = unit.unit.items.compactMap { item -> MainDecl? in
      if case .main(let main) = item { return main }
      return nil
    }
    for extra in mains.dropFirst() { report(.secondMain, extra.range) }
    if let main = mains.first {
      guard let expr = checkExpr(main.program, &context) else { return nil }
      guard expr.type == .program else {
        report(.typeMismatch(context: "`main`", expected: "a program", found: expr.type), main.program.range)
        return nil
      }
      return expr
    }
    let programs = programDecls(in: request.file)
    let base = baseName(unit.path)
    guard let (_, ref) = programs.first(where: { $0.0 == base }) ?? (programs.count == 1 ? programs.first : nil),
      let decl = decl(ref)
    else {
      // At the first program when there are several, else at the file's start.
      let place = programs.first.flatMap { decl($0.1)?.name.range } ?? fileStart(request.file)
      diagnostics.append(
        SemanticMessage.noAgent(path: unit.path, programs: programs.map(\.0)).diagnostic(at: place))
      return nil
    }
    if decl.parameters.contains(where: { $0.defaultValue == nil }) {
      report(
        .agentNeedsArguments(program: decl.name.name, signature: signature(decl), path: unit.path), decl.name.range)
      return nil
    }
    let name = Expr(.name(decl.name.name), range: decl.name.range)
    return checkExpr(name, &context)
  }

  func baseName(_ path: String) -> String {
    let last = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = last.lastIndex(of: ".") { return String(last[..<dot]) }
    return last
  }
}
