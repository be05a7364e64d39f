// Programs of the modal-combat fragment, recognized once per tournament and played against each
// other by stepping the Kripke worlds of GL directly, without compiling a matchup. A tournament
// of such programs (modal combat's random agents are the reference workload) is dominated by
// compiling the same bodies over and over; this path costs a few node evaluations per world.
//
// The fragment: no `let`s, decisions are `if`/`else if`/`else` over boolean combinations of
// `provable` / `provable[k]` statements (k a literal), statements are boolean combinations of
// `them(me)` or `me(them)` compared with an action and of nested `provable`s, and every branch
// plays a constant action of a matrix game. Atoms only occur inside boxes, so no run is unguarded
// and no path splits. Anything else is left to the general compiler. The tournament's
// differential test plays random populations both ways and asserts identical results.

import BargainSemantics

/// Immutable and shared: a tournament's workers read one form per agent without copying it.
public final class ModalForm: Sendable {
  enum Node: Sendable {
    case constant(Bool)
    /// "The run of `opponent ? them(me) : me(them)` outputs action `action`".
    case outputs(opponent: Bool, action: Int)
    case not(Int)
    case and(Int, Int)
    case or(Int, Int)
    /// `provable[level](content)`; its value at a world is box state bit `slot`.
    case box(slot: Int)
  }

  /// One step of the decision tree, in `steps` (the root is the last): a flat array, so deciding
  /// touches no reference counts.
  enum Step: Sendable {
    case play(Int)
    case branch(condition: Int, then: Int, otherwise: Int)
  }

  struct Box: Sendable {
    var level: Int
    var content: Int
  }

  let nodes: [Node]
  /// Node indices in evaluation order (children first): those a decision reads (outside every
  /// box) and those only box contents read. Outer nodes never read an atom.
  let outer: [Int]
  let inner: [Int]
  let boxes: [Box]
  let steps: [Step]
  let maxLevel: Int

  /// A form while it is recognized.
  struct Draft {
    var nodes: [Node] = []
    var outer: [Int] = []
    var inner: [Int] = []
    var boxes: [Box] = []
    var steps: [Step] = []
    var maxLevel = 0
  }

  init(_ draft: Draft) {
    nodes = draft.nodes
    outer = draft.outer
    inner = draft.inner
    boxes = draft.boxes
    steps = draft.steps
    maxLevel = draft.maxLevel
  }

  /// Per form: box states fit one machine word, and the world loop below ends after at most
  /// `maxLevel + boxes + 1` worlds (each box flips once, from true to false).
  static let maxBoxes = 32
  static let maxNodes = 512
  static let maxLevel = 64

  /// The form of `instance`'s program, or nil when it is outside the fragment (or the game is
  /// not a matrix game).
  public static func recognize(_ instance: ProgramInstance, in world: CheckedWorld) -> ModalForm? {
    guard case .matrix(let game) = world.game.kind, instance.binding == nil, instance.knowledge == nil,
      instance.situation.isEmpty, instance.roundState == nil, let program = world.program(instance.program)
    else { return nil }
    var builder = Builder(actions: game.actions.count)
    guard builder.block(program.body) != nil else { return nil }
    return ModalForm(builder.form)
  }

  private struct Builder {
    let actions: Int
    var form = Draft()
    var boxDepth = 0

    mutating func add(_ node: Node) -> Int? {
      guard form.nodes.count < ModalForm.maxNodes else { return nil }
      form.nodes.append(node)
      let index = form.nodes.count - 1
      if boxDepth == 0 { form.outer.append(index) } else { form.inner.append(index) }
      return index
    }

    /// Appends the block's decision tree to `steps` and returns its root step.
    mutating func block(_ block: CheckedBlock) -> Int? {
      guard block.lets.isEmpty else { return nil }
      switch block.decision {
      case .output(.play(let expr, _)):
        guard case .action(let action) = expr.kind, (0..<actions).contains(action) else { return nil }
        return step(.play(action))
      case .output(.demand), .random:
        return nil
      case .conditional(let branches, let elseBlock, _):
        var conditions: [Int] = []
        for branch in branches {
          guard let condition = formula(branch.condition) else { return nil }
          conditions.append(condition)
        }
        guard var result = self.block(elseBlock) else { return nil }
        for (branch, condition) in zip(branches, conditions).reversed() {
          guard let then = self.block(branch.block) else { return nil }
          result = step(.branch(condition: condition, then: then, otherwise: result))
        }
        return result
      }
    }

    mutating func step(_ step: Step) -> Int {
      form.steps.append(step)
      return form.steps.count - 1
    }

    mutating func formula(_ expr: CheckedExpr) -> Int? {
      switch expr.kind {
      case .boolean(let truth):
        return add(.constant(truth))
      case .not(let operand):
        guard let inner = formula(operand) else { return nil }
        return add(.not(inner))
      case .and(let left, let right), .or(let left, let right):
        guard let a = formula(left), let b = formula(right) else { return nil }
        if case .and = expr.kind { return add(.and(a, b)) }
        return add(.or(a, b))
      case .provable(let levelExpr, let body):
        var level = 0
        if let levelExpr {
          guard case .integer(let k) = levelExpr.kind, (0...ModalForm.maxLevel).contains(k) else { return nil }
          level = k
        }
        guard form.boxes.count < ModalForm.maxBoxes else { return nil }
        boxDepth += 1
        let content = formula(body)
        boxDepth -= 1
        guard let content else { return nil }
        form.boxes.append(Box(level: level, content: content))
        form.maxLevel = max(form.maxLevel, level)
        return add(.box(slot: form.boxes.count - 1))
      case .equal(let left, let right, let negated):
        guard boxDepth > 0, let atom = comparison(left, right) ?? comparison(right, left), let index = add(atom)
        else { return nil }
        return negated ? add(.not(index)) : index
      case .integer, .action, .outsideOption, .parameter, .local, .program, .me, .them, .play, .negate,
        .arithmetic, .order, .membership, .outputField, .unconditional, .boundedProvable, .simulate, .timeout,
        .situation, .rational, .toRational, .rationalArithmetic, .negateRational, .round, .lastDemand,
        .demandAtRound, .playAtRound, .eventuallyAccepts:
        return nil
      }
    }

