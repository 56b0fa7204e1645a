//! Durations counted in log-spaced buckets, so that a day's median and 90th percentile can be added
//! up over any range without keeping every duration.
//!
//! A bucket spans a factor of 2^(1/8) (about 9%): bucket 0 holds durations under a second, bucket
//! `b >= 1` those from 2^((b-1)/8) up to 2^(b/8) seconds. A percentile is read as the geometric middle
//! of the bucket it falls in, rounded to whole seconds, so it is within 2^(1/16) - 1 = 4.4% of the
//! exact percentile of the same durations, plus half a second of rounding (exact below 12 seconds,
//! where a bucket holds one whole second). The tests below check that bound against exact percentiles.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Buckets per doubling.
const PER_DOUBLING: f64 = 8.0;

/// How far a percentile read from a histogram may be from the exact one, as a share of the exact one
/// (plus half a second of rounding).
pub const RELATIVE_ERROR: f64 = 0.0443;

/// Counts per bucket; counts may be taken away again (a change that moves an incident out of a cell).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Histogram(BTreeMap<u16, i64>);

impl Histogram {
    pub fn of(durations: impl IntoIterator<Item = i64>) -> Self {
        let mut histogram = Self::default();
        for seconds in durations {
            histogram.record(seconds);
        }
        histogram
    }

    /// Counts one duration in seconds (a negative one, from a clock set back, as zero).
    pub fn record(&mut self, seconds: i64) {
        *self.0.entry(bucket(seconds)).or_default() += 1;
    }

    /// Adds `sign` times `other` (1 to add, -1 to take away), dropping buckets that come to zero.
    pub fn add(&mut self, other: &Histogram, sign: i64) {
        for (bucket, count) in &other.0 {
            let entry = self.0.entry(*bucket).or_default();
            *entry += sign * count;
            if *entry == 0 {
                self.0.remove(bucket);
            }
        }
    }

    pub fn count(&self) -> i64 {
        self.0.values().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `p`-th percentile (0 < p <= 1) by nearest rank, in whole seconds; None when empty.
    pub fn percentile(&self, p: f64) -> Option<i64> {
        let total = self.count();
        if total <= 0 {
            return None;
        }
        let rank = ((p * total as f64).ceil() as i64).clamp(1, total);
        let mut seen = 0;
        for (bucket, count) in &self.0 {
            seen += count;
            if seen >= rank {
                return Some(middle(*bucket));
            }
        }
        self.0.keys().next_back().map(|b| middle(*b))
    }

    /// The average, each duration read as its bucket's middle (so within the same bound as a
    /// percentile): what Erlang C takes as the handling time. None when empty.
    pub fn mean(&self) -> Option<f64> {
        let total = self.count();
        (total > 0).then(|| {
            self.0.iter().map(|(bucket, count)| middle(*bucket) as f64 * *count as f64).sum::<f64>() / total as f64
        })
    }
}

fn bucket(seconds: i64) -> u16 {
    if seconds < 1 {
        return 0;
    }
    // 2^(b/8) for b up to u16::MAX is far beyond any duration a timestamp can hold.
    1 + (PER_DOUBLING * (seconds as f64).log2()).floor() as u16
}

/// The geometric middle of a bucket, rounded to whole seconds and kept inside the bucket's whole seconds.
fn middle(bucket: u16) -> i64 {
    if bucket == 0 {
        return 0;
    }
    let low = 2f64.powf(f64::from(bucket - 1) / PER_DOUBLING);
    let high = 2f64.powf(f64::from(bucket) / PER_DOUBLING);
    let middle = (low * high).sqrt().round() as i64;
    middle.clamp(low.ceil() as i64, (high.ceil() as i64 - 1).max(low.ceil() as i64))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn the_mean_is_read_within_the_percentiles_bound() {
        let durations = [30, 45, 60, 90, 240];
        let exact = durations.iter().sum::<i64>() as f64 / durations.len() as f64;
        let mean = Histogram::of(durations).mean().unwrap();
        assert!((mean - exact).abs() <= exact * RELATIVE_ERROR + 0.5, "{mean} vs {exact}");
        assert_eq!(Histogram::default().mean(), None);
    }

    fn exact(durations: &[i64], p: f64) -> i64 {
        let mut sorted = durations.to_vec();
        sorted.sort_unstable();
        let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
        sorted[rank - 1]
    }

    fn within_bound(estimate: i64, exact: i64) -> bool {
        let error = (estimate - exact).abs() as f64;
        error <= RELATIVE_ERROR * exact as f64 + 0.5
    }

    #[test]
    fn small_durations_are_counted_to_the_second() {
        for seconds in 0..12 {
            assert_eq!(Histogram::of([seconds]).percentile(0.5), Some(seconds), "{seconds} s");
        }
    }

    #[test]
    fn a_median_and_90th_percentile_of_known_durations() {
        // Ten acknowledgements: 1 to 10 minutes. Exact median 5 min (300 s), 90th 9 min (540 s).
        let durations: Vec<i64> = (1..=10).map(|m| m * 60).collect();
        let histogram = Histogram::of(durations.iter().copied());
        let median = histogram.percentile(0.5).unwrap();
        let p90 = histogram.percentile(0.9).unwrap();
        assert!(within_bound(median, 300), "median {median}");
        assert!(within_bound(p90, 540), "p90 {p90}");
        assert_eq!(Histogram::default().percentile(0.5), None);
    }

    #[test]
    fn taking_away_what_was_added_leaves_nothing() {
        let mut histogram = Histogram::of([30, 300, 3000]);
        histogram.add(&Histogram::of([300]), -1);
        assert_eq!(histogram, Histogram::of([30, 3000]));
        histogram.add(&Histogram::of([30, 3000]), -1);
        assert!(histogram.is_empty());
    }

    proptest! {
        #[test]
        fn percentiles_stay_within_the_stated_error(
            durations in prop::collection::vec(0i64..2_000_000, 1..400),
            p in prop::sample::select(vec![0.5, 0.9, 0.99, 0.1]),
        ) {
            let estimate = Histogram::of(durations.iter().copied()).percentile(p).unwrap();
            let exact = exact(&durations, p);
            prop_assert!(within_bound(estimate, exact), "estimate {} exact {}", estimate, exact);
        }
    }
}
