// Paths and file reading for programs, with our own lexical path operations (Foundation's
// NSString path methods trap on some inputs, such as a one-character path) and POSIX calls that
// check what a file is before reading it (Grammar/semantics.md, rule 1a).

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

enum ProgramPath {
  /// The only names a program file may have: anything else is refused before it is read.
  static let extensions = [".bargain", ".bp"]

  static let slash = UInt8(ascii: "/")

  /// Everything before the last `/`: "" for a bare name, "/" for a name in the root.
  static func directory(of path: String) -> String {
    let bytes = Array(path.utf8)
    guard let last = bytes.lastIndex(of: slash) else { return "" }
    return last == 0 ? "/" : String(decoding: bytes[..<last], as: UTF8.self)
  }

  /// Everything after the last `/` (empty when the path ends in `/`).
  static func lastComponent(of path: String) -> String {
    let bytes = Array(path.utf8)
    guard let last = bytes.lastIndex(of: slash) else { return path }
    return String(decoding: bytes[(last + 1)...], as: UTF8.self)
  }

  /// `relative` read from `directory`: absolute paths stay as they are.
  static func join(_ directory: String, _ relative: String) -> String {
    if relative.utf8.first == slash || directory.isEmpty { return relative }
    return directory.utf8.last == slash ? directory + relative : directory + "/" + relative
  }

  static func hasProgramExtension(_ path: String) -> Bool {
    let name = lastComponent(of: path)
    return extensions.contains { name.hasSuffix($0) }
  }

  /// The absolute path with every symlink, `.` and `..` resolved (realpath(3)), or its errno.
  static func resolve(_ path: String) -> Result<String, SystemError> {
    guard !path.utf8.contains(0) else { return .failure(SystemError(code: ENOENT)) }
    guard let resolved = realpath(path, nil) else { return .failure(SystemError(code: errno)) }
    defer { free(resolved) }
    return .success(String(cString: resolved))
  }

  /// Whether the resolved `path` lies inside the resolved directory `root`.
  static func isInside(_ path: String, root: String) -> Bool {
    let prefix = root.utf8.last == slash ? root : root + "/"
    return path.hasPrefix(prefix) && path.utf8.count > prefix.utf8.count
  }
}

/// An errno value.
struct SystemError: Error, Equatable {
  var code: Int32
}

/// Why a program file could not be read.
enum FileProblem: Error, Equatable {
  case notFound
  case notRegular(kind: String)
  case tooLarge(bytes: Int)
  case unreadable(reason: String)
}

enum ProgramFileReader {
  /// The bytes of the regular file at `path` (already resolved, so no component is a symlink),
  /// at most `limit` of them.
  static func read(_ path: String, limit: Int) -> Result<[UInt8], FileProblem> {
    let descriptor: Int32
    switch openResolved(path, limit: limit) {
    case .success(let opened): descriptor = opened
    case .failure(let problem): return .failure(problem)
    }
    defer { _ = close(descriptor) }
    // The file may have been replaced between the look and the open: check what was opened.
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return .failure(problem(errno)) }
    if let kind = irregularKind(info) { return .failure(.notRegular(kind: kind)) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65_536)
    while bytes.count <= limit {
      let count = chunk.withUnsafeMutableBytes { buffer -> Int in
        guard let base = buffer.baseAddress else { return 0 }
        #if canImport(Glibc)
          return Glibc.read(descriptor, base, buffer.count)
        #else
          return Darwin.read(descriptor, base, buffer.count)
        #endif
      }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(problem(errno))
      }
      if count == 0 { break }
      bytes += chunk[..<count]
    }
    // A file that grew after the look: still only a bounded read.
    guard bytes.count <= limit else { return .failure(.tooLarge(bytes: bytes.count)) }
    return .success(bytes)
  }

  /// Opens the absolute, resolved `path` one component at a time from `/`, none of them followed
  /// if it is a symlink (O_NOFOLLOW on each): a directory swapped for a symlink after `realpath`
  /// (and after the `--confine` check) cannot lead the read anywhere else, so the file opened is
  /// the one at the checked path (rule 1a). The last component is looked at before it is
  /// opened: opening a device can have effects, opening a FIFO can block.
  static func openResolved(_ path: String, limit: Int) -> Result<Int32, FileProblem> {
    let components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    guard path.utf8.first == ProgramPath.slash, let name = components.last else { return .failure(.notFound) }
    // Each directory on the path must be readable, not only searchable (Glibc does not export
    // O_PATH to Swift).
    let walk = O_RDONLY | O_DIRECTORY | O_CLOEXEC
    var directory = open("/", walk)
    guard directory >= 0 else { return .failure(problem(errno)) }
    defer { _ = close(directory) }
    for component in components.dropLast() {
      let next = openat(directory, component, walk | O_NOFOLLOW)
      guard next >= 0 else { return .failure(walkProblem(errno)) }
      _ = close(directory)
      directory = next
    }
    var info = stat()
    guard fstatat(directory, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return .failure(problem(errno)) }
    if let kind = irregularKind(info) { return .failure(.notRegular(kind: kind)) }
    guard Int(info.st_size) <= limit else {
      return .failure(.tooLarge(bytes: Int(info.st_size)))
    }
    let descriptor = openat(directory, name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW)
    guard descriptor >= 0 else {
      return .failure(errno == ELOOP ? .notRegular(kind: "a symbolic link") : problem(errno))
    }
    return .success(descriptor)
  }

  /// A directory of the resolved path that is no longer one (now a symlink, which O_NOFOLLOW
  /// refuses with ELOOP or, with O_DIRECTORY, ENOTDIR; or a file) changed after `realpath`.
  static func walkProblem(_ code: Int32) -> FileProblem {
    code == ELOOP || code == ENOTDIR
      ? .unreadable(reason: "its path changed after it was resolved (a directory on it is no longer one)")
      : problem(code)
  }

  static func irregularKind(_ info: stat) -> String? {
    switch info.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "a directory"
    case S_IFIFO: return "a FIFO"
    case S_IFCHR: return "a character device"
    case S_IFBLK: return "a block device"
    case S_IFSOCK: return "a socket"
    case S_IFLNK: return "a symbolic link"
    default: return "a special file"
    }
  }

  static func problem(_ code: Int32) -> FileProblem {
    switch code {
    case ENOENT, ENOTDIR: return .notFound
    default: return .unreadable(reason: StandardStream.describe(code))
    }
  }
}
