// Command-line conventions shared by every command: `--option=value`, `-` for standard input, and
// the help of each command (`bargain COMMAND --help`).

extension CLI {
  /// Options that take a value; only these are split at `=` (`--json=yes` stays an unknown option).
  static let valueOptions: Set<String> = [
    "--confine", "--time-limit", "--seed", "--horizon", "--lag", "--budget", "--from", "--to",
    "--jobs", "--dynamics", "--population", "--sweep", "--shard", "--nfg", "--trajectory", "--html",
    "--tournament",
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
    case "spi":
      text = """
        usage: bargain spi A B --with A2 B2 [--json] [--horizon H] [--lag L] [--quiet]

        Plays (A, B) and (A2, B2) and decides whether the replacement is a safe Pareto improvement
        (Oesterheld and Conitzer): each side keeps its program and output, and every outcome pays
        both players at least as much, one of them strictly more in some outcome (rule SP4).
        Exit code 0: an improvement; 4: not one (the reason, with a counterexample when one exists).

        options:
          --json        print one JSON object on stdout
          --horizon H   last step of the pre-bargaining phase (default 10)
          --lag L       steps before a commitment can reach the other side (default 1)

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
        usage: bargain bench [--quick | --limits | --tournament N [--general-path]]

        Times generated round robins, reference chains, proof searches and each limit's worst case.

        options:
          --quick         leave out the limits' worst cases
          --limits        time only the limits' worst cases
          --tournament N  time an in-process round robin of N generated modal agents
          --general-path  with --tournament: compile every pair (no modal fast path, rule R10)

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
    case "tournament":
      text = """
        usage: bargain tournament AGENT... [options]

        Plays every pair of a population in one process. An AGENT is FILE, FILE:PROGRAM, a directory
        (the agent of every program file below it) or a study file with a `tournament { ... }`
        declaration (families such as Demand(k) for k in 0..100 step 10).

        options:
          --jobs N           threads (default: all cores); the output is the same for every N
          --csv | --json     machine-readable output instead of the text matrix
          --ordered          play both orders of every pair even in a symmetric game
          --general-path     compile every pair, modal-fragment programs too (same results)
          --horizon H, --lag L   the pre-bargaining phase, as for a match
          --dynamics STEPS   add replicator dynamics and a Moran process over the payoff matrix
          --population N     individuals of the Moran process (default 100)
          --seed S           seed of the Moran process (default 0)
          --trajectory FILE  write both trajectories as CSV
          --nfg FILE         write the meta-game as a Gambit .nfg file
          --html FILE        write a self-contained HTML report
          --sweep NAME=VALUES...  run over a grid (lag, horizon or a program parameter)
          --shard i/n        play shard i of n and print it as a shard file (see `bargain merge`)

        """
    case "merge":
      text = """
        usage: bargain merge SHARD... [--csv | --json]

        Combines the shard files of `bargain tournament --shard i/n` into exactly the report of the
        unsharded run; refuses shards of different runs, repeated or missing shards.

        """
    default:
      return nil
    }
    return text + "\n" + commonOptions
  }
}
