internal import CSodium

/// One-time libsodium initialisation. `sodium_init` returns 0 on first success and 1 when already
/// initialised; -1 means the environment is broken (no entropy source), which no caller can repair.
enum Sodium {
    static let ready: Bool = {
        let rc = sodium_init()
        if rc < 0 { fatalError("libsodium could not initialise (sodium_init returned \(rc))") }
        return true
    }()

    @inline(__always) static func ensureReady() { precondition(Sodium.ready) }

    /// The libsodium version string, for summaries and benchmarks.
    static var version: String { String(cString: sodium_version_string()) }
}

/// Facts about the linked libsodium.
public enum SodiumInfo {
    /// The version of the libsodium the program runs with, e.g. "1.0.18".
    public static var version: String { Sodium.ensureReady(); return Sodium.version }
}
