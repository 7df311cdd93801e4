//! Ids interned to the dense indices the facts use ([`Dict`]).

use super::NONE;

/// Interns ids to dense indices (and back).
///
/// Each id is kept once, end to end in one string, and found through an open-addressing table
/// of indices: at 100k projects and 60k companies this is ~50 bytes an id where a `Vec<String>`
/// beside a `HashMap<String, u32>` took ~160 (issue 14: the app's memory).
#[derive(Default, Clone)]
pub struct Dict {
    /// Every id, end to end, in index order.
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<u32>,
    /// Indices by hash (NONE: empty); a power of two, at least twice the ids.
    slots: Vec<u32>,
}

/// A fast, well-mixed hash of an id (uuid text: the leading characters of ids made close in
/// time are alike, so every byte is mixed in).
fn id_hash(s: &str) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = s.len() as u64;
    let mut words = s.as_bytes().chunks_exact(8);
    for w in &mut words {
        h = (h.rotate_left(23) ^ u64::from_le_bytes(w.try_into().expect("8 bytes")))
            .wrapping_mul(K);
    }
    let mut last = [0u8; 8];
    let rest = words.remainder();
    last[..rest.len()].copy_from_slice(rest);
    h = (h.rotate_left(23) ^ u64::from_le_bytes(last)).wrapping_mul(K);
    h ^ (h >> 29)
}

impl Dict {
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The heap it holds, in bytes (its capacities).
    pub fn heap_bytes(&self) -> usize {
        self.text.capacity() + (self.ends.capacity() + self.slots.capacity()) * 4
    }

    /// Every id, in index order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|i| self.id(i).expect("in range"))
    }

    /// The slot holding `id`, or the empty slot where it would go.
    fn slot(&self, id: &str) -> usize {
        let mask = self.slots.len() - 1;
        let mut at = id_hash(id) as usize & mask;
        loop {
            let i = self.slots[at];
            if i == NONE || self.id(i) == Some(id) {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    pub fn get(&self, id: &str) -> u32 {
        if self.slots.is_empty() {
            return NONE;
        }
        self.slots[self.slot(id)]
    }

    pub(crate) fn intern(&mut self, id: Option<String>) -> u32 {
        let Some(id) = id else { return NONE };
        if (self.ends.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let at = self.slot(&id);
        if self.slots[at] != NONE {
            return self.slots[at];
        }
        let i = self.ends.len() as u32;
        self.text.push_str(&id);
        self.ends.push(self.text.len() as u32);
        self.slots[at] = i;
        i
    }

    /// Doubles the table and puts every index back.
    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(16);
        self.slots = vec![NONE; n];
        for i in 0..self.ends.len() as u32 {
            let id = self.id(i).expect("in range");
            let mut at = id_hash(id) as usize & (n - 1);
            while self.slots[at] != NONE {
                at = (at + 1) & (n - 1);
            }
            self.slots[at] = i;
        }
    }

    pub fn id(&self, i: u32) -> Option<&str> {
        let end = *self.ends.get(i as usize)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i as usize - 1] as usize,
        };
        Some(&self.text[start..end])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dict_finds_every_id_it_interned_and_no_other() {
        let mut d = Dict::default();
        assert_eq!(d.get("x"), NONE);
        assert_eq!(d.intern(None), NONE);
        // Enough ids to grow the table several times; uuid-like, alike in their first half.
        let ids: Vec<String> = (0..5000)
            .map(|i| format!("01a24b08-aa1c-7550-877e-{i:012x}"))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(d.intern(Some(id.clone())), i as u32);
        }
        assert_eq!(d.intern(Some(ids[42].clone())), 42, "interned once");
        assert_eq!(d.intern(Some(String::new())), 5000, "the empty id is an id");
        assert_eq!(d.len(), 5001);
        let copy = d.clone();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(copy.get(id), i as u32);
            assert_eq!(copy.id(i as u32), Some(id.as_str()));
        }
        assert_eq!(copy.get(""), 5000);
        assert_eq!(copy.get("01a24b08-aa1c-7550-877e-00000000138"), NONE);
        assert_eq!(copy.id(5001), None);
        assert!(copy.iter().take(5000).eq(ids.iter().map(String::as_str)));
    }
}
