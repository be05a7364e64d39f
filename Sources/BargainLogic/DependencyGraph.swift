// DependencyGraph.swift — owns the solver's internal graph view of a ModalSystem: one vertex
// per arena node plus one per atom, successor lists in compressed form, validation and
// reachability, the unguarded-cycle check (which also yields an evaluation order), and an
// iterative Tarjan decomposition into strongly connected components. Everything here is
// iterative because systems may have 10^5+ atoms, far beyond the call stack's depth.

enum VertexKind: UInt8 {
  case constantFalse
  case constantTrue
  /// Arena node `.atom(j)`: one edge to atom vertex j.
  case atomReference
  /// Atom vertex: one edge to the vertex of its definition.
  case atomDefinition
  case negation
  case conjunction
  case disjunction
  /// One edge to its content; the only edge kind that does not count as "unboxed".
  case box
}

struct DependencyGraph {
  /// Vertices 0..<formulaCount are arena nodes (same index as their FormulaID).
  let formulaCount: Int
  /// Vertices formulaCount..<formulaCount+atomCount are atoms.
  let atomCount: Int
  private(set) var kinds: [VertexKind]
  /// Box level for box vertices, referenced atom index for atom references, else 0.
  private(set) var auxiliary: [Int]
  /// Successors of v are edges[edgeStart[v]..<edgeStart[v + 1]].
  private(set) var edgeStart: [Int]
  private(set) var edges: [Int]
  /// Vertices the system actually uses (reachable from some atom).
  private(set) var reachable: [Bool]

  var vertexCount: Int { formulaCount + atomCount }

  func atomVertex(_ atom: Int) -> Int { formulaCount + atom }

  func isAtomVertex(_ vertex: Int) -> Bool { vertex >= formulaCount }

  /// Builds the graph and marks the vertices reachable from the atoms; throws if a used
  /// formula mentions an undefined atom or a definition is foreign to the arena.
  init(_ system: ModalSystem) throws(KripkeError) {
    let arena = system.arena
    formulaCount = arena.count
    atomCount = system.definitions.count
    let total = formulaCount + atomCount
    kinds = []
    kinds.reserveCapacity(total)
    auxiliary = []
    auxiliary.reserveCapacity(total)
    edgeStart = []
    edgeStart.reserveCapacity(total + 1)
    edges = []
    edges.reserveCapacity(total * 2)
    reachable = Array(repeating: false, count: total)

    for index in 0..<formulaCount {
      edgeStart.append(edges.count)
      switch arena.node(FormulaID(index: index)) {
      case .constant(let value):
        kinds.append(value ? .constantTrue : .constantFalse)
        auxiliary.append(0)
      case .atom(let atom):
        kinds.append(.atomReference)
        auxiliary.append(atom)
        // An undefined atom gets no edge; it is an error only if the system reaches it.
        if atom >= 0 && atom < atomCount {
          edges.append(formulaCount + atom)
        }
      case .not(let inner):
        kinds.append(.negation)
        auxiliary.append(0)
        edges.append(inner.index)
      case .and(let parts):
        kinds.append(.conjunction)
        auxiliary.append(0)
        edges.append(contentsOf: parts.map(\.index))
      case .or(let parts):
        kinds.append(.disjunction)
        auxiliary.append(0)
        edges.append(contentsOf: parts.map(\.index))
      case .box(let level, let inner):
        kinds.append(.box)
        auxiliary.append(level)
        edges.append(inner.index)
      }
    }
    for (atom, definition) in system.definitions.enumerated() {
      guard arena.contains(definition) else {
        throw .invalidDefinition(atom: atom)
      }
      edgeStart.append(edges.count)
      kinds.append(.atomDefinition)
      auxiliary.append(atom)
      edges.append(definition.index)
    }
    edgeStart.append(edges.count)
    try markReachable()
  }

  private mutating func markReachable() throws(KripkeError) {
    var stack: [Int] = []
    // Reversed so the stack pops atom 0 first: errors are reported deterministically.
    for atom in (0..<atomCount).reversed() {
      stack.append(atomVertex(atom))
    }
    while let vertex = stack.popLast() {
      if reachable[vertex] { continue }
      reachable[vertex] = true
      if kinds[vertex] == .atomReference, edgeStart[vertex] == edgeStart[vertex + 1] {
        throw .undefinedAtom(auxiliary[vertex])
      }
      for position in edgeStart[vertex]..<edgeStart[vertex + 1] where !reachable[edges[position]] {
        stack.append(edges[position])
      }
    }
  }

