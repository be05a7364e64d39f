// Shards (rule R9): `bargain tournament ... --shard i/n` plays every n-th pair and prints a shard
// file; `bargain merge SHARDS...` checks that the shards belong together and cover every pair,
// loads the population again from the recorded arguments, and renders exactly what the
// unsharded run prints.

import BargainLogic
import BargainProtocol
import BargainRuntime
import BargainSemantics
import BargainSyntax
import BargainTournament
import Foundation

enum ShardFile {
  /// Most shards of one tournament: far more than any cluster array of one study needs.
  static let maxShards = 10_000
  /// Largest shard file `merge` reads (256 MiB): a shard of 10^6 pairs is about 300 MB of JSON
  /// only for a population beyond `maxAgents`; the bound keeps a wrong file from filling memory.
  static let maxShardBytes = 256 << 20

  /// The tournament's arguments without `--shard i/n`: what every shard of a run shares.
  static func baseArguments(_ words: [String]) -> [String] {
    var result: [String] = []
    var index = 0
    while index < words.count {
      if words[index] == "--shard" {
        index += 2
        continue
      }
      result.append(words[index])
      index += 1
    }
    return result
  }

  static func write(
    shard: (index: Int, count: Int), inputs words: [String], world: CheckedWorld, agents: [TournamentAgent],
    options: TournamentOptions
  ) -> CommandResult {
    let order = Tournament.order(world: world, agents: agents, options: options)
    let all = Tournament.pairs(count: agents.count, order: order)
    let mine = Tournament.shard(all, index: shard.index, count: shard.count)
    let played = Tournament.play(pairs: mine, world: world, agents: agents, options: options)
    let positions = all.indices.filter { $0 % shard.count == shard.index - 1 }
    let json = JSON.object([
      "schemaVersion": .int(JSON.schemaVersion),
      "kind": .string("tournament-shard"),
      "shard": .int(shard.index),
      "shards": .int(shard.count),
      "arguments": .array(baseArguments(words).map { .string($0) }),
      "agents": .array(agents.map { .string($0.name) }),
      "order": .string(order.rawValue),
      "pairs": .int(all.count),
      "results": .array(zip(positions, played).map { .object(["index": .int($0), "outcome": encode($1)]) }),
    ])
    return CommandResult(stdout: json.render() + "\n", stderr: "", exitCode: ExitCode.success)
  }

  // MARK: encoding

  static func encode(_ output: Output) -> JSON {
    switch output {
    case .action(let index): return .object(["action": .int(index)])
    case .bargain(let demand, let outside): return .object(["demand": .int(demand), "outside": .int(outside)])
    }
  }

  static func encode(_ result: RunResult) -> JSON {
    switch result {
    case .output(let output): return .object(["output": encode(output)])
    case .timeout: return .string("timeout")
    case .neverEnds: return .string("neverEnds")
    }
  }

  static func encode(_ range: SourceRange?) -> JSON {
    guard let range else { return .null }
    return .array([.int(range.file.index), .int(range.start), .int(range.end)])
  }

  static func encode(_ outcome: PairOutcome) -> JSON {
    switch outcome {
    case .played(let played):
      return .object([
        "row": .int(played.row), "column": .int(played.column),
        "sides": .array(
          played.sides.map { side in
            .object([
              "program": .string(side.program), "reason": .string(side.reason),
              "output": side.output.map(encode) ?? .null, "level": side.level.map { .int($0) } ?? .null,
              "bounded": .array(side.bounded.map { .int($0) }),
              "distribution": side.distribution.map { list in
                .array(list.map { .object(["result": encode($0.result), "p": .string($0.probability.description)]) })
              } ?? .null,
            ])
          }),
        "payoffs": .array(played.payoffs.map { .string($0.description) }),
        "accuracy": .string(played.accuracy.rawValue), "kind": .string(played.kind.rawValue),
        "conflict": played.conflict.map { .string($0.description) } ?? .null,
        "handOver": played.handOver.map { .int($0) } ?? .null, "planned": .bool(played.planned),
        "matchups": .int(played.matchups), "mirrored": .bool(played.mirrored),
      ])
    case .failed(let failure):
      return .object([
        "row": .int(failure.row), "column": .int(failure.column), "limit": .bool(failure.limit),
        "diagnostics": .array(
          failure.diagnostics.map { diagnostic in
            .object([
              "severity": .string(diagnostic.severity.rawValue), "id": .string(diagnostic.id),
              "message": .string(diagnostic.message), "help": diagnostic.help.map { .string($0) } ?? .null,
              "range": encode(diagnostic.range),
              "notes": .array(
                diagnostic.notes.map { .object(["message": .string($0.message), "range": encode($0.range)]) }),
            ])
          }),
      ])
    }
  }

