//! Where an output hands a job's input: rendered into bytes for a build,
//! or hashed so that the live preview can tell which jobs changed. An
//! output builds its input once and cannot render from anything else.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use tera::{Context, Tera, Value};

use super::templates;
use crate::error::Diagnostic;

pub struct Sink<'a> {
    mode: Mode<'a>,
    out: Vec<u8>,
}

enum Mode<'a> {
    Render {
        tera: &'a Tera,
        site: &'a Value,
    },
    /// The input is serialised into `out`, then hashed in one go (far
    /// faster than hashing serde's many small writes).
    Fingerprint {
        shared: u64,
        failed: bool,
    },
}

/// What every template sees besides its own context: the templates
/// themselves and the `site` value.
pub(super) fn shared_fingerprint(templates: u64, site: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    templates.hash(&mut h);
    site.to_string().hash(&mut h);
    h.finish()
}

impl<'a> Sink<'a> {
    /// Renders into `out` (emptied first): a worker reuses one buffer for
    /// all its pages rather than growing a new one for each.
    pub(super) fn render(tera: &'a Tera, site: &'a Value, mut out: Vec<u8>) -> Sink<'a> {
        out.clear();
        Sink { mode: Mode::Render { tera, site }, out }
    }

    pub(super) fn fingerprint(shared: u64) -> Sink<'a> {
        Sink { mode: Mode::Fingerprint { shared, failed: false }, out: Vec::with_capacity(16 * 1024) }
    }

    /// An HTML page: `template` over `context`, plus the `site` every
    /// template receives. `path` names the page in errors.
    pub fn template<T: Serialize>(&mut self, template: &str, path: &str, context: &T) -> Result<(), Diagnostic> {
        match &mut self.mode {
            Mode::Render { tera, site } => {
                let problem = |message: String| {
                    Diagnostic::new(
                        format!("{}{template}", templates::RENDERING),
                        None,
                        format!("while rendering {path}: {message}"),
                    )
                    .hint("check the template against the context documented in themes/default/README.md")
                };
                // `site` cloned as a value: inserting it would serialise it
                // again for every page.
                let mut fields = match serde_json::to_value(context) {
                    Ok(Value::Object(fields)) => fields,
                    Ok(_) => return Err(problem("the context is not a map".into())),
                    Err(e) => return Err(problem(e.to_string())),
                };
                fields.insert("site".into(), (*site).clone());
                let ctx = Context::from_value(Value::Object(fields)).map_err(|e| problem(templates::chain(&e)))?;
                self.out.clear();
                tera.render_to(template, &ctx, &mut self.out).map_err(|e| problem(templates::chain(&e)))?;
            }
            Mode::Fingerprint { shared, failed } => {
                // Only pages made from templates depend on them.
                self.out.extend_from_slice(&shared.to_le_bytes());
                self.out.extend_from_slice(template.as_bytes());
                self.out.push(0);
                *failed |= serde_json::to_writer(&mut self.out, context).is_err();
            }
        }
        Ok(())
    }

    /// Bytes that `render` makes from `input` alone (a function, not a
    /// closure: it can see nothing else).
    pub fn data<T: Serialize>(&mut self, input: &T, render: fn(&T) -> Vec<u8>) {
        match &mut self.mode {
            Mode::Render { .. } => self.out = render(input),
            Mode::Fingerprint { failed, .. } => *failed |= serde_json::to_writer(&mut self.out, input).is_err(),
        }
    }

    /// Bytes as they are (a static file).
    pub fn bytes(&mut self, bytes: &[u8]) {
        match &mut self.mode {
            Mode::Render { .. } => {
                self.out.clear();
                self.out.extend_from_slice(bytes);
            }
            Mode::Fingerprint { .. } => self.out.extend_from_slice(bytes),
        }
    }

    /// In a fingerprint, a template page's template and context (for
    /// checking the documented theme contract against the code).
    #[cfg(test)]
    pub(super) fn captured(&self) -> Option<(String, serde_json::Value)> {
        let rest = self.out.get(8..)?;
        let nul = rest.iter().position(|&b| b == 0)?;
        let template = String::from_utf8(rest[..nul].to_vec()).ok()?;
        Some((template, serde_json::from_slice(&rest[nul + 1..]).ok()?))
    }

    pub(super) fn finish_render(self) -> Vec<u8> {
        self.out
    }

    /// An input that could not be hashed gets a fingerprint never seen
    /// before, so that its job always renders.
    pub(super) fn finish_fingerprint(self) -> u64 {
        static UNIQUE: AtomicU64 = AtomicU64::new(0);
        match self.mode {
            Mode::Fingerprint { failed: true, .. } => UNIQUE.fetch_add(1, Ordering::Relaxed) ^ 0x9e37_79b9_7f4a_7c15,
            Mode::Fingerprint { .. } => {
                let mut hasher = DefaultHasher::new();
                hasher.write(&self.out);
                hasher.finish()
            }
            Mode::Render { .. } => 0,
        }
    }
}
