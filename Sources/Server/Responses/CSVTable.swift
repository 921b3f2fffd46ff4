import Foundation
import Hummingbird
import NIOCore

/// A table answered as `text/csv` (RFC 4180 quoting), for `?format=csv`.
struct CSVTable: ResponseGenerator {
    let header: [String]
    let rows: [[String]]
    let filename: String

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var text = header.map(Self.quote).joined(separator: ",") + "\r\n"
        for row in rows {
            text += row.map(Self.quote).joined(separator: ",") + "\r\n"
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(filename)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
