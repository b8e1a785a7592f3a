/// The built-in Mustache layouts of the HTML and Markdown reports. A user can restyle a report
/// by passing their own template source in `ReportTemplates`; the context is the same.
///
/// Every `{{value}}` is HTML-escaped by Mustache (and Markdown punctuation in ledger text is
/// backslash-escaped before that). The one triple mustache, `{{{svg}}}`, inserts the QR code of
/// the bank transfer, drawn by the application and checked by `PaymentBlock.safeSVG`.
enum BuiltInTemplates {
    /// Mobile-first, standalone, high-contrast CSS shared by the report and the site index.
    static let css = """
    :root{--ink:#1b1b1b;--muted:#444;--bg:#fff;--accent:#0a5c36;--soft:#e3f1e8;--line:#c8c8c8;--warn:#7a4100}
    *{box-sizing:border-box}
    body{margin:0;padding:1rem;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
    main{max-width:46rem;margin:0 auto}
    h1{font-size:1.45rem;line-height:1.25;margin:0 0 .25rem}
    h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-bottom:.25rem;border-bottom:2px solid var(--soft)}
    h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
    p{margin:.5rem 0}
    .period{color:var(--muted);margin:0 0 1rem}
    .headline{font-size:1.1rem}
    .cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0;padding:0;list-style:none}
    .cards li{flex:1 1 8rem;border:1px solid var(--line);border-radius:.5rem;padding:.5rem .75rem}
    .cards strong{display:block;font-size:1.6rem;line-height:1.2;color:var(--accent)}
    .note{background:#fff4e0;border-left:4px solid var(--warn);padding:.5rem .75rem}
    table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
    caption{text-align:left;font-weight:600;padding:.25rem 0}
    th,td{border-bottom:1px solid var(--line);padding:.35rem .25rem;text-align:left;vertical-align:top}
    th.n{text-align:right}
    td.n{text-align:right;white-space:nowrap}
    td.wrap{white-space:normal}
    .scroll{overflow-x:auto}
    details{margin:.25rem 0 1rem}
    summary{cursor:pointer;color:#0645ad}
    svg{display:block;width:100%;height:auto;max-width:32rem;margin:.5rem 0}
    code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all}
    a{color:#0645ad}
    a.support{display:inline-block;margin:.5rem 0;padding:.6rem 1rem;background:var(--accent);color:#fff;border-radius:.4rem;text-decoration:none;font-weight:600}
    ul.plain{padding-left:1.2rem}
    .muted{color:var(--muted)}
    nav.pages{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:0 0 1rem;font-size:.95rem}
    figure.coverage{margin:.5rem 0 1rem}
    figure.coverage figcaption{color:var(--muted);font-size:.95rem}
    .legend .key{display:inline-block;width:.9rem;margin-right:.3rem;vertical-align:middle}
    .legend .bar{height:.7rem;background:var(--accent)}
    .legend .tick{height:2px;background:var(--ink)}
    footer{margin-top:2rem;padding-top:.5rem;border-top:1px solid var(--line);color:var(--muted);font-size:.9rem}
    @media (max-width:24rem){body{padding:.75rem}th,td{padding:.3rem .15rem}}
    @media (min-width:40rem){body{padding:2rem}}
    """

