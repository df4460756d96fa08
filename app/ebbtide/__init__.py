"""Ebbtide: a private, offline companion for breathing, listening, naming and checking."""

__version__ = "0.1.0"
APP_NAME = "Ebbtide"
