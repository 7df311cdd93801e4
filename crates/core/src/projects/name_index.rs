//! The 项目库 name search (issue 14): the projects whose name, or whose company's name, holds
//! the words typed, exactly as SQL's LIKE finds them, from `project_names` (migration 0015),
//! a trigram index of one document per project kept by triggers at every write. A bulk write
//! pauses it and writes its documents once, before the commit (`Ledger::write`).
//!
//! The 搜索 box (`search.rs`) has its own index, `search_docs`: folded names, pinyin and
//! aliases of projects, companies and officers.

use rusqlite::{params, Connection};

use crate::error::Result;

/// The 项目库 name search (`ProjectFilter::search`): a condition on `projects p` and its
/// parameters, true for the projects whose name, or whose company's name, contains `q`
/// (SQLite's LIKE: ASCII letters in either case, `%` and `_` ignored).
///
/// Answered from `project_names` (migration 0015), one trigram document per project that
/// holds its name and its company's name as LIKE compares them:
/// - three characters: the projects holding that trigram, exactly those LIKE finds;
/// - more: the projects holding every trigram of `q`, checked with LIKE (the index keeps no
///   positions, so it finds a superset);
/// - one or two: the index's trigrams that begin with `q` are read from its list of terms
///   (`project_name_trigrams`), then the projects holding any of them. Every column ends in
///   two `char(1)`, so a name's last characters begin trigrams too.
///
/// A `q` holding `char(1)` is compared with every name.
pub(crate) fn project_name_condition(
    conn: &Connection,
    q: &str,
) -> Result<(String, Vec<rusqlite::types::Value>)> {
    use rusqlite::types::Value;
    let bare = q.replace(['%', '_'], "");
    let needle = bare.to_ascii_lowercase();
    let like = || Value::from(format!("%{bare}%"));
    const FOUND: &str = "p.rowid IN (SELECT rowid FROM project_names WHERE project_names MATCH ?)";
    let n = needle.chars().count();
    if n >= 3 && !needle.contains('\u{1}') {
        let terms = trigram_query(&needle);
        if n == 3 {
            return Ok((FOUND.to_string(), vec![Value::from(terms)]));
        }
        // The trigrams found anywhere in the name or the company's name: checked.
        let sql = FOUND.to_string()
            + " AND (p.name LIKE ? OR (SELECT name FROM companies WHERE id = p.company_id) LIKE ?)";
        return Ok((sql, vec![Value::from(terms), like(), like()]));
    }
    if let (1..=2, Some(next)) = (n, successor(&needle)) {
        // The trigrams beginning with `q`: every place `q` is found, as each column ends in
        // two char(1).
        let trigrams: Vec<String> = conn
            .prepare_cached(
                "SELECT term FROM project_name_trigrams WHERE term >= ?1 AND term < ?2",
            )?
            .query_map(params![needle, next], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if trigrams.is_empty() {
            return Ok(("0".to_string(), Vec::new()));
        }
        let any = trigrams
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(" OR ");
        return Ok((FOUND.to_string(), vec![Value::from(any)]));
    }
    // By rowid: read in one pass over each table, not row by row from the list indexes
    // (which hold no names).
    Ok((
        "p.rowid IN (SELECT sp.rowid FROM projects sp WHERE sp.name LIKE ?
            UNION ALL
            SELECT sp.rowid FROM projects sp
             WHERE sp.company_id IN (SELECT id FROM companies WHERE name LIKE ?))"
            .to_string(),
        vec![like(), like()],
    ))
}

/// Pauses the 项目库 name index (`project_names`, migration 0015) for the rest of this
/// transaction: its triggers only note the projects written. A bulk write (an import) calls
/// it first and [`write_project_names`] before it commits; a rollback undoes both.
pub(crate) fn pause_project_names(conn: &Connection) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO project_names_paused (paused) VALUES (1)")?
        .execute([])?;
    Ok(())
}

/// Writes the documents of the projects noted while the index was paused, in one statement
/// each way (FTS5 writes its pending terms out at every statement), and ends the pause.
/// Returns how many projects were noted.
pub(crate) fn write_project_names(conn: &Connection) -> Result<usize> {
    conn.prepare_cached("DELETE FROM project_names_paused")?
        .execute([])?;
    let stale: i64 = conn
        .prepare_cached("SELECT COUNT(*) FROM project_names_stale")?
        .query_row([], |r| r.get(0))?;
    if stale == 0 {
        return Ok(0);
    }
    conn.prepare_cached(
        "DELETE FROM project_names
          WHERE rowid IN (SELECT rid FROM project_names_stale WHERE NOT fresh)",
    )?
    .execute([])?;
    conn.prepare_cached(
        "INSERT INTO project_names (rowid, name, company)
         SELECT p.rid, lower(p.name) || char(1, 1), lower(COALESCE(c.name, '')) || char(1, 1)
           FROM project_names_stale s JOIN projects p ON p.rid = s.rid
           LEFT JOIN companies c ON c.id = p.company_id
          ORDER BY p.rid",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM project_names_stale")?
        .execute([])?;
    Ok(stale as usize)
}

/// The first string after every string beginning with `s` (its last character's next), or
/// `None` when there is none.
fn successor(s: &str) -> Option<String> {
    let mut chars: Vec<char> = s.chars().collect();
    let last = chars.pop()?;
    let next = (last as u32 + 1..=char::MAX as u32).find_map(char::from_u32)?;
    chars.push(next);
    Some(chars.into_iter().collect())
}

/// An FTS5 query for the documents holding every trigram of `text` (three characters or
/// more): each trigram quoted, all of them required. The index keeps no positions
/// (detail=none), so this finds a superset of the documents holding `text` itself, in either
/// column; `project_name_condition` checks the names found.
fn trigram_query(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut parts: Vec<String> = Vec::new();
    for w in chars.windows(3) {
        let t: String = w.iter().collect();
        let quoted = format!("\"{}\"", t.replace('"', "\"\""));
        if !parts.contains(&quoted) {
            parts.push(quoted);
        }
    }
    parts.join(" AND ")
}
