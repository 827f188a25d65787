/// The zstd dictionary of stored payloads, format 1 (`StoredPayload.Format.zstdDictionaryV1`).
///
/// A raw-content dictionary: zstd compresses each payload as if this text came just before it, so
/// the keys, their order (the canonical form sorts them) and the common values (countries,
/// currencies, total codes, the shape of an address) cost a back-reference instead of their bytes.
/// It is one synthetic order of each shop in the canonical form koppel stores, with made-up
/// customer details; the OpenCart order comes last because most orders are OpenCart's and nearer
/// matches are cheaper.
///
/// Never edit: every row stored with format 1 needs exactly these bytes to be read back (a test
/// pins their SHA-256). A better dictionary is a new constant and a new format byte.
enum OrderPayloadDictionary {
    static let v1: [UInt8] = Array(segments.joined().utf8)

    private static let segments: [String] = [
        // A Mijnwebwinkel order as the store keeps it (MijnwebwinkelOrder, sorted keys).
        #"{"archived":false,"businessModel":"B2C","creditOrderNumbers":[],"currency":"EUR","#,
        #""date":"2026-11-22","debtor":{"email":"klant@example.nl","invoiceAddress":{"city":"Utrecht","#,
        #""company":"","country":"Nederland","countryCode":"NL","houseNumber":"12","name":"Anna Jansen","#,
        #""phone":"","street":"Stationsweg","zipcode":"3511 AB"},"vatNumber":""},"#,
        #""deliveryAddress":{"city":"Utrecht","country":"Nederland","countryCode":"NL","houseNumber":"12","#,
        #""name":"Anna Jansen","street":"Stationsweg","zipcode":"3511 AB"},"grossTotal":4085,"#,
        #""lines":[{"description":"Verzendkosten","id":"","kind":{"shipping":{}},"portions":[{"gross":695,"#,
        #""netMillionths":5743802,"rateBasisPoints":2100}],"quantity":1},{"description":"Artikel","#,
        #""id":"1","kind":{"article":{}},"portions":[{"gross":3390,"netMillionths":28016529,"#,
        #""rateBasisPoints":2100}],"quantity":1}],"number":"1001","payment":{"gatewayName":"mollie","#,
        #""isPaid":true,"methodName":"ideal","status":"captured"},"shippingCountryCode":"NL","#,
        #""status":{"id":2,"isCreditStatus":false,"name":"Betaald"},"taxRegion":"NL","#,
        #""taxStrategy":{"regular":{}},"time":"12:00:00","uuid":"00000000-0000-0000-0000-000000000000","#,
        #""vatTotals":[{"rateBasisPoints":2100,"vat":709},{"rateBasisPoints":900,"vat":0}]}"#,
        "\n",
        // An OpenCart order as the store keeps it (PushedOrder, sorted keys): last, nearest to what is compressed.
        #"{"comment":"","currency":{"code":"EUR","value":"1.00000000"},"customer":{"custom_field":{},"#,
        #""customer_group_id":1,"customer_id":0,"email":"klant@example.nl","firstname":"Anna","#,
        #""lastname":"Jansen","telephone":"+31612345678"},"date_added":"2026-11-22 12:00:00","#,
        #""date_modified":"2026-11-22 12:00:00","history":[{"comment":"","#,
        #""date_added":"2026-11-22 12:00:00","order_status_id":1},{"comment":"","#,
        #""date_added":"2026-11-22 12:00:00","order_status_id":2}],"invoice_no":0,"#,
        #""invoice_prefix":"INV-2026-00","language_code":"nl-nl","order_id":1000,"order_status_id":2,"#,
        #""payment_address":{"address_1":"Stationsweg 12","address_2":"","city":"Utrecht","company":"","#,
        #""country":"Netherlands","country_id":150,"firstname":"Anna","iso_code_2":"NL","#,
        #""lastname":"Jansen","postcode":"3511 AB","zone":"Utrecht","zone_id":2340},"#,
        #""payment_method":{"code":"bank_transfer","name":"Bank Transfer"},"products":[{"master_id":0,"#,
        #""model":"Product 1","name":"Product 1","options":[{"name":"Select","product_option_id":1,"#,
        #""product_option_value_id":1,"type":"select","value":"Red"}],"order_product_id":1,"#,
        #""price":"10.0000","product_id":41,"quantity":1,"reward":0,"tax":"2.1000","total":"10.0000"},"#,
        #"{"master_id":0,"model":"Product 2","name":"Product 2","options":[],"order_product_id":2,"#,
        #""price":"27.5000","product_id":42,"quantity":1,"reward":0,"tax":"2.4750","total":"27.5000"}],"#,
        #""shipping_address":{"address_1":"Stationsweg 12","address_2":"","city":"Utrecht","company":"","#,
        #""country":"Netherlands","country_id":150,"firstname":"Anna","iso_code_2":"NL","#,
        #""lastname":"Jansen","postcode":"3511 AB","zone":"Utrecht","zone_id":2340},"#,
        #""shipping_method":{"code":"flat.flat","name":"Flat Shipping Rate","tax_class_id":9},"#,
        #""store_id":0,"store_name":"Your Store","store_url":"https://www.example.nl/","#,
        #""timezone":"Europe/Amsterdam","total":"45.0000","totals":[{"code":"sub_total","#,
        #""extension":"opencart","sort_order":1,"title":"Sub-Total","value":"37.5000"},{"code":"shipping","#,
        #""extension":"opencart","sort_order":3,"title":"Flat Shipping Rate","value":"5.0000"},"#,
        #"{"code":"coupon","extension":"opencart","sort_order":4,"title":"Coupon (WELKOM10)","#,
        #""value":"-1.0000"},{"code":"tax","extension":"opencart","sort_order":5,"title":"BTW 21%","#,
        #""value":"8.9250"},{"code":"tax","extension":"opencart","sort_order":5,"title":"BTW 9%","#,
        #""value":"0.4500"},{"code":"voucher","extension":"opencart","sort_order":8,"#,
        #""title":"Gift Certificate (Abc123)","value":"-5.0000"},{"code":"total","extension":"opencart","#,
        #""sort_order":9,"title":"Total","value":"45.0000"}],"vouchers":[{"amount":"25.0000","#,
        #""code":"Abc123","description":"25.00€ Gift Certificate"}]}"#,
    ]
}
