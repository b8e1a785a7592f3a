/// The guide to footer templates that `chapeau init` writes as `Config/footers/README.md`, next to
/// the built-in templates. It must stay identical to `Config/footers/README.md` in the repository
/// (a test checks it), which carries `FooterContext`'s documentation word for word.
enum FooterGuide {
    static let readme = #"""
# Footer templates

Chapeau stamps a support paragraph (a "presslib-style" footer) at the end of every article, and
a short head line after its first paragraph. `[footer] template` in `Config/chapeau.toml`
chooses the wording: `presslib-fr` or `presslib-en` (built in; the article's `lang` picks between the two),
or a Mustache file of your own, used as it is for every article.

The two files next to this one are the built-in templates, word for word: copy one, edit it,
and name your copy in the config, e.g. `template = "Config/footers/mine.mustache"` (a relative
path is read from the workspace, else from the `Config/` folder). Then run
`chapeau footer stamp PATH…` to restamp, and `chapeau footer check PATH…` to see which articles
still carry another wording.

The rest of this file is the reference, kept identical to the documentation of `FooterContext`
in `Sources/ChapeauFooter/FooterContext.swift` (a test checks it).

What a footer template may say: every value as text, already formatted for the reader.

# Writing a footer template

A footer template is a Mustache file (`.mustache`). It has up to two parts, each introduced by a
Mustache comment alone on its line:

```mustache
{{! chapeau:head }}
This text is a free-participation article (*)
{{! chapeau:footer }}
(*) You may republish this text … {{support_url}} …
```

- The **head** (optional) is a short line placed after the article's first paragraph (after
  its title and front matter), or right after `<!--more-->` when the article has one, so
  that excerpts and feeds show the article; `[footer] head = false` leaves it out.
- The **footer** is the paragraph placed at the end of the article. Text before any
  `{{! chapeau:… }}` line belongs to the footer, so a file without those lines is all footer.
- Both parts are stamped, checked and removed together. In what each part renders, leading
  and trailing blank lines are dropped, several blank lines in a row become one, spaces at the
  end of lines are dropped and runs of spaces inside a line become one: a section that renders
  nothing leaves no gap.
- `{{name}}` is escaped for HTML in Markdown and HTML articles, and written as it is in
  plain-text articles. `{{#name}}…{{/name}}` shows its content only when the flag is true,
  `{{^name}}…{{/name}}` only when it is false.

Values (text; an unknown value is empty, never "nil"):

| variable | what it holds |
| --- | --- |
| `author_name` | the author's name, from `[author] name` |
| `support_url` | where to contribute, from `[author] support_url` |
| `article_title` | the article's title (front matter `title`, else its first heading) |
| `article_url` | the article's canonical URL (front matter `url`, else `site_url` + path) |
| `licence` | a sentence on the licence of the text, e.g. "Licence CC BY-SA 4.0." |
| `period` | the current period, as a reader would name it, e.g. "November 2026" |
| `received` | what came in during the period, formatted, e.g. "1 234,56 €" |
| `needs` | the needs declared for the period, formatted, e.g. "2 000,00 €" |
| `carried_in` | with `[reports] carry_over`, what earlier periods received beyond their needs, counted towards this one, e.g. "50,00 €"; empty otherwise |
| `coverage` | (received + carried in) ÷ needs as a percentage, as the report gives it, e.g. "62 %" |
| `report_url` | the latest transparency report |
| `lang` | the article's language: `fr` or `en` |

Flags (true or false), for sections:

| flag | true when |
| --- | --- |
| `has_title`, `has_article_url`, `has_licence`, `has_report`, `has_lang` | the value is not empty |
| `has_progress` | `period` and `received` are not empty |
| `has_needs`, `has_carried_in`, `has_coverage` | `needs` / `carried_in` / `coverage` are not empty |
| `markdown`, `html`, `text` | the article is of that kind: use them to write links and markup |
| `fr`, `en` | `lang` is that language |

"""#
}
