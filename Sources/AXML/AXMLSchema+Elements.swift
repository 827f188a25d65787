extension AXMLSchema {
    /// The aXML tree, parents before children, siblings in file order.
    ///
    /// Sources: "aXML Order specificatie v1.4" (Asperion, 2007/2014; only its table of contents is
    /// public: chapters Header, Asperion, Orders, Debtor, Address, Orderline, appendix A Datacatalog,
    /// Payment Codes, Landcodes ISO); help.asperion.nl webshop-import.aspx and webshops.aspx (HELP);
    /// the OpenCart → Asperion manual (manual 003). v1.5.1 (2018) is current and not public: every
    /// tag name below the chapter level, every length and every format is a guess until it is read.
    public static let elements: [AXMLElement] = [
        row(.root, "Asperion", nil, .required, .group, .spec14("chapter Asperion"),
            "The root; that the chapter name is the tag is inferred."),

        row(.header, "Header", .root, .required, .group, .spec14("chapter Header"),
            "Its content is not public; the chapter may describe only the XML declaration."),
        row(.formatVersion, "Version", .header, .required, .text(maxLength: 10), .guess,
            "The aXML version the file follows."),
        row(.createdAt, "Created", .header, .required, .dateTime, .guess,
            "When the file was made, local time of the shop."),
        row(.generator, "Generator", .header, .required, .text(maxLength: 50), .guess,
            "The program that made the file."),

        row(.orders, "Orders", .root, .required, .group, .spec14("chapter Orders"),
            "One file holds one or more orders (HELP)."),
        row(.order, "Order", .orders, .repeated, .group, .other("HELP: one or more webshop orders per file"),
            "One order, imported as one concept invoice; the tag name is inferred."),
        row(.orderNumber, "OrderNumber", .order, .required, .text(maxLength: 30), .guess,
            "The shop's order number as koppel references it."),
        row(.description, "Description", .order, .required, .text(maxLength: 100),
            .other("manual 003: the order number goes into the invoice's description"),
            "The invoice description; its length is a guess."),
        row(.orderDate, "OrderDate", .order, .required, .date, .guess, "The day the order was placed."),
        row(.invoiceDate, "InvoiceDate", .order, .required, .date,
            .other("manual 003: the invoice date is a setting (order date or export date)"),
            "Tag and format are guesses."),
        row(.currency, "Currency", .order, .required, .code(.currencies), .guess,
            "ISO 4217; euro only (manual 003: no multi-currency)."),
        row(.paymentCode, "PaymentCode", .order, .optional, .token(maxLength: 10), .spec14("appendix A, Payment Codes"),
            "The code list exists in v1.4 but its values are not public; the owner maps each payment method to one."),

        row(.debtor, "Debtor", .order, .required, .group, .spec14("chapter Debtor"),
            "The customer; Asperion matches a known debtor on e-mail and creates an unknown one (manual 003)."),
        row(.debtorEmail, "Email", .debtor, .required, .text(maxLength: 100),
            .other("manual 003: debtors are recognised by e-mail address"), "Tag and length are guesses."),
        row(.debtorName, "Name", .debtor, .required, .text(maxLength: 100), .guess,
            "Company name, or first and last name."),
        row(.contactName, "ContactName", .debtor, .optional, .text(maxLength: 100), .guess,
            "The person, when the debtor is a company."),
        row(.phone, "Phone", .debtor, .optional, .text(maxLength: 30), .guess, "Telephone number as the customer gave it."),
        row(.vatNumber, "VATNumber", .debtor, .optional, .token(maxLength: 20), .guess,
            "With country prefix, no spaces or dots; needed for an intra-EU supply (ICP)."),

        row(.address, "Address", .debtor, .required, .group, .spec14("chapter Address"),
            "The invoice address; whether v1.4 also has a delivery address is not known."),
        row(.street, "Street", .address, .optional, .text(maxLength: 100), .guess, "Street and house number, one line."),
        row(.postalCode, "PostalCode", .address, .optional, .text(maxLength: 10), .guess, "As the customer gave it."),
        row(.city, "City", .address, .optional, .text(maxLength: 50), .guess, ""),
        row(.country, "Country", .address, .required, .code(.countries), .spec14("appendix A, Landcodes ISO"),
            "ISO codes are known from v1.4; alpha-2 and the tag are guesses."),

        row(.orderLine, "Orderline", .order, .repeated, .group, .spec14("chapter Orderline"),
            "One invoice line; repeated, directly in the order (inferred)."),
        row(.lineDescription, "Description", .orderLine, .required, .text(maxLength: 100), .guess, "The line's text."),
        row(.quantity, "Quantity", .orderLine, .required, .integer, .guess, "Whole units."),
        row(.unitPrice, "UnitPrice", .orderLine, .required, .decimal(places: 2), .guess,
            "Price of one unit excluding VAT, in euros with a decimal point."),
        row(.vatClass, "VATClass", .orderLine, .required, .code(.vatClasses),
            .other("HELP webshops.aspx: the import books VAT high, VAT low and VAT 0 % lines on a sales kind each"),
            "The three classes are known; their codes in the file are guesses."),
        row(.lineAmount, "Amount", .orderLine, .required, .decimal(places: 2), .guess,
            "Quantity × unit price, excluding VAT."),
        row(.lineVAT, "VATAmount", .orderLine, .required, .decimal(places: 2), .guess,
            "The VAT the shop charged on the line; Asperion may compute its own from the class."),

        row(.totalExclVAT, "TotalExclVAT", .order, .required, .decimal(places: 2), .guess, "Σ line amounts."),
        row(.totalVAT, "TotalVAT", .order, .required, .decimal(places: 2), .guess, "Σ line VAT."),
        row(.totalInclVAT, "TotalInclVAT", .order, .required, .decimal(places: 2), .guess,
            "What the customer paid: total excluding VAT plus VAT."),
    ]

    private static func row(
        _ field: AXMLField, _ name: String, _ parent: AXMLField?, _ occurs: AXMLElement.Occurs, _ type: AXMLValueType,
        _ source: AXMLSource, _ note: String
    ) -> AXMLElement {
        AXMLElement(field: field, name: name, parent: parent, occurs: occurs, type: type, source: source, note: note)
    }
}
