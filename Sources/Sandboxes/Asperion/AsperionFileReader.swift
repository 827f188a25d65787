import Foundation

/// Violations of an uploaded file, each with its path in the document.
struct AsperionFileViolations: Error, Sendable {
    var list: [(path: String, message: String)]
}

/// Reads an uploaded file: the aXML schema's validator first, then the orders.
enum AsperionFileReader {
    static func read(_ bytes: Data) -> Result<[AsperionImportOrder], AsperionFileViolations> {
        .failure(AsperionFileViolations(list: [("/", "the aXML reader is not part of this build yet")]))
    }
}
