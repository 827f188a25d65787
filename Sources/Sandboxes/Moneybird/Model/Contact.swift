import Foundation

/// A contact (customer) of an administration.
struct Contact: Codable, Sendable {
    var id: String
    var administrationID: String
    var companyName: String?
    var firstname: String?
    var lastname: String?
    var address1: String?
    var address2: String?
    var zipcode: String?
    var city: String?
    var country: String?
    var phone: String?
    var deliveryMethod: String
    var customerID: String
    var taxNumber: String?
    var chamberOfCommerce: String?
    var bankAccount: String?
    var attention: String?
    var email: String?
    var sendInvoicesToAttention: String?
    var sendInvoicesToEmail: String?
    var sendEstimatesToAttention: String?
    var sendEstimatesToEmail: String?
    var createdAt: Date
    var updatedAt: Date
    var version: Int

    /// The fields `GET /contacts?query=` searches, as Moneybird documents them.
    var searchableText: [String] {
        [
            companyName, attention, firstname, lastname, address1, address2, zipcode, city, country, email,
            sendInvoicesToEmail, phone, customerID, taxNumber, chamberOfCommerce, bankAccount,
        ].compactMap { $0 }
    }
}
