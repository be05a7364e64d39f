// KripkeSolver.swift — owns solving a ModalSystem on the linear Kripke frame of GL: it
// validates the system, checks that unboxed references are well-founded, and computes the
// value sequence of every used vertex component by component, bottom-up.
//
// Cost model: a component that is a single vertex is combined from its successors'
// sequences. A cyclic component (always closed through a box) is stepped world by world, but
// only at worlds where something can change — a box of the component flips, a lower input
// changes, or a world reaches a box's level k — so its cost is about
// (own flips + input changes + distinct levels) × component size, never (worlds × system).

public enum KripkeSolver {
  public static func solve(
    _ system: ModalSystem,
    limits: KripkeLimits = .standard
  ) throws(KripkeError) -> KripkeSolution {
    guard system.definitions.count <= limits.maxAtoms else {
      throw .atomLimit(limit: limits.maxAtoms)
    }
    let graph = try DependencyGraph(system)
    let postOrder = try graph.unboxedPostOrder()

    // [k] expands to □(¬□^k⊥ → φ) and □^k⊥ flips at world k, so n* ≥ every used level.
    var maxLevel = 0
    var highest: Int?
    for vertex in 0..<graph.formulaCount where graph.reachable[vertex] && graph.kinds[vertex] == .box {
      if highest == nil || graph.auxiliary[vertex] > maxLevel { highest = vertex }
      maxLevel = max(maxLevel, graph.auxiliary[vertex])
    }
    if let highest, maxLevel >= limits.maxWorlds {
      throw .worldLimit(limit: limits.maxWorlds, box: FormulaID(index: highest))
    }

    var evaluator = Evaluator(graph: graph, postOrder: postOrder, maxWorlds: limits.maxWorlds)
    try evaluator.run()

    var stableWorld = maxLevel
    for vertex in 0..<graph.formulaCount where graph.reachable[vertex] && graph.kinds[vertex] == .box {
      if let flip = evaluator.sequences[vertex].changeWorlds.first {
        stableWorld = max(stableWorld, flip)
      }
    }
    return KripkeSolution(
      arena: system.arena,
      atomCount: graph.atomCount,
      stableWorld: stableWorld,
      sequences: evaluator.sequences,
      known: graph.reachable
    )
  }
}

/// Mutable state of one solve; `sequences[v]` is final once v's component is done.
private struct Evaluator {
  let graph: DependencyGraph
  let postOrder: [Int]
  let maxWorlds: Int
  var sequences: [PiecewiseSequence]
  var componentOf: [Int] = []
  /// Position of a vertex inside the component currently being stepped.
  var localIndex: [Int]

  init(graph: DependencyGraph, postOrder: [Int], maxWorlds: Int) {
    self.graph = graph
    self.postOrder = postOrder
    self.maxWorlds = maxWorlds
    sequences = Array(repeating: .constant(false), count: graph.vertexCount)
    localIndex = Array(repeating: -1, count: graph.vertexCount)
  }

  mutating func run() throws(KripkeError) {
    let components = graph.stronglyConnectedComponents()
    componentOf = components.componentOf
    for component in 0..<(components.start.count - 1) {
      let range = components.start[component]..<components.start[component + 1]
      if range.count == 1 {
        // No self-loops exist (arena edges descend, atoms point at their definition), so a
        // lone vertex is acyclic.
        try solveAcyclic(components.members[range.lowerBound])
      } else {
        try solveCyclic(Array(components.members[range]), component: component)
      }
    }
  }

  private func successors(_ vertex: Int) -> Range<Int> {
    graph.edgeStart[vertex]..<graph.edgeStart[vertex + 1]
  }

  /// Box `vertex` (an arena index) flips at `world`, which forces n* ≥ world.
  private func checkFlip(_ world: Int, box vertex: Int) throws(KripkeError) {
    if world >= maxWorlds {
      throw .worldLimit(limit: maxWorlds, box: FormulaID(index: vertex))
    }
  }

