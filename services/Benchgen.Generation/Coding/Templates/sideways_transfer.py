#!/usr/bin/env python3
"""Benchgen generator script, family "sideways_transfer".

Builds a MuJoCo (MJCF) scene of a free payload (ball, cube or cylinder) resting on the floor on
one side of a fixed obstacle wall, plus the benchmark definition: move the payload sideways into
the goal zone on the other side of the wall. The wall's region (with a small margin) is a forbid
zone, so the payload has to go over or around it.

Standard library only. Deterministic: every random draw comes from random.Random(seed)
and every number is written with a fixed format, so a seed always gives the same bytes.

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

PALETTE = [
    (0.20, 0.45, 0.80), (0.25, 0.65, 0.35), (0.85, 0.65, 0.15), (0.60, 0.35, 0.70),
    (0.30, 0.70, 0.75), (0.75, 0.45, 0.30),
]
PAYLOAD_HIGHLIGHT = (1.00, 0.35, 0.05)
GOAL_RGBA = (0.1, 0.8, 0.2, 0.35)
FORBID_RGBA = (0.9, 0.1, 0.1, 0.3)
FIXED_RGBA = (0.55, 0.52, 0.48, 1.0)
GRAVITY = 9.81
# Rolling resistance (metres) for spheres: with condim 6 a ball comes to rest instead of creeping forever.
ROLLING = 0.0005


def fmt(x):
    """Fixed-precision number; never prints '-0.00000'."""
    s = "%.5f" % x
    return "0.00000" if s == "-0.00000" else s


def vec(*xs):
    return " ".join(fmt(x) for x in xs)


def r5(x):
    return float(fmt(x))


def check_scale(scale):
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise ValueError("scale must be a positive finite number, got %r" % (scale,))


def draw(rng, name, scale=1.0):
    lo, hi = PLAN["ranges"][name]
    return rng.uniform(lo, hi) * scale


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def aabb(centre, half):
    return {"min": [centre[k] - half[k] for k in range(3)], "max": [centre[k] + half[k] for k in range(3)]}


def box_json(box):
    return {"min": [r5(v) for v in box["min"]], "max": [r5(v) for v in box["max"]]}


def box_site(name, box, rgba):
    lo, hi = box["min"], box["max"]
    centre = [(a + b) / 2 for a, b in zip(lo, hi)]
    half = [(b - a) / 2 for a, b in zip(lo, hi)]
    return '    <site name="%s" type="box" pos="%s" size="%s" rgba="%s"/>' % (name, vec(*centre), vec(*half), vec(*rgba))


def part_rgba(index, payload_index):
    if index == payload_index and PLAN["adjustments"].get("highlight_payload"):
        return PAYLOAD_HIGHLIGHT + (1.0,)
    if PLAN.get("rgba"):
        r, g, b, a = PLAN["rgba"]
        # Shade alternate parts so a single-colour scene still shows where one part ends.
        k = 1.0 if index % 2 == 0 else 0.8
        return (r * k, g * k, b * k, a)
    return PALETTE[index % len(PALETTE)] + (1.0,)


def floor_friction():
    return (PLAN.get("floor_material") or PLAN["material"])["friction"]


def part_volume(shape, size):
    if shape == "sphere":
        return 4.0 / 3.0 * math.pi * size[0] ** 3
    if shape == "cylinder":
        return math.pi * size[0] ** 2 * 2 * size[1]
    return 8 * size[0] * size[1] * size[2]


def part_half_height(shape, size):
    return size[0] if shape == "sphere" else size[-1]


def part_body(name, shape, size, pos, rgba, indent="    "):
    """A free body of the plan's material: sphere [r], box [hx, hy, hz] or upright cylinder [r, hz]."""
    material = PLAN["material"]
    density = fmt(material["density"])
    friction = vec(material["friction"], 0.005, ROLLING)
    lines = ['%s<body name="%s" pos="%s">' % (indent, name, vec(*pos)), '%s  <freejoint name="%s_joint"/>' % (indent, name)]
    if shape == "sphere":
        lines.append('%s  <geom name="%s_geom" type="sphere" size="%s" rgba="%s" density="%s" friction="%s" condim="6"/>'
                     % (indent, name, fmt(size[0]), vec(*rgba), density, friction))
    elif shape == "cylinder":
        # MuJoCo 2.2 gives cylinder contacts a single point, so a standing cylinder rocks forever: the cylinder is the
        # visual and the mass, a massless inscribed box (hidden in geom group 3) carries the contacts.
        side = size[0] * math.sqrt(0.5)
        lines += [
            '%s  <geom name="%s_geom" type="cylinder" size="%s" rgba="%s" density="%s" contype="0" conaffinity="0"/>'
            % (indent, name, vec(size[0], size[1]), vec(*rgba), density),
            '%s  <geom name="%s_contact" type="box" size="%s" density="0" group="3" rgba="0 0 0 0" friction="%s"/>'
            % (indent, name, vec(side, side, size[1]), friction),
        ]
    else:
        lines.append('%s  <geom name="%s_geom" type="box" size="%s" rgba="%s" density="%s" friction="%s"/>'
                     % (indent, name, vec(*size), vec(*rgba), density, friction))
    lines.append("%s</body>" % indent)
    return lines


