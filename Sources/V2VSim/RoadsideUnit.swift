import Ledger
import SimKernel
import V2VCrypto
import V2X

/// One roadside unit: a fixed station that verifies what it hears and keeps a mempool of message
/// digests for the chain.
struct RoadsideUnit {
    let id: RSUID
    let x: Double
    let y: Double
    let key: SigningKey
    var verifier: StationVerifier
    var mempool: Mempool
    var processor: VerificationProcessor
}
