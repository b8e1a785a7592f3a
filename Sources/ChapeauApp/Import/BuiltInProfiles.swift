/// The import profiles Chapeau ships, in the language of `Config/import/NAME.toml` (read by
/// `ImportProfile.parse`): every bank CSV and every platform export that a table of
/// columns and rules describes. Formats that need more than that are code: OFX and camt.053
/// (`Statements/`), and the exports whose rows carry pledges (`ImportPresets.swift`).
/// A sample file of each layout is in `Tests/Fixtures/import/`.
enum BuiltInProfiles {
    static let all: [(String, String)] = [
        ("paypal", paypalEN), ("paypal-fr", paypalFR),
        ("stripe", stripeBalance), ("stripe-activity", stripeActivity), ("stripe-payments", stripePayments),
        ("kofi", kofi), ("tipeee", tipeee), ("leetchi", leetchi),
        ("bank-creditagricole", creditAgricole), ("bank-societegenerale", societeGenerale), ("bank-bnp", bnp),
        ("bank-labanquepostale", banquePostale), ("bank-boursobank", boursoBank), ("bank-creditmutuel", creditMutuel),
        ("bank-bpce", bpce), ("bank-lcl", lcl), ("bank-qonto", qonto), ("bank-shine", shine),
        ("bank-fr", bankFR),
    ]

    // MARK: - platforms

    /// PayPal's rules, the same in both languages: donations and payments received are
    /// gifts; a refund voids the payment it names; withdrawals are payouts; conversions and
    /// holds move no gift; a payment for an item (not a donation) is a sale.
    static let paypalRules = """
        [[rules]]
        status_not = ["Completed", "Terminé", "Complété"]
        class = "ignored"
        reason = "not completed (pending, denied or cancelled)"

        [[rules]]
        type = ["Account Hold for Open Authorization", "Reversal of General Account Hold", "Payment Hold", "Payment Release",
                "Hold on Balance for Dispute Investigation", "Suspension de compte pour autorisation en cours",
                "Annulation de suspension de compte standard", "Retenue de paiement", "Libération de paiement"]
        class = "ignored"
        reason = "an authorisation hold or its release: no money moved"

        [[rules]]
        type = ["General Currency Conversion", "User Initiated Currency Conversion", "Conversion de devise standard",
                "Conversion de devise initiée par l'utilisateur"]
        class = "ignored"
        reason = "a currency conversion: the gift counts in the currency it was given in"

        [[rules]]
        type = ["Payment Refund", "Remboursement de paiement", "Remboursement"]
        class = "refund"
        reason = "a refund of the payment it names"

        [[rules]]
        type = ["General Withdrawal", "User Initiated Withdrawal", "Withdrawal", "Virement standard", "Retrait général",
                "Retrait initié par l'utilisateur", "Virement standard vers compte bancaire"]
        class = "payout"
        reason = "a withdrawal to the bank"

        [[rules]]
        type = ["Express Checkout Payment", "Website Payment", "Mobile Payment", "General Payment", "Paiement Express Checkout",
                "Paiement sur site marchand", "Paiement mobile", "Paiement standard"]
        sign = "credit"
        column = ["Item Title", "Titre de l'objet"]
        values_not = ["", "Don", "Donation", "Don / Donation", "Soutien", "Gift", "Tip"]
        class = "ignored"
        reason = "a payment for an item: a sale, not a gift"

        [defaults]
        credit = "gift"
        credit_reason = "a payment received"
        debit = "expense"
        debit_reason = "a payment made"
        """

