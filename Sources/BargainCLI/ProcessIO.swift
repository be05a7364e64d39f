// The process around `CLI.run`: standard streams written with write(2) so that a full disk, a
// closed descriptor or a reader that went away is an exit code and a message, never a trap
// (Foundation's `FileHandle.write(_:)` traps on any write error).

import BargainSyntax

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum StandardStream {
  static let output: Int32 = 1
  static let error: Int32 = 2

  enum WriteOutcome: Equatable {
    case written
    /// The reader closed the pipe (EPIPE): nobody is left to tell.
    case brokenPipe
    /// Any other error, with its errno.
    case failed(Int32)
  }

  /// Writes every byte of `text`, retrying short and interrupted writes.
  static func write(_ text: String, to descriptor: Int32) -> WriteOutcome {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let count = bytes.withUnsafeBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        #if canImport(Glibc)
          return Glibc.write(descriptor, base + offset, buffer.count - offset)
        #else
          return Darwin.write(descriptor, base + offset, buffer.count - offset)
        #endif
      }
      if count < 0 {
        let code = errno
        if code == EINTR { continue }
        if code == EAGAIN {
          // A non-blocking descriptor inherited from the parent: wait until it takes more.
          var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
          _ = poll(&request, 1, -1)
          continue
        }
        return code == EPIPE ? .brokenPipe : .failed(code)
      }
      offset += count
    }
    return .written
  }

  /// A standard stream the process was started without (`>&-`) would be handed out again by the
  /// next `open`, and our report would land in that file. Holding it with /dev/null opened
  /// read-only keeps the number taken and makes writes to it fail with EBADF, as they would have.
  static func reserveClosedDescriptors() {
    for descriptor in [Int32(0), output, error] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
      let opened = open("/dev/null", O_RDONLY | O_CLOEXEC)
      if opened >= 0, opened != descriptor {
        _ = dup2(opened, descriptor)
        _ = close(opened)
      }
    }
  }

  /// Reads `descriptor` until end of file or until more than `limit` bytes have arrived (the
  /// loader then reports the size limit); a read error ends the input where it happened.
  static func read(_ descriptor: Int32, limit: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while bytes.count <= limit {
      let count = buffer.withUnsafeMutableBytes { raw -> Int in
        guard let base = raw.baseAddress else { return 0 }
        #if canImport(Glibc)
          return Glibc.read(descriptor, base, raw.count)
        #else
          return Darwin.read(descriptor, base, raw.count)
        #endif
      }
      if count < 0 && errno == EINTR { continue }
      if count <= 0 { break }
      bytes += buffer[..<count]
    }
    return bytes
  }

  static func describe(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }
}

extension CLI {
  /// The executable's whole life: runs the command with the wall-clock guard and writes its
  /// output. Returns the exit code. A broken pipe on stdout ends the output quietly (the reader
  /// has what it wanted, as with `| head`); any other write error is reported on stderr and the
  /// exit code is 1 (README, exit codes).
  public static func main(_ arguments: [String]) -> Int32 {
    StandardStream.reserveClosedDescriptors()
    // A reader that goes away must not kill the process with SIGPIPE: the write reports EPIPE.
    _ = signal(SIGPIPE, SIG_IGN)
    // The language server streams until its client says `exit`; `--time-limit` does not apply.
    var words = splitOptionValues(Array(arguments.dropFirst()))
    if words.first == "lsp", help(for: words) == nil, case .success(let options) = extractGlobalOptions(&words),
      words == ["lsp"]
    {
      return LanguageServerCommand.serve(input: 0, output: StandardStream.output, policy: options.policy)
    }
    // Standard input is read only when a program is named `-`.
    let input =
      arguments.dropFirst().contains(where: isStandardInput)
      ? StandardStream.read(0, limit: SyntaxLimits.maxSourceBytes) : []
    // A streaming command (`tournament --csv`) writes its report here itself; its
    // `result.stdout` is then empty, and a write error comes back in its stderr and exit code.
    let result = run(
      arguments, watchdog: true, standardInput: input, output: StreamedOutput(descriptor: StandardStream.output))
    var code = result.exitCode
    var stderr = result.stderr
    switch StandardStream.write(result.stdout, to: StandardStream.output) {
    case .written, .brokenPipe:
      break
    case .failed(let error):
      stderr += "bargain: error: cannot write the report to standard output: \(StandardStream.describe(error))\n"
      if code == ExitCode.success { code = ExitCode.programError }
    }
    // Nothing is left to report a failure of stderr to; the exit code still says what happened.
    _ = StandardStream.write(stderr, to: StandardStream.error)
    return code
  }
}
