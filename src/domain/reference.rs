//! The short reference staff read and say (`R-7A2F9C`): the last six hex digits of a
//! request's id (random bits in a UUIDv7), so it is derived, never stored apart from the id
//! (the database keeps the same digits in the generated, indexed column `short_ref`).
//! Two requests may share one; a search by reference lists each of them.

/// How many hex digits of the id the reference shows.
pub const DIGITS: usize = 6;

/// The six digits of `id`'s reference (upper case), as the `short_ref` column holds them.
pub fn digits(id: &str) -> String {
    let start = id.len().saturating_sub(DIGITS);
    id.get(start..).unwrap_or_default().to_ascii_uppercase()
}

/// `R-` and the digits: what the desk shows next to the id.
pub fn of(id: &str) -> String {
    format!("R-{}", digits(id))
}

/// The digits of a reference as someone types it (`R-7a2f9c`, `r 7A2F9C`, `7a2f9c`), or None
/// when it is not one.
pub fn parse(typed: &str) -> Option<String> {
    let t = typed.trim();
    let t = t
        .strip_prefix(['R', 'r'])
        .map(|rest| rest.trim_start_matches(['-', ' ']))
        .unwrap_or(t);
    (t.len() == DIGITS && t.bytes().all(|b| b.is_ascii_hexdigit())).then(|| t.to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_from_the_id_and_read_back() {
        let id = "019af3c2-7d41-7b1e-9c3a-5e8d2f7a2f9c";
        assert_eq!(of(id), "R-7A2F9C");
        assert_eq!(digits(id), "7A2F9C");
        for typed in ["R-7A2F9C", "r-7a2f9c", " R 7a2f9c ", "7a2f9c"] {
            assert_eq!(parse(typed).as_deref(), Some("7A2F9C"), "{typed}");
        }
        for not in [
            "",
            "R-",
            "R-7A2F9",
            "R-7A2F9CX",
            "ana@example.com",
            "R-7A2G9C",
        ] {
            assert_eq!(parse(not), None, "{not}");
        }
    }
}
