import SandboxSupport

/// `GET taxes` → `[{percentage, type: N|H|L|Z (none/high/low/zero), default, country}]` [C-multi: apis.md §2].
/// The Dutch rates of 2026: 21 % high (the default), 9 % low, 0 % zero and "none" for lines outside VAT; the
/// values as strings like the other fixtures [Guess: no `taxes` fixture is known].
struct FactuursturenMasterData: Sendable {
    struct Tax: Sendable {
        var percentage: Int64
        var type: String
        var isDefault: Bool
    }

    let taxes: [Tax] = [
        Tax(percentage: 21 * FactuursturenAmount.scale, type: "H", isDefault: true),
        Tax(percentage: 9 * FactuursturenAmount.scale, type: "L", isDefault: false),
        Tax(percentage: 0, type: "Z", isDefault: false),
        Tax(percentage: 0, type: "N", isDefault: false),
    ]

    /// The rates a line may carry, in ten-thousandths of a percent.
    var rates: [Int64] { taxes.map(\.percentage) }

    var taxesJSON: JSONValue {
        .array(taxes.map { tax in
            .object([
                ("percentage", .string(FactuursturenAmount.text(tenThousandths: tax.percentage))), ("type", .string(tax.type)),
                ("default", .string(tax.isDefault ? "true" : "false")), ("country", .string("NL")),
            ])
        })
    }
}
