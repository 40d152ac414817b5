fn main() -> std::process::ExitCode {
    careledger::cli::main()
}

/// mimalloc rather than the system allocator. Opening a large journal is dominated by the
/// kernel handing the process fresh memory, one 4 KiB page fault at a time (11,500 faults
/// for a 100,000-transaction journal, a quarter of the CPU time on the benchmark machine).
/// mimalloc takes its memory in transparent huge pages where the kernel allows it: about
/// 200 faults, and `careledger summary` on that journal goes from about 60 ms to about
/// 40 ms, at the cost of a larger resident size (48 MB to 69 MB; see README's figures,
/// from `scripts/bench-peers.sh`). Where huge pages are off it behaves as before.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
