//! One task ledger, as the loader decodes it: the bytes of a `content/tasks/…/*.yaml` file
//! go through the text decoder (BOM, CRLF, GB18030 detection) and the task decoder. No
//! input may panic, and every problem must point at a line of this file.

#![no_main]

use gongshi::load::{claimed_task_id, decode_task, files::decode_text};
use libfuzzer_sys::fuzz_target;

const SHOWN: &str = "content/tasks/xidong/2022-xidong-01.yaml";
const STEM: &str = "2022-xidong-01";

fuzz_target!(|bytes: &[u8]| {
    let text = match decode_text(bytes, SHOWN) {
        Ok(text) => text,
        Err(diagnostic) => {
            assert_eq!(diagnostic.path, SHOWN);
            assert!(
                diagnostic.pos.line >= 1 && diagnostic.pos.col >= 1,
                "unlocated: {diagnostic:?}"
            );
            return;
        }
    };
    let (task, diagnostics) = decode_task(SHOWN, STEM, &text);
    // Lines as YAML counts them (a lone carriage return also ends one), and one more for
    // an error at the end of the file.
    let lines = text.matches('\n').count() + text.matches('\r').count() + 1;
    let lines = lines as u32;
    for diagnostic in diagnostics.items() {
        assert_eq!(diagnostic.path, SHOWN, "{diagnostic:?}");
        assert!(
            (1..=lines).contains(&diagnostic.pos.line) && diagnostic.pos.col >= 1,
            "not located in the file ({lines} lines): {diagnostic:?}"
        );
    }
    if task.is_none() {
        let _ = claimed_task_id(STEM, &text);
    }
});
