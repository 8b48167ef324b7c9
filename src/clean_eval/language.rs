//! The page's language, guessed from function-word shares: the most
//! frequent short words of each language are data, grouped by language.

/// Function words that are common in one language and rare in the others
/// (words shared by several languages, such as "de", count for each).
pub(crate) const FUNCTION_WORDS: &[(&str, &[&str])] = &[
    ("en", &["the", "and", "of", "to", "is", "that", "with", "for", "was", "he", "it", "on", "are", "this", "have"]),
    ("pt", &["de", "que", "não", "uma", "os", "em", "do", "da", "para", "com", "como", "mais", "seu", "são", "ao"]),
    ("es", &["el", "los", "que", "del", "las", "por", "una", "con", "para", "es", "se", "como", "pero", "más", "su"]),
    ("fr", &["le", "les", "des", "et", "est", "une", "du", "pour", "qui", "dans", "pas", "sur", "au", "ne", "sont"]),
    (
        "de",
        &["der", "die", "und", "ist", "nicht", "mit", "den", "dem", "ein", "eine", "zu", "auf", "sich", "von", "das"],
    ),
    (
        "it",
        &["il", "di", "che", "per", "non", "è", "della", "gli", "con", "una", "sono", "nel", "alla", "anche", "più"],
    ),
    (
        "nl",
        &["het", "een", "van", "niet", "op", "zijn", "dat", "en", "de", "voor", "met", "ook", "maar", "bij", "wordt"],
    ),
    ("ru", &["и", "в", "не", "на", "что", "с", "по", "как", "он", "она", "это", "из", "за", "для", "но"]),
];

/// A language code (`en`, `pt`, …, `ja`, `zh`, `ko`), or `?` when the text
/// gives too little to tell.
pub(crate) fn guess(text: &str) -> &'static str {
    let (mut kana, mut han, mut hangul, mut letters) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF => han += 1,
            0xAC00..=0xD7AF => hangul += 1,
            _ if c.is_alphabetic() => letters += 1,
            _ => {}
        }
    }
    let unspaced = kana + han + hangul;
    if unspaced > letters {
        return if hangul * 2 > unspaced {
            "ko"
        } else if kana * 10 > unspaced {
            "ja"
        } else {
            "zh"
        };
    }
    let mut counts = vec![0usize; FUNCTION_WORDS.len()];
    let mut words = 0usize;
    for w in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        words += 1;
        if w.len() > 8 {
            continue;
        }
        let lower = w.to_lowercase();
        for (k, (_, list)) in FUNCTION_WORDS.iter().enumerate() {
            counts[k] += usize::from(list.contains(&lower.as_str()));
        }
    }
    // The first language with the most hits wins ties: the order is fixed.
    let (best, hits) = counts.iter().enumerate().fold((0, 0), |b, (k, &c)| if c > b.1 { (k, c) } else { b });
    if words < 20 || hits * 20 < words {
        return "?";
    }
    FUNCTION_WORDS[best].0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        let en = "The mayor said that the plan was approved on Monday and it is expected to start in the spring.";
        assert_eq!(guess(&en.repeat(2)), "en");
        let pt = "O prefeito disse que o plano não foi aprovado e que uma nova proposta será feita para os moradores da cidade em breve.";
        assert_eq!(guess(&pt.repeat(2)), "pt");
        let ru = "Мэр сказал, что план не был одобрен, и что новая версия будет готова для жителей города на этой неделе и по плану.";
        assert_eq!(guess(&ru.repeat(2)), "ru");
        assert_eq!(guess("東京で新しい計画が発表されました。これは市民のためのものです。"), "ja");
        assert_eq!(guess("short"), "?");
    }
}
