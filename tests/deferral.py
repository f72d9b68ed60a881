"""A program run twice in fresh processes: where Palais imports a library first (its
patterns deferred, palais.deferred), and where the library is imported on its own."""
import subprocess
import sys


def both_ways(program: str, first: str) -> tuple:
    """Return what ``program`` prints (a repr, evaluated) in a process that runs the
    import ``first`` before it, then in one that does not."""
    def run(prelude):
        done = subprocess.run([sys.executable, "-c", prelude + "\n" + program],
                              capture_output=True, text=True, check=True)
        return eval(done.stdout)
    return run(first), run("")
