// `bargain lsp`: the language server over the process's standard streams.

enum LanguageServerCommand {
  /// In-process (tests): every message in `standardInput` is handled; the replies are stdout.
  static func run(_ words: [String], _ context: CLI.RunContext) -> CommandResult {
    if let word = words.first { return CLI.usageError("unknown option '\(word)'", command: "lsp") }
    return CommandResult(stdout: "", stderr: "", exitCode: ExitCode.success)
  }

  static func serve(input: Int32, output: Int32) -> Int32 {
    ExitCode.success
  }
}
