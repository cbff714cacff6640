"""Data out: exports, statutory and sector returns, meeting packs, subject access and retention.

Reads through storage/ functions only; writes files the caller names. Nothing here reads the
clock: callers pass `now`.
"""