  // MARK: decoding

  struct Malformed: Error {}

  static func fraction(_ value: Any?) throws(Malformed) -> Fraction {
    guard let text = value as? String, !text.isEmpty else { throw Malformed() }
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count <= 2, let numerator = integer(parts[0]) else { throw Malformed() }
    let denominator = parts.count == 2 ? integer(parts[1]) : BigInt(1)
    guard let denominator, let result = Fraction(numerator: numerator, denominator: denominator) else {
      throw Malformed()
    }
    return result
  }

  static func integer(_ text: Substring) -> BigInt? {
    let negative = text.hasPrefix("-")
    let digits = negative ? text.dropFirst() : text
    guard !digits.isEmpty, digits.count <= Fraction.maxDecimalDigits * 4 else { return nil }
    var value = BigInt.zero
    let ten = BigInt(10)
    for character in digits {
      guard let digit = character.wholeNumberValue, character.isASCII else { return nil }
      value = value * ten + BigInt(digit)
    }
    return negative ? BigInt.zero - value : value
  }

  static func int(_ value: Any?) throws(Malformed) -> Int {
    guard let number = value as? Int else { throw Malformed() }
    return number
  }

  static func output(_ value: Any?) throws(Malformed) -> Output {
    guard let object = value as? [String: Any] else { throw Malformed() }
    if let action = object["action"] { return .action(try int(action)) }
    return .bargain(demand: try int(object["demand"]), outside: try int(object["outside"]))
  }

  static func runResult(_ value: Any?) throws(Malformed) -> RunResult {
    switch value as? String {
    case "timeout": return .timeout
    case "neverEnds": return .neverEnds
    default:
      guard let object = value as? [String: Any] else { throw Malformed() }
      return .output(try output(object["output"]))
    }
  }

  static func range(_ value: Any?) throws(Malformed) -> SourceRange? {
    if value == nil || value is NSNull { return nil }
    guard let parts = value as? [Int], parts.count == 3 else { throw Malformed() }
    return SourceRange(file: FileID(parts[0]), start: parts[1], end: parts[2])
  }

