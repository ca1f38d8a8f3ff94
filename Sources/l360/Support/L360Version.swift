/// The version `l360 --version` and `l360 version` print.
enum L360Version {
  /// The release number.
  static let current = "0.1.0"
  /// The git commit the binary was built from (`unknown` outside a checkout, `+changes` for a modified tree).
  static let commit = buildCommit
  /// "l360 0.1.0 (commit 0123456789ab)".
  static let full = "l360 \(current) (commit \(commit))"
}
