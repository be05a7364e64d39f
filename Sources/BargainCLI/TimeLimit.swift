// The wall-clock guard (`--time-limit`): every other limit bounds a count, this one bounds
// whatever the counts miss. The CLI records the phase it is in; a watchdog thread ends the
// process with exit 3 when the deadline passes and says which phase was running.
// The clock is read here, in the CLI, never in the libraries.

import Foundation

public enum TimeLimits {
  /// Seconds a run may take unless `--time-limit` says otherwise: far above what the examples,
  /// tests and `bargain bench` need (seconds; a full 100,000-step `threshold` scan of a bounded
  /// program takes about 10 s in a release build), low enough that a runaway run in a CI job ends
  /// with a report instead of hanging the job. A tournament passes a smaller one.
  public static let defaultSeconds = 600
  /// The largest `--time-limit`: one day.
  public static let maxSeconds = 86_400
}

/// What a command is doing, for the time limit's message.
enum Phase: String, Sendable {
  case starting = "starting"
  case loading = "loading files"
  case checking = "checking the programs"
  case compiling = "compiling the programs"
  case preBargaining = "running the pre-bargaining phase"
  case solving = "solving the match"
  case proofSearch = "searching for a proof"
  case rendering = "rendering the report"
  case benchmarking = "benchmarking"
}

/// The current phase, shared between the command and the watchdog thread.
final class PhaseRecorder: @unchecked Sendable {
  // Unchecked: every access to `phase` holds `lock`.
  private let lock = NSLock()
  private var phase = Phase.starting

  var current: Phase {
    lock.lock()
    defer { lock.unlock() }
    return phase
  }

  func enter(_ next: Phase) {
    lock.lock()
    phase = next
    lock.unlock()
  }
}

enum Watchdog {
  /// The message printed when the limit is reached (also the text tests expect).
  static func message(seconds: Int, phase: Phase) -> String {
    "bargain: error: resource limit reached: \(seconds) s passed while \(phase.rawValue) (--time-limit = \(seconds))\n"
      + "  = help: the run was stopped cleanly; raise --time-limit or simplify the programs\n1 error\n"
  }

  /// Starts a thread that ends the process with exit code 3 once `seconds` have passed.
  static func start(seconds: Int, phases: PhaseRecorder) {
    let deadline = ContinuousClock.now + .seconds(seconds)
    let thread = Thread {
      while ContinuousClock.now < deadline {
        let left = deadline - ContinuousClock.now
        let (whole, fraction) = left.components
        Thread.sleep(forTimeInterval: Double(whole) + Double(fraction) / 1e18)
      }
      _ = StandardStream.write(message(seconds: seconds, phase: phases.current), to: StandardStream.error)
      // Immediately: the main thread is still computing and must not run exit handlers.
      _exit(ExitCode.limit)
    }
    thread.start()
  }
}
