// Which files a run may read (Grammar/semantics.md, rule 1a): program names only, regular files
// only, never content from anything else; `--confine DIR` keeps every file, after symlinks,
// inside DIR. Also paths that Foundation's path methods trap on, and non-UTF-8 text.

import Foundation
import Testing

@testable import BargainCLI

@Suite("Imports")
struct ImportTests {
  static let bot = "game PrisonersDilemma\nprogram Bot { play C }\n"
  static let secret = "SECRET=hunter2\n"

  static func importer(_ path: String) -> String {
    "import \"\(path)\"\ngame PrisonersDilemma\nprogram Main { play C }\n"
  }

  /// `check` of `main`, optionally confined to `confine`; both are names inside `scratch`.
  static func check(_ scratch: ScratchDirectory, _ main: String, confine: String? = nil) -> CommandResult {
    let options = confine.map { ["--confine", $0] } ?? []
    return scratch.run(["check"] + options + [main], paths: Set([main] + (confine.map { [$0] } ?? [])))
  }

  static func importError(_ file: String, _ path: String, _ message: String) -> String {
    let line = "import \"\(path)\""
    return """
      \(file):1:1: error: \(message)
       1 | \(line)
         | \(String(repeating: "^", count: line.count))
      1 error

      """
  }

  // MARK: paths

