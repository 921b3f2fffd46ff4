import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import Store

/// `/api/v1/models`: upload (scope upload), list and describe (read), delete (admin).
struct ModelController {
    let services: InspectionServices

    func addRoutes(read: RouterGroup<AppRequestContext>, upload: RouterGroup<AppRequestContext>, admin: RouterGroup<AppRequestContext>) {
        read.get(use: list)
        read.get("{id}", use: get)
        read.get("{id}/card", use: card)
        read.get("{id}/onnx", use: onnx)
        upload.post(use: create)
        admin.delete("{id}", use: delete)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<[ModelSummaryResponse]> {
        SnakeCaseJSON(try await services.database.modelSummaries().map(ModelSummaryResponse.init))
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<ModelDetailResponse> {
        let model = try await loadedModel(requireID("id", in: context))
        return SnakeCaseJSON(ModelDetailResponse(model))
    }

    @Sendable func card(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        let record = try await services.database.model(id: requireID("id", in: context))
        return EncodedBody(bytes: Data(record.card.utf8), contentType: "application/json; charset=utf-8")
    }

    @Sendable func onnx(request: Request, context: AppRequestContext) async throws -> EncodedBody {
        let record = try await services.database.model(id: requireID("id", in: context))
        return EncodedBody(bytes: record.onnx, contentType: "application/octet-stream", filename: "\(record.name)-v\(record.version).onnx")
    }

    @Sendable func delete(request: Request, context: AppRequestContext) async throws -> Response {
        let id = try requireID("id", in: context)
        try await services.database.deleteModel(id: id)
        await services.forget(modelID: id)
        return Response(status: .noContent)
    }

    /// The model with this id, loaded; 422 when its graph cannot be served.
    func loadedModel(_ id: Int64) async throws -> LoadedModel {
        do {
            return try await services.registry.model(id: id)
        } catch let failure as ModelBindingResolver.Failure {
            throw APIError(.unprocessableContent, code: failure.code, message: "model \(id): \(failure.message)")
        }
    }

    // MARK: Upload

    /// The parts of an upload: the ONNX bytes and, optionally, a model card and a name and version.
    struct UploadForm: Decodable {
        var model: UploadedFile
        var card: String?
        var name: String?
        var version: Int?
    }

    /// `POST /api/v1/models`: the ONNX file as the body (`?name=…&version=…&card=<JSON>`), or as
    /// `multipart/form-data` with parts `model` (the file), `card` (JSON), `name` and `version`.
    ///
    /// The model is imported and run once on an empty week before it is stored; 422 names what stops it.
    @Sendable func create(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<ModelDetailResponse> {
        let limit = services.limits.maximumModelBytes
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the model exceeds the upload limit of \(limit >> 20) MiB")
        }
        let query = QueryReader(request)
        var onnx = Data(buffer: body)
        var cardText = query.string("card") ?? "{}"
        var name = query.string("name")
        var version = try query.string("version").map { _ in try query.integer("version", default: 1, range: 1...1_000_000) }
        if let contentType = request.headers[.contentType], contentType.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = Self.boundary(in: contentType) else {
                throw APIError(.badRequest, code: "invalid_body", message: "multipart/form-data without a boundary parameter")
            }
            let form: UploadForm
            do {
                form = try FormDataDecoder().decode(UploadForm.self, from: body, boundary: boundary)
            } catch {
                throw APIError(.badRequest, code: "invalid_body", message: "multipart body: \(error); expected parts 'model' (the .onnx file) and optionally 'card', 'name', 'version'")
            }
            onnx = Data(buffer: form.model.bytes)
            cardText = form.card ?? cardText
            name = form.name ?? name
            version = form.version ?? version
        }
        guard !onnx.isEmpty else {
            throw APIError(.badRequest, code: "invalid_body", message: "the request has no ONNX bytes")
        }
        let hints: ModelCardHints
        do {
            hints = try ModelCardHints.decode(cardText)
        } catch {
            throw APIError(.unprocessableContent, code: "invalid_model_card", message: "the model card is not valid JSON of the expected shape: \(error)")
        }
        guard let modelName = name ?? hints.name, !modelName.isEmpty, modelName.count <= 200 else {
            throw APIError.invalidParameter("name", "give the model a name: ?name=…, a 'name' part, or \"name\" in the card")
        }
        let modelVersion: Int
        if let version {
            modelVersion = version
        } else {
            modelVersion = try await services.database.nextModelVersion(name: modelName)
        }
        let pending = StoredModelSummary(
            id: 0, name: modelName, version: modelVersion, sha256: "", byteCount: onnx.count, card: cardText, createdAt: Date())
        let bytes = onnx
        var loaded: LoadedModel
        do {
            let limit = services.limits.forwardElementLimit
            loaded = try await services.lanes.run { try LoadedModel.load(summary: pending, onnx: bytes, forwardElementLimit: limit) }
        } catch let failure as ModelBindingResolver.Failure {
            throw APIError(.unprocessableContent, code: failure.code, message: failure.message)
        }
        let record = try await services.database.insertModelAsync(name: modelName, version: modelVersion, onnx: onnx, card: cardText)
        loaded.summary.id = record.id!
        loaded.summary.sha256 = record.sha256
        return SnakeCaseJSON(ModelDetailResponse(loaded), status: .created)
    }

    static func boundary(in contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}

/// A file part of a multipart upload, kept as its raw bytes.
struct UploadedFile: Decodable, MultipartPartConvertible {
    var bytes: ByteBuffer

    init?(multipart: MultipartPart) {
        bytes = multipart.body
    }

    var multipart: MultipartPart? { MultipartPart(body: bytes) }

    /// Only `FormDataDecoder` makes one, through `init?(multipart:)`.
    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected a file part"))
    }
}
