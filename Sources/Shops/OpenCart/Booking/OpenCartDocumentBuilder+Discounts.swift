import KoppelCore

extension OpenCartDocumentBuilder {
    /// Where one discount row's amount may have gone.
    enum Candidate: Equatable {
        /// Pro rata over all product lines: a percentage coupon or reward points on the whole
        /// cart (p % of every line is the same as p % of the sub-total split by line totals), and
        /// a fixed coupon on the whole cart (OpenCart splits it by line total too).
        case allProducts
        /// A free-shipping coupon: the shipping cost first, the rest pro rata over the products.
        case freeShipping
        /// Pro rata over the product lines of these rates only: a coupon restricted to some
        /// products (`oc_coupon_product`), which the order does not name.
        case rates(Set<Int>)
        /// Per rate as the VAT rows leave it once the other discounts are placed: a coupon
        /// restricted to categories, or to products of several rates (`allocation(fromVATRows:)`).
        case vatRows
    }

    /// Allocates coupons and reward points (negative, net, before tax; §4.2 step 3) to lines,
    /// and derives the rates of shipping and fees whose class is unknown, so that every VAT row
    /// equals its rate times the net lines of that rate (§4.2 step 4, within 0.0001 per part).
    ///
    /// The order does not say which products a coupon applied to, so the VAT rows decide: the
    /// candidates of every discount are tried (all products first, the split read off the VAT
    /// rows last) and the first combination that explains every VAT row wins. Without any (data
    /// changed after the order), discounts stay on all products and the caller warns.
    func solve(parts: [ExactPart], products: [Int], shipping: Int?, discounts: [Discount], vatRows: [Int: Amount])
        -> (parts: [ExactPart], consistent: Bool)
    {
        let productRates = Set(products.compactMap { parts[$0].basisPoints })
        let rateSubsets = Self.subsets(of: productRates.sorted()).filter { $0.count < productRates.count }
        let candidateLists: [[Candidate]] = discounts.map { discount in
            var list: [Candidate] = [.allProducts]
            if discount.code == "coupon", let shipping, parts[shipping].net != .zero,
                discount.value.tenThousandths.magnitude >= parts[shipping].net.tenThousandths.magnitude
            {
                list.append(.freeShipping)
            }
            list += rateSubsets.map { .rates($0) }
            if !vatRows.isEmpty { list.append(.vatRows) }
            return list
        }

        var fallback: [ExactPart]?
        var choice = Array(repeating: 0, count: discounts.count)
        for _ in 0..<512 {
            let candidates = zip(candidateLists, choice).map { $0[$1] }
            let (result, consistent) = apply(candidates, parts: parts, products: products, shipping: shipping, discounts: discounts, vatRows: vatRows)
            if consistent { return (result, true) }
            if fallback == nil { fallback = result }
            // Next combination, the first discount varying fastest.
            var position = 0
            while position < choice.count {
                choice[position] += 1
                if choice[position] < candidateLists[position].count { break }
                choice[position] = 0
                position += 1
            }
            if position == choice.count { break }
        }
        return (fallback ?? parts, false)
    }

