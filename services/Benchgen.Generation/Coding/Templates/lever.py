#!/usr/bin/env python3
"""Benchgen generator script, family "lever".

A beam balanced on a hinge over a fixed fulcrum, one end resting on the floor under a free weight that leans
against a lip. The payload is the weight; the goal zone is on the other end of the beam once that end has tipped
down to the floor, so moving the weight across tips the lever and the scene rests again.

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

FAMILY = "lever"


def quat_yaw_pitch(yaw, pitch):
    """Rotation yaw about world z after pitch about the body's y axis, as an MJCF quaternion (w x y z)."""
    c1, s1 = math.cos(yaw / 2), math.sin(yaw / 2)
    c2, s2 = math.cos(pitch / 2), math.sin(pitch / 2)
    return (c1 * c2, -s1 * s2, c1 * s2, s1 * c2)


def tilt(px, pz, beta):
    """A point of the beam frame (x along the beam, z up) rotated by beta about the beam's y axis."""
    return px * math.cos(beta) + pz * math.sin(beta), -px * math.sin(beta) + pz * math.cos(beta)


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    check_scale(scale)
    rng = random.Random(int(seed))
    s = scale
    f = size_factor()
    half_ws = PLAN["workspace_half_extent"] * s
    a = draw(rng, "beam_half_length", s) * f
    # The fulcrum height sets the tilt: sin(tilt) = height / half length, kept gentle so the weight rests against its lip.
    h = a * draw(rng, "tilt_ratio")
    w = draw(rng, "weight_half_extent", s) * f
    cx = draw(rng, "lever_x", s)
    cy = draw(rng, "lever_y", s)
    yaw = rng.randrange(4)
    t = 0.02 * s * f
    bw = max(1.6 * w, 0.04 * s * f)
    lip_w, lip_h = 0.3 * w, 0.6 * w
    phi = math.asin(h / a)
    origin = [cx, cy, 0.0]
    pivot = [0.0, 0.0, h]

    def beam_point(px, pz, beta):
        x, z = tilt(px, pz, beta)
        return [pivot[0] + x, 0.0, pivot[2] + z]

    # Weight starts against the lip of the low end (local -x); the goal is resting on the other end once it is down.
    start_local = beam_point(-a + lip_w + w, t + w, -phi)
    goal_px = a - lip_w - w - 0.04 * s
    goal_local = beam_point(goal_px, t + w, phi)
    lo_pt = beam_point(a - lip_w - 2 * w - 0.08 * s, t, phi)
    hi_pt = beam_point(a - lip_w, t + 2 * w, phi)
    pad = 0.02 * s
    goal_box_local = ([min(lo_pt[0], hi_pt[0]) - pad, -bw - pad, max(0.0, min(lo_pt[2], hi_pt[2]) - pad)],
                      [max(lo_pt[0], hi_pt[0]) + pad, bw + pad, max(lo_pt[2], hi_pt[2]) + 2 * w + pad])
    goal_zone = box_to_world(origin, yaw, *goal_box_local)
    # Behind the low end, on the floor: the weight must be lifted across the fulcrum, not dragged off the beam backwards.
    back = -a * math.cos(phi) - 0.05 * s
    forbid_local = ([back - 0.15 * s, -bw - 0.05 * s, 0.0], [back, bw + 0.05 * s, 0.15 * s])
    forbid_zone = box_to_world(origin, yaw, *forbid_local)
    high_end = h + a * math.sin(phi) + (t + lip_h) * math.cos(phi)
    carry = high_end + 2 * w + 0.05 * s
    waypoints_local = [
        [start_local[0], 0.0, carry],
        [goal_local[0], 0.0, carry],
        [goal_local[0], 0.0, goal_local[2] + 0.003 * s],
    ]
    top = max(0.5 * s, carry + 0.25 * s)
    build_zone, bounds = workspace(half_ws, top, s)
    return {
        "origin": origin, "yaw": yaw, "a": a, "h": h, "w": w, "t": t, "bw": bw, "lip_w": lip_w, "lip_h": lip_h,
        "phi": phi, "start": local_to_world(origin, yaw, start_local),
        "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone, "simulation_bounds": bounds,
        "waypoints": [local_to_world(origin, yaw, p) for p in waypoints_local], "half_ws": half_ws,
    }


