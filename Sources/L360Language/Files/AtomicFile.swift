import Foundation

/// Writes a file whole or not at all: a temporary file beside it, flushed, renamed over the target, and the
/// folder flushed, so a crash or a full disk never leaves half a file.
enum AtomicFile {
  static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
    guard descriptor >= 0 else { throw WriteError(path: path, code: errno) }
    func fail(_ code: Int32) -> WriteError {
      close(descriptor)
      unlink(temporary)
      return WriteError(path: path, code: code)
    }
    do throws(FileDescriptorWriter.Failure) { try FileDescriptorWriter.writeAll(bytes, to: descriptor) } catch {
      throw fail(error.code)
    }
    guard fsync(descriptor) == 0 else { throw fail(errno) }
    close(descriptor)
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw WriteError(path: path, code: code)
    }
    syncDirectory(folder.isEmpty ? "." : folder)
  }

  /// Makes a new or renamed file's name durable: the folder's entry is flushed too.
  static func syncDirectory(_ directory: String) {
    let descriptor = open(directory, O_RDONLY | O_CLOEXEC)
    if descriptor >= 0 {
      _ = fsync(descriptor)
      close(descriptor)
    }
  }
}

/// A file could not be written; says why in words (a full disk is named as such).
struct WriteError: Error, CustomStringConvertible {
  let path: String
  let code: Int32

  var description: String {
    let reason = code == ENOSPC ? "the disk is full" : String(cString: strerror(code))
    return "cannot write \(path): \(reason)"
  }
}
