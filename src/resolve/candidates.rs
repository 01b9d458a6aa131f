//! A toponym's gazetteer candidates, kept inline when few.
//!
//! Most names recognised in a news article have one to five places of that name (a town,
//! its county, a namesake abroad); a `Vec` per toponym costs an allocation and a free for
//! each. [`Candidates`] holds up to [`INLINE`] postings in place and spills to a `Vec`
//! beyond; it reads as a `&[Posting]`.

use std::ops::Deref;

use super::gazetteer::{NameKind, Posting};

/// How many postings are held without an allocation.
pub const INLINE: usize = 5;

/// (The filler of the unused inline slots: never read, as `len` bounds the slice.)
const FILLER: Posting = Posting { place: 0, name_kind: NameKind::Primary, squashed: false };

/// A toponym's candidate postings, most populous first (the gazetteer's order).
#[derive(Clone)]
pub enum Candidates {
    Inline { len: u8, items: [Posting; INLINE] },
    Spilled(Vec<Posting>),
}

impl Candidates {
    /// No candidate.
    pub const fn new() -> Candidates {
        Candidates::Inline { len: 0, items: [FILLER; INLINE] }
    }

    /// Keep only the candidates that pass `keep`, in their order.
    pub fn retain(&mut self, mut keep: impl FnMut(&Posting) -> bool) {
        match self {
            Candidates::Inline { len, items } => {
                let mut kept = 0;
                for i in 0..*len as usize {
                    if keep(&items[i]) {
                        items[kept] = items[i];
                        kept += 1;
                    }
                }
                *len = kept as u8;
            }
            Candidates::Spilled(v) => v.retain(|p| keep(p)),
        }
    }
}

impl Default for Candidates {
    fn default() -> Candidates {
        Candidates::new()
    }
}

impl Deref for Candidates {
    type Target = [Posting];

    fn deref(&self) -> &[Posting] {
        match self {
            Candidates::Inline { len, items } => &items[..*len as usize],
            Candidates::Spilled(v) => v,
        }
    }
}

impl From<&[Posting]> for Candidates {
    fn from(postings: &[Posting]) -> Candidates {
        if postings.len() > INLINE {
            return Candidates::Spilled(postings.to_vec());
        }
        let mut items = [FILLER; INLINE];
        items[..postings.len()].copy_from_slice(postings);
        Candidates::Inline { len: postings.len() as u8, items }
    }
}

impl From<Vec<Posting>> for Candidates {
    /// (A short list is copied in place, and its allocation freed: the toponym lives on.)
    fn from(postings: Vec<Posting>) -> Candidates {
        if postings.len() > INLINE {
            Candidates::Spilled(postings)
        } else {
            Candidates::from(postings.as_slice())
        }
    }
}

impl FromIterator<Posting> for Candidates {
    fn from_iter<I: IntoIterator<Item = Posting>>(iter: I) -> Candidates {
        let mut iter = iter.into_iter();
        let mut items = [FILLER; INLINE];
        for len in 0..INLINE {
            match iter.next() {
                Some(p) => items[len] = p,
                None => return Candidates::Inline { len: len as u8, items },
            }
        }
        match iter.next() {
            None => Candidates::Inline { len: INLINE as u8, items },
            Some(p) => {
                let mut v = Vec::with_capacity(INLINE + 1 + iter.size_hint().0);
                v.extend_from_slice(&items);
                v.push(p);
                v.extend(iter);
                Candidates::Spilled(v)
            }
        }
    }
}

impl PartialEq for Candidates {
    fn eq(&self, other: &Candidates) -> bool {
        **self == **other
    }
}

impl std::fmt::Debug for Candidates {
    /// (As the list's: a toponym prints as it did with a `Vec`.)
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn postings(n: u32) -> Vec<Posting> {
        (0..n).map(|place| Posting { place, name_kind: NameKind::Alternate, squashed: place % 2 == 0 }).collect()
    }

    #[test]
    fn holds_a_short_list_inline_and_a_long_one_spilled() {
        for n in [0, 1, INLINE as u32, INLINE as u32 + 1, 12] {
            let v = postings(n);
            for c in [Candidates::from(v.as_slice()), Candidates::from(v.clone()), v.iter().copied().collect()] {
                assert_eq!(&*c, v.as_slice());
                assert_eq!(matches!(c, Candidates::Spilled(_)), n as usize > INLINE);
            }
        }
    }

    #[test]
    fn retain_keeps_order_inline_and_spilled() {
        for n in [4, 9] {
            let mut c: Candidates = postings(n).into_iter().collect();
            c.retain(|p| p.place % 3 != 1);
            let want: Vec<Posting> = postings(n).into_iter().filter(|p| p.place % 3 != 1).collect();
            assert_eq!(&*c, want.as_slice());
        }
    }
}
