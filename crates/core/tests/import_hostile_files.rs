//! Hostile and broken files given to the importer (zip bombs, a million empty rows, random and
//! mutated bytes, a corrupt .xls claiming a huge stream): a clear message or nothing, never a
//! panic, and nothing written.

use std::io::Write;

use crate::common::*;
use crate::import_support::*;
use zhaoshang_core::io::import::ImportOptions;

#[test]
fn hostile_files_get_a_clear_message_and_change_nothing() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj".to_vec(),
            "PDF",
        ),
        ("empty", Vec::new(), "空"),
        (
            "binary",
            (0..4096u32).map(|i| (i * 7 % 256) as u8).collect(),
            "不是表格",
        ),
        (
            "broken zip",
            b"PK\x03\x04\x14\x00\x00\x00garbage".to_vec(),
            "损坏",
        ),
        (
            "docx",
            zip_with(&[("word/document.xml", b"<w:document/>".to_vec())]),
            "不是 Excel",
        ),
    ];
    // A zip bomb: a 700 MB sheet of zeros that compresses to well under 1 MB.
    let bomb = {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        z.start_file("xl/workbook.xml", opts).unwrap();
        z.write_all(b"<workbook/>").unwrap();
        z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
        let chunk = vec![b'0'; 1 << 20];
        for _ in 0..700 {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
        out.into_inner()
    };
    assert!(bomb.len() < 2 << 20, "bomb is small: {}", bomb.len());
    cases.push(("zip bomb", bomb, "压缩炸弹"));
    // Too many rows.
    let mut big = String::from("项目名称,投资方,总投资\n");
    for i in 0..200_001 {
        big.push_str(&format!("项目{i},公司{i},1\n"));
    }
    cases.push(("rows", big.into_bytes(), "超过 200000 行"));
    // A huge cell.
    let huge = format!("项目名称,投资方,总投资\n{},x,1\n", "长".repeat(40_000));
    cases.push(("huge cell", huge.into_bytes(), "超过 32767 个字符"));
    // A CSV without any header.
    cases.push(("no header", b"a,b,c\n1,2,3\n".to_vec(), "找不到表头"));
    for (what, bytes, expected) in cases {
        for apply in [false, true] {
            let r = if apply {
                f.ledger.import_apply(&bytes, &ImportOptions::default())
            } else {
                f.ledger.import_preview(&bytes, &ImportOptions::default())
            };
            let e = r.expect_err(what);
            let m = e.to_string();
            assert!(m.contains(expected), "{what}: {m}");
            assert!(m.contains("未导入任何数据"), "{what}: {m}");
        }
    }
    assert_eq!(footprint(&f.ledger), before);
}

#[test]
fn a_million_empty_rows_and_formulas_are_harmless() {
    // A sheet with 1M row elements and no cells, and a formula cell with a cached value.
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    sheet.push_str(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c><c r="B1" t="inlineStr"><is><t>投资方</t></is></c><c r="C1" t="inlineStr"><is><t>总投资(万元)</t></is></c></row>"#);
    sheet.push_str(r#"<row r="2"><c r="A2" t="inlineStr"><is><t>公式项目</t></is></c><c r="B2" t="inlineStr"><is><t>公式公司</t></is></c><c r="C2"><f>100*50</f><v>5000</v></c></row>"#);
    for r in 3..1_000_000 {
        sheet.push_str(&format!("<row r=\"{r}\"/>"));
    }
    sheet.push_str("</sheetData></worksheet>");
    let bytes = zip_with(&[
        ("[Content_Types].xml", br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_vec()),
        ("_rels/.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_vec()),
        ("xl/workbook.xml", br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec()),
        ("xl/_rels/workbook.xml.rels", br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec()),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
    ]);
    let mut f = fixture();
    let started = std::time::Instant::now();
    let plan = f
        .ledger
        .import_apply(&bytes, &ImportOptions::default())
        .unwrap();
    assert!(started.elapsed().as_secs() < 30);
    assert_eq!(plan.counts.create, 1, "{:#?}", plan.rows);
    let ps = all_projects(&f.ledger);
    assert_eq!(
        ps[0].total_investment, 50_000_000,
        "the formula's cached value"
    );
}

/// A cheap deterministic generator (no seed files needed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

#[test]
fn random_and_mutated_bytes_never_panic_and_never_write() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    let seeds: Vec<Vec<u8>> = vec![
        fixture_bytes("ledger_merged.xlsx"),
        fixture_bytes("ledger_gbk.csv"),
        fixture_bytes("ledger_utf8_bom.csv"),
        fixture_bytes("ledger.xls"),
    ];
    let mut rng = Lcg(0x5eed);
    let runs = std::env::var("IMPORT_FUZZ_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000u32);
    for i in 0..runs {
        let mut bytes = if i % 5 == 0 {
            (0..rng.below(3000)).map(|_| rng.next() as u8).collect()
        } else {
            seeds[i as usize % seeds.len()].clone()
        };
        let n = 1 + rng.below(12);
        for _ in 0..n {
            if bytes.is_empty() {
                break;
            }
            let at = rng.below(bytes.len() as u64) as usize;
            match rng.below(4) {
                0 => bytes[at] = rng.next() as u8,
                1 => {
                    bytes.remove(at);
                }
                2 => bytes.insert(at, rng.next() as u8),
                _ => bytes.truncate(at.max(1)),
            }
        }
        // Any outcome but a panic is fine; nothing may be written by a preview.
        let _ = f.ledger.import_preview(&bytes, &ImportOptions::default());
        let _ = zhaoshang_core::io::import::parse_only(&bytes);
    }
    assert_eq!(footprint(&f.ledger), before);
}

/// A corrupt .xls whose directory claims a 4 GB stream (found by the bounded fuzz runner):
/// refused with a message, nothing allocated on trust, nothing written.
#[test]
fn xls_claiming_a_huge_stream_is_refused() {
    let mut f = fixture();
    let before = footprint(&f.ledger);
    let bytes = fixture_bytes("corrupt_xls_4gb_stream.bin");
    let e = f
        .ledger
        .import_preview(&bytes, &ImportOptions::default())
        .unwrap_err();
    assert!(e.to_string().contains("文件已损坏"), "{e}");
    assert_eq!(footprint(&f.ledger), before);
    // The well-formed .xls still reads.
    let ok = f
        .ledger
        .import_preview(&fixture_bytes("ledger.xls"), &ImportOptions::default())
        .unwrap();
    assert_eq!(ok.counts.create, 7);
}
