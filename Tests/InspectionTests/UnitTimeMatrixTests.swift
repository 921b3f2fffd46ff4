import NeuralEngine
import Testing

@testable import Inspection

struct UnitTimeMatrixTests {
    /// Batch of 2, 3 units, 4 steps; value = 100·row + 10·unit + step, so every entry names its place.
    static func value(row: Int, unit: Int, step: Int) -> Float { Float(100 * row + 10 * unit + step) }

    static let nct = Tensor(shape: [2, 3, 4], values: (0..<2).flatMap { row in
        (0..<3).flatMap { unit in (0..<4).map { value(row: row, unit: unit, step: $0) } }
    })!
    static let ntc = Tensor(shape: [2, 4, 3], values: (0..<2).flatMap { row in
        (0..<4).flatMap { step in (0..<3).map { value(row: row, unit: $0, step: step) } }
    })!

    @Test func readsTheSameUnitMajorMatrixFromNCTAndNTCLayouts() throws {
        let fromNCT = try UnitTimeMatrix(tensor: Self.nct, batchRow: 1, layout: .nct)
        let fromNTC = try UnitTimeMatrix(tensor: Self.ntc, batchRow: 1, layout: .ntc)
        #expect(fromNCT == fromNTC)
        #expect(fromNCT.units == 3 && fromNCT.steps == 4)
        #expect(Array(fromNCT.unit(2)) == [120, 121, 122, 123])
        #expect(fromNCT.values[1 * 4 + 3] == 113)
    }

    @Test func rejectsTensorsThatAreNotRank3OrRowsOutsideTheBatch() {
        let flat = Tensor(shape: [2, 12], values: Self.nct.values)!
        #expect(throws: ActivationInputError.notRank3(tensor: "x", shape: [2, 12])) {
            try UnitTimeMatrix(tensor: flat, batchRow: 0, layout: .nct, name: "x")
        }
        #expect(throws: ActivationInputError.batchRowOutOfRange(tensor: nil, row: 2, batch: 2)) {
            try UnitTimeMatrix(tensor: Self.nct, batchRow: 2, layout: .nct)
        }
        #expect(ActivationInputError.notRank3(tensor: "x", shape: [2, 12]).description.contains("[2, 12]"))
    }

    @Test func readsOneWeekOfSeveralTensorsAndNamesAMissingOne() throws {
        let week = try UnitTimeMatrix.week(of: ["a": Self.nct, "b": Self.ntc], batchRow: 0, layouts: ["a": .nct, "b": .ntc])
        #expect(week["a"] == week["b"])
        #expect(throws: ActivationInputError.missingTensor(name: "c", available: ["a"])) {
            try UnitTimeMatrix.week(of: ["a": Self.nct], batchRow: 0, layouts: ["c": .nct])
        }
    }
}
