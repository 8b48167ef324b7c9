//! Build benchmark: Broadsheet against Hugo on the same generated corpus,
//! and the cleaner's speed on synthetic raw page dumps.
//!
//! ```sh
//! cargo bench --bench build                      # N = 10,000, 50,000, 200,000
//! BENCH_SIZES=1000,10000 BENCH_RUNS=3 cargo bench --bench build
//! ```
//!
//! The corpus is written by `benches/gen_corpus.py` (Python 3, standard
//! library only, deterministic): the same articles as a Broadsheet site
//! (`--format broadsheet`, with this repository's `themes/` copied in) and
//! as a Hugo site with equivalent templates (`--format hugo`).
//!
//! Environment:
//! - `BENCH_SIZES`: comma-separated article counts (default `10000,50000,200000`;
//!   empty: no build benchmark).
//! - `BENCH_CORPUS`: `generated` (default: `benches/gen_corpus.py`) or `rust`
//!   (the older corpus of `benches/corpus`, with the Hugo layouts of `benches/hugo`).
//! - `BENCH_PYTHON`: the Python 3 command (default `python3`).
//! - `BENCH_HUGO_MAX`: largest N Hugo is timed at (default 50,000: Hugo at
//!   200,000 takes minutes and more memory than many machines have).
//! - `BENCH_RUNS`: timed builds per tool and size (default 5; 3 from 50,000,
//!   1 from 200,000).
//! - `BENCH_DIR`: work folder (default `/dev/shm/broadsheet-bench` when
//!   `/dev/shm` exists, else `target/bench`). Corpora are cached there.
//! - `BENCH_CLEAN`: raw dumps for the cleaner section (default 10000; 0 skips it).
//! - `BENCH_HUGO`: the Hugo command (default `hugo`; `none` skips Hugo).
//! - `BROADSHEET_BIN`: the binary to time (default: the one cargo built
//!   with this benchmark).
//! - `BENCH_IDLE_WAIT`: before each run, wait up to this many seconds for
//!   other processes to leave the CPUs alone (default 30; 0 never waits).
//!
//! Each build is a separate process under `/usr/bin/time` (wall, user, sys,
//! peak RSS); Broadsheet and Hugo runs alternate, and which goes first
//! alternates by round. Output goes to a fresh folder for every timed
//! build; then Broadsheet rebuilds into its previous output with nothing
//! changed. This is a benchmark, not a test: CI never runs it.

#![allow(clippy::print_stdout, clippy::print_stderr)]

mod corpus;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use broadsheet::clean::{clean_corpus, RawText};

// The cleaner section measures the cleaner as `broadsheet build` runs it:
// with the command's allocator and, in `bench_cleaner`, transparent huge
// pages off (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `cargo test --benches` runs bench targets without `--bench`: build
    // them, time nothing.
    if !std::env::args().any(|a| a == "--bench") {
        println!("build benchmark: run it with `cargo bench --bench build`");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = match Config::from_env(&root) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("bench: {e}");
            std::process::exit(2);
        }
    };
    let mut report = String::new();
    let _ = writeln!(report, "# Broadsheet build benchmark\n");
    let _ = writeln!(report, "{}\n", config.describe());
    print!("{report}");

    let mut figures = Vec::new();
    for &n in &config.sizes {
        let section = match bench_size(&config, n) {
            Ok((s, f)) => {
                figures.push(f);
                s
            }
            Err(e) => format!("## N = {}\n\nFAILED: {e}\n\n", thousands(n as f64)),
        };
        print!("{section}");
        report.push_str(&section);
    }
    if !figures.is_empty() {
        let section = summary(&config, &figures);
        print!("{section}");
        report.push_str(&section);
    }
    if config.clean > 0 {
        let section = bench_cleaner(config.clean, config.clean_runs);
        print!("{section}");
        report.push_str(&section);
    }
    let path = config.dir.join("results.md");
    if fs::write(&path, &report).is_ok() {
        println!("(written to {})", path.display());
    }
}

