//! `secure-http`: check and lint security headers, import them as `csp!`, `hsts!` and
//! `permissions_policy!`, suggest the policy change that allows what CSP reports saw, and audit
//! the headers a URL sends.
//!
//! Exit status: 0 when all is well, 1 when a check finds a problem (a deny-by-default lint
//! finding, or something browsers ignore or the strict parser refuses), 2 when the input
//! cannot be read (a missing file, a bad report, a URL that cannot be fetched) or the
//! arguments are wrong.

mod report;

use clap::{Parser, Subcommand, ValueEnum};
use std::io::Read as _;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "secure-http",
    version,
    about = "Check, import and improve security headers (CSP, HSTS, Permissions-Policy)",
    long_about = "Check, import and improve security headers (CSP, HSTS, Permissions-Policy).\n\n\
        Headers are read as browsers read them: literal nonces, obsolete or repeated \
        directives and values browsers ignore are reported as findings, each with its byte \
        offsets and the fix.\n\n\
        Exit status: 0 when all is well; 1 when a check finds a problem (a finding of a lint \
        denied by default, or something browsers ignore); 2 when the input cannot be read or \
        the arguments are wrong."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Which header the text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Content-Security-Policy (or Content-Security-Policy-Report-Only).
    Csp,
    /// Strict-Transport-Security.
    Hsts,
    /// Permissions-Policy.
    Permissions,
}

#[derive(Subcommand)]
enum Command {
    /// Parse and lint a header; exit 1 on a deny-by-default lint finding or on anything
    /// browsers ignore (usable in CI).
    Check {
        /// The header value; `-` or nothing reads standard input.
        header: Option<String>,
        /// Read the header value from this file instead.
        #[arg(long, short, conflicts_with = "header")]
        file: Option<std::path::PathBuf>,
        /// Which header it is.
        #[arg(long, short = 'k', value_enum, default_value = "csp")]
        kind: Kind,
        /// Print the result as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Print the `csp!`, `hsts!` or `permissions_policy!` that makes a header, ready to paste
    /// (a literal nonce becomes `nonce`, a fresh one per response).
    Import {
        /// The header value; `-` or nothing reads standard input.
        header: Option<String>,
        /// Read the header value from this file instead.
        #[arg(long, short, conflicts_with = "header")]
        file: Option<std::path::PathBuf>,
        /// Which header it is.
        #[arg(long, short = 'k', value_enum, default_value = "csp")]
        kind: Kind,
    },
    /// Suggest the smallest change to a CSP that allows the violations in a JSON-lines file
    /// of reports (the endpoint's export, or report bodies as browsers post them, one a line).
    Suggest {
        /// The JSON-lines file of reports; `-` reads standard input.
        reports: std::path::PathBuf,
        /// The Content-Security-Policy the reports are about (header text).
        #[arg(long, short)]
        policy: String,
    },
    /// Fetch a URL (http or https) and report each security header: present, parsed,
    /// findings, and what secure-http's defaults would send.
    Headers {
        /// The URL to fetch with GET, redirects not followed.
        url: String,
        /// Trust only the CA certificates of this PEM file for https (an internal CA)
        /// instead of Mozilla's roots.
        #[arg(long, value_name = "PEM")]
        ca_cert: Option<std::path::PathBuf>,
    },
}

/// What a subcommand found: its output and its exit status.
pub struct Outcome {
    pub output: String,
    pub failed: bool,
}

/// The input cannot be read: exit 2 with this message.
pub struct Unreadable(pub String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check {
            header,
            file,
            kind,
            json,
        } => input(header, file).map(|text| report::check(&text, kind, json)),
        Command::Import { header, file, kind } => {
            input(header, file).map(|text| report::import(&text, kind))
        }
        Command::Suggest { reports, policy } => {
            read(&reports).and_then(|text| report::suggest(&text, &policy).map_err(Unreadable))
        }
        Command::Headers { url, ca_cert } => {
            report::headers(&url, ca_cert.as_deref()).map_err(Unreadable)
        }
    };
    match result {
        Ok(outcome) => {
            print!("{}", outcome.output);
            if outcome.failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(Unreadable(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The header text: the argument, the file, or standard input; one trailing line break
/// removed.
fn input(header: Option<String>, file: Option<std::path::PathBuf>) -> Result<String, Unreadable> {
    let text = match (header, file) {
        (_, Some(path)) => read(&path)?,
        (Some(header), None) if header != "-" => header,
        _ => read(std::path::Path::new("-"))?,
    };
    Ok(text.trim_end_matches(['\n', '\r']).to_owned())
}

fn read(path: &std::path::Path) -> Result<String, Unreadable> {
    if path == std::path::Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Unreadable(format!("cannot read standard input: {e}")))?;
        return Ok(text);
    }
    std::fs::read_to_string(path)
        .map_err(|e| Unreadable(format!("cannot read {}: {e}", path.display())))
}
