//! Figures per assignment and per grader: horizontal bars, the first at the top, each
//! named by its label on the left.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use wire::stats::{AssignmentStats, GraderStats};

use super::{axis_top, not_drawn, BRAND, FONT, GRID, PASS, TEXT};

/// A grader's idle slots.
const BEHIND: RGBColor = RGBColor(0xcb, 0xd5, 0xe1);

/// As wide as the card it fills on a laptop, so text keeps its size.
const WIDTH: u32 = 1100;
const ROW: u32 = 36;
/// Titles longer than this are cut, so the bars keep their room.
const LABEL_CHARS: usize = 22;

/// One bar of a chart, drawn over an optional lighter one behind it (a grader's slots
/// behind its busy slots), its figure written at its end.
struct Bar {
    label: String,
    value: Option<f64>,
    behind: Option<f64>,
    figure: String,
}

/// Each assignment's share of graded submissions that passed, in course order.
pub(crate) fn pass_rates(assignments: &[AssignmentStats]) -> String {
    let bars: Vec<Bar> = assignments
        .iter()
        .map(|assignment| Bar {
            label: assignment.title.clone(),
            value: assignment.pass_rate.map(|rate| rate * 100.0),
            behind: None,
            figure: assignment.pass_rate.map_or_else(
                || "no graded submissions".to_owned(),
                |rate| format!("{:.0}%", rate * 100.0),
            ),
        })
        .collect();
    draw(&bars, 100.0, PASS, &|percent| format!("{percent:.0}%"))
}

/// Each grader's busy slots in front of all its slots.
pub(crate) fn graders(graders: &[GraderStats]) -> String {
    let bars: Vec<Bar> = graders
        .iter()
        .map(|grader| Bar {
            label: grader.name.clone(),
            value: Some(grader.busy as f64),
            behind: Some(grader.slots as f64),
            figure: format!("{} of {} busy", grader.busy, grader.slots),
        })
        .collect();
    let most = bars.iter().filter_map(|bar| bar.behind).fold(0.0, f64::max);
    draw(&bars, axis_top(most), BRAND, &|slots| format!("{slots:.0}"))
}

fn short(label: &str) -> String {
    if label.chars().count() <= LABEL_CHARS {
        return label.to_owned();
    }
    let cut: String = label.chars().take(LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

fn draw(bars: &[Bar], top: f64, color: RGBColor, x_format: &dyn Fn(&f64) -> String) -> String {
    let mut svg = String::new();
    match draw_into(&mut svg, bars, top, color, x_format) {
        Ok(()) => svg,
        Err(_) => not_drawn(),
    }
}

fn draw_into(
    svg: &mut String,
    bars: &[Bar],
    top: f64,
    color: RGBColor,
    x_format: &dyn Fn(&f64) -> String,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let rows = bars.len().max(1);
    let height = 50 + ROW * rows as u32;
    let root = SVGBackend::with_string(svg, (WIDTH, height)).into_drawing_area();
    root.fill(&WHITE)?;
    // Segments count from the bottom: the first bar goes in the top one.
    let row_of = |index: usize| rows - 1 - index;
    let labels: Vec<String> = bars.iter().map(|bar| short(&bar.label)).collect();
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(26)
        .y_label_area_size(170)
        .build_cartesian_2d(0f64..top, (0..rows).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .x_labels(6)
        .x_label_formatter(x_format)
        .y_label_formatter(&|segment| match segment {
            SegmentValue::CenterOf(row) if *row < labels.len() => labels[row_of(*row)].clone(),
            _ => String::new(),
        })
        .label_style((FONT, 16, &TEXT))
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(GRID)
        .draw()?;
    let span = |row: usize, value: f64| {
        [
            (0.0, SegmentValue::Exact(row)),
            (value, SegmentValue::Exact(row + 1)),
        ]
    };
    let behind = bars.iter().enumerate().filter_map(|(index, bar)| {
        let mut rect = Rectangle::new(span(row_of(index), bar.behind?), BEHIND.filled());
        rect.set_margin(7, 7, 0, 0);
        Some(rect)
    });
    chart.draw_series(behind)?;
    let front = bars.iter().enumerate().filter_map(|(index, bar)| {
        let mut rect = Rectangle::new(span(row_of(index), bar.value?), color.filled());
        rect.set_margin(7, 7, 0, 0);
        Some(rect)
    });
    chart.draw_series(front)?;
    // Just after the longer of the two bars; a bar with no figure says so rather than
    // looking like zero.
    chart.draw_series(bars.iter().enumerate().map(|(index, bar)| {
        let end = bar.value.unwrap_or(0.0).max(bar.behind.unwrap_or(0.0)) + top / 100.0;
        Text::new(
            bar.figure.clone(),
            (end, SegmentValue::CenterOf(row_of(index))),
            (FONT, 15)
                .into_font()
                .color(&TEXT)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        )
    }))?;
    root.present()
}
