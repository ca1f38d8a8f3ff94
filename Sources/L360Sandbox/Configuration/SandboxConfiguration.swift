/// How the sandbox behaves: its credentials, timings, limits and injected faults.
///
/// Defaults give a well-behaved API that finishes bulk operations in about a second, which is what
/// the tutorials and the demo want; tests turn the knobs.
public struct SandboxConfiguration: Sendable {
  /// Address to bind; loopback only.
  public var host: String
  /// Port to listen on; 0 picks a free one.
  public var port: Int
  /// The client id the token endpoint accepts.
  public var clientId: String
  /// The client secret the token endpoint accepts.
  public var clientSecret: String
  /// How long an access token lives (`expires_in`).
  public var tokenLifetime: Duration
  /// Send `expires_in` as a string ("3600"), as the API docs show, instead of a number as the spec types it.
  public var expiresInAsString: Bool
  /// How long a bulk operation takes from submission to `completed` (pending 10%, queued 10%, running 80%).
  public var operationDuration: Duration
  /// Bulk operations that may be pending, queued or running at once before submissions get 429.
  public var concurrencyLimit: Int
  /// Server-side rate limits that answer 429 `tooManyRequests`; nil for none.
  public var rateLimits: SandboxRateLimits?
  /// Injected failures.
  public var faults: FaultSettings
  /// Write pagination `Link` URLs as absolute URLs instead of relative ones.
  public var absoluteLinks: Bool
  /// Keep every request, so tests can check them against the official spec.
  public var recordRequests: Bool

  /// Makes a configuration; every argument has a sensible default.
  public init(
    host: String = "127.0.0.1",
    port: Int = 0,
    clientId: String = "sandbox-client",
    clientSecret: String = SandboxConfiguration.randomSecret(),
    tokenLifetime: Duration = .seconds(3600),
    expiresInAsString: Bool = false,
    operationDuration: Duration = .milliseconds(1200),
    concurrencyLimit: Int = 3,
    rateLimits: SandboxRateLimits? = nil,
    faults: FaultSettings = FaultSettings(),
    absoluteLinks: Bool = false,
    recordRequests: Bool = false
  ) {
    self.host = host
    self.port = port
    self.clientId = clientId
    self.clientSecret = clientSecret
    self.tokenLifetime = tokenLifetime
    self.expiresInAsString = expiresInAsString
    self.operationDuration = operationDuration
    self.concurrencyLimit = concurrencyLimit
    self.rateLimits = rateLimits
    self.faults = faults
    self.absoluteLinks = absoluteLinks
    self.recordRequests = recordRequests
  }

  /// A fresh random secret, so a sandbox's credentials are never guessable or shared between runs.
  public static func randomSecret() -> String {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    return "sbx_" + String((0..<32).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
  }
}

/// Requests per second the sandbox accepts before answering 429 `tooManyRequests`.
public struct SandboxRateLimits: Sendable, Equatable {
  /// GETs per second.
  public var readsPerSecond: Int
  /// POST, PUT, PATCH and DELETE per second.
  public var writesPerSecond: Int
  /// Seconds to put in `Retry-After`, or nil to send no such header (the real API documents none).
  public var retryAfterSeconds: Int?

  /// Makes limits; the defaults are the API's documented ones.
  public init(readsPerSecond: Int = 50, writesPerSecond: Int = 10, retryAfterSeconds: Int? = 1) {
    self.readsPerSecond = readsPerSecond
    self.writesPerSecond = writesPerSecond
    self.retryAfterSeconds = retryAfterSeconds
  }
}

/// Failures injected at random (reproducibly, from `seed`) to prove the client loses nothing.
public struct FaultSettings: Sendable, Equatable {
  /// Fraction of requests answered 500/502/503 before being processed.
  public var serverErrorRate: Double
  /// Fraction of requests whose connection is closed with no response; half of them are processed
  /// first (the answer is lost), half are not.
  public var dropRate: Double
  /// Fraction of requests answered 429 `tooManyRequests`.
  public var tooManyRequestsRate: Double
  /// `Retry-After` seconds on those 429s; nil sends none.
  public var retryAfterSeconds: Int?
  /// Fraction of bulk operations that end in `error` status after processing half their items.
  public var operationErrorRate: Double
  /// The random seed: the same seed and the same requests give the same faults.
  public var seed: UInt64
  /// Faults apply to the token endpoint too when true.
  public var includeTokenEndpoint: Bool
  /// Each POST, PUT, PATCH and DELETE is processed at once but answered this much later: a slow server, whose
  /// answer is still on its way when the client is interrupted.
  public var writeAnswerDelay: Duration

  /// Makes settings; by default nothing fails.
  public init(
    serverErrorRate: Double = 0, dropRate: Double = 0, tooManyRequestsRate: Double = 0, retryAfterSeconds: Int? = nil,
    operationErrorRate: Double = 0, seed: UInt64 = 360, includeTokenEndpoint: Bool = false,
    writeAnswerDelay: Duration = .zero
  ) {
    self.writeAnswerDelay = writeAnswerDelay
    self.serverErrorRate = serverErrorRate
    self.dropRate = dropRate
    self.tooManyRequestsRate = tooManyRequestsRate
    self.retryAfterSeconds = retryAfterSeconds
    self.operationErrorRate = operationErrorRate
    self.seed = seed
    self.includeTokenEndpoint = includeTokenEndpoint
  }

  /// True when any fault is enabled.
  public var isActive: Bool {
    serverErrorRate > 0 || dropRate > 0 || tooManyRequestsRate > 0 || operationErrorRate > 0
  }
}
