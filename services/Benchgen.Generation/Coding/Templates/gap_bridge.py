#!/usr/bin/env python3
"""Benchgen generator script, family "gap_bridge".

Builds a MuJoCo (MJCF) scene of two fixed platforms separated by a gap, with a free payload
(cube, ball or cylinder) resting on the first platform, plus the benchmark definition: bring
the payload across to the goal zone on the second platform. The gap (from the floor up to the
platform tops) is a forbid zone, so the payload has to cross above it.

Standard library only. Deterministic: every random draw comes from random.Random(seed)
and every number is written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/parts.py


FAMILY = "gap_bridge"


def payload_size(rng, scale):
    a = draw(rng, "payload_half_extent", scale)
    if PLAN["adjustments"].get("enlarge_payload"):
        a *= 1.25
    shape = PLAN["shape"]
    return [a] if shape == "sphere" else [a, a] if shape == "cylinder" else [a, a, a]


def layout(seed, scale=1.0):
    check_scale(scale)
    rng = random.Random(int(seed))
    half_ws = PLAN["workspace_half_extent"] * scale
    shape = PLAN["shape"]
    size = payload_size(rng, scale)
    a = size[0]
    height = draw(rng, "platform_height", scale)
    length = max(draw(rng, "platform_length", scale), 4 * a + 0.04 * scale)
    half_w = max(draw(rng, "platform_half_width", scale), 2 * a)
    gap = draw(rng, "gap_width", scale)
    direction = 1.0 if rng.random() < 0.5 else -1.0
    span = 2 * length + gap
    limit = max(0.0, half_ws - span / 2 - 0.02 * scale)
    mid = clamp(draw(rng, "gap_centre_x", scale), -limit, limit)
    y = draw(rng, "gap_centre_y", scale)

    def mx(x):
        return mid + direction * x

    near = mx(-(gap / 2 + length / 2))
    far = mx(gap / 2 + length / 2)
    # The payload starts on the near platform, away from the edge; the goal covers the far platform's middle.
    start_u = -(gap / 2 + length * draw(rng, "start_fraction"))
    payload_pos = [mx(start_u), y, height + part_half_height(shape, size)]
    goal_half_x = min(length / 2 - 0.01 * scale, max(2 * a, draw(rng, "goal_half_extent", scale)))
    goal_half_y = min(half_w, max(2 * a, draw(rng, "goal_half_extent", scale)))
    goal_zone = aabb([far, y, height + max(0.05 * scale, 3 * a) / 2], [goal_half_x, goal_half_y, max(0.05 * scale, 3 * a) / 2])
    # The forbid zone fills the gap from the floor up to the platform tops, across the platforms' width.
    forbid_zone = aabb([mid, y, height / 2], [gap / 2, half_w, height / 2])
    travel = height + 2 * part_half_height(shape, size) + 0.06 * scale
    build_zone, bounds = workspace(half_ws, max(0.5 * scale, travel + 0.15 * scale), scale)
    return {"payload": {"name": "payload", "size": size, "pos": payload_pos}, "shape": shape,
            "platforms": [{"name": "platform_near", "pos": [near, y, height / 2], "half": [length / 2, half_w, height / 2]},
                          {"name": "platform_far", "pos": [far, y, height / 2], "half": [length / 2, half_w, height / 2]}],
            "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone, "simulation_bounds": bounds,
            "travel": travel, "goal": (far, y), "height": height, "gap": gap}


def build(seed, scale=1.0):
    lay = layout(seed, scale)
    floor_half = lay["simulation_bounds"]["max"][0]
    lines = mjcf_open("gap_bridge", seed, scale, floor_half, 3.0 * scale, 4)
    lines += mjcf_zones(lay)
    for platform in lay["platforms"]:
        lines.append(fixed_box(platform["name"], platform["pos"], platform["half"]))
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
    waypoints = [[px, py, lay["travel"]], [gx, gy, lay["travel"]], [gx, gy, pz + 0.005 * scale]]
    fixed = [{"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]}] + [
        {"name": p["name"], "shape": "box", "pos": [r5(v) for v in p["pos"]], "size": [r5(2 * v) for v in p["half"]]}
        for p in lay["platforms"]]
    result = common_definition(seed, scale, lay, payload, "payload on the near platform", mass, fixed, ["payload"], waypoints,
                               unscaled=("start_fraction",))
    result["gap"] = {"width": r5(lay["gap"]), "forbid_zone": 0}
    result["task"] = preset_task(lay)
    return result


def preset_task(lay):
    """The resolved task (Benchgen.Tasks README §2): the near and far platforms (world geoms, so world boxes) and the payload
    on the near one; the payload ends in the goal zone on the far one."""
    objects = [task_object("platform_%d" % (i + 1), "platform", WORLD_BODY, False, task_geom("box", p["pos"], p["half"]),
                           None, FIXED_RGBA) for i, p in enumerate(lay["platforms"])]
    payload = lay["payload"]
    kind = task_part_kind()
    oid = kind + "_1"
    objects.append(task_free_part(oid, kind, payload["name"], lay["shape"], payload["size"], part_colour(0, 0), part_rgba(0, 0)))
    return task_block(1, objects, [task_predicate("on", oid, "platform_1")], [task_predicate("at", oid, "goal")], lay)


if __name__ == "__main__":
    main()
