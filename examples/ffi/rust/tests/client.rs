//! The Rust client checked against the C reference, its errors, threads and leaks.
use homeward_ffi::*;
use std::path::PathBuf;

/// A directory the CI step provides; None (and a printed reason) without it.
fn env_dir(name: &str) -> Option<PathBuf> {
    match std::env::var(name) {
        Ok(v) if !v.is_empty() => Some(PathBuf::from(v)),
        _ => {
            eprintln!("SKIP: {name} is not set (scripts/ci.d/40-ffi.sh sets it)");
            None
        }
    }
}

fn day(iso: &str) -> Day {
    Day::parse(iso).unwrap()
}

#[test]
fn layout_matches_the_library() {
    assert_eq!(std::mem::size_of::<sys::HwError>(), error_size());
    assert_eq!(Day::none().0, i32::MIN);
}

#[test]
fn against_reference() {
    let (Some(dir), Some(root)) = (env_dir("HW_EXPECTED_DIR"), env_dir("HW_REPO_ROOT")) else {
        return;
    };
    let cal = Calendar::england_and_wales().unwrap();
    let caseload = Caseload::from_file(root.join("tests/data/timeline_caseload.json").to_str().unwrap()).unwrap();
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let mut checked = 0;
    for line in expected.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        let parse_err = Day::parse("2025-02-30").unwrap_err();
        match w[0] {
            "version" => assert_eq!(version(), w[1]),
            "working_days" => {
                assert_eq!(cal.working_days_between(day(w[1]), day(w[2])).unwrap().to_string(), w[3], "{line}")
            }
            "add_working_days" => assert_eq!(
                cal.add_working_days(day(w[1]), w[2].parse().unwrap()).unwrap().to_string(),
                w[3],
                "{line}"
            ),
            "stage_counts" => {
                let got: Vec<String> = caseload.stage_counts(day(w[1])).unwrap().iter().map(|n| n.to_string()).collect();
                assert_eq!(got, w[2..], "{line}");
            }
            "error_status" => assert_eq!(parse_err.status.to_string(), w[1]),
            "error_field" => assert_eq!(parse_err.field, w[1]),
            "error_message" => assert_eq!(parse_err.message, w[1..].join(" ")),
            other => panic!("unknown reference line {other}"),
        }
        checked += 1;
    }
    assert!(checked >= 10);
    let measures = caseload.measures(day("2025-01-01"), day("2025-06-30")).unwrap();
    assert_eq!(measures, std::fs::read_to_string(dir.join("measures.json")).unwrap());
    let placements = placements_file(root.join("examples/ffi/data/placements.json").to_str().unwrap()).unwrap();
    assert_eq!(placements, std::fs::read_to_string(dir.join("placements.json")).unwrap());
}

#[test]
fn errors() {
    let cal = Calendar::england_and_wales().unwrap();
    let e = cal.working_days_between(day("2300-01-01"), day("2025-01-01")).unwrap_err();
    assert_eq!((e.status, e.field.as_str()), (-2, "a"));
    let e = cal.add_working_days(Day::none(), 1).unwrap_err();
    assert_eq!(e.field, "date");
    let e = Caseload::from_json("tests/data/timeline_caseload.json").err().unwrap();
    assert_eq!((e.status, e.field.as_str()), (-3, "json"));
    let empty = Caseload::from_json(r#"{"version": 1, "pathways": []}"#).unwrap();
    assert_eq!(empty.to_json().unwrap(), empty.to_json_buf().unwrap());
    assert!(cal.bank_holidays_json(2025, 2025).unwrap().contains("2025-12-25"));
    let e = Caseload::from_file("/no/such/caseload.json").err().unwrap();
    assert_eq!(e.status, -6);
    let jan = day("2025-01-01");
    let mut out = [0i64; 2];
    let e = cal
        .working_days_between_array(&[jan, Day(jan.0 + 1)], &[Day(jan.0 + 5), Day::none()], &mut out)
        .unwrap_err();
    assert_eq!(e.field, "b[1]");
    assert!(e.to_string().contains("HW_ERR_"));
}

/// Many threads fail at once; each reads only its own error.
#[test]
fn errors_never_mix_across_threads() {
    let handles: Vec<_> = (0..16)
        .map(|t| {
            std::thread::spawn(move || {
                let mut mixed = 0;
                for i in 0..2000 {
                    let token = format!("not-a-date-{t}-{i}");
                    let e = Day::parse(&token).unwrap_err();
                    std::thread::yield_now();
                    if !e.message.contains(&format!("\"{token}\"")) {
                        mixed += 1;
                    }
                }
                mixed
            })
        })
        .collect();
    let mixed: i32 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(mixed, 0);
}

fn rss_kib() -> i64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: i64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096 / 1024
}

/// RSS stays flat over 100,000 calls (handles, library text, failing calls).
#[test]
fn no_leak_over_100000_calls() {
    let tiny = r#"{"version": 1, "pathways": [{"person_id": "P0001", "events": [{"type": "referral_received", "date": "2025-01-06"}]}]}"#;
    // 40 pathways: a leaked text would be ~4 KB a call, 100 MB over the loop.
    let pathways: Vec<String> = (1..=40)
        .map(|i| format!(r#"{{"person_id": "P{i:04}", "events": [{{"type": "referral_received", "date": "2025-01-06"}}]}}"#))
        .collect();
    let caseload = Caseload::from_json(&format!(r#"{{"version": 1, "pathways": [{}]}}"#, pathways.join(","))).unwrap();
    let round = |n: usize| {
        for i in 0..n {
            match i % 4 {
                0 => drop(Caseload::from_json(tiny).unwrap()),
                1 => drop(caseload.to_json().unwrap()),
                2 => drop(caseload.to_json_buf().unwrap()),
                _ => assert!(Caseload::from_json(r#"{"version": 1, "pathways": [{}]}"#).is_err()),
            }
        }
    };
    round(10_000);
    let before = rss_kib();
    round(100_000);
    let after = rss_kib();
    eprintln!("RSS {before} KiB -> {after} KiB over 100,000 calls");
    assert!(after - before < 16 * 1024, "RSS grew by {} KiB", after - before);
}
