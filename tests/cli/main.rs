//! The one integration test binary: each module runs the real `gongshi` on small sites
//! built by `support::SiteTest` (`mutations` calls the library in-process instead, to check
//! hundreds of damaged sites in a second).

mod architecture;
mod bench_scripts;
mod browser;
mod build;
mod built;
mod check;
mod clerk;
mod deploy;
mod from_disk;
mod history;
mod history_pages;
mod host;
mod import;
mod links;
mod load;
mod malformed;
mod marks;
mod mutations;
mod open_data;
mod pagination;
mod plain_words;
mod print;
mod privacy;
mod record_words;
mod report;
mod search;
mod serve;
mod support;
mod wording;
mod wording_zh;
