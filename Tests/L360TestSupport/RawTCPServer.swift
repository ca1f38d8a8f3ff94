import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A TCP server on loopback that misbehaves on purpose: it holds every connection without answering (a stuck
/// server), or writes fixed bytes and closes (a port that does not speak what the client expects).
public final class RawTCPServer: @unchecked Sendable {
  /// What it does with each connection.
  public enum Behaviour: Sendable {
    /// Accepts, reads, and never answers.
    case silent
    /// Reads the first bytes, answers `bytes`, and closes.
    case reply([UInt8])
  }

  /// The port it listens on.
  public let port: Int
  private let listener: Int32
  private let lock = NSLock()
  private var held: [Int32] = []
  private var stopped = false

  /// Starts listening on 127.0.0.1 at a free port.
  public init(_ behaviour: Behaviour) throws {
    let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard listener >= 0 else { throw TestSupportError("socket: errno \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(listener, 16) == 0 else { throw TestSupportError("bind/listen: errno \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
    }
    self.listener = listener
    port = Int(UInt16(bigEndian: address.sin_port))
    let thread = Thread { [self] in serve(behaviour) }
    thread.start()
  }

  private func serve(_ behaviour: Behaviour) {
    while true {
      let connection = accept(listener, nil, nil)
      guard connection >= 0 else { return }  // closed by stop()
      var buffer = [UInt8](repeating: 0, count: 4096)
      _ = read(connection, &buffer, buffer.count)
      switch behaviour {
      case .silent:
        lock.withLock { held.append(connection) }
      case .reply(let bytes):
        _ = bytes.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
        close(connection)
      }
    }
  }

  /// Closes the listener and every held connection.
  public func stop() {
    let connections = lock.withLock {
      defer { held = [] }
      stopped = true
      return held
    }
    shutdown(listener, Int32(SHUT_RDWR))
    close(listener)
    for connection in connections { close(connection) }
  }

  deinit { if !lock.withLock({ stopped }) { stop() } }
}