def weight_mass(lay):
    return PLAN["material"]["density"] * 8 * lay["w"] ** 3


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    friction = vec(material["friction"], 0.005, 0.0001)
    floor_half = lay["simulation_bounds"]["max"][0]
    a, h, w, t, bw, phi = lay["a"], lay["h"], lay["w"], lay["t"], lay["bw"], lay["phi"]
    yaw = lay["yaw"] * math.pi / 2
    lines = header("benchgen_lever", FAMILY, seed, scale, floor_half, 3.0 * scale + h)
    lines += zones_xml(lay)
    fulcrum_half = 0.4 * h
    lines += [
        '    <body name="lever_base" pos="%s" euler="0 0 %s">' % (vec(*lay["origin"]), fmt(yaw)),
        "      " + box_geom("fulcrum", [-fulcrum_half, -bw, 0.0], [fulcrum_half, bw, 0.97 * h], FIXTURE_RGBA, FIXTURE_CONTACT),
        '      <geom name="fulcrum_pin" type="cylinder" pos="%s" size="%s" euler="1.5708 0 0" rgba="0.3 0.3 0.32 1" %s/>'
        % (vec(0.0, 0.0, h), vec(0.2 * fulcrum_half + 0.004 * scale, 1.1 * bw), FIXTURE_CONTACT),
        # The beam is balanced on its pivot, so only the weight decides which end rests on the floor.
        '      <body name="beam" pos="%s" euler="0 %s 0">' % (vec(0.0, 0.0, h), fmt(-phi)),
        '        <joint name="fulcrum_hinge" type="hinge" axis="0 1 0" limited="true" range="%s" damping="%s"/>'
        % (vec(-0.02, 2 * phi + 0.02), fmt(0.02 * (scale ** 5))),
        "        " + box_geom("beam_plank", [-a, -bw, 0.0], [a, bw, t], (0.70, 0.55, 0.35, 1.0),
                              MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), friction)),
        "        " + box_geom("beam_lip_low", [-a, -bw, t], [-a + lay["lip_w"], bw, t + lay["lip_h"]], (0.55, 0.42, 0.28, 1.0),
                              MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), friction)),
        "        " + box_geom("beam_lip_high", [a - lay["lip_w"], -bw, t], [a, bw, t + lay["lip_h"]], (0.55, 0.42, 0.28, 1.0),
                              MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), friction)),
        "      </body>",
        "    </body>",
    ]
    q = quat_yaw_pitch(yaw, -phi)
    lines += [
        '    <body name="weight" pos="%s" quat="%s">' % (vec(*lay["start"]), vec(*q)),
        '      <freejoint name="weight_joint"/>',
        # conaffinity 3 lets the weight touch the fixtures too, which the beam ignores.
        '      <geom name="weight_geom" type="box" size="%s" rgba="%s" density="%s" friction="%s" contype="1" conaffinity="3"/>'
        % (vec(w, w, w), vec(*payload_rgba((0.25, 0.30, 0.75, 1.0))), fmt(material["density"]), friction),
        "    </body>",
        "  </worldbody>",
        "</mujoco>",
        "",
    ]
    return "\n".join(lines)


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    mass = weight_mass(lay)
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
            "body": "weight",
            "label": "weight resting on the low end of a lever; it must end on the other end, tipped down",
            "shape": "box",
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [0.0, 0.0, 0.0],
        },
        "fixed_parts": [
            {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
            {"name": "fulcrum", "shape": "box", "pos": [r5(v) for v in lay["origin"]], "height": r5(lay["h"]),
             "yaw_quarter_turns": lay["yaw"]},
        ],
        "free_bodies": ["weight"],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {"max_unit_cost": 100.0, "max_weight": r5(max(1.0, 20.0 * mass))},
        "randomization": ranges_json(scale, unscaled=("tilt_ratio",)),
        "reference_solution": {
            "kind": "guide",
            "body": "weight",
            "waypoints": [[r5(v) for v in p] for p in lay["waypoints"]],
            "max_force": r5(8.0 * mass * 9.81),
            "duration": 4.0,
        },
        "difficulty": difficulty(start, lay["goal_zone"], lay["build_zone"], 1),
    }


def main(argv=None):
    main_for(FAMILY, build, definition, argv)


if __name__ == "__main__":
    main()
