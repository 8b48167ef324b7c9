//! One module per subcommand. Each `run` returns the exit code, or an error
//! message for stderr.

pub mod build;
pub mod check;
pub mod clean;
pub mod explain;
pub mod init;
pub mod new;
pub mod serve;