  static func decode(_ value: Any?) throws(Malformed) -> PairOutcome {
    guard let object = value as? [String: Any] else { throw Malformed() }
    let row = try int(object["row"])
    let column = try int(object["column"])
    if let diagnostics = object["diagnostics"] as? [[String: Any]] {
      var decoded: [Diagnostic] = []
      for item in diagnostics {
        guard let id = item["id"] as? String, let message = item["message"] as? String,
          let severity = (item["severity"] as? String).flatMap(Severity.init(rawValue:)),
          let notes = item["notes"] as? [[String: Any]]
        else { throw Malformed() }
        var decodedNotes: [Diagnostic.Note] = []
        for note in notes {
          guard let text = note["message"] as? String else { throw Malformed() }
          decodedNotes.append(Diagnostic.Note(message: text, range: try range(note["range"])))
        }
        decoded.append(
          Diagnostic(
            severity: severity, id: id, message: message, range: try range(item["range"]), notes: decodedNotes,
            help: item["help"] as? String))
      }
      return .failed(
        PairFailure(row: row, column: column, diagnostics: decoded, limit: (object["limit"] as? Bool) ?? false))
    }
    guard let sidesJSON = object["sides"] as? [[String: Any]], sidesJSON.count == 2,
      let payoffsJSON = object["payoffs"] as? [Any], payoffsJSON.count == 2,
      let accuracy = (object["accuracy"] as? String).flatMap(Accuracy.init(rawValue:)),
      let kind = (object["kind"] as? String).flatMap(PairKind.init(rawValue:)),
      let planned = object["planned"] as? Bool, let mirrored = object["mirrored"] as? Bool
    else { throw Malformed() }
    var sides: [SideOutcome] = []
    for side in sidesJSON {
      guard let program = side["program"] as? String, let reason = side["reason"] as? String,
        let bounded = side["bounded"] as? [Int]
      else { throw Malformed() }
      var distribution: [WeightedResult]?
      if let list = side["distribution"] as? [[String: Any]] {
        var entries: [WeightedResult] = []
        for entry in list {
          entries.append(WeightedResult(result: try runResult(entry["result"]), probability: try fraction(entry["p"])))
        }
        distribution = entries
      }
      let outputValue = side["output"]
      sides.append(
        SideOutcome(
          program: program, reason: reason,
          output: outputValue == nil || outputValue is NSNull ? nil : try output(outputValue),
          level: side["level"] as? Int, bounded: bounded, distribution: distribution))
    }
    let conflictValue = object["conflict"]
    return .played(
      PairResult(
        row: row, column: column, sides: sides, payoffs: [try fraction(payoffsJSON[0]), try fraction(payoffsJSON[1])],
        accuracy: accuracy, kind: kind,
        conflict: conflictValue == nil || conflictValue is NSNull ? nil : try fraction(conflictValue),
        handOver: object["handOver"] as? Int, planned: planned, matchups: try int(object["matchups"]),
        mirrored: mirrored))
  }
}

