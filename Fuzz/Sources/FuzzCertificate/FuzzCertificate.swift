import V2X

/// libFuzzer entry point: any bytes must decode to a certificate or throw a `DecodeError`; a
/// decoded certificate re-encodes to the bytes it was read from.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCertificate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var reader = ByteReader(bytes)
    guard let certificate = try? Certificate.decode(&reader) else { return 0 }
    precondition(certificate.encoded == Array(bytes.prefix(Certificate.encodedLength)), "re-encoding differs")
    _ = certificate.digest
    return 0
}

/// libFuzzer's driver (compiler-rt), called from the entry point that SwiftPM links executables
/// against (`<target>_main`), since libFuzzer's own `main` is renamed away.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

@_cdecl("FuzzCertificate_main")
public func fuzzCertificateMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var vector = argv
    return runFuzzerDriver(&count, &vector) { fuzzCertificate($0, $1) }
}
