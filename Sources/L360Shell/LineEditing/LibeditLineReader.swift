import CLineEdit
import Dispatch
import Foundation
import L360Language
import Synchronization

/// The terminal line reader: libedit through its readline-compatible API, via the CLineEdit shim.
///
/// libedit blocks in `poll`, so reads run on one dedicated thread, never on Swift's cooperative
/// pool (two threads on a 2-core machine). Ctrl-C is a self-pipe the read loop watches.
public final class LibeditLineReader: LineReader, @unchecked Sendable {
  private let queue = DispatchQueue(label: "l360.line-editor")
  private let history: HistoryStore?
  /// Why the history file is not kept this session (it is a FIFO, read-only...), for the prompt to say once.
  public let historyProblem: String?
  private let lastRemembered = Mutex<String?>(nil)

  /// Sets up libedit (call only when stdin is a terminal) with completion from `context`.
  public init(history: HistoryStore?, context: @escaping @Sendable () -> CompletionContext) {
    let problem = history?.prepare()
    self.history = problem == nil ? history : nil
    self.historyProblem = problem
    // Without a UTF-8 locale libedit drops non-ASCII input.
    if setlocale(LC_CTYPE, "") == nil || !String(cString: nl_langinfo(nl_item(CODESET))).uppercased().contains("UTF") {
      setlocale(LC_CTYPE, "C.UTF-8")
    }
    CompletionBridge.context.withLock { $0 = context }
    clineedit_setup("l360", CompletionBridge.callback)
    _ = clineedit_install_sigint()
    clineedit_stifle_history(1000)
    if let history {
      _ = clineedit_read_history(history.path)
      lastRemembered.withLock { $0 = history.entries().last }
    }
  }

  public func read(prompt: String) async -> LineInput {
    await withCheckedContinuation { continuation in
      queue.async {
        var line: UnsafeMutablePointer<CChar>?
        let result = clineedit_read(prompt, &line)
        switch result {
        case 0:
          let text = line.map { String(cString: $0) } ?? ""
          free(line)
          continuation.resume(returning: .line(text))
        case 1: continuation.resume(returning: .interrupted)
        default: continuation.resume(returning: .endOfInput)
        }
      }
    }
  }

  public func remember(_ line: String) {
    let previous = lastRemembered.withLock { $0 }
    guard HistoryStore.shouldRemember(line, previous: previous) else { return }
    lastRemembered.withLock { $0 = line }
    queue.sync {
      clineedit_add_history(line)
      if let history {
        // Written after every line, so a crash loses nothing; whole, as a regular file of mode 0600.
        try? history.save { _ = clineedit_write_history($0) }
      }
    }
  }

  public func takeInterrupt() -> Bool { clineedit_take_interrupt() != 0 }

  public func forget(containing secret: String) {
    guard !secret.isEmpty else { return }
    queue.sync {
      guard let history else { return }
      let entries = history.entries()
      guard entries.contains(where: { $0.contains(secret) }) else { return }
      clineedit_clear_history()
      for entry in entries where !entry.contains(secret) { clineedit_add_history(entry) }
      try? history.save { _ = clineedit_write_history($0) }
    }
  }
}

/// Connects libedit's C completion hook to ``Completer``.
enum CompletionBridge {
  static let context = Mutex<(@Sendable () -> CompletionContext)?>(nil)

  static let callback: clineedit_candidates_fn = { line, cursor, _ in
    let text = line.map { String(cString: $0) } ?? ""
    guard let makeContext = context.withLock({ $0 }) else { return nil }
    let candidates = Completer.candidates(line: text, cursor: Int(cursor), context: makeContext())
    guard !candidates.isEmpty else { return nil }
    let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: candidates.count + 1)
    for (i, candidate) in candidates.enumerated() { array[i] = strdup(candidate) }
    array[candidates.count] = nil
    return array
  }
}
