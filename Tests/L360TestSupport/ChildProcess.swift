import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid`.
///
/// Tests use this instead of Foundation's `Process`: on Linux, `Process.waitUntilExit()` once never saw a
/// `tmux new-session` client exit (the client stayed a zombie and CI waited until its 90-minute limit).
/// Here the exit is read with a plain `waitpid` on the child's own pid, which cannot miss it.
public final class ChildProcess: @unchecked Sendable {
  /// How one of the child's standard streams is connected.
  public enum Stream: Sendable {
    /// `/dev/null`.
    case null
    /// A new pipe; the parent's end is in ``stdin``, ``stdout`` or ``stderr``.
    case pipe
  }

  /// The child's pid.
  public let pid: pid_t
  /// The write end of the child's stdin, when it is a pipe.
  public let stdin: FileHandle?
  /// The read end of the child's stdout, when it is a pipe.
  public let stdout: FileHandle?
  /// The read end of the child's stderr, when it is a pipe.
  public let stderr: FileHandle?

  private let lock = NSLock()
  private var status: Int32?

  /// Starts `executable` with `arguments` and exactly `environment`, in `directory` when given.
  public init(
    _ executable: String, _ arguments: [String], environment: [String: String], directory: String? = nil,
    stdin stdinMode: Stream = .pipe, stdout stdoutMode: Stream = .pipe, stderr stderrMode: Stream = .pipe
  ) throws {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var parentEnds: [FileHandle?] = []
    var childEnds: [Int32] = []
    for (target, mode) in [(Int32(0), stdinMode), (1, stdoutMode), (2, stderrMode)] {
      switch mode {
      case .null:
        posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
        parentEnds.append(nil)
      case .pipe:
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestSupportError("pipe failed: errno \(errno)") }
        // Close-on-exec, so no other child (a tmux server, a concurrent test's l360) holds our ends open.
        // (Glibc's pipe2 is not visible to Swift; the window before fcntl only matters to a concurrent spawn.)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let (childEnd, parentEnd) = target == 0 ? (fds[0], fds[1]) : (fds[1], fds[0])
        posix_spawn_file_actions_adddup2(&actions, childEnd, target)
        childEnds.append(childEnd)
        parentEnds.append(FileHandle(fileDescriptor: parentEnd, closeOnDealloc: true))
      }
    }
    // Only 0, 1 and 2 reach the child. Sockets NIO opens here (an in-process sandbox's listener) are not
    // close-on-exec: a child holding one kept a stopped sandbox's port bound, so it could not restart.
    let inherited = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap {
      Int32($0)
    }
    for fd in inherited where fd > 2 && !childEnds.contains(fd) { posix_spawn_file_actions_addclose(&actions, fd) }
    for fd in childEnds { posix_spawn_file_actions_addclose(&actions, fd) }
    // posix_spawn_file_actions_addchdir_np is not visible to Swift either: env -C changes directory, then execs.
    let (program, programArguments) =
      directory.map { ("/usr/bin/env", ["-C", $0, executable] + arguments) } ?? (executable, arguments)
    let argv = ([program] + programArguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in argv + envp { free(p) } }
    // A new session: the child has no controlling terminal, as in CI, even when the tests run from one (a prompt
    // that reads /dev/tty must not wait on the developer's keyboard).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(0x80))  // POSIX_SPAWN_SETSID (glibc)
    var child: pid_t = 0
    let result = posix_spawn(&child, program, &actions, &attributes, argv, envp)
    for fd in childEnds { close(fd) }
    guard result == 0 else { throw TestSupportError("cannot start \(executable): errno \(result)") }
    pid = child
    stdin = parentEnds[0]
    stdout = parentEnds[1]
    stderr = parentEnds[2]
  }

  /// Waits for the child to exit; returns its exit code, or 128 + the signal that ended it.
  @discardableResult
  public func wait() -> Int32 {
    if let status = lock.withLock({ status }) { return status }
    var raw: Int32 = 0
    while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
    return record(raw)
  }

  /// True until the child has exited (reaps it when it has).
  public var isRunning: Bool {
    if lock.withLock({ status }) != nil { return false }
    var raw: Int32 = 0
    let result = waitpid(pid, &raw, WNOHANG)
    if result == pid {
      record(raw)
      return false
    }
    return result == 0
  }

  /// The exit code once exited (see ``wait()``), nil while running.
  public var exitCode: Int32? { isRunning ? nil : lock.withLock { status } }

  /// Sends `signal` (SIGINT for Ctrl-C, SIGTERM, SIGKILL).
  public func send(_ signal: Int32) { if isRunning { kill(pid, signal) } }

  @discardableResult
  private func record(_ raw: Int32) -> Int32 {
    let signal = raw & 0x7f
    let code = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
    lock.withLock { status = code }
    return code
  }

  /// Reads `handle` to its end on a Dispatch thread (never on Swift's cooperative pool).
  public static func readToEnd(_ handle: FileHandle?) async -> String {
    guard let handle else { return "" }
    return await withCheckedContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(returning: String(decoding: handle.readDataToEndOfFile(), as: UTF8.self))
      }
    }
  }
}
