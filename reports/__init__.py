"""The built-in report kinds (manifests), shipped as package data."""