def fixed_box(name, centre, half, rgba=FIXED_RGBA, euler=None):
    rot = ' euler="%s"' % vec(*euler) if euler else ""
    return '    <geom name="%s" type="box" pos="%s" size="%s"%s rgba="%s" friction="%s"/>' % (
        name, vec(*centre), vec(*half), rot, vec(*rgba), vec(floor_friction(), 0.005, ROLLING))


def mjcf_open(model, seed, scale, floor_half, light_height, contacts):
    bright = PLAN["adjustments"].get("brighten_scene")
    ambient = 0.45 if bright else 0.3
    diffuse = 0.9 if bright else 0.7
    nconmax = 100 + 16 * contacts
    return [
        '<mujoco model="benchgen_%s">' % model,
        "  <!-- generator %s, family %s, seed %d, scale %s -->" % (GENERATOR, FAMILY, int(seed), fmt(scale)),
        '  <compiler angle="radian"/>',
        # noslip iterations stop the slow creep of resting parts on soft contacts.
        '  <option timestep="0.002" gravity="0 0 -9.81" noslip_iterations="5"/>',
        '  <size nconmax="%d" njmax="%d"/>' % (nconmax, 8 * nconmax),
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
        % (vec(floor_half, floor_half, 0.05), vec(floor_friction(), 0.005, ROLLING)),
    ]


def mjcf_zones(lay):
    lines = [box_site("goal_zone", lay["goal_zone"], GOAL_RGBA)]
    for i, box in enumerate(lay["forbid_zones"]):
        lines.append(box_site("forbid_zone_%d" % i, box, FORBID_RGBA))
    return lines


def mjcf_close():
    return ["  </worldbody>", "</mujoco>", ""]


def workspace(half_ws, top, scale):
    build_zone = {"min": [-half_ws, -half_ws, 0.0], "max": [half_ws, half_ws, top]}
    margin = 0.5 * scale + 0.2
    bounds = {"min": [-half_ws - margin, -half_ws - margin, -0.05], "max": [half_ws + margin, half_ws + margin, top + margin]}
    return build_zone, bounds


def reference(body, mass, waypoints, scale, speed=0.25):
    """Scripted guide for the payload: PD-driven through the waypoints, then released (see Validation/ReferenceSolution)."""
    length = sum(math.dist(a, b) for a, b in zip(waypoints, waypoints[1:]))
    return {
        "kind": "guide",
        "body": body,
        "waypoints": [[r5(v) for v in p] for p in waypoints],
        # Enough to lift the payload against gravity and accelerate it briskly, not enough to fling it.
        "max_force": r5(max(2.0, 6.0 * mass * GRAVITY)),
        "duration": r5(max(2.0, 1.5 + length / (speed * max(scale, 0.5)) + 0.5 * len(waypoints))),
    }


def difficulty(start, goal_zone, build_zone, body_count):
    """0.4 * distance/workspace + 0.3 * (1 - goal side / quarter workspace) + 0.3 * (bodies - 1) / 19, clamped to [0, 1]."""
    size = max(build_zone["max"][0] - build_zone["min"][0], build_zone["max"][1] - build_zone["min"][1])
    gc = [(goal_zone["min"][k] + goal_zone["max"][k]) / 2 for k in range(2)]
    distance = math.hypot(start[0] - gc[0], start[1] - gc[1])
    goal_side = math.sqrt((goal_zone["max"][0] - goal_zone["min"][0]) * (goal_zone["max"][1] - goal_zone["min"][1]))
    terms = 0.4 * min(1.0, distance / size) + 0.3 * max(0.0, 1.0 - goal_side / (0.25 * size)) \
        + 0.3 * min(1.0, (body_count - 1) / 19.0)
    return r5(max(0.0, min(1.0, terms)))


def ranges_json(scale, unscaled=()):
    return dict((k, [r5(a * (1.0 if k in unscaled else scale)) for a in v]) for k, v in PLAN["ranges"].items())


def common_definition(seed, scale, lay, payload, label, mass, fixed_parts, free_bodies, waypoints, unscaled=()):
    start = [r5(v) for v in payload["pos"]]
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
            "body": payload["name"],
            "label": label,
            "shape": PLAN["shape"],
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [r5(0.005 * scale), r5(0.005 * scale), 0.0],
        },
        "fixed_parts": fixed_parts,
        "free_bodies": free_bodies,
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {
            "max_unit_cost": r5(100.0 * max(1, len(free_bodies))),
            "max_weight": r5(max(1.0, 20.0 * mass)),
        },
        "randomization": ranges_json(scale, unscaled),
        "reference_solution": reference(payload["name"], mass, waypoints, scale),
        "difficulty": difficulty(start, lay["goal_zone"], lay["build_zone"], max(1, len(free_bodies))),
    }


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

