import L360JSON
import OrderedCollections

/// The API answered with an error: HTTP status, the API's code and message, and which operation failed.
///
/// Decoded from both shapes the API uses: `{"error":"tooManyRequests"}` and
/// `{"error":{"code":"inputTooLong","message":"..."}}`.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The operation in words ("integration create", "courses upsert").
  public var operation: String
  /// The HTTP status.
  public var status: Int
  /// The API's machine-readable code ("duplicateExternalPlatform", "invalid_token"), when it sent one.
  public var code: String?
  /// The API's human-readable message, when it sent one.
  public var message: String?
  /// How many attempts were made before giving up (1 when the error is not retryable).
  public var attempts: Int

  /// Makes an error.
  public init(operation: String, status: Int, code: String?, message: String?, attempts: Int = 1) {
    self.operation = operation
    self.status = status
    self.code = code
    self.message = message
    self.attempts = attempts
  }

  /// Decodes the error body of a response; a body that is not the API's shape keeps only the status.
  public init(operation: String, response: HTTPResponse) {
    self.operation = operation
    self.status = response.status
    self.attempts = 1
    let body = try? JSONParser.parse(bytes: response.body)
    switch body?["error"] {
    case .string(let code)?:
      self.code = code
      self.message = body?["error_description"]?.stringValue
    case .object(let members)?:
      self.code = members["code"]?.stringValue
      self.message = members["message"]?.stringValue
    default:
      self.code = nil
      let text = String(decoding: response.body.prefix(200), as: UTF8.self)
      self.message = text.isEmpty ? nil : text
    }
  }

  /// "integration create failed: duplicateExternalPlatform: The platform ...
  ///
  /// (HTTP 400)".
  public var description: String {
    var text = "\(operation) failed: "
    switch (code, message) {
    case (let code?, let message?): text += "\(code): \(message)"
    case (let code?, nil): text += code
    case (nil, let message?): text += message
    case (nil, nil): text += "HTTP \(status)"
    }
    if code != nil || message != nil { text += " (HTTP \(status))" }
    if attempts > 1 { text += " after \(attempts) attempts" }
    return text
  }
}

/// A request that never got an HTTP answer, after every allowed retry.
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
  /// The operation in words.
  public var operation: String
  /// What went wrong on the last attempt.
  public var reason: String
  /// Attempts made.
  public var attempts: Int

  /// Makes an error.
  public init(operation: String, reason: String, attempts: Int) {
    self.operation = operation
    self.reason = reason
    self.attempts = attempts
  }

  public var description: String {
    "\(operation) failed: \(reason)" + (attempts > 1 ? " (after \(attempts) attempts)" : "")
  }
}

/// The input breaks the API's schema, so nothing was sent.
public struct InputValidationError: Error, Sendable, CustomStringConvertible {
  /// The operation in words.
  public var operation: String
  /// Each problem, with a JSON pointer into the request body.
  public var problems: [String]

  /// Makes an error.
  public init(operation: String, problems: [String]) {
    self.operation = operation
    self.problems = problems
  }

  public var description: String {
    "\(operation): invalid input, nothing was sent:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
  }
}

/// The server answered something the client cannot understand (for example, a 202 with no Location).
public struct UnexpectedResponseError: Error, Sendable, CustomStringConvertible {
  /// The operation in words.
  public var operation: String
  /// What was unexpected.
  public var detail: String

  /// Makes an error.
  public init(operation: String, detail: String) {
    self.operation = operation
    self.detail = detail
  }

  public var description: String { "\(operation) failed: unexpected response: \(detail)" }
}
