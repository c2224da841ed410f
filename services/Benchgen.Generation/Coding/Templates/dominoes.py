#!/usr/bin/env python3
"""Benchgen generator script, family "dominoes".

Builds a MuJoCo (MJCF) scene of N free dominoes (thin upright boxes) standing in a straight
row, spaced closer than their height so toppling one knocks the next, plus the benchmark
definition: move the payload (the last domino of the row) into the goal zone beyond the end
of the row without touching the forbid zone.

Standard library only. Deterministic: every random draw comes from random.Random(seed)
and every number is written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/parts.py


FAMILY = "dominoes"


def layout(seed, scale=1.0):
    check_scale(scale)
    rng = random.Random(int(seed))
    half_ws = PLAN["workspace_half_extent"] * scale
    count = PLAN["count"]
    t = draw(rng, "domino_half_thickness", scale)
    w = draw(rng, "domino_half_width", scale)
    h = draw(rng, "domino_half_height", scale)
    if PLAN["adjustments"].get("enlarge_payload"):
        w *= 1.2
    pitch = max(2 * h * draw(rng, "spacing_fraction"), 2 * t + 0.01 * scale)
    along_y = rng.random() < 0.5
    direction = 1.0 if rng.random() < 0.5 else -1.0
    goal_half = draw(rng, "goal_half_extent", scale)
    goal_gap = draw(rng, "goal_distance", scale)
    forbid_half = draw(rng, "forbid_half_extent", scale)
    row = (count - 1) * pitch
    span = row + t + goal_gap + 2 * goal_half + 0.04 * scale + 2 * forbid_half
    limit = max(0.0, half_ws - span / 2 - 0.02 * scale)
    mid = clamp(draw(rng, "row_centre", scale), -limit, limit)
    lateral = draw(rng, "row_lateral", scale)
    start = mid - span / 2

    def world(u, v, z):
        """Row coordinates (u along the row, v across it) to world coordinates."""
        u = mid + direction * (u - mid)
        return [v, u, z] if along_y else [u, v, z]

    half = [w, t, h] if along_y else [t, w, h]
    dominoes = [{"name": "domino_%d" % i, "half": half, "pos": world(start + i * pitch, lateral, h)} for i in range(count)]
    goal_u = start + row + t + goal_gap + goal_half
    forbid_u = goal_u + goal_half + 0.04 * scale + forbid_half
    goal_c = world(goal_u, lateral, 0.0)
    forbid_c = world(forbid_u, lateral, 0.0)
    goal_zone = aabb([goal_c[0], goal_c[1], max(0.1 * scale, 2.4 * h) / 2], [goal_half, goal_half, max(0.1 * scale, 2.4 * h) / 2])
    forbid_zone = aabb([forbid_c[0], forbid_c[1], 0.15 * scale], [forbid_half, forbid_half, 0.15 * scale])
    travel = max(2 * h + 0.02 * scale, h + 0.02 * scale)
    build_zone, bounds = workspace(half_ws, max(0.5 * scale, 2 * h + 0.3 * scale), scale)
    return {"dominoes": dominoes, "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone,
            "simulation_bounds": bounds, "goal": (goal_c[0], goal_c[1]), "half_height": h, "travel": h + 0.02 * scale}


def build(seed, scale=1.0):
    lay = layout(seed, scale)
    floor_half = lay["simulation_bounds"]["max"][0]
    lines = mjcf_open("dominoes", seed, scale, floor_half, 3.0 * scale, len(lay["dominoes"]))
    lines += mjcf_zones(lay)
    payload_index = len(lay["dominoes"]) - 1
    for i, domino in enumerate(lay["dominoes"]):
        lines += part_body(domino["name"], "box", domino["half"], domino["pos"], part_rgba(i, payload_index))
    lines += mjcf_close()
    return "\n".join(lines)


def definition(seed, scale=1.0):
    lay = layout(seed, scale)
    payload = lay["dominoes"][-1]
    mass = PLAN["material"]["density"] * part_volume("box", payload["half"])
    px, py, pz = payload["pos"]
    gx, gy = lay["goal"]
    # Lift the last domino just clear of the floor, carry it upright beyond the row and stand it in the goal zone.
    waypoints = [[px, py, lay["travel"]], [gx, gy, lay["travel"]], [gx, gy, lay["half_height"] + 0.003 * scale]]
    result = common_definition(
        seed, scale, lay, payload, "last domino of the row", mass,
        [{"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]}],
        [d["name"] for d in lay["dominoes"]], waypoints, unscaled=("spacing_fraction",))
    result["task"] = preset_task(lay)
    return result


def preset_task(lay):
    """The resolved task (Benchgen.Tasks README §2): the row of upright dominoes in order; the last one (the payload) ends
    in the goal zone."""
    last = len(lay["dominoes"]) - 1
    objects = [task_free_part("domino_%d" % (i + 1), "domino", d["name"], "box", d["half"], part_colour(i, last), part_rgba(i, last))
               for i, d in enumerate(lay["dominoes"])]
    return task_block(1, objects, [task_predicate("upright", o["id"]) for o in objects],
                      [task_predicate("at", objects[-1]["id"], "goal")], lay)


if __name__ == "__main__":
    main()
