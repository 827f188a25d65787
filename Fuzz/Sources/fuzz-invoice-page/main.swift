import Foundation
import FuzzSupport
import StrictJSON

@testable import Moneybird

// A page of Moneybird sales invoices as the reconciler reads it (`InvoicePageReader`), against
// `JSONDecoder`. Properties: no crash; on a page that is strict JSON (nothing two readers could
// take differently) and that `JSONDecoder` reads, the reader reads exactly the same invoices.
// The same bytes as a synchronization list (`InvoicePageReader.versions`): no crash; on strict
// JSON that `JSONDecoder` reads as ids (strings) and versions (whole numbers), the same entries.
// Seeds: pages koppel-sandbox rendered, in Fuzz/Seeds/invoice-page.

@_cdecl("fuzz_invoice_page_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.run(argc, argv, fuzzInvoicePage)
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    Seeds.writeIfAsked {
        let folder = Seeds.repositoryRoot.appendingPathComponent("Fuzz/Seeds/invoice-page")
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        return try files.filter { $0.pathExtension == "json" }.map { ($0.lastPathComponent, try Data(contentsOf: $0)) }
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInvoicePage(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let page = Fuzz.data(start, count)
    checkVersionList(page)
    let read: [MoneybirdJSON.Invoice]
    do {
        read = try InvoicePageReader.invoices(in: page)
    } catch {
        read = []
    }
    let decoded: [MoneybirdJSON.Invoice]
    do {
        try StrictJSON.validate(page)
        decoded = try JSONDecoder().decode([MoneybirdJSON.Invoice].self, from: page)
    } catch {
        return 0
    }
    Fuzz.check(read == decoded, "the reader read \(read), JSONDecoder \(decoded)")
    return 0
}

private struct ListedVersion: Decodable, Equatable {
    var id: String
    var version: Int64
}

private func checkVersionList(_ list: Data) {
    var read: [ListedVersion] = []
    do {
        try InvoicePageReader.versions(in: list) { id, version in
            read.append(ListedVersion(id: id, version: Int64(version) ?? -1))
        }
    } catch {
        read = []
    }
    let decoded: [ListedVersion]
    do {
        try StrictJSON.validate(list)
        decoded = try JSONDecoder().decode([ListedVersion].self, from: list)
    } catch {
        return
    }
    Fuzz.check(read == decoded, "the reader listed \(read), JSONDecoder \(decoded)")
}
