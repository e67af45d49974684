import Scenario
import Trace
import V2VSim
import V2VTestSupport

/// Runs `scenario` into `DIR/trace.sqlite` in a fresh temporary directory (named after `label`),
/// the way `v2vsim run` records one: meta first, summary keys at the end.
func recordRun(_ scenario: Scenario, label: String) throws -> (summary: RunSummary, trace: String) {
    let trace = try TestPaths.temporaryDirectory(label) + "/trace.sqlite"
    let recorder = try TraceRecorder(path: trace, meta: TraceMeta(
        scenarioName: scenario.name, scenarioText: scenario.sourceText, seed: scenario.seed,
        programVersion: Simulation.programVersion), receptions: scenario.record.receptions)
    let summary = try Simulation(scenario: scenario).run(recorder: recorder)
    try recorder.finish(summary: summary.metaEntries)
    return (summary, trace)
}
