// The pre-bargaining phase (Grammar/semantics.md, protocol rules P1–P9): both agents act step by
// step on what they know; commitments enter a public ledger and reach the other side with a lag
// through its channel; T is the first step at which both know each other's single program.

import BargainRuntime
import BargainSemantics
import BargainSyntax

public enum PreBargaining {
  public static func run(
    world: CheckedWorld, agents: [CheckedAgent], horizon: Int, lag: Int
  ) throws(RuntimeFailure) -> ProtocolOutcome {
    var engine = Engine(world: world, agents: agents, horizon: horizon, lag: lag)
    return try engine.run()
  }
}

struct AgentState {
  var label: String
  /// Who acts for the side in the timeline: its label, then `label→S` after delegating to S.
  var actor: String
  /// The file's successors (rule P15), and the names delegated to so far, in order.
  var successors: [CheckedSuccessor] = []
  var delegations: [String] = []
  /// Set by an accepted delegation: the rest of this step's plan does not run.
  var stopped = false
  /// The successor that takes over at the end of this step.
  var pendingSuccessor: Int?
  /// A delegation of the other side was received (rule P15).
  var knownDelegation = false
  var main: ProgramInstance
  var plan: [CheckedPlanStep]?
  /// The plan's steps by time, in plan order: a step looks up its own blocks, not the whole plan.
  var stepsAt: [Int: [CheckedPlanStep]] = [:]
  /// `when` steps that have not fired yet, in file order (rule P13).
  var waiting: [CheckedPlanStep] = []
  /// Channel status after each completed step (index t).
  var channelAfter: [Bool] = []
  var channelOpen = true
  var allowed: [Bool]
  var programSet: [ProgramInstance]?
  var single: ProgramInstance?
  var singleTime: Int?
  var commitments: [String] = []
  /// The accepted commitments that are not single programs, as text (`demand <= 30`).
  var constraints: [String] = []
  /// Earliest step each capability is available from.
  var capabilities: [Capability: Int] = [:]
  var pendingCapabilities: [(capability: Capability, time: Int)] = []
  /// `pendingCapabilities` by the time they become available, in the order they were prepared.
  var pendingAt: [Int: [Capability]] = [:]
  /// Ledger entries before this index are delivered (the other side's) or skipped (our own).
  /// Entries enter the ledger in time order, so they become deliverable in ledger order and
  /// each step only looks at the entries not yet delivered.
  var delivered = 0
  var knownAllowed: [Bool]
  var knownPrograms: [ProgramInstance]?
  var knownSingle: ProgramInstance?
  /// The other side's commitments delivered so far, as text, in delivery order.
  var received: [String] = []
  /// When this side's first commitment was accepted, and when it first received one (rule P10).
  var firstCommit: Int?
  var firstLearned: Int?
  /// Accepted surrogate goals and wrappers, and the other's received (rules SP1, SP2).
  var terms: [PayoffTerm] = []
  var receivedTerms: [PayoffTerm] = []
  /// What the capabilities it prepared cost, subtracted from its payoff (rule P7).
  var cost = Rational(0)

  func channelAtStart(of time: Int) -> Bool {
    time == 0 ? true : (channelAfter.indices.contains(time - 1) ? channelAfter[time - 1] : channelOpen)
  }
}

struct Engine {
  let world: CheckedWorld
  let horizon: Int
  let lag: Int
  /// Per side, how long its commitments take to reach the other (its file's `lag`, else `lag`).
  var lags: [Int] = []
  var states: [AgentState] = []
  var ledger: [LedgerEntry] = []
  var events: [TimelineEvent] = []
  var possibleCache: [ProgramInstance: [Bool]] = [:]
  /// Randomized plans (rule P16): the blocks to take at the run's draws, in draw order (past its
  /// end: the first block), and the draws made.
  var script: [Bool] = []
  var draws: [PlanDraw] = []

