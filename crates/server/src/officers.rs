//! Officers' accounts: login name, display name, team, Argon2id password hash.

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use zhaoshang_core::sync::office_server::Role;

use crate::db::{storage, unreachable};
use crate::{Failure, Pool};

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Argon2id (the crate's defaults: 19 MiB, 2 passes) in PHC string form.
pub fn hash_password(password: &str) -> Result<String, Failure> {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .map_err(|e| Failure(format!("无法计算密码摘要：{e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Failure(format!("无法计算密码摘要：{e}")))
}

/// A hash of no one's password, to spend a verification's time on an unknown login.
pub fn dummy_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| hash_password("no such officer").unwrap_or_default())
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn check_login(login: &str) -> Result<(), Failure> {
    let ok = !login.is_empty()
        && login.len() <= 64
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(Failure(format!(
            "用户名“{login}”无效：只能用英文字母、数字和 . _ -，最多 64 个字符（如 wanglei）。"
        )))
    }
}

/// A role typed by the operator (its code or Chinese name).
pub fn parse_role(text: &str) -> Result<Role, Failure> {
    Role::parse(text).ok_or_else(|| {
        Failure(format!(
            "角色“{text}”无效：可选 办公室主任（admin）、组长（lead）、招商专员（officer）、领导（viewer，只读）。"
        ))
    })
}

/// Creates an officer's account. The login must be new.
pub async fn add_officer(
    pool: &Pool,
    login: &str,
    name: &str,
    team: Option<&str>,
    password: &str,
) -> Result<i64, Failure> {
    add_account(pool, login, name, team, Role::Officer, password).await
}

/// Creates an account with the given role. A 组长 needs a team (the rows they may change).
pub async fn add_account(
    pool: &Pool,
    login: &str,
    name: &str,
    team: Option<&str>,
    role: Role,
    password: &str,
) -> Result<i64, Failure> {
    let login = login.trim();
    let name = name.trim();
    check_login(login)?;
    if name.is_empty() {
        return Err(Failure("请填写干部姓名（--name）。".into()));
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Failure(format!(
            "密码太短：至少 {MIN_PASSWORD_CHARS} 个字符。"
        )));
    }
    let team = team.map(str::trim).filter(|t| !t.is_empty());
    if role == Role::Lead && team.is_none() {
        return Err(Failure(
            "组长账号须填写所在团队（--team），组长只能修改本组的记录。".into(),
        ));
    }
    let password = password.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| Failure(format!("无法计算密码摘要：{e}")))??;
    let client = pool.get().await.map_err(unreachable)?;
    let row = client
        .query_opt(
            "INSERT INTO officers (login, name, team, password_hash, role) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (login) DO NOTHING RETURNING id",
            &[&login, &name, &team, &hash, &role.code()],
        )
        .await
        .map_err(storage)?;
    match row {
        Some(r) => Ok(r.get(0)),
        None => Err(Failure(format!("用户名“{login}”已存在。"))),
    }
}

/// Sets a new password (and ends the officer's sessions).
pub async fn set_password(pool: &Pool, login: &str, password: &str) -> Result<(), Failure> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(Failure(format!(
            "密码太短：至少 {MIN_PASSWORD_CHARS} 个字符。"
        )));
    }
    let p = password.to_string();
    let hash = tokio::task::spawn_blocking(move || hash_password(&p))
        .await
        .map_err(|e| Failure(format!("无法计算密码摘要：{e}")))??;
    let mut client = pool.get().await.map_err(unreachable)?;
    let tx = client.transaction().await.map_err(storage)?;
    let n = tx
        .execute(
            "UPDATE officers SET password_hash = $2 WHERE login = $1",
            &[&login, &hash],
        )
        .await
        .map_err(storage)?;
    if n == 0 {
        return Err(Failure(format!("没有用户名为“{login}”的干部。")));
    }
    tx.execute(
        "DELETE FROM sessions WHERE officer_id = (SELECT id FROM officers WHERE login = $1)",
        &[&login],
    )
    .await
    .map_err(storage)?;
    tx.commit().await.map_err(storage)
}

/// Sets an account's role (and its team, when given); it applies from the account's next
/// request.
pub async fn set_role(
    pool: &Pool,
    login: &str,
    role: Role,
    team: Option<&str>,
) -> Result<(), Failure> {
    let team = team.map(str::trim).filter(|t| !t.is_empty());
    let client = pool.get().await.map_err(unreachable)?;
    let row = client
        .query_opt(
            "UPDATE officers SET role = $2, team = COALESCE($3, team) WHERE login = $1
             RETURNING team",
            &[&login, &role.code(), &team],
        )
        .await
        .map_err(storage)?;
    match row {
        None => Err(Failure(format!("没有用户名为“{login}”的干部。"))),
        Some(r) if role == Role::Lead && r.get::<_, Option<String>>(0).is_none() => {
            // Set all the same; the lead changes nothing until a team is set.
            Err(Failure(format!(
                "已将“{login}”设为组长，但其账号没有团队：请加 --team 设置所在团队，否则不能修改任何记录。"
            )))
        }
        Some(_) => Ok(()),
    }
}

/// One line of `list-officers`.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerRow {
    pub login: String,
    pub name: String,
    pub team: Option<String>,
    pub role: Role,
    pub devices: i64,
    pub last_push_at: Option<String>,
}

/// Every account, with how many devices it registered and its last push.
pub async fn list(pool: &Pool) -> Result<Vec<OfficerRow>, Failure> {
    let client = pool.get().await.map_err(unreachable)?;
    let rows = client
        .query(
            "SELECT o.login, o.name, o.team, o.role, count(d.device_id),
                    to_char(max(d.last_push_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
             FROM officers o LEFT JOIN devices d ON d.officer_id = o.id
             GROUP BY o.id ORDER BY o.login",
            &[],
        )
        .await
        .map_err(storage)?;
    Ok(rows
        .iter()
        .map(|r| OfficerRow {
            login: r.get(0),
            name: r.get(1),
            team: r.get(2),
            role: Role::parse(r.get(3)).unwrap_or(Role::Viewer),
            devices: r.get(4),
            last_push_at: r.get(5),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_hashes_verify_and_differ() {
        let a = hash_password("correct horse").unwrap();
        let b = hash_password("correct horse").unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "salted");
        assert!(verify_password("correct horse", &a));
        assert!(!verify_password("correct hors", &a));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn logins_are_plain() {
        assert!(check_login("wang.lei_2").is_ok());
        assert!(check_login("王磊").is_err());
        assert!(check_login("").is_err());
    }
}
