//! Attachment contents (附件), stored once per SHA-256 apart from the change log: a laptop
//! asks which of its hashes the server lacks (`blobs/missing`), uploads only those
//! (`PUT blobs/{sha256}`) before pushing the rows that name them, and downloads only the ones
//! it lacks (`GET blobs/{sha256}`). No content is ever sent twice either way.

use axum::body::Bytes;
use axum::extract::{Path, State as Extract};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sha2::{Digest, Sha256};
use zhaoshang_core::attachments::{size_text, MAX_SIZE};
use zhaoshang_core::sync::office_server::{MissingBlobs, MissingBlobsRequest};

use super::error::{bad_request, parse, ApiError};
use super::sessions::session;
use super::state::Shared;

/// Most hashes one `missing` request may ask about.
pub(super) const MAX_ASKED: usize = 10_000;

fn is_sha256(h: &str) -> bool {
    h.len() == 64 && h.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn check_sha256(h: &str) -> Result<(), ApiError> {
    if is_sha256(h) {
        Ok(())
    } else {
        Err(bad_request(format!(
            "附件编号“{}”无效（应为 64 位小写十六进制的 SHA-256）。",
            h.chars().take(80).collect::<String>()
        )))
    }
}

/// Which of the asked hashes the server does not hold.
pub(super) async fn missing(
    Extract(state): Extract<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    session(&state, &headers).await?;
    let req: MissingBlobsRequest = parse(&body, "附件查询")?;
    if req.sha256.len() > MAX_ASKED {
        return Err(bad_request(format!(
            "一次最多查询 {MAX_ASKED} 个附件，本次 {} 个。",
            req.sha256.len()
        )));
    }
    for h in &req.sha256 {
        check_sha256(h)?;
    }
    let client = state.pool.get().await?;
    let missing: Vec<String> = client
        .query(
            "SELECT DISTINCT u.h FROM UNNEST($1::text[]) AS u(h)
             WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = u.h COLLATE \"C\")
             ORDER BY u.h",
            &[&req.sha256],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(Json(MissingBlobs { missing }).into_response())
}

/// Stores one content under its hash (checked); one already stored is kept as it is.
pub(super) async fn upload(
    Extract(state): Extract<Shared>,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let who = session(&state, &headers).await?;
    if !who.role.writes() {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            format!(
                "“{}”的账号是{}，只能查看台账，不能上传附件。",
                who.name,
                who.role.label()
            ),
        ));
    }
    check_sha256(&sha256)?;
    if body.is_empty() {
        return Err(bad_request("附件内容为空，服务器未保存。"));
    }
    if body.len() as u64 > MAX_SIZE {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "附件大小为 {}，超过上限 {}，服务器未保存。",
                size_text(body.len() as u64),
                size_text(MAX_SIZE)
            ),
        ));
    }
    let actual: String = Sha256::digest(&body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if actual != sha256 {
        return Err(bad_request(
            "上传的附件内容与其编号（SHA-256）不符（传输中损坏？），服务器未保存。",
        ));
    }
    let client = state.pool.get().await?;
    let stored = client
        .execute(
            "INSERT INTO blobs (sha256, size, content, uploaded_by) VALUES ($1, $2, $3, $4)
             ON CONFLICT (sha256) DO NOTHING",
            &[
                &sha256,
                &(body.len() as i64),
                &body.as_ref(),
                &who.officer_id,
            ],
        )
        .await?;
    Ok(Json(serde_json::json!({ "stored": stored == 1 })).into_response())
}

/// One content, as raw bytes.
pub(super) async fn download(
    Extract(state): Extract<Shared>,
    Path(sha256): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    session(&state, &headers).await?;
    check_sha256(&sha256)?;
    let client = state.pool.get().await?;
    let row = client
        .query_opt("SELECT content FROM blobs WHERE sha256 = $1", &[&sha256])
        .await?;
    match row {
        Some(r) => {
            let content: Vec<u8> = r.get(0);
            Ok((
                [(header::CONTENT_TYPE, "application/octet-stream")],
                content,
            )
                .into_response())
        }
        None => Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("办公室服务器上没有这个附件的内容（{sha256}）。"),
        )),
    }
}

/// Hashes named by attachment rows of a push that the server holds no content of: such a push
/// is refused whole (the client uploads contents first).
pub(super) async fn lacking(
    tx: &tokio_postgres::Transaction<'_>,
    hashes: &[String],
) -> Result<Vec<String>, ApiError> {
    if hashes.is_empty() {
        return Ok(Vec::new());
    }
    Ok(tx
        .query(
            "SELECT DISTINCT u.h FROM UNNEST($1::text[]) AS u(h)
             WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = u.h COLLATE \"C\")",
            &[&hashes],
        )
        .await?
        .iter()
        .map(|r| r.get(0))
        .collect())
}
