"""Assembling and running real search nodes (OpenSearch, Elasticsearch) for tests and benchmarks."""
