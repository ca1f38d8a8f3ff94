import Foundation
import L360Shell
import L360TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A fresh folder for one test.
private func scratch() throws -> URL {
  let folder = try temporaryFolder("l360-safe")
  return folder
}

private func fileType(_ path: String) -> mode_t {
  var info = stat()
  return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
}

private func mode(_ path: String) -> mode_t {
  var info = stat()
  return stat(path, &info) == 0 ? info.st_mode & 0o7777 : 0
}

/// This process's umask, read without changing it (`umask(2)` would, for every thread).
private func currentUmask() -> mode_t {
  let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  let line = status.split(separator: "\n").first { $0.hasPrefix("Umask:") } ?? "Umask: 0022"
  return mode_t(
    line.split(separator: "\t").last.flatMap { UInt32($0.trimmingCharacters(in: .whitespaces), radix: 8) } ?? 0o022)
}

private func save(_ target: String, in folder: URL) async throws -> CLIResult {
  try await runL360(["-c", #"save {"a": 1} to "\#(target)""#], directory: folder)
}

@Suite("Files written safely: only regular files, modes kept, errors said")
struct SafeWriteTests {
  @Test("a FIFO, a device and a folder are refused and left as they were")
  func specialFilesRefused() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("pipe").path
    #expect(mkfifo(fifo, 0o600) == 0)
    let refused = try await save(fifo, in: folder)
    #expect(refused.exitCode == 1)
    #expect(
      refused.stderr.contains("it is a FIFO (named pipe), and l360 writes only regular files"), "\(refused.stderr)")
    #expect(fileType(fifo) == S_IFIFO)

    let subfolder = folder.appendingPathComponent("sub")
    try FileManager.default.createDirectory(at: subfolder, withIntermediateDirectories: true)
    let onFolder = try await save(subfolder.path, in: folder)
    #expect(onFolder.exitCode == 1)
    #expect(onFolder.stderr.contains("it is a folder"))

    if geteuid() == 0 {
      // A device node of our own (the same as /dev/full), so nothing outside the folder is at risk.
      let device = folder.appendingPathComponent("full").path
      #expect(mknod(device, S_IFCHR | 0o666, dev_t(1 << 8 | 7)) == 0)
      let onDevice = try await save(device, in: folder)
      #expect(onDevice.exitCode == 1)
      #expect(onDevice.stderr.contains("it is a device"), "\(onDevice.stderr)")
      #expect(fileType(device) == S_IFCHR)
    }
  }

  @Test("a symbolic link is followed and stays a link; a dangling one is refused")
  func links() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let real = folder.appendingPathComponent("real.json").path
    try "old".write(toFile: real, atomically: true, encoding: .utf8)
    let link = folder.appendingPathComponent("link.json").path
    #expect(symlink(real, link) == 0)
    let saved = try await save(link, in: folder)
    #expect(saved.exitCode == 0, "\(saved.stderr)")
    #expect(fileType(link) == S_IFLNK)
    #expect(try String(contentsOfFile: real, encoding: .utf8).contains(#""a": 1"#))

    let dangling = folder.appendingPathComponent("dangling.json").path
    #expect(symlink(folder.appendingPathComponent("nowhere.json").path, dangling) == 0)
    let refused = try await save(dangling, in: folder)
    #expect(refused.exitCode == 1)
    #expect(refused.stderr.contains("a symbolic link to a file that does not exist"))
    #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("nowhere.json").path))
  }

  @Test("an existing file keeps its mode, a new one follows the umask, a read-only one is not overwritten")
  func modes() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let secret = folder.appendingPathComponent("private.json").path
    #expect(
      FileManager.default.createFile(atPath: secret, contents: Data("x".utf8), attributes: [.posixPermissions: 0o600]))
    #expect(try await save(secret, in: folder).exitCode == 0)
    #expect(mode(secret) == 0o600)

    let fresh = folder.appendingPathComponent("new.json").path
    #expect(try await save(fresh, in: folder).exitCode == 0)
    #expect(mode(fresh) == 0o666 & ~currentUmask())

    let readOnly = folder.appendingPathComponent("readonly.json").path
    #expect(
      FileManager.default.createFile(
        atPath: readOnly, contents: Data("keep".utf8), attributes: [.posixPermissions: 0o444]))
    let refused = try await save(readOnly, in: folder)
    #expect(refused.exitCode == 1)
    #expect(refused.stderr.contains("it is read-only (mode 444)"), "\(refused.stderr)")
    #expect(try String(contentsOfFile: readOnly, encoding: .utf8) == "keep")
  }

  @Test(
    "a full disk is said as such, and the file it would have replaced is intact",
    .enabled(if: geteuid() == 0, "mounting a small tmpfs needs root"))
  func fullDisk() async throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let disk = folder.appendingPathComponent("disk")
    try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
    #expect(mount("tmpfs", disk.path, "tmpfs", 0, "size=16k") == 0)
    defer { umount(disk.path) }
    let target = disk.appendingPathComponent("out.json").path
    try "before".write(toFile: target, atomically: false, encoding: .utf8)
    let big = String(repeating: "x", count: 64 * 1024)
    let result = try await runL360(["-c", #"save "\#(big)" to "\#(target)""#], directory: folder)
    #expect(result.exitCode == 1)
    #expect(result.stderr.contains("the disk is full; nothing was saved"), "\(result.stderr)")
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "before")
    #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["out.json"], "no temporary left")
  }

  @Test("the history is kept only in a regular file: a FIFO is said and skipped, a link is written through")
  func history() throws {
    let folder = try scratch()
    defer { try? FileManager.default.removeItem(at: folder) }
    let fifo = folder.appendingPathComponent("history").path
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(HistoryStore(path: fifo).prepare()?.contains("it is a FIFO") == true)

    let real = folder.appendingPathComponent("real-history").path
    let link = folder.appendingPathComponent("linked-history").path
    #expect(symlink(real, link) == 0)
    try "".write(toFile: real, atomically: true, encoding: .utf8)
    let store = HistoryStore(path: link)
    #expect(store.prepare() == nil)
    try store.save { path in try? "_HiStOrY_V2_\nprint\\0401\n".write(toFile: path, atomically: false, encoding: .utf8)
    }
    #expect(fileType(link) == S_IFLNK)
    #expect(mode(real) == 0o600)
    #expect(store.entries() == ["print 1"])
  }
}
