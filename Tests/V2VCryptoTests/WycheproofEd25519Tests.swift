import Foundation
import Testing
import V2VCrypto

/// Project Wycheproof's Ed25519 verification vectors, read in place from the shared test data
/// (`<repo>/../shared/testdata/wycheproof/ed25519_test.json`); the file is never copied into the repo.
enum WycheproofEd25519 {
    /// This file is `<repo>/Tests/V2VCryptoTests/<name>.swift`, so the repo is three levels up.
    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // V2VCryptoTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the repo
        .deletingLastPathComponent()  // the repo's parent
        .appendingPathComponent("shared/testdata/wycheproof/ed25519_test.json")

    static var isPresent: Bool { FileManager.default.fileExists(atPath: url.path) }

    /// The number of vectors in the pinned version of the file.
    static let expectedCount = 151

    /// The parts of the JSON file the test reads (the decoder ignores the other keys).
    struct File: Decodable {
        let algorithm: String
        let numberOfTests: Int
        let testGroups: [Group]
    }

    struct Group: Decodable {
        let type: String
        let publicKey: PublicKey
        let tests: [Vector]
    }

    struct PublicKey: Decodable {
        let pk: String
    }

    struct Vector: Decodable {
        let tcId: Int
        let comment: String
        let flags: [String]
        let msg: String
        let sig: String
        let result: String
    }
}

@Suite("Ed25519 against Project Wycheproof")
struct WycheproofEd25519Tests {
    @Test(
        "All Wycheproof Ed25519 vectors: valid accepted, invalid rejected, wrong lengths rejected",
        .enabled(if: WycheproofEd25519.isPresent, "needs ../shared/testdata/wycheproof/ed25519_test.json")
    )
    func allVectors() throws {
        let data = try Data(contentsOf: WycheproofEd25519.url)
        let file = try JSONDecoder().decode(WycheproofEd25519.File.self, from: data)
        #expect(file.algorithm == "EDDSA")
        #expect(file.numberOfTests == WycheproofEd25519.expectedCount)

        var ran = 0
        var acceptable: [String] = []
        for group in file.testGroups {
            #expect(group.type == "EddsaVerify")
            let publicKey = try VerifyingKey(bytes: Hex.decode(group.publicKey.pk))
            for vector in group.tests {
                ran += 1
                let label = "tcId \(vector.tcId) \(vector.flags) \(vector.comment)"
                let message = try Hex.decode(vector.msg)
                let signatureBytes = try Hex.decode(vector.sig)
                let accepted = publicKey.isValidSignature(bytes: signatureBytes, for: message)

                // The typed path agrees, and a signature of the wrong length cannot even be built.
                if signatureBytes.count == Signature.byteCount {
                    let signature = try Signature(bytes: signatureBytes)
                    #expect(publicKey.isValidSignature(signature, for: message) == accepted, "\(label)")
                } else {
                    #expect(throws: CryptoError.self, "\(label)") { try Signature(bytes: signatureBytes) }
                    #expect(!accepted, "wrong-length signature accepted: \(label)")
                }

                switch vector.result {
                case "valid":
                    #expect(accepted, "valid vector rejected: \(label)")
                case "invalid":
                    #expect(!accepted, "invalid vector accepted: \(label)")
                case "acceptable":
                    // Either answer is allowed; libsodium 1.0.18 decides. Recorded for the report.
                    acceptable.append("\(label): \(accepted ? "accepted" : "rejected")")
                default:
                    Issue.record("unknown result '\(vector.result)' in \(label)")
                }
            }
        }
        #expect(ran == WycheproofEd25519.expectedCount)
        // The pinned file has no "acceptable" vectors; if a newer file adds some, list what libsodium did.
        #expect(acceptable.isEmpty, "acceptable vectors: \(acceptable)")
    }
}
