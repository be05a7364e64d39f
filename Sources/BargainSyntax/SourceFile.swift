// Source text, file identities and byte ranges. Everything that points into a program uses these.

/// Identifies one loaded source file inside a `SourceMap`.
public struct FileID: Hashable, Comparable, Sendable {
  public let index: Int
  public init(_ index: Int) { self.index = index }
  public static func < (lhs: FileID, rhs: FileID) -> Bool { lhs.index < rhs.index }
}

/// A half-open range of UTF-8 byte offsets in one file.
public struct SourceRange: Hashable, Sendable {
  public let file: FileID
  public let start: Int
  public let end: Int

  public init(file: FileID, start: Int, end: Int) {
    self.file = file
    self.start = start
    self.end = max(start, end)
  }

  /// The smallest range covering both; `other` must be in the same file.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
  }
}

/// A 1-based line and column (columns count characters, so carets line up).
public struct SourceLocation: Hashable, Sendable {
  public let line: Int
  public let column: Int
}

/// The text of one file plus its line table.
public struct SourceFile: Sendable {
  public let id: FileID
  /// The path as the user gave it (shown in diagnostics).
  public let path: String
  public let bytes: [UInt8]
  /// Byte offset at which each line starts.
  public let lineStarts: [Int]

  public init(id: FileID, path: String, text: String) {
    self.id = id
    self.path = path
    self.bytes = Array(text.utf8)
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
      starts.append(offset + 1)
    }
    self.lineStarts = starts
  }

  public var text: String { String(decoding: bytes, as: UTF8.self) }

  /// The 0-based index of the line holding `offset`.
  public func lineIndex(of offset: Int) -> Int {
    var low = 0
    var high = lineStarts.count - 1
    while low < high {
      let mid = (low + high + 1) / 2
      if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
    }
    return low
  }

  public func location(of offset: Int) -> SourceLocation {
    let clamped = min(max(0, offset), bytes.count)
    let line = lineIndex(of: clamped)
    let prefix = String(decoding: bytes[lineStarts[line]..<clamped], as: UTF8.self)
    return SourceLocation(line: line + 1, column: prefix.count + 1)
  }

  /// The text of a 1-based line without its newline.
  public func lineText(_ line: Int) -> String {
    guard line >= 1, line <= lineStarts.count else { return "" }
    let start = lineStarts[line - 1]
    var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  public func text(of range: SourceRange) -> String {
    let start = min(max(0, range.start), bytes.count)
    let end = min(max(start, range.end), bytes.count)
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }
}

/// All files of one run, addressed by `FileID`.
public struct SourceMap: Sendable {
  public private(set) var files: [SourceFile] = []

  public init() {}

  public mutating func add(path: String, text: String) -> FileID {
    let id = FileID(files.count)
    files.append(SourceFile(id: id, path: path, text: text))
    return id
  }

  public func file(_ id: FileID) -> SourceFile? {
    files.indices.contains(id.index) ? files[id.index] : nil
  }

  public func path(of id: FileID) -> String { file(id)?.path ?? "<unknown>" }
}
