// What commitments do to a program (protocol rules P6 and P8): a bound program's outputs stay
// inside its commitments, and an agent that did not receive the other's single program reasons
// about every program its received commitments allow.

import BargainSemantics

/// Commitments that bind a program: the outputs they allow, in the game's order.
public struct Binding: Hashable, Sendable {
  public var allowed: [Bool]
  /// The commitments as text, for reports (`demand <= 30`).
  public var text: String

  public init(allowed: [Bool], text: String) {
    self.allowed = allowed
    self.text = text
  }

  /// The output a bound program produces for result `index` (rule P8's fallback): itself when
  /// allowed; otherwise the allowed demand closest to it (ties: the smaller), keeping the outside
  /// option if allowed, else the first allowed option in the game's order; in a matrix game the
  /// first allowed action. Results past the game's outputs (timeout, failure) are kept.
  public func result(_ index: Int, in game: Game) -> Int {
    let outputs = game.outputs
    guard outputs.indices.contains(index), allowed.indices.contains(index), !allowed[index] else { return index }
    var best: (score: (Int, Int, Int, Int), index: Int)?
    for (position, candidate) in outputs.enumerated() where allowed.indices.contains(position) && allowed[position] {
      let score: (Int, Int, Int, Int)
      switch (outputs[index], candidate) {
      case (.bargain(let demand, let option), .bargain(let newDemand, let newOption)):
        score = (abs(newDemand - demand), newDemand, newOption == option ? 0 : 1, newOption)
      default:
        score = (position, 0, 0, 0)
      }
      if let known = best, known.score <= score { continue }
      best = (score, position)
    }
    return best?.index ?? index
  }
}

/// What an agent received of the other's commitments when it did not receive a single program.
public struct Knowledge: Hashable, Sendable {
  /// The outputs the received constraints allow.
  public var allowed: [Bool]
  /// The programs of the received `program in {...}` sets (their intersection), each bound by
  /// the received constraints when it could break them; nil when no set was received.
  public var candidates: [ProgramInstance]?
  /// What was received, for reports and diagnostics (`an unknown program (demand >= 70)`).
  public var text: String

  public init(allowed: [Bool], candidates: [ProgramInstance]?, text: String) {
    self.allowed = allowed
    self.candidates = candidates
    self.text = text
  }
}