    /// `them(me) == a` or `me(them) == a`.
    func comparison(_ play: CheckedExpr, _ constant: CheckedExpr) -> Node? {
      guard case .play(let player, let opponent) = play.kind, case .action(let action) = constant.kind,
        (0..<actions).contains(action)
      else { return nil }
      switch (player.kind, opponent.kind) {
      case (.them, .me): return .outputs(opponent: true, action: action)
      case (.me, .them): return .outputs(opponent: false, action: action)
      default: return nil
      }
    }
  }
}

/// Each side's eventual action and its level: the least n from which it plays that action at
/// every world, i.e. the least n such that PA+n proves it (as `KripkeSolution.level(ofAtom:)`).
public struct ModalPairSolution: Hashable, Sendable {
  public var rowAction: Int
  public var columnAction: Int
  public var rowLevel: Int
  public var columnLevel: Int
  public init(rowAction: Int, columnAction: Int, rowLevel: Int, columnLevel: Int) {
    self.rowAction = rowAction
    self.columnAction = columnAction
    self.rowLevel = rowLevel
    self.columnLevel = columnLevel
  }
}

extension ModalForm {
  /// Plays `row` against `column` (each the other's `them`). World n: each box's state is
  /// [k]φ(n) = [k]φ(n-1) ∧ (n-1 < k ∨ φ(n-1)), true at world 0; the decisions read only box
  /// states, the box contents read the two runs' actions at n. Once no state changes and n has
  /// passed every level, every later world repeats world n. Nil only if that bound is broken,
  /// which the recognizer's limits rule out; the caller then takes the general path.
  public static func solve(_ row: ModalForm, _ column: ModalForm) -> ModalPairSolution? {
    var rowState = UInt64.max
    var columnState = UInt64.max
    // Both forms' node values in one buffer: the row's first.
    var values = [Bool](repeating: false, count: row.nodes.count + column.nodes.count)
    let offset = row.nodes.count
    let lastLevel = max(row.maxLevel, column.maxLevel)
    let worldBound = lastLevel + row.boxes.count + column.boxes.count + 2
    // The first world of each side's current streak of equal actions: at the end, its level.
    var rowAction = -1
    var columnAction = -1
    var rowLevel = 0
    var columnLevel = 0
    var world = 0
    while world <= worldBound {
      row.evaluate(row.outer, state: rowState, own: 0, theirs: 0, into: &values, at: 0)
      column.evaluate(column.outer, state: columnState, own: 0, theirs: 0, into: &values, at: offset)
      let rowNow = row.decide(values, at: 0)
      let columnNow = column.decide(values, at: offset)
      if rowNow != rowAction {
        rowAction = rowNow
        rowLevel = world
      }
      if columnNow != columnAction {
        columnAction = columnNow
        columnLevel = world
      }
      row.evaluate(row.inner, state: rowState, own: rowNow, theirs: columnNow, into: &values, at: 0)
      column.evaluate(column.inner, state: columnState, own: columnNow, theirs: rowNow, into: &values, at: offset)
      let nextRow = row.advance(rowState, values: values, at: 0, world: world)
      let nextColumn = column.advance(columnState, values: values, at: offset, world: world)
      if nextRow == rowState, nextColumn == columnState, world >= lastLevel {
        return ModalPairSolution(
          rowAction: rowAction, columnAction: columnAction, rowLevel: rowLevel, columnLevel: columnLevel)
      }
      rowState = nextRow
      columnState = nextColumn
      world += 1
    }
    return nil
  }

  func evaluate(_ order: [Int], state: UInt64, own: Int, theirs: Int, into values: inout [Bool], at offset: Int) {
    for index in order {
      let value: Bool
      switch nodes[index] {
      case .constant(let truth): value = truth
      case .outputs(let opponent, let action): value = (opponent ? theirs : own) == action
      case .not(let a): value = !values[offset + a]
      case .and(let a, let b): value = values[offset + a] && values[offset + b]
      case .or(let a, let b): value = values[offset + a] || values[offset + b]
      case .box(let slot): value = state & (1 << UInt64(slot)) != 0
      }
      values[offset + index] = value
    }
  }

  func decide(_ values: [Bool], at offset: Int) -> Int {
    var current = steps.count - 1
    // Each step points at earlier steps, so this ends within `steps.count` rounds.
    for _ in steps.indices {
      switch steps[current] {
      case .play(let action): return action
      case .branch(let condition, let then, let otherwise): current = values[offset + condition] ? then : otherwise
      }
    }
    return 0
  }

  func advance(_ state: UInt64, values: [Bool], at offset: Int, world: Int) -> UInt64 {
    var next = state
    for (slot, box) in boxes.enumerated() where world >= box.level && !values[offset + box.content] {
      next &= ~(1 << UInt64(slot))
    }
    return next
  }
}
