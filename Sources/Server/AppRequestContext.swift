import Foundation
import Hummingbird
import Store

/// Per-request state: Hummingbird's core storage plus the token that authenticated the request.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `TokenAuthMiddleware` once the bearer token checks out.
    public var token: APITokenRecord?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.token = nil
    }

    /// JSON with sorted keys (stable output for diffs and tests) and ISO-8601 dates.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
