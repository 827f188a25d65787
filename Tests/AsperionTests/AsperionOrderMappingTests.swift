import AXML
import Asperion
import Foundation
import KoppelCore
import Ledger
import Testing

struct AsperionOrderMappingTests {
    static let high = VATRate(basisPoints: 2100, kind: .standard)
    static let low = VATRate(basisPoints: 900, kind: .reduced)

    static func document(reference: String = "K7Q-1001", orderDate: String = "2026-12-01") -> BookingDocument {
        BookingDocument(
            reference: reference, orderDate: orderDate, currency: "EUR",
            customer: BookingCustomer(
                firstName: "Jan", lastName: "de Vries", company: "De Vries Handel B.V.", email: "jan@devries.test",
                phone: "010\t1234567", street: "Kerkstraat 1\nachterom", postcode: "1234 AB", city: "Utrecht",
                countryCode: "NL",
                vatNumber: "NL123456789B01"),
            lines: [
                BookingLine(
                    description: "Fiets", quantity: 2, net: Cents(24_900), rate: high, vat: Cents(5_229), kind: .product
                ),
                BookingLine(
                    description: "Boek", quantity: 3, net: Cents(1_000), rate: low, vat: Cents(90), kind: .product),
                BookingLine(description: "Afronding", net: Cents(1), rate: .outOfScope, vat: .zero, kind: .rounding),
            ],
            vatTotals: [
                VATTotal(rate: high, netBase: Cents(24_900), vat: Cents(5_229)),
                VATTotal(rate: low, netBase: Cents(1_000), vat: Cents(90)),
            ],
            payments: [BookingPayment(kind: .giftVoucher, description: "Cadeaubon (ABC)", amount: Cents(-2_500))],
            grossTotal: Cents(28_720))
    }

    static func order(
        _ document: BookingDocument = document(), method: String? = "cod",
        settings: AsperionSettings = AsperionSettings(paymentCodes: ["cod": "REMBOURS"])
    ) throws -> AXMLOrder {
        try AsperionOrderMapping.order(
            PreparedBooking(document: document, isPaid: true), paymentMethod: method, settings: settings,
            exportDate: "2026-12-03")
    }

