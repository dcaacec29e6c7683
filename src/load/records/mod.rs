//! Decoders for each kind of content file, field by field as SPEC §2 lists them: one file per
//! record kind, and [`syntax`] for the YAML parse they share and its help for editors' slips.

mod document;
mod evaluation;
mod orgs;
mod site_config;
mod syntax;
mod task;

pub use document::decode_document;
pub use evaluation::decode_evaluation;
pub use orgs::{DecodedOrgs, decode_orgs};
pub use site_config::{decode_site_config, is_example_address, normalize_base_url};
pub use task::{claimed_task_id, decode_task};
