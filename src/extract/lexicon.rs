//! The `[section]` word-list format shared by the lexicons in `data/lexicon/*.txt`:
//! one entry per line, `#` starts a comment, `[name]` opens a section.

/// Every entry of a word-list text with the section it stands in, in file order.
///
/// ```
/// use conflictmap::extract::lexicon::entries;
/// let text = "# words\n[within]\ncentral # a comment\n\n[other]\nx\n";
/// let all: Vec<_> = entries(text).collect();
/// assert_eq!(all, vec![("within", "central"), ("other", "x")]);
/// ```
pub fn entries(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut section = "";
    text.lines().filter_map(move |line| {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name;
            return None;
        }
        (!line.is_empty()).then_some((section, line))
    })
}
