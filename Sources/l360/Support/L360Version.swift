/// The version `l360 --version` prints.
enum L360Version {
  static let current = "0.1.0"
}
