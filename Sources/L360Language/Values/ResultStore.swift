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

  /// A stored chunk: where its results array is, the input position of its first item, and which of its results
  /// failed.
  private struct StoredChunk {
    var span: Span
    var firstPosition: Int
    var itemCount: Int
    var failed: [Int]
  }

  private let lock = NSLock()
  private var fd: Int32 = -1
  private var end = 0
  private var memory: [UInt8] = []
  private var chunks: [Int: StoredChunk] = [:]
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

  /// Stores a chunk's results as the response body received (a JSON array).
  ///
  /// They are counted from `succeeded`; `firstPosition` is the input position of the chunk's first item.
  func store(
    chunk: Int, firstPosition: Int, itemCount: Int, succeeded answered: [Bool], body received: [UInt8],
    unprocessed: [JSONValue] = []
  ) {
    var body = received
    var succeeded = answered
    if !unprocessed.isEmpty {
      // The results the API gave, then one failure per item it never processed.
      while let last = body.last, last != UInt8(ascii: "]") { body.removeLast() }
      if !body.isEmpty { body.removeLast() }
      if body.isEmpty { body = [UInt8(ascii: "[")] }
      for item in unprocessed {
        if body.count > 1 { body.append(UInt8(ascii: ",")) }
        JSONWriter.appendCompact(item, to: &body)
      }
      body.append(UInt8(ascii: "]"))
      succeeded += Array(repeating: false, count: unprocessed.count)
    }
    let failedHere = succeeded.indices.filter { !succeeded[$0] }
    lock.withLock {
      let offset = append(body)
      chunks[chunk] = StoredChunk(
        span: Span(offset: offset, length: body.count), firstPosition: firstPosition, itemCount: itemCount,
        failed: failedHere)
      okCount += succeeded.count - failedHere.count
      failedCount += failedHere.count
    }
  }

  /// Every stored result in chunk order, each with `source` when `source(position)` names one.
  func all(chunks count: Int, source: (Int) -> String?) -> [JSONValue] {
    var out: [JSONValue] = []
    for chunk in 0..<count {
      guard let (stored, results) = read(chunk) else { continue }
      for (j, result) in results.enumerated() {
        out.append(j < stored.itemCount ? located(result, stored.firstPosition + j, source) : result)
      }
    }
    return out
  }

  /// The failed results, in input order, each with `source`; the first `limit` only, when given (chunks after them
  /// are not read).
  func errors(chunks count: Int, limit: Int = .max, source: (Int) -> String?) -> [JSONValue] {
    var out: [JSONValue] = []
    for chunk in 0..<count where out.count < limit {
      guard lock.withLock({ chunks[chunk]?.failed.isEmpty == false }), let (stored, results) = read(chunk) else {
        continue
      }
      for j in stored.failed where j < results.count && out.count < limit {
        out.append(j < stored.itemCount ? located(results[j], stored.firstPosition + j, source) : results[j])
      }
    }
    return out
  }

  private func located(_ result: JSONValue, _ position: Int, _ source: (Int) -> String?) -> JSONValue {
    guard let place = source(position) else { return result }
    var json = result
    json["source"] = .string(place)
    return json
  }

  private func read(_ chunk: Int) -> (StoredChunk, [JSONValue])? {
    lock.withLock {
      guard let stored = chunks[chunk] else { return nil }
      let results = (try? JSONParser.parse(bytes: read(stored.span)))?.arrayValue ?? []
      return (stored, results)
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
