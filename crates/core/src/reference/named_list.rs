//! An office's editable list of names (园区, 产业链): ordered, unique among live rows, renamed
//! and soft-deleted through the change log like every synced row. `parks` and
//! `industry_chains` are thin layers over it.

use rusqlite::{params, Connection};

use crate::error::{Error, Result};
use crate::util::{new_id, now_stamp, required_name};

/// One list: its table and what a person calls one of its rows.
pub(crate) struct NamedList {
    pub(crate) table: &'static str,
    /// «园区», «产业链».
    pub(crate) what: &'static str,
}

/// (id, name, sort_order) of a live row.
pub(crate) type Row = (String, String, i32);

impl NamedList {
    pub(crate) fn list(&self, conn: &Connection) -> Result<Vec<Row>> {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT id, name, sort_order FROM {} WHERE deleted_at IS NULL ORDER BY sort_order, name",
            self.table
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub(crate) fn get(&self, conn: &Connection, id: &str) -> Result<Row> {
        self.list(conn)?
            .into_iter()
            .find(|r| r.0 == id)
            .ok_or_else(|| Error::not_found(self.what, id))
    }

    fn valid_name(&self, conn: &Connection, name: &str, except: Option<&str>) -> Result<String> {
        let name = required_name("name", &format!("{}名称", self.what), name, 40)?;
        let taken: bool = conn.query_row(
            &format!(
                "SELECT EXISTS(SELECT 1 FROM {} WHERE name = ?1 AND deleted_at IS NULL AND id IS NOT ?2)",
                self.table
            ),
            params![name, except],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::invalid(
                "name",
                format!("已有名为“{name}”的{}。", self.what),
            ));
        }
        Ok(name)
    }

    pub(crate) fn create(&self, conn: &Connection, name: &str) -> Result<Row> {
        let name = self.valid_name(conn, name, None)?;
        let id = new_id();
        let order: i32 = conn.query_row(
            &format!(
                "SELECT COALESCE(MAX(sort_order), -1) + 1 FROM {}",
                self.table
            ),
            [],
            |r| r.get(0),
        )?;
        conn.execute(
            &format!(
                "INSERT INTO {} (id, name, sort_order, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
                self.table
            ),
            params![id, name, order, now_stamp()],
        )?;
        crate::storage::changelog::record_created(conn, self.table, &id)?;
        self.get(conn, &id)
    }

    /// Renames a row; returns (old name, new row).
    pub(crate) fn rename(&self, conn: &Connection, id: &str, name: &str) -> Result<(String, Row)> {
        let before = self.get(conn, id)?;
        let name = self.valid_name(conn, name, Some(id))?;
        conn.execute(
            &format!(
                "UPDATE {} SET name = ?2, updated_at = ?3 WHERE id = ?1",
                self.table
            ),
            params![id, name, now_stamp()],
        )?;
        let after = self.get(conn, id)?;
        crate::storage::changelog::record(
            conn,
            self.table,
            id,
            Some(&Named::from(&before)),
            &Named::from(&after),
            &[],
        )?;
        Ok((before.1, after))
    }

    pub(crate) fn delete(&self, conn: &Connection, id: &str) -> Result<()> {
        self.get(conn, id)?;
        conn.execute(
            &format!(
                "UPDATE {} SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                self.table
            ),
            params![id, now_stamp()],
        )?;
        crate::storage::changelog::record_deleted(conn, self.table, id, true)
    }
}

/// The logged fields of a row.
#[derive(serde::Serialize)]
pub(crate) struct Named<'a> {
    name: &'a str,
    sort_order: i32,
}

impl<'a> From<&'a Row> for Named<'a> {
    fn from(r: &'a Row) -> Self {
        Named {
            name: &r.1,
            sort_order: r.2,
        }
    }
}
