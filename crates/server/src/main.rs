//! `zhaoshang-server`: the office sync server and its admin commands.
//!
//! ```text
//! zhaoshang-server --config server.toml init-db
//! ZHAOSHANG_OFFICER_PASSWORD=… zhaoshang-server --config server.toml add-officer --login wanglei --name 王磊 --team 一组 --role 组长
//! zhaoshang-server --config server.toml set-role --login wanglei --role 办公室主任
//! zhaoshang-server --config server.toml serve
//! ```

use std::io::{BufRead, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use zhaoshang_server::{Config, Failure};

#[derive(Parser)]
#[command(name = "zhaoshang-server", version, about = "招商台账办公室同步服务器")]
struct Cli {
    /// Configuration file (TOML). Environment variables override it (ZHAOSHANG_DATABASE_URL …);
    /// without it, the environment alone configures the server.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create or upgrade the database tables (serve does this too).
    InitDb,
    /// Create an officer's account. Password: ZHAOSHANG_OFFICER_PASSWORD, or typed when asked.
    AddOfficer {
        #[arg(long)]
        login: String,
        /// Display name, e.g. 王磊.
        #[arg(long)]
        name: String,
        #[arg(long)]
        team: Option<String>,
        /// 办公室主任 (admin), 组长 (lead), 招商专员 (officer, the default) or 领导 (viewer:
        /// read-only).
        #[arg(long, default_value = "officer")]
        role: String,
    },
    /// Change an account's role (and team): it applies from the account's next request.
    SetRole {
        #[arg(long)]
        login: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        team: Option<String>,
    },
    /// List the officers' accounts, their devices and last push.
    ListOfficers,
    /// Set a new password for an officer (ends their sessions).
    SetPassword {
        #[arg(long)]
        login: String,
    },
    /// Serve the sync API (HTTPS when tls_cert/tls_key are configured).
    Serve {
        /// Listen address, overriding the configuration (e.g. 0.0.0.0:8780).
        #[arg(long)]
        listen: Option<String>,
    },
}

fn password() -> Result<String, Failure> {
    if let Ok(p) = std::env::var("ZHAOSHANG_OFFICER_PASSWORD") {
        return Ok(p);
    }
    eprint!("密码（至少 8 个字符）：");
    let _ = std::io::stderr().flush();
    // Best effort: do not echo the password on a terminal.
    let hide = |on: bool| {
        let _ = std::process::Command::new("stty")
            .arg(if on { "-echo" } else { "echo" })
            .stdin(std::process::Stdio::inherit())
            .status();
    };
    hide(true);
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    hide(false);
    eprintln!();
    read.map_err(|e| Failure(format!("无法读取密码：{e}")))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let mut config = Config::load(cli.config.as_deref())?;
    match cli.command {
        Command::InitDb => {
            let pool = zhaoshang_server::db::pool(config.pg_config()?, 1)?;
            let v = zhaoshang_server::db::migrate(&pool).await?;
            println!("数据库已就绪（结构版本 {v}）。");
        }
        Command::AddOfficer {
            login,
            name,
            team,
            role,
        } => {
            let role = zhaoshang_server::officers::parse_role(&role)?;
            let pool = zhaoshang_server::open_database(&config).await?;
            let pw = password()?;
            zhaoshang_server::officers::add_account(
                &pool,
                &login,
                &name,
                team.as_deref(),
                role,
                &pw,
            )
            .await?;
            println!("已添加干部 {name}（用户名 {login}，{}）。", role.label());
        }
        Command::SetRole { login, role, team } => {
            let role = zhaoshang_server::officers::parse_role(&role)?;
            let pool = zhaoshang_server::open_database(&config).await?;
            zhaoshang_server::officers::set_role(&pool, &login, role, team.as_deref()).await?;
            println!("已将 {login} 设为{}，下次请求起生效。", role.label());
        }
        Command::ListOfficers => {
            let pool = zhaoshang_server::open_database(&config).await?;
            let rows = zhaoshang_server::officers::list(&pool).await?;
            println!("共 {} 位干部", rows.len());
            for o in rows {
                println!(
                    "  {}\t{}\t{}\t{}\t设备 {} 台\t最近上传 {}（UTC）",
                    o.login,
                    o.name,
                    o.team.as_deref().unwrap_or("—"),
                    o.role.label(),
                    o.devices,
                    o.last_push_at.as_deref().unwrap_or("—")
                );
            }
        }
        Command::SetPassword { login } => {
            let pool = zhaoshang_server::open_database(&config).await?;
            let pw = password()?;
            zhaoshang_server::officers::set_password(&pool, &login, &pw).await?;
            println!("已为 {login} 设置新密码，其原有登录已失效。");
        }
        Command::Serve { listen } => {
            if let Some(l) = listen {
                config.listen = l;
            }
            let pool = zhaoshang_server::open_database(&config).await?;
            let tls = match (&config.tls_cert, &config.tls_key) {
                (Some(c), Some(k)) => Some(zhaoshang_server::tls_config(c, k).await?),
                _ => None,
            };
            let settings = zhaoshang_server::Settings {
                session_days: config.session_days,
                trusted_proxies: config.trusted_proxy_addresses()?,
                login_limits: config.login_limits(),
            };
            let bound = zhaoshang_server::bind_with(&config.listen, pool, tls, settings).await?;
            println!(
                "招商台账办公室服务器已启动：{}://{}",
                if bound.https { "https" } else { "http" },
                bound.addr
            );
            bound.run().await?;
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    if let Err(e) = run(cli).await {
        eprintln!("错误：{e}");
        std::process::exit(1);
    }
}
