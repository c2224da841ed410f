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


def draw(rng, name, scale=1.0):
    lo, hi = PLAN["ranges"][name]
    return rng.uniform(lo, hi) * scale


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


def ranges_json(scale, unscaled=()):
    return dict((k, [r5(a * (1.0 if k in unscaled else scale)) for a in v]) for k, v in PLAN["ranges"].items())


PAYLOAD_HIGHLIGHT = (1.00, 0.35, 0.05)


def guide(body, waypoints, max_force, duration):
    """The reference solution's contract (Validation/ReferenceSolution): drive `body` through `waypoints` with a PD force
    of at most `max_force` newtons, then release it; it must rest in the goal zone without entering a forbid zone."""
    return {
        "kind": "guide",
        "body": body,
        "waypoints": [[r5(v) for v in p] for p in waypoints],
        "max_force": r5(max_force),
        "duration": r5(duration),
    }


# The resolved task block (Benchgen.Tasks README §2): every object with its MJCF body, its geometry in that body's own
# frame, its anchors and parts, plus the initial and goal predicates. One set of helpers for every template.
TASK_SPEC = "benchgen.task/v1"


# The world body's MuJoCo name: a fixture built from world geoms (a container, a ramp, a platform) is resolved to it,
# so its boxes are in the world frame.
WORLD_BODY = "world"


def rot_x(a):
    c, s = math.cos(a), math.sin(a)
    return [[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]]


def rot_y(a):
    c, s = math.cos(a), math.sin(a)
    return [[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]]


def rot_apply(rot, p):
    return [sum(rot[i][k] * p[k] for k in range(3)) for i in range(3)]


def task_geom(shape, pos, size, rot=None):
    """One geom for task_extent, in the frame the extent is taken in: box size [hx, hy, hz], sphere [r], cylinder
    [r, hz] or capsule [r, hz] along the geom's own z; rot is the geom's 3x3 rotation (rows) in that frame."""
    if shape == "box":
        half = list(size)
    elif shape == "sphere":
        half = [size[0]] * 3
    elif shape == "cylinder":
        half = [size[0], size[0], size[1]]
    elif shape == "capsule":
        half = [size[0], size[0], size[1] + size[0]]
    else:
        raise ValueError("task_geom: unknown shape %r" % (shape,))
    if rot is not None:
        half = [sum(abs(rot[i][k]) * half[k] for k in range(3)) for i in range(3)]
    return {"min": [pos[i] - half[i] for i in range(3)], "max": [pos[i] + half[i] for i in range(3)]}


def task_span(lo, hi):
    """A box geom given by its corners (fixtures.box_geom, drawer parts) for task_extent."""
    return {"min": list(lo), "max": list(hi)}


def task_moved(geoms, offset, rot=None):
    """Boxes of a child body's geoms (in the child's frame) seen from the parent: rotated by rot, then offset."""
    moved = []
    for g in geoms:
        corners = [[(g["max"] if (n >> i) & 1 else g["min"])[i] for i in range(3)] for n in range(8)]
        if rot is not None:
            corners = [rot_apply(rot, c) for c in corners]
        moved.append({"min": [min(c[i] for c in corners) + offset[i] for i in range(3)],
                      "max": [max(c[i] for c in corners) + offset[i] for i in range(3)]})
    return moved


def task_extent(geoms):
    """The axis-aligned box around a list of geom boxes (task_geom / task_span / task_moved)."""
    return {"min": [min(g["min"][i] for g in geoms) for i in range(3)],
            "max": [max(g["max"][i] for g in geoms) for i in range(3)]}


def task_anchor(kind, body, box, **extra):
    """A named region of an object in `body`'s frame: surface (max.z is the support height), cavity, under or hole."""
    result = {"kind": kind, "body": body}
    result.update(box_json(box))
    for key, value in extra.items():
        result[key] = [r5(v) for v in value] if isinstance(value, (list, tuple)) else value
    return result


def task_top(body, box):
    """The surface anchor on the top face of a box: objects resting on it sit at its max.z."""
    return task_anchor("surface", body, {"min": [box["min"][0], box["min"][1], box["max"][2]], "max": list(box["max"])})


def task_part(body, joint, kind, joint_range, **ends):
    """An articulated part: its body, joint, joint type and range, and the joint values the predicates measure
    between (closed/open, and open_threshold: how far open the goal asks for)."""
    result = {"body": body, "joint": joint, "type": kind, "range": [r5(v) for v in joint_range]}
    for key, value in ends.items():
        result[key] = r5(value)
    return result


def task_object(oid, kind, body, free, extent, colour=None, rgba=None, label=None, anchors=None, parts=None):
    """One resolved object: `extent` (the AABB of all its geoms in `body`'s frame) also gives the default `top` anchor."""
    named = {"top": task_top(body, extent)}
    named.update(anchors or {})
    return {
        "id": oid,
        "kind": kind,
        "label": label or kind.replace("_", " "),
        "body": body,
        "free": bool(free),
        "colour": colour,
        "rgba": None if rgba is None else [r5(v) for v in rgba],
        "extent": box_json(extent),
        "anchors": named,
        "parts": parts or {},
    }


def task_predicate(name, *args):
    return {"predicate": name, "args": list(args), "value": None}


def task_block(tier, objects, initial, goal, lay):
    """The task block of definition(): the preset's objects, start state and goal, with the goal zone it is scored in."""
    return {
        "spec": TASK_SPEC,
        "preset": FAMILY,
        "tier": tier,
        "objects": objects,
        "initial": initial,
        "goal": goal,
        "zones": {"goal": box_json(lay["goal_zone"])},
    }


def task_part_kind():
    """The kind of a catalogue part (a block, ball or cylinder) for the plan's shape, as the C# preset names it."""
    return {"sphere": "ball", "cylinder": "cylinder"}.get(PLAN["shape"], "block")


def task_free_part(oid, kind, body, shape, size, colour, rgba, label=None):
    """A free part built by parts.part_body (or the same shapes): sphere [r], box [hx, hy, hz], cylinder [r, hz]."""
    geom = task_geom("box" if shape not in ("sphere", "cylinder") else shape, [0.0, 0.0, 0.0], size)
    return task_object(oid, kind, body, True, geom, colour, rgba, label)


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