  init(world: CheckedWorld, agents: [CheckedAgent], horizon: Int, lag: Int) {
    self.world = world
    self.horizon = horizon
    self.lag = lag
    let all = world.game.outputs.map { _ in true }
    let labels = agents.map(\.label)
    for (index, agent) in agents.enumerated() {
      let main =
        MatchupCompiler.instance(of: agent.main, in: world) ?? ProgramInstance(program: ProgramID(0), arguments: [])
      var label = agent.label
      if labels.count == 2, labels[0] == labels[1] { label += index == 0 ? " (row)" : " (column)" }
      var state = AgentState(
        label: label, actor: label, successors: agent.successors, main: main, plan: agent.plan, allowed: all,
        knownAllowed: all)
      if agent.plan == nil {
        // No plan: as before the protocol existed, commit to the main program at t = 0 (rule P9).
        for capability in Capability.allCases { state.capabilities[capability] = 0 }
      } else if world.game.setting(.verify)?.withheld != true {
        // Had by default, silently: before rule P7 named it every commitment reached the other.
        state.capabilities[.verify] = 0
      }
      for grant in agent.grants {
        state.pendingCapabilities.append((grant.capability, grant.time))
        state.pendingAt[grant.time, default: []].append(grant.capability)
      }
      for step in agent.plan ?? [] {
        if step.condition == nil {
          state.stepsAt[step.time, default: []].append(step)
        } else {
          state.waiting.append(step)
        }
      }
      states.append(state)
      lags.append(agent.lag ?? lag)
    }
  }

  mutating func run() throws(RuntimeFailure) -> ProtocolOutcome {
    var handOver: Int?
    for time in 0...horizon {
      startStep(time)
      if bothKnowEachOther() {
        handOver = time
        break
      }
      for side in states.indices { try act(side, at: time) }
      for side in states.indices { installSuccessor(side, at: time) }
      for side in states.indices { states[side].channelAfter.append(states[side].channelOpen) }
    }
    let bargainingTime = handOver ?? horizon
    var programs: [ProgramInstance] = []
    var reasons: [String] = []
    for side in states.indices {
      let state = states[side]
      if let single = state.single, let time = state.singleTime {
        programs.append(bound(single, side: side))
        reasons.append("committed at t=\(time)")
        continue
      }
      let successor = state.delegations.last.map { " of successor \($0)" } ?? ""
      var reason = "main program\(successor): no single program committed by t=\(bargainingTime)"
      var base = state.main
      // A committed set binds too: a main program outside it gives way to the set's first.
      if let set = state.programSet, !set.contains(where: { world.sameSource($0, base) }), let first = set.first {
        reason += "; \(world.describe(base)) is not in the committed set, so its first program \(world.describe(first))"
        base = first
      }
      let effective = bound(base, side: side)
      if let binding = effective.binding {
        reason += "; bound by \(binding.text): outputs outside it become the nearest allowed one"
      }
      programs.append(effective)
      reasons.append(reason)
    }
    // A program that reads the situation gets its agent's, as known at bargaining time.
    for side in programs.indices where world.program(programs[side].program)?.readsSituation == true {
      programs[side].situation = [situation(of: side, at: bargainingTime, reached: handOver != nil)]
    }
    var opponents: [ProgramInstance] = []
    for side in states.indices { opponents.append(knowledge(of: side, programs: programs)) }
    let terms = states.map(\.terms)
    let receivedTerms = states.map(\.receivedTerms)
    for change in Substitution.changes(terms: terms, received: receivedTerms, game: world.game)
    where change.agreed {
      record(bargainingTime, 0, .renegotiate, "both wrappers agree: \(change.text)")
    }
    return ProtocolOutcome(
      horizon: horizon, lag: lag, events: events, handOver: handOver, bargainingTime: bargainingTime,
      programs: programs, programReasons: reasons, allowed: states.map(\.allowed),
      commitments: states.map(\.commitments), labels: states.map(\.label), opponents: opponents, lags: lags,
      terms: terms, receivedTerms: receivedTerms, costs: states.map(\.cost))
  }

  /// The effective program (rule P8): `program` under the side's commitments, bound only when
  /// some output it might produce breaks them.
  mutating func bound(_ program: ProgramInstance, side: Int) -> ProgramInstance {
    let allowed = states[side].allowed
    guard zip(possible(program), allowed).contains(where: { $0 && !$1 }) else { return program }
    var result = program
    result.binding = Binding(allowed: allowed, text: states[side].constraints.joined(separator: " and "))
    return result
  }