FAMILY = "sideways_transfer"


def layout(seed, scale=1.0):
    check_scale(scale)
    rng = random.Random(int(seed))
    half_ws = PLAN["workspace_half_extent"] * scale
    shape = PLAN["shape"]
    a = draw(rng, "payload_half_extent", scale)
    if PLAN["adjustments"].get("enlarge_payload"):
        a *= 1.25
    size = [a] if shape == "sphere" else [a, a] if shape == "cylinder" else [a, a, a]
    wall_half_t = draw(rng, "wall_half_thickness", scale)
    wall_height = draw(rng, "wall_height", scale)
    wall_half_len = draw(rng, "wall_half_length", scale)
    clearance = draw(rng, "wall_clearance", scale)
    goal_half = draw(rng, "goal_half_extent", scale)
    margin = 0.02 * scale
    direction = 1.0 if rng.random() < 0.5 else -1.0
    # Sideways means across y: payload, wall and goal line up along y.
    offset_start = wall_half_t + margin + clearance + a
    offset_goal = wall_half_t + margin + clearance + goal_half
    reach = max(offset_start + a, offset_goal + goal_half)
    limit_y = max(0.0, half_ws - reach - 0.02 * scale)
    wall_y = clamp(draw(rng, "wall_centre_y", scale), -limit_y, limit_y)
    limit_x = max(0.0, half_ws - max(wall_half_len, goal_half) - 0.02 * scale)
    x = clamp(draw(rng, "wall_centre_x", scale), -limit_x, limit_x)
    start = [x + draw(rng, "lane_offset", scale) * (wall_half_len - a), wall_y - direction * offset_start, part_half_height(shape, size)]
    if shape != "sphere":
        start[2] = size[-1]
    goal_c = [clamp(x + draw(rng, "lane_offset", scale) * (wall_half_len - goal_half), -half_ws + goal_half, half_ws - goal_half),
              wall_y + direction * offset_goal]
    goal_zone = aabb([goal_c[0], goal_c[1], max(0.1 * scale, 3 * a) / 2], [goal_half, goal_half, max(0.1 * scale, 3 * a) / 2])
    wall = {"pos": [x, wall_y, wall_height / 2], "half": [wall_half_len, wall_half_t, wall_height / 2]}
    forbid_zone = aabb([x, wall_y, (wall_height + margin) / 2], [wall_half_len + margin, wall_half_t + margin, (wall_height + margin) / 2])
    travel = wall_height + margin + 2 * a + 0.05 * scale
    build_zone, bounds = workspace(half_ws, max(0.5 * scale, travel + 0.15 * scale), scale)
    return {"payload": {"name": "payload", "size": size, "pos": start}, "shape": shape, "wall": wall,
            "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone, "simulation_bounds": bounds,
            "travel": travel, "goal": goal_c}


def build(seed, scale=1.0):
    lay = layout(seed, scale)
    floor_half = lay["simulation_bounds"]["max"][0]
    lines = mjcf_open("sideways_transfer", seed, scale, floor_half, 3.0 * scale, 4)
    lines += mjcf_zones(lay)
    lines.append(fixed_box("obstacle_wall", lay["wall"]["pos"], lay["wall"]["half"], rgba=(0.45, 0.42, 0.5, 1.0)))
    payload = lay["payload"]
    lines += part_body(payload["name"], lay["shape"], payload["size"], payload["pos"], part_rgba(0, 0))
    lines += mjcf_close()
    return "\n".join(lines)


def definition(seed, scale=1.0):
    lay = layout(seed, scale)
    payload = lay["payload"]
    shape = lay["shape"]
    mass = PLAN["material"]["density"] * part_volume(shape, payload["size"])
    px, py, pz = payload["pos"]
    gx, gy = lay["goal"]
    # Over the wall: up, across above the forbid zone, down into the goal.
    waypoints = [[px, py, lay["travel"]], [gx, gy, lay["travel"]], [gx, gy, pz + 0.005 * scale]]
    wall = lay["wall"]
    fixed = [{"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
             {"name": "obstacle_wall", "shape": "box", "pos": [r5(v) for v in wall["pos"]], "size": [r5(2 * v) for v in wall["half"]]}]
    return common_definition(seed, scale, lay, payload, "payload beside the obstacle wall", mass, fixed, ["payload"], waypoints,
                             unscaled=("lane_offset",))


if __name__ == "__main__":
    main()
