import Foundation
import Hummingbird
import NIOCore

/// An error answered as `{"error": {"code": …, "message": …, "details": {…}}}` with its status.
///
/// `code` is a stable machine-readable string (`not_found`, `invalid_parameter`, …) that clients can
/// switch on; `message` names the cause for a person.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [String: String]

    public init(_ status: HTTPResponse.Status, code: String, message: String, details: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let envelope = ErrorEnvelopeBody(error: .init(code: code, message: message, details: details.isEmpty ? nil : details))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(envelope)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized {
            headers[.wwwAuthenticate] = "Bearer realm=\"auscult\""
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: Common errors

    public static func notFound(_ message: String) -> APIError {
        APIError(.notFound, code: "not_found", message: message)
    }

    public static func invalidParameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", message: message, details: ["parameter": name])
    }
}

/// The JSON shape of every error response.
private struct ErrorEnvelopeBody: Encodable {
    struct Body: Encodable {
        let code: String
        let message: String
        let details: [String: String]?
    }
    let error: Body
}

extension HTTPResponse.Status {
    /// 507: the server cannot store what the request sends (a full disk, a quota, a file-size limit).
    static let insufficientStorage = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
}
