//! Figures over the last hour: lines against minutes before the newest sample (not the
//! clock, which would read differently on the server and in each teacher's time zone).

use plotters::prelude::*;
use wire::stats::StatsSample;

use super::{axis_top, not_drawn, BRAND, FONT, GRID, PASS, TEXT, WAIT};

/// About the size of its card on a laptop, so text keeps its size.
const SIZE: (u32, u32) = (560, 250);
/// The least top of an axis of counts, so its labels are whole numbers.
const COUNTS: f64 = 5.0;

/// One line of a chart: a point per sample that has the figure.
struct Line {
    label: &'static str,
    color: RGBColor,
    /// `(minutes before the newest sample, value)`; `None` where the figure is unknown,
    /// which breaks the line rather than drawing it through zero.
    points: Vec<Option<(f64, f64)>>,
}

impl Line {
    fn of(
        label: &'static str,
        color: RGBColor,
        samples: &[StatsSample],
        figure: impl Fn(&StatsSample) -> Option<i64>,
    ) -> Line {
        let newest = samples.last().map(|sample| sample.at);
        let points = samples
            .iter()
            .map(|sample| {
                let minutes = newest.map_or(0.0, |newest| {
                    (sample.at - newest).num_milliseconds() as f64 / 60_000.0
                });
                figure(sample).map(|value| (minutes, value as f64))
            })
            .collect();
        Line {
            label,
            color,
            points,
        }
    }

    /// The runs of known points, each drawn as one stroke.
    fn runs(&self) -> impl Iterator<Item = Vec<(f64, f64)>> + '_ {
        self.points
            .split(Option::is_none)
            .filter(|run| !run.is_empty())
            .map(|run| run.iter().flatten().copied().collect())
    }
}

/// Submissions made and graded per minute.
pub(crate) fn throughput(samples: &[StatsSample]) -> String {
    let lines = [
        Line::of("submitted", BRAND, samples, |s| {
            Some(s.submitted_last_minute)
        }),
        Line::of("graded", PASS, samples, |s| Some(s.graded_last_minute)),
    ];
    draw("per minute", &lines, COUNTS, &|value| format!("{value:.0}"))
}

/// How long learners waited for a verdict: the median and the 95th percentile.
pub(crate) fn latency(samples: &[StatsSample]) -> String {
    let lines = [
        Line::of("p50", BRAND, samples, |s| s.p50_ms),
        Line::of("p95", WAIT, samples, |s| s.p95_ms),
    ];
    draw("wait", &lines, 1000.0, &|ms| seconds(*ms))
}

/// Submissions waiting and being graded.
pub(crate) fn queue(samples: &[StatsSample]) -> String {
    let lines = [
        Line::of("waiting", WAIT, samples, |s| Some(s.depth)),
        Line::of("grading", BRAND, samples, |s| Some(s.in_flight)),
    ];
    draw("submissions", &lines, COUNTS, &|value| {
        format!("{value:.0}")
    })
}

/// An axis label in seconds: `0.5 s`, `2 s`.
fn seconds(ms: f64) -> String {
    let seconds = ms / 1000.0;
    if seconds.fract() == 0.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{seconds:.1} s")
    }
}

/// Draws `lines` against a value axis from 0 to at least `least_top`.
fn draw(y_desc: &str, lines: &[Line], least_top: f64, y_format: &dyn Fn(&f64) -> String) -> String {
    let mut svg = String::new();
    let drawn = draw_into(&mut svg, y_desc, lines, least_top, y_format);
    match drawn {
        Ok(()) => svg,
        Err(_) => not_drawn(),
    }
}

type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn draw_into(
    svg: &mut String,
    y_desc: &str,
    lines: &[Line],
    least_top: f64,
    y_format: &dyn Fn(&f64) -> String,
) -> Drawn {
    let root = SVGBackend::with_string(svg, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let max = lines
        .iter()
        .flat_map(|line| line.points.iter().flatten())
        .map(|(_, value)| *value)
        .fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(28)
        .y_label_area_size(56)
        .build_cartesian_2d(-60f64..0f64, 0f64..axis_top(max).max(least_top))?;
    chart
        .configure_mesh()
        .x_labels(7)
        .y_labels(5)
        .x_label_formatter(&|minutes| match minutes.round() as i64 {
            0 => "now".to_owned(),
            minutes => format!("{} min", minutes),
        })
        .y_label_formatter(y_format)
        .y_desc(y_desc)
        .label_style((FONT, 16, &TEXT))
        .axis_desc_style((FONT, 16, &TEXT))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(GRID)
        .draw()?;
    for line in lines {
        let style = line.color.stroke_width(2);
        // An empty series carries the legend entry, so a line with no points is still
        // named.
        chart
            .draw_series(LineSeries::new(std::iter::empty(), style))?
            .label(line.label)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], style));
        for run in line.runs() {
            chart.draw_series(LineSeries::new(run, style))?;
        }
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 16, &TEXT))
        .background_style(WHITE.mix(0.85))
        .border_style(GRID)
        .draw()?;
    root.present()
}