  /// What `side`'s program plays against at bargaining time (rule P6): the other's program when
  /// its single program was delivered, otherwise an unknown program constrained by what was.
  mutating func knowledge(of side: Int, programs: [ProgramInstance]) -> ProgramInstance {
    let other = 1 - side
    let state = states[side]
    if let known = state.knownSingle {
      // Single programs respect their commitments (rule P4), so the delivered one is what bargains.
      return programs.indices.contains(other) && world.sameSource(programs[other], known) ? programs[other] : known
    }
    let constraints = state.received.filter { !$0.hasPrefix("program") && !$0.hasPrefix("delegate ") }
    var candidates: [ProgramInstance]?
    if let set = state.knownPrograms {
      candidates = set.map { program in
        guard zip(possible(program), state.knownAllowed).contains(where: { $0 && !$1 }) else { return program }
        var bound = program
        bound.binding = Binding(allowed: state.knownAllowed, text: constraints.joined(separator: " and "))
        return bound
      }
    }
    let received = state.received.isEmpty ? "nothing" : state.received.joined(separator: ", ")
    let text = "an unknown program (received: \(received))"
    let placeholder = programs.indices.contains(other) ? programs[other].program : state.main.program
    return ProgramInstance(
      program: placeholder, arguments: [],
      knowledge: Knowledge(allowed: state.knownAllowed, candidates: candidates, text: text))
  }

  // MARK: start of a step

  mutating func startStep(_ time: Int) {
    for side in states.indices {
      var gained: [Capability] = []
      for capability in states[side].pendingAt[time] ?? [] {
        if let existing = states[side].capabilities[capability], existing <= time { continue }
        states[side].capabilities[capability] = time
        if !gained.contains(capability) { gained.append(capability) }
      }
      for capability in gained {
        record(time, side, .capability, "gains capability \(capability.rawValue)")
      }
    }
    for side in states.indices where states[side].channelAtStart(of: time) {
      let other = 1 - side
      let otherLag = lags.indices.contains(other) ? lags[other] : lag
      // The other's entries all have its lag, so they become deliverable in ledger order.
      while ledger.indices.contains(states[side].delivered),
        ledger[states[side].delivered].side == side
          || ledger[states[side].delivered].time + otherLag <= time
      {
        let entry = ledger[states[side].delivered]
        states[side].delivered += 1
        // An unverifiable commitment binds its maker but never reaches the other (rule P7).
        guard entry.side == other, entry.verifiable else { continue }
        if states[side].firstLearned == nil { states[side].firstLearned = time }
        learn(entry, side: side)
        record(
          time, side, .deliver,
          "learns \(states[other].label) committed \(entry.commitment.text) (at t=\(entry.time))")
      }
    }
  }

  mutating func learn(_ entry: LedgerEntry, side: Int) {
    let commitment = entry.commitment
    if let term = commitment.term {
      // About payoffs, not the program: not part of what bounds an unknown program (rule P6).
      states[side].receivedTerms.append(term)
      return
    }
    states[side].received.append(commitment.text)
    if commitment.delegate != nil { states[side].knownDelegation = true }
    states[side].knownAllowed = zip(states[side].knownAllowed, commitment.allowed).map { $0 && $1 }
    if let programs = commitment.programs {
      states[side].knownPrograms = intersect(states[side].knownPrograms, programs)
      if commitment.isSingleProgram { states[side].knownSingle = programs.first }
    }
  }

  func bothKnowEachOther() -> Bool {
    guard states.count == 2 else { return false }
    for side in 0..<2 {
      guard let single = states[1 - side].single, let known = states[side].knownSingle,
        world.sameSource(single, known)
      else { return false }
    }
    return true
  }

  // MARK: actions

  mutating func act(_ side: Int, at time: Int) throws(RuntimeFailure) {
    guard states[side].plan != nil else {
      if time == 0 {
        let main = states[side].main
        try commit(
          side, at: time, resolve(.program(main), text: "program \(world.describe(main))"),
          capabilityNeeded: needsCapability([main]))
      }
      return
    }
    var budget = ProtocolLimits.maxActionsPerStep
    for step in states[side].stepsAt[time] ?? [] where !states[side].stopped {
      try perform(step.actions, side: side, at: time, budget: &budget)
    }
    // Then each waiting `when` step whose condition now holds, once (rule P13).
    var index = 0
    while states[side].waiting.indices.contains(index), !states[side].stopped {
      let step = states[side].waiting[index]
      guard let condition = step.condition, try holds(condition, for: side, at: time) else {
        index += 1
        continue
      }
      states[side].waiting.remove(at: index)
      try perform(step.actions, side: side, at: time, budget: &budget)
    }
  }

