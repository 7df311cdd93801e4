//! The fuzz entry (`fuzz_one`) and `parse_only`: the readers and parsers without a ledger.

use super::parse::MoneyUnit;
use super::{activities, companies, header, parse, read};

/// One fuzz input: any bytes through format detection, the readers, header detection (project
/// and activities sheets), column mapping and every cell parser; as text, through the amount,
/// date, stage, header and company-name parsers. Must return (a refusal is fine), never panic.
/// Shared by the cargo-fuzz target and the bounded runner (`examples/fuzz_import.rs`).
pub fn fuzz_one(data: &[u8]) {
    let _ = parse_only(data);
    if let Ok(sheets) = read::read(data) {
        for s in &sheets {
            let _ = activities::detect(s);
            let _ = companies::detect(s);
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let cell = parse::Cell::Text(text.to_string());
        let _ = parse::parse_amount(&cell, MoneyUnit::Wan);
        let _ = parse::parse_date(&cell);
        let _ = parse::parse_stage(text);
        let _ = parse::markup_in(text);
        let _ = header::field_for_header(text);
        let _ = activities::parse_kind(text);
        let _ = crate::companies::names::normalize(text);
    }
}

/// Reads and parses a file without a ledger: the header, the mapping and every mapped cell of
/// every data row. Returns (data rows, cells that failed to parse). For fuzzing and quick checks.
pub fn parse_only(bytes: &[u8]) -> std::result::Result<(usize, usize), String> {
    use header::Field as F;
    let sheets = read::read(bytes)?;
    let sheet = sheets.first().ok_or("文件中没有工作表。")?;
    let head = header::detect(sheet)?;
    let mut failed = 0;
    let rows = &sheet.rows[head.data_start.min(sheet.rows.len())..];
    for row in rows {
        for col in &head.columns {
            let cell = row.get(col.column as usize);
            let ok = match col.field {
                Some(F::TotalInvestment) => {
                    parse::parse_amount(cell, col.unit.unwrap_or(MoneyUnit::Wan)).is_ok()
                }
                Some(
                    F::RegisteredOn | F::SignedOn | F::StartedOn | F::OperatingOn | F::StageOn,
                ) => parse::parse_date(cell).is_ok(),
                Some(F::Stage) => parse::parse_stage(&cell.text()).is_ok(),
                Some(F::KeyProject | F::Enclave | F::Relocation | F::HighEnergy) => {
                    parse::parse_flag(cell).is_ok()
                }
                Some(F::CreditCode) if !cell.is_empty() => {
                    crate::companies::credit_code::normalize(&cell.text()).is_ok()
                }
                _ => {
                    let _ = crate::companies::names::normalize(&cell.text());
                    true
                }
            };
            failed += usize::from(!ok);
        }
    }
    Ok((rows.len(), failed))
}
