import Foundation
import L360Client

/// Writes to standard output and standard error unbuffered, and ends l360 the way any Unix tool ends when the
/// reader of its output has gone (`l360 ... | head`): by SIGPIPE, quietly, instead of a crash and a backtrace.
///
/// Foundation's `FileHandle.write(_:)` traps on EPIPE; every line l360 prints goes through here instead.
public enum StandardStreams {
  /// Writes `text` to standard output.
  public static func output(_ text: String) { write(text, to: STDOUT_FILENO) }

  /// Writes `text` to standard error.
  public static func error(_ text: String) { write(text, to: STDERR_FILENO) }

  static func write(_ text: String, to descriptor: Int32) {
    // Whatever l360 prints (a value, an error and its source line, --output json) shows no known secret.
    var bytes = Array(KnownSecrets.masked(text).utf8)
    var written = 0
    while written < bytes.count {
      let result = bytes.withUnsafeMutableBytes { buffer in
        Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
      }
      if result >= 0 {
        written += result
        continue
      }
      switch errno {
      case EINTR, EAGAIN: continue
      case EPIPE:
        // The reader closed the pipe: die of SIGPIPE, as `yes | head` does (exit status 141 in a shell).
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(141)
      default:
        // A full disk or a broken descriptor. Output that cannot be written must not pass for success; an error
        // message that cannot be written has nowhere else to go.
        guard descriptor == STDOUT_FILENO else { return }
        let reason = errno == ENOSPC ? "the disk is full" : String(cString: strerror(errno))
        write("l360: cannot write to standard output: \(reason)\n", to: STDERR_FILENO)
        exit(1)
      }
    }
  }
}
