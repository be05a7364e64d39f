// libFuzzer entry for the front end: one input is one `.bargain` file. It is lexed, parsed,
// printed canonically, checked on its own (as `bargain check` does) and as both agents of a match
// (as `bargain A A` does before anything runs), and its diagnostics are rendered. Any crash, trap
// or sanitizer report is a finding. Built by build.sh with the BargainSyntax and BargainSemantics
// sources in one module, so no `import` of them is needed here.

/// With BARGAIN_FUZZ_ROUNDTRIP=1, an input that parses cleanly must print to a text that parses
/// cleanly and prints the same again (the canonical text is what `them == me` compares).
let checkRoundTrip: Bool = {
  guard let value = getenv("BARGAIN_FUZZ_ROUNDTRIP") else { return false }
  return String(cString: value) == "1"
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func bargainFuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // Non-UTF-8 files stop in the loader before the lexer, as in the binary.
  guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else {
    return 0
  }
  var sources = SourceMap()
  let prelude = sources.add(path: Prelude.path, text: Prelude.source)
  let input = sources.add(path: "input.bargain", text: text)
  guard let preludeFile = sources.file(prelude), let file = sources.file(input) else { return 0 }
  let (preludeUnit, _) = Parser.parse(preludeFile)
  let (unit, problems) = Parser.parse(file)
  let units = [
    LoadedUnit(unit: preludeUnit, path: Prelude.path, imports: []),
    // Imports do not resolve here: the loader's "cannot find file" case.
    LoadedUnit(unit: unit, path: "input.bargain", imports: unit.imports.map { _ in nil }),
  ]
  var diagnostics = problems
  let printed = CanonicalPrinter.print(unit)
  if !problems.contains(where: { $0.severity == .error }) {
    diagnostics += Checker.checkFiles(units: units, prelude: prelude, files: [input])
    let match = Checker.check(
      units: units, prelude: prelude, agents: [AgentRequest(file: input), AgentRequest(file: input)])
    diagnostics += match.diagnostics
    if checkRoundTrip {
      var again = SourceMap()
      let id = again.add(path: "printed.bargain", text: printed)
      if let printedFile = again.file(id) {
        let (reparsed, reparseProblems) = Parser.parse(printedFile)
        if reparseProblems.contains(where: { $0.severity == .error }) {
          fatalError("canonical text does not parse:\n\(printed)")
        }
        let reprinted = CanonicalPrinter.print(reparsed)
        if reprinted != printed {
          fatalError("canonical printing is not idempotent:\n\(printed)\n---\n\(reprinted)")
        }
      }
    }
  }
  _ = DiagnosticRenderer(sources: sources).render(diagnostics)
  return 0
}
