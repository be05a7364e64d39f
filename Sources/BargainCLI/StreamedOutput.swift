// Standard output for a command that writes as it goes (`tournament --csv`), so that a report
// of a million pairs never sits in memory: the process's stdout in the executable, a buffer
// returned as `CommandResult.stdout` when tests call `CLI.run`.

final class StreamedOutput {
  /// Nil: keep the text (tests); else write it to this descriptor at once.
  private let descriptor: Int32?
  /// What was written while buffering.
  private(set) var buffered = ""
  /// The errno of a failed write; later writes are dropped.
  private(set) var failure: Int32?
  /// The reader closed the pipe: nobody wants more.
  private(set) var closed = false

  init(descriptor: Int32?) { self.descriptor = descriptor }

  /// Writes `text`; false when the command should stop producing output.
  func write(_ text: String) -> Bool {
    guard let descriptor else {
      buffered += text
      return true
    }
    guard !closed, failure == nil else { return false }
    switch StandardStream.write(text, to: descriptor) {
    case .written: return true
    case .brokenPipe: closed = true
    case .failed(let code): failure = code
    }
    return false
  }
}
