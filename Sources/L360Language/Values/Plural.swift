/// "1 item", "3 items": a count with its noun, for messages people read.
///
/// `noun` is the singular; the plural adds an "s" (every noun l360 counts takes one).
public func plural(_ count: Int, _ noun: String) -> String {
  "\(count) \(noun)\(count == 1 ? "" : "s")"
}
