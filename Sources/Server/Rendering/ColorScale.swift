/// Maps values in a range to colours: a sequential scale for ranges on one side of zero and a diverging
/// scale, white at zero, for ranges that span it.
///
/// Colours are interpolated linearly in RGB between evenly spaced anchor colours. The sequential scale runs
/// from dark purple through blue, teal and green to yellow, getting lighter throughout, so brightness reads
/// as magnitude in grey-scale too. The diverging scale is symmetric: it spans `-bound...bound` with
/// `bound = max(|min|, |max|)`, so equal magnitudes of either sign get equally saturated colours and a
/// range such as `-0.5...2` uses only the pale part of the blue side.
struct ColorScale: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        /// `lowerBound` maps to the first anchor, `upperBound` to the last.
        case sequential
        /// `-bound` maps to blue, 0 to white, `+bound` to red.
        case diverging
    }

    let kind: Kind
    /// Values at or below this get the first anchor colour.
    let lowerBound: Float
    /// Values at or above this get the last anchor colour.
    let upperBound: Float

    /// The colour of NaN cells: a mid grey that neither scale produces.
    static let notANumberColor = RGB(136, 136, 136)

    static let sequentialAnchors: [RGB] = [
        RGB(46, 16, 84), RGB(60, 80, 150), RGB(32, 146, 140), RGB(108, 198, 82), RGB(250, 230, 44),
    ]
    static let divergingAnchors: [RGB] = [
        RGB(36, 72, 160), RGB(132, 170, 222), .white, RGB(232, 140, 108), RGB(168, 28, 40),
    ]

    /// A sequential scale over `lowerBound...upperBound`; when the bounds are equal every value gets the
    /// first anchor.
    static func sequential(lowerBound: Float, upperBound: Float) -> ColorScale {
        ColorScale(kind: .sequential, lowerBound: lowerBound, upperBound: upperBound)
    }

    /// A diverging scale over `-bound...bound`, white at 0.
    static func diverging(bound: Float) -> ColorScale {
        ColorScale(kind: .diverging, lowerBound: -abs(bound), upperBound: abs(bound))
    }

    /// The diverging scale when `min < 0 < max`, otherwise the sequential scale over `min...max`.
    /// Non-finite or reversed bounds fall back to a sequential scale over `0...1`.
    static func forRange(min: Float, max: Float) -> ColorScale {
        guard min.isFinite, max.isFinite, min <= max else { return .sequential(lowerBound: 0, upperBound: 1) }
        if min < 0 && max > 0 { return .diverging(bound: Swift.max(-min, max)) }
        return .sequential(lowerBound: min, upperBound: max)
    }

    /// The colour of `value`, clamped to the scale's bounds; NaN gets `notANumberColor`.
    func color(for value: Float) -> RGB {
        if value.isNaN { return Self.notANumberColor }
        let anchors: [RGB]
        let position: Double
        switch kind {
        case .sequential:
            anchors = Self.sequentialAnchors
            let span = Double(upperBound) - Double(lowerBound)
            position = span > 0 ? (Double(value) - Double(lowerBound)) / span : 0
        case .diverging:
            anchors = Self.divergingAnchors
            position = upperBound > 0 ? 0.5 + 0.5 * Double(value) / Double(upperBound) : 0.5
        }
        let scaled = Swift.min(1, Swift.max(0, position)) * Double(anchors.count - 1)
        let index = Swift.min(Int(scaled), anchors.count - 2)
        return anchors[index].interpolated(to: anchors[index + 1], fraction: scaled - Double(index))
    }
}