  @Test func oneCharacterPathIsRefusedCleanly() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("x", Self.bot)
    let result = scratch.check("x")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stdout == "")
    #expect(result.stderr == "x:1:1: error: 'x' is not a program file: names end in .bargain or .bp\n1 error\n")
  }

  @Test func oneCharacterImportIsRefusedCleanly() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("x", Self.bot)
    try scratch.write("main.bargain", Self.importer("x"))
    let result = scratch.check("main.bargain")
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == Self.importError("main.bargain", "x", "'x' is not a program file: names end in .bargain or .bp"))
  }

  @Test func importFromAOneCharacterDirectory() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("d/lib.bargain", Self.bot)
    try scratch.write("d/m.bp", Self.importer("lib.bargain"))
    #expect(scratch.check("d/m.bp").stdout == "d/m.bp: ok\n")
  }

  @Test(arguments: [
    ("x", ""), ("/", "/"), ("/x", "/"), ("//x", "/"), ("a/b", "a"), ("a/b/c.bargain", "a/b"), ("a/", "a"),
    ("", ""), ("./x", "."), ("é/ü.bp", "é"),
  ])
  func directoryOfAPath(_ path: String, _ directory: String) {
    #expect(ProgramPath.directory(of: path) == directory)
  }

  @Test func joiningAndNames() {
    #expect(ProgramPath.join("", "x.bargain") == "x.bargain")
    #expect(ProgramPath.join("/", "x.bargain") == "/x.bargain")
    #expect(ProgramPath.join("a", "x.bargain") == "a/x.bargain")
    #expect(ProgramPath.join("a/", "../x.bargain") == "a/../x.bargain")
    #expect(ProgramPath.join("a", "/abs/x.bargain") == "/abs/x.bargain")
    #expect(ProgramPath.lastComponent(of: "a/b.bp") == "b.bp")
    #expect(ProgramPath.lastComponent(of: "a/") == "")
    #expect(ProgramPath.hasProgramExtension("a/b.bargain"))
    #expect(ProgramPath.hasProgramExtension("b.bp"))
    #expect(!ProgramPath.hasProgramExtension("b.bargain/"))
    #expect(!ProgramPath.hasProgramExtension("b.bargain.txt"))
    #expect(!ProgramPath.hasProgramExtension("x"))
    #expect(!ProgramPath.hasProgramExtension(""))
  }

  @Test func theSameFileByTwoPathsIsLoadedOnce() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("lib.bargain", "game PrisonersDilemma\nprogram Lib { play C }\n")
    try scratch.write(
      "main.bargain",
      "import \"lib.bargain\"\nimport \"./sub/../lib.bargain\"\n"
        + "game PrisonersDilemma\nprogram Main { play Lib(them) }\n")
    try FileManager.default.createDirectory(
      at: scratch.url.appendingPathComponent("sub"), withIntermediateDirectories: true)
    let result = scratch.check("main.bargain")
    #expect(result.exitCode == ExitCode.success)
    #expect(result.stderr == "")
  }

  // MARK: files that are not programs

  @Test(arguments: [false, true])
  func nonProgramFileIsNotRead(confined: Bool) throws {
    let scratch = try ScratchDirectory()
    try scratch.write("secret.txt", Self.secret)
    try scratch.write("main.bargain", Self.importer("secret.txt"))
    let result = Self.check(scratch, "main.bargain", confine: confined ? "." : nil)
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr
        == Self.importError(
          "main.bargain", "secret.txt", "'secret.txt' is not a program file: names end in .bargain or .bp"))
  }

  @Test(arguments: [false, true])
  func environmentIsNotEchoed(confined: Bool) throws {
    let scratch = try ScratchDirectory()
    try scratch.write("main.bargain", Self.importer("/proc/self/environ"))
    let result = Self.check(scratch, "main.bargain", confine: confined ? "." : nil)
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr
        == Self.importError(
          "main.bargain", "/proc/self/environ",
          "'/proc/self/environ' is not a program file: names end in .bargain or .bp"))
  }

  @Test(arguments: [false, true])
  func symlinkToANonProgramFileIsRefused(confined: Bool) throws {
    let scratch = try ScratchDirectory()
    try scratch.write("secret.txt", Self.secret)
    try FileManager.default.createSymbolicLink(
      atPath: scratch.prefix + "link.bargain", withDestinationPath: scratch.prefix + "secret.txt")
    try scratch.write("main.bargain", Self.importer("link.bargain"))
    let result = Self.check(scratch, "main.bargain", confine: confined ? "." : nil)
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr
        == Self.importError(
          "main.bargain", "link.bargain", "'link.bargain' resolves to a file whose name does not end in .bargain or .bp"
        ))
  }

  @Test(arguments: [false, true])
  func symlinkToADeviceIsRefused(confined: Bool) throws {
    let scratch = try ScratchDirectory()
    try FileManager.default.createSymbolicLink(
      atPath: scratch.prefix + "zero.bargain", withDestinationPath: "/dev/zero")
    try scratch.write("main.bargain", Self.importer("zero.bargain"))
    let result = Self.check(scratch, "main.bargain", confine: confined ? "." : nil)
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr
        == Self.importError(
          "main.bargain", "zero.bargain", "'zero.bargain' resolves to a file whose name does not end in .bargain or .bp"
        ))
  }

  @Test(arguments: [false, true])
  func fifoIsRefusedWithoutBlocking(confined: Bool) throws {
    let scratch = try ScratchDirectory()
    try #require(mkfifo(scratch.prefix + "pipe.bargain", 0o600) == 0)
    try scratch.write("main.bargain", Self.importer("pipe.bargain"))
    let result = Self.check(scratch, "main.bargain", confine: confined ? "." : nil)
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == Self.importError("main.bargain", "pipe.bargain", "'pipe.bargain' is a FIFO, not a regular file"))
  }

  @Test func directoryIsRefused() throws {
    let scratch = try ScratchDirectory()
    try FileManager.default.createDirectory(
      at: scratch.url.appendingPathComponent("dir.bargain"), withIntermediateDirectories: true)
    let result = scratch.check("dir.bargain")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr == "dir.bargain:1:1: error: 'dir.bargain' is a directory, not a regular file\n1 error\n")
  }

  @Test func nameWithANulCharacterIsNotFound() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("a", Self.bot)
    try scratch.write("main.bargain", Self.importer("a\u{0}.bargain"))
    let result = scratch.check("main.bargain")
    #expect(result.exitCode == ExitCode.programError)
    #expect(result.stderr.firstLine == "main.bargain:1:1: error: cannot find file 'a\u{0}.bargain'")
  }

  // MARK: leaving the tree, with and without --confine

  /// `sub/main.bargain` reaches `lib.bargain` one level up in three ways.
  static func escapes() throws -> [(ScratchDirectory, String)] {
    var cases: [(ScratchDirectory, String)] = []
    for way in ["dotdot", "absolute", "symlink"] {
      let scratch = try ScratchDirectory()
      try scratch.write("lib.bargain", "game PrisonersDilemma\nprogram Lib { play C }\n")
      switch way {
      case "dotdot":
        try scratch.write("sub/main.bargain", Self.importer("../lib.bargain"))
        cases.append((scratch, "sub/../lib.bargain"))
      case "absolute":
        try scratch.write("sub/main.bargain", Self.importer(scratch.prefix + "lib.bargain"))
        cases.append((scratch, scratch.prefix + "lib.bargain"))
      default:
        try scratch.write("sub/main.bargain", Self.importer("link.bargain"))
        try FileManager.default.createSymbolicLink(
          atPath: scratch.prefix + "sub/link.bargain", withDestinationPath: "../lib.bargain")
        cases.append((scratch, "sub/link.bargain"))
      }
    }
    return cases
  }

  @Test func leavingTheTreeIsAllowedWithoutConfine() throws {
    for (scratch, _) in try Self.escapes() {
      let result = Self.check(scratch, "sub/main.bargain")
      #expect(result.exitCode == ExitCode.success, "\(result.stderr)")
      #expect(result.stdout == "sub/main.bargain: ok\n")
    }
  }

  @Test func leavingTheTreeIsAnErrorWithConfine() throws {
    for (scratch, shown) in try Self.escapes() {
      let result = Self.check(scratch, "sub/main.bargain", confine: "sub")
      let written = try String(contentsOfFile: scratch.prefix + "sub/main.bargain", encoding: .utf8).firstLine
      #expect(result.exitCode == ExitCode.programError)
      let displayed = shown.replacingOccurrences(of: scratch.prefix, with: "")
      #expect(
        result.stderr == """
          sub/main.bargain:1:1: error: '\(displayed)' resolves to a file outside 'sub' (--confine)
           1 | \(written.replacingOccurrences(of: scratch.prefix, with: ""))
             | \(String(repeating: "^", count: written.count))
          1 error

          """)
    }
  }

  /// The reader opens a resolved path one component at a time without following symlinks, so a
  /// directory swapped for a symlink after `realpath` and the `--confine` check (simulated here by
  /// giving the reader an unresolved path) is refused instead of followed out of the tree.
  @Test func readerRefusesADirectoryThatBecameASymlink() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("real/Bot.bargain", Self.bot)
    try FileManager.default.createSymbolicLink(atPath: scratch.prefix + "link", withDestinationPath: "real")
    try FileManager.default.createSymbolicLink(
      atPath: scratch.prefix + "real/Link.bargain", withDestinationPath: "Bot.bargain")
    guard case .success(let root) = ProgramPath.resolve(scratch.url.path) else {
      Issue.record("the scratch directory does not resolve")
      return
    }
    #expect(ProgramFileReader.read(root + "/real/Bot.bargain", limit: 1_000) == .success(Array(Self.bot.utf8)))
    #expect(
      ProgramFileReader.read(root + "/link/Bot.bargain", limit: 1_000)
        == .failure(.unreadable(reason: "its path changed after it was resolved (a directory on it is no longer one)")))
    #expect(
      ProgramFileReader.read(root + "/real/Link.bargain", limit: 1_000)
        == .failure(.notRegular(kind: "a symbolic link")))
    #expect(
      ProgramFileReader.read(root + "/real/Bot.bargain", limit: 10)
        == .failure(.tooLarge(bytes: Self.bot.utf8.count)))
  }

  @Test func symlinksInsideTheConfinedTreeAreFollowed() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("sub/lib/real.bargain", "game PrisonersDilemma\nprogram Lib { play C }\n")
    try FileManager.default.createSymbolicLink(
      atPath: scratch.prefix + "sub/link.bargain", withDestinationPath: "lib/real.bargain")
    try scratch.write("sub/main.bargain", Self.importer("link.bargain"))
    let result = Self.check(scratch, "sub/main.bargain", confine: "sub")
    #expect(result.exitCode == ExitCode.success, "\(result.stderr)")
  }

  @Test func agentFilesOutsideTheConfinedTreeAreRefused() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("outside.bargain", Self.bot)
    try FileManager.default.createDirectory(
      at: scratch.url.appendingPathComponent("sub"), withIntermediateDirectories: true)
    let result = Self.check(scratch, "outside.bargain", confine: "sub")
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr
        == "outside.bargain:1:1: error: 'outside.bargain' resolves to a file outside 'sub' (--confine)\n1 error\n")
  }

  @Test func confineAppliesToEveryCommand() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("lib.bargain", Self.bot)
    try scratch.write("sub/main.bargain", Self.importer("../lib.bargain"))
    let expected = Self.importError(
      "sub/main.bargain", "../lib.bargain", "'sub/../lib.bargain' resolves to a file outside 'sub' (--confine)")
    let paths: Set<String> = ["sub", "sub/main.bargain"]
    let play = scratch.run(["--confine", "sub", "sub/main.bargain", "sub/main.bargain"], paths: paths)
    #expect(play.exitCode == ExitCode.programError)
    #expect(play.stderr == expected)
    let prove = scratch.run(["prove", "sub/main.bargain", "Main(Main) == C", "--confine", "sub"], paths: paths)
    #expect(prove.exitCode == ExitCode.programError)
    #expect(prove.stderr == expected)
    let threshold = scratch.run(["threshold", "--confine", "sub", "sub/main.bargain"], paths: paths)
    #expect(threshold.exitCode == ExitCode.programError)
    #expect(threshold.stderr == expected)
  }

  @Test func confineNeedsAnExistingDirectory() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("main.bargain", Self.bot)
    for directory in ["nowhere", "main.bargain"] {
      let result = Self.check(scratch, "main.bargain", confine: directory)
      #expect(result.exitCode == ExitCode.usage)
      #expect(result.stderr.firstLine == "bargain: error: --confine needs an existing directory, found '\(directory)'")
    }
    let missing = CLI.run(["bargain", "check", "x.bargain", "--confine"])
    #expect(missing.exitCode == ExitCode.usage)
    #expect(missing.stderr.firstLine == "bargain: error: --confine needs an existing directory")
  }

  // MARK: encoding

  @Test func notUTF8SaysWhere() throws {
    let scratch = try ScratchDirectory()
    let bytes = Array("game PrisonersDilemma\nprogram A {\n  play C // h".utf8) + [0xE9] + Array("llo\n}\n".utf8)
    try Data(bytes).write(to: scratch.url.appendingPathComponent("latin1.bargain"))
    let result = scratch.check("latin1.bargain")
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == """
        latin1.bargain:3:14: error: 'latin1.bargain' is not UTF-8 text: byte 0xE9 is not valid here
         3 |   play C // h\u{FFFD}llo
           |              ^
        1 error

        """)
  }

  @Test func notUTF8InAnImportSaysWhereAndWhence() throws {
    let scratch = try ScratchDirectory()
    // A lone continuation byte after a two-byte character: the column counts characters.
    let bytes = Array("game PrisonersDilemma\n// ü".utf8) + [0x80] + Array("\n".utf8)
    try Data(bytes).write(to: scratch.url.appendingPathComponent("lib.bargain"))
    try scratch.write("main.bargain", Self.importer("lib.bargain"))
    let result = scratch.check("main.bargain")
    #expect(result.exitCode == ExitCode.programError)
    #expect(
      result.stderr == """
        lib.bargain:2:5: error: 'lib.bargain' is not UTF-8 text: byte 0x80 is not valid here
         2 | // ü\u{FFFD}
           |     ^
        main.bargain:1:1: note: imported here
         1 | import "lib.bargain"
           | ^^^^^^^^^^^^^^^^^^^^
        1 error

        """)
  }

  @Test(
    arguments: [
      ([0xC0, 0x80], 0), ([0xED, 0xA0, 0x80], 0), ([0xF4, 0x90, 0x80, 0x80], 0), ([0x61, 0xE2, 0x82], 1),
      ([0x61, 0x62], nil),
    ] as [([UInt8], Int?)])
  func firstInvalidByte(_ bytes: [UInt8], _ offset: Int?) {
    #expect(LoadedProgramSet.firstInvalidUTF8(bytes) == offset)
  }
}
