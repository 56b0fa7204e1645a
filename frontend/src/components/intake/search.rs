//! Type-to-search over short lists (categories, districts, villages): what the operator types is
//! matched against names in both languages and codes, best match first.

/// One thing that can be chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// What is stored when it is chosen (a category code, a kode wilayah).
    pub value: String,
    /// What the operator reads.
    pub label: String,
    /// Read beside the label, muted: a code, a quick key, the district of a village.
    pub hint: String,
    /// Everything the choice is found by, folded (see [`fold`]).
    pub words: String,
}

impl Choice {
    pub fn new(value: String, label: String, hint: String, also: &str) -> Self {
        let words = fold(&format!("{label} {also} {value}"));
        Self { value, label, hint, words }
    }
}

/// Lower case, with every run of spaces and ASCII punctuation made one space, so that "Penajam/Paser"
/// and "penajam paser" read alike. ASCII only: region and category names are, and Unicode's case
/// and letter tables would add tens of kilobytes to the wasm.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        if !c.is_ascii() || c.is_ascii_alphanumeric() {
            folded.push(c.to_ascii_lowercase());
        } else if !folded.ends_with(' ') {
            folded.push(' ');
        }
    }
    folded.trim().to_owned()
}

/// The indices of the choices that match `query`, best first, at most `limit`; every choice (up to
/// `limit`) for an empty query. A choice matches when each word typed begins a word of it; exact
/// names and codes come first, then names that begin with what was typed, then the rest in list order.
pub fn matches(choices: &[Choice], query: &str, limit: usize) -> Vec<usize> {
    let query = fold(query);
    let typed: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
    let ranks: Vec<Option<u8>> = choices
        .iter()
        .map(|choice| {
            let hit = typed.iter().all(|t| choice.words.split(' ').any(|w| w.starts_with(t)));
            let label = fold(&choice.label);
            hit.then(|| match () {
                _ if label == query || fold(&choice.value) == query => 0,
                _ if label.starts_with(&query) => 1,
                _ => 2,
            })
        })
        .collect();
    // Rank by rank, each in the list's own order (most urgent category, code order of regions); no
    // sort, whose code the wasm would have to carry.
    (0..3u8)
        .flat_map(|rank| ranks.iter().enumerate().filter(move |(_, r)| **r == Some(rank)).map(|(i, _)| i))
        .take(limit)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices() -> Vec<Choice> {
        vec![
            Choice::new("FIRE".into(), "Kebakaran".into(), "K".into(), "Fire"),
            Choice::new("FLOOD".into(), "Banjir".into(), "B".into(), "Flood"),
            Choice::new("TRAFFIC".into(), "Kecelakaan lalu lintas".into(), "L".into(), "Traffic accident"),
            Choice::new("PRANK".into(), "Panggilan iseng".into(), "1".into(), "Prank call"),
        ]
    }

    fn labels(query: &str) -> Vec<String> {
        let all = choices();
        matches(&all, query, 8).into_iter().map(|i| all[i].label.clone()).collect()
    }

    #[test]
    fn a_category_is_found_by_either_name_or_its_code() {
        assert_eq!(labels("keba"), ["Kebakaran"]);
        assert_eq!(labels("fire"), ["Kebakaran"]);
        assert_eq!(labels("FLO"), ["Banjir"]);
        assert_eq!(labels("iseng"), ["Panggilan iseng"]);
        assert_eq!(labels("lalu lin"), ["Kecelakaan lalu lintas"]);
        assert!(labels("gempa").is_empty());
    }

    #[test]
    fn names_that_begin_with_what_was_typed_come_before_words_inside_names() {
        let all = vec![
            Choice::new("64.09.01.2001".into(), "Sotek".into(), "Penajam".into(), ""),
            Choice::new("64.09.02.2001".into(), "Waru".into(), "Waru".into(), ""),
            Choice::new("64.09.01.2002".into(), "Bukit Subur".into(), "Penajam".into(), ""),
            Choice::new("64.09.01.2003".into(), "Sub".into(), "Penajam".into(), ""),
        ];
        let found: Vec<&str> = matches(&all, "sub", 8).into_iter().map(|i| all[i].label.as_str()).collect();
        assert_eq!(found, ["Sub", "Bukit Subur"], "the exact name first");
        let found: Vec<&str> = matches(&all, "bukit", 8).into_iter().map(|i| all[i].label.as_str()).collect();
        assert_eq!(found, ["Bukit Subur"]);
    }

    #[test]
    fn an_empty_query_lists_the_first_choices_in_order() {
        assert_eq!(matches(&choices(), "  ", 2), [0, 1]);
    }

    #[test]
    fn punctuation_and_case_do_not_matter() {
        assert_eq!(fold("  Penajam/Paser  Utara!"), "penajam paser utara");
        assert_eq!(labels("KECELAKAAN-lalu"), ["Kecelakaan lalu lintas"]);
    }
}
