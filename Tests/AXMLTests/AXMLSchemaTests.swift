import Testing

@testable import AXML

struct AXMLSchemaTests {
    @Test func everyFieldHasExactlyOneRowAndEveryParentIsAGroupDefinedBeforeIt() {
        let rows = AXMLSchema.elements
        #expect(Set(rows.map(\.field)) == Set(AXMLField.allCases))
        #expect(rows.count == AXMLField.allCases.count)
        for (index, row) in rows.enumerated() {
            guard let parent = row.parent else {
                #expect(row.field == .root)
                continue
            }
            let parentIndex = rows.firstIndex { $0.field == parent }
            #expect(parentIndex.map { $0 < index } == true, "\(row.field)")
            #expect(AXMLSchema.element(parent).isGroup, "\(row.field)")
        }
    }

    @Test func siblingsHaveDistinctNames() {
        for row in AXMLSchema.elements where row.isGroup {
            let names = AXMLSchema.children(of: row.field).map(\.name)
            #expect(Set(names).count == names.count, "\(row.field)")
        }
    }

    @Test func theKnownChaptersAreNotGuesses() {
        for field: AXMLField in [.root, .header, .orders, .debtor, .address, .orderLine, .paymentCode, .country] {
            guard case .spec14 = AXMLSchema.element(field).source else {
                Issue.record("\(field) should cite v1.4")
                continue
            }
        }
        #expect(AXMLSchema.elements.filter { $0.source.isGuess }.count > 10)
    }
}
