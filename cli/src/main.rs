//! `chitieu check FILE...` validates exports and prints their figures;
//! `chitieu schema` prints the export format's JSON Schema;
//! `chitieu import TABLE` turns an appendix table (.xlsx, .csv, pasted text) into an export.

use std::process::ExitCode;

use chitieu_core::text::Lang;
use clap::builder::TypedValueParser;
use clap::{Parser, Subcommand};

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

/// `--lang vi|en`, read into the core's [`Lang`].
fn lang_arg() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::PossibleValuesParser::new(["vi", "en"])
        .map(|code| Lang::from_code(&code).unwrap_or_default())
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
        #[arg(long, value_parser = lang_arg(), default_value = "vi")]
        lang: Lang,
    },
    /// Print the JSON Schema of the export format (data/schema.json).
    Schema,
    /// Turn an appendix table (.xlsx, .csv, or text pasted from Word/Excel) into an export.
    Import {
        /// The table: .xlsx, .csv, .tsv or .txt; `-` reads pasted text from standard input.
        file: std::path::PathBuf,
        /// Where to write the export (JSON); standard output if absent.
        #[arg(short, long)]
        output: Option<std::path::PathBuf>,
        /// Language of the messages.
        #[arg(long, value_parser = lang_arg(), default_value = "vi")]
        lang: Lang,
        /// The unit's name, instead of the one read above the table.
        #[arg(long)]
        unit: Option<String>,
        /// How a row's figures make its actual, by the row's number in the
        /// table: `28=cuoi-ky` (latest figure), `28=cong-don` (added up),
        /// `28=trung-binh` (averaged, each period held to the target). Repeatable.
        #[arg(long = "row", value_name = "ROW=MEANING")]
        rows: Vec<String>,
        /// A file of such choices, one a line: `don-vi: Tên đơn vị`, `28: cuoi-ky`.
        #[arg(long, value_name = "FILE")]
        choices: Option<std::path::PathBuf>,
    },
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
        Command::Import {
            file,
            output,
            lang,
            unit,
            rows,
            choices,
        } => match choices_of(choices.as_deref(), unit, &rows) {
            Ok(c) => import(&file, output.as_deref(), lang, &c),
            Err((vi, en)) => {
                eprintln!("chitieu: {}", lang.pick(vi, en));
                ExitCode::from(2)
            }
        },
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

/// The choices of `chitieu import`: the file's, then the flags'.
fn choices_of(
    file: Option<&std::path::Path>,
    unit: Option<String>,
    rows: &[String],
) -> Result<chitieu_core::import::Choices, (String, String)> {
    use chitieu_core::import::Choices;
    let mut text = match file {
        Some(path) => std::fs::read_to_string(path).map_err(|e| {
            let p = path.display();
            (format!("{p}: {e}"), format!("{p}: {e}"))
        })?,
        None => String::new(),
    };
    for r in rows {
        text.push('\n');
        text.push_str(&r.replacen('=', ":", 1));
    }
    let mut c = Choices::parse(&text)?;
    if unit.is_some() {
        c.unit = unit;
    }
    Ok(c)
}

/// `chitieu import`: the export on stdout or in `-o`, what was not understood
/// on stderr (row, column, cell text); exit 1 if the table could not be read.
fn import(
    file: &std::path::Path,
    output: Option<&std::path::Path>,
    lang: Lang,
    choices: &chitieu_core::import::Choices,
) -> ExitCode {
    use std::io::{Read, Write};
    let name = match file.display().to_string() {
        // Pasted text has no file name: its source reads "bảng dán".
        n if n == "-" => lang.pick("bảng dán", "pasted table").to_string(),
        n => n,
    };
    let bytes = if file.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin().read_to_end(&mut b).map(|_| b)
    } else {
        std::fs::read(file)
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            eprintln!("chitieu: {name}: {e}");
            return ExitCode::from(2);
        }
    };
    let imported = match chitieu_core::import::import_with(&name, &bytes, choices) {
        Ok(i) => i,
        Err(e) => {
            eprint!("{}", e.render(lang));
            return ExitCode::from(1);
        }
    };
    for u in &imported.unread {
        let at = u.place(lang);
        let msg = u.text(lang);
        if u.cell.is_empty() {
            eprintln!("{name}:{at}: {msg}");
        } else {
            eprintln!("{name}:{at}: {msg}: «{}»", u.cell);
        }
    }
    let json = match serde_json::to_string_pretty(&imported.loaded.export) {
        Ok(j) => j + "\n",
        Err(e) => {
            eprintln!("chitieu: {e}");
            return ExitCode::from(2);
        }
    };
    let written = match output {
        Some(path) => std::fs::write(path, json.as_bytes()),
        None => std::io::stdout().lock().write_all(json.as_bytes()),
    };
    if let Err(e) = written {
        eprintln!("chitieu: {e}");
        return ExitCode::from(2);
    }
    let count = chitieu_core::evaluate::evaluate_all(&imported.loaded).len();
    let (n, left) = (count, imported.unread.len());
    eprintln!(
        "{}",
        lang.pick(
            format!("{name}: đã nhập {n} chỉ tiêu; {left} ghi chú ở trên"),
            format!("{name}: {n} indicators imported; {left} notes above"),
        )
    );
    ExitCode::SUCCESS
}
