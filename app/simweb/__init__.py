"""A simulated web of organisation websites with ground truth, for tests, the demo and benchmarks."""