/// `bargain merge SHARD... [output options]`.
enum MergeCommand {
  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
    var files: [String] = []
    var outputWords: [String] = []
    for word in words {
      if word.hasSuffix(".json") && !word.hasPrefix("-") && (outputWords.last.map { !takesValue($0) } ?? true) {
        files.append(word)
      } else {
        outputWords.append(word)
      }
    }
    guard !files.isEmpty else { return CLI.usageError("`merge` needs shard files (*.json)", command: "merge") }
    func fail(_ message: String) -> CommandResult {
      CommandResult(stdout: "", stderr: "bargain: error: \(message)\n", exitCode: ExitCode.programError)
    }
    var shards: [[String: Any]] = []
    for path in files {
      let bytes: [UInt8]
      switch readShard(path) {
      case .success(let read): bytes = read
      case .failure(let problem): return fail("cannot read shard '\(path)': \(problem.reason)")
      }
      guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
        object["kind"] as? String == "tournament-shard"
      else { return fail("'\(path)' is not a tournament shard file") }
      shards.append(object)
    }
    guard let first = shards.first, let arguments = first["arguments"] as? [String],
      let count = first["shards"] as? Int, let total = first["pairs"] as? Int, let names = first["agents"] as? [String]
    else { return fail("'\(files[0])' is not a tournament shard file") }
    var seen = Set<Int>()
    for (path, shard) in zip(files, shards) {
      guard shard["arguments"] as? [String] == arguments, shard["shards"] as? Int == count,
        shard["agents"] as? [String] == names, shard["pairs"] as? Int == total
      else { return fail("'\(path)' belongs to another run than '\(files[0])'") }
      guard let index = shard["shard"] as? Int, seen.insert(index).inserted else {
        return fail("'\(path)' repeats a shard")
      }
    }
    guard seen.count == count else {
      let missing = (1...max(count, 1)).filter { !seen.contains($0) }.map(String.init).joined(separator: ", ")
      return fail("shards missing: \(missing) of \(count)")
    }
    // The population again, from the recorded arguments; output options are this command's.
    let options: TournamentCommand.Options
    switch TournamentCommand.parse(arguments + outputWords) {
    case .success(let parsed): options = parsed
    case .failure(let error): return error.result
    }
    var loaded = context.loader()
    var population = TournamentCommand.Population()
    for input in options.inputs { population.add(input, &loaded) }
    let problems = loaded.diagnostics + population.diagnostics
    if problems.contains(where: { $0.severity == .error }) {
      return CLI.failure(DiagnosticRenderer(sources: loaded.sources).render(problems), CLI.exitCode(for: problems))
    }
    let world: CheckedWorld
    let agents: [TournamentAgent]
    let warnings: [Diagnostic]
    switch TournamentCommand.checkedAgents(population.requests, loaded: loaded, context) {
    case .success(let checked): (world, agents, warnings) = checked
    case .failure(let error): return error.result
    }
    guard agents.map(\.name) == names else { return fail("the agents' files changed since the shards were played") }
    var tournamentOptions = TournamentOptions(
      horizon: options.horizon ?? population.horizon ?? ProtocolLimits.defaultHorizon,
      lag: options.lag ?? population.lag ?? ProtocolLimits.defaultLag, jobs: 1)
    if options.ordered { tournamentOptions.order = .ordered }
    if options.generalPath { tournamentOptions.modalFastPath = false }
    let order = Tournament.order(world: world, agents: agents, options: tournamentOptions)
    guard order.rawValue == first["order"] as? String,
      Tournament.pairs(count: agents.count, order: order).count == total
    else { return fail("the shards' pairs do not match the population") }
    var played = [PairOutcome?](repeating: nil, count: total)
    for (path, shard) in zip(files, shards) {
      guard let results = shard["results"] as? [[String: Any]] else { return fail("'\(path)' has no results") }
      for entry in results {
        guard let index = entry["index"] as? Int, played.indices.contains(index), played[index] == nil,
          let outcome = try? ShardFile.decode(entry["outcome"])
        else { return fail("'\(path)' has a malformed or repeated result") }
        played[index] = outcome
      }
    }
    let outcomes = played.compactMap { $0 }
    guard outcomes.count == total else { return fail("the shards do not cover every pair") }
    let result = Tournament.assemble(
      world: world, agents: agents, options: tournamentOptions, order: order, played: outcomes)
    return TournamentCommand.render(result, options, warnings: warnings, loaded: loaded, context)
  }

  /// A shard file's bytes: a regular file (after symlinks) of at most `maxShardBytes`, read with
  /// the loader's bounded reader, so a FIFO or a device is refused without being opened.
  static func readShard(_ path: String) -> Result<[UInt8], ShardReadError> {
    let resolved: String
    switch ProgramPath.resolve(path) {
    case .success(let real): resolved = real
    case .failure(let error):
      return .failure(ShardReadError(error.code == ENOENT ? "no such file" : StandardStream.describe(error.code)))
    }
    switch ProgramFileReader.read(resolved, limit: ShardFile.maxShardBytes) {
    case .success(let bytes): return .success(bytes)
    case .failure(.notFound): return .failure(ShardReadError("no such file"))
    case .failure(.notRegular(let kind)): return .failure(ShardReadError("it is \(kind), not a regular file"))
    case .failure(.tooLarge(let size)):
      return .failure(
        ShardReadError("it has \(size) bytes, more than maxShardBytes (\(ShardFile.maxShardBytes))"))
    case .failure(.unreadable(let reason)): return .failure(ShardReadError(reason))
    }
  }

  /// Why a shard file could not be read, as the error line says it.
  struct ShardReadError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  /// Options whose next word is their value (a value ending in .json is not a shard).
  static func takesValue(_ word: String) -> Bool {
    ["--nfg", "--html", "--trajectory", "--seed", "--dynamics", "--population", "--jobs"].contains(word)
  }
}
