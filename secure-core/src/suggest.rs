//! "Did you mean ...?" for misspelled names, shared by the parsers and the macros.

/// The candidate closest to `written`, when it is close enough to be a likely typo:
/// at most two edits (a swap of neighbours counts as one), and fewer than half the letters.
pub fn closest<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let written = written.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let distance = strsim::osa_distance(&written, &candidate.to_ascii_lowercase());
            (distance, candidate)
        })
        .filter(|&(distance, candidate)| {
            distance > 0 && distance <= 2 && distance * 2 < candidate.len().max(written.len())
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_transpositions_and_rejects_far_names() {
        let names = ["img-src", "script-src", "self"];
        assert_eq!(closest("img-scr", names), Some("img-src"));
        assert_eq!(closest("slef", names), Some("self"));
        assert_eq!(closest("IMG-SCR", names), Some("img-src"));
        assert_eq!(closest("frobnicate", names), None);
        assert_eq!(closest("img-src", names), None);
    }
}
