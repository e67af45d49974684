import FuzzHarness
import V2X

/// libFuzzer entry point: any bytes must decode to an envelope or throw a `DecodeError`, never
/// crash; a decoded envelope must re-expose exactly the input bytes, and its payload must decode
/// or fail with a `DecodeError` as well.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = FuzzHarness.bytes(data, size)
    guard let envelope = try? SignedEnvelope.decode(bytes) else { return 0 }
    precondition(envelope.bytes == bytes, "decode must keep the bytes")
    precondition(envelope.signedBytes.count + envelope.signatureBytes.count == bytes.count)
    precondition(envelope.requests.count <= SignedEnvelope.maximumRequests, "the request count is capped")
    if let answer = envelope.requestedCertificate {
        precondition(answer.encoded.count == Certificate.encodedLength, "a requested certificate is one whole certificate")
    }
    switch envelope.type {
    case .cam: _ = try? SensorBroadcast.decode(envelope.payload)
    case .denm: _ = try? HazardWarning.decode(envelope.payload)
    case .uplink: _ = try? UplinkPayload.decode(envelope.payload)
    case .uplinkAck: _ = try? UplinkAck.decode(envelope.payload)
    }
    return 0
}

@_cdecl("FuzzEnvelope_main")
public func fuzzEnvelopeMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.run(argc, argv) { fuzzEnvelope($0, $1) }
}