  /// Depth-first search along unboxed edges only. Returns each reachable vertex's post-order
  /// position (unboxed successors come first), or throws the first cycle met. Roots are the
  /// atoms in increasing order, so the reported cycle is the one found from the smallest
  /// atom; it is rotated to start at its smallest atom.
  func unboxedPostOrder() throws(KripkeError) -> [Int] {
    var color = [UInt8](repeating: 0, count: vertexCount)  // 0 new, 1 on path, 2 done
    var position = [Int](repeating: -1, count: vertexCount)
    var nextPosition = 0
    var frames: [(vertex: Int, next: Int)] = []
    let roots = Array(formulaCount..<vertexCount) + Array(0..<formulaCount)
    for root in roots where reachable[root] && color[root] == 0 {
      color[root] = 1
      frames.append((root, edgeStart[root]))
      while let top = frames.last {
        let vertex = top.vertex
        let end = kinds[vertex] == .box ? edgeStart[vertex] : edgeStart[vertex + 1]
        if top.next < end {
          frames[frames.count - 1].next = top.next + 1
          let successor = edges[top.next]
          if color[successor] == 0 {
            color[successor] = 1
            frames.append((successor, edgeStart[successor]))
          } else if color[successor] == 1 {
            throw .unguardedCycle(cycleAtoms(frames: frames, closingAt: successor))
          }
        } else {
          color[vertex] = 2
          position[vertex] = nextPosition
          nextPosition += 1
          frames.removeLast()
        }
      }
    }
    return position
  }

  private func cycleAtoms(frames: [(vertex: Int, next: Int)], closingAt vertex: Int) -> [Int] {
    let start = frames.lastIndex { $0.vertex == vertex } ?? 0
    // Arena-node edges only go to smaller ids, so every cycle passes through an atom.
    let atoms = frames[start...].compactMap { isAtomVertex($0.vertex) ? $0.vertex - formulaCount : nil }
    guard let smallest = atoms.indices.min(by: { atoms[$0] < atoms[$1] }) else { return atoms }
    return Array(atoms[smallest...] + atoms[..<smallest])
  }

  /// Strongly connected components over all edges (boxed and unboxed), listed so that every
  /// component comes after all components it can reach: solving in this order is bottom-up.
  /// Returns the flattened member lists with offsets, and each vertex's component number.
  func stronglyConnectedComponents() -> (members: [Int], start: [Int], componentOf: [Int]) {
    let unvisited = -1
    var order = [Int](repeating: unvisited, count: vertexCount)
    var low = [Int](repeating: 0, count: vertexCount)
    var onStack = [Bool](repeating: false, count: vertexCount)
    var componentOf = [Int](repeating: -1, count: vertexCount)
    var pending: [Int] = []
    var frames: [(vertex: Int, next: Int)] = []
    var members: [Int] = []
    members.reserveCapacity(vertexCount)
    var start: [Int] = [0]
    var counter = 0

    // Every reachable vertex is reachable from an atom, so atoms suffice as roots.
    for root in formulaCount..<vertexCount where order[root] == unvisited {
      order[root] = counter
      low[root] = counter
      counter += 1
      pending.append(root)
      onStack[root] = true
      frames.append((root, edgeStart[root]))
      while let top = frames.last {
        let vertex = top.vertex
        if top.next < edgeStart[vertex + 1] {
          frames[frames.count - 1].next = top.next + 1
          let successor = edges[top.next]
          if order[successor] == unvisited {
            order[successor] = counter
            low[successor] = counter
            counter += 1
            pending.append(successor)
            onStack[successor] = true
            frames.append((successor, edgeStart[successor]))
          } else if onStack[successor] {
            low[vertex] = min(low[vertex], order[successor])
          }
        } else {
          frames.removeLast()
          if let parent = frames.last {
            low[parent.vertex] = min(low[parent.vertex], low[vertex])
          }
          if low[vertex] == order[vertex] {
            let component = start.count - 1
            while let member = pending.popLast() {
              onStack[member] = false
              componentOf[member] = component
              members.append(member)
              if member == vertex { break }
            }
            start.append(members.count)
          }
        }
      }
    }
    return (members, start, componentOf)
  }
}
