/// ChapeauApp — configuration, use cases and the edge (files, clock, HTTP, locks).
///
/// Owns: reading `Config/chapeau.toml`, the workspace layout, every use case the CLI runs
/// (record, list, verify, back up…), atomic file writes, and mapping every error to its
/// exit code and one human sentence.
///
/// Never: parses command-line arguments or prints; the `chapeau` executable does that.
public import ChapeauCore
public import Foundation
import TOMLKit
import ChapeauReports

/// What the config file says, validated. Every key the file may hold, with its default.
public struct ChapeauConfig: Sendable {
    public struct Author: Sendable {
        public var name: String
        public var supportURL: String
        public var siteURL: String?
        /// For bank transfers and the SEPA QR code; checked by its mod-97 digits when the config loads.
        public var iban: String?
        public var bic: String?
        /// Who receives: a person (who may not issue tax receipts) or an association.
        public var kind: AuthorKind = .individual
        /// Postal address, printed on statements; required for receipts.
        public var address: String?
    }
    public enum AuthorKind: String, Sendable, CaseIterable { case individual, association }
    /// `[receipts]`: tax receipts (Cerfa n° 11580 model), for an association only.
    public struct Receipts: Sendable {
        /// The organisation's purpose, printed on receipts.
        public var object: String?
        /// The article of the Code général des impôts the receipt cites: 200, 238 bis or 978.
        public var article: String = "200"
        /// Name and role of who signs.
        public var signatory: String?
        /// No receipt for a yearly total below this, in the ledger's currency (minor units).
        public var minimumText: String = "0"
        public static let articles = ["200", "238 bis", "978"]
    }
    /// `[privacy]`: how long personal data is kept.
    public struct Privacy: Sendable {
        /// Erase the personal data of supporters inactive this many years; nil: never.
        public var retentionYears: Int?
    }
    /// `[import]`: how bank statements and platform exports are classified.
    public struct Import: Sendable {
        /// The Liberapay member whose receipts count in a team ledger.
        public var liberapayUsername: String?
        /// IBANs or label words of the author's own accounts: movements between them are transfers.
        public var ownAccounts: [String] = []
        /// `[[import.rules]]`: applied before every format's own rules.
        public var rules: [ImportProfile.Rule] = []
    }
    public struct Ledger: Sendable {
        public var path: String = "data/ledger.sqlite"
        public var currency: String = "EUR"
        public var timezone: String = "Europe/Paris"
    }
    public struct Reports: Sendable {
        public var cadence: Cadence = .monthly
        public var language: String = "fr"
        public var formats: [String] = ReportFormat.allCases.map(\.rawValue)
        public var output: String = "Reports"
        public var minGroup: Int = 3
        public var carryOver: Bool = false
        public var baseURL: String?
    }
    public struct Footer: Sendable {
        public var template: String = "presslib-fr"
        public var articles: [String] = []
        /// Whether the head line is stamped (after the article's first paragraph or `<!--more-->`).
        public var head: Bool = true
        /// The path of article URLs under `[author] site_url`, e.g. `/{year}/{month}/{slug}/`; nil
        /// for the path under the articles folder, without extension, ending in `/`.
        public var permalink: String?
        /// Files and folders never stamped or checked, as `.gitignore` patterns (`drafts`,
        /// `*.draft.md`, `posts/2019/*`).
        public var exclude: [String] = []
    }
    public struct Publish: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable { case directory, http, webhook }
        public var kind: Kind
        public var path: String?
        public var url: String?
        public var tokenEnv: String?
        public var secretEnv: String?
        /// HTTP Basic authentication (a WebDAV server, a Nextcloud app password): the user name
        /// and the password are each read from the environment variable named here. Both or neither,
        /// never with `tokenEnv`.
        public var usernameEnv: String?
        public var passwordEnv: String?

