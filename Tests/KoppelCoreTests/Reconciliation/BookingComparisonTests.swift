import KoppelCore
import Testing

/// The reconciler's matching: one order number, what koppel booked, what the ledger holds.
@Suite struct BookingComparisonTests {
    static let customer = CustomerFields(
        name: "Jan de Vries", email: "jan@example.nl", street: "Kerkstraat 1", postcode: "1234 AB", city: "Utrecht",
        country: "NL", vatNumber: "")

    static func booked(
        gross: Int64 = 12100, vat: [String: Int64] = ["21": 2100], customer: CustomerFields? = customer,
        paymentRegistered: Bool = false
    ) -> BookedOrder {
        let vatByCode = vat.mapValues(Cents.init)
        return BookedOrder(
            orderID: 7, ledgerID: "L1",
            figures: BookedFigures(
                reference: "1001", date: "2026-11-02", gross: Cents(gross), net: Cents(gross) - vatByCode.values.sum(),
                vatByCode: vatByCode, customer: customer),
            bookedAt: 1_790_000_000, paymentRegistered: paymentRegistered)
    }

    static func ledger(
        id: String = "L1", gross: Int64 = 12100, net: Int64 = 10000, vat: [String: Int64] = ["21": 2100],
        date: String = "2026-11-02", customer: BookingCustomer? = BookingCustomer(
            firstName: "Jan", lastName: "de Vries", email: "jan@example.nl", street: "Kerkstraat 1", postcode: "1234 AB",
            city: "Utrecht", countryCode: "NL"),
        version: String = "1790000010", versionIsTime: Bool = true,
        payment: LedgerPayment? = LedgerPayment(state: "paid", isPaid: true, unpaid: .zero)
    ) -> LedgerBooking {
        LedgerBooking(
            id: id, reference: "1001", date: date, gross: Cents(gross), net: Cents(net), vatByCode: vat.mapValues(Cents.init),
            customer: customer, version: version, editedAt: versionIsTime ? Int64(version) : nil, payment: payment)
    }

    let comparison = BookingComparison()

    func kinds(_ findings: [Finding]) -> [String] { findings.map { "\($0.kind.rawValue) \($0.field)" } }

    @Test func anUntouchedBookingHasNoFindings() {
        #expect(comparison.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger()]).isEmpty)
    }