    @Test func linesKeepEveryFigureAndTotalWhatTheCustomerPaid() throws {
        let order = try Self.order()
        #expect(order.orderNumber == "K7Q-1001")
        #expect(order.description == "Bestelling K7Q-1001")
        #expect(
            order.lines == [
                AXMLOrderLine(description: "Fiets", quantity: 2, unitPrice: 12_450, vatClass: .high, vat: 5_229),
                // 10.00 over 3 units is no whole cent each: one unit of the whole amount.
                AXMLOrderLine(description: "3 × Boek", quantity: 1, unitPrice: 1_000, vatClass: .low, vat: 90),
                AXMLOrderLine(description: "Afronding", unitPrice: 1, vatClass: .zero, vat: 0),
                AXMLOrderLine(description: "Cadeaubon (ABC)", unitPrice: -2_500, vatClass: .zero, vat: 0),
            ])
        #expect(order.totalInclVAT == Self.document().grossTotal.value)
        #expect(order.totalVAT == 5_319)
    }

    @Test func debtorIsCleanedOfControlCharacters() throws {
        let debtor = try Self.order().debtor
        #expect(
            debtor
                == AXMLDebtor(
                    email: "jan@devries.test", name: "De Vries Handel B.V.", contactName: "Jan de Vries",
                    phone: "010 1234567",
                    vatNumber: "NL123456789B01",
                    address: AXMLAddress(
                        street: "Kerkstraat 1 achterom", postalCode: "1234 AB", city: "Utrecht", country: "NL")))
        var document = Self.document()
        document.customer = BookingCustomer(
            firstName: "Anna", lastName: "Smit", email: "anna@example.test", countryCode: "BE")
        #expect(
            try Self.order(document).debtor
                == AXMLDebtor(
                    email: "anna@example.test", name: "Anna Smit", address: AXMLAddress(country: "BE")))
    }

    @Test func longTextsAreCutToTheSchemasLength() throws {
        var document = Self.document()
        document.lines[0].description = String(repeating: "Lange naam ", count: 20)
        let line = try Self.order(document).lines[0]
        #expect(line.description.count <= AXMLSchema.maxLength(.lineDescription)!)
        #expect(line.description.hasPrefix("Lange naam Lange naam"))
        #expect(!line.description.hasSuffix(" "))
    }

    @Test func vatClassesFollowTheRateKind() throws {
        var document = Self.document()
        for (kind, expected) in [(VATRate.Kind.zero, AXMLVATClass.zero), (.icp, .zero), (.export, .zero)] {
            document.lines[0].rate = VATRate(basisPoints: 0, kind: kind)
            #expect(try Self.order(document).lines[0].vatClass == expected)
        }
    }

    @Test func whatTheImportCannotTakeIsRefusedWithAReason() throws {
        var document = Self.document()
        document.lines[0].rate = VATRate(basisPoints: 1900, kind: .oss(country: "DE"))
        #expect(
            throws: LedgerError(
                .refused, "Asperion's order import knows VAT high, low and 0 % only; 19% DE VAT cannot be imported",
                field: "vat")
        ) {
            try Self.order(document)
        }
        document = Self.document()
        document.currency = "GBP"
        #expect(
            throws: LedgerError(.refused, "Asperion's order import takes euro amounts only, not GBP", field: "currency")
        ) {
            try Self.order(document)
        }
        document = Self.document()
        document.customer.email = " "
        #expect(
            throws: LedgerError(
                .refused, "the customer has no e-mail address, which Asperion matches debtors on", field: "email")
        ) {
            try Self.order(document)
        }
        document = Self.document()
        document.customer.countryCode = "XX"
        #expect(throws: LedgerError(.refused, "\"XX\" is no ISO 3166 country code", field: "country")) {
            try Self.order(document)
        }
    }

    @Test func paymentCodeAndInvoiceDateFollowTheSettings() throws {
        #expect(try Self.order().paymentCode == "REMBOURS")
        #expect(try Self.order(method: "bank_transfer").paymentCode == nil)
        #expect(try Self.order(method: nil).paymentCode == nil)
        #expect(try Self.order().invoiceDate == "2026-12-01")
        let export = AsperionSettings(invoiceDate: .exportDate)
        #expect(try Self.order(settings: export).invoiceDate == "2026-12-03")
        #expect(try Self.order(settings: export).orderDate == "2026-12-01")
    }

    @Test func theDayFileIsTheSameWhateverOrderTheBookingsComeIn() throws {
        let entries = [
            ("K7Q-1003", "2026-12-02"), ("K7Q-1001", "2026-12-02"), ("K7Q-0999", "2026-12-01"),
        ].map {
            AsperionDayFile.Entry(
                booking: PreparedBooking(document: Self.document(reference: $0, orderDate: $1), isPaid: true),
                paymentMethod: "cod")
        }
        var oss = Self.document(reference: "K7Q-1002")
        oss.lines[0].rate = VATRate(basisPoints: 1900, kind: .oss(country: "DE"))
        let refused = AsperionDayFile.Entry(booking: PreparedBooking(document: oss, isPaid: true), paymentMethod: "cod")
        func file(_ entries: [AsperionDayFile.Entry]) -> AsperionDayFile {
            AsperionDayFile(
                entries: entries, settings: AsperionSettings(), exportDate: "2026-12-03",
                createdAt: "2026-12-03T02:00:00")
        }
        let first = file(entries + [refused])
        let second = file([refused] + entries.reversed())
        #expect(first.document.orders.map(\.orderNumber) == ["K7Q-0999", "K7Q-1001", "K7Q-1003"])
        #expect(first.refused.map(\.reference) == ["K7Q-1002"])
        let data = try #require(try first.data())
        #expect(try second.data() == data)
        #expect(AXMLValidator.validate(data) == [])
        #expect(try file([refused]).data() == nil)
    }
}

struct AsperionSettingsTests {
    @Test func settingsAreCheckedAgainstTheSchema() {
        #expect(AsperionSettings(paymentCodes: ["cod": "REMBOURS", "ideal": "IDEAL-2"], runHour: 23).problems == [])
        let wrong = AsperionSettings(
            paymentCodes: ["cod": "REM BOURS", "ideal": "", "bank": "BANKOVERSCHRIJVING"], runHour: 24)
        #expect(
            wrong.problems == [
                "the run hour must be 0 to 23, not 24",
                "the Asperion payment code for \"bank\" is 18 characters long, at most 10 allowed",
                "the Asperion payment code for \"cod\" \"REM BOURS\" may hold only letters, digits, \"-\" and \"_\"",
            ])
    }

    @Test func settingsStoreAsJSONAndReadBack() throws {
        let settings = AsperionSettings(paymentCodes: ["cod": "REMBOURS"], invoiceDate: .exportDate, runHour: 6)
        let data = try JSONEncoder().encode(settings)
        #expect(try JSONDecoder().decode(AsperionSettings.self, from: data) == settings)
        #expect(String(decoding: data, as: UTF8.self).contains("\"export_date\""))
    }
}
