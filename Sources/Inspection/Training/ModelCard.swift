import Foundation

/// What a client and the inspection tools need to know to feed a model and read its outputs, stored
/// as JSON next to the ONNX bytes (`models.card`).
///
/// Keys are snake_case in JSON (`JSONEncoder.modelCard`). `format` is `"auscult.model_card/1"`.
public struct ModelCard: Codable, Sendable, Equatable {
    /// One ONNX input: its role (`series` or `metadata`), shape (-1 = any), channel or feature names in
    /// order, and each one's normalisation as a formula.
    public struct Input: Codable, Sendable, Equatable {
        public var role: String
        public var shape: [Int]
        public var channels: [String]
        public var normalisation: [String: String]
    }

    /// One ONNX output: `per_step` (logits per step before pooling) or `pooled` (the prediction).
    public struct Output: Codable, Sendable, Equatable {
        public var role: String
        public var shape: [Int]
        /// Axis of time, when the output has one.
        public var timeAxis: Int?
        /// Input bins per output step (4096 / steps), when the output has a time axis.
        public var binsPerStep: Int?
        public var description: String
    }

    /// An intermediate tensor with a time axis, for heatmaps and unit scans.
    public struct TensorInfo: Codable, Sendable, Equatable {
        public var name: String
        /// `NCT` (units on axis 1, time on axis 2) or `NTC`.
        public var layout: String
        public var units: Int
        public var steps: Int

        public init(name: String, layout: String, units: Int, steps: Int) {
            self.name = name
            self.layout = layout
            self.units = units
            self.steps = steps
        }
    }

    public struct Task: Codable, Sendable, Equatable {
        public var label: String
        /// `binary` or `regression`.
        public var kind: String

        public init(label: String, kind: String) {
            self.label = label
            self.kind = kind
        }
    }

    public struct Training: Codable, Sendable, Equatable {
        public var schedule: TrainingSchedule
        public var scheduleSummary: String
        public var seed: UInt64
        public var trainWeeks: Int
        /// Mean minibatch loss over the last 10 steps.
        public var finalTrainLoss: Float
        /// Minibatch loss of every step.
        public var lossCurve: [Float]
        public var seconds: Double

        public init(schedule: TrainingSchedule, scheduleSummary: String, seed: UInt64, trainWeeks: Int,
                    finalTrainLoss: Float, lossCurve: [Float], seconds: Double) {
            self.schedule = schedule
            self.scheduleSummary = scheduleSummary
            self.seed = seed
            self.trainWeeks = trainWeeks
            self.finalTrainLoss = finalTrainLoss
            self.lossCurve = lossCurve
            self.seconds = seconds
        }
    }

    public struct Evaluation: Codable, Sendable, Equatable {
        public var split: String
        public var weeks: Int
        public var auroc: Double?
        /// `MemoryHorizon` of `per_step` at its midpoint on the split's first week: lags (input bins) left
        /// and right beyond which `|d per_step[t0] / d series|` stays below 1e-3 of its peak.
        public var horizonLeftBins: Int?
        public var horizonRightBins: Int?
        /// The gradient's peak magnitude (0: the output does not depend on the series).
        public var horizonPeak: Float?

        public init(split: String, weeks: Int, auroc: Double?, horizonLeftBins: Int? = nil, horizonRightBins: Int? = nil,
                    horizonPeak: Float? = nil) {
            self.split = split
            self.weeks = weeks
            self.auroc = auroc
            self.horizonLeftBins = horizonLeftBins
            self.horizonRightBins = horizonRightBins
            self.horizonPeak = horizonPeak
        }
    }

    /// What the inspection tools should find in a demo model, and why (absent for other models).
    public struct PlantedFailure: Codable, Sendable, Equatable {
        /// `dead_layer`, `short_memory`, `none` …
        public var kind: String
        public var description: String
        /// Tensors the finding is about, e.g. `["act2"]` dead and `["conv3"]` emitting its bias.
        public var deadTensors: [String]
        public var emitsBiasTensors: [String]
        /// For memory findings: the lag (input bins) within which `|d per_step[t0] / d series|` falls
        /// below 1e-3 of its peak (short) or does not (long).
        public var horizonLagBins: Int?

        public init(kind: String, description: String, deadTensors: [String] = [], emitsBiasTensors: [String] = [], horizonLagBins: Int? = nil) {
            self.kind = kind
            self.description = description
            self.deadTensors = deadTensors
            self.emitsBiasTensors = emitsBiasTensors
            self.horizonLagBins = horizonLagBins
        }
    }

    public var format = "auscult.model_card/1"
    public var name: String
    public var description: String
    public var architecture: SequenceArchitecture
    public var architectureSummary: String
    public var inputs: [String: Input]
    public var outputs: [String: Output]
    public var inspectableTensors: [TensorInfo]
    public var task: Task
    public var training: Training?
    public var evaluation: Evaluation?
    public var plantedFailure: PlantedFailure?

    /// The card of a graph built by `architecture`, before training and evaluation are known.
    public init(name: String, description: String, architecture: SequenceArchitecture, label: String, plantedFailure: PlantedFailure?) {
        self.name = name
        self.description = description
        self.architecture = architecture
        self.architectureSummary = architecture.summary
        self.inputs = SequenceInputEncoding.cardInputs
        let steps = architecture.outputSteps
        let bins = SequenceInputEncoding.binCount / steps
        self.outputs = [
            "per_step": Output(role: "per_step", shape: [-1, steps, 1], timeAxis: 1, binsPerStep: bins,
                               description: "logit per step before pooling; pooled = sigmoid(mean over axis 1)"),
            "pooled": Output(role: "pooled", shape: [-1, 1], timeAxis: nil, binsPerStep: nil,
                             description: "probability of the label: sigmoid of the mean per-step logit"),
        ]
        var tensors = ["conv1", "act1", "conv2", "act2", "conv3", "act3"].map {
            TensorInfo(name: $0, layout: "NCT", units: architecture.channels, steps: steps)
        }
        switch architecture.recurrence {
        case .bidirectional: tensors.append(TensorInfo(name: "lstm_features", layout: "NTC", units: 2 * architecture.hiddenSize, steps: steps))
        case .forward: tensors.append(TensorInfo(name: "lstm_features", layout: "NTC", units: architecture.hiddenSize, steps: steps))
        case .none: break
        }
        tensors.append(TensorInfo(name: "per_step", layout: "NTC", units: 1, steps: steps))
        self.inspectableTensors = tensors
        self.task = Task(label: label, kind: "binary")
        self.plantedFailure = plantedFailure
    }

    /// Pretty-printed, key-sorted JSON with snake_case keys.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    public static func decode(jsonText: String) throws -> ModelCard {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ModelCard.self, from: Data(jsonText.utf8))
    }
}
