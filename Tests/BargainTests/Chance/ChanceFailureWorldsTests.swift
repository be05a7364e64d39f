// The failure search of a match with chance reads worlds the solver skipped (nothing changes
// there) from the entry of the last world it solved before them.

import Testing

@testable import BargainLogic
@testable import BargainRuntime

@Suite struct ChanceFailureWorldsTests {
  @Test func skippedWorldsReadTheEntryBeforeThem() {
    var arena = FormulaArena()
    let early = arena.atom(0)
    let late = arena.atom(1)
    // Solved worlds 0, 1 and 64; worlds 2...63 were skipped; world 65 was not reached.
    let worlds = ChanceFailureWorlds(
      history: [
        (from: 0, truth: [early: false, late: false], values: []),
        (from: 1, truth: [early: true, late: false], values: []),
        (from: 64, truth: [early: true, late: true], values: []),
      ],
      end: 65, resultCount: 1)
    #expect(worlds.firstWorld(where: early, from: 0, before: nil) == 1)
    #expect(worlds.firstWorld(where: early, from: 30, before: nil) == 30)
    #expect(worlds.firstWorld(where: early, from: 30, before: 30) == nil)
    #expect(worlds.firstWorld(where: late, from: 2, before: nil) == 64)
    #expect(worlds.firstWorld(where: late, from: 2, before: 64) == nil)
    #expect(worlds.firstWorld(where: late, from: 65, before: nil) == nil)
  }
}
