import Foundation

/// Why a file that could not be read cannot be, in words: "no such file", "it is a folder", "permission denied".
///
/// One answer for scripts (`run`, `check`), inputs (`from FILE`) and `read()`.
public func whyUnreadable(_ path: String) -> String {
  var isFolder: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return "no such file" }
  return isFolder.boolValue ? "it is a folder" : "permission denied"
}
