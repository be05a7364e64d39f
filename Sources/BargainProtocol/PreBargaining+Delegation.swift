// Delegation (Grammar/semantics.md, rule P15): `commit delegate S` is a commitment on the ledger
// like any other; once accepted, the rest of the delegator's plan is dropped and, from the next
// step, the successor's plan runs (its `at k` at step t + 1 + k) and its `main` bargains. The
// side stays the same: its ledger, knowledge, channel, lag, capabilities and costs carry over.

import BargainRuntime
import BargainSemantics
import BargainSyntax

extension Engine {
  mutating func delegate(_ side: Int, to index: Int, at time: Int, site: SourceRange) throws(RuntimeFailure) {
    let state = states[side]
    guard state.successors.indices.contains(index) else { return }
    let name = state.successors[index].name
    let text = "delegate \(name)"
    if let single = state.single {
      // The committed program bargains whatever a successor would do: refuse rather than ignore.
      record(
        time, side, .reject,
        "cannot commit \(text): already committed to program \(world.describe(single)) at t=\(state.singleTime ?? time), which bargains"
      )
      return
    }
    guard state.delegations.count < ProtocolLimits.maxDelegationDepth else {
      throw RuntimeFailure(
        .limit(
          name: "maxDelegationDepth", limit: ProtocolLimits.maxDelegationDepth,
          what: "\(state.label) delegates more than \(ProtocolLimits.maxDelegationDepth) times in a chain"),
        at: site)
    }
    guard ledger.count < ProtocolLimits.maxLedgerEntries else {
      throw RuntimeFailure(
        .limit(name: "maxLedgerEntries", limit: ProtocolLimits.maxLedgerEntries, what: "too many commitments"),
        at: site)
    }
    let verifiable = state.capabilities[.verify].map { $0 <= time } ?? false
    let commitment = ResolvedCommitment(
      text: text, allowed: world.game.outputs.map { _ in true }, programs: nil, isSingleProgram: false,
      delegate: name)
    ledger.append(LedgerEntry(time: time, side: side, commitment: commitment, verifiable: verifiable))
    if verifiable, states[side].firstCommit == nil { states[side].firstCommit = time }
    states[side].commitments.append("\(text) (t=\(time))")
    let note = verifiable ? "" : " (unverifiable without the capability verify: it binds but never reaches the other)"
    record(time, side, .commit, "commits \(text): \(name) acts from t=\(time + 1)\(note)")
    states[side].stopped = true
    states[side].pendingSuccessor = index
  }

  /// At the end of a step: the successor of an accepted delegation takes the plan and `main`.
  mutating func installSuccessor(_ side: Int, at time: Int) {
    states[side].stopped = false
    guard let index = states[side].pendingSuccessor, states[side].successors.indices.contains(index) else { return }
    let successor = states[side].successors[index]
    states[side].pendingSuccessor = nil
    states[side].delegations.append(successor.name)
    states[side].actor += "→" + successor.name
    if let main = MatchupCompiler.instance(of: successor.main, in: world) { states[side].main = main }
    // A successor without a plan does nothing before bargaining (an empty plan, not rule P9).
    states[side].plan = successor.plan ?? []
    states[side].stepsAt = [:]
    states[side].waiting = []
    for step in successor.plan ?? [] {
      if step.condition == nil {
        states[side].stepsAt[time + 1 + step.time, default: []].append(step)
      } else {
        states[side].waiting.append(step)
      }
    }
  }
}
