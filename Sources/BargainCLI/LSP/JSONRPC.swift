// JSON-RPC 2.0 over a byte stream with LSP's `Content-Length` framing, written by hand: splitting
// the input into messages, and framing the replies. Parsing a message's JSON is Foundation's.

import Foundation

public enum LanguageServerLimits {
  /// The largest message body: a document of `SyntaxLimits.maxSourceBytes` bytes needs at most
  /// six bytes per byte once escaped in JSON (`\u0001`), plus the envelope. A larger body is
  /// skipped unread and answered with an error, so a client cannot make the server hold more.
  public static let maxMessageBytes = 8 * 1_048_576
  /// The largest header block: LSP sends two short headers; anything longer is not LSP.
  public static let maxHeaderBytes = 8_192
  /// Open documents kept in memory at once (each up to `maxSourceBytes`): far above what an
  /// editor opens, and a bound on the server's memory.
  public static let maxDocuments = 1_000
}

/// What the framing layer found next in the input.
enum Frame: Equatable {
  /// One message body.
  case message([UInt8])
  /// Input that is not a well-formed frame; the reader has resynchronised after it.
  case malformed(String)
}

/// Splits a byte stream into `Content-Length` frames. Bytes arrive in any pieces (`append`);
/// `next` returns a frame once it is complete.
struct FrameReader {
  private var buffer: [UInt8] = []
  private var start = 0
  /// Bytes of an oversized body still to be skipped.
  private var skipping = 0

  mutating func append(_ bytes: [UInt8]) {
    buffer += bytes
  }

  /// The next complete frame, or nil when more input is needed.
  mutating func next() -> Frame? {
    compact()
    if skipping > 0 {
      let available = min(skipping, buffer.count - start)
      start += available
      skipping -= available
      if skipping > 0 { return nil }
    }
    guard let headerEnd = find([13, 10, 13, 10], from: start) else {
      if buffer.count - start > LanguageServerLimits.maxHeaderBytes {
        // No header ends within the limit: drop what arrived and start again.
        start = buffer.count
        return .malformed("a header block longer than \(LanguageServerLimits.maxHeaderBytes) bytes (maxHeaderBytes)")
      }
      return nil
    }
    // Bytes before the block's last `Content-Length` are left over from a bad message:
    // reported once, then reading resumes at that line.
    if let resume = lastContentLengthLine(before: headerEnd), resume > start {
      let skipped = resume - start
      start = resume
      return .malformed("\(skipped) bytes that are not part of a message")
    }
    let bodyStart = headerEnd + 4
    guard headerEnd - start <= LanguageServerLimits.maxHeaderBytes else {
      start = bodyStart
      return .malformed("a header block longer than \(LanguageServerLimits.maxHeaderBytes) bytes (maxHeaderBytes)")
    }
    let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
    var length: Int?
    for line in header.components(separatedBy: "\r\n") {
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      if parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-length" {
        length = Int(parts[1].trimmingCharacters(in: .whitespaces))
      }
    }
    guard let length, length >= 0 else {
      start = bodyStart
      return .malformed("a message without a valid Content-Length header")
    }
    guard length <= LanguageServerLimits.maxMessageBytes else {
      start = bodyStart
      skipping = length
      return .malformed(
        "a message of \(length) bytes, more than the limit of \(LanguageServerLimits.maxMessageBytes) (maxMessageBytes)"
      )
    }
    guard buffer.count - bodyStart >= length else { return nil }
    start = bodyStart + length
    return .message(Array(buffer[bodyStart..<start]))
  }

  /// Where the last `Content-Length:` (any case) between `start` and `end` begins (a header that
  /// follows leftovers without a line break still counts).
  private func lastContentLengthLine(before end: Int) -> Int? {
    let name = Array("content-length:".utf8)
    var offset = end - name.count
    while offset >= start {
      let candidate = buffer[offset..<offset + name.count].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
      if candidate == name { return offset }
      offset -= 1
    }
    return nil
  }

  private func find(_ needle: [UInt8], from index: Int) -> Int? {
    guard buffer.count >= needle.count else { return nil }
    var offset = index
    while offset + needle.count <= buffer.count {
      if buffer[offset] == needle[0] && Array(buffer[offset..<offset + needle.count]) == needle { return offset }
      offset += 1
    }
    return nil
  }

  /// Drops consumed bytes once they dominate the buffer, so reading stays linear.
  private mutating func compact() {
    if start > 65_536 && start * 2 > buffer.count {
      buffer.removeFirst(start)
      start = 0
    }
  }
}

enum JSONRPC {
  /// Standard error codes (JSON-RPC 2.0 and LSP).
  static let parseError = -32_700
  static let invalidRequest = -32_600
  static let methodNotFound = -32_601
  static let invalidParams = -32_602
  static let serverNotInitialized = -32_002

  /// `Content-Length: N` and the body.
  static func frame(_ message: JSON) -> [UInt8] {
    let body = Array(message.compact().utf8)
    return Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
  }

  static func response(id: JSON, result: JSON) -> JSON {
    .object(["jsonrpc": .string("2.0"), "id": id, "result": result])
  }

  static func error(id: JSON, code: Int, message: String) -> JSON {
    .object([
      "jsonrpc": .string("2.0"), "id": id,
      "error": .object(["code": .int(code), "message": .string(message)]),
    ])
  }

  static func notification(_ method: String, _ params: JSON) -> JSON {
    .object(["jsonrpc": .string("2.0"), "method": .string(method), "params": params])
  }

  /// A request id as sent (an integer or a string); anything else is not an id.
  static func id(_ value: Any?) -> JSON? {
    if let text = value as? String { return .string(text) }
    if let number = value as? NSNumber {
      return Double(number.intValue) == number.doubleValue ? .int(number.intValue) : nil
    }
    return nil
  }
}

extension JSON {
  /// On one line, keys sorted: the body of a JSON-RPC message.
  func compact() -> String {
    switch self {
    case .null, .bool, .int, .number, .string: return render()
    case .array(let items): return "[" + items.map { $0.compact() }.joined(separator: ",") + "]"
    case .object(let fields):
      return "{"
        + fields.keys.sorted().map { JSON.quote($0) + ":" + (fields[$0] ?? .null).compact() }.joined(separator: ",")
        + "}"
    }
  }
}
