//! Which offered language an `Accept-Language` header prefers (RFC 9110 §12.5.4, with
//! Fluent's negotiation: `de-AT` is answered in `de`).

use fluent_langneg::{LanguageIdentifier, NegotiationStrategy, negotiate_languages};

use super::Lang;

pub(super) fn negotiate(header: &str, offered: &[Lang], default: Lang) -> Lang {
    let requested = fluent_langneg::accepted_languages::parse(header);
    let available: Vec<LanguageIdentifier> = offered
        .iter()
        .filter_map(|l| l.as_str().parse().ok())
        .collect();
    let chosen = negotiate_languages(&requested, &available, None, NegotiationStrategy::Lookup);
    chosen
        .first()
        .and_then(|id| Lang::parse(id.language.as_str()))
        .filter(|l| offered.contains(l))
        .unwrap_or(default)
}
