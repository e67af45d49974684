internal import CSodium

// Every pointer that touches libsodium lives in this file, inside withUnsafe… closures. Lengths are
// checked before each call and return codes become Bool on the next line.

enum SodiumEd25519 {
    static let seedBytes = Int(crypto_sign_SEEDBYTES)
    static let publicKeyBytes = Int(crypto_sign_PUBLICKEYBYTES)
    static let secretKeyBytes = Int(crypto_sign_SECRETKEYBYTES)
    static let signatureBytes = Int(crypto_sign_BYTES)

    /// (public key, secret key) from a 32-byte seed.
    static func keypair(seed: [UInt8]) -> (publicKey: [UInt8], secretKey: [UInt8]) {
        Sodium.ensureReady()
        precondition(seed.count == seedBytes)
        var pk = [UInt8](repeating: 0, count: publicKeyBytes)
        var sk = [UInt8](repeating: 0, count: secretKeyBytes)
        let rc = pk.withUnsafeMutableBufferPointer { pkp in
            sk.withUnsafeMutableBufferPointer { skp in
                seed.withUnsafeBufferPointer { sp in
                    crypto_sign_seed_keypair(pkp.baseAddress!, skp.baseAddress!, sp.baseAddress!)
                }
            }
        }
        precondition(rc == 0, "crypto_sign_seed_keypair failed")
        return (pk, sk)
    }

    /// 32 bytes from libsodium's system entropy source.
    static func randomSeed() -> [UInt8] {
        Sodium.ensureReady()
        var seed = [UInt8](repeating: 0, count: seedBytes)
        seed.withUnsafeMutableBytes { randombytes_buf($0.baseAddress!, $0.count) }
        return seed
    }

    /// A detached signature of `message` under `secretKey`.
    static func sign<Message: ContiguousBytes>(_ message: Message, secretKey: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        precondition(secretKey.count == secretKeyBytes)
        CryptoCallCounter.countSign()
        var sig = [UInt8](repeating: 0, count: signatureBytes)
        let rc = sig.withUnsafeMutableBufferPointer { sigp in
            message.withUnsafeBytes { mp in
                secretKey.withUnsafeBufferPointer { skp in
                    crypto_sign_detached(
                        sigp.baseAddress!, nil, nonNull(mp), UInt64(mp.count), skp.baseAddress!)
                }
            }
        }
        precondition(rc == 0, "crypto_sign_detached failed")
        return sig
    }

    /// Whether `signature` is a valid signature of `message` under `publicKey` by libsodium's rules.
    /// With `counting` false the call is left out of `CryptoCallCounter`, for a caller that counts
    /// it itself later (see `VerifyingKey.checkSignatureUncounted`).
    static func verify<Message: ContiguousBytes>(
        _ signature: [UInt8], of message: Message, publicKey: [UInt8], counting: Bool = true
    ) -> Bool {
        Sodium.ensureReady()
        guard signature.count == signatureBytes, publicKey.count == publicKeyBytes else { return false }
        if counting { CryptoCallCounter.countVerify() }
        let rc = signature.withUnsafeBufferPointer { sigp in
            message.withUnsafeBytes { mp in
                publicKey.withUnsafeBufferPointer { pkp in
                    crypto_sign_verify_detached(
                        sigp.baseAddress!, nonNull(mp), UInt64(mp.count), pkp.baseAddress!)
                }
            }
        }
        return rc == 0
    }

    /// Zeroes `bytes` in a way the optimiser may not remove.
    static func wipe(_ bytes: inout [UInt8]) {
        guard !bytes.isEmpty else { return }
        bytes.withUnsafeMutableBytes { sodium_memzero($0.baseAddress!, $0.count) }
    }
}

enum SodiumSHA256 {
    static func hash<Bytes: ContiguousBytes>(_ data: Bytes) -> [UInt8] {
        Sodium.ensureReady()
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        let rc = out.withUnsafeMutableBufferPointer { op in
            data.withUnsafeBytes { dp in
                crypto_hash_sha256(op.baseAddress!, nonNull(dp), UInt64(dp.count))
            }
        }
        precondition(rc == 0, "crypto_hash_sha256 failed")
        return out
    }

    /// SHA-256 over the concatenation of `parts`, without building the concatenation.
    static func hash(parts: [[UInt8]]) -> [UInt8] {
        Sodium.ensureReady()
        var state = crypto_hash_sha256_state()
        crypto_hash_sha256_init(&state)
        for part in parts {
            part.withUnsafeBytes { p in
                _ = crypto_hash_sha256_update(&state, nonNull(p), UInt64(p.count))
            }
        }
        var out = [UInt8](repeating: 0, count: Int(crypto_hash_sha256_BYTES))
        out.withUnsafeMutableBufferPointer { op in _ = crypto_hash_sha256_final(&state, op.baseAddress!) }
        return out
    }
}

/// libsodium declares its pointers non-null even for zero-length input; an empty Swift buffer has
/// no base address, so hand it a pointer to a static zero byte that is never read.
// nonisolated(unsafe): the byte is written once at initialisation and never again, so concurrent
// readers are safe.
nonisolated(unsafe) private let emptyInput: UnsafeMutablePointer<UInt8> = {
    let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()

@inline(__always)
private func nonNull(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
    guard let base = buffer.baseAddress, buffer.count > 0 else { return UnsafePointer(emptyInput) }
    return base.assumingMemoryBound(to: UInt8.self)
}
