//! Encryption at rest in the real app: set a passphrase in 设置 → 安全与备份, restart, see the
//! unlock screen (screenshot), a wrong passphrase refused with the core's message, the right one
//! opening the ledger with its data intact; the file on disk has no plaintext header. Then the
//! file is damaged: unlocking shows the recovery screen, which restores the encrypted backup.

use std::path::Path;

use zhaoshang_e2e::*;

const PASSPHRASE: &str = "Zhaoshang-2022";
const TEAM: &str = "加密测试招商组";

fn ledger_file(data: &Path) -> std::path::PathBuf {
    data.join("cn.zhaoshang.app").join("ledger.sqlite3")
}

#[tokio::test]
async fn a_passphrase_set_in_settings_locks_the_ledger_across_restarts() {
    if !enabled() {
        return;
    }
    let data = tempfile::tempdir().unwrap();
    {
        let driver = Driver::start(data.path(), 4540);
        let c = connect(&driver).await;
        type_into(&c, "setup-office", "安全测试县投资促进中心").await;
        click(&c, "setup-empty").await;
        click(&c, "nav-settings").await;
        type_into(&c, "team-name", TEAM).await;
        click(&c, "team-add").await;
        wait_text(&c, "toast", "保存").await;
        wait_text(&c, "security-state", "未加密").await;
        // Too short: the core's message next to the field, nothing changes.
        type_into(&c, "security-new", "abc").await;
        type_into(&c, "security-confirm", "abc").await;
        click(&c, "security-set").await;
        wait_text(&c, "security-error-passphrase", "至少").await;
        type_into(&c, "security-new", PASSPHRASE).await;
        type_into(&c, "security-confirm", PASSPHRASE).await;
        click(&c, "security-set").await;
        wait_text(&c, "security-state", "已加密").await;
        scroll_to(&c, "security").await;
        screenshot(&c, "settings-security").await;
        // The backup made at start is not encrypted: delete it (after a fresh encrypted one).
        c.execute("window.confirm = () => true;", vec![])
            .await
            .unwrap();
        click(&c, "delete-plaintext-backups").await;
        wait_text(&c, "toast", "未加密的备份已删除").await;
        let list = wait_text(&c, "backup-list", "已加密").await;
        assert!(!list.contains("未加密"), "{list}");
        c.close().await.ok();
    }
    let bytes = std::fs::read(ledger_file(data.path())).unwrap();
    assert!(
        !bytes.starts_with(b"SQLite format 3\0"),
        "the ledger file is encrypted"
    );
    assert!(
        !bytes.windows(TEAM.len()).any(|w| w == TEAM.as_bytes()),
        "no team name in plaintext"
    );
    {
        let driver = Driver::start(data.path(), 4542);
        let c = connect(&driver).await;
        find(&c, "unlock").await;
        screenshot(&c, "unlock").await;
        type_into(&c, "unlock-passphrase", "Zhaoshang-2021").await;
        click(&c, "unlock-submit").await;
        wait_text(&c, "unlock-error", "密码不正确").await;
        screenshot(&c, "unlock-wrong-passphrase").await;
        // The wrong attempt changed nothing on disk.
        assert_eq!(std::fs::read(ledger_file(data.path())).unwrap(), bytes);
        type_into(&c, "unlock-passphrase", PASSPHRASE).await;
        click(&c, "unlock-submit").await;
        click(&c, "nav-settings").await;
        wait_text(&c, "security-state", "已加密").await;
        let body = c
            .find(fantoccini::Locator::Css(".settings"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(body.contains(TEAM), "data intact after unlocking: {body}");
        // An encrypted backup to recover from below.
        click(&c, "backup-now").await;
        wait_text(&c, "toast", "已完成").await;
        wait_text(&c, "backup-list", "已加密").await;
        // 立即锁定 brings the unlock screen back.
        click(&c, "security-lock").await;
        find(&c, "unlock").await;
        c.close().await.ok();
    }
    // Damage the closed ledger: bytes flipped inside every third page after the second.
    let path = ledger_file(data.path());
    let mut bytes = std::fs::read(&path).unwrap();
    let mut at = 2 * 4096;
    while at + 4096 <= bytes.len() {
        for b in &mut bytes[at + 100..at + 164] {
            *b ^= 0x5A;
        }
        at += 3 * 4096;
    }
    std::fs::write(&path, &bytes).unwrap();
    {
        let driver = Driver::start(data.path(), 4544);
        let c = connect(&driver).await;
        type_into(&c, "unlock-passphrase", PASSPHRASE).await;
        click(&c, "unlock-submit").await;
        wait_text(&c, "recovery-detail", "已损坏").await;
        find(&c, "recovery-offer").await;
        screenshot(&c, "recovery").await;
        // The restore asks first (window.confirm); the test answers yes.
        c.execute("window.confirm = () => true;", vec![])
            .await
            .unwrap();
        click(&c, "recovery-restore").await;
        click(&c, "nav-settings").await;
        wait_text(&c, "security-state", "已加密").await;
        let body = c
            .find(fantoccini::Locator::Css(".settings"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(body.contains(TEAM), "restored from the backup: {body}");
        c.close().await.ok();
    }
    let restored = std::fs::read(&path).unwrap();
    assert!(
        !restored.starts_with(b"SQLite format 3\0"),
        "still encrypted"
    );
    let kept: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore") && !n.ends_with("-wal"))
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept aside: {kept:?}");
}