    /// PayPal's activity download in English: `"Date","Time",…,"Gross","Fee","Net",…`,
    /// UTF-8 with a byte-order mark, every field quoted, `1,200.00`.
    static let paypalEN = """
        format = "paypal"
        title = "a PayPal activity download (English)"
        kind = "platform"
        channel = "paypal"
        expects = "the activity download (English or French headers): donations and payments received; refunds void what they refund; withdrawals are payouts; conversions and holds are not gifts"
        separator = ","
        decimal = "."
        dates = ["dd/mm/yyyy", "yyyy-mm-dd"]
        reference_prefix = "paypal"

        required = ["type", "status", "reference"]

        [columns]
        date = "Date"
        type = "Type"
        status = "Status"
        currency = "Currency"
        amount = "Gross"
        supporter_name = "Name"
        supporter_email = "From Email Address"
        reference = "Transaction ID"
        refund_of = "Reference Txn ID"
        label = ["Subject", "Item Title"]

        [supporters]
        visibility = "anonymous"

        """ + paypalRules

    /// PayPal's activity download in French: `"Date","Heure",…,"Avant commission",…`,
    /// `1 200,00` with a no-break space.
    static let paypalFR = """
        format = "paypal"
        title = "a PayPal activity download (French)"
        kind = "platform"
        channel = "paypal"
        separator = ","
        decimal = ","
        dates = ["dd/mm/yyyy", "yyyy-mm-dd"]
        reference_prefix = "paypal"

        required = ["type", "status", "reference"]

        [columns]
        date = "Date"
        type = "Type"
        status = ["État", "Etat", "Statut"]
        currency = "Devise"
        amount = "Avant commission"
        supporter_name = "Nom"
        supporter_email = ["De l'adresse email", "De l'adresse e-mail"]
        reference = "Numéro de transaction"
        refund_of = "Numéro de la transaction de référence"
        label = ["Objet", "Titre de l'objet"]

        [supporters]
        visibility = "anonymous"

        """ + paypalRules

    /// Stripe's balance history (itemised balance transactions): charges are gifts, a refund's
    /// Source is the charge it refunds, payouts (formerly transfers) go to the bank.
    static let stripeBalance = """
        format = "stripe"
        title = "a Stripe balance history export"
        kind = "platform"
        channel = "stripe"
        expects = "the balance history (charges, refunds, payouts, fees), the balance change from activity report, or the payments export (paid and captured charges; refunded ones void what was recorded)"
        separator = ","
        decimal = "."
        dates = ["yyyy-mm-dd"]
        reference_prefix = "stripe"

        required = ["type", "reference", "currency"]

        [columns]
        date = ["Created (UTC)", "Created date (UTC)"]
        type = "Type"
        amount = "Amount"
        currency = "Currency"
        reference = "Source"
        refund_of = "Source"
        label = "Description"

        [[rules]]
        type = ["refund", "payment_refund", "payment_failure_refund"]
        class = "refund"
        reason = "a refund of the charge it names"

        [[rules]]
        type = ["payout", "transfer"]
        class = "payout"
        reason = "a payout to the bank"

        [[rules]]
        type = ["stripe_fee", "application_fee", "adjustment", "tax", "validation", "transfer_cancel", "transfer_failure", "payout_failure"]
        class = "ignored"
        reason = "a Stripe fee or adjustment, not a gift"

        [defaults]
        credit = "gift"
        credit_reason = "a charge"
        debit = "ignored"
        debit_reason = "money leaving the Stripe balance"
        """

    /// Stripe's newer "balance change from activity" report.
    static let stripeActivity = """
        format = "stripe"
        title = "a Stripe balance change from activity report"
        kind = "platform"
        channel = "stripe"
        separator = ","
        decimal = "."
        dates = ["yyyy-mm-dd"]
        reference_prefix = "stripe"

        required = ["type", "reference", "currency"]

        [columns]
        date = "created_utc"
        type = "reporting_category"
        amount = "gross"
        currency = "currency"
        reference = ["source_id", "charge_id", "balance_transaction_id"]
        label = "description"

        [[rules]]
        type = ["refund", "partial_capture_reversal", "dispute"]
        class = "refund"
        reason = "money given back"

        [[rules]]
        type = ["payout", "transfer"]
        class = "payout"
        reason = "a payout to the bank"

        [[rules]]
        type = ["fee", "stripe_fee", "other_adjustment", "tax"]
        class = "ignored"
        reason = "a Stripe fee or adjustment, not a gift"

        [defaults]
        credit = "gift"
        credit_reason = "a charge"
        debit = "ignored"
        debit_reason = "money leaving the Stripe balance"
        """

