import Hummingbird
import Store

/// Requires a live bearer token whose scope permits `requiredScope`.
///
/// No or malformed `Authorization` header, or an unknown or revoked token: 401. A valid token whose
/// scope is too low: 403, naming both scopes.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authenticator: TokenAuthenticator
    let requiredScope: TokenScope

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw APIError(.unauthorized, code: "unauthorized", message: "missing 'Authorization: Bearer <token>' header")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty else {
            throw APIError(.unauthorized, code: "unauthorized", message: "the Authorization header must be 'Bearer <token>'")
        }
        guard let token = try await authenticator.authenticate(token: String(parts[1])) else {
            throw APIError(.unauthorized, code: "unauthorized", message: "unknown or revoked token")
        }
        guard token.scope.permits(requiredScope) else {
            throw APIError(
                .forbidden, code: "forbidden",
                message: "this endpoint needs a token with scope '\(requiredScope.rawValue)'; this token has '\(token.scope.rawValue)'",
                details: ["required_scope": requiredScope.rawValue, "token_scope": token.scope.rawValue])
        }
        var context = context
        context.token = token
        return try await next(request, context)
    }
}