struct Config {
    sizes: Vec<usize>,
    runs: Option<usize>,
    dir: PathBuf,
    broadsheet: PathBuf,
    hugo: Option<String>,
    hugo_version: String,
    time: bool,
    hugo_template: PathBuf,
    hugo_max: usize,
    /// `benches/gen_corpus.py` and the Python that runs it, or `None` for
    /// the Rust corpus.
    generator: Option<(String, PathBuf)>,
    themes: PathBuf,
    clean: usize,
    clean_runs: usize,
    idle_wait: f64,
}

impl Config {
    fn from_env(root: &Path) -> Result<Config, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let sizes = match std::env::var("BENCH_SIZES") {
            Ok(s) => s
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| s.replace('_', "").parse::<usize>().map_err(|e| format!("BENCH_SIZES: {s:?}: {e}")))
                .collect::<Result<Vec<_>, _>>()?,
            Err(_) => vec![10_000, 50_000, 200_000],
        };
        let runs = var("BENCH_RUNS").map(|r| r.parse::<usize>().map_err(|e| format!("BENCH_RUNS: {e}"))).transpose()?;
        if runs == Some(0) {
            return Err("BENCH_RUNS must be at least 1".into());
        }
        let dir = match var("BENCH_DIR") {
            Some(d) => PathBuf::from(d),
            None if Path::new("/dev/shm").is_dir() => PathBuf::from("/dev/shm/broadsheet-bench"),
            None => root.join("target/bench"),
        };
        fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let broadsheet =
            var("BROADSHEET_BIN").map(PathBuf::from).unwrap_or_else(|| env!("CARGO_BIN_EXE_broadsheet").into());
        if !broadsheet.is_file() {
            return Err(format!("{} not found: run `cargo build --release`", broadsheet.display()));
        }
        let hugo_cmd = var("BENCH_HUGO").unwrap_or_else(|| "hugo".into());
        let (hugo, hugo_version) = if hugo_cmd == "none" {
            (None, "skipped (BENCH_HUGO=none)".to_string())
        } else {
            match Command::new(&hugo_cmd).arg("version").output() {
                Ok(o) if o.status.success() => (Some(hugo_cmd), String::from_utf8_lossy(&o.stdout).trim().to_string()),
                _ => (None, format!("`{hugo_cmd}` not found: Hugo runs skipped (Debian: apt-get install hugo)")),
            }
        };
        let time = Command::new("/usr/bin/time")
            .args(["-f", "%e", "true"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let clean =
            var("BENCH_CLEAN").map(|c| c.parse::<usize>().map_err(|e| format!("BENCH_CLEAN: {e}"))).transpose()?;
        let generator = match var("BENCH_CORPUS").as_deref() {
            None | Some("generated") => {
                Some((var("BENCH_PYTHON").unwrap_or_else(|| "python3".into()), root.join("benches/gen_corpus.py")))
            }
            Some("rust") => None,
            Some(other) => return Err(format!("BENCH_CORPUS: {other:?}: `generated` or `rust`")),
        };
        let hugo_max = var("BENCH_HUGO_MAX")
            .map(|m| m.replace('_', "").parse::<usize>().map_err(|e| format!("BENCH_HUGO_MAX: {e}")))
            .transpose()?
            .unwrap_or(50_000);
        Ok(Config {
            sizes,
            hugo_max,
            generator,
            themes: root.join("themes"),
            runs,
            dir,
            broadsheet,
            hugo,
            hugo_version,
            time,
            hugo_template: root.join("benches/hugo"),
            clean: clean.unwrap_or(10_000),
            clean_runs: runs.unwrap_or(5),
            idle_wait: var("BENCH_IDLE_WAIT")
                .map(|w| w.parse::<f64>().map_err(|e| format!("BENCH_IDLE_WAIT: {e}")))
                .transpose()?
                .unwrap_or(30.0),
        })
    }

    fn runs_for(&self, n: usize) -> usize {
        self.runs.unwrap_or(match n {
            200_000.. => 1,
            50_000.. => 3,
            _ => 5,
        })
    }

    fn corpus_name(&self) -> String {
        match &self.generator {
            Some(_) => "benches/gen_corpus.py (`--format broadsheet` with themes/, `--format hugo`)".into(),
            None => format!("{} (benches/corpus, Hugo layouts of benches/hugo)", corpus::VERSION),
        }
    }

    fn describe(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "- machine: {}", machine());
        let _ = writeln!(s, "- broadsheet: {}", self.broadsheet.display());
        let _ = writeln!(s, "- hugo: {}", self.hugo_version);
        let _ = writeln!(s, "- work folder: {}", self.dir.display());
        let _ = writeln!(s, "- corpus: {}", self.corpus_name());
        if !self.time {
            let _ = writeln!(
                s,
                "- /usr/bin/time is missing (Debian: apt-get install time): wall time only, no CPU or memory figures"
            );
        }
        s
    }
}

