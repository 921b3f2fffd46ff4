import Foundation
import Testing

@testable import Server

struct PNGEncoderTests {
    /// A deterministic pseudo-random byte sequence (64-bit linear congruential generator, top byte).
    func noise(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(state >> 56)
        }
    }

    /// Rows of noise, horizontal gradients, flat colour and repeated rows, so each filter choice wins somewhere.
    func mixedImage(width: Int, height: Int) -> RGBImage {
        var image = RGBImage(width: width, height: height, background: RGB(12, 200, 90))
        let random = noise(count: width * height * 3, seed: 7)
        for y in 0..<height {
            for x in 0..<width {
                switch y % 4 {
                case 0:
                    let offset = 3 * (y * width + x)
                    image.setPixel(x: x, y: y, color: RGB(random[offset], random[offset + 1], random[offset + 2]))
                case 1:
                    image.setPixel(x: x, y: y, color: RGB(UInt8(x * 4 % 256), UInt8(255 - x % 256), 40))
                default: break
                }
            }
        }
        return image
    }

    @Test func roundTripsAThreeByTwoImagePixelExactly() throws {
        var image = RGBImage(width: 3, height: 2, background: .black)
        let colors = [RGB(255, 0, 0), RGB(0, 255, 0), RGB(0, 0, 255), RGB(255, 255, 255), RGB(1, 2, 3), RGB(250, 128, 7)]
        for (index, color) in colors.enumerated() { image.setPixel(x: index % 3, y: index / 3, color: color) }

        let decoded = try PNGTestDecoder(PNGEncoder.encode(image))

        #expect(decoded.width == 3 && decoded.height == 2)
        #expect(decoded.chunkTypes == ["IHDR", "IDAT", "IEND"])
        for (index, color) in colors.enumerated() { #expect(decoded.pixel(x: index % 3, y: index / 3) == color) }
        #expect(decoded.pixels == image.pixels)
    }

    @Test func roundTripsNoiseGradientsAndFlatRowsWithMixedFilters() throws {
        let image = mixedImage(width: 97, height: 40)
        let scanlines = PNGEncoder.filteredScanlines(image)
        let rowLength = 1 + 97 * 3
        let filterBytes = Set((0..<40).map { scanlines[$0 * rowLength] })

        let decoded = try PNGTestDecoder(PNGEncoder.encode(image))

        #expect(filterBytes.count >= 2, "filters used: \(filterBytes.sorted())")
        #expect(filterBytes.isSubset(of: [0, 1, 2]))
        #expect(decoded.pixels == image.pixels)
    }

    @Test func compressesAFlatImageWell() throws {
        let image = RGBImage(width: 1000, height: 400, background: RGB(30, 60, 90))
        let data = try PNGEncoder.encode(image)
        #expect(data.count < 10_000, "\(data.count) bytes for 1.2 MB of identical pixels")
    }

    @Test func rejectsAnImageWithoutPixels() {
        #expect(throws: PNGEncodingError.unsupportedSize(width: 0, height: 5)) {
            try PNGEncoder.encode(RGBImage(width: 0, height: 5))
        }
    }
}
