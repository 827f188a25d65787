import Foundation
import Testing

@testable import AXML

struct AXMLRoundTripTests {
    @Test func writtenFilePassesTheValidatorAndReadsBackTheSame() throws {
        let data = try AXMLWriter.write(Sample.document)
        #expect(AXMLValidator.validate(data) == [])
        #expect(try AXMLReader.read(data) == Sample.document)
    }

    @Test func theSameDocumentGivesTheSameBytes() throws {
        let first = try AXMLWriter.write(Sample.document)
        let copy = Sample.document
        #expect(try AXMLWriter.write(copy) == first)
        // And the bytes are exactly these: declaration, schema order, two-space indentation.
        let text = String(decoding: first, as: UTF8.self)
        #expect(
            text.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Asperion>\n  <Header>\n    <Version>1.4</Version>\n"))
        #expect(
            text.contains(
                """
                      <Orderline>
                        <Description>Fiets</Description>
                        <Quantity>2</Quantity>
                        <UnitPrice>124.50</UnitPrice>
                        <VATClass>High</VATClass>
                        <Amount>249.00</Amount>
                        <VATAmount>52.29</VATAmount>
                      </Orderline>
                """))
        #expect(
            text.contains(
                "<TotalExclVAT>255.69</TotalExclVAT>\n      <TotalVAT>52.59</TotalVAT>\n      <TotalInclVAT>308.28</TotalInclVAT>"
            ))
        #expect(text.hasSuffix("  </Orders>\n</Asperion>\n"))
    }

    @Test func optionalElementsAreLeftOutWhenAbsent() throws {
        let text = try Sample.text()
        let second = try #require(text.range(of: "<OrderNumber>K7Q-1002</OrderNumber>"))
        let rest = text[second.upperBound...]
        #expect(!rest.contains("<PaymentCode>"))
        #expect(!rest.contains("<Street>"))
        #expect(rest.contains("<Address>\n          <Country>BE</Country>\n        </Address>"))
    }

    @Test func specialCharactersAreWrittenAsEntitiesAndReadBack() throws {
        var document = Sample.document
        document.orders[0].debtor.name = "Bakker & Zn <\"de 'Molen'\">"
        document.orders[0].lines[0].description = "Fiets — 28\" ‘Gazelle’ & bel"
        let data = try AXMLWriter.write(document)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("<Name>Bakker &amp; Zn &lt;&quot;de &apos;Molen&apos;&quot;&gt;</Name>"))
        #expect(text.contains("<Description>Fiets — 28&quot; ‘Gazelle’ &amp; bel</Description>"))
        #expect(AXMLValidator.validate(data) == [])
        #expect(try AXMLReader.read(data) == document)
    }

    @Test func readerDecodesCharacterReferencesAndCDATA() throws {
        let data = try Sample.bent("<Name>Anna Smit</Name>", "<Name>Ann&#97; <![CDATA[S&m]]>&#x69;t</Name>")
        #expect(try AXMLReader.read(data).orders[1].debtor.name == "Anna S&mit")
    }

    @Test(arguments: ["\u{0}", "\u{7}", "\u{1B}", "\n", "\u{85}", "\u{7F}"])
    func writerRefusesControlCharacters(_ control: String) throws {
        var document = Sample.document
        document.orders[1].debtor.name = "Anna" + control + "Smit"
        #expect(
            throws: AXMLWriteError(
                path: "/Asperion/Orders/Order[2]/Debtor/Name",
                message:
                    "holds control character U+\(String(control.unicodeScalars.first!.value, radix: 16, uppercase: true))"
            )
        ) {
            try AXMLWriter.write(document)
        }
    }

    @Test func writerRefusesWhatTheSchemaForbids() throws {
        var document = Sample.document
        document.orders[0].debtor.address.country = "XX"
        #expect(
            throws: AXMLWriteError(
                path: "/Asperion/Orders/Order[1]/Debtor/Address/Country", message: "\"XX\" is no ISO 3166 code")
        ) {
            try AXMLWriter.write(document)
        }
        document = Sample.document
        document.orders[0].lines[1].description = String(repeating: "é", count: 101)
        #expect(
            throws: AXMLWriteError(
                path: "/Asperion/Orders/Order[1]/Orderline[2]/Description",
                message:
                    "is 101 characters long, at most 100 allowed")
        ) {
            try AXMLWriter.write(document)
        }
        document = Sample.document
        document.orders[1].debtor.phone = ""
        #expect(throws: AXMLWriteError(path: "/Asperion/Orders/Order[2]/Debtor/Phone", message: "is empty")) {
            try AXMLWriter.write(document)
        }
        document = Sample.document
        document.orders[1].lines = []
        #expect(throws: AXMLWriteError(path: "/Asperion/Orders/Order[2]/Orderline", message: "is required")) {
            try AXMLWriter.write(document)
        }
    }

    @Test func readerRefusesAFileTheValidatorRejects() throws {
        let data = try Sample.bent("<Country>BE</Country>", "<Country>XX</Country>")
        #expect(
            throws: AXMLReadError(violations: [
                AXMLViolation(
                    .notInCodeList, "/Asperion/Orders/Order[2]/Debtor/Address/Country", "\"XX\" is no ISO 3166 code")
            ])
        ) {
            try AXMLReader.read(data)
        }
    }
}
