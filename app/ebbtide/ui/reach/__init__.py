"""Reach out: safe people and the reassurance request builder."""
