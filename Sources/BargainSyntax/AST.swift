// The syntax tree produced by the parser. Value types; every node carries its SourceRange.
// Names are unresolved here: the checker (BargainSemantics) decides what each one denotes.

public struct Identifier: Hashable, Sendable {
  public var name: String
  public var range: SourceRange
  public init(name: String, range: SourceRange) {
    self.name = name
    self.range = range
  }
}

/// An integer written in the source, possibly negative (payoffs).
public struct IntegerLiteral: Hashable, Sendable {
  public var value: Int
  public var range: SourceRange
  public init(value: Int, range: SourceRange) {
    self.value = value
    self.range = range
  }
}

/// One parsed file.
public struct SourceUnit: Hashable, Sendable {
  public var file: FileID
  public var imports: [ImportDecl]
  public var items: [Item]
  public init(file: FileID, imports: [ImportDecl], items: [Item]) {
    self.file = file
    self.imports = imports
    self.items = items
  }
}

/// `import "path/to/file.bargain"`; the path is relative to the importing file.
public struct ImportDecl: Hashable, Sendable {
  public var path: String
  public var range: SourceRange
  public init(path: String, range: SourceRange) {
    self.path = path
    self.range = range
  }
}

public enum Item: Hashable, Sendable {
  case game(GameDecl)
  case program(ProgramDecl)
  /// `plan { at 0 { ... } ... }`: the agent's pre-bargaining moves.
  case plan(PlanDecl)
  /// `main P`: the program used when no single program was committed to by the horizon.
  case main(MainDecl)
  /// `grant conditional at 5`: a capability the agent gains exogenously.
  case grant(GrantDecl)
  /// `tournament { agents ... }`: a population to play every pair of (`bargain tournament`).
  case tournament(TournamentDecl)
  /// `lag 2`: how many steps this agent's commitments take to reach the other (rule P2).
  case lag(LagDecl)
  /// `agent S { plan { ... } main P }`: a successor the file's plans can delegate to (rule P16).
  case agent(AgentDecl)
}

/// A successor agent: a plan and a main program, declared in the delegator's file (rule P16).
public struct AgentDecl: Hashable, Sendable {
  public var name: Identifier
  /// Every `plan` and `main` in the block, in order (the checker reports extras).
  public var plans: [PlanDecl]
  public var mains: [MainDecl]
  public var range: SourceRange
  public init(name: Identifier, plans: [PlanDecl], mains: [MainDecl], range: SourceRange) {
    self.name = name
    self.plans = plans
    self.mains = mains
    self.range = range
  }
}

/// `tournament { agents FairBot, "Demand.bargain":Demand(k) for k in 0..100 step 10  horizon 10 }`
public struct TournamentDecl: Hashable, Sendable {
  public var entries: [TournamentEntry]
  public var horizon: IntegerLiteral?
  public var lag: IntegerLiteral?
  public var range: SourceRange
  public init(entries: [TournamentEntry], horizon: IntegerLiteral?, lag: IntegerLiteral?, range: SourceRange) {
    self.entries = entries
    self.horizon = horizon
    self.lag = lag
    self.range = range
  }
}

/// One agent, or a family of agents, of a tournament: a program expression in the tournament
/// file's scope, or an agent file (relative to the tournament file) with an optional selection.
public struct TournamentEntry: Hashable, Sendable {
  public var path: String?
  public var program: Expr?
  public var family: AgentFamily?
  public var range: SourceRange
  public init(path: String?, program: Expr?, family: AgentFamily?, range: SourceRange) {
    self.path = path
    self.program = program
    self.family = family
    self.range = range
  }
}

/// `for k in 0..100 step 10`: one agent per value, `k` replaced by the value in the entry.
public struct AgentFamily: Hashable, Sendable {
  public var variable: Identifier
  public var low: IntegerLiteral
  public var high: IntegerLiteral
  public var step: IntegerLiteral?
  public var range: SourceRange
  public init(
    variable: Identifier, low: IntegerLiteral, high: IntegerLiteral, step: IntegerLiteral?, range: SourceRange
  ) {
    self.variable = variable
    self.low = low
    self.high = high
    self.step = step
    self.range = range
  }
}

/// `main LobianFair`
public struct LagDecl: Hashable, Sendable {
  public var steps: IntegerLiteral
  public var range: SourceRange
  public init(steps: IntegerLiteral, range: SourceRange) {
    self.steps = steps
    self.range = range
  }
}

