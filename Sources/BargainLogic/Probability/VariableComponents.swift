// VariableComponents.swift — owns the dependency-graph view of a `PolynomialSystem`: which
// variables each equation reads, and an iterative Tarjan decomposition into strongly connected
// components in solving order. Iterative because a chain of 100_000 simulations would overflow
// the call stack of a recursive search.

enum VariableComponents {
  /// The strongly connected components of "x_i reads x_j", each sorted ascending, listed so that
  /// every component comes after all components it reads from (dependencies first). The order
  /// depends only on the system, never on hashing.
  static func inSolvingOrder(_ system: PolynomialSystem) -> [[Int]] {
    let successors = system.equations.map { monomials -> [Int] in
      var read: [Int] = []
      for monomial in monomials { read.append(contentsOf: monomial.variables) }
      read.sort()
      var distinct: [Int] = []
      for variable in read where distinct.last != variable { distinct.append(variable) }
      return distinct
    }
    return stronglyConnectedComponents(successors: successors)
  }

  /// Tarjan's algorithm with an explicit stack of (vertex, next successor position). Tarjan
  /// emits a component only after every component reachable from it, which is exactly the
  /// dependencies-first order. Successor indices must lie in 0..<successors.count.
  static func stronglyConnectedComponents(successors: [[Int]]) -> [[Int]] {
    let count = successors.count
    var index = [Int](repeating: -1, count: count)
    var lowLink = [Int](repeating: 0, count: count)
    var onStack = [Bool](repeating: false, count: count)
    var stack: [Int] = []
    var frames: [(vertex: Int, next: Int)] = []
    var components: [[Int]] = []
    var counter = 0

    for root in 0..<count where index[root] < 0 {
      index[root] = counter
      lowLink[root] = counter
      counter += 1
      stack.append(root)
      onStack[root] = true
      frames.append((root, 0))
      while let frame = frames.last {
        let vertex = frame.vertex
        if frame.next < successors[vertex].count {
          frames[frames.count - 1].next += 1
          let successor = successors[vertex][frame.next]
          if index[successor] < 0 {
            index[successor] = counter
            lowLink[successor] = counter
            counter += 1
            stack.append(successor)
            onStack[successor] = true
            frames.append((successor, 0))
          } else if onStack[successor] {
            lowLink[vertex] = min(lowLink[vertex], index[successor])
          }
          continue
        }
        frames.removeLast()
        if let parent = frames.last {
          lowLink[parent.vertex] = min(lowLink[parent.vertex], lowLink[vertex])
        }
        if lowLink[vertex] == index[vertex] {
          var component: [Int] = []
          while let member = stack.popLast() {
            onStack[member] = false
            component.append(member)
            if member == vertex { break }
          }
          components.append(component.sorted())
        }
      }
    }
    return components
  }
}
