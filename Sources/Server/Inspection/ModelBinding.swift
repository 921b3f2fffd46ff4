import Inspection

/// How a stored model meets a week: which ONNX input takes the series (and in which layout), which
/// takes the wearer's metadata, which outputs are the per-step logits and the pooled prediction, and
/// which intermediate tensors have a time axis to inspect.
///
/// Made by `ModelBindingResolver` from the model card where there is one and from the graph's shapes
/// for a 4,096-bin week otherwise.
struct ModelBinding: Sendable, Codable, Equatable {
    struct SeriesInput: Sendable, Codable, Equatable {
        var name: String
        /// `NTC` for `[N, 4096, C]`, `NCT` for `[N, C, 4096]`.
        var layout: TimeAxisLayout
        /// Channel names in input order, each one of `SequenceInputEncoding.seriesChannels`.
        var channels: [String]
    }

    struct MetadataInput: Sendable, Codable, Equatable {
        var name: String
        /// Feature names in input order, each one of `SequenceInputEncoding.metadataFeatures`.
        var features: [String]
    }

    /// An output or intermediate tensor with a time axis, shaped `[1, units, steps]` (NCT) or
    /// `[1, steps, units]` (NTC) for one week.
    struct TimeTensor: Sendable, Codable, Equatable {
        var name: String
        var layout: TimeAxisLayout
        var units: Int
        var steps: Int
        /// Operator type of the node that computes it (empty for graph inputs).
        var opType: String
        /// The nearest inspectable tensors it is computed from.
        var upstream: [String]

        /// Input bins per step (4,096 / steps, rounded down; 1 at full resolution).
        var binsPerStep: Int { max(1, SequenceInputEncoding.binCount / steps) }

        /// The input bin at the centre of `step`'s window.
        func centreBin(ofStep step: Int) -> Int {
            let start = step * SequenceInputEncoding.binCount / steps
            let end = (step + 1) * SequenceInputEncoding.binCount / steps
            return (start + end) / 2
        }
    }

    var series: SeriesInput
    var metadata: MetadataInput?
    /// The per-step output before pooling: the default for gradients.
    var perStep: TimeTensor?
    /// The pooled prediction `[1, k]`.
    var pooled: String?
    /// Every tensor heatmaps and unit scans can read, in graph order.
    var inspectable: [TimeTensor]

    func inspectableTensor(named name: String) -> TimeTensor? {
        inspectable.first { $0.name == name } ?? (perStep?.name == name ? perStep : nil)
    }
}
