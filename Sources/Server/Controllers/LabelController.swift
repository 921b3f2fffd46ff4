import Foundation
import Hummingbird
import NIOCore
import Store

/// Labels and metadata, which no watch export carries: `PUT /api/v1/users/{external_id}` for one
/// wearer, `POST /api/v1/labels` for a CSV of many (scope upload).
struct LabelController {
    let database: AppDatabase

    func addRoutes(users: RouterGroup<AppRequestContext>, labels: RouterGroup<AppRequestContext>) {
        users.put("{id}", use: putUser)
        labels.post(use: postLabels)
    }

    /// Largest labels CSV accepted.
    static let maximumCSVBytes = 16 << 20

    /// The body of `PUT /api/v1/users/{external_id}`. Label names are kept as written (no key conversion).
    struct UserUpdate: Decodable {
        var birthYear: Int?
        var sex: String?
        var device: String?
        var labels: [String: Double]?

        enum CodingKeys: String, CodingKey {
            case birthYear = "birth_year"
            case sex, device, labels
        }
    }

    /// Sets a wearer's metadata and user-level labels, creating the wearer when the id is new (201).
    @Sendable func putUser(request: Request, context: AppRequestContext) async throws -> EditedResponse<UserResponse> {
        guard let externalID = context.parameters.get("id").flatMap({ UserMetadataFields.externalID($0) }) else {
            throw APIError.invalidParameter("id", "the path names the wearer's external id (1 to 200 characters)")
        }
        let example = #"{"birth_year": 1980, "sex": "female", "device": "Watch1,1", "labels": {"sleep_apnea": 1}}"#
        // A plain decoder: label names are kept as written (`UserUpdate` names its own keys).
        let update = try await decodeJSONBody(UserUpdate.self, from: request, example: example, decoder: JSONDecoder())
        let metadata: UserMetadataUpdate
        do {
            metadata = try UserMetadataFields.read(
                ["birth_year": update.birthYear.map(String.init) ?? "", "sex": update.sex ?? "", "device": update.device ?? ""])
        } catch {
            throw APIError(.unprocessableContent, code: "invalid_metadata", message: error.reason, details: ["field": error.field])
        }
        let labels = update.labels ?? [:]
        if let bad = labels.first(where: { !LabelsCSV.isLabelName($0.key) || !$0.value.isFinite }) {
            throw APIError(
                .unprocessableContent, code: "invalid_label",
                message: "label '\(bad.key)' needs a name of lowercase letters, digits and _ (at most 64) and a finite number")
        }
        guard !labels.isEmpty || !metadata.isEmpty else {
            throw APIError(.badRequest, code: "invalid_body", message: "give at least one label or metadata field, like \(example)")
        }
        let existed = (try? await database.user(externalID: externalID)) != nil
        _ = try await database.applyLabels([LabelAssignment(externalID: externalID, labels: labels, metadata: metadata)], createUsers: true)
        let user = try await database.user(externalID: externalID)
        return EditedResponse(status: existed ? .ok : .created, response: UserResponse(user))
    }

    /// Applies a labels CSV (see `LabelsCSV`) in one transaction: 200 with the counts and every refused
    /// row with its reason; 400 when the header cannot be used.
    @Sendable func postLabels(request: Request, context: AppRequestContext) async throws -> SnakeCaseJSON<LabelsOutcome> {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maximumCSVBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, code: "payload_too_large", message: "the labels CSV exceeds \(Self.maximumCSVBytes >> 20) MiB")
        }
        let csv: LabelsCSV
        do {
            csv = try LabelsCSV(String(decoding: body.readableBytesView, as: UTF8.self))
        } catch let failure as LabelsCSV.Failure {
            throw APIError(.badRequest, code: "invalid_csv", message: failure.description)
        }
        return SnakeCaseJSON(try await csv.apply(to: database))
    }
}
