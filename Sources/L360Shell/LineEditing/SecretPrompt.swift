import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Asks for a secret on the terminal without echoing it, the way `ssh` and `sudo` ask for passwords.
///
/// Reads from `/dev/tty`, so it works even when stdin carries a script; nil when there is no terminal, or the user
/// pressed Ctrl-C or Ctrl-D.
public enum SecretPrompt {
  /// True when a terminal is there to ask on.
  public static var isAvailable: Bool {
    let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
    guard fd >= 0 else { return false }
    close(fd)
    return true
  }

  /// Shows `prompt`, reads one line with echo off, and restores the terminal whatever happens.
  public static func read(_ prompt: String) -> String? {
    let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var saved = termios()
    guard tcgetattr(fd, &saved) == 0 else { return nil }
    var quiet = saved
    // No echo; Ctrl-C arrives as a byte (ISIG off) so the terminal is restored before l360 stops.
    quiet.c_lflag &= ~tcflag_t(ECHO | ISIG)
    quiet.c_lflag |= tcflag_t(ICANON)
    guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { return nil }
    defer {
      _ = tcsetattr(fd, TCSAFLUSH, &saved)
      _ = write(fd, "\n", 1)
    }
    _ = prompt.withCString { write(fd, $0, strlen($0)) }
    var line: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      let n = Glibc.read(fd, &byte, 1)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { return nil }  // end of input, or an error
      if byte == 0x0A || byte == 0x0D { break }
      if byte == 0x03 || byte == 0x04 { return nil }  // Ctrl-C, Ctrl-D
      line.append(byte)
    }
    return String(decoding: line, as: UTF8.self)
  }
}