    /// The start of every page, up to `<main>`: language, viewport, title, the feed and payment
    /// links, the inline CSS. `feed` is the feed's address relative to the page.
    static func documentStart(feed: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="Chapeau">
        <title>{{title}}</title>
        <link rel="alternate" type="application/atom+xml" href="\(feed)" title="{{heading}}">
        {{#hasSupportLink}}
        <link rel="payment" href="{{supportURL}}">
        {{/hasSupportLink}}
        <style>
        \(css)
        </style>
        </head>
        <body>
        <main>

        """
    }

    static let html = documentStart(feed: "../feed.atom") + """
    <nav class="pages" aria-label="{{n.navigation}}">
    <a href="../index.html">{{n.allReports}}</a>
    {{#previous}}
    <a rel="prev" href="{{href}}"><span aria-hidden="true">← </span>{{label}}</a>
    {{/previous}}
    {{#next}}
    <a rel="next" href="{{href}}">{{label}}<span aria-hidden="true"> →</span></a>
    {{/next}}
    <a href="../feed.atom">{{n.feed}}</a>
    </nav>
    <header>
    <h1>{{heading}}</h1>
    <p class="period">{{periodLabel}}</p>
    {{#isLive}}
    <p class="note">{{t.liveNote}}{{#hasPaceLine}} {{paceLine}}{{/hasPaceLine}}</p>
    {{/isLive}}
    {{#isRevised}}
    <p class="note">{{t.revisedNote}}</p>
    {{/isRevised}}
    </header>

    <section aria-labelledby="summary">
    <h2 id="summary">{{t.summary}}</h2>
    <p class="headline">{{headline}}</p>
    <ul class="cards">
    {{#cards}}
    <li><strong>{{value}}</strong> {{label}}</li>
    {{/cards}}
    </ul>
    {{#coverageBar}}
    <figure class="coverage">
    <svg viewBox="0 0 320 46" role="img" aria-labelledby="coverage-title">
    <title id="coverage-title">{{title}}</title>
    <rect x="0" y="6" width="320" height="22" rx="4" fill="#d9d9d9"/>
    <rect x="0" y="6" width="{{width}}" height="22" rx="4" fill="#0a5c36"/>
    {{#pace}}
    <line x1="{{x}}" x2="{{x}}" y1="2" y2="32" stroke="#7a4100" stroke-width="2" stroke-dasharray="4 2"/>
    {{/pace}}
    <line x1="{{full}}" x2="{{full}}" y1="0" y2="34" stroke="#1b1b1b" stroke-width="2"/>
    <text x="{{fullLabelX}}" y="45" font-size="11" text-anchor="{{fullAnchor}}" fill="#1b1b1b">{{fullLabel}}</text>
    </svg>
    {{#pace}}
    <figcaption>{{text}}</figcaption>
    {{/pace}}
    </figure>
    {{/coverageBar}}
    {{#hasSupportLink}}
    <p>{{t.supportLead}} <a class="support" href="{{supportURL}}">{{t.support}}</a></p>
    {{/hasSupportLink}}
    {{#payment}}
    <figure class="payment" style="max-width:13rem;margin:.5rem 0">
    {{#hasSVG}}
    {{{svg}}}
    {{/hasSVG}}
    <figcaption><strong>{{label}}</strong><br>{{t.accountHolder}}{{t.colon}} {{holder}}<br>IBAN <code>{{iban}}</code>{{#hasBIC}}<br>BIC <code>{{bic}}</code>{{/hasBIC}}</figcaption>
    </figure>
    {{/payment}}
    </section>

    <section aria-labelledby="received">
    <h2 id="received">{{t.received}}</h2>
    {{^hasCurrencies}}
    <p>{{t.noGifts}}</p>
    {{/hasCurrencies}}
    {{#currencies}}
    <table>
    <caption>{{unitName}} ({{unit}})</caption>
    <tbody>
    <tr><th scope="row">{{t.total}}</th><td class="n">{{total}}</td></tr>
    <tr><th scope="row">{{t.gifts}}</th><td class="n">{{gifts}}</td></tr>
    <tr><th scope="row">{{t.supporters}}</th><td class="n">{{supporters}}</td></tr>
    <tr><th scope="row">{{t.newSupporters}}</th><td class="n">{{newSupporters}}</td></tr>
    <tr><th scope="row">{{t.returningSupporters}}</th><td class="n">{{returningSupporters}}</td></tr>
    {{#distribution}}
    <tr><th scope="row">{{t.q1}}</th><td class="n">{{q1}}</td></tr>
    <tr><th scope="row">{{t.median}}</th><td class="n">{{median}}</td></tr>
    <tr><th scope="row">{{t.q3}}</th><td class="n">{{q3}}</td></tr>
    {{/distribution}}
    </tbody>
    </table>
    {{#isSmallGroup}}
    <p class="note">{{smallGroupNote}}</p>
    {{/isSmallGroup}}
    {{#distribution}}
    <svg viewBox="0 0 320 {{chartHeight}}" role="img" aria-labelledby="{{chartID}}">
    <title id="{{chartID}}">{{chartTitle}}</title>
    {{#bands}}
    <g><title>{{title}}</title><text x="0" y="{{textY}}" font-size="12" fill="#1b1b1b">{{label}}</text><rect x="120" y="{{y}}" width="{{width}}" height="16" fill="#0a5c36"/><text x="{{countX}}" y="{{textY}}" font-size="12" fill="#1b1b1b">{{gifts}}</text></g>
    {{/bands}}
    </svg>
    <details>
    <summary>{{t.asTable}}</summary>
    <table>
    <caption>{{chartTitle}}</caption>
    <thead><tr><th scope="col">{{t.band}}</th><th scope="col" class="n">{{t.giftCount}}</th></tr></thead>
    <tbody>
    {{#bands}}
    <tr><td>{{label}}</td><td class="n">{{gifts}}</td></tr>
    {{/bands}}
    </tbody>
    </table>
    </details>
    {{/distribution}}
    {{#hasChannels}}
    <div class="scroll">
    <table>
    <caption>{{t.byChannel}} · {{unit}}</caption>
    <thead><tr><th scope="col">{{t.channel}}</th><th scope="col" class="n">{{t.amount}}</th><th scope="col" class="n">{{t.gifts}}</th></tr></thead>
    <tbody>
    {{#channels}}
    <tr><td>{{label}}</td><td class="n">{{amount}}</td><td class="n">{{count}}</td></tr>
    {{/channels}}
    </tbody>
    </table>
    </div>
    {{/hasChannels}}
    {{#hasCampaigns}}
    <div class="scroll">
    <table>
    <caption>{{t.byCampaign}} · {{unit}}</caption>
    <thead><tr><th scope="col">{{t.campaign}}</th><th scope="col" class="n">{{t.amount}}</th><th scope="col" class="n">{{t.gifts}}</th></tr></thead>
    <tbody>
    {{#campaigns}}
    <tr><td>{{label}}</td><td class="n">{{amount}}</td><td class="n">{{count}}</td></tr>
    {{/campaigns}}
    </tbody>
    </table>
    </div>
    {{/hasCampaigns}}
    {{/currencies}}
    </section>
    {{#hasPledges}}

    <section aria-labelledby="pledges">
    <h2 id="pledges">{{t.pledges}}</h2>
    {{#pledges}}
    <table>
    <caption>{{unit}}</caption>
    <tbody>
    <tr><th scope="row">{{t.activePledges}}</th><td class="n">{{active}}</td></tr>
    <tr><th scope="row">{{t.pledged}}</th><td class="n">{{pledged}}</td></tr>
    <tr><th scope="row">{{t.fulfilled}}</th><td class="n">{{fulfilled}}</td></tr>
    </tbody>
    </table>
    {{/pledges}}
    </section>
    {{/hasPledges}}

    <section aria-labelledby="needs">
    <h2 id="needs">{{t.needs}}</h2>
    {{^hasNeeds}}
    <p>{{t.noNeeds}}</p>
    {{/hasNeeds}}
    {{#needs}}
    <table>
    <caption>{{t.coverage}} · {{unit}}</caption>
    <tbody>
    <tr><th scope="row">{{t.needed}}</th><td class="n">{{needed}}</td></tr>
    <tr><th scope="row">{{t.received}}</th><td class="n">{{received}}</td></tr>
    {{#carryOver}}
    <tr><th scope="row">{{t.carriedIn}}</th><td class="n">{{carriedIn}}</td></tr>
    {{/carryOver}}
    <tr><th scope="row">{{t.coverage}}</th><td class="n">{{coverage}}</td></tr>
    {{#carryOver}}
    <tr><th scope="row">{{t.carriedOut}}</th><td class="n">{{carriedOut}}</td></tr>
    {{/carryOver}}
    </tbody>
    </table>
    <div class="scroll">
    <table>
    <caption>{{t.need}} · {{unit}}</caption>
    <thead><tr><th scope="col">{{t.need}}</th><th scope="col" class="n">{{t.declared}}</th><th scope="col" class="n">{{t.forPeriod}}</th></tr></thead>
    <tbody>
    {{#lines}}
    <tr><td>{{label}}</td><td class="n wrap">{{declared}}</td><td class="n">{{forPeriod}}</td></tr>
    {{/lines}}
    </tbody>
    </table>
    </div>
    {{/needs}}
    </section>

    <section aria-labelledby="expenses">
    <h2 id="expenses">{{t.expenses}}</h2>
    {{^hasExpenses}}
    <p>{{t.noExpenses}}</p>
    {{/hasExpenses}}
    {{#expenses}}
    <div class="scroll">
    <table>
    <caption>{{t.expenses}} · {{unit}} · {{total}}</caption>
    <thead><tr><th scope="col">{{t.category}}</th><th scope="col" class="n">{{t.amount}}</th><th scope="col" class="n">{{t.expenseCount}}</th></tr></thead>
    <tbody>
    {{#categories}}
    <tr><td>{{label}}</td><td class="n">{{amount}}</td><td class="n">{{count}}</td></tr>
    {{/categories}}
    </tbody>
    </table>
    </div>
    {{/expenses}}
    {{#hasBalances}}
    <div class="scroll">
    <table>
    <caption>{{t.balanceCaption}}</caption>
    <thead><tr><th scope="col">{{t.unit}}</th><th scope="col" class="n">{{t.received}}</th><th scope="col" class="n">{{t.spent}}</th><th scope="col" class="n">{{t.balance}}</th></tr></thead>
    <tbody>
    {{#balances}}
    <tr><td>{{unit}}</td><td class="n">{{received}}</td><td class="n">{{spent}}</td><td class="n">{{balance}}</td></tr>
    {{/balances}}
    </tbody>
    </table>
    </div>
    {{/hasBalances}}
    </section>

    <section aria-labelledby="offers">
    <h2 id="offers">{{t.offers}}</h2>
    {{#offers}}
    {{^hasOffers}}
    <p>{{t.noOffers}}</p>
    {{/hasOffers}}
    {{#hasOffers}}
    <table>
    <caption>{{t.byKind}}</caption>
    <thead><tr><th scope="col">{{t.kind}}</th><th scope="col" class="n">{{t.count}}</th></tr></thead>
    <tbody>
    {{#byKind}}
    <tr><td>{{label}}</td><td class="n">{{count}}</td></tr>
    {{/byKind}}
    </tbody>
    </table>
    <table>
    <caption>{{t.byStatus}}</caption>
    <thead><tr><th scope="col">{{t.status}}</th><th scope="col" class="n">{{t.count}}</th></tr></thead>
    <tbody>
    {{#byStatus}}
    <tr><td>{{label}}</td><td class="n">{{count}}</td></tr>
    {{/byStatus}}
    </tbody>
    </table>
    {{/hasOffers}}
    {{#hasHours}}
    <p>{{t.hoursGiven}}{{t.colon}} <strong>{{hours}}</strong></p>
    {{/hasHours}}
    {{#hasValues}}
    <p>{{t.deliveredValue}}{{t.colon}} {{#values}}<strong>{{.}}</strong> {{/values}}</p>
    {{/hasValues}}
    {{#hasDescriptions}}
    <h3>{{t.publicOffers}}</h3>
    <ul class="plain">
    {{#descriptions}}
    <li>{{description}} <span class="muted">({{kind}}, {{status}}{{#hasQuantity}}, {{quantity}}{{/hasQuantity}})</span></li>
    {{/descriptions}}
    </ul>
    {{/hasDescriptions}}
    {{/offers}}
    </section>
    {{#hasCampaigns}}

    <section aria-labelledby="campaigns">
    <h2 id="campaigns">{{c.campaigns}}</h2>
    <p>{{c.campaignsNote}}</p>
    {{#campaigns}}
    <table>
    <caption>{{name}}</caption>
    <tbody>
    <tr><th scope="row">{{c.fixedCosts}}</th><td class="n">{{fixedCosts}}</td></tr>
    <tr><th scope="row">{{c.participants}}</th><td class="n">{{participants}}</td></tr>
    <tr><th scope="row">{{c.share}}</th><td class="n">{{share}}</td></tr>
    <tr><th scope="row">{{c.received}}</th><td class="n">{{received}}</td></tr>
    <tr><th scope="row">{{c.covered}}</th><td class="n">{{covered}}</td></tr>
    <tr><th scope="row">{{c.beyond}}</th><td class="n">{{beyond}}</td></tr>
    </tbody>
    </table>
    {{/campaigns}}
    </section>
    {{/hasCampaigns}}
    {{#hasNeedOffers}}

    <section aria-labelledby="need-offers">
    <h2 id="need-offers">{{c.needOffers}}</h2>
    <p>{{c.needOffersNote}}</p>
    {{#needOffers}}
    <h3>{{need}} <span class="muted">({{count}})</span></h3>
    <p>{{money}}</p>
    <ul class="plain">
    {{#answers}}
    <li>{{description}} <span class="muted">({{kind}}, {{status}}{{#hasQuantity}}, {{quantity}}{{/hasQuantity}})</span></li>
    {{/answers}}
    </ul>
    {{/needOffers}}
    </section>
    {{/hasNeedOffers}}
    {{#hasComplementary}}

    <section aria-labelledby="complementary">
    <h2 id="complementary">{{t.complementary}}</h2>
    <p>{{t.complementaryNote}}</p>
    {{#complementary}}
    <table>
    <caption>{{unitName}} ({{unit}})</caption>
    <tbody>
    <tr><th scope="row">{{t.total}}</th><td class="n">{{total}}</td></tr>
    <tr><th scope="row">{{t.gifts}}</th><td class="n">{{gifts}}</td></tr>
    <tr><th scope="row">{{t.supporters}}</th><td class="n">{{supporters}}</td></tr>
    {{#distribution}}
    <tr><th scope="row">{{t.median}}</th><td class="n">{{median}}</td></tr>
    {{/distribution}}
    </tbody>
    </table>
    {{#isSmallGroup}}
    <p class="note">{{smallGroupNote}}</p>
    {{/isSmallGroup}}
    {{/complementary}}
    </section>
    {{/hasComplementary}}
    {{#hasComparison}}

    <section aria-labelledby="comparison">
    <h2 id="comparison">{{t.comparison}}</h2>
    <div class="scroll">
    <table>
    <caption>{{t.comparisonCaption}}</caption>
    <thead><tr><th scope="col">{{t.unit}}</th><th scope="col" class="n">{{t.thisPeriod}}</th><th scope="col" class="n">{{t.previousShort}}</th><th scope="col" class="n">{{t.yearToDateShort}}</th></tr></thead>
    <tbody>
    {{#comparison}}
    <tr><td>{{unit}}</td><td class="n">{{current}}</td><td class="n">{{previous}}</td><td class="n">{{yearToDate}}</td></tr>
    {{/comparison}}
    </tbody>
    </table>
    </div>
    <p class="muted">{{t.previousPeriod}}{{t.colon}} {{previousSpan}}. {{t.yearToDate}}{{t.colon}} {{yearToDateSpan}}.</p>
    </section>
    {{/hasComparison}}

    <section aria-labelledby="thanks">
    <h2 id="thanks">{{t.thanks}}</h2>
    {{#hasThanks}}
    <p>{{t.thanksLead}}</p>
    <ul class="plain">
    {{#thanks}}
    <li>{{.}}</li>
    {{/thanks}}
    </ul>
    <p>{{t.thanksOthers}}</p>
    {{/hasThanks}}
    {{^hasThanks}}
    {{#thanksWithheld}}
    <p>{{withheldNote}}</p>
    {{/thanksWithheld}}
    {{^thanksWithheld}}
    <p>{{t.noThanks}}</p>
    {{/thanksWithheld}}
    {{/hasThanks}}
    </section>

    <section aria-labelledby="integrity">
    <h2 id="integrity">{{t.integrity}}</h2>
    <p>{{integrityText}}</p>
    <p><code>{{head}}</code></p>
    </section>

    <footer>
    <p>{{t.data}}{{t.colon}} {{#files}}<a href="{{name}}">{{label}}</a> {{/files}}</p>
    <p><time datetime="{{generatedAtISO}}">{{generatedAt}}</time> · {{t.madeWith}}</p>
    </footer>
    </main>
    </body>
    </html>

    """

    /// The site's index: every report by year, newest first, each year with its summary, a
    /// chart of received against needs and the same figures as a table.
    static let index = documentStart(feed: "feed.atom") + """
    <header>
    <h1>{{heading}}</h1>
    <p class="period">{{n.intro}}</p>
    </header>
    {{#live}}

    <section aria-labelledby="current">
    <h2 id="current">{{n.current}}</h2>
    <p class="headline"><a href="{{href}}">{{label}}</a>{{t.colon}} {{summary}}</p>
    </section>
    {{/live}}
    {{#hasSupportLink}}
    <p>{{t.supportLead}} <a class="support" href="{{supportURL}}">{{t.support}}</a></p>
    {{/hasSupportLink}}
    {{^hasReports}}

    <p>{{n.noReports}}</p>
    {{/hasReports}}
    {{#years}}

    <section aria-labelledby="{{anchor}}">
    <h2 id="{{anchor}}">{{year}}</h2>
    {{#hasSummary}}
    <p class="headline">{{summary}}</p>
    {{/hasSummary}}
    {{#chart}}
    <svg viewBox="0 0 320 {{height}}" role="img" aria-labelledby="{{id}}-title {{id}}-desc">
    <title id="{{id}}-title">{{title}}</title>
    <desc id="{{id}}-desc">{{desc}}</desc>
    <text x="0" y="10" font-size="11" fill="#444">{{top}}</text>
    <line x1="0" x2="320" y1="16" y2="16" stroke="#c8c8c8" stroke-dasharray="2 3"/>
    {{#bars}}
    <g><title>{{title}}</title><rect x="{{x}}" y="{{y}}" width="{{width}}" height="{{height}}" fill="#0a5c36"/>{{#hasNeed}}<line x1="{{x}}" x2="{{needX2}}" y1="{{needY}}" y2="{{needY}}" stroke="#1b1b1b" stroke-width="2"/>{{/hasNeed}}</g>
    {{/bars}}
    <line x1="0" x2="320" y1="{{baseline}}" y2="{{baseline}}" stroke="#1b1b1b"/>
    </svg>
    <p class="muted legend"><span class="key bar"></span>{{n.chartLegendReceived}} · <span class="key tick"></span>{{n.chartLegendNeeds}}</p>
    {{/chart}}
    <div class="scroll">
    <table>
    <caption>{{n.byYear}} {{year}}</caption>
    <thead><tr><th scope="col">{{n.period}}</th><th scope="col" class="n">{{n.received}}</th><th scope="col" class="n">{{n.coverage}}</th></tr></thead>
    <tbody>
    {{#rows}}
    <tr><td><a href="{{href}}">{{label}}</a>{{#revised}} <span class="muted">({{n.revised}})</span>{{/revised}}</td><td class="n">{{received}}</td><td class="n">{{coverage}}</td></tr>
    {{/rows}}
    </tbody>
    </table>
    </div>
    </section>
    {{/years}}
    {{#payment}}

    <section aria-labelledby="transfer">
    <h2 id="transfer">{{label}}</h2>
    <figure class="payment" style="max-width:13rem;margin:.5rem 0">
    {{#hasSVG}}
    {{{svg}}}
    {{/hasSVG}}
    <figcaption>{{t.accountHolder}}{{t.colon}} {{holder}}<br>IBAN <code>{{iban}}</code>{{#hasBIC}}<br>BIC <code>{{bic}}</code>{{/hasBIC}}</figcaption>
    </figure>
    </section>
    {{/payment}}

    <footer>
    <p>{{n.data}}{{t.colon}} {{#files}}<a href="{{name}}">{{label}}</a> {{/files}}</p>
    <p><time datetime="{{generatedAtISO}}">{{generatedAt}}</time> · {{t.madeWith}}</p>
    </footer>
    </main>
    </body>
    </html>

    """

    static let markdown = """
    # {{heading}}

    **{{periodLabel}}**
    {{#isLive}}

    > {{t.liveNote}}{{#coverageBar}}{{#pace}} {{text}}{{/pace}}{{/coverageBar}}{{#hasPaceLine}} {{paceLine}}{{/hasPaceLine}}
    {{/isLive}}
    {{#isRevised}}

    > {{t.revisedNote}}
    {{/isRevised}}

    ## {{t.summary}}

    {{headline}}

    {{#cards}}
    - **{{value}}** {{label}}
    {{/cards}}
    {{#hasSupportLink}}

    {{t.supportLead}} [{{t.support}}](<{{supportURL}}>)
    {{/hasSupportLink}}

    ## {{t.received}}
    {{^hasCurrencies}}

    {{t.noGifts}}
    {{/hasCurrencies}}
    {{#currencies}}

    ### {{unitName}} ({{unit}})

    | {{t.figure}} | {{t.value}} |
    | --- | ---: |
    | {{t.total}} | {{total}} |
    | {{t.gifts}} | {{gifts}} |
    | {{t.supporters}} | {{supporters}} |
    | {{t.newSupporters}} | {{newSupporters}} |
    | {{t.returningSupporters}} | {{returningSupporters}} |
    {{#distribution}}
    | {{t.q1}} | {{q1}} |
    | {{t.median}} | {{median}} |
    | {{t.q3}} | {{q3}} |
    {{/distribution}}
    {{#isSmallGroup}}

    > {{smallGroupNote}}
    {{/isSmallGroup}}
    {{#distribution}}

    | {{t.band}} | {{t.giftCount}} |
    | --- | ---: |
    {{#bands}}
    | {{label}} | {{gifts}} |
    {{/bands}}
    {{/distribution}}
    {{#hasChannels}}

    | {{t.channel}} | {{t.amount}} | {{t.gifts}} |
    | --- | ---: | ---: |
    {{#channels}}
    | {{label}} | {{amount}} | {{count}} |
    {{/channels}}
    {{/hasChannels}}
    {{#hasCampaigns}}

    | {{t.campaign}} | {{t.amount}} | {{t.gifts}} |
    | --- | ---: | ---: |
    {{#campaigns}}
    | {{label}} | {{amount}} | {{count}} |
    {{/campaigns}}
    {{/hasCampaigns}}
    {{/currencies}}
    {{#hasPledges}}

    ## {{t.pledges}}

    | {{t.unit}} | {{t.activePledges}} | {{t.pledged}} | {{t.fulfilled}} |
    | --- | ---: | ---: | ---: |
    {{#pledges}}
    | {{unit}} | {{active}} | {{pledged}} | {{fulfilled}} |
    {{/pledges}}
    {{/hasPledges}}

    ## {{t.needs}}
    {{^hasNeeds}}

    {{t.noNeeds}}
    {{/hasNeeds}}
    {{#needs}}

    | {{t.figure}} ({{unit}}) | {{t.value}} |
    | --- | ---: |
    | {{t.needed}} | {{needed}} |
    | {{t.received}} | {{received}} |
    {{#carryOver}}
    | {{t.carriedIn}} | {{carriedIn}} |
    {{/carryOver}}
    | {{t.coverage}} | {{coverage}} |
    {{#carryOver}}
    | {{t.carriedOut}} | {{carriedOut}} |
    {{/carryOver}}

    | {{t.need}} | {{t.declared}} | {{t.forPeriod}} |
    | --- | ---: | ---: |
    {{#lines}}
    | {{label}} | {{declared}} | {{forPeriod}} |
    {{/lines}}
    {{/needs}}

    ## {{t.expenses}}
    {{^hasExpenses}}

    {{t.noExpenses}}
    {{/hasExpenses}}
    {{#expenses}}

    | {{t.category}} ({{unit}}) | {{t.amount}} | {{t.expenseCount}} |
    | --- | ---: | ---: |
    {{#categories}}
    | {{label}} | {{amount}} | {{count}} |
    {{/categories}}
    | **{{t.total}}** | **{{total}}** | {{count}} |
    {{/expenses}}
    {{#hasBalances}}

    | {{t.unit}} | {{t.received}} | {{t.spent}} | {{t.balance}} |
    | --- | ---: | ---: | ---: |
    {{#balances}}
    | {{unit}} | {{received}} | {{spent}} | {{balance}} |
    {{/balances}}
    {{/hasBalances}}

    ## {{t.offers}}
    {{#offers}}
    {{^hasOffers}}

    {{t.noOffers}}
    {{/hasOffers}}
    {{#hasOffers}}

    | {{t.kind}} | {{t.count}} |
    | --- | ---: |
    {{#byKind}}
    | {{label}} | {{count}} |
    {{/byKind}}

    | {{t.status}} | {{t.count}} |
    | --- | ---: |
    {{#byStatus}}
    | {{label}} | {{count}} |
    {{/byStatus}}
    {{/hasOffers}}
    {{#hasHours}}

    {{t.hoursGiven}}{{t.colon}} **{{hours}}**
    {{/hasHours}}
    {{#hasDescriptions}}

    {{t.publicOffers}}{{t.colon}}

    {{#descriptions}}
    - {{description}} ({{kind}}, {{status}}{{#hasQuantity}}, {{quantity}}{{/hasQuantity}})
    {{/descriptions}}
    {{/hasDescriptions}}
    {{/offers}}
    {{#hasCampaigns}}

    ## {{c.campaigns}}

    {{c.campaignsNote}}
    {{#campaigns}}

    | {{name}} | |
    | --- | ---: |
    | {{c.fixedCosts}} | {{fixedCosts}} |
    | {{c.participants}} | {{participants}} |
    | {{c.share}} | {{share}} |
    | {{c.received}} | {{received}} |
    | {{c.covered}} | {{covered}} |
    | {{c.beyond}} | {{beyond}} |
    {{/campaigns}}
    {{/hasCampaigns}}
    {{#hasNeedOffers}}

    ## {{c.needOffers}}

    {{c.needOffersNote}}
    {{#needOffers}}

    {{need}} ({{count}}){{t.colon}}

    {{money}}

    {{#answers}}
    - {{description}} ({{kind}}, {{status}}{{#hasQuantity}}, {{quantity}}{{/hasQuantity}})
    {{/answers}}
    {{/needOffers}}
    {{/hasNeedOffers}}
    {{#hasComplementary}}

    ## {{t.complementary}}

    {{t.complementaryNote}}

    | {{t.unit}} | {{t.total}} | {{t.gifts}} | {{t.supporters}} |
    | --- | ---: | ---: | ---: |
    {{#complementary}}
    | {{unitName}} ({{unit}}) | {{total}} | {{gifts}} | {{supporters}} |
    {{/complementary}}
    {{/hasComplementary}}
    {{#hasComparison}}

    ## {{t.comparison}}

    | {{t.unit}} | {{t.thisPeriod}} | {{t.previousShort}} | {{t.yearToDateShort}} |
    | --- | ---: | ---: | ---: |
    {{#comparison}}
    | {{unit}} | {{current}} | {{previous}} | {{yearToDate}} |
    {{/comparison}}

    {{t.previousPeriod}}{{t.colon}} {{previousSpan}}. {{t.yearToDate}}{{t.colon}} {{yearToDateSpan}}.
    {{/hasComparison}}

    ## {{t.thanks}}

    {{#hasThanks}}
    {{t.thanksLead}} {{thanksLine}}.

    {{t.thanksOthers}}
    {{/hasThanks}}
    {{^hasThanks}}
    {{#thanksWithheld}}
    {{withheldNote}}
    {{/thanksWithheld}}
    {{^thanksWithheld}}
    {{t.noThanks}}
    {{/thanksWithheld}}
    {{/hasThanks}}

    ## {{t.integrity}}

    {{integrityText}} `{{head}}`

    ---

    {{generatedAt}} · {{t.madeWith}}

    """
}
