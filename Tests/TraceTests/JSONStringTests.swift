import Foundation
import Testing

import Trace

@Suite("JSON string literals")
struct JSONStringTests {
    @Test(
        "escapes quotes, backslashes, control characters and script-breaking characters",
        arguments: [
            ("plain", "\"plain\""), ("a\"b", "\"a\\\"b\""), ("back\\slash", "\"back\\\\slash\""),
            ("line\nfeed\ttab\rret", "\"line\\nfeed\\ttab\\rret\""), ("\u{1}\u{1f}", "\"\\u0001\\u001f\""),
            ("</script>", "\"\\u003c/script>\""), ("\u{2028}\u{2029}", "\"\\u2028\\u2029\""), ("é→🚗", "\"é→🚗\""),
        ])
    func literal(input: String, expected: String) {
        #expect(JSONString.literal(input) == expected)
    }

    @Test("every literal parses back to the same string with Foundation's JSON parser")
    func roundTrip() throws {
        let samples = ["", "x", "\"\\\n\r\t\u{0}\u{7f}", "<b>\u{2028}</b>", String((0..<128).map { Character(UnicodeScalar($0)!) })]
        for sample in samples {
            let parsed = try JSONSerialization.jsonObject(with: Data(JSONString.literal(sample).utf8), options: .fragmentsAllowed)
            #expect(parsed as? String == sample)
        }
    }
}
