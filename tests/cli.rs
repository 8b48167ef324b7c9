//! The `broadsheet` binary, run as a process: exit codes, stdout, stderr.

mod common;

use assert_cmd::Command;
use common::Fixture;

fn broadsheet() -> Command {
    Command::cargo_bin("broadsheet").unwrap()
}

#[test]
fn build_writes_the_site_and_reports_a_summary() {
    let site = Fixture::new("basic");
    let out = broadsheet().arg("build").current_dir(site.root()).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("built ") && stderr.contains("pages"), "{stderr}");
    assert!(site.out().join("index.html").is_file());
    assert!(site.out().join("articles/alpha-new/index.html").is_file());
}

#[test]
fn build_takes_root_output_and_quiet() {
    let site = Fixture::new("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("site-out");
    broadsheet()
        .args(["build", "--quiet", "--root"])
        .arg(site.root())
        .arg("--output")
        .arg(&target)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    assert!(target.join("404.html").is_file());
    assert!(!site.out().exists());
}

#[test]
fn a_failing_build_exits_non_zero_naming_file_and_line() {
    let site = Fixture::new("basic");
    site.write("content/articles/broken.md", "---\ntitle: \"T\"\nsource: \"\"\n---\n");
    let out = broadsheet().args(["build", "--root"]).arg(site.root()).assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("content/articles/broken.md:3: `source` is empty"), "{stderr}");
    assert!(!site.out().exists(), "nothing written on failure");
}

#[test]
fn a_bad_base_url_flag_is_refused() {
    let site = Fixture::new("basic");
    let out =
        broadsheet().args(["build", "--base-url", "user.github.io/repo", "--root"]).arg(site.root()).assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("--base-url") && stderr.contains("absolute"), "{stderr}");
}

#[test]
fn outside_a_site_the_error_says_where_it_looked() {
    let empty = tempfile::tempdir().unwrap();
    let out = broadsheet().arg("build").current_dir(empty.path()).assert().failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("no site.toml"), "{stderr}");
}

#[test]
fn every_command_has_help() {
    let out = broadsheet().arg("--help").assert().success();
    let help = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.contains(&"build"), "{help}");
    for command in commands {
        let out = broadsheet().args([command, "--help"]).assert().success();
        let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
        assert!(text.contains(&format!("Usage: broadsheet {command}")), "{command}: {text}");
    }
}

#[test]
fn version_names_the_command_and_its_version() {
    // The command is `broadsheet`, whatever the package is called on crates.io.
    broadsheet().arg("--version").assert().success().stdout(format!("broadsheet {}\n", env!("CARGO_PKG_VERSION")));
}
