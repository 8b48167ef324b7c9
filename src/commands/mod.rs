//! One module per subcommand. Each `run` returns the exit code, or an error
//! message for stderr.

pub mod build;
pub mod clean;
pub mod serve;
