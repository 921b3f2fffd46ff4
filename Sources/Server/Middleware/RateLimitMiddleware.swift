import Hummingbird

/// Limits, per token, the requests that start expensive work: evaluations, probes, learnability runs,
/// uploads, whole-split unit scans and gradients over a split. Past the limit: 429 with `Retry-After`.
/// Following a job (`GET /api/v1/jobs/{id}`) and everything else is never limited.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let limiter: RateLimiter

    static func isExpensive(_ request: Request) -> Bool {
        let path = request.uri.path
        switch request.method {
        case .post:
            return path.hasSuffix("/evaluations") || path.hasSuffix("/probes") || path.hasSuffix("/synthetic-training")
                || path == "/api/v1/uploads"
        case .get:
            if path.hasSuffix("/diagnostics/units") || path.hasSuffix("/diagnostics/semantics") { return true }
            return (path.hasSuffix("/gradients") || path.hasSuffix("/gradients.png")) && request.uri.queryParameters["weeks"] != nil
        default:
            return false
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.isExpensive(request), let tokenID = context.token?.id, let wait = limiter.admit(tokenID: tokenID) {
            let error = APIError(
                .tooManyRequests, code: "rate_limited",
                message: "this token may start \(Int(limiter.perMinute)) expensive requests a minute (bursts of \(Int(limiter.burst))); retry in \(wait) s",
                details: ["retry_after_seconds": String(wait)])
            var response = try error.response(from: request, context: context)
            response.headers[.retryAfter] = String(wait)
            return response
        }
        return try await next(request, context)
    }
}
