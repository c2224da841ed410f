#!/usr/bin/env python3
"""Benchgen generator script, family "hinged_door".

A door panel with a handle on a vertical hinge in a fixed frame. The payload is the door; the goal zone is where
the panel centre lies once the door has been opened outward past an angle.

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

FAMILY = "hinged_door"


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    check_scale(scale)
    rng = random.Random(int(seed))
    s = scale
    f = size_factor()
    half_ws = PLAN["workspace_half_extent"] * s
    width = draw(rng, "door_width", s) * f
    height = draw(rng, "door_height", s) * f
    cx = draw(rng, "door_x", s)
    cy = draw(rng, "door_y", s)
    yaw = rng.randrange(4)
    side = 1.0 if rng.random() < 0.5 else -1.0
    goal_angle = draw(rng, "goal_angle")
    thick = 0.02 * s * f
    gap = 0.01 * s
    # The hinge axis runs along the panel's edge; the post stands far enough off that the panel's corner clears it.
    post_gap = 0.5 * thick + 0.004 * s
    max_angle = 1.75
    origin = [cx, cy, 0.0]
    r = width / 2
    zc = gap + height / 2

    def centre_at(alpha):
        # Opening swings the panel toward local +x about the hinge at y = side * r.
        return [r * math.sin(alpha), side * r * (1.0 - math.cos(alpha)), zc]

    arc = [centre_at(goal_angle + (max_angle - goal_angle) * i / 8) for i in range(9)]
    pad = 0.03 * s
    goal_local = ([min(p[0] for p in arc) - pad, min(p[1] for p in arc) - pad, zc - 0.1 * height],
                  [max(p[0] for p in arc) + pad, max(p[1] for p in arc) + pad, zc + 0.1 * height])
    goal_zone = box_to_world(origin, yaw, *goal_local)
    # The door opens outward only: the space just inside the doorway is off limits.
    forbid_local = ([-0.6 * width, -r, 0.0], [-0.5 * thick - 0.05 * s, r, 0.6 * height])
    forbid_zone = box_to_world(origin, yaw, *forbid_local)
    target = 0.5 * (goal_angle + max_angle)
    angles = [k * target / 4 for k in range(1, 5)]
    waypoints = [local_to_world(origin, yaw, centre_at(al)) for al in angles]
    top = max(0.5 * s, gap + height + 0.3 * s)
    build_zone, bounds = workspace(half_ws, top, s)
    return {
        "origin": origin, "yaw": yaw, "side": side, "width": width, "height": height, "thick": thick, "gap": gap,
        "post_gap": post_gap, "max_angle": max_angle, "zc": zc, "start": local_to_world(origin, yaw, centre_at(0.0)),
        "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone, "simulation_bounds": bounds,
        "waypoints": waypoints, "half_ws": half_ws,
    }


def door_mass(lay):
    return PLAN["material"]["density"] * lay["width"] * lay["height"] * lay["thick"]


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    floor_half = lay["simulation_bounds"]["max"][0]
    w, h, t, gap, side = lay["width"], lay["height"], lay["thick"], lay["gap"], lay["side"]
    r = w / 2
    post = 0.025 * scale
    inner = r + lay["post_gap"]
    top = gap + h + gap
    lines = header("benchgen_hinged_door", FAMILY, seed, scale, floor_half, 3.0 * scale + h)
    lines += zones_xml(lay)
    mass = door_mass(lay)
    inertia = mass * w * w / 3.0
    lo_range, hi_range = (0.0, lay["max_angle"]) if side > 0 else (-lay["max_angle"], 0.0)
    handle_y = -side * (r - 0.06 * scale)
    lines += [
        '    <body name="door_frame" pos="%s" euler="0 0 %s">' % (vec(*lay["origin"]), fmt(lay["yaw"] * math.pi / 2)),
        "      " + box_geom("frame_post_left", [-post, -inner - 2 * post, 0.0], [post, -inner, top + 2 * post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_post_right", [-post, inner, 0.0], [post, inner + 2 * post, top + 2 * post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_lintel", [-post, -inner, top], [post, inner, top + 2 * post], FIXTURE_RGBA, FIXTURE_CONTACT),
        '      <body name="door" pos="%s">' % vec(0.0, 0.0, lay["zc"]),
        # Vertical axis: gravity exerts no torque, so damping alone brings the door to rest wherever it is left.
        '        <joint name="door_hinge" type="hinge" pos="%s" axis="0 0 1" limited="true" range="%s" damping="%s"/>'
        % (vec(0.0, side * r, 0.0), vec(lo_range - 0.01, hi_range + 0.01), fmt(inertia / 0.3)),
        "        " + box_geom("door_panel", [-t / 2, -r, -h / 2], [t / 2, r, h / 2], payload_rgba((0.62, 0.42, 0.25, 1.0)),
                              MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), vec(material["friction"], 0.005, 0.0001))),
        "        " + box_geom("door_handle", [-t / 2 - 0.03 * scale, handle_y - 0.01 * scale, -0.04 * scale],
                              [t / 2 + 0.03 * scale, handle_y + 0.01 * scale, 0.04 * scale], (0.8, 0.75, 0.3, 1.0),
                              MOVING_CONTACT + ' density="%s"' % fmt(material["density"])),
        "      </body>",
        "    </body>",
        "  </worldbody>",
        "</mujoco>",
        "",
    ]
    return "\n".join(lines)


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    mass = door_mass(lay)
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
            "body": "door",
            "label": "door panel on a vertical hinge; open it outward past the goal angle",
            "shape": "box",
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [0.0, 0.0, 0.0],
            "joint": {"name": "door_hinge", "kind": "hinge", "hinge_side": "left" if lay["side"] < 0 else "right"},
        },
        "fixed_parts": [
            {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
            {"name": "door_frame", "shape": "box", "pos": [r5(v) for v in lay["origin"]], "yaw_quarter_turns": lay["yaw"]},
        ],
        "free_bodies": [],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {"max_unit_cost": 100.0, "max_weight": r5(max(1.0, 10.0 * mass))},
        "randomization": ranges_json(scale, unscaled=("goal_angle",)),
        "reference_solution": {
            "kind": "guide",
            "body": "door",
            "waypoints": [[r5(v) for v in p] for p in lay["waypoints"]],
            "max_force": r5(10.0 * mass * 9.81),
            "duration": 5.0,
        },
        "difficulty": difficulty(start, lay["goal_zone"], lay["build_zone"], 1),
    }


def main(argv=None):
    main_for(FAMILY, build, definition, argv)


if __name__ == "__main__":
    main()
