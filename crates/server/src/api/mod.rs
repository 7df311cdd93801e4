//! The HTTP endpoints (see the crate's documentation for the list): the router, and the
//! modules behind it.
//!
//! - `throttle` and `address`: wrong-password pauses and whom they count;
//! - `error`: refusals and request checks; `state`: what the handlers share;
//! - `sessions` and `passwords`: who is calling, and checking a login's password;
//! - `rights`: the author a pushed change may claim and the rows a role may change;
//! - the endpoints: `login` (login, logout), `blobs` (attachment contents), `push`, `pull`
//!   (seen, pull), `status`.
//!
//! Each module imports only from those listed before it (the endpoints from the rest), never
//! back.

mod address;
mod blobs;
mod error;
mod login;
mod passwords;
mod pull;
mod push;
mod rights;
mod sessions;
mod state;
mod status;
mod throttle;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};
use axum::Router;

pub use address::client_address;
pub use error::ApiError;
use state::Shared;
pub use state::State;
pub use throttle::{LoginLimits, LoginThrottle, Paused};

/// Largest request accepted (a first push of a big ledger).
const MAX_BODY_BYTES: usize = 512 * 1024 * 1024;
/// Largest attachment upload: one content of at most 50 MB.
const BLOB_BODY_BYTES: usize = zhaoshang_core::attachments::MAX_SIZE as usize + 1024;
/// Largest login or pull request (a pull carries one clock per device).
const SMALL_BODY_BYTES: usize = 4 * 1024 * 1024;

pub fn router(state: Shared) -> Router {
    Router::new()
        // Small requests stay small: only a push carries a big body.
        .route(
            "/api/login",
            post(login::login).layer(DefaultBodyLimit::max(SMALL_BODY_BYTES)),
        )
        .route("/api/seen", get(pull::seen))
        .route("/api/push", post(push::push))
        .route(
            "/api/pull",
            post(pull::pull).layer(DefaultBodyLimit::max(SMALL_BODY_BYTES)),
        )
        .route(
            "/api/blobs/missing",
            post(blobs::missing).layer(DefaultBodyLimit::max(SMALL_BODY_BYTES)),
        )
        .route(
            "/api/blobs/{sha256}",
            put(blobs::upload)
                .get(blobs::download)
                .layer(DefaultBodyLimit::max(BLOB_BODY_BYTES)),
        )
        .route("/api/status", get(status::status))
        .route("/api/logout", post(login::logout))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
