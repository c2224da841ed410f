#!/usr/bin/env python3
"""Benchgen generator script, family "ramp".

Builds a MuJoCo (MJCF) scene of a fixed inclined ramp with a free ball (the payload) at its
top. The ball rolls down, along a short run-out and comes to rest against a low backstop inside
the goal zone; the forbid zone lies behind the backstop. The scene moves from the start, so it
is not meant to rest where it begins; the benchmark asks for the ball to end in the goal zone.

Standard library only. Deterministic: every random draw comes from random.Random(seed)
and every number is written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/parts.py


FAMILY = "ramp"


def layout(seed, scale=1.0):
    check_scale(scale)
    rng = random.Random(int(seed))
    half_ws = PLAN["workspace_half_extent"] * scale
    r = draw(rng, "ball_radius", scale)
    if PLAN["adjustments"].get("enlarge_payload"):
        r *= 1.2
    length = draw(rng, "ramp_length", scale)
    angle = draw(rng, "ramp_angle")
    half_w = max(draw(rng, "ramp_half_width", scale), 1.5 * r)
    thick = 0.02 * scale
    runout = draw(rng, "runout_length", scale)
    goal_len = max(draw(rng, "goal_length", scale), 3 * r)
    direction = 1.0 if rng.random() < 0.5 else -1.0
    stop_half = 0.01 * scale
    stop_height = max(1.2 * r, 0.03 * scale)
    forbid_len = draw(rng, "forbid_half_extent", scale)

    c, s = math.cos(angle), math.sin(angle)
    span = length * c + runout + goal_len + 2 * stop_half + 0.02 * scale + 2 * forbid_len
    limit = max(0.0, half_ws - span / 2 - 0.02 * scale)
    mid = clamp(draw(rng, "ramp_centre_x", scale), -limit, limit)
    y = draw(rng, "ramp_centre_y", scale)
    # Everything is laid out along +x from the ramp's high end, then mirrored when direction is -1.
    x0 = mid - span / 2
    foot = x0 + length * c                        # where the ramp's top surface meets the floor
    ramp_centre = [x0 + length * c / 2, y, length * s / 2 - thick / 2 * c]
    ramp_centre[0] -= thick / 2 * s               # the top surface (not the centre line) ends at the foot
    d = (c, 0.0, -s)
    n = (s, 0.0, c)
    along = -(length / 2 - 1.5 * r)               # near the high end
    surface = [ramp_centre[k] + n[k] * thick / 2 for k in range(3)]
    ball = [surface[k] + n[k] * r + d[k] * along for k in range(3)]
    goal_start = foot + runout
    stop_x = goal_start + goal_len + stop_half
    goal_x = (goal_start, goal_start + goal_len)
    forbid_x = (stop_x + stop_half + 0.02 * scale, stop_x + stop_half + 0.02 * scale + 2 * forbid_len)

    def mx(x):
        return mid + direction * (x - mid)

    ramp_centre[0] = mx(ramp_centre[0])
    ball[0] = mx(ball[0])
    gx = sorted((mx(goal_x[0]), mx(goal_x[1])))
    fx = sorted((mx(forbid_x[0]), mx(forbid_x[1])))
    goal_zone = {"min": [gx[0], y - half_w, 0.0], "max": [gx[1], y + half_w, max(0.1 * scale, 3 * r)]}
    forbid_zone = {"min": [fx[0], y - half_w, 0.0], "max": [fx[1], y + half_w, 0.3 * scale]}
    top = length * s + 2 * r
    build_zone, bounds = workspace(half_ws, max(0.5 * scale, top + 0.2 * scale), scale)
    return {"ball": {"name": "ball", "size": [r], "pos": ball}, "ramp_centre": ramp_centre,
            "ramp_half": [length / 2, half_w, thick / 2], "angle": direction * angle,
            "stop": {"pos": [mx(stop_x), y, stop_height / 2], "half": [stop_half, half_w, stop_height / 2]},
            "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone,
            "simulation_bounds": bounds, "foot": mx(foot), "y": y, "radius": r, "top": top,
            "goal_centre": ((gx[0] + gx[1]) / 2, y)}


def build(seed, scale=1.0):
    lay = layout(seed, scale)
    floor_half = lay["simulation_bounds"]["max"][0]
    lines = mjcf_open("ramp", seed, scale, floor_half, 3.0 * scale + lay["top"], 4)
    lines += mjcf_zones(lay)
    # The ramp and the backstop are fixed parts of the world body (world geoms never collide with each other).
    lines.append(fixed_box("ramp", lay["ramp_centre"], lay["ramp_half"], euler=(0.0, lay["angle"], 0.0)))
    lines.append(fixed_box("backstop", lay["stop"]["pos"], lay["stop"]["half"]))
    ball = lay["ball"]
    lines += part_body(ball["name"], "sphere", ball["size"], ball["pos"], part_rgba(0, 0))
    lines += mjcf_close()
    return "\n".join(lines)


def definition(seed, scale=1.0):
    lay = layout(seed, scale)
    ball = lay["ball"]
    r = lay["radius"]
    mass = PLAN["material"]["density"] * part_volume("sphere", ball["size"])
    gx, gy = lay["goal_centre"]
    waypoints = [[lay["foot"], gy, r + 0.01 * scale], [gx, gy, r + 0.005 * scale]]
    fixed = [
        {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
        {"name": "ramp", "shape": "box", "pos": [r5(v) for v in lay["ramp_centre"]],
         "size": [r5(2 * v) for v in lay["ramp_half"]], "pitch": r5(lay["angle"])},
        {"name": "backstop", "shape": "box", "pos": [r5(v) for v in lay["stop"]["pos"]],
         "size": [r5(2 * v) for v in lay["stop"]["half"]]},
    ]
    result = common_definition(seed, scale, lay, ball, "ball at the top of the ramp", mass, fixed, ["ball"], waypoints,
                               unscaled=("ramp_angle",))
    result["expected_outcome"] = "the ball rolls down the ramp and comes to rest against the backstop inside the goal zone"
    result["task"] = preset_task(lay)
    return result


def preset_task(lay):
    """The resolved task (Benchgen.Tasks README §2): the ramp and its backstop (world geoms, so world boxes) and the ball
    at its top; the ball ends in the goal zone. The ramp's `top` is the box around its inclined top face."""
    rot = rot_y(lay["angle"])
    hx, hy, hz = lay["ramp_half"]
    c = lay["ramp_centre"]
    face = [rot_apply(rot, [sx * hx, sy * hy, hz]) for sx in (-1, 1) for sy in (-1, 1)]
    top = {"min": [min(p[i] for p in face) + c[i] for i in range(3)], "max": [max(p[i] for p in face) + c[i] for i in range(3)]}
    extent = task_extent([task_geom("box", c, lay["ramp_half"], rot), task_geom("box", lay["stop"]["pos"], lay["stop"]["half"])])
    ramp = task_object("ramp_1", "ramp", WORLD_BODY, False, extent, None, FIXED_RGBA,
                       anchors={"top": task_anchor("surface", WORLD_BODY, top)})
    ball = lay["ball"]
    ball_1 = task_free_part("ball_1", "ball", ball["name"], "sphere", ball["size"], part_colour(0, 0), part_rgba(0, 0))
    return task_block(1, [ramp, ball_1], [], [task_predicate("at", "ball_1", "goal")], lay)


if __name__ == "__main__":
    main()
