import KoppelCore

/// Makes a ledger's own VAT arithmetic land on the shop's figures, for ledgers that compute VAT per
/// rate from the nets they are sent: round(Σ net × rate), half away from zero.
///
/// Moneybird does (docs/moneybird-arithmetic.md: per rate is the model its answers and forms show,
/// a guess the spec's examples do not settle; halves up is sourced); Factuursturen's `taxes` show a
/// `sum` over a `sum_of` per rate (docs/factuursturen.md; the rounding a guess). The shop's VAT row
/// was computed on exact 4-decimal nets, so the two may differ by a cent, and the invoice total
/// would then differ from what the customer paid.
///
/// For each rate where they differ, a line "Afronding btw X%" with the smallest net (a cent or
/// a few) that makes the ledger's VAT of that rate equal the shop's is added, and the same net is
/// taken off outside VAT: the invoice's total stays what the customer paid, its VAT per rate is
/// the shop's tax rows, and revenue moves by nothing.
public enum PerRateVATFit {
    public struct Adjustment: Equatable, Sendable {
        public var vatCode: String
        public var basisPoints: Int
        /// Added at the rate, and taken off outside VAT.
        public var net: Cents
    }

    /// The largest adjustment tried: beyond it the shop's VAT does not belong to these nets, a
    /// difference the prechecks already hold orders for.
    static let largestAdjustment: Int64 = 100

    /// One adjustment per rate whose VAT the ledger would compute differently from the shop.
    public static func adjustments(_ document: BookingDocument) -> [Adjustment] {
        var nets: [String: (basisPoints: Int, net: Cents)] = [:]
        for line in document.lines where line.rate.basisPoints > 0 {
            guard let code = line.ledgerVATCode else { continue }
            nets[code, default: (line.rate.basisPoints, .zero)].net += line.net
        }
        var shopVAT: [String: Cents] = [:]
        for total in document.vatTotals {
            guard let code = total.ledgerVATCode else { continue }
            shopVAT[code, default: .zero] += total.vat
        }
        return nets.sorted { $0.key < $1.key }.compactMap { code, rate in
            let wanted = shopVAT[code] ?? .zero
            guard vat(of: rate.net, basisPoints: rate.basisPoints) != wanted else { return nil }
            // The smallest change of net, either way, whose VAT is the shop's.
            for size in 1...largestAdjustment {
                for delta in [Cents(size), Cents(-size)] where vat(of: rate.net + delta, basisPoints: rate.basisPoints) == wanted {
                    return Adjustment(vatCode: code, basisPoints: rate.basisPoints, net: delta)
                }
            }
            return nil
        }
    }

    /// The ledger's VAT of a rate: net × rate rounded to cents, halves away from zero.
    public static func vat(of net: Cents, basisPoints: Int) -> Cents {
        let product = net.value * Int64(basisPoints)
        let rounded = (abs(product) + 5_000) / 10_000
        return Cents(product < 0 ? -rounded : rounded)
    }
}
