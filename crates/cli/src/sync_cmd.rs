//! `zhaoshang sync`: exchange change bundles between laptops by USB stick or shared folder, or
//! through the office sync server (`login`, `push`, `pull`, `status`).

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use zhaoshang_core::sync::office_server::{self, ServerConfig, SyncSummary};
use zhaoshang_core::sync::{read_bundle, write_bundle, Seen};
use zhaoshang_core::{Ledger, Result};

#[derive(Args)]
pub struct SyncArgs {
    #[command(subcommand)]
    command: SyncCommand,
}

#[derive(Subcommand)]
enum SyncCommand {
    /// Write what another laptop lacks to a bundle file. Without --peer, everything.
    Export {
        /// Bundle file to write (e.g. E:\\招商台账\\王磊-0630.zsync).
        out: PathBuf,
        /// The other laptop's `sync seen` file: only what it has not seen is exported.
        #[arg(long)]
        peer: Option<PathBuf>,
    },
    /// Merge a bundle from another laptop (all or nothing; importing twice changes nothing).
    Import { bundle: PathBuf },
    /// Write what this ledger has seen, for the other laptop's `export --peer`.
    Seen { out: PathBuf },
    /// Log in to the office sync server (registers this ledger's device to the officer).
    /// Password: ZHAOSHANG_PASSWORD, or typed when asked. Only a session token is kept.
    Login {
        /// The server's address, e.g. https://10.0.0.5:8780.
        #[arg(long)]
        server: String,
        /// The officer's login name on the server.
        #[arg(long)]
        login: String,
        /// This computer's name in the server's device list.
        #[arg(long)]
        device_name: Option<String>,
        /// PEM file of the office's own CA, for a server with a self-signed certificate.
        #[arg(long)]
        ca: Option<PathBuf>,
    },
    /// Send this laptop's changes the office server has not seen yet.
    Push {
        /// Another address of the same server (default: the one logged in to).
        #[arg(long)]
        server: Option<String>,
    },
    /// Fetch and merge what the office server has that this ledger lacks (all or nothing).
    Pull {
        #[arg(long)]
        server: Option<String>,
    },
    /// Pull, then push.
    Office {
        #[arg(long)]
        server: Option<String>,
    },
    /// The office server's devices and their last push.
    Status {
        #[arg(long)]
        server: Option<String>,
    },
    /// Forget the session token.
    Logout,
}

fn server_config(ledger: &Ledger, server: Option<String>) -> Result<ServerConfig> {
    let mut config = ServerConfig::from_ledger(ledger)?;
    if let Some(url) = server {
        config.url = office_server::normalize_url(&url)?;
    }
    Ok(config)
}

