// ModalSystem.swift — owns the solver's input and failure vocabulary: the closed system of
// equations `ModalSystem`, the resource bounds `KripkeLimits`, and `KripkeError`.

/// A closed system "atom i ↔ definitions[i]" over the formulas of `arena`.
public struct ModalSystem: Sendable {
  public var arena: FormulaArena
  /// Atom i is defined by `definitions[i]`; atoms are exactly the indices of this array.
  public var definitions: [FormulaID]

  public init(arena: FormulaArena, definitions: [FormulaID]) {
    self.arena = arena
    self.definitions = definitions
  }

  public var atomCount: Int { definitions.count }
}

/// Resource bounds for one solve.
public struct KripkeLimits: Sendable, Equatable {
  /// Worlds 0..<maxWorlds are available, so the stabilisation world n* must be below this.
  /// n* is at most (largest [k]) + (number of boxes), and the solver's cost follows flips,
  /// not worlds, so 100_000 admits any realistic matchup while stopping runaway programs
  /// (e.g. one building ever-higher [k]) with a clear error instead of a hang.
  public var maxWorlds: Int
  /// Solver memory is a few words per atom and per arena node; 1_000_000 atoms stays in the
  /// tens of megabytes, far beyond what compiled matchups need.
  public var maxAtoms: Int

  public init(maxWorlds: Int = 100_000, maxAtoms: Int = 1_000_000) {
    self.maxWorlds = maxWorlds
    self.maxAtoms = maxAtoms
  }

  public static let standard = KripkeLimits()
}

public enum KripkeError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Atom indices along one cycle of unboxed references, starting at its smallest index;
  /// each atom's definition mentions the next one (and the last the first) outside any box.
  case unguardedCycle([Int])
  /// Stabilisation would need worlds beyond 0..<limit: `box` flips there, or its level is there
  /// (callers point the error at the question that box came from).
  case worldLimit(limit: Int, box: FormulaID)
  /// The system has more atoms than allowed.
  case atomLimit(limit: Int)
  /// A formula used by the system mentions an atom index with no definition.
  case undefinedAtom(Int)
  /// `definitions[atom]` is not an id of the system's arena.
  case invalidDefinition(atom: Int)

  public var description: String {
    switch self {
    case .unguardedCycle(let atoms):
      return "unguarded cycle through atoms " + atoms.map { "a\($0)" }.joined(separator: " → ")
    case .worldLimit(let limit, _):
      return "stabilisation needs more than \(limit) worlds"
    case .atomLimit(let limit):
      return "system has more than \(limit) atoms"
    case .undefinedAtom(let atom):
      return "atom a\(atom) is used but has no definition"
    case .invalidDefinition(let atom):
      return "definition of atom a\(atom) is not a formula of the system's arena"
    }
  }
}
