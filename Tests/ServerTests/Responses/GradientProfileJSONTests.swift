import Foundation
import Inspection
import Testing

@testable import Server

/// The hand-written JSON of gradient profiles against `GradientProfile`'s own `Codable` form.
struct GradientProfileJSONTests {
    struct Wrapped: Encodable, Sendable {
        @GradientProfileJSON var profile: GradientProfile
    }

    struct Plain: Encodable, Sendable {
        var profile: GradientProfile
    }

    struct Decoded: Decodable {
        var profile: GradientProfile
    }

    /// The profile read back, and the keys of the profile object and of its first channel.
    static func read(_ data: Data) throws -> (profile: GradientProfile, keys: [String], channelKeys: [String]) {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let profile = try #require(object["profile"] as? [String: Any])
        let channel = try #require((profile["channels"] as? [[String: Any]])?.first)
        return (try decoder.decode(Decoded.self, from: data).profile, profile.keys.sorted(), channel.keys.sorted())
    }

    @Test func sameKeysAndNumbersAsTheGenericEncoder() throws {
        let bins = 64
        let heartRate = (0..<bins).map { bin in bin % 7 == 0 ? 0 : Float(bin - 20) * 1.37e-3 }
        let steps = (0..<bins).map { bin in bin % 7 == 0 ? 0 : Float(bin) * 3.1e-7 }
        for centreBin in [Optional(32), nil] {
            let profile = GradientProfile(
                gradient: [heartRate, steps], channelNames: ["heart_rate", "steps"], centreBin: centreBin, threshold: 1e-3)
            #expect(profile.log10L2.contains(nil) && profile.log10L2.contains { $0 != nil })
            let fast = try Self.read(try SnakeCaseJSON(Wrapped(profile: profile)).data())
            let generic = try Self.read(try SnakeCaseJSON(Plain(profile: profile)).data())
            #expect(fast.profile == profile && generic.profile == profile)
            #expect(fast.keys == generic.keys && fast.channelKeys == generic.channelKeys)
            let text = try #require(String(data: try SnakeCaseJSON(Wrapped(profile: profile)).data(), encoding: .utf8))
            #expect(text.contains("\"log10_l2\":[null,"))
            #expect(text.contains("\"centre_bin\"") == (centreBin != nil))
            // Through an encoder without the side table, the arrays are plain JSON arrays too.
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            let plain = try Self.read(try encoder.encode(Wrapped(profile: profile)))
            #expect(plain.profile == profile && plain.keys == generic.keys)
        }
    }

    @Test func nonFiniteValuesAreStringsAndOnlyMissingLogsAreNull() throws {
        var profile = GradientProfile(gradient: [[1, 0, 2]], channelNames: ["heart_rate"], centreBin: 1, threshold: 1e-3)
        profile.channels[0].values = [.infinity, .nan, 2]
        profile.log10L2 = [.infinity, nil, 0.5]
        let text = try #require(String(data: try SnakeCaseJSON(Wrapped(profile: profile)).data(), encoding: .utf8))
        #expect(text.contains(#""values":["inf","nan",2.0]"#))
        #expect(text.contains(#""log10_l2":["inf",null,0.5]"#))
    }
}
