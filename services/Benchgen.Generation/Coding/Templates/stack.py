#!/usr/bin/env python3
"""Benchgen generator script, family "stack".

Builds a MuJoCo (MJCF) scene of free blocks stacked on a floor plus the benchmark
definition an agent is scored against: move the payload (the top block) into the goal
zone, building only inside the build zone and never touching a forbid zone.

Standard library only. Deterministic: every random draw comes from random.Random(seed)
and every number is written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
FAMILY = "stack"
# @include lib/core.py
# @include lib/parts.py


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise ValueError("scale must be a positive finite number, got %r" % (scale,))
    rng = random.Random(int(seed))
    adjust = PLAN["adjustments"]
    count = PLAN["count"]
    cylinder = PLAN["shape"] == "cylinder"
    half_ws = PLAN["workspace_half_extent"] * scale

    blocks = []
    for _ in range(count):
        hx = draw(rng, "block_half_extent", scale)
        hy = hx if cylinder else draw(rng, "block_half_extent", scale)
        hz = draw(rng, "block_half_height", scale)
        # Blocks no taller than they are wide keep even a 20-block tower standing on soft contacts.
        hz = min(hz, min(hx, hy))
        blocks.append([hx, hy, hz])
    # Wider blocks at the bottom keep the tower statically stable.
    blocks.sort(key=lambda b: -(b[0] * b[1]))
    if adjust.get("enlarge_payload"):
        top = blocks[-1]
        blocks[-1] = [top[0] * 1.25, top[1] * 1.25, top[2] * 1.6]

    cx = draw(rng, "stack_centre_x", scale)
    cy = draw(rng, "stack_centre_y", scale)
    stagger = draw(rng, "stagger_fraction")
    z = 0.0
    placed = []
    for i, (hx, hy, hz) in enumerate(blocks):
        # Staggered towers shift alternate blocks sideways by a fraction of the block below.
        dx = 0.0
        if i > 0 and stagger > 0:
            dx = (1 if i % 2 else -1) * stagger * min(blocks[i - 1][0], hx)
        placed.append({"name": "block_%d" % i, "half": [hx, hy, hz], "pos": [cx + dx, cy, z + hz]})
        z += 2 * hz
    stack_top = z

    # Goal zone: a floor region at goal_distance from the stack, inside the workspace.
    goal_half = draw(rng, "goal_half_extent", scale)
    distance = draw(rng, "goal_distance", scale)
    limit = half_ws - goal_half - 0.02 * scale
    goal = None
    for _ in range(24):
        angle = rng.uniform(0.0, 2.0 * math.pi)
        gx = cx + distance * math.cos(angle)
        gy = cy + distance * math.sin(angle)
        if abs(gx) <= limit and abs(gy) <= limit:
            goal = (gx, gy)
            break
    if goal is None:
        # Towards the workspace centre always fits: the stack is at most half the workspace away from it.
        norm = math.hypot(cx, cy) or 1.0
        goal = (cx - distance * cx / norm, cy - distance * cy / norm)
        goal = (max(-limit, min(limit, goal[0])), max(-limit, min(limit, goal[1])))
    payload = placed[-1]
    goal_height = max(0.1 * scale, 3.0 * payload["half"][2])
    goal_zone = {"min": [goal[0] - goal_half, goal[1] - goal_half, 0.0],
                 "max": [goal[0] + goal_half, goal[1] + goal_half, goal_height]}

    # Forbid zone just beyond the goal, along the dominant axis of the stack-to-goal direction: overshoot is penalised.
    forbid_half = draw(rng, "forbid_half_extent", scale)
    gap = 0.04 * scale
    dx, dy = goal[0] - cx, goal[1] - cy
    if abs(dx) >= abs(dy):
        side = 1.0 if dx >= 0 else -1.0
        fc = (goal[0] + side * (goal_half + gap + forbid_half), goal[1])
    else:
        side = 1.0 if dy >= 0 else -1.0
        fc = (goal[0], goal[1] + side * (goal_half + gap + forbid_half))
    forbid_zone = {"min": [fc[0] - forbid_half, fc[1] - forbid_half, 0.0],
                   "max": [fc[0] + forbid_half, fc[1] + forbid_half, 0.3 * scale]}

    build_top = max(0.5 * scale, stack_top + 0.25 * scale)
    build_zone = {"min": [-half_ws, -half_ws, 0.0], "max": [half_ws, half_ws, build_top]}
    margin = 0.5 * scale + 0.2
    bounds = {"min": [-half_ws - margin, -half_ws - margin, -0.05],
              "max": [half_ws + margin, half_ws + margin, build_top + margin]}
    return {
        "blocks": placed,
        "cylinder": cylinder,
        "goal_zone": goal_zone,
        "forbid_zones": [forbid_zone],
        "build_zone": build_zone,
        "simulation_bounds": bounds,
        "stack_top": stack_top,
        "half_ws": half_ws,
    }


def box_xml(name, box, rgba):
    lo, hi = box["min"], box["max"]
    centre = [(a + b) / 2 for a, b in zip(lo, hi)]
    half = [(b - a) / 2 for a, b in zip(lo, hi)]
    return '    <site name="%s" type="box" pos="%s" size="%s" rgba="%s"/>' % (name, vec(*centre), vec(*half), vec(*rgba))


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    bright = PLAN["adjustments"].get("brighten_scene")
    ambient = 0.45 if bright else 0.3
    diffuse = 0.9 if bright else 0.7
    floor_half = lay["simulation_bounds"]["max"][0]
    lines = [
        '<mujoco model="benchgen_stack">',
        "  <!-- generator %s, family %s, seed %d, scale %s -->" % (GENERATOR, FAMILY, int(seed), fmt(scale)),
        '  <compiler angle="radian"/>',
        # noslip iterations stop the slow creep that topples tall towers on soft contacts.
        '  <option timestep="0.002" gravity="0 0 -9.81" noslip_iterations="5"/>',
        '  <size nconmax="%d" njmax="%d"/>' % (100 + 16 * len(lay["blocks"]), 8 * (100 + 16 * len(lay["blocks"]))),
        # Stiffer contact impedance keeps small-scale towers from sinking and swaying on soft contacts.
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
        % (vec(0.0, 0.0, 3.0 * scale + lay["stack_top"]), vec(diffuse, diffuse, diffuse)),
        '    <geom name="floor" type="plane" size="%s" material="floor" friction="%s"/>'
        % (vec(floor_half, floor_half, 0.05), vec(floor_friction(), 0.005, 0.0001)),
        box_xml("goal_zone", lay["goal_zone"], (0.1, 0.8, 0.2, 0.35)),
    ]
    for i, box in enumerate(lay["forbid_zones"]):
        lines.append(box_xml("forbid_zone_%d" % i, box, (0.9, 0.1, 0.1, 0.3)))
    count = len(lay["blocks"])
    for i, block in enumerate(lay["blocks"]):
        hx, hy, hz = block["half"]
        friction = vec(material["friction"], 0.005, 0.0001)
        lines += [
            '    <body name="%s" pos="%s">' % (block["name"], vec(*block["pos"])),
            '      <freejoint name="%s_joint"/>' % block["name"],
        ]
        if lay["cylinder"]:
            # MuJoCo 2.2 gives cylinder-on-cylinder a single contact point, so a tower of them rocks forever.
            # The cylinder is the visual and the mass; a massless box inscribed in it (hidden in geom group 3)
            # carries the contacts with MuJoCo's multi-point box collisions. Two crossed boxes were ~17x slower.
            side = hx * math.sqrt(0.5)
            lines += [
                '      <geom name="%s_geom" type="cylinder" size="%s" rgba="%s" density="%s" contype="0" conaffinity="0"/>'
                % (block["name"], vec(hx, hz), vec(*part_rgba(i, count - 1)), fmt(material["density"])),
                '      <geom name="%s_contact" type="box" size="%s" density="0" group="3" rgba="0 0 0 0" friction="%s"/>'
                % (block["name"], vec(side, side, hz), friction),
            ]
        else:
            lines.append('      <geom name="%s_geom" type="box" size="%s" rgba="%s" density="%s" friction="%s"/>'
                         % (block["name"], vec(hx, hy, hz), vec(*part_rgba(i, count - 1)), fmt(material["density"]), friction))
        lines.append("    </body>")
    lines += ["  </worldbody>", "</mujoco>", ""]
    return "\n".join(lines)


def reference_solution(lay, payload_mass, scale):
    """Scripted solution: lift the top block off the tower, carry it over the goal zone's centre and set it down there.

    The validator pulls the payload through the waypoints with a bounded PD force (gravity compensated) and releases it
    after `duration` seconds; it must then rest inside the goal zone without having entered a forbid zone.
    """
    payload = lay["blocks"][-1]
    sx, sy, sz = payload["pos"]
    hz = payload["half"][2]
    goal = lay["goal_zone"]
    gx = (goal["min"][0] + goal["max"][0]) / 2
    gy = (goal["min"][1] + goal["max"][1]) / 2
    carry = sz + max(0.04 * scale, hz)
    waypoints = [[sx, sy, carry], [gx, gy, carry], [gx, gy, hz + 0.004 * scale]]
    path, previous = 0.0, [sx, sy, sz]
    for w in waypoints:
        path += math.sqrt(sum((a - b) ** 2 for a, b in zip(w, previous)))
        previous = w
    # Three times the payload's weight: enough to lift and carry it briskly, too little to fling the tower around.
    return guide(payload["name"], waypoints, 3.0 * 9.81 * payload_mass, 0.5 + 0.6 * len(waypoints) + 0.5 * path)


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    payload = lay["blocks"][-1]
    material = PLAN["material"]
    density = material["density"]
    hx, hy, hz = payload["half"]
    volume = math.pi * hx * hx * 2 * hz if lay["cylinder"] else 8 * hx * hy * hz
    payload_mass = density * volume
    start = [r5(v) for v in payload["pos"]]
    ranges = dict((k, [r5(a * (scale if k not in ("stagger_fraction",) else 1.0)) for a in v])
                  for k, v in PLAN["ranges"].items())
    result = {
        **definition_head(seed, scale, lay),
        "payload": {
            "body": payload["name"],
            "label": "top %s of the %s" % ("cylinder" if lay["cylinder"] else "block", "tower"),
            "shape": PLAN["shape"],
            "material": material["name"],
            "mass": r5(payload_mass),
            "start": start,
            "jitter": [r5(0.005 * scale), r5(0.005 * scale), 0.0],
        },
        "fixed_parts": [{"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]}],
        "free_bodies": [b["name"] for b in lay["blocks"]],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {
            "max_unit_cost": r5(100.0 * len(lay["blocks"])),
            "max_weight": r5(max(1.0, 20.0 * payload_mass)),
        },
        "randomization": ranges,
        "reference_solution": reference_solution(lay, payload_mass, scale),
        "difficulty": None,  # measured by the validator (replay, random baseline) and written into benchmark.json
    }
    result["task"] = preset_task(lay)
    return result


def preset_task(lay):
    """The resolved task (Benchgen.Tasks README §2): the tower bottom to top; carry its top block into the goal zone."""
    kind = "cylinder" if lay["cylinder"] else "block"
    count = len(lay["blocks"])
    objects = []
    for i, block in enumerate(lay["blocks"]):
        hx, hy, hz = block["half"]
        shape, size = ("cylinder", [hx, hz]) if lay["cylinder"] else ("box", block["half"])
        objects.append(task_free_part("%s_%d" % (kind, i + 1), kind, block["name"], shape, size,
                                      part_colour(i, count - 1), part_rgba(i, count - 1)))
    ids = [o["id"] for o in objects]
    return task_block(1, objects, [task_predicate("stacked", *ids)], [task_predicate("at", ids[-1], "goal")], lay)


if __name__ == "__main__":
    main()