    /// Stripe's payments export (`unified_payments.csv`): one row a charge.
    static let stripePayments = """
        format = "stripe"
        title = "a Stripe payments export"
        kind = "platform"
        channel = "stripe"
        separator = ","
        decimal = "."
        dates = ["yyyy-mm-dd", "dd/mm/yyyy"]
        reference_prefix = "stripe"

        required = ["status", "reference", "currency", "refunded"]

        [columns]
        date = ["Created (UTC)", "Created date (UTC)"]
        amount = "Amount"
        refunded = "Amount Refunded"
        currency = "Currency"
        status = "Status"
        reference = "id"
        refund_of = "id"
        label = "Description"
        supporter_email = "Customer Email"
        supporter_name = ["Card Name", "Customer Description"]

        [supporters]
        visibility = "anonymous"

        [[rules]]
        status = ["Failed", "Canceled", "Cancelled", "Incomplete", "Requires payment method"]
        class = "ignored"
        reason = "a payment that failed"

        [[rules]]
        column = "Captured"
        values = ["false", "no"]
        class = "ignored"
        reason = "authorised, never captured"

        [[rules]]
        status = ["Refunded"]
        class = "refund"
        reason = "refunded in full"
        """

    /// Ko-fi's transactions export. Payments reach the creator's own PayPal or Stripe, so there
    /// are no payouts here; shop orders and commissions are sales, not gifts.
    static let kofi = """
        title = "a Ko-fi transactions export"
        kind = "platform"
        channel = "kofi"
        expects = "the transactions export: donations and subscriptions are gifts; shop orders and commissions are sales; what the creator gave away is not income"
        separator = ","
        decimal = "."
        dates = ["yyyy-mm-dd", "dd/mm/yyyy"]
        reference_prefix = "kofi"

        required = ["type", "reference"]

        [columns]
        date = ["DateTime (UTC)", "DateTime", "Date"]
        credit = "Received"
        debit = "Given"
        currency = "Currency"
        type = ["TransactionType", "Type"]
        reference = ["TransactionId", "Transaction ID"]
        supporter_name = "From"
        supporter_email = "BuyerEmail"
        label = "Message"

        [supporters]
        visibility = "anonymous"

        [[rules]]
        type = ["Shop Order", "Commission"]
        class = "ignored"
        reason = "a sale (shop order or commission), not a gift"

        [defaults]
        debit = "ignored"
        debit_reason = "given by the author to another creator"
        """

    /// Tipeee's export of tips (layout not verified against a real export: see the fixtures' README).
    static let tipeee = """
        title = "a Tipeee tips export"
        kind = "platform"
        channel = "tipeee"
        expects = "the tips export: paid tips are gifts; refunded ones void what was recorded; failed ones are ignored"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy", "yyyy-mm-dd"]
        reference_prefix = "tipeee"

        required = ["status", "reference", "supporter_id"]

        [columns]
        date = "Date"
        amount = "Montant"
        currency = "Devise"
        status = "Statut"
        type = "Type"
        reference = "Référence"
        refund_of = "Référence"
        supporter_id = "Pseudo"
        supporter_first_name = "Prénom"
        supporter_name = "Nom"
        supporter_email = "Email"

        [supporters]
        visibility = "anonymous"

        [[rules]]
        status = ["remboursé", "rembourse", "refunded"]
        class = "refund"
        reason = "a refunded tip"

        [[rules]]
        status_not = ["payé", "paye", "paid", "validé", "valide"]
        class = "ignored"
        reason = "not paid"
        """

