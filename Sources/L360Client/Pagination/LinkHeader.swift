public import Foundation

/// Reads the `Link` header the API uses for pagination: `<URL>; rel="next"`.
public enum LinkHeader {
  /// The target of the `rel="next"` link, resolved against `base` when relative; nil when there is none.
  public static func next(in header: String?, relativeTo base: URL) -> URL? {
    guard let header else { return nil }
    for part in splitLinks(header) {
      let pieces = part.split(separator: ";", omittingEmptySubsequences: false)
      guard let target = pieces.first?.trimmingCharacters(in: .whitespaces),
        target.hasPrefix("<"), target.hasSuffix(">")
      else { continue }
      let isNext = pieces.dropFirst().contains { param in
        let kv = param.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        guard kv.count == 2, kv[0].lowercased() == "rel" else { return false }
        let rels = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")).lowercased().split(separator: " ")
        return rels.contains("next")
      }
      if isNext {
        let text = String(target.dropFirst().dropLast())
        return URL(string: text, relativeTo: base)?.absoluteURL
      }
    }
    return nil
  }

  /// Splits on commas that are outside `<...>` (URLs may contain commas).
  private static func splitLinks(_ header: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var inURL = false
    for c in header {
      switch c {
      case "<": inURL = true; current.append(c)
      case ">": inURL = false; current.append(c)
      case "," where !inURL:
        parts.append(current)
        current = ""
      default: current.append(c)
      }
    }
    parts.append(current)
    return parts
  }
}
