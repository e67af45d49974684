/// Errors for malformed key or signature material handed to V2VCrypto.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A byte string had the wrong length.
    case invalidLength(what: String, expected: Int, actual: Int)
    /// Text that should have been hexadecimal was not.
    case invalidHex(String)

    public var description: String {
        switch self {
        case let .invalidLength(what, expected, actual):
            return "\(what) must be \(expected) bytes, got \(actual)"
        case let .invalidHex(text):
            return "not hexadecimal: '\(text.prefix(40))'"
        }
    }
}
