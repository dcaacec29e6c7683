//! The one integration test binary: each module runs the real `gongshi` on small sites
//! built by `support::SiteTest`.

mod check;
mod malformed;
mod support;
