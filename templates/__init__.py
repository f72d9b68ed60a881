"""The built-in templates, style sheets (styles/) and labels (labels/), shipped as package data."""
