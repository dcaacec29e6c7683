//! Remembering expensive pure functions of text (Markdown to HTML, a URL to a QR code) across
//! the pages of one build and across `serve`'s rebuilds. Keys are 128-bit hashes of the
//! inputs, so nothing can be looked up with the wrong inputs; values are only ever a function
//! of their key, so a remembered value can never be stale, only unused. Unused values are
//! dropped one generation later, which bounds the memory to two builds' worth. A
//! [`Memo::forgetful`] memo remembers nothing: for values a single build makes once each
//! (every task page's own QR code), which would otherwise all be held until it ends.

use siphasher::sip128::{Hasher128 as _, SipHasher13};
use std::collections::HashMap;
use std::hash::Hasher as _;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct Memo {
    generations: Mutex<Generations>,
    forgetful: bool,
}

#[derive(Default)]
struct Generations {
    current: HashMap<u128, Arc<str>>,
    previous: HashMap<u128, Arc<str>>,
}

impl Memo {
    /// A memo that makes every value anew and keeps none.
    pub fn forgetful() -> Self {
        Memo {
            forgetful: true,
            ..Memo::default()
        }
    }

    /// The value for `inputs`, made with `make` the first time.
    pub fn get_or_make(&self, inputs: &[&str], make: impl FnOnce() -> String) -> String {
        if self.forgetful {
            return make();
        }
        let key = hash_inputs(inputs);
        if let Ok(mut g) = self.generations.lock() {
            if let Some(value) = g.current.get(&key) {
                return value.to_string();
            }
            if let Some(value) = g.previous.remove(&key) {
                let text = value.to_string();
                g.current.insert(key, value);
                return text;
            }
        }
        // Made outside the lock, so that threads do not wait on each other's work; two
        // threads may make the same value once, which is harmless.
        let value = make();
        if let Ok(mut g) = self.generations.lock() {
            g.current.insert(key, Arc::from(value.as_str()));
        }
        value
    }

    /// Starts a new generation: values not used since the previous call are forgotten.
    pub fn next_generation(&self) {
        if let Ok(mut g) = self.generations.lock() {
            g.previous = std::mem::take(&mut g.current);
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.generations
            .lock()
            .map(|g| g.current.len() + g.previous.len())
            .unwrap_or(0)
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A 128-bit hash of a list of strings; the lengths are hashed too, so `["ab", "c"]` and
/// `["a", "bc"]` differ.
pub fn hash_inputs(inputs: &[&str]) -> u128 {
    let mut hasher = SipHasher13::new();
    for input in inputs {
        hasher.write_u64(input.len() as u64);
        hasher.write(input.as_bytes());
    }
    hasher.finish128().as_u128()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_made_once_and_dropped_when_unused_for_a_generation() {
        let memo = Memo::default();
        let mut made = 0;
        let get = |input: &str, made: &mut i32| {
            memo.get_or_make(&[input], || {
                *made += 1;
                input.to_uppercase()
            })
        };
        assert_eq!(get("a", &mut made), "A");
        assert_eq!(get("a", &mut made), "A");
        assert_eq!(made, 1);
        memo.next_generation();
        assert_eq!(get("a", &mut made), "A");
        assert_eq!(made, 1, "a value used in the last generation is kept");
        memo.next_generation();
        memo.next_generation();
        assert!(memo.is_empty());
        assert_ne!(hash_inputs(&["ab", "c"]), hash_inputs(&["a", "bc"]));
    }

    #[test]
    fn a_forgetful_memo_makes_every_value_and_keeps_none() {
        let memo = Memo::forgetful();
        let mut made = 0;
        for _ in 0..2 {
            let value = memo.get_or_make(&["a"], || {
                made += 1;
                "A".to_string()
            });
            assert_eq!(value, "A");
        }
        assert_eq!(made, 2);
        assert!(memo.is_empty());
    }
}
