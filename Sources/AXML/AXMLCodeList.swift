/// A closed list of codes an element's text must be one of.
public struct AXMLCodeList: Sendable, Equatable {
    /// What the list is, for messages: "ISO 3166 code".
    public var name: String
    public var codes: Set<String>

    public init(name: String, codes: Set<String>) {
        self.name = name
        self.codes = codes
    }

    /// Appendix A "Landcodes ISO" of v1.4 names ISO codes; that they are ISO 3166-1 alpha-2 (as the
    /// partner REST API's `countryCode`) is assumed. The officially assigned codes, 249.
    public static let countries = AXMLCodeList(
        name: "ISO 3166 code", codes: Set(iso3166Alpha2.split(separator: " ").map(String.init)))

    /// Asperion's import settings name one sales kind each for VAT high, VAT low and VAT 0 %
    /// (help.asperion.nl webshops.aspx); the codes themselves are assumed.
    public static let vatClasses = AXMLCodeList(
        name: "VAT class (High, Low, Zero)", codes: Set(AXMLVATClass.allCases.map(\.rawValue)))

    /// The import creates invoices in the administration's currency; the connector that manual 003
    /// describes does no multi-currency. Euro only is assumed.
    public static let currencies = AXMLCodeList(name: "currency code (EUR)", codes: ["EUR"])

    private static let iso3166Alpha2 = """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ \
        CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR \
        GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO \
        JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR \
        MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO \
        RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV \
        TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
        """
}

/// The VAT class of an order line, as Asperion's import settings know them: each class is booked
/// on the sales kind (verkoopsoort) the owner chose for it.
public enum AXMLVATClass: String, Sendable, Equatable, CaseIterable {
    case high = "High"
    case low = "Low"
    case zero = "Zero"
}
