import Foundation
import FuzzSupport
import KoppelCore
import OpenCart

// The body of POST /api/v1/settings as koppel-fcgi reads it: the strict JSON check, the decoder,
// the validation and the canonical form the store keeps. Properties: no crash; a refusal says
// what and where; accepted settings have a canonical form that reads back as the same settings.

@_cdecl("fuzz_settings_push_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.run(argc, argv, fuzzSettingsPush)
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    Seeds.writeIfAsked {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try PushFixtures.settingsExports().map { file in
            let rows = try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: file))
            return (Seeds.name(for: file, prefix: "settings-"), try encoder.encode(try rows.shopSettings()))
        }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSettingsPush(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let body = Fuzz.data(start, count)
    let settings: ShopSettings
    do {
        settings = try PushDecoding.settings(from: body)
    } catch {
        switch error {
        case .malformedJSON(let message, let field):
            Fuzz.check(
                !message.isEmpty && field?.isEmpty != true, "malformed JSON without message or with an empty field")
        case .invalidField(let fieldError):
            Fuzz.check(
                !fieldError.field.isEmpty && !fieldError.message.isEmpty, "an invalid field without name or message")
        }
        return 0
    }
    do {
        let canonical = try settings.canonicalJSON()
        let reread = try PushDecoding.settings(from: canonical)
        Fuzz.check(reread == settings, "the stored form reads back as other settings")
        Fuzz.check(try reread.canonicalJSON() == canonical, "the canonical form is not stable")
    } catch {
        Fuzz.check(false, "the stored form of accepted settings is refused: \(error)")
    }
    return 0
}
