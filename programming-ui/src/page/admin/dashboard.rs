//! `/admin/dashboard`: the queue, latency and throughput now (headline figures) and over
//! the last hour (charts), each assignment's pass rate, the graders, and a feed of the
//! latest submissions. The server renders it with its data; in the browser the live
//! connection's frames are drawn together at most once a second ([`super::live`]).

use leptos::prelude::*;
use wire::stats::Stats;

use super::board::Board;
use super::feed::Feed;
use super::header::{AdminHeader, Section};
use super::mark_hydrated;
use crate::charts;
use crate::model::dashboard::{ago, duration_text, percent, DashboardData};
use crate::model::submissions::time_text;

#[component]
pub(super) fn DashboardPage(data: DashboardData) -> impl IntoView {
    let board = Board::new(&data);
    #[cfg(feature = "hydrate")]
    super::live::watch_dashboard(board, &data);
    let stats = board.stats;
    let samples = board.samples;
    // Each chart is drawn again only when its figures changed.
    let throughput = Memo::new(move |_| samples.with(|s| charts::throughput(s)));
    let latency = Memo::new(move |_| samples.with(|s| charts::latency(s)));
    let queue = Memo::new(move |_| samples.with(|s| charts::queue(s)));
    let pass_rates = Memo::new(move |_| stats.with(|s| charts::pass_rates(&s.assignments)));
    let graders = Memo::new(move |_| stats.with(|s| charts::graders(&s.graders)));
    mark_hydrated();
    view! {
        <AdminHeader here=Section::Dashboard live=board.connected />
        <main class="admin-page dashboard">
            <div class="page-head">
                <h1>"Dashboard"</h1>
                <p class="muted" data-testid="stats-at">
                    {move || stats.with(|s| format!("Figures of {}", time_text(s.at)))}
                </p>
            </div>
            <Headline stats />
            <div class="chart-grid">
                <Chart title="Submissions per minute" testid="chart-throughput" svg=throughput />
                <Chart title="Wait for a verdict" testid="chart-latency" svg=latency />
                <Chart title="Queue" testid="chart-queue" svg=queue />
            </div>
            <section class="card" aria-labelledby="assignments-title">
                <h2 class="card-title" id="assignments-title">"Pass rate per assignment"</h2>
                <div class="chart" data-testid="chart-pass-rates" inner_html=pass_rates></div>
                <AssignmentTable stats />
            </section>
            <section class="card" aria-labelledby="graders-title">
                <h2 class="card-title" id="graders-title">"Graders"</h2>
                <div class="chart" data-testid="chart-graders" inner_html=graders></div>
                <GraderTable stats />
            </section>
            <Feed feed=board.feed stats />
        </main>
    }
}

/// A headline figure: its label, its test id and how it reads the stats.
type Figure = (&'static str, &'static str, fn(&Stats) -> String);

/// The figures a teacher looks at first.
#[component]
fn Headline(stats: RwSignal<Stats>) -> impl IntoView {
    let figure = move |read: fn(&Stats) -> String| move || stats.with(read);
    let figures: [Figure; 7] = [
        ("Waiting", "stat-depth", |s| s.queue.depth.to_string()),
        ("Grading now", "stat-in-flight", |s| {
            s.queue.in_flight.to_string()
        }),
        ("Oldest waiting", "stat-oldest", |s| {
            duration_text(s.queue.oldest_queued_ms)
        }),
        ("Graded last minute", "stat-graded", |s| {
            s.graded_last_minute.to_string()
        }),
        ("Wait p50", "stat-p50", |s| duration_text(s.latency_ms.p50)),
        ("Wait p95", "stat-p95", |s| duration_text(s.latency_ms.p95)),
        ("Wait p99", "stat-p99", |s| duration_text(s.latency_ms.p99)),
    ];
    view! {
        <dl class="headline">
            {figures
                .into_iter()
                .map(|(label, testid, read)| view! {
                    <div class="figure">
                        <dt>{label}</dt>
                        <dd data-testid=testid>{figure(read)}</dd>
                    </div>
                })
                .collect_view()}
        </dl>
    }
}

/// One chart of the last hour, in a card.
#[component]
fn Chart(title: &'static str, testid: &'static str, svg: Memo<String>) -> impl IntoView {
    view! {
        <section class="card chart-card">
            <h2 class="card-title">{title}</h2>
            <div class="chart" data-testid=testid inner_html=svg></div>
        </section>
    }
}

/// The figures behind the pass-rate chart.
#[component]
fn AssignmentTable(stats: RwSignal<Stats>) -> impl IntoView {
    view! {
        <table class="admin-table figures" data-testid="assignment-stats">
            <thead>
                <tr>
                    <th scope="col">"Assignment"</th>
                    <th scope="col">"Submissions"</th>
                    <th scope="col">"Learners"</th>
                    <th scope="col">"Solved by"</th>
                    <th scope="col">"Pass rate"</th>
                </tr>
            </thead>
            <tbody>
                {move || stats.with(|s| {
                    s.assignments
                        .iter()
                        .map(|a| {
                            let filtered = format!("/admin/submissions?assignment_id={}", a.id);
                            view! {
                                <tr data-testid="assignment-stat" data-id=a.id.to_string()>
                                    <td><a href=filtered rel="external">{a.title.clone()}</a></td>
                                    <td data-testid="assignment-submissions">{a.submissions}</td>
                                    <td>{a.learners}</td>
                                    <td>{a.solved_by}</td>
                                    <td>{percent(a.pass_rate)}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                })}
            </tbody>
        </table>
    }
}

/// Every grader with a heartbeat in the last minute.
#[component]
fn GraderTable(stats: RwSignal<Stats>) -> impl IntoView {
    view! {
        <table class="admin-table figures" data-testid="grader-stats">
            <thead>
                <tr>
                    <th scope="col">"Grader"</th>
                    <th scope="col">"Languages"</th>
                    <th scope="col">"Busy"</th>
                    <th scope="col">"Last seen"</th>
                </tr>
            </thead>
            <tbody>
                {move || stats.with(|s| {
                    s.graders
                        .iter()
                        .map(|g| view! {
                            <tr data-testid="grader">
                                <td>{g.name.clone()}</td>
                                <td>{g.languages.join(", ")}</td>
                                <td>{format!("{} of {}", g.busy, g.slots)}</td>
                                <td>{ago(g.last_seen, s.at)}</td>
                            </tr>
                        })
                        .collect_view()
                })}
            </tbody>
        </table>
    }
}
