//! The story model: a logistic score per block (story or not) from its
//! features, and a decoder over the whole page (Viterbi over before /
//! story / gap / after) so that no single line ends a story: a line that
//! looks like furniture inside the story is a gap, and the story goes on
//! after it when prose follows. The parameters are fitted by
//! `cargo run --release --example fit_cleaner` (see `params.rs`).

use super::features::{Features, N};

// A bit per feature in `top_signals`.
const _: () = assert!(N <= 64);

/// The fitted parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    pub bias: f32,
    pub weights: [f32; N],
    /// Cost of each line inside the story that is not story (a gap):
    /// the price of keeping the story open across furniture.
    pub gap_cost: f32,
    /// The headline scorer's weights (`headline`).
    pub title: super::headline::TitleParams,
}

/// Where a line sits in the page's story.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum State {
    Before,
    Story,
    Gap,
    After,
}

impl State {
    pub(crate) fn name(self) -> &'static str {
        match self {
            State::Before => "before",
            State::Story => "story",
            State::Gap => "gap",
            State::After => "after",
        }
    }
}

/// The block's story score (log-odds).
pub(crate) fn logit(p: &Params, f: &Features) -> f32 {
    p.bias + p.weights.iter().zip(f).map(|(w, x)| w * x).sum::<f32>()
}

/// log σ(z) and log σ(−z), computed stably. Both are made of the same
/// ln(1 + e^−|z|), computed once here as each alone would compute it.
fn log_sigmoids(z: f32) -> (f32, f32) {
    if z >= 0.0 {
        let l = (-z).exp().ln_1p();
        (-l, -z - l)
    } else {
        let l = z.exp().ln_1p();
        (z - l, -l)
    }
}

/// The most likely states: Before* (Story (Story | Gap)*)? After*. A page
/// with any line more likely story than not gets a story: no single line
/// (an "Advertisement", a "Related" marker) can end it early or empty it. Story lines earn log σ(z), the others log σ(-z);
/// each gap line costs `gap_cost` more.
pub(crate) fn decode(p: &Params, logits: &[f32]) -> Vec<State> {
    let n = logits.len();
    // Scores of the best path ending in each state; ties go to the earlier
    // state in this order, so the result is deterministic.
    const B: usize = 0;
    const S: usize = 1;
    const G: usize = 2;
    const A: usize = 3;
    let neg = f32::NEG_INFINITY;
    // Paths enter the page from Before at no cost, so the first line is
    // before or story.
    let mut score = [0.0, neg, neg, neg];
    let mut back: Vec<[u8; 4]> = vec![[0; 4]; n];
    for (i, &z) in logits.iter().enumerate() {
        let (yes, no) = log_sigmoids(z);
        let mut next = [neg; 4];
        let best = |from: &[usize]| {
            from.iter().fold((neg, 0u8), |(bs, bf), &f| if score[f] > bs { (score[f], f as u8) } else { (bs, bf) })
        };
        let moves: [(usize, &[usize], f32); 4] =
            [(B, &[B], no), (S, &[B, S, G], yes), (G, &[S, G], no - p.gap_cost), (A, &[S, G, A], no)];
        for (to, from, gain) in moves {
            let (s, f) = best(from);
            next[to] = s + gain;
            back[i][to] = f;
        }
        score = next;
    }
    // End in story or after (a trailing gap is the same as after), or
    // before: no story at all, which wins only when no line is more likely
    // story than not (a page of menus and prompts is empty, and the build
    // says so; a page with one line of prose is not).
    let mut state = [S, A, B].into_iter().fold(S, |best, s| if score[s] > score[best] { s } else { best });
    let mut out = vec![State::Before; n];
    for i in (0..n).rev() {
        out[i] = [State::Before, State::Story, State::Gap, State::After][state];
        state = usize::from(back[i][state]);
    }
    out
}

/// The signals that weighed most on a block's score, strongest first, as
/// (contribution, feature index); `usize::MAX` marks an unused slot.
pub(crate) fn top_signals(p: &Params, f: &Features) -> [(f32, usize); 3] {
    // One pass keeps the three largest in order; on equal size the earlier
    // feature stays first.
    let mut top = [(0.0f32, usize::MAX); 3];
    // Most terms are too small to show: they are skipped before the
    // search, found for all terms at once (a loop without branches) and
    // then read as bits.
    let term = |i: usize| p.weights[i] * f[i];
    // Not `< 0.05`: a NaN term is shown, as a NaN was never skipped.
    let shown: [bool; N] = std::array::from_fn(|i| term(i).abs() >= 0.05 || term(i).is_nan());
    let mut rest = shown.iter().enumerate().fold(0u64, |m, (i, &s)| m | u64::from(s) << i);
    while rest != 0 {
        let i = rest.trailing_zeros() as usize;
        rest &= rest - 1;
        let c = term(i);
        if let Some(at) = top.iter().position(|t| t.1 == usize::MAX || c.abs() > t.0.abs()) {
            // Shifted by hand: `copy_within` is a call to memmove.
            if at < 2 {
                top[2] = top[1];
            }
            if at == 0 {
                top[1] = top[0];
            }
            top[at] = (c, i);
        }
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(gap_cost: f32) -> Params {
        let title = super::super::headline::TitleParams { bias: 0.0, weights: [0.0; super::super::headline::TN] };
        Params { bias: 0.0, weights: [0.0; N], gap_cost, title }
    }

    /// The one-pass pick agrees with sorting every term by size (ties to
    /// the earlier feature), tiny terms left out.
    #[test]
    fn top_signals_are_the_largest_terms() {
        let mut p = params(0.5);
        let mut seed = 7u64;
        for round in 0..200 {
            let mut f = [0f32; N];
            for a in 0..N {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                // Few distinct values, so that ties occur.
                let v = ((seed >> 33) % 7) as f32 / 4.0 - 0.75;
                p.weights[a] = if round % 2 == 0 { v } else { 1.0 };
                f[a] = if (seed >> 20) % 3 == 0 { 0.0 } else { 0.5 };
            }
            let mut terms: Vec<(f32, usize)> =
                (0..N).map(|a| (p.weights[a] * f[a], a)).filter(|(c, _)| c.abs() >= 0.05).collect();
            terms.sort_by(|x, y| y.0.abs().total_cmp(&x.0.abs()).then(x.1.cmp(&y.1)));
            let mut want = [(0.0, usize::MAX); 3];
            for (slot, t) in want.iter_mut().zip(&terms) {
                *slot = *t;
            }
            assert_eq!(top_signals(&p, &f), want, "round {round}");
        }
    }

    #[test]
    fn one_furniture_line_does_not_end_the_story() {
        let z = [-3.0, 4.0, 4.0, -2.0, 4.0, 4.0, -3.0, -3.0];
        let s = decode(&params(0.5), &z);
        use State::*;
        assert_eq!(s, vec![Before, Story, Story, Gap, Story, Story, After, After]);
    }

    #[test]
    fn a_far_teaser_stays_out() {
        let mut z = vec![-3.0, 4.0, 4.0];
        z.extend([-3.0; 20]);
        z.push(1.0);
        let s = decode(&params(0.5), &z);
        assert_eq!(s.last(), Some(&State::After));
    }

    #[test]
    fn a_line_of_prose_is_a_story_and_furniture_alone_is_none() {
        let s = decode(&params(0.5), &[-5.0, 0.5, -5.0]);
        assert_eq!(s, vec![State::Before, State::Story, State::After]);
        let s = decode(&params(0.5), &[-5.0, -1.0, -5.0]);
        assert!(!s.contains(&State::Story), "{s:?}");
    }
}