public struct MainDecl: Hashable, Sendable {
  public var program: Expr
  public var range: SourceRange
  public init(program: Expr, range: SourceRange) {
    self.program = program
    self.range = range
  }
}

/// `grant conditional at 5` (in an agent file, or as a game clause for both agents).
public struct GrantDecl: Hashable, Sendable {
  public var capability: Identifier
  public var time: IntegerLiteral
  public var range: SourceRange
  public init(capability: Identifier, time: IntegerLiteral, range: SourceRange) {
    self.capability = capability
    self.time = time
    self.range = range
  }
}

/// `plan { at 0 { close } at 3 { commit program LobianFair open } }`
public struct PlanDecl: Hashable, Sendable {
  public var steps: [PlanStep]
  public var range: SourceRange
  public init(steps: [PlanStep], range: SourceRange) {
    self.steps = steps
    self.range = range
  }
}

/// `at 3 { ... }`: what the agent does at step 3, in order.
public struct PlanStep: Hashable, Sendable {
  /// `at t`; for a `when` step, 0 (it may fire from t = 0) at the `when` word.
  public var time: IntegerLiteral
  public var actions: [PlanAction]
  public var range: SourceRange
  /// `when condition { ... }`: the block runs once, at the first step at which it holds.
  public var condition: PlanCondition?
  public init(time: IntegerLiteral, actions: [PlanAction], range: SourceRange, condition: PlanCondition? = nil) {
    self.time = time
    self.actions = actions
    self.range = range
    self.condition = condition
  }
}

public indirect enum PlanAction: Hashable, Sendable {
  /// `commit demand >= 50`, `commit outside = walk`, `commit program P`, `commit program in {P, Q}`
  case commit(Commitment, range: SourceRange)
  /// `open` / `close` the information channel.
  case channel(open: Bool, range: SourceRange)
  /// `prepare conditional for 3`, `prepare verify for 2 cost 5` (the cost is paid from the payoff)
  case prepare(capability: Identifier, steps: IntegerLiteral, cost: PayoffLiteral?, range: SourceRange)
  /// `if condition { ... } else { ... }` (the `else` is optional here: doing nothing is a move).
  case conditional(condition: PlanCondition, then: [PlanAction], otherwise: [PlanAction], range: SourceRange)
  /// `with probability p { ... } else { ... }`: a draw of the agent's own (rule P16).
  case chance(probability: Expr, then: [PlanAction], otherwise: [PlanAction], range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .commit(_, let range), .channel(_, let range), .prepare(_, _, _, let range),
      .conditional(_, _, _, let range), .chance(_, _, _, let range):
      return range
    }
  }
}

/// Comparison in a demand bound.
public enum BoundOperator: String, Hashable, Sendable, CaseIterable {
  case atLeast = ">="
  case atMost = "<="
  case exactly = "=="
}

/// A constraint on the program an agent will use.
public enum Commitment: Hashable, Sendable {
  case demand(BoundOperator, IntegerLiteral, range: SourceRange)
  /// `demand >= 100 - their floor`: a bound computed from what was received (rule P14).
  case computedDemand(BoundOperator, PlanBound, range: SourceRange)
  case outside(Identifier, range: SourceRange)
  case program(Expr, range: SourceRange)
  case programSet([Expr], range: SourceRange)
  /// `surrogate (fight, fight) = -5`: the agent's own payoff in that disagreement (rule SP1).
  case surrogate(mine: Identifier, theirs: Identifier, value: PayoffLiteral, range: SourceRange)
  /// `renegotiate (fight, fight) = (-5, -5)`: a renegotiation wrapper (rule SP2).
  case renegotiate(mine: Identifier, theirs: Identifier, payoffs: PayoffPair, range: SourceRange)
  /// `delegate S`: hands the rest of the plan and the bargaining to the successor S (rule P16).
  case delegate(Identifier, range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .demand(_, _, let range), .computedDemand(_, _, let range), .outside(_, let range),
      .program(_, let range), .programSet(_, let range), .surrogate(_, _, _, let range),
      .renegotiate(_, _, _, let range), .delegate(_, let range):
      return range
    }
  }
}

