#!/usr/bin/env python3
"""Benchgen generator script, family "pendulum".

A bob on an arm hanging from a hinge on a fixed frame. At rest it hangs still. The payload is the bob; the goal
zone is where it rests after being swung up and over the bar onto a stop just past upright, the one swing position
that stays put once released.

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

FAMILY = "pendulum"


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    check_scale(scale)
    rng = random.Random(int(seed))
    s = scale
    f = size_factor()
    half_ws = PLAN["workspace_half_extent"] * s
    length = draw(rng, "arm_length", s) * f
    radius = draw(rng, "bob_radius", s) * f
    clearance = draw(rng, "floor_clearance", s)
    cx = draw(rng, "frame_x", s)
    cy = draw(rng, "frame_y", s)
    yaw = rng.randrange(4)
    # The stop catches the arm this far past upright, so a bob swung over the top rests there under gravity.
    stop = draw(rng, "stop_angle")
    pivot_h = length + radius + clearance
    span = radius + 0.08 * s * f
    origin = [cx, cy, 0.0]

    def bob_at(q):
        # Hinge about +y: a positive angle swings the bob toward local -x.
        return [-length * math.sin(q), 0.0, pivot_h - length * math.cos(q)]

    limit = math.pi + stop
    arc = [bob_at(limit - 0.3 + 0.3 * i / 8) for i in range(9)]
    pad = radius + 0.02 * s
    goal_local = ([min(p[0] for p in arc) - pad, -pad, min(p[2] for p in arc) - pad],
                  [max(p[0] for p in arc) + pad, pad, max(p[2] for p in arc) + pad])
    goal_zone = box_to_world(origin, yaw, *goal_local)
    # The swing goes up on the -x side; the low +x side is off limits (swinging the wrong way).
    forbid_local = ([0.45 * length, -span, pivot_h - length - radius], [length + 2 * radius, span, pivot_h - 0.45 * length])
    forbid_zone = box_to_world(origin, yaw, *forbid_local)
    waypoints = [local_to_world(origin, yaw, bob_at(q)) for q in (0.6, 1.2, 1.8, 2.4, 2.9, limit - 0.12)]
    top = max(0.5 * s, pivot_h + length + radius + 0.2 * s)
    build_zone, bounds = workspace(half_ws, top, s)
    return {
        "origin": origin, "yaw": yaw, "length": length, "radius": radius, "pivot_h": pivot_h, "span": span,
        "limit": limit, "start": local_to_world(origin, yaw, bob_at(0.0)), "goal_zone": goal_zone,
        "forbid_zones": [forbid_zone], "build_zone": build_zone, "simulation_bounds": bounds, "waypoints": waypoints,
        "half_ws": half_ws,
    }


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    floor_half = lay["simulation_bounds"]["max"][0]
    L, r, H, span = lay["length"], lay["radius"], lay["pivot_h"], lay["span"]
    post = 0.015 * scale * size_factor()
    rod = 0.2 * r
    lines = header("benchgen_pendulum", FAMILY, seed, scale, floor_half, 3.0 * scale + H)
    lines += zones_xml(lay)
    stop_dir = lay["limit"] + 0.0
    # A visible stop block on the top bar where the arm comes to rest after swinging over.
    stop_x, stop_z = -0.12 * L * math.sin(stop_dir + 0.35), -0.12 * L * math.cos(stop_dir + 0.35)
    lines += [
        '    <body name="frame" pos="%s" euler="0 0 %s">' % (vec(*lay["origin"]), fmt(lay["yaw"] * math.pi / 2)),
        "      " + box_geom("frame_post_left", [-post, -span - 2 * post, 0.0], [post, -span, H + post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_post_right", [-post, span, 0.0], [post, span + 2 * post, H + post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_foot_left", [-0.4 * L, -span - 2 * post, 0.0], [0.4 * L, -span, post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_foot_right", [-0.4 * L, span, 0.0], [0.4 * L, span + 2 * post, post], FIXTURE_RGBA, FIXTURE_CONTACT),
        '      <geom name="frame_bar" type="cylinder" pos="%s" size="%s" euler="1.5708 0 0" rgba="0.3 0.3 0.32 1" %s/>'
        % (vec(0.0, 0.0, H), vec(post, span), FIXTURE_CONTACT),
        '      <geom name="frame_stop" type="box" pos="%s" size="%s" rgba="0.75 0.2 0.2 1" %s/>'
        % (vec(stop_x, 0.0, H + stop_z), vec(0.6 * rod + 0.002 * scale, 0.8 * span, 0.6 * rod + 0.002 * scale), FIXTURE_CONTACT),
        # Body frame at the bob's centre (its position is the payload's); the hinge sits L above it, at the bar.
        '      <body name="bob" pos="%s">' % vec(0.0, 0.0, H - L),
        '        <joint name="pivot" type="hinge" pos="%s" axis="0 1 0" limited="true" range="%s" damping="%s"/>'
        % (vec(0.0, 0.0, L), vec(-1.8, lay["limit"]), fmt(0.002 * scale ** 5)),
        # The arm is the bob body's largest geom, so it carries the asked colour too (prompt fidelity reads it).
        '        <geom name="bob_arm" type="capsule" fromto="%s" size="%s" rgba="%s" density="%s" %s/>'
        % (vec(0.0, 0.0, 0.0, 0.0, 0.0, L), fmt(rod), vec(*payload_rgba((0.35, 0.35, 0.38, 1.0))), fmt(material["density"]), MOVING_CONTACT),
        '        <geom name="bob_ball" type="sphere" size="%s" rgba="%s" density="%s" %s/>'
        % (fmt(r), vec(*payload_rgba((0.85, 0.55, 0.15, 1.0))), fmt(material["density"]), MOVING_CONTACT),
        "      </body>",
        "    </body>",
        "  </worldbody>",
        "</mujoco>",
        "",
    ]
    return "\n".join(lines)


def bob_mass(lay):
    r, L = lay["radius"], lay["length"]
    rod = 0.2 * r
    return PLAN["material"]["density"] * (4.0 / 3.0 * math.pi * r ** 3 + math.pi * rod * rod * (L + 4.0 / 3.0 * rod))


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    mass = bob_mass(lay)
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
            "body": "bob",
            "label": "pendulum bob on a hinge; swing it up and over the bar until the arm rests on the stop",
            "shape": "sphere",
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [0.0, 0.0, 0.0],
            "joint": {"name": "pivot", "kind": "hinge", "range": [-1.8, r5(lay["limit"])]},
        },
        "fixed_parts": [
            {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
            {"name": "frame", "shape": "box", "pos": [r5(v) for v in lay["origin"]], "height": r5(lay["pivot_h"]),
             "yaw_quarter_turns": lay["yaw"]},
        ],
        "free_bodies": [],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {"max_unit_cost": 100.0, "max_weight": r5(max(1.0, 20.0 * mass))},
        "randomization": ranges_json(scale, unscaled=("stop_angle",)),
        "reference_solution": {
            "kind": "guide",
            "body": "bob",
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
