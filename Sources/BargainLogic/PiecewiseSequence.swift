// PiecewiseSequence.swift — owns the representation of a truth value over the worlds
// 0, 1, 2, … of the linear GL frame as a value at world 0 plus the sorted worlds where it
// toggles, and the pointwise operations (¬, ∧, ∨, [k]) on such sequences.

/// A Boolean that changes value at finitely many worlds.
public struct PiecewiseSequence: Hashable, Sendable {
  /// Value at world 0.
  public let initialValue: Bool
  /// Strictly increasing worlds ≥ 1; the value toggles at each of them.
  public let changeWorlds: [Int]

  /// Keeps only valid toggles: worlds ≥ 1, strictly increasing (a repeated world would
  /// toggle twice, i.e. not at all, so both copies are dropped).
  public init(initialValue: Bool, changeWorlds: [Int]) {
    var cleaned: [Int] = []
    for world in changeWorlds.sorted() where world >= 1 {
      if cleaned.last == world {
        cleaned.removeLast()
      } else {
        cleaned.append(world)
      }
    }
    self.initialValue = initialValue
    self.changeWorlds = cleaned
  }

  // Trusted path for the solver, whose change lists are already valid.
  init(trustedInitial: Bool, changes: [Int]) {
    self.initialValue = trustedInitial
    self.changeWorlds = changes
  }

  public static func constant(_ value: Bool) -> PiecewiseSequence {
    PiecewiseSequence(trustedInitial: value, changes: [])
  }

  /// Number of change worlds ≤ `world` (binary search).
  private func changesUpTo(_ world: Int) -> Int {
    var low = 0
    var high = changeWorlds.count
    while low < high {
      let mid = (low + high) / 2
      if changeWorlds[mid] <= world {
        low = mid + 1
      } else {
        high = mid
      }
    }
    return low
  }

  /// Value at `world`; worlds below 0 read as world 0.
  public func value(at world: Int) -> Bool {
    changesUpTo(world) % 2 == 0 ? initialValue : !initialValue
  }

  /// First change world strictly after `world`, if any.
  public func nextChange(after world: Int) -> Int? {
    let position = changesUpTo(world)
    return position < changeWorlds.count ? changeWorlds[position] : nil
  }

  /// Value from the last change world on.
  public var finalValue: Bool {
    changeWorlds.count % 2 == 0 ? initialValue : !initialValue
  }

  /// Least n such that the value is true at every world ≥ n; nil if eventually false.
  public var level: Int? {
    finalValue ? (changeWorlds.last ?? 0) : nil
  }

  public var negated: PiecewiseSequence {
    PiecewiseSequence(trustedInitial: !initialValue, changes: changeWorlds)
  }

  /// Pointwise ∧ (`conjunction`) or ∨ of `parts`. Costs O(E log E) in the total number E of
  /// change worlds, by counting how many parts currently hold the absorbing value.
  static func combine(_ parts: [PiecewiseSequence], conjunction: Bool) -> PiecewiseSequence {
    if parts.count == 1, let only = parts.first {
      return only
    }
    var absorbing = 0
    var totalChanges = 0
    for part in parts {
      if part.initialValue != conjunction { absorbing += 1 }
      totalChanges += part.changeWorlds.count
    }
    // ∧ is true iff no part is false; ∨ is true iff some part is true.
    let initial = (absorbing == 0) == conjunction
    if totalChanges == 0 {
      return .constant(initial)
    }
    var events: [(world: Int, part: Int)] = []
    events.reserveCapacity(totalChanges)
    for (index, part) in parts.enumerated() {
      for world in part.changeWorlds {
        events.append((world, index))
      }
    }
    events.sort { $0.world < $1.world }
    var current = parts.map(\.initialValue)
    var changes: [Int] = []
    var last = initial
    var position = 0
    while position < events.count {
      let world = events[position].world
      // Apply every toggle at this world before judging the combined value.
      while position < events.count, events[position].world == world {
        let part = events[position].part
        current[part].toggle()
        absorbing += (current[part] != conjunction) ? 1 : -1
        position += 1
      }
      let now = (absorbing == 0) == conjunction
      if now != last {
        changes.append(world)
        last = now
      }
    }
    return PiecewiseSequence(trustedInitial: initial, changes: changes)
  }

  /// First world at which `[level]content` is false: (first m ≥ level with content false) + 1.
  static func boxFlipWorld(content: PiecewiseSequence, level: Int) -> Int? {
    let start = max(0, level)
    if !content.value(at: start) {
      return start + 1
    }
    // True at `start` and constant until its next toggle, where it turns false.
    return content.nextChange(after: start).map { $0 + 1 }
  }

  /// The sequence of `[level]content`: true up to its flip world, false from then on.
  static func box(content: PiecewiseSequence, level: Int) -> PiecewiseSequence {
    let flip = boxFlipWorld(content: content, level: level)
    return PiecewiseSequence(trustedInitial: true, changes: flip.map { [$0] } ?? [])
  }
}
