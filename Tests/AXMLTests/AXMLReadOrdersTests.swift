import Foundation
import Testing

@testable import AXML

/// An import takes the good orders of a file and rejects the bad ones with their violations.
struct AXMLReadOrdersTests {
    @Test func aBrokenOrderIsRejectedAndTheOthersRead() throws {
        let data = try Sample.bent("<Country>BE</Country>", "<Country>XX</Country>")
        let read = try AXMLReader.readOrders(data)
        #expect(read.header == Sample.document.header)
        #expect(read.orders.count == 2)
        #expect(try read.orders[0].get() == Sample.document.orders[0])
        #expect(
            throws: AXMLOrderViolations(
                number: 2,
                violations: [
                    AXMLViolation(
                        .notInCodeList, "/Asperion/Orders/Order[2]/Debtor/Address/Country", "\"XX\" is no ISO 3166 code"
                    )
                ])
        ) {
            try read.orders[1].get()
        }
    }

    @Test func aValidFileReadsEveryOrder() throws {
        let read = try AXMLReader.readOrders(try AXMLWriter.write(Sample.document))
        #expect(try read.orders.map { try $0.get() } == Sample.document.orders)
    }

    @Test func aBrokenFileIsRefusedWhole() throws {
        #expect(throws: AXMLReadError.self) {
            try AXMLReader.readOrders(try Sample.bent("<Generator>koppel</Generator>", ""))
        }
        #expect(throws: AXMLReadError.self) { try AXMLReader.readOrders(try Sample.bent("</Asperion>", "</Asperion")) }
        #expect(throws: AXMLReadError.self) {
            try AXMLReader.readOrders(try Sample.bent("<Orders>", "<Orders x=\"1\">"))
        }
    }
}
