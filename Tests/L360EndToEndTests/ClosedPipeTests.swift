import Foundation
import L360TestSupport
import Testing

@Suite("Standard streams that misbehave: a closed output, a full disk, an endless input")
struct ClosedPipeTests {
  @Test(
    "l360 ... | true: no crash and no backtrace, ended by SIGPIPE",
    arguments: [
      ["-c", "integration list\nfor n in [1, 2, 3] { print \"line $n\" }\nprint 1"],
      ["--output", "json", "-c", "for n in [1, 2, 3] { print $n }\nintegration list"],
    ])
  func closedPipe(arguments: [String]) throws {
    let process = Process()
    process.executableURL = l360Executable
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    // The reader is gone before l360 writes its first line.
    try output.fileHandleForReading.close()
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationReason == .uncaughtSignal, "\(process.terminationStatus) \(stderr)")
    #expect(process.terminationStatus == SIGPIPE)
    #expect(!stderr.contains("Fatal error"), "\(stderr)")
    #expect(!stderr.contains("Broken pipe"), "\(stderr)")
  }

  @Test("standard output on a full disk: exit 1 with the reason, not a crash")
  func fullDisk() throws {
    let process = Process()
    process.executableURL = l360Executable
    process.arguments = ["-c", "print 1"]
    process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 1)
    #expect(stderr.contains("l360: cannot write to standard output: the disk is full"), "\(stderr)")
    #expect(!stderr.contains("Fatal error"), "\(stderr)")
  }

  @Test("endless standard input is refused after 16 MiB with exit 2, instead of growing without end")
  func endlessStandardInput() throws {
    let process = Process()
    process.executableURL = l360Executable
    process.standardInput = try #require(FileHandle(forReadingAtPath: "/dev/zero"))
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = Pipe()
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 2)
    #expect(stderr.contains("the script on standard input is larger than 16 MiB; nothing was run"), "\(stderr)")
  }
}
