#!/usr/bin/env python3
"""Benchgen generator script, family "peg_in_hole".

A free square peg standing next to a fixed block built from four walls around a square hole. The payload is the
peg; the goal zone is the inside of the hole.

Standard library only. Deterministic: every random draw comes from random.Random(seed) and every number is
written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
import argparse
import json
import math
import random
import sys

# The prompt and the plan are data written as escaped string literals, never code.
PROMPT = __BENCHGEN_PROMPT__
PLAN = json.loads(__BENCHGEN_PLAN__)
GENERATOR = __BENCHGEN_GENERATOR__

PAYLOAD_HIGHLIGHT = (1.00, 0.35, 0.05)
FIXTURE_RGBA = (0.55, 0.45, 0.35, 1.0)
# Fixed fixtures collide with the floor and free parts but never with the jointed mechanism they carry: the joint
# already constrains that motion, and geoms sharing an axis (a hinge through its bearing) would otherwise touch.
FIXTURE_CONTACT = 'contype="2" conaffinity="2"'
MOVING_CONTACT = 'contype="1" conaffinity="1"'


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


def check_scale(scale):
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise ValueError("scale must be a positive finite number, got %r" % (scale,))


def yaw_point(k, x, y):
    """Rotates (x, y) by k quarter turns about z."""
    for _ in range(k % 4):
        x, y = -y, x
    return x, y


def local_to_world(origin, k, p):
    x, y = yaw_point(k, p[0], p[1])
    return [origin[0] + x, origin[1] + y, origin[2] + p[2]]


def box_to_world(origin, k, lo, hi):
    """Axis-aligned local box -> axis-aligned world box (exact for quarter-turn yaws)."""
    a = local_to_world(origin, k, lo)
    b = local_to_world(origin, k, hi)
    return {"min": [min(a[i], b[i]) for i in range(3)], "max": [max(a[i], b[i]) for i in range(3)]}


def box_geom(name, lo, hi, rgba, extra=""):
    """An MJCF box geom spanning lo..hi in its body's frame."""
    centre = [(a + b) / 2 for a, b in zip(lo, hi)]
    half = [(b - a) / 2 for a, b in zip(lo, hi)]
    return '<geom name="%s" type="box" pos="%s" size="%s" rgba="%s"%s/>' % (
        name, vec(*centre), vec(*half), vec(*rgba), (" " + extra) if extra else "")


def zone_site(name, box, rgba):
    lo, hi = box["min"], box["max"]
    centre = [(a + b) / 2 for a, b in zip(lo, hi)]
    half = [(b - a) / 2 for a, b in zip(lo, hi)]
    return '    <site name="%s" type="box" pos="%s" size="%s" rgba="%s"/>' % (name, vec(*centre), vec(*half), vec(*rgba))


def box_json(box):
    return {"min": [r5(v) for v in box["min"]], "max": [r5(v) for v in box["max"]]}


def payload_rgba(default):
    if PLAN["adjustments"].get("highlight_payload"):
        return PAYLOAD_HIGHLIGHT + (1.0,)
    if PLAN.get("rgba"):
        return tuple(PLAN["rgba"])
    return default


def size_factor():
    return {"small": 0.75, "large": 1.3}.get(PLAN.get("size"), 1.0)


def header(model, family, seed, scale, floor_half, light_height, extra_option=""):
    bright = PLAN["adjustments"].get("brighten_scene")
    ambient = 0.45 if bright else 0.3
    diffuse = 0.9 if bright else 0.7
    friction = PLAN["material"]["friction"]
    return [
        '<mujoco model="%s">' % model,
        "  <!-- generator %s, family %s, seed %d, scale %s -->" % (GENERATOR, family, int(seed), fmt(scale)),
        '  <compiler angle="radian"/>',
        '  <option timestep="0.002" gravity="0 0 -9.81"%s/>' % extra_option,
        "  <default>",
        '    <geom solimp="0.95 0.99 0.001"/>',
        "  </default>",
        "  <visual>",
        '    <global offwidth="640" offheight="480"/>',
        '    <headlight ambient="%s" diffuse="%s" specular="0.1 0.1 0.1"/>' % (vec(ambient, ambient, ambient), vec(0.4, 0.4, 0.4)),
        "  </visual>",
        "  <asset>",
        '    <texture name="grid" type="2d" builtin="checker" rgb1="0.82 0.82 0.8" rgb2="0.68 0.7 0.72" width="256" height="256"/>',
        '    <material name="floor" texture="grid" texrepeat="%s" reflectance="0.05"/>' % vec(floor_half * 4, floor_half * 4),
        "  </asset>",
        "  <worldbody>",
        '    <light name="key" pos="%s" dir="-0.3 -0.2 -1" directional="true" diffuse="%s" specular="0.2 0.2 0.2" castshadow="true"/>'
        % (vec(0.0, 0.0, light_height), vec(diffuse, diffuse, diffuse)),
        '    <geom name="floor" type="plane" size="%s" material="floor" friction="%s"/>'
        % (vec(floor_half, floor_half, 0.05), vec(friction, 0.005, 0.0001)),
    ]


