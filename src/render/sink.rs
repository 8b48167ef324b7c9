//! Where an output hands a job's input: rendered into bytes for a build,
//! or hashed so that the live preview can tell which jobs changed. An
//! output builds its input once and cannot render from anything else.
//! Rendering hashes the input too, so that the render cache learns each
//! page's fingerprint without building its input a second time.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use tera::{Context, Tera, Value};

use super::templates;
use crate::cache::hash::Fingerprint;
use crate::error::Diagnostic;

pub(crate) struct Sink<'a> {
    /// `None` when only fingerprinting. The context holds `site` alone
    /// between pages (see [`site_context`]).
    render: Option<(&'a Tera, &'a mut Context)>,
    /// What every template sees besides its own context; `None` when the
    /// fingerprint is not wanted (a build without the render cache), which
    /// then is 0.
    shared: Option<u64>,
    out: Vec<u8>,
    /// The input, hashed as serde walks it (`cache::hash`): no JSON is
    /// written for it.
    print: Fingerprint,
    /// An input that could not be hashed.
    failed: bool,
    /// In tests, a template page's template and context as JSON.
    #[cfg(test)]
    captured: Option<(String, serde_json::Value)>,
}

/// What every template sees besides its own context: the templates
/// themselves and the `site` value.
pub(super) fn shared_fingerprint(templates: u64, site: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    templates.hash(&mut h);
    site.to_string().hash(&mut h);
    h.finish()
}

/// A worker's template context: `site`, which every template sees. Each
/// page's own keys are moved in beside it for that page only, so that
/// `site` is converted once per worker, not cloned for every page.
pub(super) fn site_context(site: &Value) -> Context {
    let mut context = Context::new();
    context.insert("site", site);
    context
}

impl<'a> Sink<'a> {
    /// Renders into `out` (emptied first): a worker reuses one buffer for
    /// all its pages rather than growing a new one for each, and one
    /// [`site_context`].
    pub(super) fn render(tera: &'a Tera, site: &'a mut Context, shared: Option<u64>, mut out: Vec<u8>) -> Sink<'a> {
        out.clear();
        Sink { render: Some((tera, site)), out, shared, ..Sink::fingerprint(0) }
    }

    pub(super) fn fingerprint(shared: u64) -> Sink<'a> {
        Sink {
            render: None,
            shared: Some(shared),
            out: Vec::new(),
            print: Fingerprint::new(),
            failed: false,
            #[cfg(test)]
            captured: None,
        }
    }

    /// An HTML page: `template` over `context`, plus the `site` every
    /// template receives. `path` names the page in errors.
    pub(crate) fn template<T: Serialize>(&mut self, template: &str, path: &str, context: &T) -> Result<(), Diagnostic> {
        // Only pages made from templates depend on them.
        if let Some(shared) = self.shared {
            self.print.u64(shared);
            self.print.bytes(template.as_bytes());
            self.failed |= !self.print.value(context);
        }
        #[cfg(test)]
        {
            self.captured = serde_json::to_value(context).ok().map(|v| (template.to_string(), v));
        }
        if let Some((tera, site)) = self.render.as_mut() {
            let problem = |message: String| {
                Diagnostic::new(
                    format!("{}{template}", templates::RENDERING),
                    None,
                    format!("while rendering {path}: {message}"),
                )
                .hint("check the template against the context documented in themes/default/README.md")
            };
            let mut fields = match serde_json::to_value(context) {
                Ok(Value::Object(fields)) => fields,
                Ok(_) => return Err(problem("the context is not a map".into())),
                Err(e) => return Err(problem(e.to_string())),
            };
            // `site` is the site's, whatever the page's context holds.
            fields.remove("site");
            let keys: Vec<String> = fields.keys().cloned().collect();
            let page = Context::from_value(Value::Object(fields)).map_err(|e| problem(templates::chain(&e)))?;
            site.extend(page);
            self.out.clear();
            let rendered = tera.render_to(template, site, &mut self.out);
            for key in &keys {
                site.remove(key);
            }
            rendered.map_err(|e| problem(templates::chain(&e)))?;
        }
        Ok(())
    }

    /// Bytes that `render` makes from `input` alone (a function, not a
    /// closure: it can see nothing else).
    pub(crate) fn data<T: Serialize>(&mut self, input: &T, render: fn(&T) -> Vec<u8>) {
        if self.shared.is_some() {
            self.failed |= !self.print.value(input);
        }
        if self.render.is_some() {
            self.out = render(input);
        }
    }

    /// Bytes as they are (a static file).
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        if self.shared.is_some() {
            self.print.bytes(bytes);
        }
        if self.render.is_some() {
            self.out.clear();
            self.out.extend_from_slice(bytes);
        }
    }

    /// In a fingerprint, a template page's template and context (for
    /// checking the documented theme contract against the code).
    #[cfg(test)]
    pub(super) fn captured(&self) -> Option<(String, serde_json::Value)> {
        self.captured.clone()
    }

    /// The rendered bytes, and the input's fingerprint.
    pub(super) fn finish_render(self) -> (Vec<u8>, u64) {
        let print = self.finish_print();
        (self.out, print)
    }

    pub(super) fn finish_fingerprint(self) -> u64 {
        self.finish_print()
    }

    /// Equal fingerprints render equal bytes. An input that could not be
    /// hashed gets a fingerprint never seen before, so that its job
    /// always renders.
    fn finish_print(&self) -> u64 {
        static UNIQUE: AtomicU64 = AtomicU64::new(0);
        if self.shared.is_none() {
            return 0;
        }
        if self.failed {
            // Not stable across runs either: a cached page never matches it.
            let mut h = DefaultHasher::new();
            (std::process::id(), UNIQUE.fetch_add(1, Ordering::Relaxed)).hash(&mut h);
            return h.finish();
        }
        self.print.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_page_sees_site_and_its_own_keys_only() {
        let mut tera = Tera::default();
        tera.add_raw_template("t", "{{ site.title }}:{{ a | default(value='none') }}:{{ b | default(value='none') }}")
            .unwrap();
        let mut context = site_context(&serde_json::json!({ "title": "S" }));
        let mut render = |page: serde_json::Value| {
            let mut sink = Sink::render(&tera, &mut context, None, Vec::new());
            sink.template("t", "p", &page).unwrap();
            let (bytes, print) = sink.finish_render();
            assert_eq!(print, 0, "no fingerprint was asked for");
            String::from_utf8(bytes).unwrap()
        };
        assert_eq!(render(serde_json::json!({ "a": 1 })), "S:1:none");
        // `a` is gone; a page's own `site` does not replace the site's.
        assert_eq!(render(serde_json::json!({ "b": 2, "site": { "title": "X" } })), "S:none:2");
        assert_eq!(render(serde_json::json!({})), "S:none:none");
    }
}
