//! `broadsheet serve`: a live preview of the site in the browser.

use std::io::Write;
use std::net::IpAddr;
use std::process::{Command, ExitCode, Stdio};

use broadsheet::serve::{Event, Rebuild, ServeOptions, Server};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: super::SiteArgs,
    /// The port to listen on; 0 picks a free one
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// The address to listen on; 0.0.0.0 makes the preview reachable from
    /// other machines
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Open the preview in the default browser
    #[arg(long)]
    open: bool,
    /// Report only failed builds
    #[arg(long, short)]
    quiet: bool,
}

#[allow(clippy::print_stdout, clippy::print_stderr)]
pub fn run(args: Args) -> Result<ExitCode, String> {
    let options = ServeOptions {
        root: args.site.root,
        bind: args.bind,
        port: args.port,
        drafts: args.site.drafts,
        future: args.site.future,
    };
    if !args.bind.is_loopback() {
        eprintln!("note: --bind {} makes the preview reachable from other machines", args.bind);
    }
    let (server, first) = Server::start(options)?;
    let quiet = args.quiet;
    report(&first, quiet);
    let url = server.url();
    println!("Serving at {url}");
    // Tests and scripts wait for this line.
    let _ = std::io::stdout().flush();
    if args.open {
        open_browser(&url);
    }
    server.run(|event| match event {
        Event::Rebuilt(rebuild) => report(&rebuild, quiet),
        Event::Watch(problem) => eprintln!("watching files: {problem}"),
    })?;
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::print_stderr)]
fn report(rebuild: &Rebuild, quiet: bool) {
    let ms = rebuild.elapsed.as_millis();
    let what = match rebuild.changed.as_slice() {
        [] => "built".to_string(),
        [one] => format!("{} changed: rebuilt", one.display()),
        [one, rest @ ..] => format!("{} and {} more changed: rebuilt", one.display(), rest.len()),
    };
    if !quiet {
        for w in &rebuild.skipped {
            eprintln!("warning: {w}");
        }
    }
    match &rebuild.outcome {
        Ok(pages) if !quiet && rebuild.incremental => {
            eprintln!("{what} {pages} page{} showing it in {ms} ms", if *pages == 1 { "" } else { "s" })
        }
        Ok(pages) if !quiet => eprintln!("{what} {pages} pages in {ms} ms"),
        Ok(_) => {}
        Err(e) => eprintln!("{what} in {ms} ms with problems (shown in the browser until fixed):\n{e}"),
    }
}

/// Opens `url` in the default browser; failing to is not an error.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = Command::new("cmd");
        c.args(["/c", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        Command::new("open")
    } else {
        Command::new("xdg-open")
    };
    if let Ok(mut child) = command.arg(url).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).spawn() {
        // Reap it, so that it does not linger as a zombie.
        std::thread::spawn(move || child.wait());
    }
}
