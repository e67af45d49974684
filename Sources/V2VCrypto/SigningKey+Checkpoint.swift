/// Checkpoints store signing keys as their 32-byte Ed25519 seed (`crypto_sign_seed_keypair` turns it
/// back into the same key pair). Every key of a run derives from the scenario seed, which the trace
/// already holds, so this reveals nothing a trace did not; still, only an encoder that asks for it by
/// ``checkpointUserInfoKey`` gets the seed: any other encoder (JSON, a property list) gets an error,
/// so a key is never printed or exported by accident.
extension SigningKey: Codable {
    /// Set it to `true` in an encoder's `userInfo` to let keys encode.
    public static let checkpointUserInfoKey = CodingUserInfoKey(rawValue: "v2vsim.checkpoint.signingKeys")!

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var seed: [UInt8] = []
        while !container.isAtEnd && seed.count <= SodiumEd25519.seedBytes { seed.append(try container.decode(UInt8.self)) }
        guard seed.count == SodiumEd25519.seedBytes else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "signing key seed is not \(SodiumEd25519.seedBytes) bytes"))
        }
        try self.init(seed: seed)
    }

    public func encode(to encoder: any Encoder) throws {
        guard encoder.userInfo[Self.checkpointUserInfoKey] as? Bool == true else {
            throw EncodingError.invalidValue(
                self, .init(codingPath: encoder.codingPath, debugDescription: "signing keys encode only into checkpoints"))
        }
        var container = encoder.unkeyedContainer()
        for byte in self.seedBytes { try container.encode(byte) }
    }
}
