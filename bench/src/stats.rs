//! Latency samples, their percentiles, and the figures files `cp-bench report` reads.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use anyhow::Context;

/// Durations, kept whole: percentiles are read from the sorted sample.
#[derive(Debug, Default, Clone)]
pub(crate) struct Sample(Vec<Duration>);

impl Sample {
    pub(crate) fn push(&mut self, duration: Duration) {
        self.0.push(duration);
    }

    pub(crate) fn extend(&mut self, durations: impl IntoIterator<Item = Duration>) {
        self.0.extend(durations);
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// The `p`th percentile (nearest rank) in milliseconds; 0 for an empty sample.
    pub(crate) fn percentile_ms(&self, p: f64) -> f64 {
        if self.0.is_empty() {
            return 0.0;
        }
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        let index = rank.clamp(1, sorted.len()) - 1;
        sorted[index].as_secs_f64() * 1000.0
    }

    pub(crate) fn median_ms(&self) -> f64 {
        self.percentile_ms(50.0)
    }
}

/// Named figures, written by each measuring command and read together by `report`.
pub(crate) type Figures = BTreeMap<String, f64>;

pub(crate) fn write(path: &Path, figures: &Figures) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(figures)?;
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

pub(crate) fn read(path: &Path) -> anyhow::Result<Figures> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    serde_json::from_str(&text).with_context(|| format!("parsing {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_ranks() {
        let mut sample = Sample::default();
        sample.extend((1..=100).map(Duration::from_millis));
        assert_eq!(sample.median_ms(), 50.0);
        assert_eq!(sample.percentile_ms(99.0), 99.0);
        assert_eq!(sample.percentile_ms(100.0), 100.0);
        assert_eq!(sample.percentile_ms(0.0), 1.0);
        assert_eq!(Sample::default().median_ms(), 0.0);
    }
}
