/// The part every libFuzzer target of this package shares: handing control to libFuzzer's driver.
///
/// libFuzzer's own `main` is renamed away when SwiftPM links an executable, which calls
/// `<target>_main` instead; each target defines that entry point (`@_cdecl("Fuzz…_main")`, a
/// name only the target knows) and forwards it here with its `LLVMFuzzerTestOneInput` body.
public enum FuzzHarness {
    /// One fuzz input: its bytes and their count. Return 0; anything else is reserved by libFuzzer.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>, Int) -> CInt

    /// Runs libFuzzer's driver with the process arguments and `body` as the test function.
    public static func run(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: TestOneInput
    ) -> CInt {
        var count = argc
        var vector = argv
        return runFuzzerDriver(&count, &vector, body)
    }

    /// The input as an array (libFuzzer may pass a null pointer with size 0).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}

/// libFuzzer's driver (compiler-rt); present only when linked with `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzHarness.TestOneInput
) -> CInt
