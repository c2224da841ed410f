#!/usr/bin/env python3
"""Benchgen generator script, family "container".

Builds a MuJoCo (MJCF) scene of a fixed open container (box, bin or crate: a base plate and
four walls) holding N free balls (or cubes) resting apart on its base, plus the benchmark
definition: lift the payload (the first ball) out of the container into the goal zone on the
floor without touching the forbid zone.

Standard library only. Deterministic: every random draw comes from random.Random(seed)
and every number is written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/parts.py


FAMILY = "container"


def layout(seed, scale=1.0):
    check_scale(scale)
    rng = random.Random(int(seed))
    half_ws = PLAN["workspace_half_extent"] * scale
    shape = PLAN["shape"]
    count = PLAN["count"]
    r = draw(rng, "part_radius", scale)
    if PLAN["adjustments"].get("enlarge_payload"):
        r *= 1.2
    spacing = 2 * r * (1.0 + draw(rng, "part_spacing_fraction"))
    columns = max(1, int(math.ceil(math.sqrt(count))))
    lines_ = int(math.ceil(count / float(columns)))
    wall = 0.008 * scale
    base = 0.01 * scale
    margin = r * draw(rng, "wall_margin_fraction")
    inner_x = columns * spacing / 2 + margin
    inner_y = lines_ * spacing / 2 + margin
    wall_height = 2 * r * draw(rng, "wall_height_fraction")
    outer = max(inner_x, inner_y) + wall
    limit = max(0.0, half_ws - outer - 0.02 * scale)
    cx = clamp(draw(rng, "container_centre_x", scale), -limit, limit)
    cy = clamp(draw(rng, "container_centre_y", scale), -limit, limit)

    parts = []
    for i in range(count):
        col, row = i % columns, i // columns
        x = cx + (col - (columns - 1) / 2.0) * spacing
        y = cy + (row - (lines_ - 1) / 2.0) * spacing
        size = [r] if shape == "sphere" else [r * 0.8, r * 0.8, r * 0.8]
        parts.append({"name": "ball_%d" % i if shape == "sphere" else "cube_%d" % i, "size": size,
                      "pos": [x, y, base + part_half_height(shape, size)]})

    # Goal zone on the floor beside the container, away from it by goal_distance.
    goal_half = draw(rng, "goal_half_extent", scale)
    distance = max(draw(rng, "goal_distance", scale), outer + goal_half + 0.05 * scale)
    glimit = half_ws - goal_half - 0.02 * scale
    goal = None
    for _ in range(24):
        angle = rng.uniform(0.0, 2.0 * math.pi)
        gx, gy = cx + distance * math.cos(angle), cy + distance * math.sin(angle)
        if abs(gx) <= glimit and abs(gy) <= glimit:
            goal = (gx, gy)
            break
    if goal is None:
        norm = math.hypot(cx, cy) or 1.0
        goal = (cx - distance * cx / norm, cy - distance * cy / norm) if math.hypot(cx, cy) > 1e-9 else (cx + distance, cy)
        goal = (clamp(goal[0], -glimit, glimit), clamp(goal[1], -glimit, glimit))
    gx, gy = goal
    goal_zone = {"min": [gx - goal_half, gy - goal_half, 0.0], "max": [gx + goal_half, gy + goal_half, max(0.1 * scale, 4 * r)]}

    # Forbid zone just beyond the goal along the dominant container-to-goal axis: overshoot is penalised.
    forbid_half = draw(rng, "forbid_half_extent", scale)
    dx, dy = gx - cx, gy - cy
    if abs(dx) >= abs(dy):
        fc = (gx + math.copysign(goal_half + 0.04 * scale + forbid_half, dx), gy)
    else:
        fc = (gx, gy + math.copysign(goal_half + 0.04 * scale + forbid_half, dy))
    forbid_top = 0.3 * scale
    forbid_zone = {"min": [fc[0] - forbid_half, fc[1] - forbid_half, 0.0], "max": [fc[0] + forbid_half, fc[1] + forbid_half, forbid_top]}

    rim = base + wall_height
    travel = max(rim + 2 * r + 0.05 * scale, forbid_top + r + 0.05 * scale)
    build_zone, bounds = workspace(half_ws, max(0.5 * scale, travel + 0.15 * scale), scale)
    return {"parts": parts, "shape": shape, "centre": (cx, cy), "inner": (inner_x, inner_y), "wall": wall, "base": base,
            "wall_height": wall_height, "goal": goal, "goal_zone": goal_zone, "forbid_zones": [forbid_zone],
            "build_zone": build_zone, "simulation_bounds": bounds, "travel": travel, "rim": rim}


def build(seed, scale=1.0):
    lay = layout(seed, scale)
    floor_half = lay["simulation_bounds"]["max"][0]
    lines = mjcf_open("container", seed, scale, floor_half, 3.0 * scale, len(lay["parts"]) + 4)
    lines += mjcf_zones(lay)
    # The container is fixed: a base plate and four walls, all part of the world body.
    for name, centre, half in container_geoms(lay):
        lines.append(fixed_box(name, centre, half))
    for i, part in enumerate(lay["parts"]):
        lines += part_body(part["name"], lay["shape"], part["size"], part["pos"], part_rgba(i, 0))
    lines += mjcf_close()
    return "\n".join(lines)


def definition(seed, scale=1.0):
    lay = layout(seed, scale)
    payload = lay["parts"][0]
    shape = lay["shape"]
    mass = PLAN["material"]["density"] * part_volume(shape, payload["size"])
    px, py, pz = payload["pos"]
    gx, gy = lay["goal"]
    half_h = part_half_height(shape, payload["size"])
    waypoints = [[px, py, lay["travel"]], [gx, gy, lay["travel"]], [gx, gy, half_h + 0.01 * scale]]
    cx, cy = lay["centre"]
    ix, iy = lay["inner"]
    fixed = [
        {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
        {"name": "container", "shape": "open box", "pos": [r5(cx), r5(cy), 0.0],
         "size": [r5(2 * (ix + 2 * lay["wall"])), r5(2 * (iy + 2 * lay["wall"])), r5(lay["rim"])]},
    ]
    result = common_definition(
        seed, scale, lay, payload, "first %s in the container" % ("ball" if shape == "sphere" else "cube"), mass, fixed,
        [p["name"] for p in lay["parts"]], waypoints,
        unscaled=("part_spacing_fraction", "wall_margin_fraction", "wall_height_fraction"))
    result["task"] = preset_task(lay)
    return result


def container_geoms(lay):
    """The container's base and walls as build() places them, world frame: (name, centre, half)."""
    cx, cy = lay["centre"]
    ix, iy = lay["inner"]
    w, base, h = lay["wall"], lay["base"], lay["wall_height"]
    zc = base + h / 2
    return [
        ("container_base", [cx, cy, base / 2], [ix + 2 * w, iy + 2 * w, base / 2]),
        ("container_wall_xn", [cx - ix - w, cy, zc], [w, iy + 2 * w, h / 2]),
        ("container_wall_xp", [cx + ix + w, cy, zc], [w, iy + 2 * w, h / 2]),
        ("container_wall_yn", [cx, cy - iy - w, zc], [ix, w, h / 2]),
        ("container_wall_yp", [cx, cy + iy + w, zc], [ix, w, h / 2]),
    ]


def preset_task(lay):
    """The resolved task (Benchgen.Tasks README §2): the fixed container (world geoms, so its boxes are world boxes) with
    every part in its cavity; carry the first part (the payload) into the goal zone."""
    cx, cy = lay["centre"]
    ix, iy = lay["inner"]
    extent = task_extent([task_geom("box", c, h) for _, c, h in container_geoms(lay)])
    inside = task_anchor("cavity", WORLD_BODY, {"min": [cx - ix, cy - iy, lay["base"]], "max": [cx + ix, cy + iy, lay["rim"]]})
    objects = [task_object("container_1", "container", WORLD_BODY, False, extent, None, FIXED_RGBA, anchors={"inside": inside})]
    kind = "ball" if lay["shape"] == "sphere" else "cube"
    for i, part in enumerate(lay["parts"]):
        objects.append(task_free_part("%s_%d" % (kind, i + 1), kind, part["name"], lay["shape"], part["size"],
                                      part_colour(i, 0), part_rgba(i, 0)))
    ids = [o["id"] for o in objects[1:]]
    return task_block(1, objects, [task_predicate("in", oid, "container_1") for oid in ids],
                      [task_predicate("at", ids[0], "goal")], lay)


if __name__ == "__main__":
    main()