/// One timed process.
#[derive(Clone, Debug)]
struct Run {
    wall: f64,
    cpu: Option<f64>,
    rss_kib: Option<u64>,
    /// CPU seconds the rest of the machine used meanwhile (other processes).
    other: Option<f64>,
    stderr: String,
}

/// Waits, up to `limit` seconds, for the machine to go quiet (other
/// processes using under a fifth of a CPU over half a second), so that a
/// compile or test run elsewhere disturbs fewer timings. Whether it did.
fn wait_for_quiet(limit: f64) -> bool {
    let start = Instant::now();
    loop {
        let Some(a) = machine_busy() else { return true };
        std::thread::sleep(std::time::Duration::from_millis(500));
        let Some(b) = machine_busy() else { return true };
        if (b - a) / 0.5 < 0.2 {
            return true;
        }
        if start.elapsed().as_secs_f64() >= limit {
            return false;
        }
    }
}

fn timed(config: &Config, program: &Path, args: &[&str], label: &str) -> Result<Run, String> {
    if config.idle_wait > 0.0 && !wait_for_quiet(config.idle_wait) {
        eprintln!("    (machine still busy after {} s: timing anyway)", config.idle_wait);
    }
    let time_file = config.dir.join("time.out");
    let mut cmd = if config.time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%e %U %S %M").arg("-o").arg(&time_file).arg(program);
        c
    } else {
        Command::new(program)
    };
    cmd.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let busy0 = machine_busy();
    let start = Instant::now();
    let out = cmd.output().map_err(|e| format!("{label}: cannot run {}: {e}", program.display()))?;
    let wall = start.elapsed().as_secs_f64();
    let busy = machine_busy().zip(busy0).map(|(b, a)| b - a);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        return Err(format!(
            "{label} failed ({}): `{} {}`\n\n```\n{}{}```",
            out.status,
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            stderr
        ));
    }
    let (mut cpu, mut rss_kib) = (None, None);
    if config.time {
        let t = fs::read_to_string(&time_file).unwrap_or_default();
        let f: Vec<&str> = t.lines().last().unwrap_or("").split_whitespace().collect();
        if let [_, user, sys, rss] = f[..] {
            cpu = Some(user.parse::<f64>().unwrap_or(0.0) + sys.parse::<f64>().unwrap_or(0.0));
            rss_kib = rss.parse().ok();
        }
    }
    let other = busy.zip(cpu).map(|(b, c)| (b - c).max(0.0));
    Ok(Run { wall, cpu, rss_kib, other, stderr })
}

fn remove(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Files under `dir`, and how many of them are HTML pages.
fn count_files(dir: &Path) -> (usize, usize) {
    let (mut files, mut html) = (0, 0);
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(_) => {
                    files += 1;
                    html += usize::from(e.path().extension().is_some_and(|x| x == "html"));
                }
                Err(_) => {}
            }
        }
    }
    (files, html)
}

/// The first article file, by name, of a generated site.
fn first_article(dir: &Path) -> Result<PathBuf, String> {
    let mut names: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    names.into_iter().next().ok_or_else(|| format!("{}: no article", dir.display()))
}

/// One size's runs, for the summary table and the targets.
struct Figures {
    n: usize,
    broadsheet: Vec<Run>,
    hugo: Vec<Run>,
    rebuild: Vec<Run>,
    /// One article's text edited, then built with the render cache.
    edit: Vec<Run>,
}