    /// Leetchi's list of a pot's participants (layout not verified against a real export). The pot's
    /// payout reaches the bank from Mangopay, less Leetchi's commission.
    static let leetchi = """
        title = "a Leetchi participants export"
        kind = "platform"
        channel = "leetchi"
        expects = "a pot's participants: validated participations are gifts; refunded ones void what was recorded"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy", "yyyy-mm-dd"]
        reference_prefix = "leetchi"

        required = ["status", "reference"]

        [columns]
        date = "Date"
        amount = "Montant"
        status = "Statut"
        reference = "Référence"
        refund_of = "Référence"
        supporter_first_name = "Prénom"
        supporter_name = "Nom"
        supporter_email = "Email"
        label = "Message"

        [supporters]
        visibility = "anonymous"

        [[rules]]
        status = ["Remboursée", "Remboursé", "Refunded"]
        class = "refund"
        reason = "a refunded participation"

        [[rules]]
        status_not = ["Validée", "Validé", "Payée", "Payé", "Paid"]
        class = "ignored"
        reason = "not validated"
        """

    // MARK: - French banks

    /// Crédit Agricole: account lines above `Date;Libellé;Débit Euros;Crédit Euros;`, labels on
    /// several lines, then a section for each card.
    static let creditAgricole = """
        title = "a Crédit Agricole statement (CSV)"
        kind = "bank"
        expects = "account lines, then Date;Libellé;Débit Euros;Crédit Euros; labels over several lines; card sections"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy"]
        header_search = 30
        reference_prefix = "bank"
        stop = ["Solde", "Total"]

        [columns]
        date = "Date"
        label = "Libellé"
        debit = "Débit Euros"
        credit = "Crédit Euros"
        """

    /// Société Générale: the account on the first line, a blank line, then
    /// `Date de l'opération;Libellé;Détail de l'écriture;Montant de l'opération;Devise`.
    static let societeGenerale = """
        title = "a Société Générale statement (CSV)"
        kind = "bank"
        expects = "the account line, then Date de l'opération;Libellé;Détail de l'écriture;Montant de l'opération;Devise"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy"]
        header_search = 10
        reference_prefix = "bank"

        required = ["label", "detail"]

        [columns]
        date = "Date de l'opération"
        label = "Libellé"
        detail = "Détail de l'écriture"
        amount = "Montant de l'opération"
        currency = "Devise"
        """

    /// BNP Paribas: a balance line, then rows without a header: date, category,
    /// sub-category, label, signed amount.
    static let bnp = """
        title = "a BNP Paribas statement (CSV, no header)"
        kind = "bank"
        expects = "a first line with the account and its balance, then date;category;sub-category;label;amount without a header"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy"]
        header = false
        skip = 1
        priority = -2
        reference_prefix = "bank"

        [columns]
        date = "#1"
        label = "#4"
        amount = "#5"
        """

    /// La Banque Postale: six lines of account details, then `Date;Libellé;Montant(EUROS);Montant(FRANCS)`.
    static let banquePostale = """
        title = "a La Banque Postale statement (CSV)"
        kind = "bank"
        expects = "account lines (Numéro Compte, Type, Solde…), then Date;Libellé;Montant(EUROS)"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy"]
        header_search = 15
        reference_prefix = "bank"

        [columns]
        date = "Date"
        label = "Libellé"
        amount = ["Montant(EUROS)", "Montant (EUROS)", "Montant(EUR)"]
        """

    /// BoursoBank (Boursorama): every account in one file, ISO dates, signed amounts.
    static let boursoBank = """
        title = "a BoursoBank statement (CSV)"
        kind = "bank"
        expects = "dateOp;dateVal;label;category;…;amount;comment;accountNum;accountLabel;accountbalance, several accounts in one file"
        separator = ";"
        decimal = ","
        dates = ["yyyy-mm-dd", "dd/mm/yyyy"]
        reference_prefix = "bank"

        required = ["label", "account"]

        [columns]
        date = "dateOp"
        label = "label"
        counterparty = "supplierFound"
        amount = "amount"
        account = ["accountNum", "accountLabel"]
        note = "comment"
        """

    /// Crédit Mutuel and CIC: `Date;Date de valeur;Débit;Crédit;Libellé;Solde`, debits negative.
    static let creditMutuel = """
        title = "a Crédit Mutuel or CIC statement (CSV)"
        kind = "bank"
        expects = "Date;Date de valeur;Débit;Crédit;Libellé;Solde (or one Montant column)"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy"]
        reference_prefix = "bank"

        required = ["label"]

        [columns]
        date = "Date"
        label = "Libellé"
        debit = "Débit"
        credit = "Crédit"
        """

