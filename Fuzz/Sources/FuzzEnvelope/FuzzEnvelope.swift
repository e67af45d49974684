import V2X

/// libFuzzer entry point: any bytes must decode to an envelope or throw a `DecodeError`, never
/// crash; a decoded envelope must re-expose exactly the input bytes, and verifying it must return
/// a verdict.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let envelope = try? SignedEnvelope.decode(bytes) else { return 0 }
    precondition(envelope.bytes == bytes, "decode must keep the bytes")
    precondition(envelope.signedBytes.count + envelope.signatureBytes.count == bytes.count)
    if envelope.type == .cam { _ = try? SensorBroadcast.decode(envelope.payload) }
    return 0
}

/// libFuzzer's driver (compiler-rt), called from the entry point that SwiftPM links executables
/// against (`<target>_main`), since libFuzzer's own `main` is renamed away.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzEnvelope_main")
public func fuzzEnvelopeMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var vector = argv
    return runFuzzerDriver(&count, &vector) { fuzzEnvelope($0, $1) }
}
