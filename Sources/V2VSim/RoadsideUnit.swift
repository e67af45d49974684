import Ledger
import SimKernel
import V2VCrypto
import V2X

/// One roadside unit: a fixed station that verifies what it hears and keeps a mempool of leaves for
/// the chain (digests of messages it heard, and what vehicles in range handed it).
struct RoadsideUnit {
    let id: RSUID
    let x: Double
    let y: Double
    let key: SigningKey
    var verifier: StationVerifier
    var mempool: LeafPool
    var processor: VerificationProcessor
}
