/// The shops koppel takes orders from.
public enum ShopKind: String, CaseIterable, Codable, Sendable {
    case opencart
    case mijnwebwinkel
}

/// The ledgers koppel books into.
public enum LedgerKind: String, CaseIterable, Codable, Sendable {
    case moneybird
    case minox
    case factuursturen
    case asperion

    /// The ledger's name as its users write it.
    public var displayName: String {
        switch self {
        case .moneybird: return "Moneybird"
        case .minox: return "Minox"
        case .factuursturen: return "Factuursturen"
        case .asperion: return "Asperion"
        }
    }
}

/// Where an order stands in koppel, as lists show it (`BookingFlow.State` holds the details).
/// Pushes create orders as `received`; booking moves them on.
public enum OrderState: String, CaseIterable, Codable, Sendable {
    case received
    case open
    case queued
    case booking
    case waiting
    case booked
    case error
}