  private mutating func solveAcyclic(_ vertex: Int) throws(KripkeError) {
    let edges = successors(vertex)
    let result: PiecewiseSequence
    switch graph.kinds[vertex] {
    case .constantFalse:
      result = .constant(false)
    case .constantTrue:
      result = .constant(true)
    case .atomReference, .atomDefinition:
      result = sequences[graph.edges[edges.lowerBound]]
    case .negation:
      result = sequences[graph.edges[edges.lowerBound]].negated
    case .conjunction, .disjunction:
      let parts = edges.map { sequences[graph.edges[$0]] }
      result = PiecewiseSequence.combine(parts, conjunction: graph.kinds[vertex] == .conjunction)
    case .box:
      result = PiecewiseSequence.box(
        content: sequences[graph.edges[edges.lowerBound]],
        level: graph.auxiliary[vertex]
      )
      if let flip = result.changeWorlds.first {
        try checkFlip(flip, box: vertex)
      }
    }
    sequences[vertex] = result
  }

  /// Steps a cyclic component through the worlds where it can change.
  ///
  /// At world n every member is a function of the component's box states at n and of lower
  /// inputs at n, evaluated in unboxed order. Box states advance by
  /// [k]φ(n+1) = [k]φ(n) ∧ (n < k ∨ φ(n)). If no box flips at n+1, nothing can change
  /// before the next lower-input change or the next level k > n of a still-true box, so the
  /// loop jumps straight there; with neither left, the component is final.
  private mutating func solveCyclic(_ unordered: [Int], component: Int) throws(KripkeError) {
    let members = unordered.sorted { postOrder[$0] < postOrder[$1] }
    for (local, vertex) in members.enumerated() {
      localIndex[vertex] = local
    }
    var boxMembers: [Int] = []  // local indices
    var inputWorlds: [Int] = []
    for (local, vertex) in members.enumerated() {
      if graph.kinds[vertex] == .box {
        boxMembers.append(local)
      }
      for edge in successors(vertex) {
        let successor = graph.edges[edge]
        if componentOf[successor] != component {
          inputWorlds.append(contentsOf: sequences[successor].changeWorlds)
        }
      }
    }
    inputWorlds.sort()
    var distinctInputWorlds: [Int] = []
    for world in inputWorlds where distinctInputWorlds.last != world {
      distinctInputWorlds.append(world)
    }

    var boxState = [Bool](repeating: true, count: members.count)  // meaningful for boxes
    var current = [Bool](repeating: false, count: members.count)
    var initial = [Bool](repeating: false, count: members.count)
    var changes = [[Int]](repeating: [], count: members.count)
    var inputCursor = 0
    var world = 0

    func read(_ vertex: Int, _ current: [Bool], _ world: Int) -> Bool {
      componentOf[vertex] == component
        ? current[localIndex[vertex]]
        : sequences[vertex].value(at: world)
    }

    while true {
      for (local, vertex) in members.enumerated() {
        let edges = successors(vertex)
        let value: Bool
        switch graph.kinds[vertex] {
        case .box:
          value = boxState[local]
        case .constantFalse:
          value = false
        case .constantTrue:
          value = true
        case .atomReference, .atomDefinition:
          value = read(graph.edges[edges.lowerBound], current, world)
        case .negation:
          value = !read(graph.edges[edges.lowerBound], current, world)
        case .conjunction:
          value = edges.allSatisfy { read(graph.edges[$0], current, world) }
        case .disjunction:
          value = edges.contains { read(graph.edges[$0], current, world) }
        }
        if world == 0 {
          initial[local] = value
        } else if value != current[local] {
          changes[local].append(world)
        }
        current[local] = value
      }

      var flipped = false
      for local in boxMembers where boxState[local] {
        let vertex = members[local]
        let level = graph.auxiliary[vertex]
        let content = graph.edges[graph.edgeStart[vertex]]
        if world >= level && !read(content, current, world) {
          boxState[local] = false
          flipped = true
          try checkFlip(world + 1, box: vertex)
        }
      }
      if flipped {
        world += 1
        continue
      }

      while inputCursor < distinctInputWorlds.count && distinctInputWorlds[inputCursor] <= world {
        inputCursor += 1
      }
      var next: Int? = inputCursor < distinctInputWorlds.count ? distinctInputWorlds[inputCursor] : nil
      for local in boxMembers where boxState[local] {
        let level = graph.auxiliary[members[local]]
        if level > world {
          next = min(next ?? level, level)
        }
      }
      guard let target = next else { break }
      world = target
    }

    for (local, vertex) in members.enumerated() {
      sequences[vertex] = PiecewiseSequence(trustedInitial: initial[local], changes: changes[local])
    }
  }
}
