import Foundation
import NeuralEngine
import Testing

@testable import ONNXFormat

/// Runs every reference model through the importer and the engine and compares with what ONNX Runtime
/// (intermediates, outputs) and PyTorch or TensorFlow (gradients) wrote, at the manifest's tolerances.
struct ImporterFixtureTests {
    struct Tolerances: Decodable {
        struct Pointwise: Decodable {
            let atol: Double
            let rtol: Double
        }
        struct Gradient: Decodable {
            let atol_relative_to_peak: Double
            let rtol: Double
            let log10_gap: Double
            let log10_floor: Double
        }
        let intermediates: Pointwise
        let outputs: Pointwise
        let gradients: Gradient
    }

    struct Comparison {
        var worst = 0.0  // largest |a - b| / (atol + rtol |b|); ≤ 1 passes
        var worstName = ""
        var largestAbsolute = 0.0
        var count = 0
    }

    func tolerances(_ caseName: String) throws -> Tolerances {
        let data = try Data(contentsOf: FixtureManifest.directory(of: caseName).appendingPathComponent("manifest.json"))
        struct Wrapper: Decodable { let tolerances: Tolerances }
        return try JSONDecoder().decode(Wrapper.self, from: data).tolerances
    }

    func tensor(_ manifest: FixtureManifest, _ entry: FixtureManifest.FileEntry) throws -> Tensor {
        try NumpyArray(contentsOf: manifest.url(of: entry.file)).tensor()
    }

    func importAndRun(_ manifest: FixtureManifest, run: FixtureManifest.Run) throws -> (ImportedGraph, Execution, GraphExecutor) {
        let model = try ONNXModelFile(contentsOf: manifest.url(of: manifest.model))
        var feeds: [String: Tensor] = [:]
        for (name, entry) in run.inputs { feeds[name] = try tensor(manifest, entry) }
        let imported = try ONNXImporter.importGraph(
            model.proto, inputShapes: feeds.mapValues(\.shape), externalDataDirectory: model.externalDataDirectory)
        let executor = GraphExecutor(graph: imported.graph)
        return (imported, try executor.run(feeds), executor)
    }

    func compare(_ ours: Tensor, _ reference: Tensor, atol: Double, rtol: Double, name: String, into comparison: inout Comparison) {
        #expect(ours.shape == reference.shape, "\(name): shape \(ours.shape) vs reference \(reference.shape)")
        guard ours.shape == reference.shape else { return }
        for (a, b) in zip(ours.values, reference.values) {
            let difference = abs(Double(a) - Double(b))
            let ratio = difference / (atol + rtol * abs(Double(b)))
            comparison.largestAbsolute = max(comparison.largestAbsolute, difference)
            if ratio > comparison.worst {
                comparison.worst = ratio
                comparison.worstName = name
            }
        }
        comparison.count += 1
    }

    @Test(arguments: FixtureManifest.caseNames)
    func everyIntermediateAndOutputMatchesONNXRuntime(caseName: String) throws {
        let manifest = try FixtureManifest.load(caseName)
        let limits = try tolerances(caseName)
        for run in manifest.runs {
            let (imported, execution, _) = try importAndRun(manifest, run: run)
            var comparison = Comparison()
            var missing: [String] = []
            for (name, entry) in run.intermediates ?? [:] {
                let reference = try tensor(manifest, entry)
                let ours = execution.values[name] ?? imported.constants[name]?.asFloatTensor
                guard let ours else {
                    missing.append(name)
                    continue
                }
                compare(ours, reference, atol: limits.intermediates.atol, rtol: limits.intermediates.rtol, name: name, into: &comparison)
            }
            for (name, entry) in run.outputs {
                let ours = try #require(execution.values[name] ?? imported.foldedOutputs[name]?.asFloatTensor, "output \(name)")
                compare(ours, try tensor(manifest, entry), atol: limits.outputs.atol, rtol: limits.outputs.rtol, name: name, into: &comparison)
            }
            print("\(caseName)/\(run.name): \(comparison.count) tensors, largest |diff| \(comparison.largestAbsolute), worst \(comparison.worstName) at \(comparison.worst) of tolerance")
            #expect(missing.isEmpty, "\(caseName)/\(run.name): intermediates the engine does not produce: \(missing.sorted())")
            #expect(comparison.worst <= 1, "\(caseName)/\(run.name): \(comparison.worstName) exceeds tolerance by \(comparison.worst)×")
        }
    }

    @Test(arguments: FixtureManifest.caseNames)
    func inputGradientsMatchTheTrainingFramework(caseName: String) throws {
        let manifest = try FixtureManifest.load(caseName)
        let limits = try tolerances(caseName).gradients
        let run = try #require(manifest.runs.first { $0.name == manifest.gradients.run })
        let (_, execution, executor) = try importAndRun(manifest, run: run)
        let seedName = manifest.gradients.seed.output
        let output = try #require(execution.values[seedName])
        var seed = Tensor(shape: output.shape)
        for element in manifest.gradients.seed.elements { seed[element] = 1 }
        let gradients = try executor.gradients(of: execution, seeds: [seedName: seed])
        for (input, entry) in manifest.gradients.wrt {
            let ours = try #require(gradients[input], "gradient for \(input)")
            let reference = try NumpyArray(contentsOf: manifest.url(of: entry.file)).tensor()
            #expect(ours.shape == reference.shape)
            let reference64 = try entry.float64File.map {
                try NumpyArray(contentsOf: manifest.url(of: $0)).tensor(convertingFloat64: true)
            }
            // Where the float64 reference is below the floor, float32 holds only zeros or subnormal noise:
            // both sides must then be negligible, and the pointwise rule applies to the rest.
            let floor = limits.log10_floor
            let peak = reference.values.map { abs(Double($0)) }.max() ?? 0
            var worst = 0.0
            var logGap = 0.0
            var compared = 0
            var smallestCompared = Double.infinity
            for index in ours.values.indices {
                let a = Double(ours.values[index])
                let b = Double(reference.values[index])
                let b64 = reference64.map { Double($0.values[index]) } ?? b
                guard abs(b64) > floor else {
                    #expect(abs(a) <= floor, "\(caseName) d/d\(input)[\(index)] = \(a) where the reference underflows (\(b64))")
                    continue
                }
                let allowed = limits.atol_relative_to_peak * peak + limits.rtol * abs(b)
                worst = max(worst, abs(a - b) / allowed)
                // Float32 cannot hold magnitudes below ~1.2e-38: there an exact zero is the right answer.
                if a == 0 {
                    #expect(abs(b64) < 1.2e-38, "\(caseName) d/d\(input)[\(index)] is 0 but the reference is \(b64)")
                    continue
                }
                logGap = max(logGap, abs(log10(abs(a)) - log10(abs(b64))))
                smallestCompared = min(smallestCompared, abs(b64) / max(peak, .leastNonzeroMagnitude))
                compared += 1
            }
            print("\(caseName) d\(seedName)/d\(input): peak \(peak), worst \(worst) of tolerance, log10 gap \(logGap) over \(compared) values down to \(smallestCompared) of the peak")
            #expect(worst <= 1, "\(caseName) gradient w.r.t. \(input) exceeds tolerance by \(worst)×")
            #expect(logGap <= limits.log10_gap, "\(caseName) gradient w.r.t. \(input): log10 gap \(logGap)")
        }
    }
}