    /// One combination: the discount parts per rate, the derived rates, and whether the VAT rows
    /// are explained.
    func apply(
        _ candidates: [Candidate], parts original: [ExactPart], products: [Int], shipping: Int?, discounts: [Discount],
        vatRows: [Int: Amount]
    ) -> ([ExactPart], Bool) {
        var parts = original
        // Allocation of each discount to part indices, in ten-thousandths, adding up exactly to
        // the discount (largest remainder at 4 decimals, `Apportion.split`). A discount read off
        // the VAT rows comes after the others, since it takes what they leave.
        var allocations = Array(repeating: [Int: Amount](), count: discounts.count)
        var placedAll = true
        let last = { (position: Int) in (candidates[position] == .vatRows ? 1 : 0, position) }
        let order = discounts.indices.sorted { last($0) < last($1) }
        for position in order {
            let discount = discounts[position]
            var allocation: [Int: Amount] = [:]
            var rest = discount.value
            var targets = products
            switch candidates[position] {
            case .allProducts: break
            case .freeShipping:
                let cost = parts[shipping!].net
                allocation[shipping!] = -cost
                rest = rest + cost
            case .rates(let rates):
                targets = products.filter { rates.contains(parts[$0].basisPoints ?? -1) }
            case .vatRows:
                let placed = order.prefix { $0 != position }.map { allocations[$0] }
                guard
                    let derived = self.allocation(
                        fromVATRows: rest, parts: parts, products: products, placed: placed, vatRows: vatRows)
                else {
                    placedAll = false
                    continue
                }
                allocation = derived
                rest = .zero
            }
            if rest != .zero {
                let shares = Apportion.split(rest.tenThousandths, weights: targets.map { parts[$0].net.tenThousandths })
                for (index, share) in zip(targets, shares) {
                    allocation[index, default: .zero] = allocation[index, default: .zero] + Amount(tenThousandths: share)
                }
            }
            allocations[position] = allocation
        }
        // The net each part has after discounts.
        var effective = parts.map(\.net)
        for allocation in allocations { for (index, share) in allocation { effective[index] = effective[index] + share } }

        // VAT left over per rate, in hundred-millionths (row × 10⁴ minus net × basis points).
        var residual: [Int: Int128] = vatRows.mapValues { Int128($0.tenThousandths) * 10_000 }
        var count: [Int: Int] = [:]
        for (index, part) in parts.enumerated() where !part.outOfScope {
            guard let basisPoints = part.basisPoints, basisPoints != 0 else { continue }
            residual[basisPoints, default: 0] -= Int128(effective[index].tenThousandths) * Int128(basisPoints)
            count[basisPoints, default: 0] += 1
        }
        for (index, part) in parts.enumerated() where !part.outOfScope && part.basisPoints == nil {
            // A row of unknown class takes the rate whose leftover VAT it explains best; none → 0 %.
            let net = Int128(effective[index].tenThousandths)
            var best: (basisPoints: Int, error: Int128)?
            for (basisPoints, left) in residual where basisPoints != 0 {
                let error = abs(left - net * Int128(basisPoints))
                if error < abs(left), best == nil || error < best!.error || (error == best!.error && basisPoints > best!.basisPoints) {
                    best = (basisPoints, error)
                }
            }
            let chosen = net == 0 ? (residual.keys.max() ?? 0) : (best?.basisPoints ?? 0)
            parts[index].basisPoints = chosen
            if chosen != 0 {
                residual[chosen, default: 0] -= net * Int128(chosen)
                count[chosen, default: 0] += 1
            }
        }
        let consistent = placedAll && residual.allSatisfy { basisPoints, left in
            abs(left) <= 10_000 * Int128(max(1, count[basisPoints, default: 0] + allocations.count))
        }

        // One discount part per discount and rate: what a ledger books (§4.2 step 3, "per VAT rate
        // as a negative net amount with negative VAT").
        for (discount, allocation) in zip(discounts, allocations) {
            var perRate: [(Int, Amount)] = []
            for index in allocation.keys.sorted() {
                let basisPoints = parts[index].basisPoints ?? 0
                if let position = perRate.firstIndex(where: { $0.0 == basisPoints }) {
                    perRate[position].1 = perRate[position].1 + allocation[index]!
                } else {
                    perRate.append((basisPoints, allocation[index]!))
                }
            }
            for (basisPoints, value) in perRate.sorted(by: { $0.0 > $1.0 }) where value != .zero {
                parts.append(ExactPart(description: discount.title, quantity: 1, kind: .discount, net: value, basisPoints: basisPoints))
            }
        }
        return (parts, consistent)
    }

    static func subsets(of rates: [Int]) -> [Set<Int>] {
        guard rates.count <= 6 else { return [] }
        return (1..<(1 << rates.count)).map { mask in Set(rates.indices.filter { mask & (1 << $0) != 0 }.map { rates[$0] }) }
    }
}
