import Foundation
import Hummingbird
import NIOCore

/// A response body encoded as JSON with snake_case keys, sorted, ISO-8601 dates, and any non-finite
/// float written as the string `"nan"`, `"inf"` or `"-inf"` rather than failing.
///
/// For the inspection responses, whose nested Codable types come from `Inspection`. Keys of
/// dictionaries are converted too, so these responses never key a dictionary by user data (tensor,
/// channel or label names go in arrays of objects).
struct SnakeCaseJSON<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    let value: Value
    var status: HTTPResponse.Status = .ok

    init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    func data() throws -> Data {
        let encoder = Self.encoder
        let table = FloatArrayTable()
        encoder.userInfo[FloatArrayTable.userInfoKey] = table
        return table.splice(into: try encoder.encode(value))
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try data())))
    }
}

/// An already encoded body with its content type: what the response cache stores. The buffer is
/// shared, not copied, by every response that sends it.
struct EncodedBody: ResponseGenerator, Sendable {
    let buffer: ByteBuffer
    let contentType: String
    var filename: String?

    init(bytes: Data, contentType: String, filename: String? = nil) {
        buffer = ByteBuffer(bytes: bytes)
        self.contentType = contentType
        self.filename = filename
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: contentType]
        if let filename {
            headers[.contentDisposition] = "inline; filename=\"\(filename)\""
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: buffer))
    }
}

extension JSONDecoder {
    /// Decodes request bodies written with snake_case keys.
    static var snakeCase: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
