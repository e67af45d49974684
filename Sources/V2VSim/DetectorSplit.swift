import SimKernel

/// The vehicle-disjoint train/test split of detector samples.
///
/// Split by vehicle, in both roles: in each run, a seeded draw puts `testFraction` of the honest
/// vehicles and the same share of the attackers (at least one when the run has two or more) in the
/// test set, the rest in the training set. A reception goes to the set that holds both its sender
/// and its receiver; a reception between the two sets is dropped. So no vehicle's messages, sent or
/// heard, are in both sets, and neither is any receiver's view of the traffic. A vehicle of one run
/// and the vehicle with the same number in another run are different vehicles (different seeds).
public struct DetectorSplit: Sendable, Equatable {
    /// Which set each sample of each run went to.
    public enum Side: Sendable, Equatable { case train, test, dropped }

    /// Per run, per sample, its side.
    public private(set) var sides: [[Side]] = []
    /// Per run, the vehicles put in the test set, ascending.
    public private(set) var testVehicles: [[UInt32]] = []

    /// Splits `runs` (each run's samples in reception order).
    /// - Parameters:
    ///   - testFraction: share of vehicles in the test set, in (0, 1).
    ///   - seed: the draw's seed (the training seed).
    public init(runs: [[DetectorSample]], testFraction: Double, seed: UInt64) {
        for (r, samples) in runs.enumerated() {
            var attackers = Set<UInt32>()
            var vehicles = Set<UInt32>()
            for s in samples {
                vehicles.insert(s.sender)
                vehicles.insert(s.receiver)
                if s.isAttack { attackers.insert(s.sender) }
            }
            var test = Set<UInt32>()
            for group in [vehicles.subtracting(attackers), attackers] {
                // Order by a seeded key, so that the choice is a draw but does not depend on set order.
                let ordered = group.sorted().map { v -> (key: UInt64, vehicle: UInt32) in
                    var stream = RandomStream.derived(seed: seed, component: "detector-split", entity: UInt64(r) << 32 | UInt64(v))
                    return (stream.next(), v)
                }.sorted { $0.key != $1.key ? $0.key < $1.key : $0.vehicle < $1.vehicle }
                var n = Int((Double(ordered.count) * testFraction).rounded())
                if ordered.count >= 2 { n = min(max(n, 1), ordered.count - 1) }
                for entry in ordered.prefix(n) { test.insert(entry.vehicle) }
            }
            self.testVehicles.append(test.sorted())
            self.sides.append(samples.map { s in
                let senderTest = test.contains(s.sender)
                let receiverTest = test.contains(s.receiver)
                return senderTest == receiverTest ? (senderTest ? .test : .train) : .dropped
            })
        }
    }

    /// How many samples went to `side`.
    public func count(_ side: Side) -> Int { self.sides.reduce(0) { $0 + $1.filter { $0 == side }.count } }
}