  mutating func perform(
    _ actions: [CheckedPlanAction], side: Int, at time: Int, budget: inout Int
  ) throws(RuntimeFailure) {
    for action in actions where !states[side].stopped {
      budget -= 1
      guard budget >= 0 else {
        throw RuntimeFailure(
          .limit(
            name: "maxActionsPerStep", limit: ProtocolLimits.maxActionsPerStep,
            what: "\(states[side].label) performs too many actions at t=\(time)"), at: action.range)
      }
      switch action {
      case .commit(let commitment, let range):
        let (target, text) = try instantiate(commitment, side: side, at: time)
        guard let target else { continue }
        let resolved = resolve(target, text: text)
        try commit(
          side, at: time, resolved, capabilityNeeded: needsCapability(resolved.programs ?? []), site: range)
      case .channel(let open, _):
        guard states[side].channelOpen != open else { continue }
        states[side].channelOpen = open
        record(time, side, open ? .open : .close, open ? "opens its channel" : "closes its channel")
      case .prepare(let capability, let steps, let cost, let range):
        let ready = time + steps
        states[side].pendingCapabilities.append((capability, ready))
        states[side].pendingAt[ready, default: []].append(capability)
        guard let total = states[side].cost.adding(cost) else {
          throw RuntimeFailure(.overflow(operation: "cost of \(capability.rawValue)"), at: range)
        }
        states[side].cost = total
        let price = cost == Rational(0) ? "" : ", cost \(cost)"
        record(time, side, .prepare, "prepares \(capability.rawValue) (available from t=\(ready)\(price))")
        if steps == 0 {
          states[side].capabilities[capability] = min(states[side].capabilities[capability] ?? time, time)
        }
      case .conditional(let condition, let then, let otherwise, _):
        let branch = try holds(condition, for: side, at: time) ? then : otherwise
        try perform(branch, side: side, at: time, budget: &budget)
      case .delegate(let successor, let range):
        try delegate(side, to: successor, at: time, site: range)
      case .chance(let probability, let then, let otherwise, let range):
        let first = try draw(probability, side: side, at: time, range: range)
        try perform(first ? then : otherwise, side: side, at: time, budget: &budget)
      }
    }
  }

  /// Conditions read only what the agent knew at the start of the step (rule P1).
  func holds(_ condition: CheckedPlanCondition, for side: Int, at time: Int) throws(RuntimeFailure) -> Bool {
    try situation(of: side, at: time, reached: false).holds(condition, in: world)
  }

  /// What `side` knows at the start of step `time` (rule P10).
  func situation(of side: Int, at time: Int, reached: Bool) -> Situation {
    let me = states[side]
    let other = states.indices.contains(1 - side) ? states[1 - side] : me
    var situation = Situation()
    situation.knownAllowed = me.knownAllowed
    situation.knownPrograms = me.knownPrograms
    situation.knownSingle = me.knownSingle.map { [$0] } ?? []
    situation.theirChannelOpen = other.channelAtStart(of: time)
    if let first = other.firstCommit {
      situation.theyCommittedFirst = other.firstLearned.map { first < $0 } ?? true
    }
    let mine = ledger.indices.filter { ledger[$0].side == side }
    // An unverifiable commitment never reaches the other (rule P7), so it is never "received".
    situation.theyReceivedMine = !mine.isEmpty && mine.allSatisfy { $0 < other.delivered && ledger[$0].verifiable }
    situation.reached = reached
    situation.receivedTerms = me.receivedTerms
    situation.theyDelegated = me.knownDelegation
    return situation
  }

  // MARK: commitments

  enum Target {
    case outputs([Bool])
    case program(ProgramInstance)
    case programs([ProgramInstance])
    case payoff(PayoffTerm)
  }

