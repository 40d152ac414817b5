fn main() -> std::process::ExitCode {
    careledger::cli::main()
}
