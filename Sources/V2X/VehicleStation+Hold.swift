import SimKernel
import V2VCrypto

/// The pending-certificate hold (`p2p_hold`): a digest-signed CAM whose signer this station does
/// not know waits for the certificate, and goes through the verifier when it arrives.
extension VehicleStation {
    /// Messages waiting in the hold.
    public var heldCount: Int { self.hold.count }

    /// Whether `envelope`, just found `unknown_signer`, waits in the hold: CAMs only (the only
    /// messages signed by digest, ETSI TS 103 097 §7.1.1), with the hold and distribution on.
    func holds(_ envelope: SignedEnvelope) -> Bool {
        let p2p = self.config.p2p
        return p2p.enabled && p2p.hold && p2p.holdLimit > 0 && envelope.type == .cam
    }

    /// Verifies the held messages signed by `signer`, whose certificate became known at `now`, in
    /// arrival order: each is charged a verification on the processor now, its signature is
    /// checked (libsodium, through the memo) and its freshness judged at `now`, with its real age.
    func release<Road: StationRoad>(
        signer: CertificateDigest, at now: SimTime, receiver: ReceiverState, road: Road, memo: any SignatureChecking,
        sensor: (HazardWarning) -> HazardSensorView?
    ) -> [HeldVerdict] {
        self.hold.take(signer: signer).map { message in
            guard let timing = self.chargeVerification(arrival: now) else {
                return HeldVerdict(
                    ticket: message.ticket, arrival: message.arrival, resolution: .resolved,
                    verdict: ReceptionVerdict(outcome: .rejected(.queueOverflow), timing: nil))
            }
            let result = self.verifier.verify(decoded: .success(message.envelope), now: now, memo: memo)
            var verdict = ReceptionVerdict(outcome: result.outcome, timing: timing)
            verdict.messageType = message.envelope.type
            if result.outcome.isUsable {
                self.take(
                    message.envelope, digest: message.frameDigest, receiver: receiver, road: road, sensor: sensor,
                    firstChecked: message.firstCheck?.done ?? message.arrival, into: &verdict)
            }
            return HeldVerdict(ticket: message.ticket, arrival: message.arrival, resolution: .resolved, verdict: verdict)
        }
    }

    /// Rejects a held message that got no certificate: `unknown_signer`, decided at `time`.
    func unresolved(_ message: HeldMessage, _ resolution: HoldResolution, at time: SimTime) -> HeldVerdict {
        let start = message.firstCheck?.start ?? message.arrival
        var verdict = ReceptionVerdict(
            outcome: .rejected(.unknownSigner), timing: VerificationTiming(start: start, done: max(start, time)))
        verdict.messageType = message.envelope.type
        return HeldVerdict(ticket: message.ticket, arrival: message.arrival, resolution: resolution, verdict: verdict)
    }

    /// Rejects the held messages whose `p2p_hold_time` has passed at `now`, each decided at the
    /// moment its hold time ran out (so when this is asked changes no verdict and no time).
    public func expireHeld(at now: SimTime) -> [HeldVerdict] {
        let holdTime = self.config.p2p.holdTime
        return self.hold.expire(at: now, holdTime: holdTime).map {
            self.unresolved($0, .expired, at: $0.arrival + holdTime)
        }
    }

    /// Rejects every held message at `now` (the vehicle leaves the road): nothing leaves unrecorded.
    public func expireAllHeld(at now: SimTime) -> [HeldVerdict] {
        let holdTime = self.config.p2p.holdTime
        return self.hold.takeAll().map { self.unresolved($0, .expired, at: min(now, $0.arrival + holdTime)) }
    }
}
