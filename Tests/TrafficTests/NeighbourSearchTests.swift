import SimKernel
import Testing
@testable import Traffic

/// The binary searches in the sorted lanes return exactly what a scan of the lane returns, ties and
/// overlaps included (the scans below are the ones the world used before).
@Suite("Neighbour search")
struct NeighbourSearchTests {
    /// Cars and trucks at random spots of a 2-lane road, some level with each other and some
    /// overlapping, so that every tie-break is exercised.
    static func world(ring: Bool, length: Double, seed: UInt64) -> TrafficWorld {
        var road = RoadConfig()
        road.kind = ring ? .ring : .highway
        road.lanes = 2
        road.length = length
        var cars = TrafficGroup()
        cars.spawn = .count(0)
        var trucks = TrafficGroup()
        trucks.spawn = .count(0)
        trucks.idm = IDMParameters.defaults(forType: "truck")
        var world = TrafficWorld(road: road, groups: [cars, trucks], incidents: IncidentConfig(), seed: seed)
        var stream = RandomStream.derived(seed: seed, component: "test-layout")
        var spots: [Double] = []
        for _ in 0..<60 {
            // One in four lands on a spot already taken (in either lane).
            let spot = !spots.isEmpty && stream.bernoulli(0.25)
                ? spots[Int(stream.integer(below: UInt64(spots.count)))] : stream.uniform(in: 0..<length)
            spots.append(spot)
            world.addVehicle(
                group: stream.bernoulli(0.2) ? 1 : 0, lane: Int(stream.integer(below: 2)), position: spot,
                speed: stream.uniform(in: 0..<30))
        }
        return world
    }

    /// The lane scan `neighbours(lane:position:excluding:)` did before it searched.
    static func scannedNeighbours(
        _ w: TrafficWorld, lane: Int, position: Double, excluding: VehicleID?
    ) -> (leader: Int?, follower: Int?) {
        var leader: Int?
        var follower: Int?
        var ahead = Double.infinity
        var behind = Double.infinity
        for j in w.laneOrder[lane] {
            let other = w.vehicles[j]
            if other.id == excluding { continue }
            let forward = w.highway.forwardDistance(from: position, to: other.position)
            if w.highway.isRing {
                if forward > 0 && forward < ahead { ahead = forward; leader = j }
                let backward = w.highway.length - forward
                if backward > 0 && backward < behind && forward > 0 { behind = backward; follower = j }
                if forward == 0 && behind > 0 { behind = 0; follower = j }
            } else if forward > 0 {
                if forward < ahead { ahead = forward; leader = j }
            } else if -forward < behind {
                behind = -forward
                follower = j
            }
        }
        return (leader, follower)
    }

    /// The scan over all vehicles that `applyLaneChanges` did before it searched.
    static func scannedTargetLane(_ w: TrafficWorld, of i: Int, lane: Int) -> (leader: Int?, follower: Int?)? {
        let v = w.vehicles[i]
        var leader: (gap: Double, index: Int)?
        var follower: (gap: Double, index: Int)?
        for (j, other) in w.vehicles.enumerated() where other.lane == lane && other.id != v.id {
            let ahead = w.gap(from: v, to: other)
            let behind = w.gap(from: other, to: v)
            if w.highway.isRing {
                if ahead < w.highway.length / 2 ? ahead <= 0 : behind <= 0 { return nil }
            } else if other.position >= v.position ? ahead <= 0 : behind <= 0 {
                return nil
            }
            let isFollower = w.highway.isRing
                ? w.highway.forwardDistance(from: other.position, to: v.position) < w.highway.length / 2
                : other.position < v.position
            if isFollower {
                if follower == nil || behind < follower!.gap { follower = (behind, j) }
            } else if leader == nil || ahead < leader!.gap {
                leader = (ahead, j)
            }
        }
        return (leader?.index, follower?.index)
    }

    @Test("leader and follower by binary search equal the lane scan", arguments: [false, true])
    func neighbours(ring: Bool) {
        for seed in 0..<40 as Range<UInt64> {
            // A long road (sparse, long searches) and a short one (dense, many ties).
            for length in [2_000.0, 400.0] {
                let w = Self.world(ring: ring, length: length, seed: seed)
                var work = NeighbourSearchWork()
                var queries: [(Double, VehicleID?)] = w.vehicles.map { ($0.position, $0.id) }
                queries += w.vehicles.map { ($0.position, nil) }
                queries += [0, 0.5, length / 2, length - 0.5].map { ($0, nil) }
                var found = 0
                for (position, excluding) in queries {
                    for lane in 0..<2 {
                        let searched = w.neighbours(lane: lane, position: position, excluding: excluding, work: &work)
                        let scanned = Self.scannedNeighbours(w, lane: lane, position: position, excluding: excluding)
                        if scanned.leader != nil && scanned.follower != nil { found += 1 }
                        #expect(
                            searched.leader == scanned.leader && searched.follower == scanned.follower,
                            "seed \(seed), ring \(ring), length \(length), lane \(lane), at \(position): \(searched) vs \(scanned)")
                    }
                }
                #expect(found > queries.count / 2, "the layout gives most queries a leader and a follower")
            }
        }
    }

    @Test("target-lane neighbours for a lane change equal the scan over all vehicles", arguments: [false, true])
    func targetLane(ring: Bool) {
        for seed in 0..<40 as Range<UInt64> {
            for length in [2_000.0, 400.0, 120.0] {
                let w = Self.world(ring: ring, length: length, seed: seed)
                var work = NeighbourSearchWork()
                var outcomes = (overlaps: 0, both: 0)
                for i in w.vehicles.indices {
                    let lane = 1 - w.vehicles[i].lane
                    let searched = w.targetLaneNeighbours(of: i, lane: lane, work: &work)
                    let scanned = Self.scannedTargetLane(w, of: i, lane: lane)
                    if let scanned {
                        if scanned.leader != nil && scanned.follower != nil { outcomes.both += 1 }
                    } else {
                        outcomes.overlaps += 1
                    }
                    #expect(
                        searched?.leader == scanned?.leader && searched?.follower == scanned?.follower
                            && (searched == nil) == (scanned == nil),
                        "seed \(seed), ring \(ring), length \(length), vehicle \(i): \(String(describing: searched)) vs \(String(describing: scanned))")
                }
                // Both outcomes occur, so the comparison covers overlaps and neighbours alike.
                #expect(length > 500 || outcomes.overlaps > 0, "seed \(seed), length \(length): no overlap")
                #expect(length < 300 || outcomes.both > 0, "seed \(seed), length \(length): no neighbours")
            }
        }
    }
}