fn bench_size(config: &Config, n: usize) -> Result<(String, Figures), String> {
    let with_hugo = config.hugo.is_some() && n <= config.hugo_max;
    let mut s = format!("## N = {}\n\n", thousands(n as f64));
    let start = Instant::now();
    let (sites, dir) = match &config.generator {
        Some((python, script)) => {
            let dir = config.dir.join(format!("g{n}"));
            eprintln!("N = {n}: generating the corpus in {} …", dir.display());
            let (sites, fresh) = generated_sites(python, script, &config.themes, &dir, n, with_hugo)?;
            let _ = if fresh {
                writeln!(s, "Corpus generated in {:.1} s.\n", start.elapsed().as_secs_f64())
            } else {
                writeln!(s, "Corpus reused from {} (same generator and size).\n", dir.display())
            };
            (sites, dir)
        }
        None => {
            let dir = config.dir.join(format!("n{n}"));
            eprintln!("N = {n}: generating the corpus in {} …", dir.display());
            let (sites, stats) =
                corpus::write_sites(&dir, n, &config.hugo_template).map_err(|e| format!("corpus: {e}"))?;
            describe_stats(&mut s, stats, start.elapsed().as_secs_f64(), &dir);
            (sites, dir)
        }
    };
    let b_out = dir.join("out-broadsheet");
    let h_out = dir.join("out-hugo");
    let b_root = sites.broadsheet.to_string_lossy().into_owned();
    let h_root = sites.hugo.to_string_lossy().into_owned();
    let b_out_s = b_out.to_string_lossy().into_owned();
    let h_out_s = h_out.to_string_lossy().into_owned();
    let b_args = ["build", "--root", &b_root, "--output", &b_out_s, "--quiet"];
    let h_args = ["--quiet", "-s", &h_root, "-d", &h_out_s];
    let hugo = config.hugo.as_ref().filter(|_| with_hugo).map(PathBuf::from);

    let runs = config.runs_for(n);
    let (mut b_runs, mut h_runs) = (Vec::new(), Vec::new());
    for round in 0..runs {
        let hugo_first = round % 2 == 1;
        for tool in if hugo_first { [1, 0] } else { [0, 1] } {
            if tool == 0 {
                // A first build, as of a fresh checkout: no output, no cache.
                remove(&b_out)?;
                remove(&sites.broadsheet.join(broadsheet::cache::CACHE_DIR))?;
                eprintln!("  broadsheet build, run {}/{runs}", round + 1);
                b_runs.push(timed(config, &config.broadsheet, &b_args, "broadsheet build")?);
            } else if let Some(h) = &hugo {
                remove(&h_out)?;
                remove(&sites.hugo.join("resources"))?;
                eprintln!("  hugo build, run {}/{runs}", round + 1);
                h_runs.push(timed(config, h, &h_args, "hugo build")?);
            }
        }
    }
    let b_files = count_files(&b_out);
    let h_files = if hugo.is_some() { count_files(&h_out) } else { (0, 0) };

    // Nothing changed: the render cache finds nothing to do and writes nothing.
    let rebuild_args = ["build", "--root", &b_root, "--output", &b_out_s];
    let mut r_runs = Vec::new();
    for i in 0..runs {
        eprintln!("  broadsheet no-change rebuild, run {}/{runs}", i + 1);
        r_runs.push(timed(config, &config.broadsheet, &rebuild_args, "broadsheet rebuild")?);
    }
    // One article's text edited (a word added to its last line), built
    // with the cache; put back before the next run.
    let edited = first_article(&sites.broadsheet.join("content/articles"))?;
    let original = fs::read_to_string(&edited).map_err(|e| format!("{}: {e}", edited.display()))?;
    let mut e_runs = Vec::new();
    for i in 0..runs {
        let changed = format!("{} edited{i}\n", original.trim_end());
        fs::write(&edited, changed).map_err(|e| format!("{}: {e}", edited.display()))?;
        eprintln!("  broadsheet one-edit rebuild, run {}/{runs}", i + 1);
        e_runs.push(timed(config, &config.broadsheet, &rebuild_args, "broadsheet one-edit rebuild")?);
    }
    fs::write(&edited, &original).map_err(|e| format!("{}: {e}", edited.display()))?;
    // The build's own summary line says what a rebuild wrote.
    let summary_of = |runs: &[Run]| {
        runs.last()
            .and_then(|r| r.stderr.lines().rev().find(|l| l.starts_with("built ")).map(str::to_string))
            .unwrap_or_else(|| "(no summary line)".into())
    };
    let counts_of = |summary: &str| summary.rsplit_once(": ").map_or(summary, |(_, c)| c).to_string();
    let summary = summary_of(&r_runs);
    let counts = counts_of(&summary);
    let edit_counts = counts_of(&summary_of(&e_runs));

    s.push_str("| tool | runs | wall median (s) | wall min–max (s) | CPU user+sys median (s) | peak RSS median (MiB) | files in output (HTML) | pages/s | other load (CPU s) |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    row(&mut s, "Broadsheet", &b_runs, Some(b_files));
    if hugo.is_some() {
        row(&mut s, "Hugo", &h_runs, Some(h_files));
    }
    row(&mut s, &format!("Broadsheet no-change rebuild ({counts})"), &r_runs, Some(b_files));
    row(&mut s, &format!("Broadsheet rebuild, one article edited ({edit_counts})"), &e_runs, Some(b_files));
    s.push('\n');
    if hugo.is_some() {
        let wall = median(b_runs.iter().map(|r| r.wall)) / median(h_runs.iter().map(|r| r.wall));
        let _ = write!(s, "Broadsheet/Hugo: wall ×{wall:.2}");
        if let (Some(bm), Some(hm)) = (median_rss(&b_runs), median_rss(&h_runs)) {
            let _ = write!(s, ", peak memory ×{:.2}", bm / hm);
        }
        if let (Some(bc), Some(hc)) = (median_cpu(&b_runs), median_cpu(&h_runs)) {
            let _ = write!(s, ", CPU ×{:.2}", bc / hc);
        }
        s.push_str(" (below 1: Broadsheet is faster / smaller).\n");
    }
    let _ = writeln!(s, "No-change rebuild summary: `{summary}`\n");
    let _ = writeln!(
        s,
        "Other load: CPU seconds the rest of the machine used during each run (/proc/stat, minus the build's own); \
         well above zero means another process competed for the CPUs and that timing is pessimistic.\n"
    );
    Ok((s, Figures { n, broadsheet: b_runs, hugo: h_runs, rebuild: r_runs, edit: e_runs }))
}

/// What the Rust corpus generated, for the report.
fn describe_stats(s: &mut String, stats: Option<corpus::Stats>, gen_secs: f64, dir: &Path) {
    match stats {
        Some(st) => {
            let _ = writeln!(
                s,
                "Corpus generated in {gen_secs:.1} s: {} articles, {} words ({}–{} per article, mean {:.0}), \
                 {:.1} paragraphs per article, {} with a list, {} with a quote, {:.1} MB of Markdown; \
                 articles per topic (Zipf): {:?}.\n",
                st.articles,
                st.words,
                st.min_words,
                st.max_words,
                st.words as f64 / st.articles.max(1) as f64,
                st.paragraphs as f64 / st.articles.max(1) as f64,
                st.lists,
                st.quotes,
                st.bytes as f64 / 1e6,
                st.per_topic
            );
        }
        None => {
            let _ = writeln!(s, "Corpus reused from {} (same generator version and size).\n", dir.display());
        }
    }
}

/// Both sites written by `benches/gen_corpus.py` under `dir`, reused while
/// the script and N are the same; the theme is copied afresh every time.
/// Whether they were generated now.
fn generated_sites(
    python: &str,
    script: &Path,
    themes: &Path,
    dir: &Path,
    n: usize,
    with_hugo: bool,
) -> Result<(corpus::Sites, bool), String> {
    let sites = corpus::Sites { broadsheet: dir.join("broadsheet"), hugo: dir.join("hugo") };
    let code = fs::read(script).map_err(|e| format!("{}: {e}", script.display()))?;
    let stamp = dir.join("corpus.stamp");
    let want = format!("gen_corpus.py {:016x}\narticles {n}\nhugo {with_hugo}\n", fnv(&code));
    let fresh = fs::read_to_string(&stamp).ok().as_deref() != Some(want.as_str());
    if fresh {
        remove(dir)?;
        fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let formats: &[(&str, &Path)] = if with_hugo {
            &[("broadsheet", &sites.broadsheet), ("hugo", &sites.hugo)]
        } else {
            &[("broadsheet", &sites.broadsheet)]
        };
        for (format, out) in formats {
            let status = Command::new(python)
                .arg(script)
                .args(["--n", &n.to_string(), "--format", format, "--out"])
                .arg(out)
                .stdout(Stdio::null())
                .status()
                .map_err(|e| format!("cannot run {python}: {e}"))?;
            if !status.success() {
                return Err(format!("{} --format {format} failed ({status})", script.display()));
            }
        }
    }
    let copy = sites.broadsheet.join("themes");
    remove(&copy)?;
    corpus::copy_dir(themes, &copy).map_err(|e| format!("copying themes/: {e}"))?;
    if fresh {
        fs::write(&stamp, want).map_err(|e| format!("{}: {e}", stamp.display()))?;
    }
    Ok((sites, fresh))
}

/// FNV-1a: a stamp of the generator's text.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

fn row(s: &mut String, name: &str, runs: &[Run], files: Option<(usize, usize)>) {
    if runs.is_empty() {
        return;
    }
    let walls: Vec<f64> = runs.iter().map(|r| r.wall).collect();
    let wall = median(walls.iter().copied());
    let min = walls.iter().copied().fold(f64::INFINITY, f64::min);
    let max = walls.iter().copied().fold(0.0, f64::max);
    let cpu = median_cpu(runs).map_or("n/a".into(), |c| format!("{c:.2}"));
    let rss = median_rss(runs).map_or("n/a".into(), |m| format!("{m:.0}"));
    let (files, html) = files.unwrap_or((0, 0));
    let others: Vec<f64> = runs.iter().filter_map(|r| r.other).collect();
    let other = if others.is_empty() {
        "n/a".to_string()
    } else {
        format!("{:.1} (max {:.1})", median(others.iter().copied()), others.iter().copied().fold(0.0, f64::max))
    };
    let _ = writeln!(
        s,
        "| {name} | {} | {wall:.2} | {min:.2}–{max:.2} | {cpu} | {rss} | {} ({}) | {} | {other} |",
        runs.len(),
        thousands(files as f64),
        thousands(html as f64),
        thousands(files as f64 / wall)
    );
}

fn median(xs: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = xs.collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

fn median_cpu(runs: &[Run]) -> Option<f64> {
    let v: Vec<f64> = runs.iter().filter_map(|r| r.cpu).collect();
    (!v.is_empty()).then(|| median(v.into_iter()))
}

fn median_rss(runs: &[Run]) -> Option<f64> {
    let v: Vec<f64> = runs.iter().filter_map(|r| r.rss_kib).map(|k| k as f64 / 1024.0).collect();
    (!v.is_empty()).then(|| median(v.into_iter()))
}

/// `12345.6` → `12,346`.
fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let digits = format!("{:.0}", x.round());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The README's table: one row per size, then each target of issue 14
/// checked against this run.
fn summary(config: &Config, figures: &[Figures]) -> String {
    let mut s = String::from("## Summary\n\n");
    let _ = writeln!(
        s,
        "Corpus: {}. Machine: {}. Hugo: {}. Broadsheet and Hugo runs alternate; output in {}.\n",
        config.corpus_name(),
        machine(),
        config.hugo_version,
        config.dir.display()
    );
    s.push_str("| articles | Broadsheet wall (s), median (min–max) | Hugo wall (s), median (min–max) | wall ×Hugo | Broadsheet peak memory (MiB) | Hugo peak memory (MiB) | memory ×Hugo | CPU ×Hugo | no-change rebuild (s) |\n");
    s.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let spread = |runs: &[Run]| {
        if runs.is_empty() {
            return "—".to_string();
        }
        let walls = || runs.iter().map(|r| r.wall);
        format!(
            "{:.2} ({:.2}–{:.2})",
            median(walls()),
            walls().fold(f64::INFINITY, f64::min),
            walls().fold(0.0, f64::max)
        )
    };
    let ratio = |b: Option<f64>, h: Option<f64>| match (b, h) {
        (Some(b), Some(h)) if h > 0.0 => format!("{:.2}", b / h),
        _ => "—".into(),
    };
    let mib = |m: Option<f64>| m.map_or("—".into(), |m| format!("{m:.0}"));
    let wall = |runs: &[Run]| (!runs.is_empty()).then(|| median(runs.iter().map(|r| r.wall)));
    for f in figures {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            thousands(f.n as f64),
            spread(&f.broadsheet),
            spread(&f.hugo),
            ratio(wall(&f.broadsheet), wall(&f.hugo)),
            mib(median_rss(&f.broadsheet)),
            mib(median_rss(&f.hugo)),
            ratio(median_rss(&f.broadsheet), median_rss(&f.hugo)),
            ratio(median_cpu(&f.broadsheet), median_cpu(&f.hugo)),
            wall(&f.rebuild).map_or("—".into(), |r| format!("{r:.2}")),
        );
    }
    s.push_str("\nTargets (issue 14), as measured in this run:\n\n");
    let at = |n: usize| figures.iter().find(|f| f.n == n);
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    if let Some(f) = at(10_000) {
        if let Some(r) = wall(&f.broadsheet).zip(wall(&f.hugo)).map(|(b, h)| b / h) {
            let _ = writeln!(s, "- 10,000 articles, wall ≤ 0.35× Hugo's: {r:.2}× — {}", verdict(r <= 0.35));
        }
        if let Some(r) = median_rss(&f.broadsheet).zip(median_rss(&f.hugo)).map(|(b, h)| b / h) {
            let _ = writeln!(s, "- 10,000 articles, peak memory ≤ 0.5× Hugo's: {r:.2}× — {}", verdict(r <= 0.5));
        }
        if let Some(r) = wall(&f.rebuild).zip(wall(&f.broadsheet)).map(|(r, b)| r / b) {
            let _ = writeln!(
                s,
                "- 10,000 articles, no-change rebuild ≤ 0.2× a full build: {r:.2}× — {}",
                verdict(r <= 0.2)
            );
        }
        if let Some(e) = wall(&f.edit) {
            let _ = writeln!(
                s,
                "- 10,000 articles, one edited article rebuilds in ≤ 0.3 s: {e:.2} s — {}",
                verdict(e <= 0.3)
            );
        }
        if let Some(r) = at(50_000).and_then(|g| wall(&g.broadsheet)).zip(wall(&f.broadsheet)).map(|(g, t)| g / t) {
            let _ = writeln!(s, "- 50,000 articles in ≤ 5.5× the 10,000 time: {r:.2}× — {}", verdict(r <= 5.5));
        }
    }
    if let Some(m) = at(200_000).and_then(|f| median_rss(&f.broadsheet)) {
        let gib = m / 1024.0;
        let _ = writeln!(s, "- 200,000 articles, peak memory ≤ 4 GiB: {gib:.2} GiB — {}", verdict(gib <= 4.0));
    }
    s.push('\n');
    s
}

/// CPU model, cores and memory, from /proc (Linux).
fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find(|l| l.starts_with("model name"))?.split_once(':').map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cpu}, {cores} cores, {}", mem_total())
}

