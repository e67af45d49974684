import FuzzHarness
import Scenario

/// libFuzzer entry point for the scenario loader: any text, with any `--set` arguments, must load
/// or give located issues; never crash, hang or grow without bound (libFuzzer's -timeout and
/// -rss_limit_mb catch the last two). The bytes up to the first NUL are the file's text; each
/// NUL-separated part after it is one `--set` argument. A scenario that loads with overrides must
/// load again from the text it stores for the trace.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzHarness.bytes(data, size)
    let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
    guard let first = parts.first, let text = String(validating: first, as: UTF8.self) else { return 0 }
    let overrides = parts.dropFirst().compactMap { String(validating: $0, as: UTF8.self) }
    do {
        let scenario = try ScenarioLoader.load(text: text, path: "fuzz.yaml", overrides: overrides)
        if !overrides.isEmpty {
            do {
                _ = try ScenarioLoader.load(text: scenario.sourceText, path: "fuzz.yaml (stored)")
            } catch {
                preconditionFailure("the stored text of a loaded scenario does not load: \(error)")
            }
        }
    } catch {
        precondition(!error.issues.isEmpty, "a failed load must name at least one issue")
        for issue in error.issues { precondition(!issue.message.isEmpty, "an issue without a message") }
    }
    return 0
}

@_cdecl("FuzzScenario_main")
public func fuzzScenarioMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.run(argc, argv) { fuzzScenario($0, $1) }
}