def zones_xml(lay):
    lines = [zone_site("goal_zone", lay["goal_zone"], (0.1, 0.8, 0.2, 0.35))]
    for i, box in enumerate(lay["forbid_zones"]):
        lines.append(zone_site("forbid_zone_%d" % i, box, (0.9, 0.1, 0.1, 0.3)))
    return lines


def workspace(half_ws, top, scale):
    build_zone = {"min": [-half_ws, -half_ws, 0.0], "max": [half_ws, half_ws, top]}
    margin = 0.5 * scale + 0.2
    bounds = {"min": [-half_ws - margin, -half_ws - margin, -0.05], "max": [half_ws + margin, half_ws + margin, top + margin]}
    return build_zone, bounds


def difficulty(start, goal_zone, build_zone, body_count):
    """0.4 * distance/workspace + 0.3 * (1 - goal side / quarter workspace) + 0.3 * (bodies - 1) / 19, clamped to [0, 1]."""
    workspace_size = max(build_zone["max"][0] - build_zone["min"][0], build_zone["max"][1] - build_zone["min"][1])
    gc = [(goal_zone["min"][k] + goal_zone["max"][k]) / 2 for k in range(3)]
    distance = math.sqrt(sum((start[k] - gc[k]) ** 2 for k in range(3)))
    goal_side = math.sqrt((goal_zone["max"][0] - goal_zone["min"][0]) * (goal_zone["max"][1] - goal_zone["min"][1]))
    terms = 0.4 * min(1.0, distance / workspace_size) + 0.3 * max(0.0, 1.0 - goal_side / (0.25 * workspace_size)) \
        + 0.3 * min(1.0, (body_count - 1) / 19.0)
    return r5(max(0.0, min(1.0, terms)))


def ranges_json(scale, unscaled=()):
    return dict((k, [r5(a * (1.0 if k in unscaled else scale)) for a in v]) for k, v in PLAN["ranges"].items())


def main_for(family, build, definition, argv=None):
    parser = argparse.ArgumentParser(description="Benchgen %s generator: prints MJCF for a seed." % family)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--definition", action="store_true", help="print the benchmark definition JSON instead")
    args = parser.parse_args(argv)
    if args.definition:
        sys.stdout.write(json.dumps(definition(args.seed, args.scale), sort_keys=True, indent=2) + "\n")
    else:
        sys.stdout.write(build(args.seed, args.scale))

FAMILY = "peg_in_hole"


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    check_scale(scale)
    rng = random.Random(int(seed))
    s = scale
    f = size_factor()
    half_ws = PLAN["workspace_half_extent"] * s
    pw = draw(rng, "peg_half_width", s) * f
    ph = pw * draw(rng, "peg_aspect")
    clearance = pw * draw(rng, "clearance_fraction")
    wall = draw(rng, "block_wall", s) * f
    block_h = ph * draw(rng, "block_height_ratio")
    bx = draw(rng, "block_x", s)
    by = draw(rng, "block_y", s)
    distance = draw(rng, "peg_distance", s)
    hole = pw + clearance
    outer = hole + wall
    axis = rng.randrange(2)
    centre = (bx, by)
    # The peg stands on the side of the block with more room, so it always fits in the workspace.
    sign = -1.0 if centre[axis] > 0 else 1.0
    offset = outer + distance + pw
    peg = [bx, by, ph]
    peg[axis] += sign * offset
    goal_zone = {"min": [bx - hole, by - hole, 0.0], "max": [bx + hole, by + hole, block_h]}
    far = [bx, by]
    far[axis] -= sign * (outer + 0.05 * s + 0.08 * s)
    fh = 0.08 * s
    forbid_zone = {"min": [far[0] - fh, far[1] - fh, 0.0], "max": [far[0] + fh, far[1] + fh, 0.1 * s]}
    carry = block_h + 2 * ph + 0.04 * s
    waypoints = [[peg[0], peg[1], carry], [bx, by, carry], [bx, by, block_h + ph + 0.01 * s], [bx, by, ph + 0.003 * s]]
    top = max(0.5 * s, carry + ph + 0.2 * s)
    build_zone, bounds = workspace(half_ws, top, s)
    return {
        "pw": pw, "ph": ph, "hole": hole, "outer": outer, "block_h": block_h, "block": [bx, by, 0.0],
        "start": peg, "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone,
        "simulation_bounds": bounds, "waypoints": waypoints, "half_ws": half_ws,
    }


