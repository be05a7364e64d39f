// `bargain lsp` spoken to as a client would: framed JSON-RPC in, framed replies out. Most tests
// run the server in-process (`CLI.run` with the messages as standard input); one runs the built
// executable over pipes.

import Foundation
import Testing

@testable import BargainCLI
@testable import BargainSyntax

/// A scripted client: the messages it sends and a parser for what comes back (its own framing
/// code, independent of the server's).
struct LSPClient {
  var input: [UInt8] = []
  var nextID = 1

  mutating func raw(_ bytes: String) { input += Array(bytes.utf8) }

  mutating func send(_ message: [String: Any]) throws {
    var message = message
    message["jsonrpc"] = "2.0"
    let body = try JSONSerialization.data(withJSONObject: message, options: [.sortedKeys])
    raw("Content-Length: \(body.count)\r\n\r\n")
    input += Array(body)
  }

  @discardableResult
  mutating func request(_ method: String, _ params: [String: Any] = [:]) throws -> Int {
    let id = nextID
    nextID += 1
    try send(["id": id, "method": method, "params": params])
    return id
  }

  mutating func notify(_ method: String, _ params: [String: Any] = [:]) throws {
    try send(["method": method, "params": params])
  }

  mutating func initialize() throws {
    try request("initialize", ["capabilities": [String: Any]()])
    try notify("initialized")
  }

  mutating func open(_ uri: String, _ text: String) throws {
    try notify(
      "textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "bargain", "version": 1, "text": text]])
  }

  mutating func finish() throws {
    try request("shutdown")
    try notify("exit")
  }

  static func position(_ uri: String, _ line: Int, _ character: Int) -> [String: Any] {
    ["textDocument": ["uri": uri], "position": ["line": line, "character": character]]
  }

  /// Runs the server in-process on everything sent so far.
  func run() throws -> (messages: [[String: Any]], exitCode: Int32) {
    let result = CLI.run(["bargain", "lsp"], standardInput: input)
    #expect(result.stderr == "")
    return (try Self.parse(result.stdout), result.exitCode)
  }

  static func parse(_ text: String) throws -> [[String: Any]] {
    var bytes = Array(text.utf8)[...]
    var messages: [[String: Any]] = []
    while !bytes.isEmpty {
      let prefix = Array("Content-Length: ".utf8)
      try #require(Array(bytes.prefix(prefix.count)) == prefix, "bad frame: \(String(decoding: bytes, as: UTF8.self))")
      bytes = bytes.dropFirst(prefix.count)
      let digits = bytes.prefix { $0 != 13 }
      let length = try #require(Int(String(decoding: digits, as: UTF8.self)))
      bytes = bytes.dropFirst(digits.count)
      try #require(Array(bytes.prefix(4)) == Array("\r\n\r\n".utf8))
      bytes = bytes.dropFirst(4)
      try #require(bytes.count >= length)
      let body = Data(bytes.prefix(length))
      bytes = bytes.dropFirst(length)
      messages.append(try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any]))
    }
    return messages
  }
}

extension Array where Element == [String: Any] {
  func response(_ id: Int) -> [String: Any]? {
    first { ($0["id"] as? Int) == id && $0["method"] == nil }
  }

  /// The `params` of every `textDocument/publishDiagnostics`, in order.
  var published: [[String: Any]] {
    filter { $0["method"] as? String == "textDocument/publishDiagnostics" }.compactMap {
      $0["params"] as? [String: Any]
    }
  }
}

/// `{"start": {"line", "character"}, "end": ...}` as four numbers.
func lspRange(_ value: Any?) -> [Int] {
  guard let range = value as? [String: Any], let start = range["start"] as? [String: Any],
    let end = range["end"] as? [String: Any]
  else { return [] }
  return [start["line"], start["character"], end["line"], end["character"]].compactMap { $0 as? Int }
}

@Suite struct LanguageServerTests {
  static let uri = "file:///nowhere/Doc.bargain"

  @Test func initializeAnswersCapabilitiesAndShutdownExitsCleanly() throws {
    var client = LSPClient()
    try client.initialize()
    try client.finish()
    let (messages, exitCode) = try client.run()
    #expect(exitCode == 0)
    #expect(messages.count == 2)
    let result = try #require(messages.response(1)?["result"] as? [String: Any])
    let capabilities = try #require(result["capabilities"] as? [String: Any])
    #expect(capabilities["hoverProvider"] as? Bool == true)
    #expect(capabilities["definitionProvider"] as? Bool == true)
    #expect(capabilities["documentFormattingProvider"] as? Bool == true)
    #expect((capabilities["textDocumentSync"] as? [String: Any])?["change"] as? Int == 1)
    #expect((result["serverInfo"] as? [String: Any])?["version"] as? String == CLI.version)
    #expect(messages.response(2)?.keys.contains("result") == true)
  }