        public init(kind: Kind, path: String? = nil, url: String? = nil, tokenEnv: String? = nil, secretEnv: String? = nil,
                    usernameEnv: String? = nil, passwordEnv: String? = nil) {
            self.kind = kind
            self.path = path
            self.url = url
            self.tokenEnv = tokenEnv
            self.secretEnv = secretEnv
            self.usernameEnv = usernameEnv
            self.passwordEnv = passwordEnv
        }

        /// Whether this target sends credentials (a bearer token or a Basic user name and password).
        var sendsCredentials: Bool { tokenEnv != nil || usernameEnv != nil || passwordEnv != nil }
    }

    public var author: Author
    public var ledger = Ledger()
    public var units: [ChapeauCore.Unit] = []
    public var reports = Reports()
    public var footer = Footer()
    public var publish: [Publish] = [Publish(kind: .directory, path: "Reports")]
    public var imports = Import()
    public var receipts = Receipts()
    public var privacy = Privacy()

    /// What `[reports] language` and `formats` accept: the report layer's own lists.
    public static let languages = ReportLanguage.allCases.map(\.rawValue)
    public static let formats = ReportFormat.allCases.map(\.rawValue)

    /// The unit registry: ISO 4217 currencies, the config's units, and the default currency.
    public func unitRegistry() throws(ConfigError) -> UnitRegistry {
        do { return try UnitRegistry(defaultCode: ledger.currency, custom: units) }
        catch { throw ConfigError(file: "", key: "units", message: String(describing: error)) }
    }

    public func timeZone() throws(ConfigError) -> TimeZone {
        guard let tz = TimeZone(identifier: ledger.timezone) else {
            throw ConfigError(file: "", key: "ledger.timezone", message: "'\(ledger.timezone)' is not a time zone (e.g. Europe/Paris)")
        }
        return tz
    }
}

/// A config file that cannot be used: names the file, the key and what is wrong.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var key: String
    public var message: String
    public var description: String {
        let place = file.isEmpty ? "config" : file
        return key.isEmpty ? "\(place): \(message)" : "\(place): \(key): \(message)"
    }
}

