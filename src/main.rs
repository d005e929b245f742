fn main() -> std::process::ExitCode {
    dsr_portal::cli::main()
}
