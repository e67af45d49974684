import Ledger
import SimKernel
import V2VCrypto
import V2X

/// One roadside unit's V2X side: a fixed station that verifies what it hears. What it accepts goes
/// to its consensus node and mempool in the run's `RSUNetwork`.
struct RoadsideUnit {
    let id: RSUID
    let x: Double
    let y: Double
    let key: SigningKey
    var verifier: StationVerifier
    var processor: VerificationProcessor
}
