import FuzzHarness
import V2X

/// libFuzzer entry point: any bytes must decode to a certificate or throw a `DecodeError`; a
/// decoded certificate re-encodes to the bytes it was read from.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCertificate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzHarness.bytes(data, size)
    var reader = ByteReader(bytes)
    guard let certificate = try? Certificate.decode(&reader) else { return 0 }
    precondition(certificate.encoded == Array(bytes.prefix(Certificate.encodedLength)), "re-encoding differs")
    _ = certificate.digest
    return 0
}

@_cdecl("FuzzCertificate_main")
public func fuzzCertificateMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.run(argc, argv) { fuzzCertificate($0, $1) }
}
