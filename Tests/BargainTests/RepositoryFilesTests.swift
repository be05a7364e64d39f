// The repository stands on its own: a license, a citation file, and no path leading outside it.

import Foundation
import Testing

@testable import BargainCLI

@Suite struct RepositoryFilesTests {
  static func text(_ path: String) throws -> String {
    try String(contentsOfFile: Repository.path(path), encoding: .utf8)
  }

  @Test func licenseIsTheApacheLicense() throws {
    let license = try Self.text("LICENSE")
    #expect(license.contains("Apache License\n                           Version 2.0, January 2004"))
    #expect(license.contains("TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION"))
    #expect(license.contains("END OF TERMS AND CONDITIONS"))
    // The full text: nine sections and the appendix.
    #expect(license.contains("9. Accepting Warranty or Additional Liability."))
    #expect(license.contains("APPENDIX: How to apply the Apache License to your work."))
  }

  /// The fields CFF 1.2.0 requires, and the version and license this package states.
  @Test func citationFileHasTheRequiredFields() throws {
    let lines = try Self.text("CITATION.cff").split(separator: "\n").map(String.init)
    #expect(lines.first == "cff-version: 1.2.0")
    for key in ["message:", "title:", "authors:", "type: software", "license: Apache-2.0"] {
      #expect(lines.contains { $0.hasPrefix(key) }, "\(key)")
    }
    #expect(lines.contains("version: \"\(CLI.version)\""))
    let authors = try #require(lines.firstIndex(of: "authors:"))
    #expect(lines[authors + 1].hasPrefix("  - name: ") || lines[authors + 1].hasPrefix("  - family-names: "))
    #expect(!lines.contains { $0.contains("\t") }, "YAML forbids tabs for indentation")
  }

  /// No text file refers to a directory of the machine it was written on or to a sibling directory.
  @Test func nothingPointsOutsideTheRepository() throws {
    let forbidden = ["../" + "shared", "/" + "work/"]
    let root = Repository.root.path
    let skipped: Set<String> = [".build", ".git", ".swiftpm", "fuzz-out"]
    let enumerator = try #require(FileManager.default.enumerator(atPath: root))
    var checked = 0
    while let item = enumerator.nextObject() as? String {
      let first = String(item.split(separator: "/").first ?? "")
      if skipped.contains(first) {
        enumerator.skipDescendants()
        continue
      }
      guard let text = try? String(contentsOfFile: root + "/" + item, encoding: .utf8) else { continue }
      checked += 1
      for needle in forbidden {
        #expect(!text.contains(needle), "\(item) mentions \(needle)")
      }
    }
    #expect(checked > 100)
  }
}
