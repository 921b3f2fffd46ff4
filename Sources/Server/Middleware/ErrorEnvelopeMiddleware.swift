import Hummingbird
import Logging
import Store

/// Turns every error that escapes a handler into the JSON error envelope of `APIError`.
///
/// Store errors map to their HTTP meaning (an unknown id is 404); storage failures name their cause
/// (507 when the disk or the database is full, 503 when storage is read-only or failing); Hummingbird's
/// own errors keep their status; anything else is logged and answered 500 without internals, and the
/// server keeps serving.
struct ErrorEnvelopeMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            throw Self.apiError(for: error)
        } catch let error as HTTPError {
            throw APIError(error.status, code: Self.code(for: error.status), message: error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, code: Self.code(for: error.status), message: "\(error)")
        } catch {
            if let failure = StorageFailure(error) {
                context.logger.error("storage failure on \(request.method) \(request.uri.path): \(error)")
                throw Self.apiError(for: failure)
            }
            context.logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
            throw APIError(.internalServerError, code: "internal_error", message: "internal error; the server log has details")
        }
    }

    static func apiError(for error: StoreError) -> APIError {
        switch error {
        case .userNotFound, .weekNotFound, .modelNotFound, .jobNotFound, .evaluationNotFound, .uploadNotFound, .externalUserNotFound:
            APIError(.notFound, code: "not_found", message: error.description)
        case .duplicateUser, .duplicateModel, .jobNotRunning:
            APIError(.conflict, code: "conflict", message: error.description)
        case .corruptSeries:
            APIError(.internalServerError, code: "corrupt_data", message: error.description)
        case .invalidMigrationName, .noMigrations:
            APIError(.internalServerError, code: "internal_error", message: error.description)
        }
    }

    static func apiError(for failure: StorageFailure) -> APIError {
        switch failure.kind {
        case .full: APIError(.insufficientStorage, code: "insufficient_storage", message: failure.description)
        case .readOnly, .ioError: APIError(.serviceUnavailable, code: "storage_unavailable", message: failure.description)
        }
    }

    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 422: "unprocessable"
        case 429: "rate_limited"
        default: status.code >= 500 ? "internal_error" : "http_\(status.code)"
        }
    }
}
