# Benchgen generator-script library "core": pasted into every script that includes it, so each script
# stays a single standard-library file. Edit here, not in the generated scripts.

import argparse
import json
import math
import random
import sys

# The prompt and the plan are data written as escaped string literals, never code.
PROMPT = __BENCHGEN_PROMPT__
PLAN = json.loads(__BENCHGEN_PLAN__)
GENERATOR = __BENCHGEN_GENERATOR__


def fmt(x):
    """Fixed-precision number; never prints '-0.00000'."""
    s = "%.5f" % x
    return "0.00000" if s == "-0.00000" else s


def vec(*xs):
    return " ".join(fmt(x) for x in xs)


def r5(x):
    return float(fmt(x))


def box_json(box):
    return {"min": [r5(v) for v in box["min"]], "max": [r5(v) for v in box["max"]]}


def definition_head(seed, scale, lay):
    """The keys every family's definition starts with: who made it, for which seed and scale, and the three kinds of zone."""
    return {
        "family": FAMILY,
        "generator": GENERATOR,
        "prompt": PROMPT,
        "seed": int(seed),
        "scale": r5(scale),
        "build_zone": box_json(lay["build_zone"]),
        "goal_zone": box_json(lay["goal_zone"]),
        "forbid_zones": [box_json(b) for b in lay["forbid_zones"]],
    }


def check_scale(scale):
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise ValueError("scale must be a positive finite number, got %r" % (scale,))


def workspace(half_ws, top, scale):
    build_zone = {"min": [-half_ws, -half_ws, 0.0], "max": [half_ws, half_ws, top]}
    margin = 0.5 * scale + 0.2
    bounds = {"min": [-half_ws - margin, -half_ws - margin, -0.05], "max": [half_ws + margin, half_ws + margin, top + margin]}
    return build_zone, bounds


PAYLOAD_HIGHLIGHT = (1.00, 0.35, 0.05)


# The entry point of every generator script: FAMILY, build and definition are the family's own module-level names.
def main(argv=None):
    parser = argparse.ArgumentParser(description="Benchgen %s generator: prints MJCF for a seed." % FAMILY)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--definition", action="store_true", help="print the benchmark definition JSON instead")
    args = parser.parse_args(argv)
    if args.definition:
        sys.stdout.write(json.dumps(definition(args.seed, args.scale), sort_keys=True, indent=2) + "\n")
    else:
        sys.stdout.write(build(args.seed, args.scale))
