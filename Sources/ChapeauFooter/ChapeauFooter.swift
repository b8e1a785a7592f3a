// ChapeauFooter — the presslib-style footer, as pure text → text functions.
//
// An author publishes texts that anyone may republish provided a support paragraph follows
// them. This module renders that paragraph from a Mustache template (`FooterTemplate`,
// `FooterContext`), stamps, checks and removes it in an article's text (`Footer`), reads what an
// article says about itself (`DocumentInfo`), and matches a republished copy against the expected
// paragraph (`Audit`). File kinds and their marker syntax are a data table (`FileKind`).
//
// Never: touches files, the network or the clock. Callers in ChapeauApp read the bytes, pass
// strings in, and write or send what comes back. Imports: Foundation value types and Mustache.
