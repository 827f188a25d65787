import Foundation
import FuzzSupport
import StrictJSON

// The strict JSON check of every push body. Properties: no crash; an error's offset lies within
// the input; whatever the check accepts, Foundation's reader (behind it in the push decoder)
// reads too.

@_cdecl("fuzz_strict_json_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.run(argc, argv, fuzzStrictJSON)
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    Seeds.writeIfAsked {
        var seeds = try Seeds.fixtureFiles().map { (name: Seeds.name(for: $0), data: try Data(contentsOf: $0)) }
        // The corners of the grammar the fixtures do not show.
        let corners = [
            #"["\" \\ \/ \b \f \n \r \t \u0041 \u00e9 \uD834\uDD1E é € 𝄞"]"#,
            #"[0, -0, -0.0e-0, 1E+2, 12.5e-3, 1e300, 1e-300, 0e99999, true, false, null, {}, [], ""]"#,
            #"{"a":{"a":{"a":1}},"b":{"a":2},"c":[{"a":1},{"a":2}],"\u0061b":3}"#,
        ]
        seeds += corners.enumerated().map { (name: "corner-\($0.offset).json", data: Data($0.element.utf8)) }
        return seeds
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStrictJSON(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = Fuzz.data(start, count)
    do {
        try StrictJSON.validate(data)
    } catch {
        Fuzz.check(error.offset >= 0 && error.offset <= count, "offset \(error.offset) outside \(count) bytes")
        Fuzz.check(!error.message.isEmpty, "an error without message")
        return 0
    }
    do {
        _ = try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
    } catch {
        Fuzz.check(false, "the strict check took JSON that Foundation refuses: \(error)")
    }
    return 0
}
