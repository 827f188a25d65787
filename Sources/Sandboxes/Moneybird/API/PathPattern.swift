/// Matching request paths against templates such as `["sales_invoices", "*", "payments"]`.
extension Array where Element == String {
    /// The components standing at the `*` places when the path has the template's shape, else `nil`.
    func match(_ template: String...) -> [String]? {
        guard count == template.count else { return nil }
        var captured: [String] = []
        for (part, expected) in zip(self, template) {
            if expected == "*" {
                captured.append(part)
            } else if part != expected {
                return nil
            }
        }
        return captured
    }
}
