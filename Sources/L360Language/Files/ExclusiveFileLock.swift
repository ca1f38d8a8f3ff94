import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive lock on a lock file, held by one process for as long as this value lives, so two runs never write
/// the same journal at once.
///
/// `flock(2)` on `PATH`: the kernel drops it when the process ends, even after kill -9, so a stale lock never
/// blocks the next run. The holder writes its process id into the file for the message the next one prints. Within
/// one process the lock is shared (the prompt may resume a journal its earlier statement still holds).
final class ExclusiveFileLock: Sendable {
  /// The lock file.
  let path: String
  private let descriptor: Int32

  private static let held = Mutex<[String: Weak]>([:])
  private struct Weak { weak var lock: ExclusiveFileLock? }

  /// Another process holds the lock.
  struct Busy: Error {
    /// The process id written by the holder, when it could be read.
    let holder: Int32?
  }

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit {
    // Closed under the registry's lock: an acquire in between would meet our own flock and blame this process.
    Self.held.withLock { held in
      if held[path]?.lock == nil { held[path] = nil }
      close(descriptor)
    }
  }

  /// Takes the lock at `path` without waiting; throws ``Busy`` when another process holds it, or the open error.
  static func acquire(_ path: String) throws -> ExclusiveFileLock {
    try held.withLock { held in
      if let mine = held[path]?.lock { return mine }
      let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
      guard descriptor >= 0 else { throw WriteError(path: path, code: errno) }
      guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
        let code = errno
        defer { close(descriptor) }
        guard code == EWOULDBLOCK else { throw WriteError(path: path, code: code) }
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
        throw Busy(holder: Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)))
      }
      let pid = Array("\(getpid())\n".utf8)
      _ = ftruncate(descriptor, 0)
      _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
      let lock = ExclusiveFileLock(path: path, descriptor: descriptor)
      held[path] = Weak(lock: lock)
      return lock
    }
  }
}
