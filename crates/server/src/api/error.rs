//! Refusals: the API's error type, and the checks that refuse a malformed request.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use zhaoshang_core::sync::office_server::ErrorBody;

/// A refusal: an HTTP status and a message for the officer, in Chinese.
#[derive(Debug)]
pub struct ApiError(pub(super) StatusCode, pub(super) String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(ErrorBody { error: self.1 })).into_response()
    }
}

pub(super) fn internal(e: impl std::fmt::Display) -> ApiError {
    eprintln!("zhaoshang-server: {e}");
    ApiError(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("办公室服务器的数据库出错，请稍后再试（{e}）。"),
    )
}

impl From<tokio_postgres::Error> for ApiError {
    fn from(e: tokio_postgres::Error) -> Self {
        internal(crate::db::describe(&e))
    }
}

impl From<deadpool_postgres::PoolError> for ApiError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        internal(e)
    }
}

pub(super) fn bad_request(message: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, message.into())
}

pub(super) fn parse<T: DeserializeOwned>(body: &[u8], what: &str) -> Result<T, ApiError> {
    serde_json::from_slice(body).map_err(|_| {
        bad_request(format!(
            "{what}已损坏或格式不对（不是招商台账发出的数据），服务器未保存任何数据。"
        ))
    })
}

pub(super) fn check_id(what: &str, id: &str) -> Result<(), ApiError> {
    if id.is_empty() || id.len() > 128 || id.chars().any(char::is_control) {
        return Err(bad_request(format!("{what}“{id}”无效。")));
    }
    Ok(())
}
