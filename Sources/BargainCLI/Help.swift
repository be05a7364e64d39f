// Command-line conventions shared by every command: `--option=value`, `-` for standard input, and
// the help of each command (`bargain COMMAND --help`).

extension CLI {
  /// Options that take a value; only these are split at `=` (`--json=yes` stays an unknown option).
  static let valueOptions: Set<String> = [
    "--confine", "--time-limit", "--seed", "--horizon", "--lag", "--budget", "--from", "--to",
  ]

  /// `--option=value` becomes `--option value` for the options in `valueOptions`.
  static func splitOptionValues(_ words: [String]) -> [String] {
    words.flatMap { word -> [String] in
      guard word.hasPrefix("--"), let equals = word.firstIndex(of: "="),
        valueOptions.contains(String(word[..<equals]))
      else { return [word] }
      return [String(word[..<equals]), String(word[word.index(after: equals)...])]
    }
  }

  /// `-` alone, or `-:PROGRAM`: an agent read from standard input.
  static func isStandardInput(_ word: String) -> Bool {
    word == "-" || word.hasPrefix("-:")
  }

  /// The help `words` ask for, or nil: `--help`/`-h` anywhere, or `help [COMMAND]` first.
  static func help(for words: [String]) -> String? {
    if words.first == "help" { return words.dropFirst().first.flatMap(commandHelp) ?? usage }
    guard words.contains("--help") || words.contains("-h") else { return nil }
    return words.first.flatMap(commandHelp) ?? usage
  }

  static let commonOptions = """
    options of every command:
      --confine DIR     read only files that resolve, after symlinks, inside DIR (programs by others)
      --time-limit S    stop after S seconds with exit code 3, naming the phase (default \(TimeLimits.defaultSeconds))
    An option that takes a value may also be written --option=value.

    """

  /// The help of one command, or nil when `command` is not one.
  static func commandHelp(_ command: String) -> String? {
    let text: String
    switch command {
    case "play":
      text = """
        usage: bargain [play] ROW COLUMN [options]

        Plays two agents: pre-bargaining (plans, commitments), then the game. An agent is FILE (its
        `main` program, else the one named after the file, else its only program) or FILE:PROGRAM,
        e.g. Programs/bargaining/Demand.bargain:Demand(70). `-` or `-:PROGRAM` reads standard input.

        options:
          --frames      add the world-by-world Kripke table of both sides' outputs
          --json        print one JSON object on stdout instead of the text report
          --explain     say why each side produced its output (branches, facts, proofs)
          --seed S      also sample one play of a match with chance, reproducibly
          --timeline    show the pre-bargaining timeline even when no agent has a plan
          --horizon H   last step of the pre-bargaining phase (default 10)
          --lag L       steps before a commitment can reach the other side (default 1, at least 1)
          --quiet       hide warnings

        """
    case "check":
      text = """
        usage: bargain check PATH... [--json] [--quiet]

        Reports the diagnostics of each file (and of what it imports); exit code 1 on errors.
        A directory stands for every program file below it (sorted by path). `-` reads a program
        from standard input, named <stdin> in diagnostics.

        options:
          --json     print the diagnostics as one JSON object on stdout (schemaVersion)
          --quiet    hide warnings; a warning repeated many times is shown once with a count

        """
    case "prove":
      text = """
        usage: bargain prove FILE STATEMENT [--budget N] [--json]

        Searches a proof of a closed STATEMENT about FILE's programs, e.g. "FairBot(FairBot) == C",
        shows it (re-checked by an independent checker) and what the exact Kripke method says.

        options:
          --budget N    proof steps the search may use (default \(ProveCommand.defaultBudget))
          --json        print one JSON object on stdout

        """
    case "threshold":
      text = """
        usage: bargain threshold ROW [COLUMN] [--from A] [--to B] [--json]

        Scans the int parameter of a bounded matchup from A to B (default 0 to 1000) and reports the
        least value at which the outcome changes, with the proofs found there.

        options:
          --from A, --to B   the scanned range (0 to \(ThresholdCommand.maxScan))
          --json             print one JSON object on stdout

        """
    case "bench":
      text = """
        usage: bargain bench [--quick | --limits]

        Times generated round robins, reference chains, proof searches and each limit's worst case.

        options:
          --quick       leave out the limits' worst cases
          --limits      time only the limits' worst cases

        """
    case "fmt":
      text = """
        usage: bargain fmt [--check | --stdout] FILE|DIR...

        Formats program files in the canonical style, keeping comments. A DIR stands for every
        .bargain and .bp file below it. Files are rewritten in place (only when they change);
        `-` reads standard input and prints the result.

        options:
          --check       change nothing; list the files that are not formatted, exit 1 if any
          --stdout      print the formatted text instead of rewriting the files

        """
    case "lsp":
      text = """
        usage: bargain lsp

        A language server over standard input and output (JSON-RPC with Content-Length headers):
        diagnostics as you type, formatting, go to definition of programs and games, hover.

        """
    default:
      return nil
    }
    return text + "\n" + commonOptions
  }
}
