"""Benchgen sandbox driver: imports a generator script once and emits one JSON line per (seed, scale).

argv: <script path> <JSON list of [seed, scale] pairs>. Anything the script itself prints goes to stderr so it can
never be mistaken for a result line.
"""
import importlib.util
import json
import sys


def main():
    path, runs = sys.argv[1], json.loads(sys.argv[2])
    out = sys.stdout.buffer
    sys.stdout = sys.stderr
    spec = importlib.util.spec_from_file_location("benchgen_generator", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("build", "definition"):
        if not callable(getattr(module, name, None)):
            raise TypeError("generator script defines no %s(seed, scale) function" % name)
    for seed, scale in runs:
        mjcf = module.build(seed, scale)
        if not isinstance(mjcf, str):
            raise TypeError("build(%r, %r) returned %s, not a str of MJCF" % (seed, scale, type(mjcf).__name__))
        definition = module.definition(seed, scale)
        if not isinstance(definition, dict):
            raise TypeError("definition(%r, %r) returned %s, not a dict" % (seed, scale, type(definition).__name__))
        line = json.dumps({"seed": seed, "scale": scale, "mjcf": mjcf, "definition": definition}, sort_keys=True)
        out.write(line.encode("ascii") + b"\n")
        out.flush()


if __name__ == "__main__":
    main()
