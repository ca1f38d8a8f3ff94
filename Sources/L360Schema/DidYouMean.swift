/// The candidate closest to `word` by edit distance, when it is close enough to be a likely typo.
///
/// "Close enough" is at most one edit for short words and a third of the length for longer ones;
/// case differences count as half an edit so `defaultlang` finds `defaultLang`.
public func closest(to word: String, among candidates: [String]) -> String? {
  let lowered = word.lowercased()
  var best: (String, Int)?
  for candidate in candidates where candidate != word {
    let distance = editDistance(lowered, candidate.lowercased())
    let allowed = max(1, min(word.count, candidate.count) / 3)
    guard distance <= allowed else { continue }
    if let current = best, current.1 <= distance { continue }
    best = (candidate, distance)
  }
  return best?.0
}

/// Levenshtein distance between two strings, counted in characters.
public func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a)
  let b = Array(b)
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
    }
    swap(&previous, &current)
  }
  return previous[b.count]
}
