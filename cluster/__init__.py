"""Assembling and running real search nodes (OpenSearch) for tests and benchmarks."""