  /// `side` and `time`: whose knowledge a computed bound reads (rule P14).
  func instantiate(
    _ commitment: CheckedCommitment, side: Int, at time: Int
  ) throws(RuntimeFailure) -> (Target?, String) {
    switch commitment {
    case .demand(let op, let bound, _):
      return (.outputs(CommitmentOutputs.allowed(op, bound, in: world.game)), "demand \(op.rawValue) \(bound)")
    case .computedDemand(let op, let bound, let text, _):
      let value = try situation(of: side, at: time, reached: false).value(of: bound, in: world.game)
      return (
        .outputs(CommitmentOutputs.allowed(op, value, in: world.game)), "demand \(op.rawValue) \(value) (\(text))"
      )
    case .outside(let option, _):
      return (
        .outputs(CommitmentOutputs.allowed(outside: option, in: world.game)),
        "outside = \(world.describe(.outside(option)))"
      )
    case .program(let expr, _):
      let instance = try MatchupCompiler.closedInstance(of: expr, in: world)
      return (.program(instance), "program \(world.describe(instance))")
    case .programSet(let exprs, _):
      var instances: [ProgramInstance] = []
      for expr in exprs { instances.append(try MatchupCompiler.closedInstance(of: expr, in: world)) }
      let names = instances.map { world.describe($0) }.joined(separator: ", ")
      return (.programs(instances), "program in {\(names)}")
    case .payoff(let term, _):
      return (.payoff(term), term.text(options: world.game.outsideOptionNames))
    }
  }

  mutating func possible(_ instance: ProgramInstance) -> [Bool] {
    if let cached = possibleCache[instance] { return cached }
    let result = PossibleOutputs.of(instance, in: world)
    possibleCache[instance] = result
    return result
  }

  mutating func resolve(_ target: Target, text: String) -> ResolvedCommitment {
    switch target {
    case .outputs(let allowed):
      return ResolvedCommitment(text: text, allowed: allowed, programs: nil, isSingleProgram: false)
    case .program(let program):
      return ResolvedCommitment(text: text, allowed: possible(program), programs: [program], isSingleProgram: true)
    case .programs(let programs):
      var allowed = world.game.outputs.map { _ in false }
      for program in programs { allowed = zip(allowed, possible(program)).map { $0 || $1 } }
      return ResolvedCommitment(text: text, allowed: allowed, programs: programs, isSingleProgram: false)
    case .payoff(let term):
      return ResolvedCommitment(
        text: text, allowed: world.game.outputs.map { _ in true }, programs: nil, isSingleProgram: false, term: term)
    }
  }

  func needsCapability(_ programs: [ProgramInstance]) -> Bool {
    programs.contains { world.program($0.program)?.mentionsOpponent ?? false }
  }

  func intersect(_ current: [ProgramInstance]?, _ new: [ProgramInstance]) -> [ProgramInstance] {
    guard let current else { return new }
    return current.filter { program in new.contains { world.sameSource($0, program) } }
  }