    /// Caisse d'Épargne and Banque Populaire (BPCE): debits negative, credits with a `+`.
    static let bpce = """
        title = "a Caisse d'Épargne or Banque Populaire statement (CSV)"
        kind = "bank"
        expects = "Date de comptabilisation;Libelle simplifie;Libelle operation;Reference;Informations complementaires;…;Debit;Credit"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy"]
        header_search = 15
        reference_prefix = "bank"

        required = ["label", "counterparty"]

        [columns]
        date = "Date de comptabilisation"
        counterparty = "Libelle simplifie"
        label = "Libelle operation"
        detail = "Informations complementaires"
        type = "Type operation"
        debit = "Debit"
        credit = "Credit"
        """

    /// LCL: rows without a header (date, signed amount, type, cheque number, label, complement,
    /// category, sub-category) and a balance line at the end (layout not verified).
    static let lcl = """
        title = "an LCL statement (CSV, no header)"
        kind = "bank"
        expects = "date;amount;type;cheque;label;complement;category;sub-category without a header, a balance line last"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy"]
        header = false
        priority = -3
        reference_prefix = "bank"

        [columns]
        date = "#1"
        amount = "#2"
        type = "#3"
        label = "#5"
        detail = "#6"
        """

    /// Qonto: `Status,Settlement date (UTC),…,Total amount (incl. VAT),Currency,Counterparty name,…`;
    /// only settled (or executed) rows have happened.
    static let qonto = """
        title = "a Qonto statement (CSV)"
        kind = "bank"
        expects = "Status,Settlement date (UTC),Operation date (UTC),Total amount (incl. VAT),Currency,Counterparty name,…,IBAN,Reference"
        separator = "auto"
        decimal = "."
        dates = ["yyyy-mm-dd", "dd-mm-yyyy", "dd/mm/yyyy"]
        reference_prefix = "qonto"

        required = ["counterparty", "status", "reference"]

        [columns]
        date = ["Operation date (UTC)", "Date de l'opération (UTC)"]
        amount = ["Total amount (incl. VAT)", "Montant total (TTC)"]
        currency = ["Currency", "Devise"]
        counterparty = ["Counterparty name", "Nom de la contrepartie"]
        counterparty_iban = "IBAN"
        label = ["Reference", "Référence"]
        reference = ["Transaction ID", "Identifiant de transaction"]
        status = ["Status", "Statut"]
        note = "Note"

        [[rules]]
        status_not = ["settled", "executed", "exécuté", "réglé"]
        class = "ignored"
        reason = "not settled yet"

        [[rules]]
        sign = "credit"
        column = ["Category", "Catégorie"]
        values = ["refund", "remboursement"]
        class = "refund"
        reason = "a merchant's refund of a card payment"
        """

    /// Shine: `Transaction ID;Date de la valeur;Date d'opération;IBAN;…;Débit;Crédit;…;Libellé;Nom de la contrepartie`.
    static let shine = """
        title = "a Shine statement (CSV)"
        kind = "bank"
        expects = "Transaction ID;Date de la valeur;Date d'opération;IBAN;Type de transaction;…;Débit;Crédit;…;Libellé;Nom de la contrepartie"
        separator = ";"
        decimal = ","
        dates = ["dd/mm/yyyy"]
        reference_prefix = "shine"

        required = ["reference", "counterparty"]

        [columns]
        date = "Date d'opération"
        reference = "Transaction ID"
        counterparty_iban = "IBAN"
        type = "Type de transaction"
        debit = "Débit"
        credit = "Crédit"
        label = "Libellé"
        counterparty = "Nom de la contrepartie"
        note = "Commentaire"
        """

    /// Any other French bank's CSV: `Date;Libellé;Débit;Crédit` and the usual variants of those
    /// names, with lines of account details above the header.
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
