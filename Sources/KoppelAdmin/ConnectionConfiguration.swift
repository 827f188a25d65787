import Booking
import Foundation
import KoppelCore
import KoppelStore

/// The Configuratie tab's edits of one connection, validated, each read and written in one
/// transaction so that two edits at once both count. `koppel config` and koppel-web both go
/// through here; a `ConfigurationError` means nothing was stored.
public struct ConnectionConfiguration {
    public let database: KoppelDatabase
    public let connection: Connection
    let now: Int64

    public init(database: KoppelDatabase, connection: Connection, now: Int64) {
        self.database = database
        self.connection = connection
        self.now = now
    }

    // MARK: statuses

    /// The statuses that are booked, and those that credit a booked order (nil: as they are).
    @discardableResult
    public func setStatuses(booked: [Int64], cancelled: [Int64]?) throws -> BookingConfiguration {
        for (field, ids) in [("booked", booked), ("cancelled", cancelled ?? [])] {
            if let bad = ids.first(where: { $0 <= 0 }) {
                throw ConfigurationError(
                    field: field, "\(bad) is no order status id (status 0 is never booked)",
                    dutch: "Orderstatus \(bad) bestaat niet (\(field == "booked" ? "geboekt" : "gecrediteerd")).")
            }
        }
        // Once the shop said which statuses it has, only those: an id of another shop books nothing.
        let known = Set(try ShopChoices.read(connectionID: connection.id, shop: connection.shop, in: database).statuses.compactMap { Int64($0.id) })
        for (field, ids) in [("booked", booked), ("cancelled", cancelled ?? [])] where !known.isEmpty {
            if let unknown = ids.first(where: { !known.contains($0) }) {
                throw ConfigurationError(
                    field: field, "the shop has no order status \(unknown)",
                    dutch: "Orderstatus \(unknown) bestaat niet in de webshop.")
            }
        }
        if let cancelled, !Set(cancelled).isDisjoint(with: booked) {
            throw ConfigurationError(
                field: "cancelled", "a status cannot be both booked and cancelled",
                dutch: "Een status kan niet tegelijk geboekt en gecrediteerd worden.")
        }
        return try database.updateBookingConfiguration(connectionID: connection.id, now: now) { configuration in
            configuration.bookedStatusIDs = booked
            if let cancelled { configuration.cancelStatusIDs = cancelled }
        }
    }

    /// Order status ids from `2, 3,5`.
    public static func statusIDs(_ text: String, field: String) throws -> [Int64] {
        try text.split(separator: ",").map { part -> Int64 in
            guard let id = Int64(part.trimmingCharacters(in: .whitespaces)), id > 0 else {
                throw ConfigurationError(
                    field: field, "\(part) is no order status id (status 0 is never booked)",
                    dutch: "\(part) is geen orderstatus.")
            }
            return id
        }
    }

    // MARK: VAT

