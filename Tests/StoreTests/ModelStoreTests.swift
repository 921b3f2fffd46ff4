import Foundation
import Testing

@testable import Store

struct ModelStoreTests {
    let onnx = Data([0x08, 0x08, 0x12, 0x07] + Array("auscult".utf8))
    let card = #"{"format":"auscult.model_card/1","name":"m"}"#

    @Test func insertedModelRoundTripsWithItsDigestAndCard() throws {
        let database = try AppDatabase.inMemory()
        let (record, inserted) = try database.insertModel(name: "deepheart-relu", onnx: onnx, card: card)
        #expect(inserted)
        #expect(record.id != nil)
        let fetched = try #require(try database.model(named: "deepheart-relu"))
        #expect(fetched.onnx == onnx)
        #expect(fetched.card == card)
        #expect(fetched.sha256 == TokenDigest.sha256Hex(onnx))
        #expect(fetched.version == 1)
        #expect(try database.models().map(\.name) == ["deepheart-relu"])
    }

    @Test func conflictsAreSkippedReplacedOrRefused() throws {
        let database = try AppDatabase.inMemory()
        let first = try database.insertModel(name: "m", onnx: onnx, card: card).record
        let skipped = try database.insertModel(name: "m", onnx: Data([1]), card: "{}", onConflict: .skip)
        #expect(!skipped.inserted && skipped.record.id == first.id && skipped.record.onnx == onnx)
        #expect(throws: StoreError.duplicateModel(name: "m", version: 1, existingID: first.id!)) {
            try database.insertModel(name: "m", onnx: Data([1]), card: "{}")
        }
        let replaced = try database.insertModel(name: "m", onnx: Data([1]), card: "{}", onConflict: .replace)
        #expect(replaced.inserted)
        #expect(try database.models().map(\.onnx) == [Data([1])])
        #expect(try database.insertModel(name: "m", version: 2, onnx: onnx, card: card).inserted)
    }
}
