//! The averaged multiclass perceptron the syntax models share (part-of-speech tagger and
//! dependency parser): hashed sparse features in, one score per class out.
//!
//! Training keeps dense rows (weight, running total, last-update step per class) so
//! that averaging is exact and lazy (Collins 2002; Daumé's trick). The trained model
//! keeps, per feature, only the classes whose averaged weight is not negligible, as
//! sparse (class, weight) entries: averaged perceptron rows are mostly zeros, so this
//! cuts memory and file size several times and makes scoring cheaper, not dearer.
//!
//! Stored form (little-endian): u32 class count, f32 scale, u64 feature count, u64 entry
//! count; per feature its u64 hash and u16 entry count; then every entry as u16 class
//! and i16 weight (weight = i16 × scale), features sorted by hash.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use crate::tag::perceptron::IdentityHasher;

/// Mixes feature parts into one 64-bit key (splitmix64 finaliser on a running sum):
/// templates build features from precomputed string hashes without allocating.
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let mut z = a.rotate_left(29) ^ b.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The hash of a string feature part.
#[inline]
pub fn hash_str(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

type Index<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Weights being trained.
pub struct Trainer {
    width: usize,
    index: Index<u32>,
    weights: Vec<f32>,
    totals: Vec<f32>,
    stamps: Vec<u32>,
    /// Updates per feature row: rarely updated features are dropped when averaging.
    updates: Vec<u32>,
    /// Examples seen: the averaging clock.
    step: u32,
}

impl Trainer {
    pub fn new(width: usize) -> Trainer {
        Trainer { width, index: Index::default(), weights: Vec::new(), totals: Vec::new(), stamps: Vec::new(), updates: Vec::new(), step: 0 }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    /// Scores of every class under the current (not averaged) weights.
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let row = &self.weights[row as usize * self.width..][..self.width];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += w;
                }
            }
        }
    }

    /// Advances the averaging clock: call once per example, before its update.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// The perceptron update: `truth` up, `guess` down, on every feature.
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in feats {
            let next = self.index.len() as u32;
            let row = *self.index.entry(f).or_insert(next);
            if row == next {
                let n = self.weights.len() + self.width;
                self.weights.resize(n, 0.0);
                self.totals.resize(n, 0.0);
                self.stamps.resize(n, 0);
                self.updates.push(0);
            }
            self.updates[row as usize] += 1;
            let base = row as usize * self.width;
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0)] {
                let i = base + class;
                self.totals[i] += (self.step - self.stamps[i]) as f32 * self.weights[i];
                self.stamps[i] = self.step;
                self.weights[i] += delta;
            }
        }
    }

    /// The averaged weights of features updated at least `min_updates` times, keeping
    /// entries whose magnitude reaches `min_abs`.
    pub fn average(&self, min_abs: f32, min_updates: u32) -> SparseWeights {
        let steps = self.step.max(1) as f32;
        let mut features: Vec<(u64, u32)> = self.index.iter().map(|(&f, &r)| (f, r)).collect();
        features.sort_unstable();
        let mut rows = Vec::new();
        for (f, row) in features {
            if self.updates[row as usize] < min_updates {
                continue;
            }
            let mut entries = Vec::new();
            for class in 0..self.width {
                let i = row as usize * self.width + class;
                let total = self.totals[i] + (self.step - self.stamps[i]) as f32 * self.weights[i];
                let avg = total / steps;
                if avg.abs() >= min_abs && avg != 0.0 {
                    entries.push((class as u16, avg));
                }
            }
            if !entries.is_empty() {
                rows.push((f, entries));
            }
        }
        SparseWeights::quantise(self.width, rows)
    }

    pub fn feature_count(&self) -> usize {
        self.index.len()
    }
}

/// Trained, averaged weights: per feature a run of (class, weight) entries.
///
/// Laid out for lookups that miss the cache once, not three times: an open-addressing
/// table of u32 offsets (small enough to stay in L2) points into one packed array where
/// each feature's row is its 32-bit fingerprint, its length, then its entries, each
/// a u16 class and an i16 weight in one u32.
#[derive(Clone, Default)]
pub struct SparseWeights {
    width: usize,
    scale: f32,
    /// Feature hashes in row order (for writing the model back out).
    keys: Vec<u64>,
    data: Vec<u32>,
    /// Row offset + 1 into `data`; 0 = empty slot.
    slots: Vec<u32>,
    mask: usize,
    entries: usize,
}

