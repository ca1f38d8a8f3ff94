import Foundation
import L360Client
import L360JSON
import OrderedCollections

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A job's per-item results, written to an unlinked temporary file as they arrive.
///
/// A million results (each echoing its input) cost counters in memory, not gigabytes. Reading `results` or `errors` brings them back.
///
/// Falls back to memory when no temporary file can be made.
final class ResultStore: @unchecked Sendable {
  private struct Span {
    var offset: Int
    var length: Int
  }

  private let lock = NSLock()
  private var fd: Int32 = -1
  private var end = 0
  private var memory: [UInt8] = []
  /// Spans of stored chunks, by chunk index.
  private var spans: [Int: Span] = [:]
  /// Spans of each failed result, in input order once sorted by position.
  private var failures: [(position: Int, span: Span)] = []
  private var okCount = 0
  private var failedCount = 0

  /// Results stored with status success.
  var succeeded: Int { lock.withLock { okCount } }
  /// Results stored with status error.
  var failed: Int { lock.withLock { failedCount } }

  init() {
    var template = Array((NSTemporaryDirectory() + "/l360-results-XXXXXX").utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    if descriptor >= 0 {
      // Unlinked at once: the file vanishes with the process, whatever way it ends.
      template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
      fd = descriptor
    }
  }

  deinit { if fd >= 0 { close(fd) } }

  /// Stores a chunk's results; `firstPosition` is the input position of its first item, `source` names an item.
  func store(chunk: Int, firstPosition: Int, results: [BulkItemResult], source: (Int) -> String?) {
    var bytes: [UInt8] = []
    var failedHere: [(Int, Int, Int)] = []  // position, offset in chunk, length
    var ok = 0
    for (j, result) in results.enumerated() {
      var json = result.json
      if let place = source(firstPosition + j) { json["source"] = .string(place) }
      let start = bytes.count
      JSONWriter.appendCompact(json, to: &bytes)
      bytes.append(0x0A)
      if result.succeeded { ok += 1 } else { failedHere.append((firstPosition + j, start, bytes.count - start)) }
    }
    lock.withLock {
      let offset = append(bytes)
      spans[chunk] = Span(offset: offset, length: bytes.count)
      for (position, start, length) in failedHere {
        failures.append((position, Span(offset: offset + start, length: length)))
      }
      okCount += ok
      failedCount += failedHere.count
    }
  }

  /// Every stored result, chunk by chunk in chunk order.
  func all(chunks: Int) -> [JSONValue] {
    lock.withLock {
      var out: [JSONValue] = []
      for chunk in 0..<chunks {
        guard let span = spans[chunk] else { continue }
        let bytes = read(span)
        var start = 0
        for i in bytes.indices where bytes[i] == 0x0A {
          if let value = try? JSONParser.parse(bytes: bytes[start..<i]) { out.append(value) }
          start = i + 1
        }
      }
      return out
    }
  }

  /// The failed results, in input order.
  func errors() -> [JSONValue] {
    lock.withLock {
      failures.sorted { $0.position < $1.position }.compactMap {
        try? JSONParser.parse(bytes: read($0.span).dropLast())
      }
    }
  }

  // Called with the lock held.
  private func append(_ bytes: [UInt8]) -> Int {
    let offset = end
    if bytes.isEmpty { return offset }
    if fd >= 0 {
      var written = 0
      while written < bytes.count {
        let n = bytes.withUnsafeBytes {
          pwrite(fd, $0.baseAddress! + written, bytes.count - written, off_t(offset + written))
        }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 {
          // The disk refused (full?): keep everything in memory from here on.
          memory = read(Span(offset: 0, length: offset))
          close(fd)
          fd = -1
          memory += bytes
          end = memory.count
          return offset
        }
        written += n
      }
    } else {
      memory += bytes
    }
    end += bytes.count
    return offset
  }

  // Called with the lock held.
  private func read(_ span: Span) -> [UInt8] {
    if fd < 0 { return Array(memory[span.offset..<span.offset + span.length]) }
    var bytes = [UInt8](repeating: 0, count: span.length)
    var done = 0
    while done < span.length {
      let n = bytes.withUnsafeMutableBytes {
        pread(fd, $0.baseAddress! + done, span.length - done, off_t(span.offset + done))
      }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      done += n
    }
    return bytes
  }
}
