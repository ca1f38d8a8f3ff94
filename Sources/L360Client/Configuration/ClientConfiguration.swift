public import Logging

/// Everything a ``V2Client`` needs to know: where, who, and how politely to behave.
public struct ClientConfiguration: Sendable {
  /// The API's base URL.
  public var server: ServerAddress
  /// The client credentials used to obtain access tokens.
  public var credentials: Credentials
  /// Client-side pacing so that 429s stay rare (the API's documented per-company limits by default).
  public var limits: RateLimits
  /// How failed requests are retried.
  public var retry: RetryPolicy
  /// How `await` polls a bulk operation.
  public var poll: PollSchedule
  /// How long a write (a bulk submission of 10,000 courses, say) may take to be answered.
  public var requestTimeout: Duration
  /// How long a GET or a token request may take: a server silent that long is stuck, not busy.
  public var readTimeout: Duration
  /// Where request logs go (never with secrets).
  ///
  /// Silent by default.
  public var logger: Logger
  /// The clock of retries, pacing, polling and token expiry (the system's by default; a virtual one in tests).
  public var clock: any ClientClock
  /// Told what takes a while (a retry's wait, a wait for a bulk slot, a slow answer), for a status line; nil for
  /// silence.
  public var activity: (@Sendable (ClientActivity) -> Void)?

  /// Makes a configuration with the documented defaults.
  public init(
    server: ServerAddress,
    credentials: Credentials,
    limits: RateLimits = RateLimits(),
    retry: RetryPolicy = RetryPolicy(),
    poll: PollSchedule = PollSchedule(),
    requestTimeout: Duration = .seconds(120),
    readTimeout: Duration = .seconds(30),
    logger: Logger = Logger(label: "l360.client", factory: { _ in SwiftLogNoOpLogHandler() }),
    clock: any ClientClock = SystemClock(),
    activity: (@Sendable (ClientActivity) -> Void)? = nil
  ) {
    self.clock = clock
    self.activity = activity
    self.server = server
    self.credentials = credentials
    self.limits = limits
    self.retry = retry
    self.poll = poll
    self.requestTimeout = requestTimeout
    self.readTimeout = readTimeout
    self.logger = logger
  }
}

/// Client-side limits; the defaults are the API's documented per-company limits.
public struct RateLimits: Sendable, Equatable {
  /// Writes (POST, PUT, PATCH, DELETE) per second.
  ///
  /// Documented limit: 10.
  public var writesPerSecond: Int
  /// Reads (GET) per second.
  ///
  /// Documented limit: 50.
  public var readsPerSecond: Int
  /// Bulk operations of ours that may be pending, queued or running at once.
  ///
  /// Documented limit: 3.
  public var bulkOperationsInFlight: Int

  /// Makes limits.
  public init(writesPerSecond: Int = 10, readsPerSecond: Int = 50, bulkOperationsInFlight: Int = 3) {
    self.writesPerSecond = writesPerSecond
    self.readsPerSecond = readsPerSecond
    self.bulkOperationsInFlight = bulkOperationsInFlight
  }
}
