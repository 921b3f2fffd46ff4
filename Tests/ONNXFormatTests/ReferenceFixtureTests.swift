import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// Checks that the committed reference fixtures are complete and readable, so the importer and engine tests
/// that compare against them can trust the files. (Those comparisons live with the importer.)
struct ReferenceFixtureTests {
    @Test(arguments: FixtureManifest.caseNames)
    func everyListedArrayExistsWithItsManifestShape(caseName: String) throws {
        let manifest = try FixtureManifest.load(caseName)
        #expect(manifest.caseName == caseName)
        for run in manifest.runs {
            let entries = Array(run.inputs.values) + Array(run.outputs.values) + Array((run.intermediates ?? [:]).values)
            for entry in entries {
                let array = try NumpyArray(contentsOf: manifest.url(of: entry.file))
                #expect(array.shape == entry.shape, "\(caseName)/\(entry.file)")
                #expect(array.dtype == .float32, "\(caseName)/\(entry.file)")
            }
        }
        for (input, gradient) in manifest.gradients.wrt {
            let reference = try NumpyArray(contentsOf: manifest.url(of: gradient.file)).tensor()
            #expect(reference.shape == gradient.shape)
            let run = try #require(manifest.runs.first { $0.name == manifest.gradients.run })
            #expect(run.inputs[input]?.shape == gradient.shape, "gradient of \(input) has its input's shape")
            if let float64File = gradient.float64File {
                let float64 = try NumpyArray(contentsOf: manifest.url(of: float64File))
                #expect(float64.dtype == .float64 && float64.shape == gradient.shape)
            }
        }
    }

    /// The Python generator mirrors `TensorFileName.sanitized`; both must agree on every real tensor name.
    @Test(arguments: FixtureManifest.caseNames)
    func intermediateFileNamesAreTheSanitizedTensorNames(caseName: String) throws {
        let manifest = try FixtureManifest.load(caseName)
        for run in manifest.runs {
            let prefix = run.name == manifest.runs[0].name ? "" : "\(run.name)/"
            for (name, entry) in run.intermediates ?? [:] {
                #expect(entry.file == "\(prefix)intermediates/\(TensorFileName.sanitized(name)).npy", "tensor \(name)")
            }
        }
    }

    @Test func everyCaseHasIntermediatesOutputsAndGradients() throws {
        for caseName in FixtureManifest.caseNames {
            let manifest = try FixtureManifest.load(caseName)
            #expect(!(manifest.runs[0].intermediates ?? [:]).isEmpty, "\(caseName) intermediates")
            #expect(manifest.runs[0].outputs.count == 2, "\(caseName) outputs")
            #expect(!manifest.gradients.wrt.isEmpty, "\(caseName) gradients")
        }
        let dynamicBatch = try FixtureManifest.load("dynamic_batch")
        #expect(dynamicBatch.runs.map { $0.inputs["series"]?.shape.first } == [1, 3])
    }

    /// d per_step[0, 2048, 0] / d series at T = 4096 spans many orders of magnitude: the engine must match it
    /// on a log scale, not only near the peak.
    @Test func deepHeartWeekGradientReachesFarBelowItsPeak() throws {
        let manifest = try FixtureManifest.load("deepheart_torchscript")
        #expect(manifest.gradients.seed.output == "per_step")
        #expect(manifest.gradients.seed.elements == [[0, 2048, 0]])
        let series = try #require(manifest.gradients.wrt["series"])
        #expect(series.shape == [1, 4096, 2])
        let float32 = try NumpyArray(contentsOf: manifest.url(of: series.file)).tensor().values
        let float64 = try NumpyArray(contentsOf: manifest.url(of: try #require(series.float64File)))
        guard case .float64(let reference) = float64.elements else {
            Issue.record("float64 reference has dtype \(float64.dtype)")
            return
        }
        let peak = reference.map(abs).max() ?? 0
        #expect(peak > 0)
        #expect(reference.contains { abs($0) > 1e-30 && abs($0) < 1e-9 * peak })
        #expect(float32.contains { $0 != 0 && abs($0) < 1e-9 * Float(peak) })
        #expect(float32.contains { $0 == 0 }, "float32 underflows far from t0")
    }
}
