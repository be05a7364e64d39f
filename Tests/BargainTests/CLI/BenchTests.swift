// `bargain bench --quick` runs every benchmark and reports its exact counts (timings vary and are
// not asserted; speed is measured by running the benchmark, not by tests).

import BargainCLI
import Testing

@Suite struct BenchTests {
  @Test func quickBenchReportsEveryBenchmark() {
    let result = CLI.run(["bargain", "bench", "--quick"])
    #expect(result.exitCode == 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(
      lines.contains { $0.hasPrefix("round robin: 12 generated programs, 144 matches (43 mutual cooperation) in ") })
    #expect(lines.contains { $0.hasPrefix("  50      102        ") })
    #expect(
      lines.contains { $0.hasPrefix("proof search (examples): 8 statements x 20, 160 searches (120 proved) in ") })
    #expect(lines.contains { $0.hasPrefix("proof search (generated): 64 statements x 1, 64 searches (15 proved) in ") })
    #expect(
      lines.contains {
        $0.hasPrefix("chance report: 2601 outcome profiles rendered as text (2612 lines) in ")
          && $0.contains(" s, its JSON result (")
      })
    #expect(
      lines.contains { $0.hasPrefix("chance: 40 exact-distribution matches in ") && $0.hasSuffix(": 9 (= (1 - ε)/ε)") })
  }
}
