//! This repository's own GitHub workflows: CI runs `.ci/run`, a tag makes a
//! release. (The Pages workflow is tested with `init`'s in publish.rs.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn workflow(name: &str) -> serde_yaml::Value {
    let path = repo().join(".github/workflows").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn steps<'a>(wf: &'a serde_yaml::Value, job: &str) -> &'a [serde_yaml::Value] {
    wf["jobs"][job]["steps"].as_sequence().unwrap_or_else(|| panic!("no job {job}"))
}

#[test]
fn every_workflow_parses_and_every_action_is_pinned_to_a_version() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(repo().join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    for path in names {
        let wf = workflow(path.file_name().unwrap().to_str().unwrap());
        assert!(wf["on"].is_mapping(), "{}: no triggers", path.display());
        for job in wf["jobs"].as_mapping().unwrap().values() {
            for step in job["steps"].as_sequence().unwrap() {
                if let Some(uses) = step["uses"].as_str() {
                    let (_, version) = uses.split_once('@').unwrap_or_else(|| panic!("{}: {uses}", path.display()));
                    assert!(version.starts_with('v') || version.len() == 40, "{}: {uses}", path.display());
                }
            }
        }
    }
}

#[test]
fn ci_runs_the_ci_script_on_push_and_pull_request_with_cargo_cached() {
    let wf = workflow("ci.yml");
    assert!(wf["on"].get("push").is_some() && wf["on"].get("pull_request").is_some(), "{:?}", wf["on"]);
    assert_eq!(wf["permissions"]["contents"].as_str(), Some("read"));
    let steps = steps(&wf, "ci");
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert_eq!(runs.last(), Some(&".ci/run"), "{runs:?}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(repo().join(".ci/run")).unwrap().permissions().mode();
        assert!(mode & 0o111 != 0, ".ci/run is not executable");
    }
    let cargo = steps
        .iter()
        .find(|s| {
            s["uses"].as_str().is_some_and(|u| u.starts_with("actions/cache@"))
                && s["with"]["key"].as_str().is_some_and(|k| k.contains("hashFiles('Cargo.lock')"))
        })
        .expect("a cache keyed on Cargo.lock");
    let paths: Vec<&str> = cargo["with"]["path"].as_str().unwrap().lines().collect();
    for p in ["~/.cargo/registry/index", "~/.cargo/registry/cache", "~/.cargo/git/db", "target"] {
        assert!(paths.contains(&p), "{p} not cached: {paths:?}");
    }
}

#[test]
fn a_release_is_a_tag_of_the_version_and_its_check_refuses_any_other() {
    let wf = workflow("release.yml");
    assert_eq!(wf["on"]["push"]["tags"][0].as_str(), Some("v*"));
    let steps = steps(&wf, "release");
    let run = |name: &str| {
        steps
            .iter()
            .find(|s| s["name"].as_str() == Some(name))
            .and_then(|s| s["run"].as_str())
            .unwrap_or_else(|| panic!("no step {name}"))
    };
    assert_eq!(run("Build"), "cargo build --release --locked");
    // The check step, run here as the runner would on two tags.
    let check = |tag: &str| {
        Command::new("bash")
            .args(["-e", "-c", run("Check the tag is the version")])
            .current_dir(repo())
            .env("GITHUB_REF_NAME", tag)
            .output()
            .unwrap()
    };
    assert!(check(&format!("v{}", env!("CARGO_PKG_VERSION"))).status.success());
    let wrong = check("v999.0.0");
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains(&format!("is not v{}", env!("CARGO_PKG_VERSION"))));
}

#[test]
fn the_readme_installs_what_a_new_sites_workflow_installs() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let site = broadsheet::init::Install::release(broadsheet::init::REPOSITORY, env!("CARGO_PKG_VERSION")).command;
    let command = site.replace(" --root ~/.broadsheet", "");
    assert!(readme.contains(&command), "README.md does not show `{command}`");
    assert!(readme.contains("cargo install --locked --path ."));
}
