"""The built-in cerberus schemas of meeting files, shipped as package data."""
