// swift-tools-version: 6.0
// A package that uses bargain as a library (README, "Using bargain as a library"); `.ci/run`
// builds and runs it.
import PackageDescription

let package = Package(
  name: "Consumer",
  platforms: [.macOS(.v13)],
  dependencies: [.package(name: "bargain", path: "../..")],
  targets: [
    .executableTarget(name: "Consumer", dependencies: [.product(name: "BargainKit", package: "bargain")])
  ]
)
