//! A `kind: s3` target: any S3-compatible bucket (Aliyun OSS, Tencent COS, MinIO, AWS),
//! through `object_store`, which signs the requests. Each object carries the sha256 of its
//! bytes in its metadata, so a later deploy can tell it unchanged even where the ETag is not
//! an MD5 (multipart uploads, encrypted buckets). No checksum headers are sent beyond what
//! a request requires (OSS and COS reject the AWS SDKs' newer defaults).

use super::Plan;
use super::local::{LocalFile, cache_control, content_type};
use crate::diagnostics::{Text, io_reason};
use crate::model::DeployKind;
use crate::words;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::path::Path as ObjectPath;
use object_store::{
    Attribute, AttributeValue, Attributes, BackoffConfig, ClientOptions, GetOptions, ObjectStore,
    ObjectStoreExt, PutOptions, PutPayload, RetryConfig,
};
use std::collections::BTreeMap;
use std::time::Duration;

/// The user metadata key (`x-amz-meta-gongshi-sha256` on the wire).
const HASH_KEY: &str = "gongshi-sha256";
/// Requests in flight at once.
const PARALLEL: usize = 8;

pub struct S3Host {
    store: AmazonS3,
    /// Without slashes at either end; empty for the bucket's root.
    prefix: String,
    described: Text,
    runtime: tokio::runtime::Runtime,
}

