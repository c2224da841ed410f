#!/usr/bin/env python3
"""Benchgen generator script, family "pyramid".

Builds a MuJoCo (MJCF) scene of equal free blocks laid in a pyramid (full rows from the base up,
each row centred on the one below) plus the benchmark definition: move the payload (the top
block) into the goal zone beside the pyramid without touching the forbid zone.

Standard library only. Deterministic: every random draw comes from random.Random(seed)
and every number is written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/parts.py


FAMILY = "pyramid"


def rows_for(count):
    """Row sizes from the base up: the smallest base whose full pyramid holds count, top rows filled last."""
    base = 1
    while base * (base + 1) // 2 < count:
        base += 1
    rows, remaining = [], count
    for r in range(base):
        n = min(base - r, remaining)
        if n <= 0:
            break
        rows.append(n)
        remaining -= n
    return rows


def layout(seed, scale=1.0):
    check_scale(scale)
    rng = random.Random(int(seed))
    half_ws = PLAN["workspace_half_extent"] * scale
    hx = draw(rng, "block_half_extent", scale)
    hy = draw(rng, "block_half_extent", scale)
    hz = min(draw(rng, "block_half_height", scale), hx)
    if PLAN["adjustments"].get("enlarge_payload"):
        hy *= 1.25
    gap = draw(rng, "row_gap_fraction") * hx
    rows = rows_for(PLAN["count"])
    pitch = 2 * hx + gap
    width = rows[0] * pitch - gap
    limit_x = max(0.0, half_ws - width / 2 - 0.02 * scale)
    cx = clamp(draw(rng, "pyramid_centre_x", scale), -limit_x, limit_x)
    cy = draw(rng, "pyramid_centre_y", scale)

    blocks = []
    for r, n in enumerate(rows):
        z = (2 * r + 1) * hz
        for i in range(n):
            x = cx + (i - (n - 1) / 2.0) * pitch
            blocks.append({"name": "block_%d" % len(blocks), "half": [hx, hy, hz], "pos": [x, cy, z]})
    top = 2 * hz * len(rows)

    # Goal zone on the floor in front of or behind the pyramid (across y), towards the workspace centre.
    goal_half = draw(rng, "goal_half_extent", scale)
    distance = draw(rng, "goal_distance", scale)
    side = -1.0 if cy > 0 else 1.0
    limit = half_ws - goal_half - 0.02 * scale
    gy = clamp(cy + side * distance, -limit, limit)
    if abs(gy - cy) < hy + goal_half + 0.05 * scale:
        gy = cy - side * distance
    gx = clamp(cx + draw(rng, "goal_offset", scale), -limit, limit)
    goal_height = max(0.1 * scale, 3.0 * hz)
    goal_zone = {"min": [gx - goal_half, gy - goal_half, 0.0], "max": [gx + goal_half, gy + goal_half, goal_height]}

    # Forbid zone beside the goal (along x, towards the workspace centre): sliding past the goal is penalised.
    forbid_half = draw(rng, "forbid_half_extent", scale)
    fside = -1.0 if gx > 0 else 1.0
    fx = gx + fside * (goal_half + 0.04 * scale + forbid_half)
    forbid_top = 0.3 * scale
    forbid_zone = {"min": [fx - forbid_half, gy - forbid_half, 0.0], "max": [fx + forbid_half, gy + forbid_half, forbid_top]}

    travel = max(top + 2 * hz + 0.05 * scale, forbid_top + hz + 0.05 * scale)
    build_zone, bounds = workspace(half_ws, max(0.5 * scale, travel + 0.15 * scale), scale)
    return {"blocks": blocks, "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone,
            "simulation_bounds": bounds, "top": top, "travel": travel, "goal": (gx, gy), "rows": rows}


def build(seed, scale=1.0):
    lay = layout(seed, scale)
    floor_half = lay["simulation_bounds"]["max"][0]
    lines = mjcf_open("pyramid", seed, scale, floor_half, 3.0 * scale + lay["top"], len(lay["blocks"]))
    lines += mjcf_zones(lay)
    payload_index = len(lay["blocks"]) - 1
    for i, block in enumerate(lay["blocks"]):
        lines += part_body(block["name"], "box", block["half"], block["pos"], part_rgba(i, payload_index))
    lines += mjcf_close()
    return "\n".join(lines)


def definition(seed, scale=1.0):
    lay = layout(seed, scale)
    payload = lay["blocks"][-1]
    hx, hy, hz = payload["half"]
    mass = PLAN["material"]["density"] * part_volume("box", payload["half"])
    px, py, pz = payload["pos"]
    gx, gy = lay["goal"]
    waypoints = [[px, py, lay["travel"]], [gx, gy, lay["travel"]], [gx, gy, hz + 0.01 * scale]]
    result = common_definition(
        seed, scale, lay, payload, "top block of the pyramid", mass,
        [{"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]}],
        [b["name"] for b in lay["blocks"]], waypoints, unscaled=("row_gap_fraction",))
    result["task"] = preset_task(lay)
    return result


def preset_task(lay):
    """The resolved task (Benchgen.Tasks README §2): the pyramid's blocks, base row first; carry the top one (the payload)
    into the goal zone."""
    last = len(lay["blocks"]) - 1
    objects = [task_free_part("block_%d" % (i + 1), "block", b["name"], "box", b["half"], part_colour(i, last), part_rgba(i, last))
               for i, b in enumerate(lay["blocks"])]
    return task_block(1, objects, [], [task_predicate("at", objects[-1]["id"], "goal")], lay)


if __name__ == "__main__":
    main()
