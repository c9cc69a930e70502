//! medsent: de-identify clinical notes, score sentiment, write Parquet.

mod cli;
mod config;
mod deid_cmd;
mod eval;
mod inputs;
mod pipeline;
mod serve;
mod stages;
mod stream;

use clap::Parser;

fn main() -> std::process::ExitCode {
    config::install_panic_hook();
    let cli = cli::Cli::parse();
    config::init_logging(&cli.log_format, &cli.log_level);
    let result = match cli.command {
        cli::Command::Backfill(args) => pipeline::backfill(args),
        cli::Command::Deid(args) => deid_cmd::run(args),
        cli::Command::DeidEval(args) => eval::run(args),
        cli::Command::Serve(args) => serve::run(args),
        cli::Command::Stream(args) => stream::run(args),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // Errors are built from paths, kinds and counts: never record content.
            eprintln!("medsent: error: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}
