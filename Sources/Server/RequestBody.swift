import Foundation
import Hummingbird
import NIOCore

/// Reads a small JSON request body (snake_case keys) into `T`; 400 `invalid_body` with `example` and
/// the decoder's reason when it is not JSON of that shape; 413 beyond `limit` bytes.
func decodeJSONBody<T: Decodable>(
    _ type: T.Type, from request: Request, example: String, limit: Int = 64 * 1024, decoder: JSONDecoder = .snakeCase
) async throws -> T {
    let body: ByteBuffer
    do {
        body = try await request.body.collect(upTo: limit)
    } catch is NIOTooManyBytesError {
        throw APIError(.contentTooLarge, code: "payload_too_large", message: "the request body exceeds \(limit) bytes")
    }
    do {
        return try decoder.decode(T.self, from: Data(buffer: body))
    } catch {
        throw APIError(.badRequest, code: "invalid_body", message: "the body must be JSON like \(example): \(error)")
    }
}
