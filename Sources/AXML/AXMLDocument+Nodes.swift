extension AXMLDocument {
    /// The document as a tree of fields, for the writer.
    var node: AXMLNode {
        AXMLNode(
            .root,
            children: [
                AXMLNode(
                    .header,
                    children: [
                        AXMLNode(.formatVersion, header.formatVersion), AXMLNode(.createdAt, header.createdAt),
                        AXMLNode(.generator, header.generator),
                    ]),
                AXMLNode(.orders, children: orders.map(\.node)),
            ])
    }

    /// The document from a tree the validator accepted: every required field is there.
    init(node root: AXMLNode) {
        let header = root.child(.header)
        self.init(
            header: AXMLHeader(
                formatVersion: header?.child(.formatVersion)?.text ?? "",
                createdAt: header?.child(.createdAt)?.text ?? "",
                generator: header?.child(.generator)?.text ?? ""),
            orders: root.child(.orders)?.all(.order).map(AXMLOrder.init(node:)) ?? [])
    }
}

extension AXMLOrder {
    var node: AXMLNode {
        let address = debtor.address
        return AXMLNode(
            .order,
            children: [
                AXMLNode(.orderNumber, orderNumber), AXMLNode(.description, description),
                AXMLNode(.orderDate, orderDate),
                AXMLNode(.invoiceDate, invoiceDate), AXMLNode(.currency, currency),
                .optional(.paymentCode, paymentCode),
                AXMLNode(
                    .debtor,
                    children: [
                        AXMLNode(.debtorEmail, debtor.email), AXMLNode(.debtorName, debtor.name),
                        .optional(.contactName, debtor.contactName), .optional(.phone, debtor.phone),
                        .optional(.vatNumber, debtor.vatNumber),
                        AXMLNode(
                            .address,
                            children: [
                                .optional(.street, address.street), .optional(.postalCode, address.postalCode),
                                .optional(.city, address.city), AXMLNode(.country, address.country),
                            ]),
                    ]),
            ] + lines.map(\.node) + [
                AXMLNode(.totalExclVAT, AXMLAmount.text(totalExclVAT)), AXMLNode(.totalVAT, AXMLAmount.text(totalVAT)),
                AXMLNode(.totalInclVAT, AXMLAmount.text(totalInclVAT)),
            ])
    }

    init(node: AXMLNode) {
        let debtor = node.child(.debtor)
        let address = debtor?.child(.address)
        self.init(
            orderNumber: node.child(.orderNumber)?.text ?? "", description: node.child(.description)?.text ?? "",
            orderDate: node.child(.orderDate)?.text ?? "", invoiceDate: node.child(.invoiceDate)?.text ?? "",
            currency: node.child(.currency)?.text ?? "", paymentCode: node.child(.paymentCode)?.text,
            debtor: AXMLDebtor(
                email: debtor?.child(.debtorEmail)?.text ?? "", name: debtor?.child(.debtorName)?.text ?? "",
                contactName: debtor?.child(.contactName)?.text, phone: debtor?.child(.phone)?.text,
                vatNumber: debtor?.child(.vatNumber)?.text,
                address: AXMLAddress(
                    street: address?.child(.street)?.text, postalCode: address?.child(.postalCode)?.text,
                    city: address?.child(.city)?.text, country: address?.child(.country)?.text ?? "")),
            lines: node.all(.orderLine).map(AXMLOrderLine.init(node:)))
    }
}

extension AXMLOrderLine {
    var node: AXMLNode {
        AXMLNode(
            .orderLine,
            children: [
                AXMLNode(.lineDescription, description), AXMLNode(.quantity, String(quantity)),
                AXMLNode(.unitPrice, AXMLAmount.text(unitPrice)), AXMLNode(.vatClass, vatClass.rawValue),
                AXMLNode(.lineAmount, AXMLAmount.text(amount)), AXMLNode(.lineVAT, AXMLAmount.text(vat)),
            ])
    }

    init(node: AXMLNode) {
        self.init(
            description: node.child(.lineDescription)?.text ?? "",
            quantity: node.child(.quantity).flatMap { Int64($0.text) } ?? 0,
            unitPrice: node.child(.unitPrice).flatMap { AXMLAmount.cents($0.text) } ?? 0,
            vatClass: node.child(.vatClass).flatMap { AXMLVATClass(rawValue: $0.text) } ?? .zero,
            vat: node.child(.lineVAT).flatMap { AXMLAmount.cents($0.text) } ?? 0)
    }
}