impl S3Host {
    pub fn new(kind: &DeployKind) -> Result<S3Host, Text> {
        let DeployKind::S3 {
            endpoint,
            bucket,
            prefix,
            region,
            path_style,
        } = kind
        else {
            return Err(Text::from("not an S3 target"));
        };
        let key_id = credential("AWS_ACCESS_KEY_ID")?;
        let secret = credential("AWS_SECRET_ACCESS_KEY")?;
        let retry = RetryConfig {
            backoff: BackoffConfig {
                init_backoff: Duration::from_millis(200),
                max_backoff: Duration::from_secs(5),
                base: 2.0,
            },
            max_retries: 3,
            retry_timeout: Duration::from_secs(60),
        };
        let mut client = ClientOptions::new()
            .with_timeout(Duration::from_secs(60))
            .with_connect_timeout(Duration::from_secs(10));
        let mut builder = AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region(region)
            .with_access_key_id(key_id)
            .with_secret_access_key(secret)
            .with_retry(retry)
            .with_virtual_hosted_style_request(!path_style);
        if let Ok(token) = std::env::var("AWS_SESSION_TOKEN")
            && !token.is_empty()
        {
            builder = builder.with_token(token);
        }
        let shown_endpoint = match endpoint {
            Some(endpoint) => {
                client = client.with_allow_http(endpoint.starts_with("http://"));
                let address = if *path_style {
                    endpoint.trim_end_matches('/').to_string()
                } else {
                    bucket_host(endpoint, bucket)
                };
                builder = builder.with_endpoint(&address);
                address
            }
            None => format!("https://{bucket}.s3.{region}.amazonaws.com"),
        };
        let store = builder.with_client_options(client).build().map_err(|err| {
            words!(
                "deploy_s3_cannot_connect",
                endpoint = &shown_endpoint,
                reason = err.to_string()
            )
        })?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|err| words!("deploy_s3_no_client", reason = io_reason(&err)))?;
        let described = if prefix.is_empty() {
            words!(
                "deploy_s3_bucket",
                bucket = bucket,
                endpoint = &shown_endpoint
            )
        } else {
            words!(
                "deploy_s3_bucket_folder",
                bucket = bucket,
                prefix = prefix,
                endpoint = &shown_endpoint
            )
        };
        Ok(S3Host {
            store,
            prefix: prefix.clone(),
            described,
            runtime,
        })
    }

    pub fn describe(&self) -> Text {
        self.described.clone()
    }

    fn key(&self, path: &str) -> ObjectPath {
        if self.prefix.is_empty() {
            ObjectPath::from(path)
        } else {
            ObjectPath::from(format!("{}/{path}", self.prefix))
        }
    }

    fn relative(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            key.strip_prefix(&self.prefix)
                .map(|k| k.trim_start_matches('/'))
                .unwrap_or(key)
                .to_string()
        }
    }

    pub fn plan(&self, local: &[LocalFile]) -> Result<Plan, Text> {
        self.runtime.block_on(self.plan_async(local))
    }

    async fn plan_async(&self, local: &[LocalFile]) -> Result<Plan, Text> {
        let prefix = (!self.prefix.is_empty()).then(|| ObjectPath::from(self.prefix.as_str()));
        let listed: Vec<_> = self
            .store
            .list(prefix.as_ref())
            .try_collect()
            .await
            .map_err(|err| {
                words!(
                    "deploy_s3_cannot_list",
                    what = self.described.clone(),
                    reason = error_text(&err)
                )
            })?;
        let mut remote = BTreeMap::new();
        for meta in listed {
            remote.insert(self.relative(meta.location.as_ref()), meta);
        }
        let mut deletes = Vec::new();
        let wanted: BTreeMap<&str, &LocalFile> =
            local.iter().map(|f| (f.path.as_str(), f)).collect();
        for path in remote.keys() {
            if !wanted.contains_key(path.as_str()) {
                deletes.push(path.clone());
            }
        }
        // Unchanged when the ETag is the MD5 of the same bytes; otherwise the stored hash
        // decides, read from the object's metadata.
        let mut to_ask = Vec::new();
        let mut uploads = Vec::new();
        let mut unchanged = 0;
        for file in local {
            match remote.get(&file.path) {
                Some(meta) if meta.size == file.size => {
                    let etag = meta
                        .e_tag
                        .as_deref()
                        .unwrap_or("")
                        .trim_matches('"')
                        .to_ascii_lowercase();
                    if etag == file.md5 {
                        unchanged += 1;
                    } else {
                        to_ask.push(file);
                    }
                }
                _ => uploads.push(file.clone()),
            }
        }
        let answers: Vec<(&LocalFile, Option<String>)> = stream::iter(to_ask)
            .map(|file| async move { (file, self.stored_hash(&file.path).await) })
            .buffer_unordered(PARALLEL)
            .collect()
            .await;
        for (file, hash) in answers {
            if hash.as_deref() == Some(file.sha256.as_str()) {
                unchanged += 1;
            } else {
                uploads.push(file.clone());
            }
        }
        Ok(Plan::new(uploads, deletes, unchanged))
    }

    async fn stored_hash(&self, path: &str) -> Option<String> {
        let options = GetOptions {
            head: true,
            ..GetOptions::default()
        };
        let got = self.store.get_opts(&self.key(path), options).await.ok()?;
        got.attributes
            .get(&Attribute::Metadata(HASH_KEY.into()))
            .map(|v| v.as_ref().to_string())
    }

    pub fn upload(&self, files: &[LocalFile]) -> Vec<(String, Text)> {
        self.runtime.block_on(async {
            stream::iter(files)
                .map(|file| async move {
                    self.put(file)
                        .await
                        .err()
                        .map(|message| (file.path.clone(), message))
                })
                .buffer_unordered(PARALLEL)
                .filter_map(|failure| async move { failure })
                .collect::<Vec<_>>()
                .await
        })
    }

    async fn put(&self, file: &LocalFile) -> Result<(), Text> {
        let bytes = tokio::fs::read(&file.full_path).await.map_err(|err| {
            words!(
                "deploy_cannot_read",
                path = file.full_path.display().to_string(),
                reason = io_reason(&err)
            )
        })?;
        let attributes = Attributes::from_iter([
            (
                Attribute::ContentType,
                AttributeValue::from(content_type(&file.path)),
            ),
            (
                Attribute::CacheControl,
                AttributeValue::from(cache_control(&file.path)),
            ),
            (
                Attribute::Metadata(HASH_KEY.into()),
                AttributeValue::from(file.sha256.clone()),
            ),
        ]);
        let options = PutOptions {
            attributes,
            ..PutOptions::default()
        };
        self.store
            .put_opts(&self.key(&file.path), PutPayload::from(bytes), options)
            .await
            .map(|_| ())
            .map_err(|err| words!("deploy_s3_upload_failed", reason = error_text(&err)))
    }

    pub fn delete(&self, paths: &[String]) -> Vec<(String, Text)> {
        self.runtime.block_on(async {
            stream::iter(paths)
                .map(|path| async move {
                    self.store.delete(&self.key(path)).await.err().map(|err| {
                        let reason = error_text(&err);
                        (
                            path.clone(),
                            words!("deploy_s3_delete_failed", reason = reason),
                        )
                    })
                })
                .buffer_unordered(PARALLEL)
                .filter_map(|failure| async move { failure })
                .collect::<Vec<_>>()
                .await
        })
    }
}

/// A credential from the environment, the only place it is read from.
fn credential(name: &str) -> Result<String, Text> {
    match std::env::var(name) {
        Ok(value) if !value.trim().is_empty() => Ok(value),
        _ => Err(words!("deploy_s3_no_credential", name = name)),
    }
}

/// `https://oss-cn-hangzhou.aliyuncs.com` with bucket `b` is `https://b.oss-cn-hangzhou.aliyuncs.com`.
fn bucket_host(endpoint: &str, bucket: &str) -> String {
    let endpoint = endpoint.trim_end_matches('/');
    match endpoint.split_once("://") {
        Some((scheme, host)) if !host.starts_with(&format!("{bucket}.")) => {
            format!("{scheme}://{bucket}.{host}")
        }
        _ => endpoint.to_string(),
    }
}

/// The error with its causes, on one line (object_store's outermost message alone often
/// leaves out "connection refused").
fn error_text(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn virtual_hosted_addresses_put_the_bucket_in_the_host() {
        assert_eq!(
            bucket_host("https://oss-cn-hangzhou.aliyuncs.com/", "gov"),
            "https://gov.oss-cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(
            bucket_host("https://gov.cos.ap-beijing.myqcloud.com", "gov"),
            "https://gov.cos.ap-beijing.myqcloud.com"
        );
    }
}
