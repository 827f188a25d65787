import Foundation
import Testing

@testable import AXML

/// The validator faces uploaded bytes: whatever they are, it answers, and what it accepts reads back
/// and writes again as a valid file.
struct AXMLRobustnessTests {
    /// Every byte of the sample deleted, or replaced by a byte that matters to XML, and every prefix.
    @Test func everySingleByteDamageIsAnsweredAndAcceptedFilesRoundTrip() throws {
        let original = Array(try AXMLWriter.write(Sample.document))
        let replacements: [UInt8] = [
            UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"), UInt8(ascii: "/"), 0x00, 0xC3, UInt8(ascii: "9"),
        ]
        var variants: [[UInt8]] = []
        for index in original.indices {
            var deleted = original
            deleted.remove(at: index)
            variants.append(deleted)
            variants.append(Array(original[..<index]))
            for byte in replacements where original[index] != byte {
                var replaced = original
                replaced[index] = byte
                variants.append(replaced)
            }
        }
        var accepted = 0
        for bytes in variants {
            let data = Data(bytes)
            guard AXMLValidator.validate(data).isEmpty else { continue }
            accepted += 1
            let document = try AXMLReader.read(data)
            let again = try AXMLWriter.write(document)
            #expect(AXMLValidator.validate(again) == [])
            #expect(try AXMLReader.read(again) == document)
        }
        // Some damage stays valid (a digit in a name, a deleted space between elements), most does not.
        #expect(accepted > 0 && accepted < variants.count / 2, "\(accepted) of \(variants.count)")
    }

    @Test func deepNestingIsRefusedWithoutRecursingFurther() {
        let depth = 100_000
        let text =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + String(repeating: "<Asperion>", count: depth)
            + String(repeating: "</Asperion>", count: depth)
        let found = AXMLValidator.validate(Data(text.utf8))
        #expect(found.count == 1 && found.first?.kind == .notWellFormed)
        #expect(found.first?.message.contains("nested deeper than 32") == true, "\(found)")
    }

    @Test func entityExpansionIsNeverAttempted() {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE Asperion [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <Asperion>&xxe;</Asperion>
            """
        #expect(
            AXMLValidator.validate(Data(text.utf8)) == [
                AXMLViolation(.notWellFormed, "", "not well-formed XML at line 2, column 1: a DOCTYPE is not allowed")
            ])
    }

    /// A large day: 5,000 orders of 3 lines. Prints the times; asserts only that it is valid.
    @Test func aLargeFileIsValidated() throws {
        var document = Sample.document
        document.orders = (1...5_000).map { number in
            var order = Sample.document.orders[0]
            order.orderNumber = "K7Q-\(number)"
            order.description = "Bestelling K7Q-\(number)"
            return order
        }
        let clock = ContinuousClock()
        var data = Data()
        let writing = try clock.measure { data = try AXMLWriter.write(document) }
        var violations: [AXMLViolation] = []
        let validating = clock.measure { violations = AXMLValidator.validate(data) }
        #expect(violations == [])
        print("AXML 5000 orders, \(data.count) bytes: write \(writing), validate \(validating)")
    }
}