extension ChapeauConfig {
    /// Parses and validates TOML text. Unknown keys and wrong types are refused, naming the key.
    public static func parse(_ text: String, file: String = "") throws(ConfigError) -> ChapeauConfig {
        let root: TOMLTable
        do { root = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ConfigError(file: file, key: "", message: "line \(e.source.begin.line), column \(e.source.begin.column): \(e.description)")
        } catch {
            throw ConfigError(file: file, key: "", message: "not valid TOML: \(error)")
        }
        let r = Reader(file: file)
        try r.only(root, "", ["author", "ledger", "units", "reports", "footer", "publish", "import", "receipts", "privacy"])

        guard let authorTable = try r.table(root, "author") else {
            throw ConfigError(file: file, key: "author", message: "missing: add an [author] table with name and support_url")
        }
        try r.only(authorTable, "author", ["name", "support_url", "site_url", "iban", "bic", "kind", "address"])
        guard let name = try r.string(authorTable, "author.name"), !name.isEmpty else {
            throw ConfigError(file: file, key: "author.name", message: "missing: the author's name is required")
        }
        guard let support = try r.string(authorTable, "author.support_url"), !support.isEmpty else {
            throw ConfigError(file: file, key: "author.support_url", message: "missing: where readers contribute is required")
        }
        try r.url(support, "author.support_url")
        let site = try r.string(authorTable, "author.site_url")
        if let site { try r.url(site, "author.site_url") }
        var config = ChapeauConfig(author: Author(name: name, supportURL: support, siteURL: site))
        if let kind = try r.string(authorTable, "author.kind") {
            guard let k = AuthorKind(rawValue: kind) else {
                throw ConfigError(file: file, key: "author.kind", message: "'\(kind)' is not one of individual, association")
            }
            config.author.kind = k
        }
        if let address = try r.string(authorTable, "author.address") {
            let a = address.trimmingWhitespace()
            guard !a.isEmpty, a.count <= 300 else {
                throw ConfigError(file: file, key: "author.address", message: "should be a postal address of 1 to 300 characters")
            }
            config.author.address = a
        }
        if let iban = try r.string(authorTable, "author.iban") {
            if let problem = IBAN.validate(iban) {
                throw ConfigError(file: file, key: "author.iban", message: "'\(iban)' is not a valid IBAN: \(problem)")
            }
            config.author.iban = IBAN.normalise(iban)
        }
        if let bic = try r.string(authorTable, "author.bic") {
            guard BIC.isValid(bic) else {
                throw ConfigError(file: file, key: "author.bic", message: "'\(bic)' is not a BIC: 8 or 11 letters and digits (e.g. BNPAFRPPXXX)")
            }
            config.author.bic = bic.uppercased().filter { $0 != " " }
        }
        if let iban = config.author.iban {
            // The SEPA transfer QR code holds the name as the beneficiary: refuse now what it cannot hold.
            do { _ = try EPCPayload(bic: config.author.bic, name: name, iban: iban).text() } catch {
                let key = error.field == .bic ? "author.bic" : error.field == .iban ? "author.iban" : "author.name"
                throw ConfigError(file: file, key: key, message: "\(error.message) (with iban set, it goes into the SEPA transfer QR code)")
            }
        }
        if let t = try r.table(root, "import") {
            try r.only(t, "import", ["liberapay_username", "own_accounts", "rules"])
            config.imports.liberapayUsername = try r.string(t, "import.liberapay_username")
            config.imports.ownAccounts = try r.strings(t, "import.own_accounts") ?? []
            for own in config.imports.ownAccounts where IBAN.looksLikeIBAN(own) {
                if let problem = IBAN.validate(own) {
                    throw ConfigError(file: file, key: "import.own_accounts", message: "'\(own)' is not a valid IBAN: \(problem)")
                }
            }
            for (i, rule) in try r.tables(t, "import.rules").enumerated() {
                config.imports.rules.append(try ImportProfile.Rule.parse(rule, key: "import.rules[\(i + 1)]", reader: r, allowFormats: true))
            }
        }

        if let t = try r.table(root, "receipts") {
            try r.only(t, "receipts", ["object", "article", "signatory", "minimum"])
            config.receipts.object = try r.string(t, "receipts.object")
            config.receipts.signatory = try r.string(t, "receipts.signatory")
            if let a = try r.string(t, "receipts.article") {
                guard Receipts.articles.contains(a) else {
                    throw ConfigError(file: file, key: "receipts.article", message: "'\(a)' is not one of 200, 238 bis, 978 (the article of the Code général des impôts the receipt cites)")
                }
                config.receipts.article = a
            }
            if let m = try r.string(t, "receipts.minimum") { config.receipts.minimumText = m }
        }
        if let t = try r.table(root, "privacy") {
            try r.only(t, "privacy", ["retention_years"])
            if let y = try r.int(t, "privacy.retention_years") {
                guard (1...100).contains(y) else {
                    throw ConfigError(file: file, key: "privacy.retention_years", message: "\(y) is not a number of years from 1 to 100")
                }
                config.privacy.retentionYears = y
            }
        }
        if let t = try r.table(root, "ledger") {
            try r.only(t, "ledger", ["path", "currency", "timezone"])
            if let v = try r.string(t, "ledger.path") { config.ledger.path = v }
            if let v = try r.string(t, "ledger.currency") { config.ledger.currency = v }
            if let v = try r.string(t, "ledger.timezone") { config.ledger.timezone = v }
            if TimeZone(identifier: config.ledger.timezone) == nil {
                throw ConfigError(file: file, key: "ledger.timezone", message: "'\(config.ledger.timezone)' is not a time zone (e.g. Europe/Paris)")
            }
        }
        for (i, t) in try r.tables(root, "units").enumerated() {
            let k = "units[\(i + 1)]"
            try r.only(t, k, ["code", "name", "decimals", "symbol"])
            guard let code = try r.string(t, "\(k).code") else {
                throw ConfigError(file: file, key: "\(k).code", message: "missing: each [[units]] needs a code")
            }
            let decimals = try r.int(t, "\(k).decimals") ?? 0
            let symbol = try r.string(t, "\(k).symbol")
            config.units.append(ChapeauCore.Unit(code: code, decimals: decimals, name: try r.string(t, "\(k).name") ?? code,
                                     isCurrency: false, symbols: symbol.map { [$0] } ?? []))
        }
        do { _ = try UnitRegistry(defaultCode: "EUR", custom: config.units) } catch {
            throw ConfigError(file: file, key: "units", message: String(describing: error))
        }
        if UnitRegistry.known(config.ledger.currency, custom: config.units) == false {
            throw ConfigError(file: file, key: "ledger.currency", message: "'\(config.ledger.currency)' is neither an ISO 4217 code nor a unit of [[units]]")
        }

        do {
            let registry = try UnitRegistry(defaultCode: config.ledger.currency, custom: config.units)
            let m = config.receipts.minimumText.trimmingWhitespace()
            if m != "0" && !m.isEmpty {
                let money = try AmountParser(registry: registry).parse(m, explicit: nil)
                guard money.unit.code == config.ledger.currency else {
                    throw ConfigError(file: file, key: "receipts.minimum", message: "'\(m)' is in \(money.unit.code): receipts are in the ledger's currency, \(config.ledger.currency)")
                }
            }
        } catch let e as ConfigError { throw e } catch {
            throw ConfigError(file: file, key: "receipts.minimum", message: "'\(config.receipts.minimumText)' is not an amount: \(error)")
        }
        if let t = try r.table(root, "reports") {
            try r.only(t, "reports", ["cadence", "language", "formats", "output", "min_group", "carry_over", "base_url"])
            if let v = try r.string(t, "reports.cadence") {
                guard let c = Cadence(rawValue: v) else {
                    throw ConfigError(file: file, key: "reports.cadence", message: "'\(v)' is not one of \(Cadence.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                config.reports.cadence = c
            }
            if let v = try r.string(t, "reports.language") {
                guard languages.contains(v) else { throw ConfigError(file: file, key: "reports.language", message: "'\(v)' is not one of \(languages.joined(separator: ", "))") }
                config.reports.language = v
            }
            if let v = try r.strings(t, "reports.formats") {
                for f in v where !formats.contains(f) {
                    throw ConfigError(file: file, key: "reports.formats", message: "'\(f)' is not one of \(formats.joined(separator: ", "))")
                }
                guard !v.isEmpty else { throw ConfigError(file: file, key: "reports.formats", message: "empty: name at least one format") }
                config.reports.formats = v
            }
            if let v = try r.string(t, "reports.output") { config.reports.output = v }
            if let v = try r.int(t, "reports.min_group") {
                guard v >= 1 else { throw ConfigError(file: file, key: "reports.min_group", message: "\(v) is below 1") }
                config.reports.minGroup = v
            }
            if let v = try r.bool(t, "reports.carry_over") { config.reports.carryOver = v }
            if let v = try r.string(t, "reports.base_url") { try r.url(v, "reports.base_url"); config.reports.baseURL = v }
        }
        if let t = try r.table(root, "footer") {
            try r.only(t, "footer", ["template", "articles", "head", "permalink", "exclude"])
            if let v = try r.string(t, "footer.template") { config.footer.template = v }
            if let v = try r.strings(t, "footer.articles") { config.footer.articles = v }
            if let v = try r.strings(t, "footer.exclude") {
                if let bad = v.first(where: { ExcludePattern($0) == nil }) {
                    throw ConfigError(file: file, key: "footer.exclude", message: "'\(bad)' matches nothing: give a name, a glob or a path")
                }
                config.footer.exclude = v
            }
            if let v = try r.bool(t, "footer.head") { config.footer.head = v }
            if let v = try r.string(t, "footer.permalink") {
                let known: Set<String> = ["slug", "year", "month", "day", "section", "path"]
                var rest = v[...]
                while let open = rest.firstIndex(of: "{") {
                    guard let close = rest[open...].firstIndex(of: "}") else {
                        throw ConfigError(file: file, key: "footer.permalink", message: "'\(v)' opens a { that no } closes")
                    }
                    let name = String(rest[rest.index(after: open)..<close])
                    guard known.contains(name) else {
                        throw ConfigError(file: file, key: "footer.permalink",
                                          message: "'\(v)': unknown {\(name)}; use {slug}, {year}, {month}, {day}, {section} or {path}")
                    }
                    rest = rest[rest.index(after: close)...]
                }
                config.footer.permalink = v.isEmpty ? nil : v
            }
        }
        let targets = try r.tables(root, "publish")
        if !targets.isEmpty {
            config.publish = []
            for (i, t) in targets.enumerated() {
                let k = "publish[\(i + 1)]"
                try r.only(t, k, ["kind", "path", "url", "token_env", "secret_env", "username_env", "password_env"])
                guard let kindText = try r.string(t, "\(k).kind") else {
                    throw ConfigError(file: file, key: "\(k).kind", message: "missing: directory, http or webhook")
                }
                guard let kind = Publish.Kind(rawValue: kindText) else {
                    throw ConfigError(file: file, key: "\(k).kind", message: "'\(kindText)' is not one of directory, http, webhook")
                }
                let p = Publish(kind: kind, path: try r.string(t, "\(k).path"), url: try r.string(t, "\(k).url"),
                                tokenEnv: try r.string(t, "\(k).token_env"), secretEnv: try r.string(t, "\(k).secret_env"),
                                usernameEnv: try r.string(t, "\(k).username_env"), passwordEnv: try r.string(t, "\(k).password_env"))
                if kind != .http {
                    for (key, value) in [("username_env", p.usernameEnv), ("password_env", p.passwordEnv)] where value != nil {
                        throw ConfigError(file: file, key: "\(k).\(key)", message: "only an http target sends a user name and password; a \(kind.rawValue) target has none")
                    }
                }
                if (p.usernameEnv == nil) != (p.passwordEnv == nil) {
                    let missing = p.usernameEnv == nil ? "username_env" : "password_env"
                    throw ConfigError(file: file, key: "\(k).\(missing)", message: "missing: HTTP Basic authentication needs both username_env and password_env (the names of two environment variables)")
                }
                if p.tokenEnv != nil && p.usernameEnv != nil {
                    throw ConfigError(file: file, key: "\(k).token_env", message: "choose one: a bearer token (token_env) or a user name and password (username_env and password_env), not both")
                }
                switch kind {
                case .directory:
                    if p.path == nil { throw ConfigError(file: file, key: "\(k).path", message: "missing: a directory target needs a path") }
                case .http, .webhook:
                    guard let u = p.url else { throw ConfigError(file: file, key: "\(k).url", message: "missing: an \(kind.rawValue) target needs a url") }
                    try r.url(u, "\(k).url")
                    if let problem = Publish.credentialProblem(url: u, sendsCredentials: p.sendsCredentials) {
                        throw ConfigError(file: file, key: "\(k).url", message: problem)
                    }
                    if kind == .webhook && p.secretEnv == nil {
                        throw ConfigError(file: file, key: "\(k).secret_env", message: "missing: a webhook is signed with a secret read from this environment variable")
                    }
                }
                config.publish.append(p)
            }
        }
        return config
    }

    /// Typed reads that name the key in every refusal.
    struct Reader {
        let file: String

        func fail(_ key: String, _ message: String) -> ConfigError { ConfigError(file: file, key: key, message: message) }

        func only(_ t: TOMLTable, _ prefix: String, _ allowed: Set<String>) throws(ConfigError) {
            for k in t.keys.sorted() where !allowed.contains(k) {
                let full = prefix.isEmpty ? k : "\(prefix).\(k)"
                throw fail(full, "unknown key: the keys here are \(allowed.sorted().joined(separator: ", "))")
            }
        }
        func value(_ t: TOMLTable, _ key: String) -> (any TOMLValueConvertible)? {
            t[String(key.split(separator: ".").last ?? Substring(key))]
        }
        func typeName(_ v: any TOMLValueConvertible) -> String { v.type.description }
        func table(_ t: TOMLTable, _ key: String) throws(ConfigError) -> TOMLTable? {
            guard let v = value(t, key) else { return nil }
            guard let tt = v.table else { throw fail(key, "should be a table ([\(key)]), not a \(typeName(v))") }
            return tt
        }
        func tables(_ t: TOMLTable, _ key: String) throws(ConfigError) -> [TOMLTable] {
            guard let v = value(t, key) else { return [] }
            guard let a = v.array else { throw fail(key, "should be an array of tables ([[\(key)]]), not a \(typeName(v))") }
            var out: [TOMLTable] = []
            for (i, e) in a.enumerated() {
                guard let tt = e.table else { throw fail("\(key)[\(i + 1)]", "should be a table, not a \(typeName(e))") }
                out.append(tt)
            }
            return out
        }
        func string(_ t: TOMLTable, _ key: String) throws(ConfigError) -> String? {
            guard let v = value(t, key) else { return nil }
            guard let s = v.string else { throw fail(key, "should be a string, not a \(typeName(v))") }
            return s
        }
        func strings(_ t: TOMLTable, _ key: String) throws(ConfigError) -> [String]? {
            guard let v = value(t, key) else { return nil }
            guard let a = v.array else { throw fail(key, "should be an array of strings, not a \(typeName(v))") }
            var out: [String] = []
            for e in a {
                guard let s = e.string else { throw fail(key, "should hold only strings, not a \(typeName(e))") }
                out.append(s)
            }
            return out
        }
        func int(_ t: TOMLTable, _ key: String) throws(ConfigError) -> Int? {
            guard let v = value(t, key) else { return nil }
            guard v.type == .int, let i = v.int else { throw fail(key, "should be a whole number, not a \(typeName(v))") }
            return i
        }
        func bool(_ t: TOMLTable, _ key: String) throws(ConfigError) -> Bool? {
            guard let v = value(t, key) else { return nil }
            guard v.type == .bool, let b = v.bool else { throw fail(key, "should be true or false, not a \(typeName(v))") }
            return b
        }
        func url(_ s: String, _ key: String) throws(ConfigError) {
            guard let u = URL(string: s), let scheme = u.scheme?.lowercased(), scheme == "https" || scheme == "http",
                  u.host?.isEmpty == false else {
                throw fail(key, "'\(s)' is not an http(s) URL")
            }
        }
    }
}

extension String {
    /// Without the white space (spaces, tabs, line breaks) at either end. Every command reads the config,
    /// and Foundation's `CharacterSet.whitespaces` costs its first user 0.15 ms to build.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}

extension UnitRegistry {
    static func known(_ code: String, custom: [ChapeauCore.Unit]) -> Bool {
        (try? UnitRegistry(defaultCode: code, custom: custom)) != nil
    }
}

extension ChapeauConfig.Publish {
    /// Why this URL cannot carry credentials, or nil. A token travels over https, or over plain
    /// http to a loopback host only (127.0.0.0/8, ::1, localhost); credentials are never written
    /// in the URL itself, where every message and run record would show them. Checked when the
    /// configuration is read, before any connection.
    static func credentialProblem(url text: String, sendsCredentials: Bool) -> String? {
        guard let url = URL(string: text), let origin = Origin(url) else { return nil }
        if let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
           components.user != nil || components.password != nil {
            return "holds a user name or password (user:password@): put them in the environment variables named by username_env and password_env (or a token in token_env) instead"
        }
        if sendsCredentials && origin.scheme == "http" && !origin.isLoopback {
            return "'\(Origin.printable(text))' is plain http to \(Origin.printable(origin.host)): the token of token_env, or the password of password_env, would travel in clear; use https (plain http is accepted only for a loopback host: 127.0.0.0/8, ::1, localhost)"
        }
        return nil
    }
}
