//! The column mapping remembered per header layout (table `import_mappings`): what a corrected
//! import stores and a later file with the same header gets back.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::plan::{ColumnChoice, SheetKind};
use crate::error::Result;

/// A remembered mapping as stored: the kind with the choices (earlier versions stored the
/// choices of a project ledger alone).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Remembered {
    Kind {
        kind: SheetKind,
        mapping: Vec<ColumnChoice>,
    },
    Projects(Vec<ColumnChoice>),
}

pub(super) fn remembered_mapping(
    conn: &Connection,
    signature: &str,
) -> Result<Option<(SheetKind, Vec<ColumnChoice>)>> {
    let json: Option<String> = conn
        .prepare_cached("SELECT mapping FROM import_mappings WHERE signature = ?1")?
        .query_row([signature], |r| r.get(0))
        .optional()?;
    Ok(
        json.and_then(|j| match serde_json::from_str::<Remembered>(&j).ok()? {
            Remembered::Kind { kind, mapping } => Some((kind, mapping)),
            Remembered::Projects(mapping) => Some((SheetKind::Projects, mapping)),
        }),
    )
}

pub(super) fn remember_mapping(
    conn: &Connection,
    signature: &str,
    kind: SheetKind,
    choices: &[ColumnChoice],
) -> Result<()> {
    let stored = Remembered::Kind {
        kind,
        mapping: choices.to_vec(),
    };
    conn.execute(
        "INSERT INTO import_mappings (signature, mapping, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at",
        params![
            signature,
            serde_json::to_string(&stored).expect("choices serialize"),
            crate::util::now_stamp()
        ],
    )?;
    Ok(())
}
