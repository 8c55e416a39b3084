"""Hybrid retrieval over the knowledge base: BM25 + dense embeddings, fused by RRF."""
