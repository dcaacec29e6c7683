//! Hashing view data exactly as the templates see it: the value is serialised as JSON
//! straight into a 128-bit hasher, so two views hash alike only if a template sees the
//! same data in both. A field added to a view struct is hashed with no change here.

use serde::Serialize;
use siphasher::sip128::{Hasher128 as _, SipHasher13};

/// A hash of a view's serialised form.
pub fn hash_of(value: &impl Serialize) -> u128 {
    let mut writer = HashWriter(SipHasher13::new());
    // Views are plain data: serialising one into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut writer, value);
    writer.0.finish128().as_u128()
}

/// Feeds serialised view data straight into the hasher, without building the JSON text.
pub struct HashWriter(pub SipHasher13);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(&mut self.0, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
