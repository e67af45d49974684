import Scenario
import Trace

extension VisualizerLayout {
    /// The road and RSUs of `scenario`, placed as `Simulation` places them: RSUs evenly spaced along
    /// the road's length at y = -5 m (their count from `rsus.count`, else length / `rsus.every`).
    static func of(_ scenario: Scenario) -> VisualizerLayout {
        let road = scenario.road
        let count = scenario.ledger.rsuCount ?? max(1, Int((road.length / scenario.ledger.rsuSpacing).rounded(.down)))
        let spacing = road.length / Double(count)
        let rsus = (0..<count).map { i in
            VisualizerLayout.RSU(id: i, x: spacing * (Double(i) + 0.5), y: -5, range: scenario.ledger.rsuRange)
        }
        return VisualizerLayout(
            kind: road.kind == .ring ? .ring : .highway, length: road.length, lanes: road.lanes, laneWidth: road.laneWidth,
            onRamp: road.onRamp.map { ($0.start, $0.length) }, offRampPosition: road.offRampPosition, rsus: rsus,
            source: "scenario")
    }

    /// The layout of the scenario stored in `reader`'s trace, or nil (the FCD is used) when it has
    /// none or it no longer loads.
    static func of(trace reader: TraceReader) -> VisualizerLayout? {
        guard let text = reader.meta["scenario_text"] else { return nil }
        guard let scenario = try? ScenarioLoader.load(text: text, path: "\(reader.path) (scenario_text)") else {
            Terminal.error("note: the trace's scenario does not load here; the road is inferred from the vehicle positions")
            return nil
        }
        return .of(scenario)
    }
}