impl SparseWeights {
    /// Builds the table from features (sorted by hash) and their quantised entries.
    fn build(width: usize, scale: f32, rows: Vec<(u64, Vec<(u16, i16)>)>) -> SparseWeights {
        let n_slots = (rows.len() * 2).next_power_of_two().max(16);
        let mut out = SparseWeights { width, scale, keys: Vec::with_capacity(rows.len()), data: Vec::new(), slots: vec![0; n_slots], mask: n_slots - 1, entries: 0 };
        for (key, entries) in rows {
            let offset = out.data.len() as u32;
            out.data.push((key >> 32) as u32);
            out.data.push(entries.len() as u32);
            for (class, w) in &entries {
                out.data.push((u32::from(*class) << 16) | u32::from(*w as u16));
            }
            out.entries += entries.len();
            out.keys.push(key);
            let mut slot = key as usize & out.mask;
            while out.slots[slot] != 0 {
                slot = (slot + 1) & out.mask;
            }
            out.slots[slot] = offset + 1;
        }
        out
    }

    /// Quantises (class, weight) rows to i16 with one scale for the table.
    fn quantise(width: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> SparseWeights {
        let max = rows.iter().flat_map(|(_, e)| e.iter()).fold(0f32, |m, (_, w)| m.max(w.abs()));
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        let rows = rows
            .into_iter()
            .map(|(k, e)| (k, e.into_iter().map(|(c, w)| (c, (w / scale).round() as i16)).filter(|(_, w)| *w != 0).collect::<Vec<_>>()))
            .filter(|(_, e)| !e.is_empty())
            .collect();
        SparseWeights::build(width, scale, rows)
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn feature_count(&self) -> usize {
        self.keys.len()
    }

    pub fn entry_count(&self) -> usize {
        self.entries
    }

    /// The row of feature `f`: its packed entries.
    #[inline]
    fn row(&self, f: u64) -> Option<&[u32]> {
        if self.slots.is_empty() {
            return None;
        }
        let fingerprint = (f >> 32) as u32;
        let mut slot = f as usize & self.mask;
        loop {
            let at = self.slots[slot];
            if at == 0 {
                return None;
            }
            let at = at as usize - 1;
            if self.data[at] == fingerprint {
                let len = self.data[at + 1] as usize;
                return Some(&self.data[at + 2..at + 2 + len]);
            }
            slot = (slot + 1) & self.mask;
        }
    }

    /// Scores of every class: `out` is overwritten.
    ///
    /// Lookups are memory-bound, so they run in phases that keep many loads in flight:
    /// prefetch every feature's slot, then every row, then add the rows up.
    #[inline]
    pub fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.fill(0.0);
        if self.slots.is_empty() {
            return;
        }
        for &f in feats {
            prefetch(&self.slots[f as usize & self.mask]);
        }
        let mut first = [0u32; 128];
        for (k, &f) in feats.iter().enumerate().take(first.len()) {
            let at = self.slots[f as usize & self.mask];
            first[k] = at;
            if at != 0 {
                prefetch(&self.data[at as usize - 1]);
            }
        }
        for (k, &f) in feats.iter().enumerate() {
            let row = if k < first.len() && first[k] != 0 && self.data[first[k] as usize - 1] == (f >> 32) as u32 {
                let at = first[k] as usize - 1;
                Some(&self.data[at + 2..at + 2 + self.data[at + 1] as usize])
            } else if k < first.len() && first[k] == 0 {
                None
            } else {
                self.row(f)
            };
            if let Some(row) = row {
                for &e in row {
                    if let Some(o) = out.get_mut((e >> 16) as usize) {
                        *o += (e as u16 as i16) as f32;
                    }
                }
            }
        }
        for o in out.iter_mut() {
            *o *= self.scale;
        }
    }

    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.width as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(self.keys.len() as u64).to_le_bytes());
        out.extend_from_slice(&(self.entries as u64).to_le_bytes());
        let rows: Vec<&[u32]> = self.keys.iter().map(|&k| self.row(k).unwrap_or(&[])).collect();
        for (k, row) in self.keys.iter().zip(&rows) {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&(row.len() as u16).to_le_bytes());
        }
        for row in rows {
            for &e in row {
                out.extend_from_slice(&((e >> 16) as u16).to_le_bytes());
                out.extend_from_slice(&(e as u16 as i16).to_le_bytes());
            }
        }
    }

    /// Reads what [`SparseWeights::write`] wrote, starting at `*at`; advances `*at`.
    pub fn read(bytes: &[u8], at: &mut usize) -> Result<SparseWeights, String> {
        let mut take = |n: usize| -> Result<&[u8], String> {
            let s = bytes.get(*at..*at + n).ok_or("truncated model file")?;
            *at += n;
            Ok(s)
        };
        let width = u32::from_le_bytes(take(4)?.try_into().map_err(|_| "bad width")?) as usize;
        let scale = f32::from_le_bytes(take(4)?.try_into().map_err(|_| "bad scale")?);
        let n_features = u64::from_le_bytes(take(8)?.try_into().map_err(|_| "bad count")?) as usize;
        let n_entries = u64::from_le_bytes(take(8)?.try_into().map_err(|_| "bad count")?) as usize;
        let heads = take(n_features.checked_mul(10).ok_or("bad count")?)?;
        let mut lens = Vec::with_capacity(n_features);
        for rec in heads.chunks_exact(10) {
            lens.push((u64::from_le_bytes(rec[..8].try_into().map_err(|_| "bad record")?), u16::from_le_bytes([rec[8], rec[9]]) as usize));
        }
        if lens.iter().map(|(_, n)| n).sum::<usize>() != n_entries {
            return Err("entry count does not match the feature table".into());
        }
        let body = take(n_entries.checked_mul(4).ok_or("bad count")?)?;
        let mut records = body.chunks_exact(4);
        let mut rows = Vec::with_capacity(n_features);
        for (key, len) in lens {
            let mut entries = Vec::with_capacity(len);
            for rec in records.by_ref().take(len) {
                let class = u16::from_le_bytes([rec[0], rec[1]]);
                if class as usize >= width {
                    return Err(format!("class {class} out of range {width}"));
                }
                entries.push((class, i16::from_le_bytes([rec[2], rec[3]])));
            }
            rows.push((key, entries));
        }
        Ok(SparseWeights::build(width, scale, rows))
    }
}

