extension OpenCartDocumentBuilder {
    /// The VAT date, `YYYY-MM-DD`: the calendar day of `date_added` exactly as OpenCart wrote it,
    /// which already is the day in the shop's own time zone. OpenCart writes the column with
    /// MySQL `NOW()` in a session whose `time_zone` it sets to the current offset of
    /// `config_timezone`, or of UTC when the shop has none (3.0.4.1 system/framework.php:15,
    /// 86-94 and catalog/controller/startup/startup.php:47-53; 4.0.2.3 system/framework.php:27,
    /// system/library/db/mysqli.php:38 and catalog/controller/startup/setting.php:53-59), and
    /// prints this same day on its invoice. So the pushed `timezone` and `store.timezone` are
    /// checked at push time but never move the day: converting from UTC would put orders near
    /// midnight into the wrong day, and so the wrong VAT period. Details in docs/protocol.md,
    /// "Dates and the time zone". nil when the push carries no such date.
    var orderDate: String? {
        LocalDateTime(order.dateAdded) != nil ? String(order.dateAdded.prefix(10)) : nil
    }
}