fn mem_total() -> String {
    fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            let kb: f64 = m.lines().find(|l| l.starts_with("MemTotal:"))?.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} GiB RAM", kb / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown RAM".into())
}

/// CPU seconds the whole machine has been busy since boot (/proc/stat).
fn machine_busy() -> Option<f64> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let f: Vec<f64> = stat.lines().next()?.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal …
    let total: f64 = f.iter().take(8).sum();
    Some((total - f.get(3)? - f.get(4)?) / clock_ticks())
}

/// This process's user+system CPU seconds, all threads (Linux only).
fn process_cpu() -> Option<f64> {
    let stat = fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // Fields 14 and 15 of proc(5), counted from `state` (field 3).
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / clock_ticks())
}

fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
            .unwrap_or(100.0)
    })
}

fn bench_cleaner(n: usize, runs: usize) -> String {
    // As `broadsheet` sets it for itself. Child processes inherit this, so
    // it runs only here, after every build has been timed: Hugo's runs
    // keep the machine's setting.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    eprintln!("cleaner: generating {n} raw dumps …");
    let dumps: Vec<corpus::raw::Dump> = (0..n).map(corpus::raw::dump).collect();
    let bytes: usize = dumps.iter().map(|d| d.text.len()).sum();
    let expected: usize = dumps.iter().map(|d| d.body.len()).sum();
    let inputs: Vec<RawText> = dumps.iter().map(|d| RawText { name: d.name.clone(), text: d.text.clone() }).collect();
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut last = Vec::new();
    // A run repeats clean_corpus until it has cleaned for a second, so that
    // the CPU clock's 10 ms ticks average out; freeing each result is left
    // out of the timing. Figures are per pass.
    for i in 0..runs {
        eprintln!("  clean_corpus, run {}/{runs}", i + 1);
        let (mut wall, mut cpu, mut passes) = (0.0, Some(0.0), 0u32);
        while wall < 1.0 {
            let cpu0 = process_cpu();
            let start = Instant::now();
            let out = clean_corpus(std::hint::black_box(&inputs));
            wall += start.elapsed().as_secs_f64();
            cpu = cpu.zip(process_cpu().zip(cpu0)).map(|(c, (b, a))| c + b - a);
            passes += 1;
            last = out;
        }
        walls.push(wall / f64::from(passes));
        if let Some(c) = cpu {
            cpus.push(c / f64::from(passes));
        }
    }
    // How close the cleaner came to the paragraphs the dumps were built from.
    let (mut kept, mut extra) = (0, 0);
    for (d, c) in dumps.iter().zip(&last) {
        let want: std::collections::HashSet<&str> = d.body.iter().map(String::as_str).collect();
        for p in &c.body {
            if want.contains(p.as_str()) {
                kept += 1;
            } else {
                extra += 1;
            }
        }
    }
    let wall = median(walls.iter().copied());
    let mb = bytes as f64 / 1e6;
    let mut s = format!("## Cleaner: `broadsheet::clean::clean_corpus` on {} raw dumps\n\n", thousands(n as f64));
    s.push_str("| dumps | MB | runs | wall per pass, median (s) | wall min–max (s) | CPU per pass, median (s) | articles/s | MB/s (wall) | MB/s per CPU-second |\n");
    s.push_str("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let cpu = (!cpus.is_empty()).then(|| median(cpus.iter().copied()));
    let min = walls.iter().copied().fold(f64::INFINITY, f64::min);
    let max = walls.iter().copied().fold(0.0, f64::max);
    let _ = writeln!(
        s,
        "| {} | {mb:.1} | {runs} | {wall:.3} | {min:.3}–{max:.3} | {} | {} | {:.1} | {} |",
        thousands(n as f64),
        cpu.map_or("n/a".into(), |c| format!("{c:.2}")),
        thousands(n as f64 / wall),
        mb / wall,
        cpu.filter(|&c| c > 0.0).map_or("n/a".into(), |c| format!("{:.1}", mb / c)),
    );
    let _ = writeln!(
        s,
        "\nTarget: ≥ 50 MB/s per core. CPU time is this process's (/proc/self/stat, {} Hz ticks), so a parallel \
         cleaner is measured per CPU-second. Body paragraphs: {kept} of the {expected} generated kept, {extra} \
         other lines kept as body.\n",
        clock_ticks()
    );
    s
}
