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

/// A new empty folder in the temporary directory, named `prefix-UUID`; the caller removes it.
public func temporaryFolder(_ prefix: String) throws -> URL {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder
}
