import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes a file whole or not at all, and only where a careful Unix tool would: a temporary file beside it, flushed,
/// renamed over the target, and the folder flushed, so a crash or a full disk never leaves half a file.
///
/// Only regular files are written. A symbolic link is followed (the link stays, its target is replaced); a device,
/// FIFO, socket or folder is refused, as is a file without write permission, even for root. An existing file keeps
/// its mode (and, for root, its owner); a new one gets 0666 or 0600 less the umask.
public enum AtomicFile {
  /// Who may read a new file.
  public enum Privacy: Sendable {
    /// 0666 less the umask: files the user made (`save`, a saved script).
    case shared
    /// 0600: files that may hold ids or history (sync states, the history).
    case owner

    var mode: mode_t { self == .shared ? 0o666 : 0o600 }
  }

  /// Where a write to a path lands, once links are followed and the kind of file is checked.
  public struct Target: Sendable {
    /// The path written (a link's target).
    public let path: String
    /// The existing file's mode, owner and group; nil for a new file.
    let existing: (mode: mode_t, owner: uid_t, group: gid_t)?
  }

  /// Checks that `path` may be written, following a symbolic link; throws a ``WriteError`` that says why not.
  public static func target(_ path: String) throws(WriteError) -> Target {
    var info = stat()
    guard lstat(path, &info) == 0 else {
      guard errno == ENOENT else { throw WriteError(path: path, code: errno) }
      return Target(path: path, existing: nil)
    }
    var resolved = path
    if info.st_mode & S_IFMT == S_IFLNK {
      guard let real = realpath(path, nil) else {
        throw WriteError(path: path, refusal: "it is a symbolic link to a file that does not exist")
      }
      resolved = String(cString: real)
      free(real)
      guard lstat(resolved, &info) == 0 else { throw WriteError(path: path, code: errno) }
    }
    let kinds: [mode_t: String] = [
      S_IFDIR: "a folder", S_IFCHR: "a device", S_IFBLK: "a device", S_IFIFO: "a FIFO (named pipe)",
      S_IFSOCK: "a socket",
    ]
    if let kind = kinds[info.st_mode & S_IFMT] {
      throw WriteError(path: path, refusal: "it is \(kind), and l360 writes only regular files")
    }
    let mode = info.st_mode & 0o7777
    guard mode & 0o222 != 0 else {
      throw WriteError(
        path: path, refusal: "it is read-only (mode \(String(mode, radix: 8))); make it writable or choose another file"
      )
    }
    return Target(path: resolved, existing: (mode, info.st_uid, info.st_gid))
  }

  /// Replaces the file at `path` with `bytes`, atomically, under the rules above. A missing folder is made only
  /// with `createFolder` (l360's own folders); for a file the user named, it is a mistake to report.
  public static func write(_ bytes: [UInt8], to path: String, privacy: Privacy = .owner, createFolder: Bool = false)
    throws(WriteError)
  {
    let target = try target(path)
    let folder = (target.path as NSString).deletingLastPathComponent
    var isFolder: ObjCBool = false
    if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) {
      guard createFolder else { throw WriteError(path: path, refusal: "the folder \(folder) does not exist") }
      do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
        throw WriteError(path: path, refusal: "its folder cannot be created (\(error.localizedDescription))")
      }
    } else if !folder.isEmpty, !isFolder.boolValue {
      throw WriteError(path: path, refusal: "\(folder) is not a folder")
    }
    let name = (target.path as NSString).lastPathComponent
    let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).l360-\(getpid())"
    unlink(temporary)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, privacy.mode)
    guard descriptor >= 0 else { throw WriteError(path: path, code: errno) }
    func fail(_ code: Int32) -> WriteError {
      close(descriptor)
      unlink(temporary)
      return WriteError(path: path, code: code)
    }
    if let existing = target.existing {
      // The replacement is a new inode: give it what the old file had.
      guard fchmod(descriptor, existing.mode) == 0 else { throw fail(errno) }
      if geteuid() == 0 { _ = fchown(descriptor, existing.owner, existing.group) }
    }
    do throws(FileDescriptorWriter.Failure) { try FileDescriptorWriter.writeAll(bytes, to: descriptor) } catch {
      throw fail(error.code)
    }
    guard fsync(descriptor) == 0 else { throw fail(errno) }
    close(descriptor)
    guard rename(temporary, target.path) == 0 else {
      let code = errno
      unlink(temporary)
      throw WriteError(path: path, code: code)
    }
    syncDirectory(folder.isEmpty ? "." : folder)
  }

  /// Opens `path` to write from the start (a file filled as items come, such as `--skip-invalid`), under the same
  /// rules; returns the descriptor.
  public static func openForWriting(_ path: String, privacy: Privacy = .shared) throws(WriteError) -> Int32 {
    let target = try target(path)
    let descriptor = open(target.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, privacy.mode)
    guard descriptor >= 0 else { throw WriteError(path: path, code: errno) }
    return descriptor
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

/// A file could not be written, or l360 refused to write it; says why in words (a full disk is named as such).
public struct WriteError: Error, CustomStringConvertible, Sendable {
  /// The file as it was named.
  public let path: String
  /// The system's error number, when the system refused.
  public let code: Int32
  private let refusal: String?

  init(path: String, code: Int32) {
    self.path = path
    self.code = code
    self.refusal = nil
  }

  init(path: String, refusal: String) {
    self.path = path
    self.code = 0
    self.refusal = refusal
  }

  /// The reason alone ("the disk is full", "it is a device, and l360 writes only regular files").
  public var reason: String {
    if let refusal { return refusal }
    return code == ENOSPC ? "the disk is full" : String(cString: strerror(code))
  }

  public var description: String { "cannot write \(path): \(reason)" }
}
