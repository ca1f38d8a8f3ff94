import Foundation

/// A fresh copy of one of the package's folders (for example `examples`) in a temporary directory.
///
/// Examples run there, so what they write (`save ... to failed.jsonl`, reports) never lands in the checkout, and
/// no run depends on files an earlier run left behind. The caller removes the copy.
public func scratchCopy(of folder: String) throws -> URL {
  let copy = FileManager.default.temporaryDirectory.appendingPathComponent(
    "l360-\(folder.replacingOccurrences(of: "/", with: "-"))-\(UUID().uuidString)")
  try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(folder), to: copy)
  return copy
}
