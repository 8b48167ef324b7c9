//! The default theme is embedded with include_dir, which cannot tell cargo
//! to watch its files on stable Rust; this does. It also names the source
//! the binary is built from (a hash of it), so that the render cache of a
//! site is never used by a binary built from other code, even of the same
//! version.
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    let mut hasher = DefaultHasher::new();
    for part in ["src", "themes/default", "vendor", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={part}");
        add(Path::new(part), &mut hasher);
    }
    println!("cargo:rustc-env=BROADSHEET_SOURCE={:016x}", hasher.finish());
}

/// Every file under `path`, in sorted order, by name and bytes.
fn add(path: &Path, hasher: &mut DefaultHasher) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path()).collect();
        entries.sort();
        entries.iter().for_each(|p| add(p, hasher));
    } else if let Ok(bytes) = std::fs::read(path) {
        path.to_string_lossy().hash(hasher);
        bytes.hash(hasher);
    }
}