fn password() -> Result<String> {
    if let Ok(p) = std::env::var("ZHAOSHANG_PASSWORD") {
        return Ok(p);
    }
    use std::io::{BufRead, Write};
    eprint!("密码：");
    let _ = std::io::stderr().flush();
    // Best effort: no echo on a terminal.
    let echo = |on: bool| {
        let _ = std::process::Command::new("stty")
            .arg(if on { "echo" } else { "-echo" })
            .stdin(std::process::Stdio::inherit())
            .stderr(std::process::Stdio::null())
            .status();
    };
    echo(false);
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    echo(true);
    eprintln!();
    read?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn print_summary(s: &SyncSummary) {
    let mut parts = Vec::new();
    if s.received > 0 || s.sent == 0 {
        parts.push(format!(
            "收到 {} 项修改：采用 {} 项，跳过 {} 项（已有或较旧），新增记录 {} 条",
            s.received, s.merge.applied, s.merge.skipped, s.merge.rows_added
        ));
    }
    if s.sent > 0 || s.received == 0 {
        parts.push(format!(
            "上传 {} 项修改（服务器新保存 {} 项）",
            s.sent, s.stored
        ));
    }
    if s.held_back > 0 {
        parts.push(format!("{} 项其他干部的修改留待其本人上传", s.held_back));
    }
    if s.merge.conflicts > 0 {
        parts.push(format!(
            "其中 {} 处是两台电脑各自修改的同一项内容（已按较晚的修改合并），请在软件的“冲突”页面确认",
            s.merge.conflicts
        ));
    }
    if s.ahead_of_server > 0 {
        parts.push(format!(
            "{} 项修改的时间比服务器超前一天以上：本机时钟可能不准，请校准，否则其他电脑不会采用这些修改",
            s.ahead_of_server
        ));
    }
    if s.merge.skewed > 0 {
        parts.push(format!(
            "{} 项时间超前过多，未采用，请检查对方电脑时钟",
            s.merge.skewed
        ));
    }
    println!("{}", parts.join("；"));
}

pub fn run(db: &Path, args: SyncArgs) -> Result<()> {
    let mut ledger = crate::open_ledger(db)?;
    match args.command {
        SyncCommand::Export { out, peer } => {
            let since: Seen = match peer {
                Some(p) => serde_json::from_slice(&std::fs::read(&p)?).map_err(|_| {
                    zhaoshang_core::Error::Validation {
                        field: None,
                        message: format!("“{}”不是 zhaoshang sync seen 生成的文件。", p.display()),
                    }
                })?,
                None => Seen::new(),
            };
            let bundle = ledger.export_changes(&since)?;
            write_bundle(&bundle, &out)?;
            println!(
                "已导出 {} 项修改到 {}（校验码 {}）",
                bundle.manifest.registers,
                out.display(),
                &bundle.manifest.sha256[..12]
            );
        }
        SyncCommand::Import { bundle } => {
            let b = read_bundle(&bundle)?;
            let r = ledger.import_changes(&b)?;
            if r.held_back {
                println!(
                    "未导入：此文件（{} 项修改）是为其他设备导出的，本机还缺少它之前的修改。请在导出它的电脑上按本机的同步进度（zhaoshang sync seen 生成的文件）再导出一次。",
                    r.skipped
                );
                return Ok(());
            }
            println!(
                "已合并：采用 {} 项，跳过 {} 项（已有或较旧），新增记录 {} 条{}",
                r.applied,
                r.skipped,
                r.rows_added,
                if r.skewed > 0 {
                    format!("；{} 项时间超前过多，未采用，请检查对方电脑时钟", r.skewed)
                } else {
                    String::new()
                }
            );
            if r.conflicts > 0 {
                println!(
                    "其中 {} 处是两台电脑各自修改的同一项内容（已按较晚的修改合并），请在软件的“冲突”页面确认。",
                    r.conflicts
                );
            }
        }
        SyncCommand::Seen { out } => {
            let seen = ledger.sync_seen()?;
            std::fs::write(&out, serde_json::to_vec_pretty(&seen).expect("serializes"))?;
            println!("已写出本机同步进度：{}", out.display());
        }
        SyncCommand::Login {
            server,
            login,
            device_name,
            ca,
        } => {
            if let Some(ca) = ca {
                let path = std::fs::canonicalize(&ca)?;
                ledger.write(|tx, _| {
                    zhaoshang_core::storage::settings::set(
                        tx,
                        office_server::OFFICE_SERVER_CA,
                        Some(&path.to_string_lossy()),
                    )
                })?;
            }
            let name = device_name.unwrap_or_else(|| {
                std::env::var("COMPUTERNAME")
                    .or_else(|_| std::env::var("HOSTNAME"))
                    .unwrap_or_default()
            });
            let config = office_server::login(&mut ledger, &server, &login, &password()?, &name)?;
            println!(
                "已登录办公室服务器 {}（用户名 {}）。",
                config.url, config.login
            );
        }
        SyncCommand::Push { server } => {
            let config = server_config(&ledger, server)?;
            print_summary(&office_server::push(&ledger, &config)?);
        }
        SyncCommand::Pull { server } => {
            let config = server_config(&ledger, server)?;
            print_summary(&office_server::pull(&mut ledger, &config)?);
        }
        SyncCommand::Office { server } => {
            let config = server_config(&ledger, server)?;
            print_summary(&office_server::sync(&mut ledger, &config)?);
        }
        SyncCommand::Status { server } => {
            let config = server_config(&ledger, server)?;
            let status = office_server::status(&config)?;
            println!(
                "办公室服务器 {}：共 {} 项修改，{} 台设备",
                config.url,
                status.changes,
                status.devices.len()
            );
            for d in status.devices {
                println!(
                    "  {}（{}{}） 设备 …{} {} 修改 {} 项 最近上传 {} 最近下载 {}",
                    d.officer_name,
                    d.officer_login,
                    d.team.map(|t| format!("，{t}")).unwrap_or_default(),
                    // The tail: a UUIDv7's head is its creation time, alike for many devices.
                    d.device_id
                        .chars()
                        .skip(d.device_id.chars().count().saturating_sub(8))
                        .collect::<String>(),
                    d.device_name,
                    d.changes,
                    d.last_push_at.as_deref().unwrap_or("—"),
                    d.last_pull_at.as_deref().unwrap_or("—"),
                );
            }
        }
        SyncCommand::Logout => {
            office_server::logout(&mut ledger)?;
            println!("已退出办公室服务器（本机不再保存登录凭据）。");
        }
    }
    Ok(())
}
