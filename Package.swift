// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "bargain",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "bargain", targets: ["bargain"]),
    .library(name: "BargainKit", targets: ["BargainKit"]),
  ],
  targets: [
    // Formulas, the Kripke solver for GL; depends on nothing.
    .target(name: "BargainLogic"),
    // Source files, diagnostics, lexer, AST, parser, canonical printer.
    .target(name: "BargainSyntax"),
    // Name resolution and type checking: AST -> CheckedProgram.
    .target(name: "BargainSemantics", dependencies: ["BargainSyntax"]),
    // Compiling matchups into modal systems and solving them.
    .target(name: "BargainRuntime", dependencies: ["BargainLogic", "BargainSemantics", "BargainSyntax"]),
    // Matches: outputs -> agreement, disagreement, payoffs.
    .target(name: "BargainProtocol", dependencies: ["BargainRuntime", "BargainSemantics", "BargainSyntax"]),
    // Tournaments: every pair of a population, in parallel; analysis of the results.
    .target(
      name: "BargainTournament",
      dependencies: ["BargainProtocol", "BargainRuntime", "BargainSemantics", "BargainSyntax", "BargainLogic"]
    ),
    // Argument parsing, loading files, text and JSON reports, exit codes.
    .target(
      name: "BargainCLI",
      dependencies: [
        "BargainTournament", "BargainProtocol", "BargainRuntime", "BargainSemantics", "BargainSyntax", "BargainLogic",
      ]
    ),
    // The library façade for other packages: load agents, play, run tournaments.
    .target(
      name: "BargainKit",
      dependencies: ["BargainCLI", "BargainTournament", "BargainProtocol", "BargainSemantics", "BargainLogic"]),
    .executableTarget(name: "bargain", dependencies: ["BargainCLI"]),
    .testTarget(name: "BargainLogicTests", dependencies: ["BargainLogic"]),
    .testTarget(
      name: "BargainTests",
      dependencies: [
        "BargainCLI", "BargainKit", "BargainTournament", "BargainProtocol", "BargainRuntime", "BargainSemantics", "BargainSyntax",
        "BargainLogic",
      ],
      exclude: ["Goldens"]
    ),
  ]
)
