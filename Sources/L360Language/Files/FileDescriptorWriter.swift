import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes all of a buffer to a file descriptor, so a short write is continued and a failure carries its own errno
/// (a stale one once named a full disk "Transport endpoint is not connected").
enum FileDescriptorWriter {
  /// A write failed with `code`.
  struct Failure: Error {
    let code: Int32
  }

  static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(Failure) {
    var written = 0
    while written < bytes.count {
      let result = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
      if result < 0 {
        if errno == EINTR { continue }
        throw Failure(code: errno)
      }
      // write(2) returning 0 for a non-empty buffer means no progress can be made: call it a full disk.
      guard result > 0 else { throw Failure(code: ENOSPC) }
      written += result
    }
  }
}
