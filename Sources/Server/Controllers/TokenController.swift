import Foundation
import Hummingbird
import Store

/// `/api/v1/tokens` (scope admin): list, create and revoke bearer tokens. A token's text is shown once,
/// when it is created; the service keeps only its SHA-256 digest and first characters.
struct TokenController {
    let database: AppDatabase
    let authenticator: TokenAuthenticator

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.post(use: create)
        group.delete("{id}", use: revoke)
    }

    struct TokenResponse: Encodable, Sendable {
        var id: Int64
        var prefix: String
        var scope: String
        var label: String?
        var createdAt: Date
        var revokedAt: Date?
        /// The token itself: only in the answer to its creation.
        var token: String?

        init(_ record: APITokenRecord, token: String? = nil) {
            id = record.id ?? 0
            prefix = record.prefix
            scope = record.scope.rawValue
            label = record.label
            createdAt = record.createdAt
            revokedAt = record.revokedAt
            self.token = token
        }
    }

    struct CreateRequest: Decodable {
        var scope: String
        var label: String?
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<[TokenResponse]> {
        SnakeCaseJSON(try database.tokens().map { TokenResponse($0) })
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<TokenResponse> {
        let input = try await decodeJSONBody(CreateRequest.self, from: request, example: #"{"scope": "read", "label": "notebook"}"#)
        guard let scope = TokenScope(rawValue: input.scope) else {
            throw APIError(.unprocessableContent, code: "invalid_scope", message: "scope must be read, upload or admin; got '\(input.scope)'")
        }
        guard (input.label?.count ?? 0) <= 200 else {
            throw APIError(.unprocessableContent, code: "invalid_label", message: "a token label is at most 200 characters")
        }
        let (token, record) = try database.createToken(scope: scope, label: input.label)
        return SnakeCaseJSON(TokenResponse(record, token: token), status: .created)
    }

    /// Revokes a token at once: requests with it answer 401 from then on.
    @Sendable func revoke(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try requireID("id", in: context)
        guard try database.revokeToken(id: id) else {
            throw APIError(.notFound, code: "not_found", message: "no live token with id \(id)")
        }
        authenticator.forgetAll()
        return Response(status: .noContent)
    }
}
