import Foundation
import Hummingbird
import NIOCore

/// `/api/v1/openapi.json`: the OpenAPI 3.1 document describing every endpoint, shipped as a resource.
struct OpenAPIController {
    let document: Data

    init() throws {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json") else {
            throw APIError(.internalServerError, code: "internal_error", message: "openapi.json missing from the Server bundle")
        }
        self.document = try Data(contentsOf: url)
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        let document = self.document
        group.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: document)))
        }
    }
}
