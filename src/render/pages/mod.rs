//! Building the view of each page from the model, one file per page family. Three scopes
//! say what a page may see, each wider than the last (a wider one reaches the narrower
//! through `Deref`): [`TaskScope`] builds a task's page and row and sees no other task;
//! [`ListScope`] adds every task's row and builds the lists, orgs, evaluation rounds,
//! notices and other pages made from rows; [`SiteScope`] adds the whole site and builds
//! the dashboard and the free pages. `serve` keeps what a narrow scope built for as long
//! as that scope is unchanged.

mod changes;
mod documents;
mod evaluations;
mod home;
mod lists;
mod orgs;
mod scope;
mod task;

pub use changes::{HistoryScope, UnpublishedRecords, publication_path, unpublished};
pub use home::{NEWEST_LEDGER, SiteScope};
pub use lists::ListScope;
pub(crate) use lists::page_count;
pub use scope::TaskScope;
