/// The example config that `chapeau init` writes. It must stay identical to
/// `Config/chapeau.toml` in the repository (a test checks it).
enum ExampleConfig {
    static let text = #"""
# Chapeau — configuration of one workspace (the folder that holds Config/).
# Relative paths below are relative to that folder. Unknown keys and wrong types are
# refused with the key named. Defaults are in [brackets]; commented keys show them.

[author]
name = "Camille Martin"                         # required: who writes and who receives
support_url = "https://example.org/soutenir"    # required: where readers contribute
site_url = "https://example.org"                # base of article URLs (optional)
# iban = "FR76 3000 6000 0112 3456 7890 189"   # optional: bank transfers without fees; checked by its
                                                # mod-97 digits. Enables 'chapeau qr' and the SEPA transfer
                                                # QR code (EPC069-12) beside the support link of every HTML page
# bic = "AGRIFRPP"                              # optional: the bank's BIC (8 or 11 letters and digits)
# kind = "individual"                           # individual | association [individual]: only an association
                                                # may issue tax receipts ('chapeau receipt')
# address = "12 rue des Lilas, 69001 Lyon"      # postal address, printed on statements; required for receipts

# Tax receipts (reçus fiscaux, Cerfa n° 11580 model): for an association only.
# [receipts]
# object = "Éditer et diffuser des textes libres"   # the organisation's purpose, printed on receipts
# article = "200"               # 200 | 238 bis | 978: the article of the CGI the receipt cites [200]
# signatory = "Camille Martin, trésorière"          # name and role of who signs
# minimum = "5 €"               # no receipt for a yearly total below this [0]

# Personal data is not kept for ever.
# [privacy]
# retention_years = 3           # 'chapeau run' erases supporters inactive this long, except while a
                                # receipt issued to them is within the six years it must be kept [off]

[ledger]
path = "data/ledger.sqlite"     # [data/ledger.sqlite] the SQLite ledger (created 0600)
currency = "EUR"                # [EUR] default unit for amounts written without one
timezone = "Europe/Paris"       # [Europe/Paris] days, periods and "today" are taken here

# Custom units, any number: complementary currencies, hours… Never converted, never
# added to euros: every total is per unit.
[[units]]
code = "PTJ"                    # 1 to 12 letters or digits, not an ISO 4217 code
name = "Points Jeu"             # shown in reports
decimals = 0                    # [0] digits after the decimal point, 0 to 6
# symbol = "ϕ"                  # optional: may stand for the unit in amounts

[[units]]
code = "h"
name = "heures"
decimals = 1

[reports]
cadence = "monthly"             # weekly | semi-monthly | monthly | quarterly | yearly [monthly]
language = "fr"                 # fr | en [fr]
formats = ["html", "md", "json", "csv"]   # [all four]
output = "Reports"              # [Reports] where reports are built
min_group = 3                   # [3] below this many supporters: totals only, no median, histogram or names
carry_over = false              # [false] carry what exceeds a period's needs to the next one
# base_url = "https://example.org/reports"  # where reports are served, for links (optional)

[footer]
template = "presslib-fr"        # presslib-fr | presslib-en | a .mustache file [presslib-fr]
articles = []                   # folders the job keeps stamped, e.g. ["content/posts"] [none]
head = true                     # stamp the head line, after the first paragraph or <!--more--> [true]
exclude = []                    # never stamped or checked, as in .gitignore: ["drafts", "*.draft.md"] [none]
# permalink = "/{year}/{month}/{slug}/"  # article URLs under site_url: {slug} {year} {month} {day}
#                               {section} {path} [the path under the articles folder, no extension, ending /]

# Publication targets, any number. [one directory target: Reports]
[[publish]]
kind = "directory"              # directory | http | webhook
path = "Reports"                # directory: where to copy the reports
# url = "https://dav.example.org/reports/"   # http (PUT under this URL) or webhook (POST)
# token_env = "CHAPEAU_TOKEN"   # http: bearer token read from this environment variable
#                               (sent over https only, or over http to 127.0.0.0/8, ::1 or localhost)
# username_env = "CHAPEAU_DAV_USER"      # http, instead of token_env: HTTP Basic authentication,
# password_env = "CHAPEAU_DAV_PASSWORD"  # user name and password read from these two variables
#                               (a WebDAV server, a Nextcloud app password; both or neither; same rule as the token)
#                               Missing folders under url are made with MKCOL.
# secret_env = "CHAPEAU_HOOK"   # webhook: HMAC-SHA256 secret read from this environment variable

# Bank statements and platform exports ('chapeau import FILE…'; 'chapeau import formats' lists
# every format). A format Chapeau does not know is described in Config/import/NAME.toml
# (see Config/import/README.md in Chapeau's sources for the language).
[import]
# liberapay_username = "camille"  # a Liberapay team ledger counts only what this member received
own_accounts = []                 # your other accounts, by IBAN or by a word of their label, e.g.
                                  # ["FR76 3000 6000 0112 3456 7890 189", "LIVRET"]: a transfer, not a gift

# Rules, any number, tried before every format's own: the first that matches decides the row.
# [[import.rules]]
# label = ["COTISATION"]          # words the label or the counterparty holds (case, accents ignored)
# counterparty = ["MAIRIE"]       # words the counterparty (or the label) holds
# type = ["Donation Payment"]     # the format's type column is one of these
# status = ["Completed"]          # the status column is one of these (status_not: none of these)
# column = "Catégorie"            # any other column of the file…
# values = ["adhésion"]           # …is one of these (values_not: none of these; "" is an empty cell)
# sign = "credit"                 # credit | debit
# min = "10,00"                   # the amount is at least… (max: at most…)
# format = ["bank-fr"]            # only for these formats
# class = "ignored"               # gift | payout | transfer | refund | expense | ignored
# reason = "a membership fee"     # what --dry-run says
# category = "adhésions"          # the category of an expense (recorded with --expenses)

"""#

    static let reportsReadme = #"""
# Reports

Chapeau publishes the transparency reports here by default (`[reports] output` and the
`directory` target of `[[publish]]` in `Config/chapeau.toml`). Everything in this folder
but this README is generated: it is rebuilt from the ledger and is not kept in git.

Layout: `Reports/<PERIOD>/index.html | report.md | report.json | report.csv`, with
`Reports/index.html` (every period), `feed.atom`, `latest.json` and `badge.svg`.
Every file here is public: it never holds an e-mail, a private note, an anonymous
supporter or an amount per person.

"""#
}
