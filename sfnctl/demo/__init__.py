"""`sfnctl demo` and the tests' emulators: moto's server (Step Functions), AWS's
durable-execution local runner, and the scenarios they run."""
