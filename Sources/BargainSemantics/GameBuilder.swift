// Turns a `game G { ... }` declaration into a checked `Game`, reporting what is missing or wrong.

import BargainSyntax

enum GameBuilder {
  static func build(_ decl: GameDecl, body: GameBody) -> (Game?, [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let name = decl.name.name
    func problem(_ text: String, _ range: SourceRange) {
      diagnostics.append(SemanticMessage.invalidGame(name: name, problem: text).diagnostic(at: range))
    }
    var actions: [Identifier]?
    var payoffs: [(Identifier, Identifier, PayoffPair, SourceRange)] = []
    var resource: IntegerLiteral?
    var demands: [Int]?
    var demandRange: SourceRange?
    var options: [Identifier]?
    var defaultOutside: Identifier?
    var disagreements: [(Identifier, Identifier, PayoffPair, SourceRange)] = []
    var surplus: SurplusRule?
    var neverEnds: PayoffProfile?
    // A `demands` clause already reported as wrong: do not also say the grid is missing.
    var demandsRejected = false
    var grants: [CapabilityGrant] = []
    var capabilities: [CapabilitySetting] = []
    var rounds: IntegerLiteral?
    var discount: PayoffLiteral?
    var cost: PayoffLiteral?
    var lockRange: SourceRange?
    for clause in body.clauses {
      switch clause {
      case .grant(let grant):
        if let capability = Capability(rawValue: grant.capability.name) {
          if grant.time.value < 0 || grant.time.value > SemanticLimits.maxHorizon {
            problem("grant time \(grant.time.value) is outside 0...\(SemanticLimits.maxHorizon)", grant.time.range)
          }
          grants.append(CapabilityGrant(capability: capability, time: grant.time.value, range: grant.range))
        } else {
          problem(
            "unknown capability '\(grant.capability.name)' (known: \(Capability.allCases.map(\.rawValue).joined(separator: ", ")))",
            grant.capability.range)
        }
      case .capability(let name, let withheld, let cost, let range):
        guard let capability = Capability(rawValue: name.name) else {
          problem(
            "unknown capability '\(name.name)' (known: \(Capability.allCases.map(\.rawValue).joined(separator: ", ")))",
            name.range)
          continue
        }
        if capabilities.contains(where: { $0.capability == capability }) {
          problem("`capability \(name.name)` is given twice", range)
          continue
        }
        var amount: Rational?
        if let cost {
          amount = Rational(cost.numerator, cost.denominator)
          if let value = amount, value < Rational(0) {
            problem("the cost of \(name.name) must not be negative, found \(cost.text)", cost.range)
          }
        }
        capabilities.append(CapabilitySetting(capability: capability, withheld: withheld, cost: amount, range: range))
      case .actions(let list, let range):
        if actions != nil { problem("`actions` is given twice", range) }
        actions = list
      case .payoff(let row, let column, let pair, let range):
        payoffs.append((row, column, pair, range))
      case .resource(let literal, let range):
        if resource != nil { problem("`resource` is given twice", range) }
        resource = literal
      case .demandRange(let low, let high, let step, let range):
        if demands != nil { problem("`demands` is given twice", range) }
        let stride = step?.value ?? 1
        if stride <= 0 {
          problem("the demand step must be positive, found \(stride)", step?.range ?? range)
          demandsRejected = true
        } else if low.value > high.value {
          problem("the demand range \(low.value)..\(high.value) is empty", range)
          demandsRejected = true
        } else {
          // 0..9223372036854775807 has more demands than an Int counts: such a grid is over the
          // limit, reported as "at least Int.max".
          let (span, spanOverflow) = high.value.subtractingReportingOverflow(low.value)
          let (steps, stepsOverflow) = (span / stride).addingReportingOverflow(1)
          let count = spanOverflow || stepsOverflow ? Int.max : steps
          if count > SemanticLimits.maxOutputs {
            diagnostics.append(
              SemanticMessage.outputLimit(count: count, limit: SemanticLimits.maxOutputs).diagnostic(at: range))
            demands = nil
            demandsRejected = true
          } else {
            demands = (0..<count).map { low.value + $0 * stride }
          }
        }
        demandRange = range
      case .demandList(let list, let range):
        if demands != nil { problem("`demands` is given twice", range) }
        demands = Array(Set(list.map(\.value))).sorted()
        demandRange = range
      case .outsideOptions(let list, let range):
        if options != nil { problem("`outside` is given twice", range) }
        options = list
      case .defaultOutside(let option, let range):
        if defaultOutside != nil { problem("`default outside` is given twice", range) }
        defaultOutside = option
      case .disagreement(let row, let column, let pair, let range):
        disagreements.append((row, column, pair, range))
      case .surplus(let rule, let range):
        if surplus != nil { problem("`surplus` is given twice", range) }
        surplus = rule
      case .neverEnds(let pair, let range):
        if neverEnds != nil { problem("`never ends` is given twice", range) }
        neverEnds = PayoffProfile(pair)
      case .rounds(let count, let range):
        if rounds != nil { problem("`rounds` is given twice", range) }
        rounds = count
      case .discount(let factor, let range):
        if discount != nil { problem("`discount` is given twice", range) }
        discount = factor
      case .costPerRound(let amount, let range):
        if cost != nil { problem("`cost per round` is given twice", range) }
        cost = amount
      case .lockWhenRepeated(let range):
        if lockRange != nil { problem("`lock when repeated` is given twice", range) }
        lockRange = range
      }
    }
    let isMatrix = actions != nil || !payoffs.isEmpty
    let isBargaining =
      resource != nil || demands != nil || options != nil || defaultOutside != nil
      || !disagreements.isEmpty || surplus != nil
    let roundsRange = rounds?.range ?? discount?.range ?? cost?.range ?? lockRange
    if isMatrix, let roundsRange {
      problem("rounds, discount, cost and lock-in belong to bargaining games", roundsRange)
    }
    if isMatrix && isBargaining {
      problem("mixes matrix clauses (actions, payoff) with bargaining clauses", decl.range)
      return (nil, diagnostics)
    }
    if isMatrix {
      guard let actions, !actions.isEmpty else {
        problem("a matrix game needs `actions`", body.range)
        return (nil, diagnostics)
      }
      let names = unique(actions, what: "action", problem: problem)
      let table = fill(names, payoffs, label: "payoff", problem: problem, range: body.range)
      guard let table, diagnostics.isEmpty else { return (nil, diagnostics) }
      return (
        Game(
          name: name, kind: .matrix(MatrixGame(actions: names, payoffs: table)), range: decl.range, grants: grants,
          capabilities: capabilities, neverEnds: neverEnds),
        []
      )
    }
    guard let resource else {
      problem("a game needs `actions` (matrix game) or `resource` (bargaining game)", body.range)
      return (nil, diagnostics)
    }
    if resource.value < 0 { problem("the resource must not be negative", resource.range) }
    guard let demands, !demands.isEmpty else {
      if !demandsRejected {
        problem("a bargaining game needs a non-empty `demands` grid", demandRange ?? body.range)
      }
      return (nil, diagnostics)
    }
    if let bad = demands.first(where: { $0 < 0 || $0 > resource.value }) {
      problem("demand \(bad) is outside 0..\(resource.value)", demandRange ?? body.range)
    }
    guard let options, !options.isEmpty else {
      problem("a bargaining game needs `outside` options", body.range)
      return (nil, diagnostics)
    }
    let optionNames = unique(options, what: "outside option", problem: problem)
    let (outputCount, countOverflow) = demands.count.multipliedReportingOverflow(by: optionNames.count)
    if countOverflow || outputCount > SemanticLimits.maxOutputs {
      diagnostics.append(
        SemanticMessage.outputLimit(count: countOverflow ? Int.max : outputCount, limit: SemanticLimits.maxOutputs)
          .diagnostic(at: demandRange ?? body.range))
    }
    var defaultIndex: Int?
    if let defaultOutside {
      defaultIndex = optionNames.firstIndex(of: defaultOutside.name)
      if defaultIndex == nil {
        problem(
          "the default outside option '\(defaultOutside.name)' is not among the outside options", defaultOutside.range)
      }
    }
    let table = fill(optionNames, disagreements, label: "disagreement", problem: problem, range: body.range)
    guard let table, diagnostics.isEmpty else { return (nil, diagnostics) }
    let roundsRule = buildRounds(rounds, discount, cost, lockRange, problem: problem) { message, range in
      diagnostics.append(message.diagnostic(at: range))
    }
    guard diagnostics.isEmpty else { return (nil, diagnostics) }
    let game = BargainingGame(
      resource: resource.value, demands: demands, outsideOptions: optionNames,
      defaultOutside: defaultIndex, disagreement: table, surplus: surplus ?? .keep, rounds: roundsRule)
    return (
      Game(
        name: name, kind: .bargaining(game), range: decl.range, grants: grants, capabilities: capabilities,
        neverEnds: neverEnds), []
    )
  }

  /// Rules M1 and M6: `rounds` is required by the other round clauses; a game with one round
  /// and no other round clause is the one-round game of rule 5 (nil).
  private static func buildRounds(
    _ rounds: IntegerLiteral?, _ discount: PayoffLiteral?, _ cost: PayoffLiteral?, _ lockRange: SourceRange?,
    problem: (String, SourceRange) -> Void, limit: (SemanticMessage, SourceRange) -> Void
  ) -> RoundsRule? {
    guard let rounds else {
      if let range = discount?.range ?? cost?.range ?? lockRange {
        problem("`discount`, `cost per round` and `lock when repeated` need `rounds N`", range)
      }
      return nil
    }
    guard rounds.value >= 1 else {
      problem("a game has at least 1 round, found \(rounds.value)", rounds.range)
      return nil
    }
    guard rounds.value <= SemanticLimits.maxRounds else {
      limit(.roundsLimit(count: rounds.value, limit: SemanticLimits.maxRounds), rounds.range)
      return nil
    }
    var factor = Rational(1)
    if let discount {
      let value = Rational(discount.numerator, discount.denominator) ?? Rational(0)
      guard value > Rational(0), value <= Rational(1) else {
        problem("the discount must be greater than 0 and at most 1, found \(discount.text)", discount.range)
        return nil
      }
      factor = value
    }
    var perRound = Rational(0)
    if let cost {
      let value = Rational(cost.numerator, cost.denominator) ?? Rational(0)
      guard value >= Rational(0) else {
        problem("the cost per round must not be negative, found \(cost.text)", cost.range)
        return nil
      }
      perRound = value
    }
    return RoundsRule(
      count: rounds.value, discount: factor, cost: perRound, lockWhenRepeated: lockRange != nil,
      discountRange: discount?.range, costRange: cost?.range)
  }

  private static func unique(
    _ list: [Identifier], what: String, problem: (String, SourceRange) -> Void
  ) -> [String] {
    var seen: [String] = []
    for identifier in list {
      if seen.contains(identifier.name) {
        problem("\(what) '\(identifier.name)' is listed twice", identifier.range)
      } else {
        seen.append(identifier.name)
      }
    }
    return seen
  }

  /// Builds the complete square table, reporting unknown, repeated and missing entries.
  private static func fill(
    _ names: [String], _ entries: [(Identifier, Identifier, PayoffPair, SourceRange)], label: String,
    problem: (String, SourceRange) -> Void, range: SourceRange
  ) -> [[PayoffProfile]]? {
    var table: [[PayoffProfile?]] = Array(repeating: Array(repeating: nil, count: names.count), count: names.count)
    var ok = true
    for (row, column, pair, entryRange) in entries {
      guard let r = names.firstIndex(of: row.name) else {
        problem("unknown name '\(row.name)' in \(label); known: \(names.joined(separator: ", "))", row.range)
        ok = false
        continue
      }
      guard let c = names.firstIndex(of: column.name) else {
        problem("unknown name '\(column.name)' in \(label); known: \(names.joined(separator: ", "))", column.range)
        ok = false
        continue
      }
      if table[r][c] != nil {
        problem("\(label) (\(row.name), \(column.name)) is given twice", entryRange)
        ok = false
      }
      table[r][c] = PayoffProfile(pair)
    }
    var result: [[PayoffProfile]] = []
    for (r, rowEntries) in table.enumerated() {
      var line: [PayoffProfile] = []
      for (c, entry) in rowEntries.enumerated() {
        if let entry {
          line.append(entry)
        } else {
          problem("missing \(label) (\(names[r]), \(names[c]))", range)
          ok = false
        }
      }
      result.append(line)
    }
    return ok ? result : nil
  }
}

extension PayoffProfile {
  /// The exact payoffs a `payoff`, `disagreement` or `never ends` clause wrote.
  init(_ pair: PayoffPair) {
    // The parser keeps every literal a reduced fraction with a positive denominator and a
    // numerator above Int.min, which `Rational` always accepts.
    self.init(
      row: Rational(pair.row.numerator, pair.row.denominator) ?? Rational(0),
      column: Rational(pair.column.numerator, pair.column.denominator) ?? Rational(0))
  }
}
