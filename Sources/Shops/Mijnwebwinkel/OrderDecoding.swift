import Foundation
import KoppelCore

/// Turns `/v1/orders` answers into `MijnwebwinkelOrder`s, accepting the spec's shapes and the live
/// deviations alike (§1.4). An amount that is not an exact decimal fails the whole answer: a guessed
/// amount must never reach a ledger.
enum OrderDecoding {
    static func orders(_ body: Data) throws(MijnwebwinkelError) -> [MijnwebwinkelOrder] {
        let raw: [RawOrder] = try decode(body)
        var orders: [MijnwebwinkelOrder] = []
        for order in raw { orders.append(try convert(order)) }
        return orders
    }

    static func order(_ body: Data) throws(MijnwebwinkelError) -> MijnwebwinkelOrder {
        try convert(try decode(body))
    }

    static func decode<T: Decodable>(_ body: Data) throws(MijnwebwinkelError) -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: body)
        } catch {
            throw MijnwebwinkelError(.malformed, "Mijnwebwinkel sent an answer koppel cannot read: \(describe(error))")
        }
    }

    static func convert(_ raw: RawOrder) throws(MijnwebwinkelError) -> MijnwebwinkelOrder {
        let number = raw.number.text
        func amount<T>(_ what: String, _ parse: () throws(AmountParseError) -> T) throws(MijnwebwinkelError) -> T {
            do {
                return try parse()
            } catch {
                throw MijnwebwinkelError(.malformed, "order \(number): \(what) is not an exact decimal (\(error))")
            }
        }
        guard let status = Int(raw.status.text) else {
            throw MijnwebwinkelError(.malformed, "order \(number): status \(raw.status.text) is not a whole number")
        }
        var lines: [MijnwebwinkelOrderLine] = []
        for (index, line) in (raw.orderlines ?? []).enumerated() {
            var portions: [MijnwebwinkelLinePortion] = []
            for price in line.price?.items ?? [] {
                guard let gross = price.amountIncludingTax, let net = price.amount else {
                    throw MijnwebwinkelError(.malformed, "order \(number): line \(index + 1) lacks amount or amount_including_tax")
                }
                portions.append(MijnwebwinkelLinePortion(
                    rateBasisPoints: try amount("a line's rate") { () throws(AmountParseError) in try price.rate.basisPoints() },
                    gross: try amount("a line's amount_including_tax") { () throws(AmountParseError) in
                        try Cents(parsing: gross.text)
                    },
                    netMillionths: try amount("a line's amount") { () throws(AmountParseError) in try net.millionths() }))
            }
            guard let quantity = Int(line.quantity.text) else {
                throw MijnwebwinkelError(.malformed, "order \(number): line \(index + 1) has no whole quantity")
            }
            lines.append(MijnwebwinkelOrderLine(
                id: line.id, kind: .init(line.type), quantity: quantity, description: line.description ?? "", portions: portions))
        }
        var vatTotals: [MijnwebwinkelVATTotal] = []
        for tax in raw.price?.tax?.items ?? [] {
            guard let vat = tax.amount else { throw MijnwebwinkelError(.malformed, "order \(number): a VAT total lacks its amount") }
            vatTotals.append(MijnwebwinkelVATTotal(
                rateBasisPoints: try amount("a VAT rate") { () throws(AmountParseError) in try tax.rate.basisPoints() },
                vat: try amount("a VAT amount") { () throws(AmountParseError) in try vat.cents() }))
        }
        guard let totalText = raw.price?.total else { throw MijnwebwinkelError(.malformed, "order \(number) has no price.total") }
        let grossTotal = try amount("price.total") { () throws(AmountParseError) in try totalText.cents() }
        let invoice = raw.debtor.address?.invoice
        let paymentStatus = raw.paymentStatus
        let paid = paymentStatus.map { ["captured", "authorized"].contains($0) } ?? (raw.payment?.status?.id?.text == "1")
        var changedAt: String?
        if let date = raw.statusChangedDate, let time = raw.statusChangedTime { changedAt = date + " " + time }
        return MijnwebwinkelOrder(
            number: number, uuid: raw.uuid, date: raw.date, time: raw.time, status: MijnwebwinkelOrderStatus(id: status),
            statusChangedAt: changedAt, archived: raw.archived ?? false, currency: raw.currency ?? "EUR",
            businessModel: raw.businessModel ?? "B2C", customerReference: raw.reference.flatMap(nonEmpty),
            taxStrategy: TaxStrategy(raw.taxStrategy), taxRegion: raw.taxRegion.flatMap(nonEmpty),
            creditedOrderNumber: raw.creditedOrderNumber?.text, creditOrderNumbers: (raw.creditOrderNumbers ?? []).map(\.text),
            discountCode: raw.discountcode.flatMap(nonEmpty),
            payment: MijnwebwinkelPayment(
                status: paymentStatus, gatewayName: raw.payment?.gatewayName, methodName: raw.payment?.methodName, isPaid: paid),
            debtor: MijnwebwinkelDebtor(
                email: raw.debtor.email.flatMap(nonEmpty), customerID: raw.debtor.id.flatMap(nonEmpty),
                invoiceAddress: address(invoice, fallbackName: raw.debtor.name, company: raw.debtor.company, phone: raw.debtor.phone),
                vatNumber: invoice?.taxnumber.flatMap(nonEmpty)),
            deliveryAddress: raw.debtor.address?.delivery?.value.map { address($0, fallbackName: nil, company: nil, phone: nil) },
            shippingCountryCode: raw.shipping?.first?.country?.value?.isocode.flatMap(nonEmpty),
            lines: lines, vatTotals: vatTotals, grossTotal: grossTotal)
    }

    private static func address(_ raw: RawAddress?, fallbackName: String?, company: String?, phone: String?) -> MijnwebwinkelAddress {
        MijnwebwinkelAddress(
            name: (raw?.name).flatMap(nonEmpty) ?? fallbackName.flatMap(nonEmpty),
            company: (raw?.company).flatMap(nonEmpty) ?? company.flatMap(nonEmpty),
            street: (raw?.street).flatMap(nonEmpty), houseNumber: (raw?.number).flatMap(nonEmpty),
            zipcode: (raw?.zipcode).flatMap(nonEmpty), city: (raw?.city).flatMap(nonEmpty),
            country: (raw?.country).flatMap(nonEmpty), countryCode: (raw?.countryCode).flatMap(nonEmpty),
            phone: (raw?.phone).flatMap(nonEmpty) ?? phone.flatMap(nonEmpty))
    }

    private static func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Where the answer went wrong, without quoting it (an answer could carry personal data).
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return "\(path.isEmpty ? "the document" : path): \(context.debugDescription)"
        @unknown default:
            return "unreadable"
        }
    }
}
