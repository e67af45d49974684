import V2VCrypto

/// The SHA-256 that a registration leaf records for the driving-policy model a vehicle runs.
///
/// A learned (MLP) policy is named by the digest of its `.safetensors` file bytes
/// (`LearnedPolicies.Entry.digest`), which is what an investigator can recompute from the model
/// file (`sha256sum`). The expert policy has no file, so it is named by the digest of a fixed
/// description string that changes whenever its behaviour does.
enum PolicyModelDigest {
    /// The canonical description of the expert policy; its UTF-8 SHA-256 is `expert`.
    static let expertDescription =
        "v2vsim.policy.expert.v1: IDM car-following (Treiber, Hennecke, Helbing 2000) and MOBIL lane changes "
        + "(Kesting et al. 2007), parameters from the scenario"

    /// SHA-256 of `expertDescription`.
    static let expert = SHA256.hash(Array(expertDescription.utf8))
}
