//! The registry of outputs: one module each. Adding an output is one new
//! module and one line here; `build` and `serve` both pick it up.

mod articles;
mod editions;
mod feeds;
mod home;
mod newsletter;
mod not_found;
mod publish;
mod search;
pub(crate) use search::lead;
mod sitemap;
mod statics;
mod topics;

use super::Output;

/// Every output a site has.
pub(crate) static ALL: &[&dyn Output] = &[
    &home::Home,
    &editions::Editions,
    &topics::Topics,
    &articles::Articles,
    &not_found::NotFound,
    &feeds::Feeds,
    &newsletter::Newsletter,
    &sitemap::Sitemap,
    &publish::Publish,
    &search::Search,
    &statics::Statics,
];
