//! The teacher's dashboard charts, drawn by plotters as SVG text: the same code on the
//! server (the page arrives with its charts) and in the browser (redrawn as live
//! figures arrive), shown with `inner_html`. plotters escapes every text it writes, so a
//! title cannot add markup. Text is measured by plotters' estimate on the server and by
//! the browser's layout in wasm; no font files are involved.

mod bars;
mod hour;

pub(crate) use bars::{graders, pass_rates};
pub(crate) use hour::{latency, queue, throughput};

use plotters::style::RGBColor;

/// The palette of style/main.css.
const BRAND: RGBColor = RGBColor(0x25, 0x63, 0xeb);
const PASS: RGBColor = RGBColor(0x04, 0x78, 0x57);
const WAIT: RGBColor = RGBColor(0xd9, 0x77, 0x06);
const GRID: RGBColor = RGBColor(0xe5, 0xe7, 0xeb);
const TEXT: RGBColor = RGBColor(0x37, 0x41, 0x51);
const FONT: &str = "sans-serif";
// plotters writes a font size as the size given / 1.24: 16 is 13 px.

/// What stands in for a chart that could not be drawn (drawing into a string fails only
/// if plotters itself does).
fn not_drawn() -> String {
    "<p class=\"muted\">This chart could not be drawn.</p>".to_owned()
}

/// The top of a value axis: a round number (1, 2 or 5 times a power of ten) with some room
/// above `max`, and 1 for an empty chart.
fn axis_top(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let wanted = max * 1.1;
    let power = 10f64.powf(wanted.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|step| step * power)
        .find(|top| *top >= wanted)
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests;
