//! The figures side by side: each backend next to the floor and the ceiling, as ratios,
//! and each of issue 15's targets met or missed by how much.

use std::fmt::Write;

use crate::stats::Figures;

const GETS: [(&str, &str); 3] = [
    ("assignments", "GET /api/assignments"),
    ("progress", "GET /api/me/progress"),
    ("submission", "GET /api/submissions/{id}"),
];

fn backends(figures: &Figures) -> Vec<String> {
    let mut found: Vec<String> = figures
        .keys()
        .filter_map(|key| key.split_once('.').map(|(backend, _)| backend.to_owned()))
        .filter(|name| name != "intake" && name != "relay")
        .collect();
    found.dedup();
    found
}

/// The burst sizes measured for `backend`, smallest first.
fn bursts(figures: &Figures, backend: &str) -> Vec<usize> {
    let prefix = format!("{backend}.burst_");
    let mut sizes: Vec<usize> = figures
        .keys()
        .filter_map(|key| {
            key.strip_prefix(&prefix)?
                .strip_suffix("_grades_per_s")?
                .parse()
                .ok()
        })
        .collect();
    sizes.sort_unstable();
    sizes
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "MISSED"
    }
}

pub(crate) fn render(figures: &Figures) -> String {
    let get = |key: &str| figures.get(key).copied();
    let mut out = String::new();
    let floor = get("floor_ms");
    let nginx = get("nginx_rps");
    if let Some(floor) = floor {
        let _ = writeln!(
            out,
            "floor    python3 -m unittest of Hello in the sandbox's rootfs (chroot): median {floor:.1} ms"
        );
    }
    if let (Some(rps), Some(p99)) = (nginx, get("nginx_p99_ms")) {
        let _ = writeln!(
            out,
            "ceiling  nginx, a fixed JSON answer, 1 worker, the same load: {rps:.0} req/s, p99 {p99:.2} ms"
        );
    }
    let mut targets = Vec::new();
    for backend in backends(figures) {
        let key = |name: &str| get(&format!("{backend}.{name}"));
        let _ = writeln!(out, "\n[{backend}]");
        if let (Some(p50), Some(p95), Some(p99)) =
            (key("e2e_p50_ms"), key("e2e_p95_ms"), key("e2e_p99_ms"))
        {
            let mut line = format!(
                "  POST -> final frame, Hello: p50 {p50:.0} ms, p95 {p95:.0} ms, p99 {p99:.0} ms"
            );
            if let Some(floor) = floor {
                let _ = write!(
                    line,
                    "  (p50 = {:.2}x the floor, floor + {:.0} ms)",
                    p50 / floor,
                    p50 - floor
                );
                match backend.as_str() {
                    "process" => targets.push(format!(
                        "process: POST -> final frame median <= 1.3x the floor: {:.2}x, {}",
                        p50 / floor,
                        verdict(p50 <= 1.3 * floor)
                    )),
                    "docker" => targets.push(format!(
                        "docker: POST -> final frame median <= floor + 120 ms: floor + {:.0} ms, {}",
                        p50 - floor,
                        verdict(p50 <= floor + 120.0)
                    )),
                    _ => {}
                }
            }
            let _ = writeln!(out, "{line}");
        }
        let bursts = bursts(figures, &backend);
        if !bursts.is_empty() {
            let slots = key("slots").unwrap_or_default();
            let _ = writeln!(
                out,
                "  learners submitting at once ({slots:.0} grader slots): grades/s, each one's POST -> final frame"
            );
            let alone = key(&format!("burst_{}_p50_ms", bursts[0]));
            for &learners in &bursts {
                let at = |name: &str| key(&format!("burst_{learners}_{name}")).unwrap_or_default();
                let mut line = format!(
                    "    {learners:>4}: {:>6.1} grades/s, p50 {:>5.0} ms, p99 {:>5.0} ms",
                    at("grades_per_s"),
                    at("p50_ms"),
                    at("p99_ms")
                );
                if let Some(alone) = alone.filter(|alone| *alone > 0.0) {
                    let _ = write!(line, "  (p50 {:.1}x one learner's)", at("p50_ms") / alone);
                }
                let _ = writeln!(out, "{line}");
            }
            let busiest = bursts[bursts.len() - 1];
            let rate = key(&format!("burst_{busiest}_grades_per_s")).unwrap_or_default();
            if backend == "process" {
                targets.push(format!(
                    "process: >= 25 grades/s with every slot busy ({busiest} learners): {rate:.1}, {}",
                    verdict(rate >= 25.0)
                ));
            }
        }
        for (name, label) in GETS {
            let (Some(rps), Some(p50), Some(p99)) = (
                key(&format!("get_{name}_rps")),
                key(&format!("get_{name}_p50_ms")),
                key(&format!("get_{name}_p99_ms")),
            ) else {
                continue;
            };
            let mut line =
                format!("  cached {label}: {rps:.0} req/s, p50 {p50:.2} ms, p99 {p99:.2} ms");
            if let Some(nginx) = nginx {
                let ratio = rps / nginx;
                let _ = write!(line, "  ({ratio:.2}x nginx)");
                targets.push(format!(
                    "{backend}: cached {label} >= 0.3x nginx with p99 < 5 ms: {ratio:.2}x, p99 {p99:.1} ms, {}",
                    verdict(ratio >= 0.3 && p99 < 5.0)
                ));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    if let (Some(rate), Some(count)) = (get("intake.accepted_per_s"), get("intake.submissions")) {
        let _ = writeln!(
            out,
            "\n[intake] {count:.0} learners submit once each, as fast as accepted: {rate:.0} accepted/s (p50 {:.1} ms, p99 {:.1} ms); backlog {:.0} drained in {:.0} s",
            get("intake.p50_ms").unwrap_or_default(),
            get("intake.p99_ms").unwrap_or_default(),
            get("intake.backlog").unwrap_or_default(),
            get("intake.drain_s").unwrap_or_default()
        );
        targets.push(format!(
            "intake: >= 2000 accepted submissions/s while graders lag, no error, the backlog drains: {rate:.0}/s, {}",
            verdict(rate >= 2000.0)
        ));
    }
    if let (Some(sockets), Some(kib), Some(p99)) = (
        get("relay.sockets"),
        get("relay.kib_per_socket"),
        get("relay.push_p99_ms"),
    ) {
        let _ = writeln!(
            out,
            "\n[relay] {sockets:.0} WebSockets on one process ({:.0} MiB resident): {kib:.1} KiB each; one event each at {:.0}/s: push p50 {:.2} ms, p99 {p99:.2} ms",
            get("relay.rss_mib").unwrap_or_default(),
            get("relay.push_rate").unwrap_or_default(),
            get("relay.push_p50_ms").unwrap_or_default()
        );
        targets.push(format!(
            "relay: 10,000 WebSockets, push p99 < 20 ms, < 20 KB each: {sockets:.0}, p99 {p99:.1} ms, {:.1} KB, {}",
            kib * 1.024,
            verdict(sockets >= 10_000.0 && p99 < 20.0 && kib * 1.024 < 20.0)
        ));
    }
    if !targets.is_empty() {
        let _ = writeln!(out, "\ntargets (issue 15, this machine)");
        for target in targets {
            let _ = writeln!(out, "  {target}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backends_are_compared_with_the_floor_and_the_ceiling() {
        let figures = Figures::from([
            ("floor_ms".to_owned(), 60.0),
            ("nginx_rps".to_owned(), 100_000.0),
            ("nginx_p99_ms".to_owned(), 1.0),
            ("process.e2e_p50_ms".to_owned(), 70.0),
            ("process.e2e_p95_ms".to_owned(), 80.0),
            ("process.e2e_p99_ms".to_owned(), 90.0),
            ("docker.e2e_p50_ms".to_owned(), 200.0),
            ("docker.e2e_p95_ms".to_owned(), 210.0),
            ("docker.e2e_p99_ms".to_owned(), 220.0),
            ("docker.get_assignments_rps".to_owned(), 20_000.0),
            ("docker.get_assignments_p50_ms".to_owned(), 1.0),
            ("docker.get_assignments_p99_ms".to_owned(), 9.0),
        ]);
        let text = render(&figures);
        assert!(text.contains("p50 = 1.17x the floor"), "{text}");
        assert!(
            text.contains("median <= 1.3x the floor: 1.17x, met"),
            "{text}"
        );
        assert!(text.contains("floor + 140 ms, MISSED"), "{text}");
        assert!(text.contains("0.20x nginx"), "{text}");
        assert!(text.contains("0.20x, p99 9.0 ms, MISSED"), "{text}");
    }

    #[test]
    fn bursts_intake_and_the_relay_are_judged() {
        let figures = Figures::from([
            ("process.slots".to_owned(), 2.0),
            ("process.burst_1_grades_per_s".to_owned(), 9.0),
            ("process.burst_1_p50_ms".to_owned(), 100.0),
            ("process.burst_1_p99_ms".to_owned(), 100.0),
            ("process.burst_64_grades_per_s".to_owned(), 20.0),
            ("process.burst_64_p50_ms".to_owned(), 1500.0),
            ("process.burst_64_p99_ms".to_owned(), 3000.0),
            ("intake.submissions".to_owned(), 4000.0),
            ("intake.accepted_per_s".to_owned(), 2500.0),
            ("relay.sockets".to_owned(), 10_000.0),
            ("relay.kib_per_socket".to_owned(), 25.0),
            ("relay.push_p99_ms".to_owned(), 4.0),
        ]);
        let text = render(&figures);
        assert!(text.contains("(2 grader slots)"), "{text}");
        assert!(text.contains("(p50 15.0x one learner's)"), "{text}");
        assert!(
            text.contains("every slot busy (64 learners): 20.0, MISSED"),
            "{text}"
        );
        assert!(text.contains("2500/s, met"), "{text}");
        assert!(text.contains("p99 4.0 ms, 25.6 KB, MISSED"), "{text}");
        assert!(!text.contains("[intake]\n"), "{text}");
        assert!(!text.contains("\n[relay]\n"), "{text}");
    }
}
