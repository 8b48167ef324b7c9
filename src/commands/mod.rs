//! One module per subcommand. Each `run` returns the exit code, or an error
//! message for stderr.

use std::path::PathBuf;

/// Which site, and which of its content: shared by build, check and serve.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The site folder, holding site.toml
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include content marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Include content dated in the future
    #[arg(long)]
    pub future: bool,
}

/// "1 article", "2 articles".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub mod add;
pub mod build;
pub mod check;
pub mod clean;
pub mod explain;
pub mod init;
pub mod new;
pub mod newsletter;
pub mod serve;