/// A demand bound in a plan: integers, `their floor`, `their cap`, `+`, `-` and parentheses.
public indirect enum PlanBound: Hashable, Sendable {
  case integer(IntegerLiteral)
  /// `their floor` (the least demand the other's received commitments allow) or `their cap`
  /// (the greatest).
  case received(floor: Bool, range: SourceRange)
  case add(PlanBound, PlanBound, range: SourceRange)
  case subtract(PlanBound, PlanBound, range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .integer(let literal): return literal.range
    case .received(_, let range), .add(_, _, let range), .subtract(_, _, let range): return range
    }
  }
}

/// What an agent can test in its plan: what it knows of the other side.
public indirect enum PlanCondition: Hashable, Sendable {
  /// `they committed demand >= 70`: the other side's known commitments imply this constraint.
  case committed(Commitment, range: SourceRange)
  /// `they committed program`: the other side is known to have committed to a single program.
  case committedSomeProgram(range: SourceRange)
  /// `their channel is open` / `their channel is closed` (as of the previous step).
  case channel(open: Bool, range: SourceRange)
  /// `they committed unconditionally`: what was received fixes their output (rule P10).
  case committedUnconditionally(range: SourceRange)
  /// `they committed first`: they committed before any of my commitments reached them.
  case committedFirst(range: SourceRange)
  /// `they received my commitments`: every commitment of mine has reached them.
  case receivedMine(range: SourceRange)
  /// `T is reached`: both know each other's single program (bargaining started at T).
  case reached(range: SourceRange)
  /// `they committed delegate`: a delegation of theirs reached me (rule P16).
  case committedDelegate(range: SourceRange)
  case boolean(Bool, range: SourceRange)
  case not(PlanCondition, range: SourceRange)
  case and(PlanCondition, PlanCondition, range: SourceRange)
  case or(PlanCondition, PlanCondition, range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .committed(_, let range), .committedSomeProgram(let range), .channel(_, let range),
      .committedUnconditionally(let range), .committedFirst(let range), .receivedMine(let range),
      .reached(let range), .boolean(_, let range), .not(_, let range), .and(_, _, let range),
      .or(_, _, let range), .committedDelegate(let range):
      return range
    }
  }
}

/// `game Name` names the game this file plays; `game Name { ... }` also declares it.
public struct GameDecl: Hashable, Sendable {
  public var name: Identifier
  public var body: GameBody?
  public var range: SourceRange
  public init(name: Identifier, body: GameBody?, range: SourceRange) {
    self.name = name
    self.body = body
    self.range = range
  }
}

public struct GameBody: Hashable, Sendable {
  public var clauses: [GameClause]
  public var range: SourceRange
  public init(clauses: [GameClause], range: SourceRange) {
    self.clauses = clauses
    self.range = range
  }
}

/// A payoff written in the source: an integer, a fraction `3/2` or a decimal `1.5`, possibly
/// negative. Kept exact, as a reduced fraction with a positive denominator.
public struct PayoffLiteral: Hashable, Sendable {
  public var numerator: Int
  public var denominator: Int
  public var range: SourceRange
  public init(numerator: Int, denominator: Int, range: SourceRange) {
    self.numerator = numerator
    self.denominator = denominator
    self.range = range
  }

  /// An integer payoff.
  public init(_ integer: IntegerLiteral) {
    self.init(numerator: integer.value, denominator: 1, range: integer.range)
  }

  /// `3`, `-3/2`: the canonical spelling (decimals print as fractions).
  public var text: String { denominator == 1 ? String(numerator) : "\(numerator)/\(denominator)" }
}

/// A pair of payoffs `(row, column)`.
public struct PayoffPair: Hashable, Sendable {
  public var row: PayoffLiteral
  public var column: PayoffLiteral
  public init(row: PayoffLiteral, column: PayoffLiteral) {
    self.row = row
    self.column = column
  }
}

public enum SurplusRule: String, Hashable, Sendable, CaseIterable {
  /// Each side gets exactly its demand; the rest is left unused.
  case keep
  /// What is left is split equally on top of the demands.
  case split
}

