import SimKernel

/// Incident detection after each step: collisions, near misses (time to collision below the
/// threshold) and hard braking, each episode recorded once when it begins.
extension TrafficWorld {
    private static func pairKey(_ a: VehicleID, _ b: VehicleID) -> UInt64 { UInt64(a.raw) << 32 | UInt64(b.raw) }

    mutating func detectIncidents(now: SimTime) -> [Incident] {
        var incidents: [Incident] = []
        var stillNear: Set<UInt64> = []
        var stillColliding: Set<UInt64> = []
        for lane in self.laneOrder.indices {
            let order = self.laneOrder[lane]
            for k in order.indices {
                guard k > 0 || (self.highway.isRing && order.count > 1) else { continue }
                let leader = self.vehicles[order[k > 0 ? k - 1 : order.count - 1]]
                let me = self.vehicles[order[k]]
                let gap = self.gap(from: me, to: leader)
                let key = Self.pairKey(me.id, leader.id)
                if gap < 0 {
                    stillColliding.insert(key)
                    if !self.openCollisions.contains(key) {
                        incidents.append(Incident(time: now, kind: .collision, vehicle: me.id, other: leader.id, value: -gap))
                    }
                    continue
                }
                let closing = me.speed - leader.speed
                if closing > 0 {
                    let ttc = gap / closing
                    self.minimumTTC = min(self.minimumTTC, ttc)
                    if ttc < self.incidentConfig.nearMissTTC {
                        stillNear.insert(key)
                        if !self.openNearMisses.contains(key) {
                            incidents.append(Incident(time: now, kind: .nearMiss, vehicle: me.id, other: leader.id, value: ttc))
                        }
                    }
                }
            }
        }
        for v in self.vehicles {
            guard let (k, gap) = self.hazardAhead(lane: v.lane, position: v.position),
                  gap < v.speed * self.incidentConfig.nearMissTTC || gap < 0 else { continue }
            let other = Hazard.pseudoID(index: k)
            let key = Self.pairKey(v.id, other)
            if gap < 0, gap > -(self.highway.config.hazards[k].length + v.length) {
                stillColliding.insert(key)
                if !self.openCollisions.contains(key) {
                    incidents.append(Incident(time: now, kind: .collision, vehicle: v.id, other: other, value: -gap))
                }
            } else if gap >= 0, v.speed > 0, gap / v.speed < self.incidentConfig.nearMissTTC {
                self.minimumTTC = min(self.minimumTTC, gap / v.speed)
                stillNear.insert(key)
                if !self.openNearMisses.contains(key) {
                    incidents.append(Incident(time: now, kind: .nearMiss, vehicle: v.id, other: other, value: gap / v.speed))
                }
            }
        }
        self.openNearMisses = stillNear
        self.openCollisions = stillColliding
        var braking: Set<VehicleID> = []
        for v in self.vehicles where -v.acceleration > self.incidentConfig.hardBraking {
            braking.insert(v.id)
            if !self.openHardBraking.contains(v.id) {
                incidents.append(Incident(time: now, kind: .hardBraking, vehicle: v.id, other: nil, value: -v.acceleration))
            }
        }
        self.openHardBraking = braking
        return incidents
    }
}
