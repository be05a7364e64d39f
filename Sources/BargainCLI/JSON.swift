// A tiny JSON value with deterministic rendering: object keys sorted, stable number format.

import BargainSemantics

public indirect enum JSON: Hashable, Sendable {
  case null
  case bool(Bool)
  case int(Int)
  /// A number already rendered (exact decimals for rationals).
  case number(String)
  case string(String)
  case array([JSON])
  case object([String: JSON])

  /// Version of the layout of every JSON document the CLI prints, its top-level `schemaVersion`
  /// (README, "JSON output"). Version 2 added the field and made the `result` of a match with
  /// chance a distribution; version 3 replaced a player's `enforced` and `programOutput` (and a
  /// distribution entry's `enforced`) by `binding`, since commitments bind the program (rule P8).
  public static let schemaVersion = 3

  /// An exact value: an integer or a finite decimal (`52.5`) as a number; any other fraction, which
  /// no JSON number writes exactly, as `{"fraction": "1/3", "decimal": 0.3333333333333333}` (the
  /// form of the chance reports' probabilities).
  public static func rational(_ value: Rational) -> JSON {
    if value.isInteger { return .int(value.numerator) }
    let text = value.description
    guard text.contains("/") else { return .number(text) }
    return .object(["fraction": .string(text), "decimal": .number(String(value.doubleValue))])
  }

  /// Pretty-printed with two-space indentation and sorted keys.
  public func render(indent: Int = 0) -> String {
    let pad = String(repeating: "  ", count: indent + 1)
    let closing = String(repeating: "  ", count: indent)
    switch self {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .int(let value): return String(value)
    case .number(let text): return text
    case .string(let text): return JSON.quote(text)
    case .array(let items):
      if items.isEmpty { return "[]" }
      if items.allSatisfy(\.isScalar) { return "[" + items.map { $0.render() }.joined(separator: ", ") + "]" }
      return "[\n" + items.map { pad + $0.render(indent: indent + 1) }.joined(separator: ",\n") + "\n\(closing)]"
    case .object(let fields):
      if fields.isEmpty { return "{}" }
      let body = fields.keys.sorted().map { key in
        pad + JSON.quote(key) + ": " + (fields[key] ?? .null).render(indent: indent + 1)
      }
      return "{\n" + body.joined(separator: ",\n") + "\n\(closing)}"
    }
  }

  var isScalar: Bool {
    switch self {
    case .null, .bool, .int, .number, .string: return true
    case .array, .object: return false
    }
  }

  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