public enum GameClause: Hashable, Sendable {
  /// `actions C, D` (both players share the action set).
  case actions([Identifier], range: SourceRange)
  /// `payoff (C, D) = (0, 3)`
  case payoff(row: Identifier, column: Identifier, payoffs: PayoffPair, range: SourceRange)
  /// `resource 100`
  case resource(IntegerLiteral, range: SourceRange)
  /// `demands 0..100 step 10` (step defaults to 1)
  case demandRange(low: IntegerLiteral, high: IntegerLiteral, step: IntegerLiteral?, range: SourceRange)
  /// `demands {0, 25, 50}`
  case demandList([IntegerLiteral], range: SourceRange)
  /// `outside walk, fight`
  case outsideOptions([Identifier], range: SourceRange)
  /// `default outside walk`
  case defaultOutside(Identifier, range: SourceRange)
  /// `disagreement (fight, walk) = (40, -10)`
  case disagreement(row: Identifier, column: Identifier, payoffs: PayoffPair, range: SourceRange)
  /// `surplus keep` / `surplus split`
  case surplus(SurplusRule, range: SourceRange)
  /// `never ends (0, 0)`: the payoffs of a profile in which a side has no output (rule S6).
  case neverEnds(PayoffPair, range: SourceRange)
  /// `grant conditional at 5`: both agents gain the capability at that step.
  case grant(GrantDecl)
  /// `capability verify withheld cost 5`: the capability is not had by default (`withheld`), and
  /// preparing it costs that much of the payoff unless the `prepare` says otherwise (rule P7).
  case capability(name: Identifier, withheld: Bool, cost: PayoffLiteral?, range: SourceRange)
  /// `rounds 5`: bargaining lasts up to that many rounds (rule M1).
  case rounds(IntegerLiteral, range: SourceRange)
  /// `discount 9/10`: agreement payoffs of round r are multiplied by discount^(r-1) (rule M6).
  case discount(PayoffLiteral, range: SourceRange)
  /// `cost per round 2`: each side pays cost * (r-1) when bargaining ends at round r (rule M6).
  case costPerRound(PayoffLiteral, range: SourceRange)
  /// `lock when repeated`: demands lock in when both sides repeat their last demands (rule M5).
  case lockWhenRepeated(range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .actions(_, let range), .payoff(_, _, _, let range), .resource(_, let range),
      .demandRange(_, _, _, let range), .demandList(_, let range), .outsideOptions(_, let range),
      .defaultOutside(_, let range), .disagreement(_, _, _, let range), .surplus(_, let range),
      .neverEnds(_, let range), .capability(_, _, _, let range), .rounds(_, let range), .discount(_, let range),
      .costPerRound(_, let range), .lockWhenRepeated(let range):
      return range
    case .grant(let grant):
      return grant.range
    }
  }
}

/// `program Name(p: int = 3, q: program) { ... }`
public struct ProgramDecl: Hashable, Sendable {
  public var name: Identifier
  public var parameters: [Parameter]
  public var body: Block
  public var range: SourceRange
  public init(name: Identifier, parameters: [Parameter], body: Block, range: SourceRange) {
    self.name = name
    self.parameters = parameters
    self.body = body
    self.range = range
  }
}

public enum TypeName: String, Hashable, Sendable, CaseIterable {
  case int
  /// An exact fraction, e.g. a probability `1/10` (`/` is exact division where a rational is expected).
  case rational
  case bool
  case action
  case outside
  case program
}

public struct Parameter: Hashable, Sendable {
  public var name: Identifier
  public var type: TypeName
  public var typeRange: SourceRange
  public var defaultValue: Expr?
  public init(name: Identifier, type: TypeName, typeRange: SourceRange, defaultValue: Expr?) {
    self.name = name
    self.type = type
    self.typeRange = typeRange
    self.defaultValue = defaultValue
  }
}

/// `{ let x = e ... decision }`
public struct Block: Hashable, Sendable {
  public var lets: [LetBinding]
  public var decision: Decision
  public var range: SourceRange
  public init(lets: [LetBinding], decision: Decision, range: SourceRange) {
    self.lets = lets
    self.decision = decision
    self.range = range
  }
}

public struct LetBinding: Hashable, Sendable {
  public var name: Identifier
  public var value: Expr
  public var range: SourceRange
  public init(name: Identifier, value: Expr, range: SourceRange) {
    self.name = name
    self.value = value
    self.range = range
  }
}

public indirect enum Decision: Hashable, Sendable {
  case conditional(IfChain)
  case output(OutputStatement)
  /// `with probability p { ... } else { ... }`
  case random(RandomChoice)
}

/// `with probability p { A } else { B }`: A with probability p, else B (fresh randomness per run).
public struct RandomChoice: Hashable, Sendable {
  public var probability: Expr
  public var then: Block
  public var otherwise: Block
  public var range: SourceRange
  public init(probability: Expr, then: Block, otherwise: Block, range: SourceRange) {
    self.probability = probability
    self.then = then
    self.otherwise = otherwise
    self.range = range
  }
}