  @Test func diagnosticsFollowEdits() throws {
    var client = LSPClient()
    try client.initialize()
    // The emoji is two UTF-16 code units and four UTF-8 bytes: the caret column counts units.
    try client.open(Self.uri, "game PrisonersDilemma\nprogram P { 😀 + É }\n")
    try client.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": Self.uri, "version": 2],
        "contentChanges": [["text": "game PrisonersDilemma\nprogram P { play X }\n"]],
      ])
    try client.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": Self.uri, "version": 3],
        "contentChanges": [["text": "game PrisonersDilemma\nprogram P { play C }\n"]],
      ])
    try client.notify("textDocument/didClose", ["textDocument": ["uri": Self.uri]])
    try client.finish()
    let (messages, _) = try client.run()
    let published = messages.published
    #expect(published.count == 4)
    #expect(published.allSatisfy { $0["uri"] as? String == Self.uri })
    let first = try #require(published.first?["diagnostics"] as? [[String: Any]])
    #expect(first.map { $0["code"] as? String } == ["lex.unexpected-character", "lex.unexpected-character"])
    #expect(first.map { lspRange($0["range"]) } == [[1, 12, 1, 14], [1, 17, 1, 18]])
    #expect(first.allSatisfy { $0["severity"] as? Int == 1 && $0["source"] as? String == "bargain" })
    let second = try #require(published[1]["diagnostics"] as? [[String: Any]])
    #expect(second.count == 1)
    #expect((second.first?["message"] as? String)?.hasPrefix("unknown name 'X'\nhelp: ") == true)
    #expect(lspRange(second.first?["range"]) == [1, 17, 1, 18])
    #expect((published[2]["diagnostics"] as? [Any])?.isEmpty == true)
    #expect((published[3]["diagnostics"] as? [Any])?.isEmpty == true)
  }

  @Test func formattingReplacesTheDocumentWithFmtsText() throws {
    let text = "game PrisonersDilemma\nprogram P { play C } // ok\n"
    var client = LSPClient()
    try client.initialize()
    try client.open(Self.uri, text)
    let id = try client.request(
      "textDocument/formatting", ["textDocument": ["uri": Self.uri], "options": ["tabSize": 2, "insertSpaces": true]])
    try client.open("file:///nowhere/Tidy.bargain", "game PrisonersDilemma\n")
    let tidy = try client.request("textDocument/formatting", ["textDocument": ["uri": "file:///nowhere/Tidy.bargain"]])
    try client.finish()
    let (messages, _) = try client.run()
    let edits = try #require(messages.response(id)?["result"] as? [[String: Any]])
    #expect(edits.count == 1)
    #expect(edits.first?["newText"] as? String == "game PrisonersDilemma\n\nprogram P {\n  play C\n} // ok\n")
    #expect(lspRange(edits.first?["range"]) == [0, 0, 2, 0])
    #expect((messages.response(tidy)?["result"] as? [Any])?.isEmpty == true)
  }

  @Test func definitionAndHoverAcrossImports() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "lib/Demand.bargain",
      "game PrisonersDilemma\n\n// Demands a fixed amount.\n// Walks away if refused.\nprogram Demand(amount: int, fallback: action = C) {\n  play fallback\n}\n"
    )
    let uri = "file://" + scratch.prefix + "Main%20File.bargain"
    let text = "import \"lib/Demand.bargain\"\ngame PrisonersDilemma\n\nprogram Main { play Demand(7)(them) }\n"
    var client = LSPClient()
    try client.initialize()
    try client.open(uri, text)
    let inImport = try client.request("textDocument/definition", LSPClient.position(uri, 3, 22))
    let sameFile = try client.request("textDocument/definition", LSPClient.position(uri, 3, 10))
    let importPath = try client.request("textDocument/definition", LSPClient.position(uri, 0, 10))
    let prelude = try client.request("textDocument/definition", LSPClient.position(uri, 1, 8))
    let nothing = try client.request("textDocument/definition", LSPClient.position(uri, 3, 16))
    let hover = try client.request("textDocument/hover", LSPClient.position(uri, 3, 26))
    let hoverGame = try client.request("textDocument/hover", LSPClient.position(uri, 1, 6))
    try client.finish()
    let (messages, _) = try client.run()
    #expect((messages.published.first?["diagnostics"] as? [Any])?.isEmpty == true)
    let libURI = "file://" + scratch.prefix + "lib/Demand.bargain"
    let target = try #require(messages.response(inImport)?["result"] as? [String: Any])
    #expect(target["uri"] as? String == libURI)
    #expect(lspRange(target["range"]) == [4, 8, 4, 14])
    let own = try #require(messages.response(sameFile)?["result"] as? [String: Any])
    #expect(own["uri"] as? String == uri)
    #expect(lspRange(own["range"]) == [3, 8, 3, 12])
    let file = try #require(messages.response(importPath)?["result"] as? [String: Any])
    #expect(file["uri"] as? String == libURI)
    #expect(lspRange(file["range"]) == [0, 0, 0, 0])
    // The prelude has no file to go to; `play` is a keyword.
    #expect(messages.response(prelude)?["result"] is NSNull)
    #expect(messages.response(nothing)?["result"] is NSNull)
    let contents = try #require((messages.response(hover)?["result"] as? [String: Any])?["contents"] as? [String: Any])
    #expect(contents["kind"] as? String == "markdown")
    #expect(
      contents["value"] as? String
        == "```bargain\nprogram Demand(amount: int, fallback: action = C)\n```\n\nDemands a fixed amount. Walks away if refused."
        + "\n\ndeclared in `\(scratch.prefix)lib/Demand.bargain`")
    let game = try #require(
      (messages.response(hoverGame)?["result"] as? [String: Any])?["contents"] as? [String: Any])
    #expect((game["value"] as? String)?.hasPrefix("```bargain\ngame PrisonersDilemma {\n  actions C, D\n") == true)
    #expect((game["value"] as? String)?.hasSuffix("```\n\nfrom the prelude") == true)
  }

  /// Imports are not transitive (rule 1): `Deep`, declared only in an import's import, is unknown
  /// to the checker, and go-to-definition (and hover) agree instead of jumping there, as they did
  /// when they searched imports transitively. A name two direct imports declare is ambiguous for
  /// the checker: no jump either. A direct import's program is found.
  @Test func definitionFollowsOnlyWhatTheCheckerResolves() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Deep.bargain", "game PrisonersDilemma\nprogram Deep { play C }\n")
    try scratch.write(
      "Near.bargain",
      "import \"Deep.bargain\"\ngame PrisonersDilemma\nprogram Near { play Deep(them) }\nprogram Twin { play D }\n")
    try scratch.write("Other.bargain", "game PrisonersDilemma\nprogram Twin { play C }\n")
    let uri = "file://" + scratch.prefix + "Main.bargain"
    let text = """
      import "Near.bargain"
      import "Other.bargain"
      game PrisonersDilemma
      program Main { play Deep(them) }
      program Both { play Twin(them) }
      program Direct { play Near(them) }

      """
    var client = LSPClient()
    try client.initialize()
    try client.open(uri, text)
    let deep = try client.request("textDocument/definition", LSPClient.position(uri, 3, 22))
    let deepHover = try client.request("textDocument/hover", LSPClient.position(uri, 3, 22))
    let twin = try client.request("textDocument/definition", LSPClient.position(uri, 4, 22))
    let near = try client.request("textDocument/definition", LSPClient.position(uri, 5, 24))
    try client.finish()
    let (messages, _) = try client.run()
    let diagnostics = try #require(messages.published.first?["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.map { $0["code"] as? String } == ["check.unknown-name", "check.ambiguous-name"])
    #expect(messages.response(deep)?["result"] is NSNull)
    #expect(messages.response(deepHover)?["result"] is NSNull)
    #expect(messages.response(twin)?["result"] is NSNull)
    let found = try #require(messages.response(near)?["result"] as? [String: Any])
    #expect(found["uri"] as? String == "file://" + scratch.prefix + "Near.bargain")
    #expect(lspRange(found["range"]) == [2, 8, 2, 12])
  }

  /// Inside a program a name means what rule 6 makes it mean for the checker: a parameter or a
  /// `let` shadows a program of the same name (here the prelude's FairBot and DefectBot), an action
  /// is never the program called like it, a named argument's label is the parameter, and only a
  /// name that resolves to a program goes to one. `them` goes nowhere.
  @Test func definitionAndHoverInsideAProgramFollowTheChecker() throws {
    let uri = "file:///nowhere/Shadow.bargain"
    let text = """
      game Local {
        actions C, D
        payoff (C, C) = (2, 2)
        payoff (C, D) = (0, 3)
        payoff (D, C) = (3, 0)
        payoff (D, D) = (1, 1)
      }
      program P(FairBot: int = 3) {
        let DefectBot = FairBot > 2
        if DefectBot { play C } else { play Q(them) }
      }
      program Q { play D }
      program C { play P(FairBot: 1)(them) }

      """
    var client = LSPClient()
    try client.initialize()
    try client.open(uri, text)
    let parameterUse = try client.request("textDocument/definition", LSPClient.position(uri, 8, 20))
    let parameterHover = try client.request("textDocument/hover", LSPClient.position(uri, 8, 20))
    let parameterItself = try client.request("textDocument/definition", LSPClient.position(uri, 7, 12))
    let letUse = try client.request("textDocument/definition", LSPClient.position(uri, 9, 8))
    let letHover = try client.request("textDocument/hover", LSPClient.position(uri, 9, 8))
    let action = try client.request("textDocument/definition", LSPClient.position(uri, 9, 22))
    let actionHover = try client.request("textDocument/hover", LSPClient.position(uri, 9, 22))
    let program = try client.request("textDocument/definition", LSPClient.position(uri, 9, 38))
    let programHover = try client.request("textDocument/hover", LSPClient.position(uri, 9, 38))
    let opponent = try client.request("textDocument/definition", LSPClient.position(uri, 9, 41))
    let opponentHover = try client.request("textDocument/hover", LSPClient.position(uri, 9, 41))
    let label = try client.request("textDocument/definition", LSPClient.position(uri, 12, 22))
    let callee = try client.request("textDocument/definition", LSPClient.position(uri, 12, 18))
    let programName = try client.request("textDocument/definition", LSPClient.position(uri, 12, 8))
    try client.finish()
    let (messages, _) = try client.run()
    #expect((messages.published.first?["diagnostics"] as? [Any])?.isEmpty == true)
    func target(_ id: Int) -> [Int] {
      let location = messages.response(id)?["result"] as? [String: Any]
      #expect(location?["uri"] as? String == uri)
      return lspRange(location?["range"])
    }
    func hoverText(_ id: Int) -> String? {
      ((messages.response(id)?["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String
    }
    #expect(target(parameterUse) == [7, 10, 7, 17])
    #expect(hoverText(parameterHover) == "```bargain\nFairBot: int\n```\n\na parameter of the program")
    #expect(target(parameterItself) == [7, 10, 7, 17])
    #expect(target(letUse) == [8, 6, 8, 15])
    #expect(hoverText(letHover) == "```bargain\nlet DefectBot: bool\n```\n\na `let` binding")
    #expect(target(action) == [1, 10, 1, 11])
    #expect(hoverText(actionHover) == "```bargain\nC: action\n```\n\nan action of the game")
    #expect(target(program) == [11, 8, 11, 9])
    #expect(hoverText(programHover) == "```bargain\nprogram Q\n```\n\ndeclared in `/nowhere/Shadow.bargain`")
    #expect(messages.response(opponent)?["result"] is NSNull)
    #expect(messages.response(opponentHover)?["result"] is NSNull)
    #expect(target(label) == [7, 10, 7, 17])
    #expect(target(callee) == [7, 8, 7, 9])
    #expect(target(programName) == [12, 8, 12, 9])
  }

  /// A game's action seen only in the prelude has no file to go to, so `play C` goes nowhere
  /// rather than to the file's program C; an unknown name in a body goes nowhere either, even when
  /// a program elsewhere in the file could be meant.
  @Test func namesInABodyWithoutADeclarationToShowGoNowhere() throws {
    let uri = "file:///nowhere/Plain.bargain"
    let text = "game PrisonersDilemma\nprogram C { play D }\nprogram M { play C }\nprogram N { play Nope }\n"
    var client = LSPClient()
    try client.initialize()
    try client.open(uri, text)
    let action = try client.request("textDocument/definition", LSPClient.position(uri, 2, 17))
    let actionHover = try client.request("textDocument/hover", LSPClient.position(uri, 2, 17))
    let unknown = try client.request("textDocument/definition", LSPClient.position(uri, 3, 19))
    let program = try client.request("textDocument/definition", LSPClient.position(uri, 1, 8))
    try client.finish()
    let (messages, _) = try client.run()
    #expect(messages.response(action)?["result"] is NSNull)
    let hover = (messages.response(actionHover)?["result"] as? [String: Any])?["contents"] as? [String: Any]
    #expect(hover?["value"] as? String == "```bargain\nC: action\n```\n\nan action of the game")
    #expect(messages.response(unknown)?["result"] is NSNull)
    let own = messages.response(program)?["result"] as? [String: Any]
    #expect(lspRange(own?["range"]) == [1, 8, 1, 9])
  }

  /// In a bargaining game an outside option comes before programs (rule 6): `walk` goes to the
  /// game's `outside` clause, not to the program called walk.
  @Test func anOutsideOptionGoesToTheGamesClause() throws {
    let uri = "file:///nowhere/Out.bargain"
    let text = """
      game Standoff {
        resource 100
        demands 0..100 step 10
        outside walk, fight
        disagreement (walk, walk) = (0, 0)
        disagreement (fight, walk) = (40, -10)
        disagreement (walk, fight) = (-10, 40)
        disagreement (fight, fight) = (-30, -30)
        surplus keep
      }
      program walk { demand 10 outside fight }
      program Stand { demand 70 outside walk }

      """
    var client = LSPClient()
    try client.initialize()
    try client.open(uri, text)
    let option = try client.request("textDocument/definition", LSPClient.position(uri, 11, 35))
    let optionHover = try client.request("textDocument/hover", LSPClient.position(uri, 11, 35))
    try client.finish()
    let (messages, _) = try client.run()
    #expect((messages.published.first?["diagnostics"] as? [Any])?.isEmpty == true)
    let location = messages.response(option)?["result"] as? [String: Any]
    #expect(location?["uri"] as? String == uri)
    #expect(lspRange(location?["range"]) == [3, 10, 3, 14])
    let hover = (messages.response(optionHover)?["result"] as? [String: Any])?["contents"] as? [String: Any]
    #expect(hover?["value"] as? String == "```bargain\nwalk: outside\n```\n\nan outside option of the game")
  }

  @Test func errorsInAnImportedFileAreShownAtTheImport() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Lib.bargain", "game PrisonersDilemma\nprogram L { play }\n")
    let uri = "file://" + scratch.prefix + "Main.bargain"
    var client = LSPClient()
    try client.initialize()
    try client.open(uri, "import \"Lib.bargain\"\ngame PrisonersDilemma\n\nprogram M { play C }\n")
    try client.finish()
    let (messages, _) = try client.run()
    let diagnostics = try #require(messages.published.first?["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 1)
    #expect(lspRange(diagnostics.first?["range"]) == [0, 0, 0, 20])
    #expect(
      (diagnostics.first?["message"] as? String)?.hasPrefix(scratch.prefix + "Lib.bargain:2:18: expected ") == true)
  }

  @Test func anImportSeesTheUnsavedTextOfAnOpenDocument() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Lib.bargain", "game PrisonersDilemma\nprogram L { play C }\n")
    try scratch.write("Main.bargain", "import \"Lib.bargain\"\ngame PrisonersDilemma\n\nprogram M { play L(them) }\n")
    let main = "file://" + scratch.prefix + "Main.bargain"
    var client = LSPClient()
    try client.initialize()
    try client.open("file://" + scratch.prefix + "Lib.bargain", "game PrisonersDilemma\nprogram Renamed { play C }\n")
    try client.open(main, "import \"Lib.bargain\"\ngame PrisonersDilemma\n\nprogram M { play L(them) }\n")
    let definition = try client.request("textDocument/definition", LSPClient.position(main, 3, 17))
    try client.finish()
    let (messages, _) = try client.run()
    let diagnostics = try #require(messages.published.last?["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.map { $0["code"] as? String } == ["check.unknown-name"])
    #expect(messages.response(definition)?["result"] is NSNull)
  }

  @Test func malformedMessagesGetErrorsAndTheServerCarriesOn() throws {
    var client = LSPClient()
    try client.request("textDocument/hover", LSPClient.position(Self.uri, 0, 0))  // 1: before initialize
    try client.initialize()  // 2
    client.raw("Content-Length: 5\r\n\r\n{oops")
    client.raw("Content-Length: 2\r\n\r\n[]")
    client.raw("X-Nothing: 1\r\n\r\n")
    client.raw("Content-Length: \(LanguageServerLimits.maxMessageBytes + 1)\r\n\r\n")
    client.input += [UInt8](repeating: UInt8(ascii: " "), count: LanguageServerLimits.maxMessageBytes + 1)
    try client.send(["id": 7.5, "method": "shutdown"])
    client.nextID = 3
    try client.request("no/such/method")  // 3
    try client.request("textDocument/hover", ["textDocument": ["uri": Self.uri]])  // 4: not open
    try client.open(Self.uri, "game PrisonersDilemma\n")
    try client.request("textDocument/definition", ["textDocument": ["uri": Self.uri], "position": ["line": -1]])  // 5
    try client.request("textDocument/hover", LSPClient.position(Self.uri, 99, 99))  // 6: past the end
    try client.request("shutdown")  // 7
    try client.request("textDocument/hover", LSPClient.position(Self.uri, 0, 0))  // 8: after shutdown
    try client.notify("exit")
    try client.request("shutdown")  // 9: never read
    let (messages, exitCode) = try client.run()
    #expect(exitCode == 0)
    func code(_ message: [String: Any]?) -> Int? { (message?["error"] as? [String: Any])?["code"] as? Int }
    #expect(code(messages.response(1)) == -32_002)
    #expect(messages.response(2)?["result"] != nil)
    let anonymous = messages.filter { $0["id"] is NSNull }.map(code)
    #expect(anonymous == [-32_700, -32_600, -32_600, -32_600, -32_600])
    let texts = messages.filter { $0["id"] is NSNull }.compactMap {
      ($0["error"] as? [String: Any])?["message"] as? String
    }
    #expect(texts[2] == "ignored a message without a valid Content-Length header")
    #expect(texts[3].hasSuffix("(maxMessageBytes)"))
    #expect(code(messages.response(3)) == -32_601)
    #expect(code(messages.response(4)) == -32_602)
    #expect(code(messages.response(5)) == -32_602)
    #expect(messages.response(6)?["result"] is NSNull)
    #expect(messages.response(7)?["result"] is NSNull)
    #expect(code(messages.response(8)) == -32_600)
    #expect(messages.response(9) == nil)
  }

  @Test func maxHeaderBytes() throws {
    var client = LSPClient()
    let body = #"{"id":1,"jsonrpc":"2.0","method":"initialize"}"#
    client.raw(
      "Content-Length: \(body.utf8.count)\r\nX-Padding: "
        + String(repeating: "x", count: LanguageServerLimits.maxHeaderBytes))
    client.raw("\r\n\r\n" + body)
    client.nextID = 2
    try client.request("initialize")  // 2
    try client.finish()
    let (messages, exitCode) = try client.run()
    #expect(exitCode == 0)
    #expect(messages.response(1) == nil)
    #expect(messages.response(2)?["result"] != nil)
    let errors = messages.filter { $0["id"] is NSNull }.compactMap {
      ($0["error"] as? [String: Any])?["message"] as? String
    }
    // The oversized header, then its body, skipped as leftovers before the next message.
    #expect(
      errors == [
        "ignored a header block longer than 8192 bytes (maxHeaderBytes)",
        "ignored \(body.utf8.count) bytes that are not part of a message",
      ])
    // Without any blank line, the server stops waiting once the limit has passed.
    var reader = FrameReader()
    reader.append([UInt8](repeating: UInt8(ascii: "x"), count: LanguageServerLimits.maxHeaderBytes))
    #expect(reader.next() == nil)
    reader.append([UInt8(ascii: "x")])
    #expect(reader.next() == .malformed("a header block longer than 8192 bytes (maxHeaderBytes)"))
  }

  @Test func garbageBeforeAMessageIsSkipped() throws {
    var client = LSPClient()
    client.raw("hello\r\n")
    try client.initialize()
    try client.finish()
    let (messages, exitCode) = try client.run()
    #expect(exitCode == 0)
    #expect(messages.response(1)?["result"] != nil)
    #expect(
      (messages.first?["error"] as? [String: Any])?["message"] as? String
        == "ignored 7 bytes that are not part of a message")
  }

  @Test func maxDocuments() throws {
    var client = LSPClient()
    try client.initialize()
    for index in 0...LanguageServerLimits.maxDocuments {
      try client.open("file:///nowhere/D\(index).bargain", "game PrisonersDilemma\n")
    }
    try client.open("file:///nowhere/D0.bargain", "game PrisonersDilemma\n")  // already open: fine
    try client.finish()
    let (messages, _) = try client.run()
    #expect(messages.published.count == LanguageServerLimits.maxDocuments + 1)
    let shown = messages.filter { $0["method"] as? String == "window/showMessage" }
    #expect(shown.count == 1)
    #expect(
      (shown.first?["params"] as? [String: Any])?["message"] as? String
        == "bargain lsp keeps at most 1000 open documents (maxDocuments)")
  }

  @Test func exitWithoutShutdownOrEndOfInputIsExitCodeOne() throws {
    var client = LSPClient()
    try client.initialize()
    try client.notify("exit")
    #expect(try client.run().exitCode == 1)
    var silent = LSPClient()
    try silent.initialize()
    #expect(try silent.run().exitCode == 1)
  }

  @Test func framesMayArriveInPieces() {
    let body = #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#
    let bytes = Array("Content-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    var reader = FrameReader()
    var frames: [Frame] = []
    for byte in bytes {
      reader.append([byte])
      while let frame = reader.next() { frames.append(frame) }
    }
    #expect(frames == [.message(Array(body.utf8))])
  }

  @Test func rangedChangesAreAppliedInOrder() throws {
    var client = LSPClient()
    try client.initialize()
    try client.open(Self.uri, "game PrisonersDilemma\nprogram 😀P { play X }\n")
    let range = { (line: Int, from: Int, to: Int) -> [String: Any] in
      ["start": ["line": line, "character": from], "end": ["line": line, "character": to]]
    }
    try client.notify(
      "textDocument/didChange",
      [
        "textDocument": ["uri": Self.uri, "version": 2],
        "contentChanges": [
          ["range": range(1, 8, 10), "text": ""],  // the emoji: two UTF-16 code units
          ["range": range(1, 17, 18), "text": "C"],
        ],
      ])
    let formatting = try client.request("textDocument/formatting", ["textDocument": ["uri": Self.uri]])
    try client.finish()
    let (messages, _) = try client.run()
    #expect((messages.published.last?["diagnostics"] as? [Any])?.isEmpty == true)
    let edits = try #require(messages.response(formatting)?["result"] as? [[String: Any]])
    #expect(edits.first?["newText"] as? String == "game PrisonersDilemma\n\nprogram P {\n  play C\n}\n")
  }

  @Test func positionsCountUTF16CodeUnits() throws {
    var sources = SourceMap()
    let id = sources.add(path: "x.bargain", text: "a😀b\nÉc\n")
    let file = try #require(sources.file(id))
    #expect(LSPLocation.offset(of: (0, 3), in: file) == 5)
    #expect(LSPLocation.offset(of: (1, 1), in: file) == 9)
    #expect(LSPLocation.offset(of: (1, 50), in: file) == 10)
    #expect(LSPLocation.offset(of: (7, 0), in: file) == file.bytes.count)
    #expect(LSPLocation.position(5, in: file) == .object(["line": .int(0), "character": .int(3)]))
    #expect(LSPLocation.path(fromURI: "file:///a/b%20c.bargain") == "/a/b c.bargain")
    #expect(LSPLocation.uri(fromPath: "/a/b c.bargain") == "file:///a/b%20c.bargain")
  }

  @Test func theExecutableSpeaksOverPipes() throws {
    var client = LSPClient()
    try client.initialize()
    try client.open(Self.uri, "game PrisonersDilemma\nprogram P { play X }\n")
    try client.finish()
    let scratch = try ScratchDirectory()
    try Data(client.input).write(to: scratch.url.appendingPathComponent("session.bin"))
    let outcome = try runBargain("\"$0\" \"$@\" < '\(scratch.prefix)session.bin'", ["lsp"])
    #expect(outcome.status == 0)
    #expect(!outcome.signalled)
    let messages = try LSPClient.parse(outcome.stdout)
    #expect(messages.count == 3)
    #expect(
      (messages.published.first?["diagnostics"] as? [[String: Any]])?.first?["code"] as? String == "check.unknown-name")
    // `-` reads standard input in the executable too.
    let checked = try runBargain(
      "printf 'game PrisonersDilemma\\nprogram P { play C }\\n' | \"$0\" \"$@\"", ["check", "-"])
    #expect(checked.stdout == "<stdin>: ok\n")
  }
}
