import Foundation
import Testing

@testable import AXML

/// Every kind of violation, found in a bent copy of the sample file, with its path.
struct AXMLValidatorTests {
    static let order2 = "/Asperion/Orders/Order[2]"

    func violations(_ old: String, _ new: String) throws -> [AXMLViolation] {
        AXMLValidator.validate(try Sample.bent(old, new))
    }

    @Test func theSampleIsValid() throws {
        #expect(AXMLValidator.validate(try AXMLWriter.write(Sample.document)) == [])
    }

    @Test func notWellFormed() throws {
        let cases: [(String, String)] = [
            ("<Name>Anna Smit</Name>", "<Name>Anna Smit</Naam>"),
            ("<Name>Anna Smit</Name>", "<Name>Anna & Smit</Name>"),
            ("<Name>Anna Smit</Name>", "<Name>Anna &nbsp; Smit</Name>"),
            ("<Name>Anna Smit</Name>", "<Name>Anna &#1; Smit</Name>"),
            ("<Name>Anna Smit</Name>", "<Name>Anna \u{1} Smit</Name>"),
            ("<Name>Anna Smit</Name>", "<Name>Anna Smit"),
            ("<Asperion>", "<!DOCTYPE Asperion [<!ENTITY x \"y\">]><Asperion>"),
            ("<Asperion>", "<?php echo 1 ?><Asperion>"),
            ("</Asperion>\n", "</Asperion>\n<Asperion/>"),
        ]
        for (old, new) in cases {
            let found = try violations(old, new)
            #expect(found.count == 1 && found.first?.kind == .notWellFormed, "\(new): \(found)")
        }
        #expect(AXMLValidator.validate(Data([0x3C, 0xFF, 0x3E])).first?.kind == .notWellFormed)
        let position = try violations("<Name>Anna Smit</Name>", "<Name>Anna & Smit</Name>")
        #expect(position.first?.message.hasPrefix("not well-formed XML at line 65, column 20:") == true, "\(position)")
    }

