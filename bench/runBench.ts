/**
 * Runs a bench's main, then exits: 0 once it reported, 1 (with the stack) if it failed. Exit comes
 * 5 s later, so a library that keeps a handle open after cleanup cannot hang a script that reported.
 */
export function runBench(main: () => Promise<void>, progress: (line: string) => void): void {
  const exitSoon = () => setTimeout(() => process.exit(process.exitCode ?? 0), 5_000).unref();
  main().then(exitSoon, (error: unknown) => {
    progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
    exitSoon();
  });
}