    /// `NL`, `ICP` or `INT` (outside the EU).
    public static func scope(_ text: String, field: String = "scope") throws -> VATMapping.Scope {
        let upper = text.uppercased()
        switch upper {
        case "ICP": return .icp
        case "INT": return .international
        default:
            guard upper.count == 2, upper.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw ConfigurationError(
                    field: field, "--scope must be a country code, ICP or INT",
                    dutch: "\(text) is geen landcode, ICP of INT.")
            }
            return .country(upper)
        }
    }

    public static func scopeCode(_ scope: VATMapping.Scope) -> String {
        switch scope {
        case .country(let country): return country
        case .icp: return "ICP"
        case .international: return "INT"
        }
    }

    /// One rate's VAT code and revenue account (`koppel config vat`); the other entries stay.
    public func setVATEntry(_ entry: VATMapping.Entry) throws {
        let reference = try LedgerReferenceCopy.stored(connectionID: connection.id, in: database)
        try Self.validate(entry, field: "", reference: reference)
        try database.updateBookingConfiguration(connectionID: connection.id, now: now) { configuration in
            var mapping = configuration.vatMapping ?? VATMapping.defaults()
            mapping.set(entry.scope, basisPoints: entry.basisPoints, vatCode: entry.vatCode, revenueAccount: entry.revenueAccount)
            configuration.vatMapping = mapping
        }
    }

    /// The whole table as the owner edited it: a changed rate is kept as given. The shop country
    /// and the accounts stay.
    public func setVATTable(_ entries: [VATMapping.Entry]) throws {
        let reference = try LedgerReferenceCopy.stored(connectionID: connection.id, in: database)
        var seen: Set<String> = []
        for (index, entry) in entries.enumerated() {
            let field = "entries[\(index)]."
            try Self.validate(entry, field: field, reference: reference)
            let key = Self.scopeCode(entry.scope) + " \(entry.basisPoints)"
            guard seen.insert(key).inserted else {
                throw ConfigurationError(
                    field: field + "basis_points", "the rate \(key) is listed twice",
                    dutch: "Het tarief \(ConfigurationGaps.percent(entry.basisPoints)) voor "
                        + "\(ConfigurationGaps.scopeName(entry.scope)) staat er twee keer in.")
            }
        }
        try database.updateBookingConfiguration(connectionID: connection.id, now: now) { configuration in
            let before = configuration.vatMapping ?? VATMapping.defaults()
            configuration.vatMapping = VATMapping(shopCountry: before.shopCountry, entries: entries, accounts: before.accounts)
        }
    }

    /// "VAT-instellingen verwijderen": every EU rate at its default, nothing mapped. The accounts
    /// for gift vouchers, store credit, rounding and levies are no VAT settings and stay.
    public func resetVAT() throws {
        try database.updateBookingConfiguration(connectionID: connection.id, now: now) { configuration in
            let before = configuration.vatMapping ?? VATMapping.defaults()
            var fresh = VATMapping.defaults(shopCountry: before.shopCountry)
            fresh.accounts = before.accounts
            configuration.vatMapping = fresh
        }
    }

    /// A rate from 0 to 100 %; a code and an account among the ledger's when its list was read
    /// (before the first read, as given: `koppel config vat` works without the ledger).
    static func validate(_ entry: VATMapping.Entry, field: String, reference: LedgerReferenceCopy?) throws {
        let name = "\(ConfigurationGaps.scopeName(entry.scope)) \(ConfigurationGaps.percent(entry.basisPoints))"
        guard (0...10_000).contains(entry.basisPoints) else {
            throw ConfigurationError(
                field: field + "basis_points", "--rate must be a percentage",
                dutch: "Het btw-tarief moet tussen 0% en 100% liggen.")
        }
        guard let reference else { return }
        if !entry.vatCode.isEmpty, !reference.taxRates.contains(where: { $0.id == entry.vatCode }) {
            throw ConfigurationError(
                field: field + "vat_code", "\(entry.vatCode) is not one of the ledger's VAT codes (refresh the list)",
                dutch: "De btw-code voor \(name) is niet bekend in de boekhouding. Klik op Vernieuwen en kies opnieuw.")
        }
        if !entry.revenueAccount.isEmpty, !reference.revenueAccounts.contains(where: { $0.id == entry.revenueAccount }) {
            throw ConfigurationError(
                field: field + "revenue_account",
                "\(entry.revenueAccount) is not one of the ledger's revenue accounts (refresh the list)",
                dutch: "De omzetrekening voor \(name) is niet bekend in de boekhouding. Klik op Vernieuwen en kies opnieuw.")
        }
    }

    // MARK: debtors

    /// One payment method's fixed debtor; nil removes it. Never used for ICP orders.
    public func setDebtor(payment: String, contact: String?) throws {
        try Self.validatePayment(payment)
        if let contact { try Self.validateDebtor(payment: payment, contact: contact) }
        try database.updateBookingConfiguration(connectionID: connection.id, now: now) {
            $0.fixedDebtors[payment] = contact
        }
    }

    /// Every payment method's fixed debtor at once (the dashboard's form).
    public func setDebtors(_ debtors: [String: String]) throws {
        for (payment, contact) in debtors.sorted(by: { $0.key < $1.key }) {
            try Self.validateDebtor(payment: payment, contact: contact)
        }
        try database.updateBookingConfiguration(connectionID: connection.id, now: now) { $0.fixedDebtors = debtors }
    }

    static func validatePayment(_ payment: String) throws {
        guard !payment.isEmpty, !payment.contains(where: \.isWhitespace) else {
            throw ConfigurationError(
                field: "debtors", "\(payment) is no payment method code", dutch: "\(payment) is geen betaalmethode.")
        }
    }

    static func validateDebtor(payment: String, contact: String) throws {
        try validatePayment(payment)
        guard !contact.isEmpty, contact.count <= 40, contact.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw ConfigurationError(
                field: "debtors.\(payment)", "\(contact) is no ledger contact id",
                dutch: "De vaste debiteur voor \(payment) is geen contact-id uit de boekhouding (alleen cijfers en letters).")
        }
    }

    // MARK: accounts

    public struct Accounts: Sendable, Equatable {
        public var giftVoucher: String?
        public var storeCredit: String?
        public var rounding: String?
        public var levy: String?
        public var roundingTolerance: Cents?

        public init(
            giftVoucher: String? = nil, storeCredit: String? = nil, rounding: String? = nil, levy: String? = nil,
            roundingTolerance: Cents? = nil
        ) {
            self.giftVoucher = giftVoucher
            self.storeCredit = storeCredit
            self.rounding = rounding
            self.levy = levy
            self.roundingTolerance = roundingTolerance
        }
    }

    /// The liability, rounding and levy accounts and the rounding tolerance; nils stay.
    public func setAccounts(_ accounts: Accounts) throws {
        if let tolerance = accounts.roundingTolerance, tolerance < .zero || tolerance > Cents(100) {
            throw Self.badRoundingTolerance
        }
        try database.updateBookingConfiguration(connectionID: connection.id, now: now) { configuration in
            var mapping = configuration.vatMapping ?? VATMapping.defaults()
            if let account = accounts.giftVoucher { mapping.accounts.giftVoucherLiability = account }
            if let account = accounts.storeCredit { mapping.accounts.storeCreditLiability = account }
            if let account = accounts.rounding { mapping.accounts.rounding = account }
            if let account = accounts.levy { mapping.accounts.levy = account }
            configuration.vatMapping = mapping
            if let tolerance = accounts.roundingTolerance { configuration.roundingTolerance = tolerance }
        }
    }

    static let badRoundingTolerance = ConfigurationError(
        field: "rounding_tolerance", "--rounding-tolerance must be an amount from 0.00 to 1.00 with at most two decimals",
        dutch: "De afrondingstolerantie moet een bedrag van 0,00 tot 1,00 zijn, met hoogstens twee decimalen.")

    /// An amount in euros, `0.02` or `0,02`.
    public static func amount(_ text: String) -> Cents? {
        try? Cents(parsing: text.replacingOccurrences(of: ",", with: "."))
    }

    public static func roundingTolerance(_ text: String) throws -> Cents {
        guard let cents = amount(text), cents >= .zero, cents <= Cents(100) else { throw badRoundingTolerance }
        return cents
    }

    // MARK: reconcile

    /// The reconciler's tolerance and the nightly e-mail's addresses; nils stay. Validated before
    /// the transaction that reads and writes them.
    @discardableResult
    public func setReconcile(tolerance: String?, notify: [String]?, mailWhenClean: Bool?) throws -> ReconcileSettings {
        let cents = try tolerance.map { text -> Cents in
            guard let cents = Self.amount(text), cents >= .zero, cents <= Cents(10_000) else {
                throw ConfigurationError(
                    field: "tolerance", "--tolerance \(text) is no amount between 0.00 and 100.00",
                    dutch: "De tolerantie moet een bedrag van 0,00 tot 100,00 zijn.")
            }
            return cents
        }
        let addresses = notify.map { $0.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        for address in addresses ?? [] where !Self.looksLikeAddress(address) {
            throw ConfigurationError(
                field: "notify_emails", "\(address) is not an e-mail address", dutch: "\(address) is geen e-mailadres.")
        }
        return try database.updateReconcileSettings(connectionID: connection.id, now: now) { settings in
            if let cents { settings.tolerance = cents }
            if let addresses { settings.notifyEmails = addresses }
            if let mailWhenClean { settings.mailWhenClean = mailWhenClean }
        }
    }

    public static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.count <= 254
            && !text.contains { $0.isWhitespace || $0.isNewline || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" }
    }
}
