// The executable as a process: output that cannot be written (full disk, closed descriptors, a
// reader that went away) and the wall-clock guard end with an exit code and a message, never a
// signal. These need a real process, so they run the built `bargain` through /bin/sh.

import Foundation
import Testing

@testable import BargainCLI

/// How a process ended: its exit status, or the signal that killed it.
struct ProcessOutcome: Equatable {
  var status: Int32
  var signalled: Bool
  var stdout: String
  var stderr: String
}

/// Runs `bargain ARGUMENTS` through `/bin/sh -c SCRIPT`, where the script says `"$0" "$@"` for the
/// command and adds redirections. With `closedReader`, stdout is a pipe nobody reads.
func runBargain(_ script: String, _ arguments: [String], closedReader: Bool = false) throws -> ProcessOutcome {
  let executable = try #require(bargainExecutable())
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/sh")
  process.arguments = ["-c", script, executable.path] + arguments
  let output = Pipe()
  let errors = Pipe()
  if closedReader { try output.fileHandleForReading.close() }
  process.standardOutput = output
  process.standardError = errors
  try process.run()
  let stdout = closedReader ? Data() : output.fileHandleForReading.readDataToEndOfFile()
  let stderr = errors.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return ProcessOutcome(
    status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
    stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
}

@Suite("Process", .timeLimit(.minutes(2)))
struct ProcessTests {
  let fairBot = Repository.path("Programs/prisoners-dilemma/FairBot.bargain")

  @Test func fullDiskIsReported() throws {
    try #require(FileManager.default.fileExists(atPath: "/dev/full"))
    let outcome = try runBargain(#"exec "$0" "$@" >/dev/full"#, [fairBot, fairBot])
    #expect(
      outcome
        == ProcessOutcome(
          status: 1, signalled: false, stdout: "",
          stderr: "bargain: error: cannot write the report to standard output: No space left on device\n"))
  }

  @Test func closedStandardOutputIsReported() throws {
    let outcome = try runBargain(#"exec "$0" "$@" >&-"#, [fairBot, fairBot])
    #expect(
      outcome
        == ProcessOutcome(
          status: 1, signalled: false, stdout: "",
          stderr: "bargain: error: cannot write the report to standard output: Bad file descriptor\n"))
  }

  @Test func closedStandardErrorKeepsTheExitCode() throws {
    let scratch = try ScratchDirectory()
    try scratch.write("Bad.bargain", "game PrisonersDilemma\nprogram Bad { play X }\n")
    let outcome = try runBargain(#"exec "$0" "$@" 2>&-"#, ["check", scratch.prefix + "Bad.bargain"])
    #expect(outcome == ProcessOutcome(status: 1, signalled: false, stdout: "", stderr: ""))
  }

  @Test func brokenPipeEndsQuietly() throws {
    let outcome = try runBargain(#"exec "$0" "$@""#, [fairBot, fairBot], closedReader: true)
    #expect(outcome == ProcessOutcome(status: 0, signalled: false, stdout: "", stderr: ""))
  }

  @Test func brokenPipeWithSIGPIPEIgnoredByTheShell() throws {
    let outcome = try runBargain(#"trap '' PIPE; exec "$0" "$@""#, [fairBot, fairBot], closedReader: true)
    #expect(outcome == ProcessOutcome(status: 0, signalled: false, stdout: "", stderr: ""))
  }

  @Test func outputIsWrittenWhole() throws {
    let outcome = try runBargain(#"exec "$0" "$@""#, [fairBot, fairBot])
    #expect(
      outcome
        == ProcessOutcome(
          status: 0, signalled: false, stdout: CLI.run(["bargain", fairBot, fairBot]).stdout, stderr: ""))
  }

  /// Grow(n) against itself compiles 2(9000 - n) + 1 matchups; the scan plays n = 0, 1, ... which
  /// takes minutes even in a release build, so a three-second limit always stops it while solving
  /// (three, not one: loading and checking must be over first, even on a loaded machine).
  @Test func timeLimitStopsTheRunAndNamesThePhase() throws {
    let scratch = try ScratchDirectory()
    try scratch.write(
      "Grow.bargain",
      """
      game PrisonersDilemma
      program Grow(n: int = 0) {
        if n >= 9000 { play C } else if provable(them(Grow(n + 1)) == C) { play C } else { play D }
      }

      """)
    let started = ContinuousClock.now
    let outcome = try runBargain(
      #"exec "$0" "$@""#, ["threshold", scratch.prefix + "Grow.bargain", "--to", "100000", "--time-limit", "3"])
    #expect(ContinuousClock.now - started < .seconds(30))
    #expect(
      outcome
        == ProcessOutcome(
          status: 3, signalled: false, stdout: "",
          stderr: """
            bargain: error: resource limit reached: 3 s passed while solving the match (--time-limit = 3)
              = help: the run was stopped cleanly; raise --time-limit or simplify the programs
            1 error

            """))
  }

  @Test func timeLimitMessageNamesEachPhase() {
    #expect(
      Watchdog.message(seconds: 7, phase: .checking).hasPrefix(
        "bargain: error: resource limit reached: 7 s passed while checking the programs (--time-limit = 7)\n"))
    #expect(Watchdog.message(seconds: 7, phase: .proofSearch).contains("while searching for a proof "))
    #expect(Watchdog.message(seconds: 7, phase: .preBargaining).contains("while running the pre-bargaining phase "))
  }

  @Test func runsWithinTheLimitAreUnaffected() throws {
    let outcome = try runBargain(#"exec "$0" "$@""#, [fairBot, fairBot, "--time-limit", "60"])
    #expect(outcome.status == 0)
    #expect(outcome.stdout == CLI.run(["bargain", fairBot, fairBot]).stdout)
  }

  @Test(arguments: ["0", "-1", "86401", "1.5", "soon"])
  func badTimeLimitIsAUsageError(_ value: String) {
    let result = CLI.run(["bargain", fairBot, fairBot, "--time-limit", value])
    #expect(result.exitCode == ExitCode.usage)
    #expect(result.stdout == "")
    #expect(result.stderr.firstLine == "bargain: error: --time-limit needs a whole number of seconds from 1 to 86400")
  }

  @Test func missingTimeLimitValueIsAUsageError() {
    let result = CLI.run(["bargain", fairBot, fairBot, "--time-limit"])
    #expect(result.exitCode == ExitCode.usage)
    #expect(result.stderr.firstLine == "bargain: error: --time-limit needs a whole number of seconds from 1 to 86400")
  }

  @Test func timeLimitIsAcceptedByEveryCommand() {
    #expect(CLI.run(["bargain", "check", fairBot, "--time-limit", "5"]).exitCode == ExitCode.success)
    #expect(CLI.run(["bargain", "--time-limit", "5", "prove", fairBot, "FairBot(FairBot) == C"]).exitCode == 0)
  }

  @Test func defaultTimeLimitIsDocumented() {
    #expect(TimeLimits.defaultSeconds == 600)
    #expect(TimeLimits.maxSeconds == 86_400)
  }
}
