#!/usr/bin/env python3
"""Benchgen generator script, family "peg_in_hole".

A free square peg standing next to a fixed block built from four walls around a square hole. The payload is the
peg; the goal zone is the inside of the hole.

Standard library only. Deterministic: every random draw comes from random.Random(seed) and every number is
written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/fixtures.py


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
    result = {
        **definition_head(seed, scale, lay),
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
        "reference_solution": guide("peg", lay["waypoints"], 8.0 * mass * 9.81, 5.0),
        "difficulty": None,  # measured by the validator (replay, random baseline) and written into benchmark.json
    }
    result["task"] = preset_task(lay)
    return result


def preset_task(lay):
    """The resolved task (Benchgen.Tasks README §2): the peg standing beside the socket (body "hole_block", origin on the
    floor at the hole's centre); the goal inserts the peg into the hole from above."""
    pw, ph, hole, outer, H = lay["pw"], lay["ph"], lay["hole"], lay["outer"], lay["block_h"]
    peg = task_free_part("peg_1", "peg", "peg", "box", [pw, pw, ph], payload_colour(), payload_rgba((0.20, 0.45, 0.80, 1.0)))
    cavity = task_anchor("hole", "hole_block", {"min": [-hole, -hole, 0.0], "max": [hole, hole, H]}, axis=[0.0, 0.0, -1.0])
    socket = task_object("socket_1", "socket", "hole_block", False, {"min": [-outer, -outer, 0.0], "max": [outer, outer, H]},
                         None, FIXTURE_RGBA, anchors={"hole": cavity})
    return task_block(1, [peg, socket], [], [task_predicate("inserted", "peg_1", "socket_1")], lay)


if __name__ == "__main__":
    main()