def peg_mass(lay):
    return PLAN["material"]["density"] * 8 * lay["pw"] * lay["pw"] * lay["ph"]


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    friction = vec(material["friction"], 0.005, 0.0001)
    floor_half = lay["simulation_bounds"]["max"][0]
    hole, outer, H = lay["hole"], lay["outer"], lay["block_h"]
    lines = header("benchgen_peg_in_hole", FAMILY, seed, scale, floor_half, 3.0 * scale + H)
    lines += zones_xml(lay)
    # Four walls around a square hole that goes down to the floor; the peg collides with them (conaffinity 3).
    walls = [
        ("block_wall_px", [hole, -outer, 0.0], [outer, outer, H]),
        ("block_wall_nx", [-outer, -outer, 0.0], [-hole, outer, H]),
        ("block_wall_py", [-hole, hole, 0.0], [hole, outer, H]),
        ("block_wall_ny", [-hole, -outer, 0.0], [hole, -hole, H]),
    ]
    lines.append('    <body name="hole_block" pos="%s">' % vec(*lay["block"]))
    for name, lo, hi in walls:
        lines.append("      " + box_geom(name, lo, hi, FIXTURE_RGBA, FIXTURE_CONTACT + ' friction="%s"' % friction))
    pw, ph = lay["pw"], lay["ph"]
    lines += [
        "    </body>",
        '    <body name="peg" pos="%s">' % vec(*lay["start"]),
        '      <freejoint name="peg_joint"/>',
        '      <geom name="peg_geom" type="box" size="%s" rgba="%s" density="%s" friction="%s" contype="1" conaffinity="3"/>'
        % (vec(pw, pw, ph), vec(*payload_rgba((0.20, 0.45, 0.80, 1.0))), fmt(material["density"]), friction),
        "    </body>",
        "  </worldbody>",
        "</mujoco>",
        "",
    ]
    return "\n".join(lines)


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    mass = peg_mass(lay)
    start = [r5(v) for v in lay["start"]]
    return {
        "family": FAMILY,
        "generator": GENERATOR,
        "prompt": PROMPT,
        "seed": int(seed),
        "scale": r5(scale),
        "build_zone": box_json(lay["build_zone"]),
        "goal_zone": box_json(lay["goal_zone"]),
        "forbid_zones": [box_json(b) for b in lay["forbid_zones"]],
        "payload": {
            "body": "peg",
            "label": "square peg standing next to a block with a square hole",
            "shape": "box",
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [r5(0.003 * scale), r5(0.003 * scale), 0.0],
            "clearance": r5(lay["hole"] - lay["pw"]),
        },
        "fixed_parts": [
            {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
            {"name": "hole_block", "shape": "box", "pos": [r5(v) for v in lay["block"]],
             "size": [r5(2 * lay["outer"]), r5(2 * lay["outer"]), r5(lay["block_h"])], "hole": r5(2 * lay["hole"])},
        ],
        "free_bodies": ["peg"],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {"max_unit_cost": 100.0, "max_weight": r5(max(1.0, 20.0 * mass))},
        "randomization": ranges_json(scale, unscaled=("peg_aspect", "clearance_fraction", "block_height_ratio")),
        "reference_solution": {
            "kind": "guide",
            "body": "peg",
            "waypoints": [[r5(v) for v in p] for p in lay["waypoints"]],
            "max_force": r5(8.0 * mass * 9.81),
            "duration": 5.0,
        },
        "difficulty": difficulty(start, lay["goal_zone"], lay["build_zone"], 1),
    }


def main(argv=None):
    main_for(FAMILY, build, definition, argv)


if __name__ == "__main__":
    main()
