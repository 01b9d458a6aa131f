use std::process::ExitCode;

fn main() -> ExitCode {
    conflictmap::cli::main()
}
