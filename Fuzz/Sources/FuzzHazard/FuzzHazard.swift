import FuzzHarness
import V2X

/// libFuzzer entry point for the hazard warning (DENM) payload: any bytes must decode or throw a
/// `DecodeError`, never crash; a decoded warning re-encodes to the fields it was read from (all
/// but the 2 reserved bytes, which the decoder skips and the encoder writes as zero).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHazard(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzHarness.bytes(data, size)
    guard let warning = try? HazardWarning.decode(bytes) else { return 0 }
    let fields = HazardWarning.encodedLength - 2
    precondition(Array(warning.encoded().prefix(fields)) == Array(bytes.prefix(fields)), "re-encoding differs")
    return 0
}

@_cdecl("FuzzHazard_main")
public func fuzzHazardMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.run(argc, argv) { fuzzHazard($0, $1) }
}
