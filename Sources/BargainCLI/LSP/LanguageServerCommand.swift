// `bargain lsp`: the language server's loop over the process's standard streams.

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum LanguageServerCommand {
  /// In-process (tests): handles every message in the run's standard input, in order, until
  /// `exit`; the framed replies are stdout. The exit code is the protocol's: 0 after `shutdown`
  /// then `exit`, else 1.
  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
    if let word = words.first { return CLI.usageError("unknown option '\(word)'", command: "lsp") }
    var server = LanguageServer(policy: context.policy)
    var reader = FrameReader()
    reader.append(context.standardInput)
    var output: [UInt8] = []
    while server.exitCode == nil, let frame = reader.next() {
      for reply in server.handle(frame) { output += JSONRPC.frame(reply) }
    }
    return CommandResult(
      stdout: String(decoding: output, as: UTF8.self), stderr: "", exitCode: server.exitCode ?? ExitCode.programError)
  }

  /// The executable: reads `input` as messages arrive and writes each reply at once. Ends at
  /// `exit`, at the end of the input (the client went away: exit code 1), or when the output
  /// cannot be written.
  static func serve(input: Int32, output: Int32, policy: LoadPolicy = LoadPolicy()) -> Int32 {
    var server = LanguageServer(policy: policy)
    var reader = FrameReader()
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while server.exitCode == nil {
      let count = buffer.withUnsafeMutableBytes { raw -> Int in
        guard let base = raw.baseAddress else { return 0 }
        #if canImport(Glibc)
          return Glibc.read(input, base, raw.count)
        #else
          return Darwin.read(input, base, raw.count)
        #endif
      }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { return ExitCode.programError }
      reader.append(Array(buffer[..<count]))
      while server.exitCode == nil, let frame = reader.next() {
        for reply in server.handle(frame) {
          let text = String(decoding: JSONRPC.frame(reply), as: UTF8.self)
          guard StandardStream.write(text, to: output) == .written else { return ExitCode.programError }
        }
      }
    }
    return server.exitCode ?? ExitCode.programError
  }
}
