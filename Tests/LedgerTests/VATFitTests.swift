import Foundation
import KoppelCore
import Ledger
import Testing

@testable import Moneybird
import TestSupport

/// Random carts as a shop computes them (exact 4-decimal nets, VAT per rate on the exact nets,
/// one rounding step at the end), booked into the sandbox, which recomputes VAT per rate from
/// the 2-decimal nets it is sent as Moneybird does: the invoice's total is what the customer
/// paid and its VAT per rate is the shop's, to the cent, on every cart.
@Suite(.serialized)
struct VATFitTests {
    static let carts = 150

    struct Cart {
        var document: BookingDocument
        /// What the invoice would hold without the fit lines: the representation koppel sent before.
        var naiveGross: Cents
    }

    @Test func randomCartsBookToTheCentInTheSandbox() throws {
        let sandbox = try SandboxServer(["--rate-limit", "1000000"])
        let access = MoneybirdAccess(baseURL: sandbox.baseURL, administrationID: SandboxServer.administration, accessToken: SandboxServer.token)
        let probe = try MoneybirdLedger(access: access, settings: MoneybirdSettings(), budget: RateBudget(limit: 1_000_000, windowSeconds: 300))
        let reference = try probe.referenceData()
        func code(_ name: String) throws -> String { try #require(reference.vatCodes.first { $0.name == name }?.id) }
        let codes = [2100: try code("21% btw"), 900: try code("9% btw"), 0: try code("0% btw")]
        let revenue = try #require(reference.revenueAccounts.first?.id)
        let ledger = try MoneybirdLedger(
            access: access, settings: MoneybirdSettings(noVATCode: codes[0]), budget: RateBudget(limit: 1_000_000, windowSeconds: 300),
            contacts: MemoryContacts())

        var random = SplitMix64(seed: 20_261_203)
        var naiveOff = 0
        var adjusted = 0
        var off = 0
        for number in 1...Self.carts {
            let cart = Self.cart(number, &random, codes: codes, revenue: revenue)
            let document = cart.document
            if cart.naiveGross != document.grossTotal { naiveOff += 1 }
            if !PerRateVATFit.adjustments(document).isEmpty { adjusted += 1 }
            let created = try ledger.create(PreparedBooking(document: document, isPaid: false, roundingAccount: revenue), idempotencyKey: "\(number)")
            let invoice = try #require(try ledger.findBooking(reference: document.reference))
            #expect(created.gross == document.grossTotal, "cart \(number)")
            #expect(invoice.gross == document.grossTotal, "cart \(number): total \(invoice.gross), paid \(document.grossTotal)")
            if invoice.gross != document.grossTotal { off += 1 }
            for total in document.vatTotals where total.rate.basisPoints > 0 {
                #expect(invoice.vatByCode[total.ledgerVATCode!] ?? .zero == total.vat, "cart \(number) VAT \(total.rate.label)")
            }
        }
        // The carts meet the case the fit is for: without it, these would be a cent off.
        #expect(naiveOff > 10)
        #expect(adjusted >= naiveOff)
        print("VAT fit: \(Self.carts) random carts, \(naiveOff) a cent or more off without the fit, \(adjusted) fitted, \(off) off with it")
    }

    /// 1 to 30 lines at 21, 9 or 0%, exact 4-decimal nets (unit price × quantity), a coupon now and
    /// then, shipping at 21%: VAT per rate on the exact nets, the total rounded once, a rounding
    /// line outside VAT for what the rounded parts miss, as the OpenCart document builder books it.
    static func cart(_ number: Int, _ random: inout SplitMix64, codes: [Int: String], revenue: String) -> Cart {
        let rates = [2100, 2100, 900, 0]
        var exact: [(net: Int64, basisPoints: Int, kind: BookingLine.Kind)] = []
        for _ in 0..<(1 + random.below(30)) {
            let unit = Int64(100 + random.below(2_000_000))  // 0.0100 to 200.0099, in 10⁻⁴
            exact.append((unit * Int64(1 + random.below(5)), rates[random.below(rates.count)], .product))
        }
        if random.below(3) == 0 { exact.append((-Int64(random.below(100_000)), exact[0].basisPoints, .discount)) }
        exact.append((Int64(random.below(150_000)), 2100, .shipping))

        func cents(_ tenThousandths: Int64, scale: Int64) -> Cents {
            // Halves away from zero, as shops and ledgers round.
            let rounded = (abs(tenThousandths) + scale / 2) / scale
            return Cents(tenThousandths < 0 ? -rounded : rounded)
        }
        var exactVAT: [Int: Int64] = [:]  // in 10⁻⁸
        for line in exact { exactVAT[line.basisPoints, default: 0] += line.net * Int64(line.basisPoints) }
        let exactTotal = exact.map(\.net).reduce(0, +) * 10_000 + exactVAT.values.reduce(0, +)
        let paid = cents(exactTotal, scale: 1_000_000)

        var lines = exact.enumerated().map { index, line in
            BookingLine(
                description: "line \(index)", net: cents(line.net, scale: 100), rate: VATRate(basisPoints: line.basisPoints, kind: line.basisPoints == 0 ? .zero : .standard),
                vat: .zero, kind: line.kind, ledgerAccount: revenue, ledgerVATCode: codes[line.basisPoints])
        }
        var vatTotals: [VATTotal] = []
        for basisPoints in exactVAT.keys.sorted() {
            let vat = cents(exactVAT[basisPoints]!, scale: 1_000_000)
            let indices = lines.indices.filter { lines[$0].rate.basisPoints == basisPoints }
            lines[indices[0]].vat = vat
            vatTotals.append(VATTotal(
                rate: lines[indices[0]].rate, netBase: indices.map { lines[$0].net }.sum(), vat: vat, ledgerVATCode: codes[basisPoints]))
        }
        let rounding = paid - lines.map(\.gross).sum()
        if !rounding.isZero {
            lines.append(BookingLine(description: "Afronding", net: rounding, rate: .outOfScope, vat: .zero, kind: .rounding, ledgerAccount: revenue))
        }
        let document = BookingDocument(
            reference: "cart-\(number)", orderDate: "2026-11-20", currency: "EUR",
            customer: BookingCustomer(firstName: "Kim", lastName: "Jansen", email: "kim@example.nl"), lines: lines,
            vatTotals: vatTotals, payments: [], grossTotal: paid)
        // What Moneybird makes of the lines as they are: its own VAT per rate on the rounded nets.
        let naiveVAT = vatTotals.map { PerRateVATFit.vat(of: $0.netBase, basisPoints: $0.rate.basisPoints) }.sum()
        return Cart(document: document, naiveGross: lines.map(\.net).sum() + naiveVAT)
    }
}
