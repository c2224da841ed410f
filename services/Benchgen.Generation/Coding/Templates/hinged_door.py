#!/usr/bin/env python3
"""Benchgen generator script, family "hinged_door".

A door panel with a handle on a vertical hinge in a fixed frame. The payload is the door; the goal zone is where
the panel centre lies once the door has been opened outward past an angle.

Standard library only. Deterministic: every random draw comes from random.Random(seed) and every number is
written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/fixtures.py


FAMILY = "hinged_door"


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    check_scale(scale)
    rng = random.Random(int(seed))
    s = scale
    f = size_factor()
    half_ws = PLAN["workspace_half_extent"] * s
    width = draw(rng, "door_width", s) * f
    height = draw(rng, "door_height", s) * f
    cx = draw(rng, "door_x", s)
    cy = draw(rng, "door_y", s)
    yaw = rng.randrange(4)
    side = 1.0 if rng.random() < 0.5 else -1.0
    goal_angle = draw(rng, "goal_angle")
    thick = 0.02 * s * f
    gap = 0.01 * s
    # The hinge axis runs along the panel's edge; the post stands far enough off that the panel's corner clears it.
    post_gap = 0.5 * thick + 0.004 * s
    max_angle = 1.75
    origin = [cx, cy, 0.0]
    r = width / 2
    zc = gap + height / 2

    def centre_at(alpha):
        # Opening swings the panel toward local +x about the hinge at y = side * r.
        return [r * math.sin(alpha), side * r * (1.0 - math.cos(alpha)), zc]

    arc = [centre_at(goal_angle + (max_angle - goal_angle) * i / 8) for i in range(9)]
    pad = 0.03 * s
    goal_local = ([min(p[0] for p in arc) - pad, min(p[1] for p in arc) - pad, zc - 0.1 * height],
                  [max(p[0] for p in arc) + pad, max(p[1] for p in arc) + pad, zc + 0.1 * height])
    goal_zone = box_to_world(origin, yaw, *goal_local)
    # The door opens outward only: the space just inside the doorway is off limits.
    forbid_local = ([-0.6 * width, -r, 0.0], [-0.5 * thick - 0.05 * s, r, 0.6 * height])
    forbid_zone = box_to_world(origin, yaw, *forbid_local)
    target = 0.5 * (goal_angle + max_angle)
    angles = [k * target / 4 for k in range(1, 5)]
    waypoints = [local_to_world(origin, yaw, centre_at(al)) for al in angles]
    top = max(0.5 * s, gap + height + 0.3 * s)
    build_zone, bounds = workspace(half_ws, top, s)
    return {
        "origin": origin, "yaw": yaw, "side": side, "width": width, "height": height, "thick": thick, "gap": gap,
        "post_gap": post_gap, "max_angle": max_angle, "zc": zc, "start": local_to_world(origin, yaw, centre_at(0.0)),
        "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone, "simulation_bounds": bounds,
        "waypoints": waypoints, "half_ws": half_ws, "goal_angle": goal_angle,
    }


def door_mass(lay):
    return PLAN["material"]["density"] * lay["width"] * lay["height"] * lay["thick"]


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    floor_half = lay["simulation_bounds"]["max"][0]
    w, h, t, gap, side = lay["width"], lay["height"], lay["thick"], lay["gap"], lay["side"]
    r = w / 2
    post = 0.025 * scale
    inner = r + lay["post_gap"]
    top = gap + h + gap
    lines = header("benchgen_hinged_door", FAMILY, seed, scale, floor_half, 3.0 * scale + h)
    lines += zones_xml(lay)
    mass = door_mass(lay)
    inertia = mass * w * w / 3.0
    lo_range, hi_range = (0.0, lay["max_angle"]) if side > 0 else (-lay["max_angle"], 0.0)
    handle_y = -side * (r - 0.06 * scale)
    lines += [
        '    <body name="door_frame" pos="%s" euler="0 0 %s">' % (vec(*lay["origin"]), fmt(lay["yaw"] * math.pi / 2)),
        "      " + box_geom("frame_post_left", [-post, -inner - 2 * post, 0.0], [post, -inner, top + 2 * post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_post_right", [-post, inner, 0.0], [post, inner + 2 * post, top + 2 * post], FIXTURE_RGBA, FIXTURE_CONTACT),
        "      " + box_geom("frame_lintel", [-post, -inner, top], [post, inner, top + 2 * post], FIXTURE_RGBA, FIXTURE_CONTACT),
        '      <body name="door" pos="%s">' % vec(0.0, 0.0, lay["zc"]),
        # Vertical axis: gravity exerts no torque, so damping alone brings the door to rest wherever it is left.
        '        <joint name="door_hinge" type="hinge" pos="%s" axis="0 0 1" limited="true" range="%s" damping="%s"/>'
        % (vec(0.0, side * r, 0.0), vec(lo_range - 0.01, hi_range + 0.01), fmt(inertia / 0.3)),
        "        " + box_geom("door_panel", [-t / 2, -r, -h / 2], [t / 2, r, h / 2], payload_rgba((0.62, 0.42, 0.25, 1.0)),
                              MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), vec(material["friction"], 0.005, 0.0001))),
        "        " + box_geom("door_handle", [-t / 2 - 0.03 * scale, handle_y - 0.01 * scale, -0.04 * scale],
                              [t / 2 + 0.03 * scale, handle_y + 0.01 * scale, 0.04 * scale], (0.8, 0.75, 0.3, 1.0),
                              MOVING_CONTACT + ' density="%s"' % fmt(material["density"])),
        "      </body>",
        "    </body>",
        "  </worldbody>",
        "</mujoco>",
        "",
    ]
    return "\n".join(lines)


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    mass = door_mass(lay)
    start = [r5(v) for v in lay["start"]]
    result = {
        **definition_head(seed, scale, lay),
        "payload": {
            "body": "door",
            "label": "door panel on a vertical hinge; open it outward past the goal angle",
            "shape": "box",
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [0.0, 0.0, 0.0],
            "joint": {"name": "door_hinge", "kind": "hinge", "hinge_side": "left" if lay["side"] < 0 else "right"},
        },
        "fixed_parts": [
            {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
            {"name": "door_frame", "shape": "box", "pos": [r5(v) for v in lay["origin"]], "yaw_quarter_turns": lay["yaw"]},
        ],
        "free_bodies": [],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {"max_unit_cost": 100.0, "max_weight": r5(max(1.0, 10.0 * mass))},
        "randomization": ranges_json(scale, unscaled=("goal_angle",)),
        "reference_solution": guide("door", lay["waypoints"], 10.0 * mass * 9.81, 5.0),
        "difficulty": None,  # measured by the validator (replay, random baseline) and written into benchmark.json
    }
    result["task"] = preset_task(lay, scale)
    return result


def preset_task(lay, scale):
    """The resolved task (Benchgen.Tasks README §2): the door (body "door_frame": posts, lintel and the door part on its
    vertical hinge, closed at the start); the goal opens it at least to the angle the old goal zone asked. Opening turns
    the hinge toward `side`, so open and open_threshold carry its sign."""
    w, h, t, gap, side = lay["width"], lay["height"], lay["thick"], lay["gap"], lay["side"]
    r = w / 2
    post = 0.025 * scale
    inner = r + lay["post_gap"]
    top = gap + h + gap
    handle_y = -side * (r - 0.06 * scale)
    door = [task_span([-t / 2, -r, -h / 2], [t / 2, r, h / 2]),
            task_span([-t / 2 - 0.03 * scale, handle_y - 0.01 * scale, -0.04 * scale],
                      [t / 2 + 0.03 * scale, handle_y + 0.01 * scale, 0.04 * scale])]
    geoms = [task_span([-post, -inner - 2 * post, 0.0], [post, -inner, top + 2 * post]),
             task_span([-post, inner, 0.0], [post, inner + 2 * post, top + 2 * post]),
             task_span([-post, -inner, top], [post, inner, top + 2 * post])] + task_moved(door, [0.0, 0.0, lay["zc"]])
    lo_range, hi_range = (0.0, lay["max_angle"]) if side > 0 else (-lay["max_angle"], 0.0)
    part = task_part("door", "door_hinge", "hinge", [lo_range - 0.01, hi_range + 0.01],
                     closed=0.0, open=side * lay["max_angle"], open_threshold=side * lay["goal_angle"])
    door_1 = task_object("door_1", "door", "door_frame", False, task_extent(geoms), payload_colour(),
                         payload_rgba((0.62, 0.42, 0.25, 1.0)), parts={"door": part})
    return task_block(2, [door_1], [task_predicate("closed", "door_1.door")], [task_predicate("open", "door_1.door")], lay)


if __name__ == "__main__":
    main()
