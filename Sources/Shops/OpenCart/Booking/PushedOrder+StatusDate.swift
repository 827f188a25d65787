extension PushedOrder {
    /// The day (`YYYY-MM-DD`, the shop's own calendar as OpenCart wrote it, like `orderDate`) the
    /// order got its current status: the newest history entry with that status, else the order's
    /// `date_modified`; nil when neither is a date. For a cancelled order, the day of the
    /// cancellation, the date a credit entry carries.
    public var currentStatusDate: String? {
        let entry = history?.last { $0.orderStatusID == orderStatusID && LocalDateTime($0.dateAdded) != nil }
        if let entry { return String(entry.dateAdded.prefix(10)) }
        return LocalDateTime(dateModified) != nil ? String(dateModified.prefix(10)) : nil
    }
}
