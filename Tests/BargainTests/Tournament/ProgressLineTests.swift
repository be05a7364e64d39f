// The tournament's progress line goes to stderr only when stderr is a terminal.

import Foundation
import Testing

@Suite("Progress line", .timeLimit(.minutes(2)))
struct ProgressLineTests {
  let directory = Repository.path("Programs/prisoners-dilemma")

  @Test func nothingOnAPipe() throws {
    let outcome = try runBargain(#"exec "$0" "$@""#, ["tournament", directory, "--csv"])
    #expect(outcome.status == 0)
    #expect(outcome.stderr == "")
    #expect(outcome.stdout.hasPrefix("row,column,"))
  }

  /// Under a pseudo-terminal (util-linux `script`) the line shows pairs done, rate and time left,
  /// and is erased at the end; stdout (redirected to a file) has no trace of it.
  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
  func shownOnATerminal() throws {
    let scratch = try ScratchDirectory()
    let report = scratch.prefix + "report.csv"
    let outcome = try runBargain(
      #"exec /usr/bin/script -qec "\"$0\" tournament \"$1\" --csv > \"$2\"" /dev/null"#, [directory, report])
    #expect(outcome.status == 0)
    // `--csv` streams every ordered pair of the 7 agents (mirrors played again), 49 in all.
    #expect(outcome.stdout.contains("49/49 pairs, "))
    #expect(outcome.stdout.contains(" pairs/s, 0 s left"))
    #expect(outcome.stdout.hasSuffix("\r\u{1B}[K"))
    let csv = try String(contentsOfFile: report, encoding: .utf8)
    #expect(csv.hasPrefix("row,column,") && !csv.contains("pairs/s"))
  }
}