/// `if c1 { } else if c2 { } else { }`: a decision list; the final `else` is required.
public struct IfChain: Hashable, Sendable {
  public var branches: [ConditionalBranch]
  public var elseBlock: Block
  public var range: SourceRange
  public init(branches: [ConditionalBranch], elseBlock: Block, range: SourceRange) {
    self.branches = branches
    self.elseBlock = elseBlock
    self.range = range
  }
}

public struct ConditionalBranch: Hashable, Sendable {
  public var condition: Expr
  public var block: Block
  public init(condition: Expr, block: Block) {
    self.condition = condition
    self.block = block
  }
}

public enum OutputStatement: Hashable, Sendable {
  /// `play C` (matrix games)
  case play(Expr, range: SourceRange)
  /// `demand 50 outside walk` (bargaining games; `outside` may be omitted when the game has a default)
  case demand(Expr, outside: Expr?, range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .play(_, let range), .demand(_, _, let range): return range
    }
  }
}

public struct Expr: Hashable, Sendable {
  public var kind: ExprKind
  public var range: SourceRange
  public init(_ kind: ExprKind, range: SourceRange) {
    self.kind = kind
    self.range = range
  }
}

public enum UnaryOperator: String, Hashable, Sendable, CaseIterable {
  case negate = "-"
  case not = "not"
}

/// Binary operators with their spelling. Precedence lives in the parser and `Grammar/bargain.ebnf`.
public enum BinaryOperator: String, Hashable, Sendable, CaseIterable {
  case or = "or"
  case and = "and"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case add = "+"
  case subtract = "-"
  case multiply = "*"
  case divide = "/"
  case remainder = "%"
}

public enum ModalOperator: String, Hashable, Sendable, CaseIterable {
  /// `provable[k](φ)`: φ is provable in PA+k.
  case provable
  /// `consistent[k](φ)` = `not provable[k](not φ)`.
  case consistent
}

/// The right-hand side of `in`.
public enum SetExpr: Hashable, Sendable {
  /// `{a, b, c}`
  case list([Expr], range: SourceRange)
  /// `low..high` (inclusive)
  case range(low: Expr, high: Expr, range: SourceRange)

  public var range: SourceRange {
    switch self {
    case .list(_, let range), .range(_, _, let range): return range
    }
  }
}

public indirect enum ExprKind: Hashable, Sendable {
  case integer(Int)
  case boolean(Bool)
  /// A name: a parameter, a `let`, a program, an action or an outside option.
  case name(String)
  case me
  case them
  case unary(UnaryOperator, Expr)
  case binary(BinaryOperator, Expr, Expr)
  /// `x in S` / `x not in S`
  case membership(Expr, SetExpr, negated: Bool)
  /// `f(a, b)`: instantiating a parameterized program, or "X playing against Y" (`them(me)`).
  case call(Expr, [Expr])
  /// `e.demand`, `e.outside`, `e.unconditional`
  case field(Expr, Identifier)
  /// `provable(φ)`, `provable[k](φ)`, `consistent[k](φ)`
  case modal(ModalOperator, level: Expr?, Expr)
  /// `provable within N (φ)` / `provable[k] within N (φ)`: a proof of φ of at most N steps, in
  /// PA+k, is found by the bounded search.
  case bounded(level: Expr?, budget: Expr, Expr)
  /// `simulate(X, Y)` / `simulate[fuel](X, Y)`: run X against Y and take its output.
  case simulate(fuel: Expr?, player: Expr, opponent: Expr)
  /// `timeout`: the result of a simulation that ran out of fuel.
  case timeout
  /// `name: value`, a named argument; the parser makes it only as an argument of a call.
  case labeled(Identifier, Expr)
  /// A fact of the situation at bargaining time (`they committed demand >= 70`, rule P10): a
  /// known constant of the agent's run.
  case situation(PlanCondition)
  /// `my last demand` / `their last demand` (rule M3).
  case lastDemand(mine: Bool)
  /// `my demand at round k` / `their demand at round k` (rule M3).
  case demandAtRound(mine: Bool, round: Expr)
  /// `X(Y) at round k sticking to d`: X's output at round k when Y demanded d in every earlier
  /// round (rule M4).
  case playAtRound(play: Expr, round: Expr, sticking: Expr)
  /// `X(Y) eventually accepts d`: some round's output of X against Y sticking to d is compatible
  /// with d (rule M4).
  case eventuallyAccepts(play: Expr, demand: Expr)
}
