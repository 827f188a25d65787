import KoppelCore
import Testing

/// References built from a shop's order reference as text, and read back by the reconciler.
struct BookingReferenceTests {
    @Test func textOrderReferencesMakeAndReadBackTheirBookingReference() {
        let reference = BookingReference(prefix: "K7Q")
        #expect(reference.reference(order: "1001") == "K7Q-1001")
        #expect(reference.reference(order: "T-1001") == "K7Q-T-1001")
        #expect(reference.reference(order: "1024", storeID: 2) == "K7Q-2-1024")
        #expect(reference.orderReference(in: "K7Q-1001") == "1001")
        #expect(reference.orderReference(in: "K7Q-T-1001") == "T-1001")
        #expect(reference.orderReference(in: "K7Q-2-1024") == "1024")
        #expect(reference.orderID(in: "K7Q-T-1001") == nil)
        // Digits and dashes alone read as store and order; more parts are nobody's.
        #expect(reference.orderReference(in: "K7Q-1-2-3") == nil)
        #expect(reference.orderReference(in: "K7Q-T-") == nil && reference.orderReference(in: "K7Q--1") == nil)
        #expect(reference.orderReference(in: "K7Q-T 1001") == nil && reference.orderReference(in: "K7QX-1001") == nil)
        // Without a prefix only the bare numbers of before.
        #expect(BookingReference(prefix: "").orderReference(in: "T-1001") == nil)
        #expect(BookingReference(prefix: "").orderReference(in: "1001") == "1001")
    }
}
