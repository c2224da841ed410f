#!/usr/bin/env python3
"""Benchgen generator script, family "pendulum".

A bob on an arm hanging from a hinge on a fixed frame. At rest it hangs still. The payload is the bob; the goal
zone is where it rests after being swung up and over the bar onto a stop just past upright, the one swing position
that stays put once released.

Standard library only. Deterministic: every random draw comes from random.Random(seed) and every number is
written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/fixtures.py


FAMILY = "pendulum"


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    check_scale(scale)
    rng = random.Random(int(seed))
    s = scale
    f = size_factor()
    half_ws = PLAN["workspace_half_extent"] * s
    length = draw(rng, "arm_length", s) * f
    radius = draw(rng, "bob_radius", s) * f
    clearance = draw(rng, "floor_clearance", s)
    cx = draw(rng, "frame_x", s)
    cy = draw(rng, "frame_y", s)
    yaw = rng.randrange(4)
    # The stop catches the arm this far past upright, so a bob swung over the top rests there under gravity.
    stop = draw(rng, "stop_angle")
    pivot_h = length + radius + clearance
    span = radius + 0.08 * s * f
    origin = [cx, cy, 0.0]

    def bob_at(q):
        # Hinge about +y: a positive angle swings the bob toward local -x.
        return [-length * math.sin(q), 0.0, pivot_h - length * math.cos(q)]

    limit = math.pi + stop
    arc = [bob_at(limit - 0.3 + 0.3 * i / 8) for i in range(9)]
    pad = radius + 0.02 * s
    goal_local = ([min(p[0] for p in arc) - pad, -pad, min(p[2] for p in arc) - pad],
                  [max(p[0] for p in arc) + pad, pad, max(p[2] for p in arc) + pad])
    goal_zone = box_to_world(origin, yaw, *goal_local)
    # The swing goes up on the -x side; the low +x side is off limits (swinging the wrong way).
    forbid_local = ([0.45 * length, -span, pivot_h - length - radius], [length + 2 * radius, span, pivot_h - 0.45 * length])
    forbid_zone = box_to_world(origin, yaw, *forbid_local)
    waypoints = [local_to_world(origin, yaw, bob_at(q)) for q in (0.6, 1.2, 1.8, 2.4, 2.9, limit - 0.12)]
    top = max(0.5 * s, pivot_h + length + radius + 0.2 * s)
    build_zone, bounds = workspace(half_ws, top, s)
    return {
        "origin": origin, "yaw": yaw, "length": length, "radius": radius, "pivot_h": pivot_h, "span": span,
        "limit": limit, "start": local_to_world(origin, yaw, bob_at(0.0)), "goal_zone": goal_zone,
        "forbid_zones": [forbid_zone], "build_zone": build_zone, "simulation_bounds": bounds, "waypoints": waypoints,
        "half_ws": half_ws,
    }


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    floor_half = lay["simulation_bounds"]["max"][0]
    L, r, H, span = lay["length"], lay["radius"], lay["pivot_h"], lay["span"]
    post = 0.015 * scale * size_factor()
    rod = 0.2 * r
    lines = header("benchgen_pendulum", FAMILY, seed, scale, floor_half, 3.0 * scale + H)
    lines += zones_xml(lay)
    stop_dir = lay["limit"] + 0.0
    # A visible stop block on the top bar where the arm comes to rest after swinging over.
    stop_x, stop_z = -0.12 * L * math.sin(stop_dir + 0.35), -0.12 * L * math.cos(stop_dir + 0.35)
    lines += [
        '    <body name="frame" pos="%s" euler="0 0 %s">' % (vec(*lay["origin"]), fmt(lay["yaw"] * math.pi / 2)),
        "      " + box_geom("frame_post_left", [-post, -span - 2 * post, 0.0], [post, -span, H + post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_post_right", [-post, span, 0.0], [post, span + 2 * post, H + post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_foot_left", [-0.4 * L, -span - 2 * post, 0.0], [0.4 * L, -span, post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_foot_right", [-0.4 * L, span, 0.0], [0.4 * L, span + 2 * post, post], FIXTURE_RGBA, FIXTURE_CONTACT),
        '      <geom name="frame_bar" type="cylinder" pos="%s" size="%s" euler="1.5708 0 0" rgba="0.3 0.3 0.32 1" %s/>'
        % (vec(0.0, 0.0, H), vec(post, span), FIXTURE_CONTACT),
        '      <geom name="frame_stop" type="box" pos="%s" size="%s" rgba="0.75 0.2 0.2 1" %s/>'
        % (vec(stop_x, 0.0, H + stop_z), vec(0.6 * rod + 0.002 * scale, 0.8 * span, 0.6 * rod + 0.002 * scale), FIXTURE_CONTACT),
        # Body frame at the bob's centre (its position is the payload's); the hinge sits L above it, at the bar.
        '      <body name="bob" pos="%s">' % vec(0.0, 0.0, H - L),
        '        <joint name="pivot" type="hinge" pos="%s" axis="0 1 0" limited="true" range="%s" damping="%s"/>'
        % (vec(0.0, 0.0, L), vec(-1.8, lay["limit"]), fmt(0.002 * scale ** 5)),
        # The arm is the bob body's largest geom, so it carries the asked colour too (prompt fidelity reads it).
        '        <geom name="bob_arm" type="capsule" fromto="%s" size="%s" rgba="%s" density="%s" %s/>'
        % (vec(0.0, 0.0, 0.0, 0.0, 0.0, L), fmt(rod), vec(*payload_rgba((0.35, 0.35, 0.38, 1.0))), fmt(material["density"]), MOVING_CONTACT),
        '        <geom name="bob_ball" type="sphere" size="%s" rgba="%s" density="%s" %s/>'
        % (fmt(r), vec(*payload_rgba((0.85, 0.55, 0.15, 1.0))), fmt(material["density"]), MOVING_CONTACT),
        "      </body>",
        "    </body>",
        "  </worldbody>",
        "</mujoco>",
        "",
    ]
    return "\n".join(lines)


def bob_mass(lay):
    r, L = lay["radius"], lay["length"]
    rod = 0.2 * r
    return PLAN["material"]["density"] * (4.0 / 3.0 * math.pi * r ** 3 + math.pi * rod * rod * (L + 4.0 / 3.0 * rod))


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    mass = bob_mass(lay)
    start = [r5(v) for v in lay["start"]]
    result = {
        **definition_head(seed, scale, lay),
        "payload": {
            "body": "bob",
            "label": "pendulum bob on a hinge; swing it up and over the bar until the arm rests on the stop",
            "shape": "sphere",
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [0.0, 0.0, 0.0],
            "joint": {"name": "pivot", "kind": "hinge", "range": [-1.8, r5(lay["limit"])]},
        },
        "fixed_parts": [
            {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
            {"name": "frame", "shape": "box", "pos": [r5(v) for v in lay["origin"]], "height": r5(lay["pivot_h"]),
             "yaw_quarter_turns": lay["yaw"]},
        ],
        "free_bodies": [],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {"max_unit_cost": 100.0, "max_weight": r5(max(1.0, 20.0 * mass))},
        "randomization": ranges_json(scale, unscaled=("stop_angle",)),
        "reference_solution": guide("bob", lay["waypoints"], 8.0 * mass * 9.81, 5.0),
        "difficulty": None,  # measured by the validator (replay, random baseline) and written into benchmark.json
    }
    result["task"] = preset_task(lay, scale)
    return result


def preset_task(lay, scale):
    """The resolved task (Benchgen.Tasks README §2): the pendulum (body "frame": posts, feet, bar, stop, and the arm part
    = the swinging bob body on its pivot hinge, hanging at rest); the arm's body ends in the goal zone."""
    L, r, H, span = lay["length"], lay["radius"], lay["pivot_h"], lay["span"]
    post = 0.015 * scale * size_factor()
    rod = 0.2 * r
    stop_x, stop_z = -0.12 * L * math.sin(lay["limit"] + 0.35), -0.12 * L * math.cos(lay["limit"] + 0.35)
    stop_half = 0.6 * rod + 0.002 * scale
    geoms = [
        task_span([-post, -span - 2 * post, 0.0], [post, -span, H + post]),
        task_span([-post, span, 0.0], [post, span + 2 * post, H + post]),
        task_span([-0.4 * L, -span - 2 * post, 0.0], [0.4 * L, -span, post]),
        task_span([-0.4 * L, span, 0.0], [0.4 * L, span + 2 * post, post]),
        task_geom("cylinder", [0.0, 0.0, H], [post, span], rot_x(1.5708)),
        task_geom("box", [stop_x, 0.0, H + stop_z], [stop_half, 0.8 * span, stop_half]),
    ]
    geoms += task_moved([task_geom("capsule", [0.0, 0.0, L / 2], [rod, L / 2]), task_geom("sphere", [0.0, 0.0, 0.0], [r])],
                        [0.0, 0.0, H - L])
    arm = task_part("bob", "pivot", "hinge", [-1.8, lay["limit"]])
    pendulum = task_object("pendulum_1", "pendulum", "frame", False, task_extent(geoms), payload_colour(),
                           payload_rgba((0.35, 0.35, 0.38, 1.0)), parts={"arm": arm})
    return task_block(2, [pendulum], [], [task_predicate("at", "pendulum_1.arm", "goal")], lay)


if __name__ == "__main__":
    main()