  /// Applies rule P4: a commitment that contradicts earlier ones, admits outputs the constraints
  /// forbid, or needs a missing capability is rejected and changes nothing.
  /// `site`: the plan's `commit`, where a limit it hits is reported (nil for the implicit one).
  mutating func commit(
    _ side: Int, at time: Int, _ commitment: ResolvedCommitment, capabilityNeeded: Bool, site: SourceRange? = nil
  ) throws(RuntimeFailure) {
    let state = states[side]
    let text = commitment.text
    func reject(_ reason: String) { record(time, side, .reject, "cannot commit \(text): \(reason)") }
    if let term = commitment.term {
      if let reason = termRejection(term, side: side, at: time) {
        reject(reason)
        return
      }
      guard ledger.count < ProtocolLimits.maxLedgerEntries else {
        throw RuntimeFailure(
          .limit(name: "maxLedgerEntries", limit: ProtocolLimits.maxLedgerEntries, what: "too many commitments"),
          at: site)
      }
      states[side].terms.append(term)
      if states[side].firstCommit == nil { states[side].firstCommit = time }
      states[side].commitments.append("\(text) (t=\(time))")
      ledger.append(LedgerEntry(time: time, side: side, commitment: commitment))
      record(time, side, .commit, "commits \(text)")
      return
    }
    if capabilityNeeded {
      guard let from = state.capabilities[.conditional], from <= time else {
        let later = state.pendingCapabilities.filter { $0.capability == .conditional && $0.time > time }
        let when =
          (state.capabilities[.conditional] ?? later.map(\.time).min()).map { ", available from t=\($0)" } ?? ""
        reject("a program that inspects `them` needs the capability conditional\(when)")
        return
      }
    }
    if let programs = commitment.programs {
      if let single = state.single {
        let admitted = programs.contains { world.sameSource($0, single) }
        if commitment.isSingleProgram {
          reject(
            admitted
              ? "already committed to it at t=\(state.singleTime ?? time)"
              : "already committed to program \(world.describe(single)) at t=\(state.singleTime ?? time)")
          return
        }
        if !admitted {
          reject("it excludes program \(world.describe(single)), committed at t=\(state.singleTime ?? time)")
          return
        }
      }
      let remaining = intersect(state.programSet, programs)
      if remaining.isEmpty {
        reject("no program is in both it and the earlier \(state.commitments.joined(separator: ", "))")
        return
      }
    }
    if commitment.isSingleProgram {
      // Every possible output of the program must already be allowed.
      if let index = commitment.allowed.indices.first(where: { commitment.allowed[$0] && !state.allowed[$0] }) {
        let output = world.game.describe(world.game.outputs[index])
        reject("it can output \(output), forbidden by \(state.commitments.joined(separator: ", "))")
        return
      }
    } else {
      let combined = zip(state.allowed, commitment.allowed).map { $0 && $1 }
      if !combined.contains(true) {
        reject("it contradicts \(state.commitments.joined(separator: ", "))")
        return
      }
      if let single = state.single, zip(possible(single), combined).contains(where: { $0 && !$1 }) {
        reject("program \(world.describe(single)), committed at t=\(state.singleTime ?? time), could break it")
        return
      }
    }
    guard ledger.count < ProtocolLimits.maxLedgerEntries else {
      throw RuntimeFailure(
        .limit(name: "maxLedgerEntries", limit: ProtocolLimits.maxLedgerEntries, what: "too many commitments"),
        at: site)
    }
    let verifiable = state.capabilities[.verify].map { $0 <= time } ?? false
    states[side].allowed = zip(state.allowed, commitment.allowed).map { $0 && $1 }
    if let programs = commitment.programs {
      states[side].programSet = intersect(state.programSet, programs)
      if commitment.isSingleProgram {
        states[side].single = programs.first
        states[side].singleTime = time
      }
    }
    if verifiable, states[side].firstCommit == nil { states[side].firstCommit = time }
    states[side].commitments.append("\(text) (t=\(time))")
    // A computed bound's source (`demand <= 30 (100 - their floor)`) stays in the timeline only.
    if !commitment.isSingleProgram {
      let plain = text.firstRange(of: " (").map { String(text[..<$0.lowerBound]) } ?? text
      states[side].constraints.append(plain)
    }
    ledger.append(LedgerEntry(time: time, side: side, commitment: commitment, verifiable: verifiable))
    let note = verifiable ? "" : " (unverifiable without the capability verify: it binds but never reaches the other)"
    record(time, side, .commit, "commits \(text)\(note)")
  }

  /// Rule P4 for surrogates and wrappers (rules SP1, SP2): a wrapper needs the capability
  /// `renegotiate`; one surrogate and one wrapper per disagreement outcome.
  func termRejection(_ term: PayoffTerm, side: Int, at time: Int) -> String? {
    let state = states[side]
    if term.isRenegotiation, (state.capabilities[.renegotiate] ?? time + 1) > time {
      let later = state.pendingCapabilities.filter { $0.capability == .renegotiate && $0.time > time }
      let when = (state.capabilities[.renegotiate] ?? later.map(\.time).min()).map { ", available from t=\($0)" } ?? ""
      return "a renegotiation wrapper needs the capability renegotiate\(when)"
    }
    let names = world.game.outsideOptionNames
    for earlier in state.terms where earlier.isRenegotiation == term.isRenegotiation && earlier.options == term.options
    {
      return earlier == term ? "already committed to it" : "already committed \(earlier.text(options: names))"
    }
    return nil
  }

  mutating func record(_ time: Int, _ side: Int, _ kind: TimelineEvent.Kind, _ detail: String) {
    events.append(TimelineEvent(time: time, side: side, agent: states[side].actor, kind: kind, detail: detail))
  }
}
