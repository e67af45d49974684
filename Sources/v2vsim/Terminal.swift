import Foundation

/// Writing to the terminal: stderr for progress and errors, stdout for results.
enum Terminal {
    static var stderrIsTerminal: Bool { isatty(FileHandle.standardError.fileDescriptor) != 0 }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Overwrites the current stderr line (progress).
    static func status(_ text: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + text).utf8))
    }

    static func clearStatus() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}

/// Exit codes beyond ArgumentParser's: 0 success, 64 bad input (validationFailure), 1 failure,
/// 2 a verification that found tampering.
enum ExitCodes {
    static let verificationFailed: Int32 = 2
}
