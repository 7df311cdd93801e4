//! Password checks against the officers table, as slow for unknown names as for wrong passwords.

use super::error::{internal, ApiError};
use super::state::State;
use crate::officers;

/// The officer (id, name, team) and a database connection when `password` is right for
/// `login`; None when the name is unknown or the password wrong (equally slow either way).
pub(super) async fn check_password(
    state: &State,
    login: &str,
    password: &str,
) -> Result<Option<(i64, String, Option<String>, deadpool_postgres::Object)>, ApiError> {
    let client = state.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT id, name, team, password_hash FROM officers WHERE login = $1",
            &[&login],
        )
        .await?;
    let password = password.to_string();
    let Some(row) = row else {
        // As slow as a wrong password, so that timing does not tell which logins exist.
        let _ = tokio::task::spawn_blocking(move || {
            officers::verify_password(&password, officers::dummy_hash())
        })
        .await;
        return Ok(None);
    };
    let (officer_id, name, team, hash): (i64, String, Option<String>, String) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let ok = tokio::task::spawn_blocking(move || officers::verify_password(&password, &hash))
        .await
        .map_err(internal)?;
    Ok(ok.then_some((officer_id, name, team, client)))
}
