import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Runs the built `l360` executable as a user would and captures what it printed.
public struct CLIResult: Sendable {
  /// Standard output.
  public let stdout: String
  /// Standard error.
  public let stderr: String
  /// The exit status.
  public let exitCode: Int32
}

/// The folder holding the built products (`.build/debug`), where `l360` is.
public var productsDirectory: URL {
  Bundle.main.bundleURL
}

/// The `l360` executable next to the test bundle.
public var l360Executable: URL { productsDirectory.appendingPathComponent("l360") }

/// Runs `l360 ARGS` with an optional stdin and environment, waiting up to `timeout` seconds.
///
/// The wait happens on a Dispatch thread, not on Swift's cooperative pool: a test may serve the
/// subprocess from an in-process sandbox, which needs the pool's threads (two on a 2-core machine).
public func runL360(
  _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], directory: URL? = nil,
  timeout: TimeInterval = 60
) async throws -> CLIResult {
  try await withCheckedThrowingContinuation { continuation in
    DispatchQueue.global().async {
      continuation.resume(
        with: Result {
          try runL360Blocking(arguments, stdin: stdin, environment: environment, directory: directory, timeout: timeout)
        })
    }
  }
}

func runL360Blocking(
  _ arguments: [String], stdin: String?, environment: [String: String], directory: URL?, timeout: TimeInterval
) throws -> CLIResult {
  var env = ProcessInfo.processInfo.environment
  for key in env.keys where key.hasPrefix("L360_") { env[key] = nil }
  // Journals go to a fresh folder, never into the package or the examples; a test that wants the default place
  // (beside the script) passes L360_JOURNAL_DIR="" itself.
  env["L360_JOURNAL_DIR"] =
    FileManager.default.temporaryDirectory.appendingPathComponent("l360-journal-\(UUID().uuidString)").path
  for (key, value) in environment { env[key] = value }
  let process = try ChildProcess(l360Executable.path, arguments, environment: env, directory: directory?.path)
  if let stdin { process.stdin?.write(Data(stdin.utf8)) }
  try? process.stdin?.close()
  // Read both pipes concurrently so a chatty process cannot fill one and block.
  let outData = LockedData()
  let errData = LockedData()
  let group = DispatchGroup()
  for (handle, sink) in [(process.stdout, outData), (process.stderr, errData)] {
    group.enter()
    DispatchQueue.global().async {
      sink.set(handle?.readDataToEndOfFile() ?? Data())
      group.leave()
    }
  }
  if group.wait(timeout: .now() + timeout) == .timedOut {
    process.send(SIGKILL)
    process.wait()
    throw TestSupportError("l360 \(arguments.joined(separator: " ")) did not finish within \(Int(timeout))s")
  }
  let status = process.wait()
  return CLIResult(
    stdout: String(decoding: outData.get(), as: UTF8.self), stderr: String(decoding: errData.get(), as: UTF8.self),
    exitCode: status)
}

final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data = Data()
  func set(_ value: Data) { lock.withLock { data = value } }
  func get() -> Data { lock.withLock { data } }
}

/// The package's root folder (where Package.swift is).
public var packageRoot: URL {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
