import Foundation
import KoppelHTTP
import Testing
import TestSupport

/// The spec's own example invoices and the rules of docs/moneybird-arithmetic.md, booked over HTTP.
@Suite struct ArithmeticTests {
    /// Each example's lines as sent, and the figures the spec's example answer shows (specs/moneybird-openapi.yml).
    @Test func specExamplesGiveTheSpecTotals() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let high = try sandbox.salesRate(21)
        let examples: [(name: String, extra: String, lines: String, expected: InvoiceFigures)] = [
            (
                "POST /sales_invoices CreateABasicSalesInvoice", "",
                #"[{"description": "Rocking Chair", "price": 129.95}]"#,
                InvoiceFigures(
                    excl: "129.95", incl: "157.24", unpaid: "157.24", taxTotals: [["129.95", "27.29"]],
                    lineTotals: ["129.95"])
            ),
            (
                "GET /sales_invoices/{id} ReturnsInvoiceByGivenId", "",
                #"[{"description": "Project X", "price": "300.0", "amount": "1", "tax_rate_id": "\#(high)"}]"#,
                InvoiceFigures(
                    excl: "300.0", incl: "363.0", unpaid: "363.0", taxTotals: [["300.0", "63.0"]],
                    lineTotals: ["300.0"])
            ),
            (
                "PATCH /sales_invoices/{id} AddingAndRemovingASalesInvoiceDetail", "",
                #"[{"description": "Sofa", "price": "199.99"}]"#,
                InvoiceFigures(
                    excl: "199.99", incl: "241.99", unpaid: "241.99", taxTotals: [["199.99", "42.0"]],
                    lineTotals: ["199.99"])
            ),
            (
                // 10.50 × 21 % = 2.205: halves round up, not to even.
                "POST /subscriptions/{id}/create_and_schedule_sales_invoice CreatesASalesInvoice", "",
                #"[{"description": "Extra costs subscription", "price": "10.5"}]"#,
                InvoiceFigures(
                    excl: "10.5", incl: "12.71", unpaid: "12.71", taxTotals: [["10.5", "2.21"]],
                    lineTotals: ["10.5"])
            ),
            (
                "PATCH /estimates/{id} UpdatesEstimateDetails", "",
                #"[{"description": "Detail description", "price": "99.0", "amount": "1"}]"#,
                InvoiceFigures(
                    excl: "99.0", incl: "119.79", unpaid: "119.79", taxTotals: [["99.0", "20.79"]],
                    lineTotals: ["99.0"])
            ),
            (
                // Two lines at one rate; the spec's answer has no tax_totals, its totals are 2.91 and 3.52.
                "GET /recurring_sales_invoices/{id} ReturnsInvoiceByGivenId", "",
                #"[{"description": "Appels", "price": "0.45", "amount": "5"}, {"description": "Peren", "price": "0.33", "amount": "2"}]"#,
                InvoiceFigures(
                    excl: "2.91", incl: "3.52", unpaid: "3.52", taxTotals: [["2.91", "0.61"]],
                    lineTotals: ["2.25", "0.66"])
            ),
            (
                "PATCH /recurring_sales_invoices/{id} UpdatesARecurringSalesInvoiceDetail", "",
                #"[{"description": "Appels", "price": "10.0", "amount": "5"}, {"description": "Peren", "price": "0.33", "amount": "2"}]"#,
                InvoiceFigures(
                    excl: "50.66", incl: "61.3", unpaid: "61.3", taxTotals: [["50.66", "10.64"]],
                    lineTotals: ["50.0", "0.66"])
            ),
            (
                // Prices incl. VAT, as the spec shows them on receipts: 300.00 holds 52.07 VAT.
                "GET /documents/receipts/{id} ReturnsTheWantedReceipt", #", "prices_are_incl_tax": true"#,
                #"[{"description": "Delivery Apple iPad", "price": "300.0"}]"#,
                InvoiceFigures(
                    excl: "247.93", incl: "300.0", unpaid: "300.0", taxTotals: [["247.93", "52.07"]],
                    lineTotals: ["247.93"])
            ),
            (
                "POST /documents/receipts CreatesTheReceipt", #", "prices_are_incl_tax": true"#,
                #"[{"description": "Lunch", "price": "20.0"}]"#,
                InvoiceFigures(
                    excl: "16.53", incl: "20.0", unpaid: "20.0", taxTotals: [["16.53", "3.47"]], lineTotals: ["16.53"])
            ),
        ]
        for (index, example) in examples.enumerated() {
            let invoice = try sandbox.createInvoice(
                contact: contact, reference: "EX-\(index)", extra: example.extra, lines: example.lines)
            #expect(InvoiceFigures(invoice) == example.expected, "\(example.name)")
        }
    }

    /// A 0 % rate adds to the totals but has no `tax_totals` entry (spec `POST /sales_invoices` example
    /// `CreateASalesInvoiceInAForeignCurrency`: 159.99 at an intra-community 0 % rate, `tax_totals: []`).
    @Test func zeroRateHasNoTaxTotal() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let zero = try sandbox.salesRate(0)
        let invoice = try sandbox.createInvoice(
            contact: contact, reference: "30052", extra: #", "currency": "USD""#,
            lines: #"[{"description": "Rocking Chair", "price": 159.99, "tax_rate_id": "\#(zero)"}]"#)
        #expect(
            InvoiceFigures(invoice)
                == InvoiceFigures(
                    excl: "159.99", incl: "159.99", unpaid: "159.99", taxTotals: [], lineTotals: ["159.99"]))

        let mixed = try sandbox.createInvoice(
            contact: contact, reference: "30053",
            lines: #"""
                [{"description": "Stoel", "price": "100"},
                 {"description": "Export", "price": "50", "tax_rate_id": "\#(zero)"}]
                """#)
        #expect(
            InvoiceFigures(mixed)
                == InvoiceFigures(
                    excl: "150.0", incl: "171.0", unpaid: "171.0", taxTotals: [["100.0", "21.0"]],
                    lineTotals: ["100.0", "50.0"]))
    }

    /// A price with more than two decimals is accepted and kept as cents, half away from zero; the line total is
    /// that price times the amount. The sandbox used to keep 9.0744 and give 27.22 for three.
    @Test func fourDecimalPriceBecomesCents() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        let invoice = try sandbox.createInvoice(
            contact: contact, reference: "P4",
            lines: #"""
                [{"description": "Eén", "price": "9.0744"},
                 {"description": "Drie", "price": "9.0744", "amount": "3"},
                 {"description": "Half", "price": "0.125"},
                 {"description": "Korting", "price": "-0,125"}]
                """#)
        let details = try #require(invoice["details"] as? [[String: Any]])
        #expect(details.map { $0["price"] as? String } == ["9.07", "9.07", "0.13", "-0.13"])
        // 9.07 + 27.21 + 0.13 − 0.13 = 36.28; VAT 36.28 × 21 % = 7.6188 → 7.62.
        #expect(
            InvoiceFigures(invoice)
                == InvoiceFigures(
                    excl: "36.28", incl: "43.9", unpaid: "43.9", taxTotals: [["36.28", "7.62"]],
                    lineTotals: ["9.07", "27.21", "0.13", "-0.13"]))
        // Read back, the stored invoice says the same.
        let stored = try sandbox.fetchInvoice(try #require(invoice["id"] as? String))
        #expect(InvoiceFigures(stored) == InvoiceFigures(invoice))
    }

    /// A cart whose VAT per line and per rate differ by a cent, booked under both start flags; a credit invoice
    /// negates either exactly.
    @Test func bothRoundingModes() throws {
        let cases: [(flag: [String], excl: InvoiceFigures, incl: InvoiceFigures)] = [
            (
                [],
                // 25.00 × 21 % = 5.25; 2.00 incl. holds 0.3471 → 0.35.
                InvoiceFigures(
                    excl: "25.0", incl: "30.25", unpaid: "30.25", taxTotals: [["25.0", "5.25"]],
                    lineTotals: ["12.5", "12.5"]),
                InvoiceFigures(
                    excl: "1.65", incl: "2.0", unpaid: "2.0", taxTotals: [["1.65", "0.35"]],
                    lineTotals: ["0.83", "0.83"])
            ),
            (
                ["--vat-rounding", "per-rate"],
                InvoiceFigures(
                    excl: "25.0", incl: "30.25", unpaid: "30.25", taxTotals: [["25.0", "5.25"]],
                    lineTotals: ["12.5", "12.5"]),
                InvoiceFigures(
                    excl: "1.65", incl: "2.0", unpaid: "2.0", taxTotals: [["1.65", "0.35"]],
                    lineTotals: ["0.83", "0.83"])
            ),
            (
                // 12.50 × 21 % = 2.625 → 2.63 twice; 1.00 incl. holds 0.1736 → 0.17 twice.
                ["--vat-rounding", "per-line"],
                InvoiceFigures(
                    excl: "25.0", incl: "30.26", unpaid: "30.26", taxTotals: [["25.0", "5.26"]],
                    lineTotals: ["12.5", "12.5"]),
                InvoiceFigures(
                    excl: "1.66", incl: "2.0", unpaid: "2.0", taxTotals: [["1.66", "0.34"]],
                    lineTotals: ["0.83", "0.83"])
            ),
        ]
        for (flag, expectedExcl, expectedIncl) in cases {
            let sandbox = try SandboxProcess(flag)
            let contact = try sandbox.createContact()
            let excl = try sandbox.createInvoice(
                contact: contact, reference: "SOK",
                lines: #"[{"description": "Sok", "price": "12.50"}, {"description": "Sok", "price": "12.50"}]"#)
            #expect(InvoiceFigures(excl) == expectedExcl, "\(flag)")
            let incl = try sandbox.createInvoice(
                contact: contact, reference: "LOLLY", extra: #", "prices_are_incl_tax": true"#,
                lines: #"[{"description": "Lolly", "price": "1.00"}, {"description": "Lolly", "price": "1.00"}]"#)
            #expect(InvoiceFigures(incl) == expectedIncl, "\(flag)")

            let id = try #require(excl["id"] as? String)
            _ = try sandbox.sendManually(id)
            let credited = try sandbox.call(
                "PATCH", "\(sandbox.api)/sales_invoices/\(id)/duplicate_creditinvoice.json", json: "{}")
            #expect(credited.status == 200, "\(credited.text)")
            let credit = try JSON.object(credited)
            #expect(credit["total_price_incl_tax"] as? String == "-" + (expectedExcl.incl ?? ""), "\(flag)")
            let tax = (credit["tax_totals"] as? [[String: Any]])?.map { $0["tax_amount"] as? String }
            #expect(tax == expectedExcl.taxTotals.map { $0[1].map { "-" + $0 } }, "\(flag)")
        }
    }

    @Test func unknownRoundingModeIsRefusedAtStart() {
        #expect(throws: NoPortReported.self) {
            _ = try SandboxProcess(["--vat-rounding", "per-cent"])
        }
    }
}
