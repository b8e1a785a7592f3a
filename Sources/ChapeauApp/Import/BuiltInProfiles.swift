/// The import profiles Chapeau ships, in the language of `Config/import/NAME.toml` (read by
/// `ImportProfile.parse`): every bank CSV and every platform export that a table of
/// columns and rules describes. Formats that need more than that are code: OFX and camt.053
/// (`Statements/`), and the exports whose rows carry pledges (`ImportPresets.swift`).
/// A sample file of each layout is in `Tests/Fixtures/import/`.
enum BuiltInProfiles {
    static let all: [(String, String)] = [
        ("bank-fr", bankFR),
    ]

    /// Any French bank's CSV: `Date;Libellé;Débit;Crédit` and the usual variants of those names,
    /// or one signed amount column; lines of account details above the header.
    static let bankFR = """
        title = "a French bank statement (CSV)"
        kind = "bank"
        expects = "any French bank's CSV: a date, a label, and debit/credit columns; account lines above the header are skipped"
        separator = "auto"
        decimal = ","
        dates = ["dd/mm/yyyy", "yyyy-mm-dd"]
        header_search = 30
        priority = -1
        reference_prefix = "bank"
        stop = ["Solde", "Total", "Sous-total", "Nouveau solde", "Ancien solde"]

        [columns]
        date = ["Date", "Date opération", "Date de l'opération", "Date d'opération", "Date comptable", "Date de comptabilisation",
                "Date operation", "dateOp", "Date de la valeur (UTC)"]
        debit = ["Débit", "Debit", "Débit euros", "Débit (EUR)", "Débit EUR", "Montant débit"]
        credit = ["Crédit", "Credit", "Crédit euros", "Crédit (EUR)", "Crédit EUR", "Montant crédit"]
        label = ["Libellé", "Libellé opération", "Libellé de l'opération", "Libellé simplifié", "Intitulé", "Description"]
        detail = ["Informations complémentaires", "Détail", "Libellé complet"]
        reference = ["Référence", "Réf.", "Référence de l'opération"]
        """
}
