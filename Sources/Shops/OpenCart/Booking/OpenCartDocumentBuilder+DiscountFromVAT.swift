import KoppelCore

extension OpenCartDocumentBuilder {
    /// A discount split per rate by what the VAT rows leave unexplained once every other part and
    /// discount is placed (`Candidate.vatRows`), then spread over each rate's products by their
    /// nets. This is where a coupon limited to categories lands: OpenCart takes it off the cart's
    /// products of those categories (`oc_coupon_category`), of any rates, and the order names
    /// neither the categories nor the products; its tax rows are what the coupon left.
    ///
    /// Nil when the rows allow no such split: a part whose rate is still unknown (its VAT and the
    /// discount's cannot be told apart), a share against the discount's sign or larger than the
    /// rate's products, or a rest that no 0 % product can take.
    func allocation(
        fromVATRows value: Amount, parts: [ExactPart], products: [Int], placed: [[Int: Amount]], vatRows: [Int: Amount]
    ) -> [Int: Amount]? {
        var effective = parts.map(\.net)
        for allocation in placed { for (index, share) in allocation { effective[index] = effective[index] + share } }

        // VAT left over per rate, in hundred-millionths (row × 10⁴ minus net × basis points).
        var residual: [Int: Int128] = [:]
        for (basisPoints, row) in vatRows where basisPoints != 0 {
            residual[basisPoints] = Int128(row.tenThousandths) * 10_000
        }
        for (index, part) in parts.enumerated() where !part.outOfScope {
            guard let basisPoints = part.basisPoints else { return nil }
            guard basisPoints != 0 else { continue }
            residual[basisPoints, default: 0] -= Int128(effective[index].tenThousandths) * Int128(basisPoints)
        }

        let byRate = Dictionary(grouping: products) { parts[$0].basisPoints ?? 0 }
        let sign = value.tenThousandths.signum()
        func room(_ basisPoints: Int) -> Int64 {
            abs(byRate[basisPoints, default: []].map { effective[$0].tenThousandths }.reduce(0, +))
        }
        // A tax row is stored to 4 decimals, so a rate's share is known to half a ten-thousandth
        // of VAT: 0.5 / rate ten-thousandths of net. Twice that is still noise.
        func noise(_ basisPoints: Int) -> Int64 { Int64(10_000 / basisPoints) + 1 }

        var shares: [Int: Int64] = [:]
        for (basisPoints, left) in residual.sorted(by: { $0.key > $1.key }) {
            let share = Int64(Apportion.roundHalfAwayFromZero(left, Int128(basisPoints)))
            guard abs(share) > noise(basisPoints) else { continue }
            guard share.signum() == sign, abs(share) <= room(basisPoints) + noise(basisPoints) else { return nil }
            shares[basisPoints] = share
        }
        guard !shares.isEmpty else { return nil }

        let rest = value.tenThousandths - shares.values.reduce(0, +)
        let tolerance = shares.keys.map(noise).reduce(0, +)
        if abs(rest) <= tolerance {
            // Rounding of the rows, not a share of its own: spread where the rows are least exact,
            // by the square of each rate's uncertainty (1 / rate²).
            let rates = shares.keys.sorted(by: >)
            let weights = rates.map { Int64(100_000_000 / ($0 * $0)) }
            for (basisPoints, extra) in zip(rates, Apportion.split(rest, weights: weights)) {
                shares[basisPoints]! += extra
            }
        } else if rest.signum() == sign, abs(rest) <= room(0) {
            shares[0] = rest
        } else {
            return nil
        }

        var allocation: [Int: Amount] = [:]
        for (basisPoints, share) in shares {
            let targets = byRate[basisPoints, default: []]
            guard !targets.isEmpty else { return nil }
            let split = Apportion.split(share, weights: targets.map { effective[$0].tenThousandths })
            for (index, part) in zip(targets, split) { allocation[index] = Amount(tenThousandths: part) }
        }
        return allocation
    }
}
