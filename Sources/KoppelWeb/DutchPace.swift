import Foundation
import KoppelCore

/// The backlog estimate's pace in the dashboard's words: "60 verzoeken per uur, 2,4 per bestelling".
enum DutchPace {
    static func text(_ estimate: BacklogEstimate) -> String {
        "\(estimate.limit) verzoeken \(window(estimate.windowSeconds)), \(decimal(estimate.requestsPerOrder)) per bestelling"
    }

    /// "per uur", "per 5 minuten", "per 10 seconden".
    static func window(_ seconds: Int64) -> String {
        if seconds == 3600 { return "per uur" }
        if seconds % 3600 == 0 { return "per \(seconds / 3600) uur" }
        if seconds == 60 { return "per minuut" }
        if seconds % 60 == 0 { return "per \(seconds / 60) minuten" }
        return seconds == 1 ? "per seconde" : "per \(seconds) seconden"
    }

    /// One decimal with a decimal comma, as Dutch writes it: "2,4", "5,0".
    static func decimal(_ value: Double) -> String {
        String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }
}
