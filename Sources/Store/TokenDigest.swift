import Crypto
import Foundation

/// Creates bearer tokens and the digests stored in their place.
///
/// A token is `ausc_` followed by 43 base64url characters (256 random bits from the system's
/// cryptographic generator). Only its SHA-256 digest is stored, so a copied database file grants nothing.
public enum TokenDigest {
    public static let tokenPrefix = "ausc_"

    /// A fresh random token.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return tokenPrefix + base64
    }

    /// Lowercase hex SHA-256 of `token`'s UTF-8 bytes.
    public static func digest(of token: String) -> String {
        sha256Hex(Data(token.utf8))
    }

    /// Lowercase hex SHA-256 of `data`.
    public static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
