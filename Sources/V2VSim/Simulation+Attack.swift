import SimKernel
import Traffic
import V2VCrypto
import V2X

/// Attackers: who attacks (chosen at admission), and the frames they send instead of genuine beacons.
extension Simulation {
    /// The attack of a newly admitted vehicle: the first `attackers` entry that selects it.
    func attackState(vehicle raw: Int) -> AttackState? {
        for (i, config) in self.scenario.attackers.enumerated() {
            let selected: Bool
            switch config.selection {
            case let .vehicles(ids): selected = ids.contains(UInt32(raw))
            case let .fraction(p):
                var pick = RandomStream.derived(
                    seed: self.scenario.seed, component: "attacker-pick-\(i)", entity: UInt64(raw))
                selected = pick.bernoulli(p)
            }
            guard selected else { continue }
            var state = AttackState(type: config.type, start: config.start, replayDelay: config.replayDelay)
            state.denmInterval = config.denmInterval
            state.hazardDistance = config.hazardDistance
            if !config.type.isOutsider && config.type.replacesBeacons {
                let road = self.scenario.road
                let width = Double(road.lanes) * road.laneWidth
                state.behaviour = AttackerBehaviour(
                    type: config.type, playground: (-100, road.length + 100, -100, width + 100),
                    stream: RandomStream.derived(seed: self.scenario.seed, component: "attacker", entity: UInt64(raw)))
            }
            return state
        }
        return nil
    }

    /// The frame an active attacker sends at its beacon, or nil (an outsider with nothing to send).
    /// A frame that is exactly the genuine beacon carries no attack label (ground truth counts only
    /// manipulations, as VeReMi NextGen does). The attacker's station builds it; ghosts and one-use identities get credentials here, as the
    /// CA would enrol them.
    func attackFrame(vehicle raw: Int, genuine: SensorBroadcast) -> OutgoingFrame? {
        guard let station = self.agents[raw]?.station, let type = station.attack?.type else { return nil }
        let frame = station.attackFrame(
            genuine: genuine, now: self.now, extraPayload: self.scenario.beacons.extraPayload,
            credentials: { n in
                let key = self.pseudonymKey(vehicle: raw, index: n)
                return (key, self.issuePseudonym(key, owner: raw))
            })
        guard let frame else { return nil }
        return OutgoingFrame(
            sender: VehicleID(UInt32(raw)), x: genuine.x, y: genuine.y, envelope: frame.envelope, signer: frame.signer,
            publicKey: frame.publicKey, generated: self.now, signed: self.now + self.scenario.security.signCost,
            attacker: frame.manipulated ? type.name : nil)
    }
}
