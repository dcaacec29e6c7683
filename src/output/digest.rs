//! The sha256 of a file's bytes, in hex, as the manifest, the open-data package and the
//! publication chain record it.

use sha2::{Digest, Sha256};

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
