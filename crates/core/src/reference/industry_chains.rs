//! 产业链: a level above industries. A chain groups several industries (新能源汽车产业链: 汽车
//! 及零部件, 新能源 …); an industry belongs to at most one chain. Reports break down by chain
//! and give each chain's share («产业链项目N个，占M%»).

use rusqlite::{params, Connection};

use super::named_list::{NamedList, Row};
use crate::error::{Error, Result};
use crate::model::IndustryChain;
use crate::util::now_stamp;

const CHAINS: NamedList = NamedList {
    table: "industry_chains",
    what: "产业链",
};

fn with_industries(conn: &Connection, r: Row) -> Result<IndustryChain> {
    let industry_ids = conn
        .prepare_cached(
            "SELECT id FROM industries WHERE chain_id = ?1 AND deleted_at IS NULL
             ORDER BY sort_order, name",
        )?
        .query_map([&r.0], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(IndustryChain {
        id: r.0,
        name: r.1,
        sort_order: r.2,
        industry_ids,
    })
}

pub fn list(conn: &Connection) -> Result<Vec<IndustryChain>> {
    CHAINS
        .list(conn)?
        .into_iter()
        .map(|r| with_industries(conn, r))
        .collect()
}

pub fn get(conn: &Connection, id: &str) -> Result<IndustryChain> {
    with_industries(conn, CHAINS.get(conn, id)?)
}

pub fn create(conn: &Connection, name: &str) -> Result<IndustryChain> {
    let r = CHAINS.create(conn, name)?;
    with_industries(conn, r)
}

pub fn rename(conn: &Connection, id: &str, name: &str) -> Result<IndustryChain> {
    let (_, r) = CHAINS.rename(conn, id, name)?;
    with_industries(conn, r)
}

/// Deletes a chain; its industries stay, in no chain.
pub fn delete(conn: &Connection, id: &str) -> Result<()> {
    let members = get(conn, id)?.industry_ids;
    for industry in members {
        set_industry_chain(conn, &industry, None)?;
    }
    CHAINS.delete(conn, id)
}

/// Puts an industry into a chain (or into none).
pub fn set_industry_chain(
    conn: &Connection,
    industry_id: &str,
    chain_id: Option<&str>,
) -> Result<()> {
    let before = crate::reference::industries::get(conn, industry_id)?;
    if let Some(c) = chain_id {
        if CHAINS.get(conn, c).is_err() {
            return Err(Error::invalid("chain_id", "所选产业链不存在或已删除。"));
        }
    }
    conn.execute(
        "UPDATE industries SET chain_id = ?2, updated_at = ?3 WHERE id = ?1",
        params![industry_id, chain_id, now_stamp()],
    )?;
    let after = crate::reference::industries::get(conn, industry_id)?;
    crate::storage::changelog::record(conn, "industries", industry_id, Some(&before), &after, &[])
}
