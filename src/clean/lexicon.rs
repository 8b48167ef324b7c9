//! Word lists: function words (for the jusText-style prose test) and the
//! generic vocabulary of page furniture. Nothing here names an outlet.

/// Function words of several languages. A prose line has many of them;
/// menus, teasers and headlines have few.
const STOPWORDS: &[&str] = &[
    // English
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "before", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
    "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "more", "most",
    "no", "not", "of", "on", "one", "or", "our", "out", "over", "said", "she", "so", "some",
    "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "up",
    "was", "we", "were", "what", "when", "which", "who", "will", "with", "would", "you", "your",
    "my", "me", "him", "us", "just", "very", "while", "where", "because",
    // Spanish / Portuguese / Italian / French
    "el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "por", "con", "para",
    "es", "se", "lo", "su", "al", "como", "más", "pero", "o", "do", "da", "dos", "das", "em", "um",
    "uma", "não", "os", "as", "e", "na", "no", "il", "di", "che", "per", "non", "è", "della", "le",
    "les", "des", "et", "est", "du", "pour", "qui", "dans", "pas", "sur", "au", "ne", "une",
    "sont", "ce", "il", "à", // German / Dutch
    "der", "die", "das", "und", "ist", "nicht", "mit", "den", "dem", "ein", "eine", "zu", "auf",
    "sich", "von", "het", "een", "van", "niet", "op", "zijn", "dat", // Russian
    "и", "в", "не", "на", "что", "с", "по", "как", "он", "она", "это", "из", "за", "к", "а", "но",
    "о", "от", "для", "же", "то", "так", "его", "бы", "у", "все",
];

/// Whether a lower-cased word is a function word.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.contains(&word)
}

/// Words and phrases of calls to action and page furniture. One hit in a
/// short line, or two anywhere, marks the line as boilerplate.
pub const CTA_STRONG: &[&str] = &[
    "subscribe",
    "subscribers only",
    "subscription",
    "newsletter",
    "newsletters",
    "sign up",
    "sign in",
    "signup",
    "log in",
    "login",
    "log out",
    "register",
    "cookie",
    "cookies",
    "javascript",
    "enable js",
    "ad blocker",
    "adblocker",
    "ad-blocker",
    "advertisement",
    "advertising",
    "sponsored",
    "privacy policy",
    "terms of use",
    "terms of service",
    "all rights reserved",
    "copyright",
    "opens new tab",
    "print edition",
    "appears in print",
    "opens in new window",
    "licensing rights",
    "reprints",
    "follow us",
    "download the app",
    "click here",
    "unsubscribe",
    "inbox",
    "signing up",
    "sign-up",
    "reading time",
    "tempo de leitura",
    "tempo di lettura",
    "tiempo de lectura",
    "donate",
    "donation",
    "support us",
    "become a member",
    "inscreva-se",
    "assine",
    "iscriviti",
    "abbonati",
    "suscríbete",
    "abonnieren",
    "подписаться",
    "подпишитесь",
];

/// Weaker furniture words: they count only in short lines.
pub const CTA_WEAK: &[&str] = &[
    "share",
    "tweet",
    "email",
    "e-mail",
    "print",
    "comments",
    "comment",
    "facebook",
    "twitter",
    "linkedin",
    "whatsapp",
    "pinterest",
    "reddit",
    "instagram",
    "youtube",
    "telegram",
    "copy link",
    "listen",
    "resize",
    "gift",
    "menu",
    "search",
    "home",
    "loading",
    "watch",
    "play",
    "read more",
    "know more",
    "see more",
    "show more",
    "view",
    "next",
    "previous",
    "back to top",
    "skip to",
    "min read",
    "feature",
];

/// Prefixes of inline links to other stories ("Read more: …").
pub const LINK_PREFIXES: &[&str] = &[
    "read more",
    "also read",
    "read also",
    "more:",
    "related:",
    "see also",
    "recommended:",
    "watch:",
    "listen:",
    "read next",
    "don't miss",
    "leia também",
    "leia mais",
    "veja também",
    "leggi anche",
    "lee también",
    "lire aussi",
    "читайте также",
];

/// Whole lines that mark the end of the story: what follows is teasers,
/// tags or comments.
pub const END_MARKERS: &[&str] = &[
    "related",
    "related articles",
    "related stories",
    "related content",
    "related news",
    "related posts",
    "more like this",
    "popular",
    "most popular",
    "most viewed",
    "most read",
    "trending",
    "trending now",
    "read next",
    "what to read next",
    "recommended",
    "recommended for you",
    "you may also like",
    "you might also like",
    "more stories",
    "more from",
    "more news",
    "explore more on these topics",
    "suggested topics:",
    "topics",
    "tags",
    "tags:",
    "comments",
    "leave a comment",
    "leave a reply",
    "share this article",
    "share this story",
    "share this:",
    "about the author",
    "explore further",
    "know more",
    "veja também",
    "leia também",
    "notícias relacionadas",
    "articoli correlati",
    "читайте также",
];

/// Labels of the page's source credit ("Source: …").
pub const SOURCE_LABELS: &[&str] = &["source", "sources", "fonte", "fuente", "quelle", "источник"];

/// Labels put before a photo credit.
pub const CREDIT_LABELS: &[&str] = &[
    "file",
    "photo",
    "photos",
    "photograph",
    "image",
    "images",
    "picture",
    "pictures",
    "credit",
    "credits",
    "photo credit",
    "image credit",
    "foto",
    "imagem",
    "fotografia",
    "фото",
    "illustration",
    "video",
];

/// Company suffixes dropped from an outlet's name in a copyright line.
pub const COMPANY_SUFFIXES: &[&str] = &[
    "ltd",
    "ltd.",
    "limited",
    "inc",
    "inc.",
    "llc",
    "plc",
    "gmbh",
    "s.a.",
    "sa",
    "co.",
    "corp.",
    "corporation",
    "ag",
    "s.p.a.",
    "ltda",
    "ltda.",
];

/// Markers of roles that are not authors in credit lines.
pub const NON_AUTHOR_ROLES: &[&str] = &[
    "editing",
    "edited",
    "editor",
    "photo",
    "photos",
    "photograph",
    "graphics",
    "illustration",
    "design",
    "video",
    "production",
    "produced",
];

/// Counts furniture vocabulary in a lower-cased line: (strong, weak) hits,
/// matched on word boundaries.
pub fn cta_hits(lower: &str) -> (usize, usize) {
    let strong = CTA_STRONG
        .iter()
        .filter(|w| contains_word(lower, w))
        .count();
    let weak = CTA_WEAK.iter().filter(|w| contains_word(lower, w)).count();
    (strong, weak)
}

/// `needle` occurs in `hay` with no letter or digit on either side.
pub fn contains_word(hay: &str, needle: &str) -> bool {
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(needle)) {
        let start = from + pos;
        let end = start + needle.len();
        let before_ok = hay[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after_ok = hay[end..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_boundaries() {
        assert!(contains_word("please subscribe now", "subscribe"));
        assert!(!contains_word("new subscribers joined", "subscribe"));
        assert!(contains_word("sign in", "sign in"));
        assert!(!contains_word("signing in", "sign in"));
        assert!(contains_word("ünd subscribe", "subscribe"));
    }
}