/// Asks the CPU to start loading `x` into cache (no effect where unsupported).
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults and reads nothing into Rust values.
    unsafe {
        std::arch::x86_64::_mm_prefetch(x as *const T as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// The index of the highest score among `allowed` classes (first on ties).
#[inline]
pub fn argmax_where(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, &s) in scores.iter().enumerate() {
        if allowed(i) && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

/// Reads a length-prefixed JSON header written by [`write_header`].
pub fn read_header<T: serde::de::DeserializeOwned>(bytes: &[u8], magic: &[u8; 8], at: &mut usize) -> Result<T, String> {
    if bytes.get(..8) != Some(&magic[..]) {
        return Err(format!("not a {} model file", String::from_utf8_lossy(magic)));
    }
    let len = bytes.get(8..12).ok_or("truncated model file")?;
    let len = u32::from_le_bytes(len.try_into().map_err(|_| "bad header")?) as usize;
    let json = bytes.get(12..12 + len).ok_or("truncated model file")?;
    *at = 12 + len;
    serde_json::from_slice(json).map_err(|e| format!("model header: {e}"))
}

/// Magic, then the header as length-prefixed JSON.
pub fn write_header<T: serde::Serialize>(magic: &[u8; 8], header: &T, out: &mut Vec<u8>) {
    out.extend_from_slice(magic);
    let json = serde_json::to_vec(header).unwrap_or_default();
    out.extend_from_slice(&(json.len() as u32).to_le_bytes());
    out.extend_from_slice(&json);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        // Class = which of three "words" is present.
        let data: Vec<(Vec<u64>, usize)> = (0..60).map(|i| (vec![hash_str("bias"), hash_str(&format!("w{}", i % 3))], i % 3)).collect();
        let mut t = Trainer::new(3);
        let mut scores = [0.0; 3];
        for _ in 0..5 {
            for (feats, gold) in &data {
                t.tick();
                t.scores(feats, &mut scores);
                let guess = argmax_where(&scores, |_| true).unwrap();
                t.update(feats, *gold, guess);
            }
        }
        let w = t.average(0.0, 1);
        let mut bytes = Vec::new();
        w.write(&mut bytes);
        let mut at = 0;
        let back = SparseWeights::read(&bytes, &mut at).unwrap();
        assert_eq!(at, bytes.len());
        for (feats, gold) in &data {
            back.scores(feats, &mut scores);
            assert_eq!(argmax_where(&scores, |_| true), Some(*gold));
        }
        assert!(SparseWeights::read(&bytes[..bytes.len() - 1], &mut 0).is_err());
    }
}