    @Test func declaration() throws {
        #expect(
            try violations("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "") == [
                AXMLViolation(
                    .declaration, "", "the file has no XML declaration (<?xml version=\"1.0\" encoding=\"UTF-8\"?>)")
            ])
        #expect(try violations("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").map(\.kind) == [.declaration])
    }

    @Test func unexpectedElementsAndAttributes() throws {
        #expect(
            try violations("<Name>Anna Smit</Name>", "<Name>Anna Smit</Name><Fax>1</Fax>") == [
                AXMLViolation(.unexpectedElement, "\(Self.order2)/Debtor/Fax", "<Fax> does not belong in <Debtor>")
            ])
        #expect(
            try violations("<Asperion>", "<Asperion version=\"1.5.1\">") == [
                AXMLViolation(.unexpectedAttribute, "/Asperion", "attribute \"version\" is not part of aXML")
            ])
        #expect(
            AXMLValidator.validate(Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Orders/>\n".utf8)) == [
                AXMLViolation(.unexpectedElement, "/Orders", "the root element must be <Asperion>")
            ])
    }

    @Test func unexpectedContent() throws {
        #expect(
            try violations("<Debtor>\n        <Email>anna", "<Debtor>hallo\n        <Email>anna") == [
                AXMLViolation(.unexpectedContent, "\(Self.order2)/Debtor", "holds text but only elements belong here")
            ])
        #expect(
            try violations("<Name>Anna Smit</Name>", "<Name><First>Anna</First></Name>") == [
                AXMLViolation(
                    .unexpectedContent, "\(Self.order2)/Debtor/Name", "holds elements but only text belongs here")
            ])
    }

    @Test func outOfOrderDuplicateAndMissing() throws {
        #expect(
            try violations(
                "<Email>anna@example.test</Email>\n        <Name>Anna Smit</Name>",
                "<Name>Anna Smit</Name>\n        <Email>anna@example.test</Email>") == [
                    AXMLViolation(.outOfOrder, "\(Self.order2)/Debtor/Email", "<Email> must come before <Name>")
                ])
        #expect(
            try violations("<Name>Anna Smit</Name>", "<Name>Anna Smit</Name><Name>Piet</Name>") == [
                AXMLViolation(.duplicate, "\(Self.order2)/Debtor/Name", "<Name> may appear only once in <Debtor>")
            ])
        #expect(
            try violations("<Name>Anna Smit</Name>", "") == [
                AXMLViolation(.missing, "\(Self.order2)/Debtor/Name", "<Name> is required in <Debtor>")
            ])
    }

    @Test func textsAndLengths() throws {
        #expect(
            try violations("<Name>Anna Smit</Name>", "<Name></Name>") == [
                AXMLViolation(.badText, "\(Self.order2)/Debtor/Name", "is empty")
            ])
        #expect(
            try violations("<Name>Anna Smit</Name>", "<Name>  </Name>") == [
                AXMLViolation(.badText, "\(Self.order2)/Debtor/Name", "is empty")
            ])
        #expect(
            try violations("<Name>Anna Smit</Name>", "<Name>Anna&#x85;Smit</Name>") == [
                AXMLViolation(.badText, "\(Self.order2)/Debtor/Name", "holds control character U+85")
            ])
        #expect(
            try violations("<PaymentCode>IDEAL</PaymentCode>", "<PaymentCode>I DEAL</PaymentCode>").map(\.kind) == [
                .badText
            ])
        #expect(
            try violations("<Name>Anna Smit</Name>", "<Name>\(String(repeating: "ä", count: 101))</Name>") == [
                AXMLViolation(.tooLong, "\(Self.order2)/Debtor/Name", "is 101 characters long, at most 100 allowed")
            ])
    }

    @Test func numbersAndDates() throws {
        for bad in ["4.1", "4,13", "04.13", "4.130", " 4.13", "+4.13", "1e3", ""] {
            #expect(
                try violations("<UnitPrice>4.13</UnitPrice>", "<UnitPrice>\(bad)</UnitPrice>").first
                    == AXMLViolation(
                        .badNumber, "\(Self.order2)/Orderline[1]/UnitPrice",
                        "\"\(bad)\" is no amount with 2 decimals (\"12.50\")"))
        }
        #expect(try violations("<Quantity>2</Quantity>", "<Quantity>2.0</Quantity>").first?.kind == .badNumber)
        for bad in ["2026-02-29", "2026-13-01", "03-12-2026", "2026-12-3"] {
            #expect(
                try violations("<InvoiceDate>2026-12-03</InvoiceDate>", "<InvoiceDate>\(bad)</InvoiceDate>") == [
                    AXMLViolation(.badDate, "\(Self.order2)/InvoiceDate", "\"\(bad)\" is no date YYYY-MM-DD")
                ])
        }
        #expect(try violations("<InvoiceDate>2026-12-03</InvoiceDate>", "<InvoiceDate>2028-02-29</InvoiceDate>") == [])
        #expect(try violations("2026-12-03T02:00:00", "2026-12-03T24:00:00").map(\.kind) == [.badDate])
    }

    @Test func codeLists() throws {
        #expect(
            try violations("<Country>BE</Country>", "<Country>XX</Country>") == [
                AXMLViolation(.notInCodeList, "\(Self.order2)/Debtor/Address/Country", "\"XX\" is no ISO 3166 code")
            ])
        #expect(try violations("<Country>BE</Country>", "<Country>be</Country>").map(\.kind) == [.notInCodeList])
        #expect(try violations("<VATClass>Zero</VATClass>", "<VATClass>21</VATClass>").map(\.kind) == [.notInCodeList])
        let currency = try Sample.text().replacingOccurrences(
            of: "<Currency>EUR</Currency>", with: "<Currency>GBP</Currency>")
        #expect(
            AXMLValidator.validate(Data(currency.utf8)).map(\.path) == [
                "/Asperion/Orders/Order[1]/Currency", "/Asperion/Orders/Order[2]/Currency",
            ])
    }

    @Test func figuresThatDoNotAddUp() throws {
        #expect(
            try violations("<Amount>4.13</Amount>", "<Amount>4.14</Amount>") == [
                AXMLViolation(.inconsistentTotals, "\(Self.order2)/Orderline[1]/Amount", "4.14 is not 1 × 4.13"),
                AXMLViolation(.inconsistentTotals, "\(Self.order2)/TotalExclVAT", "4.13 is not the lines' 4.14"),
                AXMLViolation(.inconsistentTotals, "\(Self.order2)/TotalInclVAT", "4.13 is not the lines' 4.14"),
            ])
        #expect(
            try violations("<TotalVAT>0.00</TotalVAT>", "<TotalVAT>0.01</TotalVAT>") == [
                AXMLViolation(.inconsistentTotals, "\(Self.order2)/TotalVAT", "0.01 is not the lines' 0.00")
            ])
        // Figures near Int64's end are a mismatch, never a crash.
        let huge = try violations(
            "<Quantity>1</Quantity>\n        <UnitPrice>4.13",
            "<Quantity>999999999999999</Quantity>\n        <UnitPrice>999999999999999.99")
        #expect(huge.map(\.kind).allSatisfy { $0 == .inconsistentTotals } && !huge.isEmpty)
    }

    @Test func everyKindIsCoveredAbove() {
        // A new kind must get a case in this suite: this list is the checklist.
        let covered: Set<AXMLViolation.Kind> = [
            .notWellFormed, .declaration, .unexpectedElement, .unexpectedAttribute, .unexpectedContent, .outOfOrder,
            .duplicate, .missing, .badText, .tooLong, .badNumber, .badDate, .notInCodeList, .inconsistentTotals,
        ]
        #expect(covered == Set(AXMLViolation.Kind.allCases))
    }

    @Test func violationsReadAsPathAndMessage() {
        let violation = AXMLViolation(
            .notInCodeList, "/Asperion/Orders/Order[3]/Debtor/Address/Country", "\"XX\" is no ISO 3166 code")
        #expect(violation.description == "/Asperion/Orders/Order[3]/Debtor/Address/Country: \"XX\" is no ISO 3166 code")
    }
}
