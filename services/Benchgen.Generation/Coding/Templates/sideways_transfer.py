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
# @include lib/core.py
# @include lib/parts.py


FAMILY = "sideways_transfer"


WALL_RGBA = (0.45, 0.42, 0.5, 1.0)


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
    lines.append(fixed_box("obstacle_wall", lay["wall"]["pos"], lay["wall"]["half"], rgba=WALL_RGBA))
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
    result = common_definition(seed, scale, lay, payload, "payload beside the obstacle wall", mass, fixed, ["payload"], waypoints,
                               unscaled=("lane_offset",))
    result["task"] = preset_task(lay)
    return result


def preset_task(lay):
    """The resolved task (Benchgen.Tasks README §2): the obstacle wall (a world geom, so a world box) and the payload on
    one side of it; the payload ends in the goal zone on the other side."""
    wall = task_object("wall_1", "wall", WORLD_BODY, False, task_geom("box", lay["wall"]["pos"], lay["wall"]["half"]), None, WALL_RGBA)
    payload = lay["payload"]
    kind = task_part_kind()
    oid = kind + "_1"
    part = task_free_part(oid, kind, payload["name"], lay["shape"], payload["size"], part_colour(0, 0), part_rgba(0, 0))
    return task_block(1, [wall, part], [], [task_predicate("at", oid, "goal")], lay)


if __name__ == "__main__":
    main()
