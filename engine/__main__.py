"""``python -m palais``: the command line."""
from .cli import run

run()
