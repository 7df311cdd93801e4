//! Reference data an office keeps: administrative divisions (行政区划) and the region groups
//! (京津冀, 长三角 …) built on them, industries (产业链), teams (招商小分队) and officers
//! (招商专员), with the rows every new ledger is seeded with (docs/DOMAIN.md §1–2).

pub mod divisions;
pub mod industries;
pub mod officers;
pub mod region_groups;
pub(crate) mod seed;
pub mod teams;
