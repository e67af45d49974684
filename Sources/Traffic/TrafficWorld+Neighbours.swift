/// Neighbour and leader search on the sorted lanes (`laneOrder`, front first) by binary search, so
/// that a query costs O(log n) probes plus the few vehicles that stand at the same spot, never a
/// scan of the lane.
///
/// Each search returns exactly what a scan of the whole lane in lane order (or, for
/// `targetLaneNeighbours`, in vehicle order) would return, ties included: the positions along a
/// lane order are monotone, so the vehicles a scan could pick form a short run next to the
/// boundary that the binary search finds, and only that run is examined.
extension TrafficWorld {
    /// Index of the first vehicle in `laneOrder[lane]` whose position is below `position`
    /// (`strictly`), or at or below it (not `strictly`); the lane's count when there is none.
    func laneIndex(
        _ lane: Int, below position: Double, strictly: Bool, work: inout NeighbourSearchWork
    ) -> Int {
        var low = 0
        var high = self.laneOrder[lane].count
        while low < high {
            let mid = (low + high) / 2
            work.probes += 1
            let p = self.vehicles[self.laneOrder[lane][mid]].position
            if strictly ? p >= position : p > position { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Index into `vehicles` of the vehicle with `id`, by binary search (vehicles are kept in
    /// ascending id order: spawn order, and removals keep it).
    func index(of id: VehicleID, work: inout NeighbourSearchWork) -> Int? {
        var low = 0
        var high = self.vehicles.count
        while low < high {
            let mid = (low + high) / 2
            work.probes += 1
            if self.vehicles[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < self.vehicles.count && self.vehicles[low].id == id ? low : nil
    }

    /// The nearest vehicles ahead of and behind road position `position` in `lane` (indices into
    /// `vehicles`), using the snapshot order; on a ring, around the circle. `excluding` is skipped.
    ///
    /// The result is the one a scan of the lane in lane order gives (first vehicle with the least
    /// forward distance ahead; behind, first one at the same spot, else the least distance back).
    /// Along the lane order the lane splits into vehicles ahead (`0..<atOrBelow`), level
    /// (`atOrBelow..<below`) and behind (`below...`); within each part the forward distance never
    /// grows, so each answer sits at one end of a part.
    ///
    /// - Complexity: O(log n) probes plus the vehicles that share the chosen distance.
    func neighbours(
        lane: Int, position: Double, excluding: VehicleID?, work: inout NeighbourSearchWork
    ) -> (leader: Int?, follower: Int?) {
        let order = self.laneOrder[lane]
        guard !order.isEmpty else { return (nil, nil) }
        let atOrBelow = self.laneIndex(lane, below: position, strictly: false, work: &work)
        let below = self.laneIndex(lane, below: position, strictly: true, work: &work)
        func skipped(_ k: Int) -> Bool { self.vehicles[order[k]].id == excluding }
        func forward(_ k: Int) -> Double {
            work.examined += 1
            return self.highway.forwardDistance(from: position, to: self.vehicles[order[k]].position)
        }
        // The least forward distance in `part` (it sits at the part's end) and the first vehicle of
        // lane order that has it.
        func nearestAhead(in part: Range<Int>) -> (k: Int, distance: Double)? {
            var k = part.upperBound - 1
            while k >= part.lowerBound && skipped(k) { k -= 1 }
            guard k >= part.lowerBound else { return nil }
            let distance = forward(k)
            var first = k
            var j = k - 1
            while j >= part.lowerBound {
                if !skipped(j) {
                    guard forward(j) == distance else { break }
                    first = j
                }
                j -= 1
            }
            return (first, distance)
        }
        // The first vehicle of `part` with a positive distance back (`length` − forward), which is
        // the least there, with that distance.
        func nearestBehind(in part: Range<Int>) -> (k: Int, distance: Double)? {
            for k in part where !skipped(k) {
                let back = self.highway.length - forward(k)
                if back > 0 { return (k, back) }
            }
            return nil
        }
        func firstUnskipped(in part: Range<Int>) -> Int? { part.first { !skipped($0) } }

        guard self.highway.isRing else {
            // Ahead: the least positive distance; behind (distance ≤ 0): the first at or below.
            let leader = nearestAhead(in: 0..<atOrBelow)?.k
            let follower = firstUnskipped(in: atOrBelow..<order.count)
            return (leader.map { order[$0] }, follower.map { order[$0] })
        }
        // On a ring every vehicle is both ahead and behind. Ahead: the least positive forward
        // distance, among those ahead without wrapping and those behind (reached around the circle);
        // on a tie the earlier in lane order.
        var leader: Int?
        switch (nearestAhead(in: 0..<atOrBelow), nearestAhead(in: below..<order.count)) {
        case let (a?, b?): leader = a.distance <= b.distance ? a.k : b.k
        case let (a?, nil): leader = a.k
        case let (nil, b?): leader = b.k
        case (nil, nil): leader = nil
        }
        // Behind: a vehicle level with the position, else the least positive distance back.
        var follower = firstUnskipped(in: atOrBelow..<below)
        if follower == nil {
            switch (nearestBehind(in: 0..<atOrBelow), nearestBehind(in: below..<order.count)) {
            case let (a?, b?): follower = a.distance <= b.distance ? a.k : b.k
            case let (a?, nil): follower = a.k
            case let (nil, b?): follower = b.k
            case (nil, nil): follower = nil
            }
        }
        return (leader.map { order[$0] }, follower.map { order[$0] })
    }
}

extension TrafficWorld {
    /// The nearest vehicle each way in `lane` for vehicle `i` moving into it, as the vehicles now
    /// are (indices into `vehicles`), or nil when one of them overlaps it there.
    ///
    /// Exactly what a scan over all vehicles of the lane in vehicle order gives: leader = least gap
    /// ahead, follower = least gap behind, ties to the lower index; on a ring "ahead" and "behind"
    /// are the nearer way around. Only vehicles within the longest vehicle length (plus a metre of
    /// slack for rounding) can overlap, the follower is the first behind (gaps behind are measured
    /// to the changer's own rear, so they grow with distance), and a vehicle farther ahead than the
    /// best gap plus the longest length cannot have a smaller gap: so only that window is examined.
    func targetLaneNeighbours(
        of i: Int, lane: Int, work: inout NeighbourSearchWork
    ) -> (leader: Int?, follower: Int?)? {
        let v = self.vehicles[i]
        let order = self.laneOrder[lane]
        let n = order.count
        guard n > 0 else { return (nil, nil) }
        let ring = self.highway.isRing
        let half = self.highway.length / 2
        let slack = 1.0
        let reach = self.longestVehicle + slack
        if ring && 2 * (reach + v.length + slack) >= half {
            // A ring so short that the windows would wrap onto each other: scan the lane.
            return self.scanTargetLane(of: i, candidates: order, work: &work)
        }
        // Lane order from the changer's position: vehicles level with it are `level..<start`.
        let start = self.laneIndex(lane, below: v.position, strictly: true, work: &work)
        let level = self.laneIndex(lane, below: v.position, strictly: false, work: &work)
        var candidates: [Int] = []
        // Behind, nearest first (around the circle on a ring), while an overlap or a tie with the
        // nearest is possible.
        var firstBack: Double?
        for s in 0..<(n - (start - level)) {
            let k = start + s
            guard ring || k < n else { break }
            let j = order[k % n]
            let back = self.highway.forwardDistance(from: self.vehicles[j].position, to: v.position)
            if let firstBack, back > max(firstBack, v.length) + slack { break }
            firstBack = firstBack ?? back
            candidates.append(j)
        }
        // Level and ahead, nearest first, while an overlap or a smaller gap is possible; on a ring
        // no farther than half way round, where vehicles count as behind.
        var bestAhead = Double.infinity
        for s in 0..<n {
            let k = start - 1 - s
            guard ring || k >= 0 else { break }
            let j = order[(k + n) % n]
            let distance = self.highway.forwardDistance(from: v.position, to: self.vehicles[j].position)
            if distance > reach && distance - self.longestVehicle > bestAhead + slack { break }
            if ring && distance > half + reach { break }
            bestAhead = min(bestAhead, distance - self.vehicles[j].length)
            candidates.append(j)
        }
        candidates.sort()
        var unique: [Int] = []
        unique.reserveCapacity(candidates.count)
        for j in candidates where unique.last != j { unique.append(j) }
        return self.scanTargetLane(of: i, candidates: unique, work: &work)
    }

    /// The scan itself over `candidates` (indices into `vehicles`, ascending for the ties).
    private func scanTargetLane(
        of i: Int, candidates: [Int], work: inout NeighbourSearchWork
    ) -> (leader: Int?, follower: Int?)? {
        let v = self.vehicles[i]
        var leader: (gap: Double, index: Int)?
        var follower: (gap: Double, index: Int)?
        for j in candidates where j != i {
            work.examined += 1
            let other = self.vehicles[j]
            let ahead = self.gap(from: v, to: other)
            let behind = self.gap(from: other, to: v)
            if self.highway.isRing {
                // Either the other is ahead (its rear beyond our front) or behind; both gaps
                // measured around the circle, the nearer way decides.
                if ahead < self.highway.length / 2 ? ahead <= 0 : behind <= 0 { return nil }
            } else if other.position >= v.position ? ahead <= 0 : behind <= 0 {
                return nil
            }
            let isFollower = self.highway.isRing
                ? self.highway.forwardDistance(from: other.position, to: v.position) < self.highway.length / 2
                : other.position < v.position
            if isFollower {
                if follower == nil || behind < follower!.gap { follower = (behind, j) }
            } else if leader == nil || ahead < leader!.gap {
                leader = (ahead, j)
            }
        }
        return (leader?.index, follower?.index)
    }
}
