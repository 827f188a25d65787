import AXML
import Foundation
import FuzzSupport

// The aXML validator and reader, which take the files uploaded to the Asperion sandbox. Properties:
// no crash; every violation has a message and a path that is empty or absolute; the validator
// accepts exactly what the reader reads; what it accepts writes again as a file it accepts, which
// reads back as the same document.

@_cdecl("fuzz_axml_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.run(argc, argv, fuzzAXML)
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    Seeds.writeIfAsked {
        // The golden files: one real OpenCart order each, hostile names included.
        let golden = Seeds.repositoryRoot.appendingPathComponent("Tests/AsperionTests/Golden")
        let files = try FileManager.default.contentsOfDirectory(at: golden, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "xml" }.sorted { $0.path < $1.path }
        var seeds = try files.map { (name: $0.lastPathComponent, data: try Data(contentsOf: $0)) }
        // The corners of the grammar the golden files do not show.
        let corners = [
            "<?xml version='1.0' encoding='utf-8' standalone='yes'?><!-- c --><Asperion><![CDATA[x]]>&#x41;&#65;</Asperion>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE a [<!ENTITY e \"x\">]><Asperion>&e;</Asperion>",
        ]
        seeds += corners.enumerated().map { (name: "corner-\($0.offset).xml", data: Data($0.element.utf8)) }
        return seeds
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAXML(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = Fuzz.data(start, count)
    let violations = AXMLValidator.validate(data)
    for violation in violations {
        Fuzz.check(!violation.message.isEmpty, "a violation without message")
        Fuzz.check(violation.path.isEmpty || violation.path.hasPrefix("/"), "a relative path: \(violation.path)")
    }
    let document: AXMLDocument
    do {
        document = try AXMLReader.read(data)
    } catch {
        Fuzz.check(!violations.isEmpty, "the reader refused what the validator accepted: \(error)")
        return 0
    }
    Fuzz.check(violations.isEmpty, "the reader read what the validator refused: \(violations)")
    do {
        let again = try AXMLWriter.write(document)
        Fuzz.check(AXMLValidator.validate(again).isEmpty, "a read document wrote an invalid file")
        Fuzz.check(try AXMLReader.read(again) == document, "a written document read back differently")
    } catch {
        Fuzz.check(false, "an accepted file's document did not write again: \(error)")
    }
    return 0
}
