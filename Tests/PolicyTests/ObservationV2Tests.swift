import NeuralNet
import Testing
import Traffic

@testable import Policy

@Suite("Observation v2")
struct ObservationV2Tests {
    @Test("features follow the documented layout and normalisation")
    func knownValues() {
        var neighbours = [ObservationV2.Neighbour?](repeating: nil, count: 6)
        neighbours[ObservationV2.Slot.ownLeader.rawValue] = .init(gap: 50, relativeSpeed: -5, source: .sensor)
        neighbours[ObservationV2.Slot.leftFollower.rawValue] = .init(gap: 20, relativeSpeed: 30, source: .v2v)
        neighbours[ObservationV2.Slot.rightLeader.rawValue] = .init(gap: 250, relativeSpeed: 0, source: .v2v)  // beyond 200 m
        let o = ObservationV2(
            speed: 30, desiredSpeed: 36, speedLimit: 50, lane: 1, lanes: 3, neighbours: neighbours,
            hazard: .init(distance: 125, laneOffset: -3, source: .v2v), laneEnd: nil)
        let f = o.features
        #expect(ObservationV2.featureCount == 36 && f.count == 36)
        #expect(Array(f[0..<6]) == [0.75, 0.9, 1, 0.5, 1, 1])
        #expect(Array(f[6..<10]) == [1, 0.25, -0.25, 0])   // own leader, sensor
        #expect(Array(f[10..<14]) == [0, 1, 0, 0])         // own follower: nobody
        #expect(Array(f[14..<18]) == [0, 1, 0, 0])         // left leader: nobody
        #expect(Array(f[18..<22]) == [1, 0.1, 1, 1])       // left follower, V2V, relative speed clamped
        #expect(Array(f[22..<26]) == [0, 1, 0, 0])         // right leader beyond the horizon
        #expect(Array(f[30..<34]) == [1, 0.25, -1, 1])     // hazard two or more lanes to the right, clamped
        #expect(Array(f[34..<36]) == [0, 1])               // no lane end
    }

    @Test("any input, NaN and extremes included, stays within [-1, 1]")
    func bounded() {
        let extreme = ObservationV2.Neighbour(gap: -.infinity, relativeSpeed: .nan, source: .v2v)
        for value in [Double.nan, -.infinity, .infinity, -1e300, 1e300, 0] {
            let o = ObservationV2(
                speed: value, desiredSpeed: value, speedLimit: value, lane: 7, lanes: 0,
                neighbours: Array(repeating: extreme, count: 6), hazard: .init(distance: value, laneOffset: .min, source: .sensor),
                laneEnd: value)
            #expect(o.features.allSatisfy { $0 >= -1 && $0 <= 1 }, "input \(value): \(o.features)")
        }
    }

    @Test("a v2 weights file loads as a lane-choosing policy; a v2 file with one output is refused")
    func versionGate() throws {
        #expect(ObservationVersion.v1.featureCount == 4 && ObservationVersion.v2.featureCount == 36)
        #expect(ObservationVersion.v1.outputCount == 1 && ObservationVersion.v2.outputCount == 4)
        #expect(ObservationVersion(rawValue: PolicyFile.features) == .v1)
        let one = MultilayerPerceptron(layers: [DenseLayer(inputs: 36, outputs: 1, weights: .init(repeating: 0, count: 36), biases: [0])])
        let bad = Safetensors.write(tensors: one.namedTensors, metadata: ["format": PolicyFile.format, "features": "observation-v2"])
        #expect(throws: PolicyFileError(path: "v2.safetensors", problem: "network maps 36 inputs to 1 outputs; a policy needs "
            + "36 → 4 for 'observation-v2'")) {
            _ = try PolicyFile.decode(bad, path: "v2.safetensors")
        }
        // Accelerate 0.5 m/s², logits left 0, keep 0, right 2: the arg max is right.
        let four = MultilayerPerceptron(layers: [DenseLayer(
            inputs: 36, outputs: 4, weights: .init(repeating: 0, count: 144), biases: [0.5, 0, 0, 2])])
        let policy = try PolicyFile.decode(PolicyFile.encode(four, observation: .v2), path: "v2.safetensors")
        #expect(policy.observation == .v2)
        let o = ObservationV2(speed: 20, desiredSpeed: 30, speedLimit: 33, lane: 1, lanes: 3)
        #expect(policy.action(for: o) == LearnedDecision(acceleration: 0.5, lane: .right))
    }
}
