//! The default theme is embedded with include_dir, which cannot tell cargo
//! to watch its files on stable Rust; this does.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
