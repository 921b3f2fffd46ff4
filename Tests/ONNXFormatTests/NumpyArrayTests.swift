import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

struct NumpyArrayTests {
    // MARK: helpers

    /// A `.npy` file written by numpy itself (scripts/make_fixtures.py, case `npy`).
    func sample(_ name: String) -> URL {
        FixtureManifest.fixturesDirectory.appendingPathComponent("npy/\(name).npy")
    }

    func temporaryFile(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("NumpyArrayTests-\(UUID().uuidString)-\(name).npy")
    }

    func failure(reading name: String) -> NumpyFormatError? {
        do {
            _ = try NumpyArray(contentsOf: sample(name))
            return nil
        } catch let error as NumpyFormatError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    // MARK: reading files numpy wrote

    @Test func readsFloat32MatrixAsTensor() throws {
        let tensor = try NumpyArray(contentsOf: sample("float32_2x3")).tensor()
        #expect(tensor.shape == [2, 3])
        #expect(tensor.values == [-0.5, -0.25, 0, 0.25, 0.5, 0.75])
    }

    @Test func readsFloat64OnlyWhenConversionIsAsked() throws {
        let array = try NumpyArray(contentsOf: sample("float64_3"))
        #expect(array.dtype == .float64)
        #expect(array.elements == .float64([1.5, -2.25, 1e-40]))
        #expect(throws: NumpyFormatError.dtypeMismatch(expected: "float32", actual: "<f8")) { try array.tensor() }
        let tensor = try array.tensor(convertingFloat64: true)
        #expect(tensor.values == [1.5, -2.25, Float(1e-40)])
        #expect(tensor.values[2] > 0, "1e-40 is a Float subnormal, not zero")
    }

    @Test func readsInt64AndInt32AsIntegers() throws {
        let int64 = try NumpyArray(contentsOf: sample("int64_2x2"))
        #expect(int64.shape == [2, 2])
        #expect(try int64.integers() == [1, -2, 3, 1 << 40])
        let int32 = try NumpyArray(contentsOf: sample("int32_4"))
        #expect(try int32.integers() == [7, -8, 9, Int(Int32.max)])
        #expect(throws: NumpyFormatError.self) { try int32.tensor() }
    }

    @Test func readsBoolScalarAndEmptyArrays() throws {
        #expect(try NumpyArray(contentsOf: sample("bool_3")).elements == .bool([true, false, true]))
        let scalar = try NumpyArray(contentsOf: sample("scalar_float32")).tensor()
        #expect(scalar.shape == [] && scalar.values == [3.5])
        let empty = try NumpyArray(contentsOf: sample("empty_0x3")).tensor()
        #expect(empty.shape == [0, 3] && empty.values.isEmpty)
    }

    @Test func readsVersion2Header() throws {
        let tensor = try NumpyArray(contentsOf: sample("float32_v2_2x2")).tensor()
        #expect(tensor.shape == [2, 2] && tensor.values == [1, 2, 3, 4])
    }

    @Test func refusesFortranOrderBigEndianAndOtherDTypes() {
        #expect(failure(reading: "fortran_2x3") == .fortranOrder)
        #expect(failure(reading: "bigendian_float32_2") == .unsupportedDType(">f4"))
        #expect(failure(reading: "float16_2") == .unsupportedDType("<f2"))
        #expect(NumpyFormatError.unsupportedDType("<f2").description.contains("<f4"))
    }

    @Test func refusesTruncatedAndForeignFiles() throws {
        let bytes = try Data(contentsOf: sample("float32_2x3"))
        #expect(throws: NumpyFormatError.truncatedData(expectedBytes: 24, actualBytes: 20)) {
            try NumpyArray(data: bytes.dropLast(4))
        }
        #expect(throws: NumpyFormatError.notNumpyFile) { try NumpyArray(data: Data("PK\u{3}\u{4}not numpy".utf8)) }
        #expect(throws: NumpyFormatError.self) { try NumpyArray(data: bytes.prefix(40)) }
    }

    // MARK: writing

    @Test func writesFilesByteIdenticalToNumpy() throws {
        for name in ["float32_2x3", "float64_3", "int64_2x2", "int32_4", "bool_3", "scalar_float32", "empty_0x3"] {
            let written = try Data(contentsOf: sample(name))
            let array = try NumpyArray(data: written)
            #expect(array.encoded() == written, "re-encoding \(name).npy")
        }
    }

    @Test func roundTripsEveryDTypeThroughAFile() throws {
        let arrays: [NumpyArray] = [
            NumpyArray(Tensor(shape: [2, 1, 3], values: [1, -2, 3.25, .leastNonzeroMagnitude, -0.0, 1e30])!),
            try NumpyArray(shape: [2], elements: .float64([.pi, -1e-300])),
            try NumpyArray(integers: [0, -1, Int(Int64.max)], shape: [3]),
            try NumpyArray(shape: [1, 2], elements: .int32([Int32.min, 5])),
            try NumpyArray(shape: [2, 2], elements: .bool([true, true, false, true])),
            NumpyArray(Tensor(shape: [], repeating: 7)),
        ]
        for array in arrays {
            let url = temporaryFile("\(array.dtype)")
            defer { try? FileManager.default.removeItem(at: url) }
            try array.write(to: url)
            let read = try NumpyArray(contentsOf: url)
            #expect(read == array)
            let bytes = try Data(contentsOf: url)
            #expect((bytes.count - array.elements.count * array.dtype.byteCount) % 64 == 0, "data starts 64-byte aligned")
        }
    }

    @Test func writesAVeryLongShapeWithAVersion2Header() throws {
        let shape = [Int](repeating: 1, count: 22_000)
        let array = NumpyArray(Tensor(shape: shape, values: [42])!)
        let bytes = array.encoded()
        #expect(bytes[6] == 2)
        let read = try NumpyArray(data: bytes)
        #expect(read.shape == shape)
        #expect(try read.tensor().values == [42])
    }

    @Test func refusesAShapeThatDoesNotHoldTheElements() {
        #expect(throws: NumpyFormatError.shapeMismatch(shape: [2, 2], count: 3)) {
            try NumpyArray(integers: [1, 2, 3], shape: [2, 2])
        }
    }
}
