//! `chitieu check FILE...` validates exports and prints their figures;
//! `chitieu schema` prints the export format's JSON Schema.

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod check;

#[derive(Parser)]
#[command(
    name = "chitieu",
    version,
    about = "Chỉ tiêu nghị quyết: kiểm tra tệp xuất dữ liệu (check exports of resolution indicators)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Vi,
    En,
}

#[derive(Subcommand)]
enum Command {
    /// Validate exports and print each indicator's figures, achievement, status and warnings.
    Check {
        /// Export files (JSON).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// One JSON object per line instead of a table.
        #[arg(long)]
        json: bool,
        /// Language of the table and messages.
        #[arg(long, value_enum, default_value = "vi")]
        lang: Lang,
    },
    /// Print the JSON Schema of the export format (data/schema.json).
    Schema,
    /// Serve the built dashboard (dist/) with security headers, on loopback by default.
    Serve {
        /// The built folder.
        #[arg(default_value = "dist")]
        dir: std::path::PathBuf,
        /// Port (0: any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Address to listen on; 0.0.0.0 makes it reachable from other machines.
        #[arg(long, default_value = "127.0.0.1")]
        listen: std::net::IpAddr,
        /// An origin allowed to embed the dashboard in an iframe (repeatable), e.g. https://intranet.example.
        #[arg(long = "frame-ancestor")]
        frame_ancestors: Vec<String>,
        /// An origin exports may be loaded from with ?data= (repeatable); also read from data/config.json.
        #[arg(long = "data-origin")]
        data_origins: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check { files, json, lang } => {
            let mut out = std::io::stdout().lock();
            match check::run(&files, json, lang, &mut out) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                // A closed pipe (`| head`) is the reader's choice, not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("chitieu: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Schema => {
            print!("{}", chitieu_core::schema_json());
            ExitCode::SUCCESS
        }
        Command::Serve {
            dir,
            port,
            listen,
            frame_ancestors,
            data_origins,
        } => {
            let opts = chitieu::serve::Options {
                dir,
                frame_ancestors,
                data_origins,
            };
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("chitieu: {e}");
                    return ExitCode::from(2);
                }
            };
            match runtime.block_on(chitieu::serve::run(
                opts,
                std::net::SocketAddr::new(listen, port),
            )) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("chitieu: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}