    @Test func withoutAToleranceEveryCentIsAMismatch() {
        let oneCent = comparison.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(gross: 12101, net: 10001)])
        #expect(kinds(oneCent) == ["amount gross", "amount net"])
        #expect(oneCent[0].difference == Cents(1))
        #expect(oneCent.allSatisfy { $0.isMismatch })
    }

    @Test func aCentWithinTheToleranceIsANoticeTwoAreAMismatch() {
        let cent = BookingComparison(tolerance: Cents(1))
        let oneCent = cent.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(gross: 12101, net: 10001)])
        #expect(kinds(oneCent) == ["within_tolerance gross", "within_tolerance net"])
        #expect(oneCent[0].shop == .cents(Cents(12100)))
        #expect(oneCent[0].ledger == .cents(Cents(12101)))
        #expect(oneCent[0].difference == Cents(1))
        #expect(oneCent.allSatisfy { !$0.isMismatch && $0.hint.hasPrefix("binnen de tolerantie") })
        let twoCents = cent.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(gross: 12102, net: 10002)])
        #expect(kinds(twoCents) == ["amount gross", "amount net"])
        #expect(twoCents[0].difference == Cents(2))
        #expect(twoCents[0].shop == .cents(Cents(12100)))
        #expect(twoCents[0].ledger == .cents(Cents(12102)))
        #expect(twoCents.allSatisfy { $0.orderID == 7 && $0.ledgerID == "L1" && $0.isMismatch })
    }

    @Test func theToleranceIsConfigurable() {
        let lenient = BookingComparison(tolerance: Cents(5))
        let five = lenient.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(gross: 12105, net: 10005)])
        #expect(kinds(five) == ["within_tolerance gross", "within_tolerance net"])
        let six = lenient.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(gross: 12106, net: 10006)])
        #expect(kinds(six) == ["amount gross", "amount net"])
    }

    @Test func aVATCentWithinTheToleranceIsANotice() {
        let cent = BookingComparison(tolerance: Cents(1))
        let findings = cent.findings(
            reference: "1001", booked: Self.booked(), found: [Self.ledger(gross: 12101, net: 10000, vat: ["21": 2101])])
        #expect(kinds(findings) == ["within_tolerance gross", "within_tolerance vat:21"])
        #expect(findings[1].hint == "binnen de tolerantie: de btw van dit tarief wijkt af van de bestelling")
    }

    @Test func aChangedVATRateShowsPerCode() {
        // Booked at 21 %, the ledger's line moved to 9 %: both codes differ, and the gross total.
        let moved = Self.ledger(gross: 10900, net: 10000, vat: ["9": 900])
        let findings = comparison.findings(reference: "1001", booked: Self.booked(), found: [moved])
        #expect(kinds(findings) == ["amount gross", "vat vat:21", "vat vat:9"])
        #expect(findings[1].difference == Cents(-2100))
        #expect(findings[2].shop == .cents(.zero))
    }

    @Test func customerFieldsCompareNormalised() {
        let sameButWritten = BookingCustomer(
            firstName: "JAN", lastName: "de  vries", email: " Jan@Example.NL", street: "kerkstraat 1", postcode: "1234ab",
            city: "UTRECHT", countryCode: "nl")
        #expect(comparison.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(customer: sameButWritten)]).isEmpty)
        #expect(CustomerFields.normalised("Nederland", field: "country") == CustomerFields.normalised("NL", field: "country"))
        #expect(CustomerFields.normalised("NL 8536.89.123 B01", field: "vat_number") == "nl853689123b01")

        let moved = BookingCustomer(
            firstName: "Jan", lastName: "de Vries", email: "jan@example.nl", street: "Dorpsweg 9", postcode: "1234 AB",
            city: "Amersfoort", countryCode: "NL")
        let findings = comparison.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(customer: moved)])
        #expect(kinds(findings) == ["customer street", "customer city"])
        #expect(findings[1].shop == .text("Utrecht"))
        #expect(findings[1].ledger == .text("Amersfoort"))
    }

    @Test func aFixedDebtorIsNotComparedWithTheCustomer() {
        let debtor = BookingCustomer(firstName: "", lastName: "", company: "Kassa", email: "")
        let findings = comparison.findings(reference: "1001", booked: Self.booked(customer: nil), found: [Self.ledger(customer: debtor)])
        #expect(findings.isEmpty)
    }

    @Test func aMissingBookingIsReportedWithItsAmount() {
        let findings = comparison.findings(reference: "1001", booked: Self.booked(), found: [])
        #expect(kinds(findings) == ["missing booking"])
        #expect(findings[0].shop == .cents(Cents(12100)))
        #expect(findings[0].ledger == .none)
        #expect(findings[0].difference == Cents(-12100))
    }

    /// A ledger that confirms later (Asperion): waited for within the grace period after delivery
    /// (the booked time), then reported as delivered but not imported; an imported one is compared.
    @Test func aBookingALaterConfirmingLedgerDoesNotHoldIsWaitedForThenNotImported() {
        let booked = Self.booked()
        func confirming(at now: Int64) -> BookingComparison {
            BookingComparison(deferredConfirmation: DeferredConfirmation(grace: 3 * 86_400, now: now))
        }
        let within = confirming(at: booked.bookedAt + 3 * 86_400 - 1)
        #expect(within.findings(reference: "1001", booked: booked, found: []).isEmpty)
        #expect(within.awaitsConfirmation(booked, found: []))

        let after = confirming(at: booked.bookedAt + 3 * 86_400)
        let findings = after.findings(reference: "1001", booked: booked, found: [])
        #expect(kinds(findings) == ["not_imported booking"])
        #expect(findings[0].difference == Cents(-12100))
        // 1_790_000_000 is 2026-09-21 (UTC): the day the file was delivered.
        #expect(findings[0].hint.hasPrefix("afgeleverd op 2026-09-21, na 3 dagen"))
        #expect(!after.awaitsConfirmation(booked, found: []))

        // Imported: compared as in any ledger, nothing awaited.
        #expect(within.findings(reference: "1001", booked: booked, found: [Self.ledger(gross: 12200)]).map(\.kind) == [.amount])
        #expect(!within.awaitsConfirmation(booked, found: [Self.ledger()]))
        // koppel keeps the delivery's id ("2026-12-03/1001"), the ledger names the invoice its own way.
        #expect(within.findings(reference: "1001", booked: booked, found: [Self.ledger(id: "17")]).isEmpty)
        #expect(kinds(comparison.findings(reference: "1001", booked: booked, found: [Self.ledger(id: "17")])) == ["missing booking"])
    }

    @Test func duplicatesAreReportedAndTheOwnBookingCompared() {
        let copy = Self.ledger(id: "L2")
        let findings = comparison.findings(reference: "1001", booked: Self.booked(), found: [copy, Self.ledger(gross: 12200, net: 10100)])
        #expect(kinds(findings) == ["duplicate booking", "amount gross", "amount net"])
        #expect(findings[0].ledgerID == "L2")
        #expect(findings[1].ledgerID == "L1")
    }

    @Test func anotherBookingInPlaceOfTheOwnOneIsMissingItsOwn() {
        let findings = comparison.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(id: "L9")])
        #expect(kinds(findings) == ["missing booking"])
        #expect(findings[0].shop == .text("L1"))
        #expect(findings[0].ledger == .text("L9"))
    }

    @Test func orphansCarryTheLedgerAmountAndWhatKoppelKnows() {
        let unknown = comparison.findings(reference: "1001", booked: nil, found: [Self.ledger()])
        #expect(kinds(unknown) == ["orphan booking"])
        #expect(unknown[0].orderID == nil)
        #expect(unknown[0].ledger == .cents(Cents(12100)))
        let known = comparison.findings(reference: "1001", booked: nil, found: [Self.ledger()], orderState: "open")
        #expect(known[0].hint.contains("open"))
    }

    @Test func aDateMovedInTheLedgerIsAMismatch() {
        let findings = comparison.findings(reference: "1001", booked: Self.booked(), found: [Self.ledger(date: "2026-12-01")])
        #expect(kinds(findings) == ["date date"])
    }

    @Test func anEditAfterBookingIsANoticeOnce() {
        // Versions within the clock slack of the booking are the booking's own (send, payment).
        var booked = Self.booked()
        #expect(comparison.findings(reference: "1001", booked: booked, found: [Self.ledger(version: "1790000250")]).isEmpty)
        let edited = comparison.findings(reference: "1001", booked: booked, found: [Self.ledger(version: "1790090000")])
        #expect(kinds(edited) == ["changed version"])
        #expect(!edited[0].isMismatch)
        // Once seen by a run, the same version is not reported again; a newer one is.
        booked.ledgerVersionSeen = "1790090000"
        #expect(comparison.findings(reference: "1001", booked: booked, found: [Self.ledger(version: "1790090000")]).isEmpty)
        #expect(kinds(comparison.findings(reference: "1001", booked: booked, found: [Self.ledger(version: "1790099999")])) == ["changed version"])
    }

    /// Minox's version is a hash: one made of digits only (about one in 2,000) is no time, and
    /// before a run has seen it there is nothing to compare it with.
    @Test func aVersionThatIsNoTimeIsNeverReadAsOne() {
        var booked = Self.booked()
        #expect(comparison.findings(reference: "1001", booked: booked, found: [Self.ledger(version: "9790090000", versionIsTime: false)]).isEmpty)
        booked.ledgerVersionSeen = "9790090000"
        #expect(comparison.findings(reference: "1001", booked: booked, found: [Self.ledger(version: "9790090000", versionIsTime: false)]).isEmpty)
        #expect(kinds(comparison.findings(reference: "1001", booked: booked, found: [Self.ledger(version: "a1b2", versionIsTime: false)])) == ["changed version"])
    }

    @Test func aPaidBookingWithACentOpenIsReportedWhateverTheTolerance() {
        let paid = Self.booked(paymentRegistered: true)
        let open = Self.ledger(payment: LedgerPayment(state: "open", isPaid: false, unpaid: Cents(1)))
        for tolerance in [Cents.zero, Cents(1), Cents(10_000)] {
            let findings = BookingComparison(tolerance: tolerance).findings(reference: "1001", booked: paid, found: [open])
            #expect(kinds(findings) == ["open_balance unpaid"])
            #expect(findings[0].shop == .cents(.zero))
            #expect(findings[0].ledger == .cents(Cents(1)))
            #expect(findings[0].difference == Cents(1))
            #expect(findings[0].isMismatch)
            #expect(findings[0].hint.contains("open"))
        }
        // Moneybird keeps an edited paid invoice `paid` while a cent is open: the amount tells.
        let stillCalledPaid = Self.ledger(payment: LedgerPayment(state: "paid", isPaid: true, unpaid: Cents(1)))
        #expect(kinds(comparison.findings(reference: "1001", booked: paid, found: [stillCalledPaid])) == ["open_balance unpaid"])
        // Paid twice: more paid than the total.
        let overpaid = Self.ledger(payment: LedgerPayment(state: "paid", isPaid: true, unpaid: Cents(-12100)))
        let twice = comparison.findings(reference: "1001", booked: paid, found: [overpaid])
        #expect(kinds(twice) == ["open_balance unpaid"])
        #expect(twice[0].difference == Cents(-12100))
    }

    @Test func aPaidBookingNotInStatePaidIsReported() {
        let pending = Self.ledger(payment: LedgerPayment(state: "pending_payment", isPaid: false, unpaid: .zero))
        let findings = comparison.findings(reference: "1001", booked: Self.booked(paymentRegistered: true), found: [pending])
        #expect(kinds(findings) == ["open_balance state"])
        #expect(findings[0].shop == .text("betaald"))
        #expect(findings[0].ledger == .text("pending_payment"))
    }

    @Test func anOpenInvoiceIsFineWhenKoppelRegisteredNoPayment() {
        // Booked unpaid (a draft until the order is paid), or a connection that registers no payments.
        let draft = Self.ledger(payment: LedgerPayment(state: "draft", isPaid: false, unpaid: Cents(12100)))
        #expect(comparison.findings(reference: "1001", booked: Self.booked(), found: [draft]).isEmpty)
        // A ledger that does not tell about payments is not blamed for it.
        let paid = Self.booked(paymentRegistered: true)
        #expect(comparison.findings(reference: "1001", booked: paid, found: [Self.ledger(payment: nil)]).isEmpty)
        // Paid and settled.
        #expect(comparison.findings(reference: "1001", booked: paid, found: [Self.ledger()]).isEmpty)
    }

    @Test func anOrderChangedInTheShopAfterBooking() {
        var booked = Self.booked()
        booked.shopTotalNow = Cents(12100)
        #expect(comparison.findings(reference: "1001", booked: booked, found: [Self.ledger()]).isEmpty)
        booked.shopTotalNow = Cents(9900)
        let findings = comparison.findings(reference: "1001", booked: booked, found: [Self.ledger()])
        #expect(kinds(findings) == ["shop_changed gross"])
        #expect(findings[0].shop == .cents(Cents(9900)))
        #expect(findings[0].difference == Cents(2200))
        // A cent changed in the shop, within the tolerance: still told.
        booked.shopTotalNow = Cents(12099)
        let cent = BookingComparison(tolerance: Cents(1)).findings(reference: "1001", booked: booked, found: [Self.ledger()])
        #expect(kinds(cent) == ["within_tolerance gross"])
        #expect(cent[0].difference == Cents(1))
    }

    @Test func bookedFiguresComeFromTheDocument() {
        let document = BookingDocument(
            reference: "1001", orderDate: "2026-11-02", currency: "EUR",
            customer: BookingCustomer(firstName: "Jan", lastName: "de Vries", company: "De Vries BV", email: "jan@example.nl"),
            lines: [], vatTotals: [
                VATTotal(rate: VATRate(basisPoints: 2100, kind: .standard), netBase: Cents(10000), vat: Cents(2100), ledgerVATCode: "21"),
                VATTotal(rate: VATRate(basisPoints: 900, kind: .reduced), netBase: Cents(1000), vat: Cents(90), ledgerVATCode: "9"),
            ], payments: [], grossTotal: Cents(13190))
        let figures = BookedFigures(document: document, onFixedDebtor: false)
        #expect(figures.net == Cents(11000))
        #expect(figures.vatByCode == ["21": Cents(2100), "9": Cents(90)])
        #expect(figures.customer?.name == "De Vries BV")
        #expect(BookedFigures(document: document, onFixedDebtor: true).customer == nil)
    }
}
