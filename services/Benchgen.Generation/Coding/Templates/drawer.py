#!/usr/bin/env python3
"""Benchgen generator script, family "drawer".

A fixed cabinet with a drawer on a slide joint and a handle on its front. The payload is the drawer; the goal
zone is where the drawer centre is once it has been pulled open past a distance.

Standard library only. Deterministic: every random draw comes from random.Random(seed) and every number is
written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/fixtures.py


FAMILY = "drawer"


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    check_scale(scale)
    rng = random.Random(int(seed))
    s = scale
    f = size_factor()
    half_ws = PLAN["workspace_half_extent"] * s
    width = draw(rng, "cabinet_width", s) * f
    depth = draw(rng, "cabinet_depth", s) * f
    height = draw(rng, "cabinet_height", s) * f
    cx = draw(rng, "cabinet_x", s)
    cy = draw(rng, "cabinet_y", s)
    yaw = rng.randrange(4)
    open_fraction = draw(rng, "goal_open_fraction")
    wall = 0.015 * s * f
    plinth = 0.03 * s * f
    gap = 0.003 * s
    # Cavity the drawer slides in: open at the front (local +x).
    cav_lo = [-depth / 2 + wall, -width / 2 + wall, plinth]
    cav_hi = [depth / 2, width / 2 - wall, height - wall]
    d_lo = [cav_lo[0] + gap, cav_lo[1] + gap, cav_lo[2] + gap]
    d_hi = [depth / 2, cav_hi[1] - gap, cav_hi[2] - gap]
    centre = [(a + b) / 2 for a, b in zip(d_lo, d_hi)]
    half = [(b - a) / 2 for a, b in zip(d_lo, d_hi)]
    travel = 0.8 * 2 * half[0]
    handle_reach = 0.035 * s * f
    open_goal = open_fraction * travel
    pad = 0.03 * s
    origin = [cx, cy, 0.0]
    goal_local = ([centre[0] + open_goal, -pad, centre[2] - pad], [centre[0] + travel + pad, pad, centre[2] + pad])
    goal_zone = box_to_world(origin, yaw, *goal_local)
    # Nothing may be built on the cabinet top: the drawer is opened by pulling, not from above.
    forbid_local = ([-depth / 2, -width / 2, height], [depth / 2, width / 2, height + 0.12 * s])
    forbid_zone = box_to_world(origin, yaw, *forbid_local)
    top = max(0.5 * s, height + 0.3 * s)
    build_zone, bounds = workspace(half_ws, top, s)
    target = 0.5 * (open_goal + travel)
    waypoints = [local_to_world(origin, yaw, [centre[0] + t, 0.0, centre[2]]) for t in (0.5 * target, target)]
    return {
        "origin": origin, "yaw": yaw, "width": width, "depth": depth, "height": height, "wall": wall, "plinth": plinth,
        "drawer_centre": centre, "drawer_half": half, "travel": travel, "handle_reach": handle_reach,
        "start": local_to_world(origin, yaw, centre), "goal_zone": goal_zone, "forbid_zones": [forbid_zone],
        "build_zone": build_zone, "simulation_bounds": bounds, "waypoints": waypoints, "half_ws": half_ws,
        "open_goal": open_goal,
    }


def cabinet_parts(lay):
    """Cabinet geoms in the cabinet body's frame (origin on the floor under its centre): (name, lo, hi)."""
    w, d, h, wall, plinth = lay["width"], lay["depth"], lay["height"], lay["wall"], lay["plinth"]
    cab = [
        ("cabinet_base", [-d / 2, -w / 2, 0.0], [d / 2, w / 2, plinth]),
        ("cabinet_back", [-d / 2, -w / 2 + wall, plinth], [-d / 2 + wall, w / 2 - wall, h - wall]),
        ("cabinet_left", [-d / 2, -w / 2, plinth], [d / 2, -w / 2 + wall, h - wall]),
        ("cabinet_right", [-d / 2, w / 2 - wall, plinth], [d / 2, w / 2, h - wall]),
    ]
    # Review feedback that the drawer is hidden (seen from behind and the sides it is) opens the cabinet's top,
    # so the drawer shows in every view from above.
    if not PLAN["adjustments"]["enlarge_payload"]:
        cab.insert(1, ("cabinet_top", [-d / 2, -w / 2, h - wall], [d / 2, w / 2, h]))
    return cab


def drawer_parts(lay, scale):
    """Drawer geoms in the drawer body's frame (origin at the drawer's centre): (name, lo, hi, is_handle)."""
    hx, hy, hz = lay["drawer_half"]
    t = 0.01 * scale * size_factor()
    walls = 0.75 * hz
    parts = [
        ("drawer_bottom", [-hx, -hy, -hz], [hx, hy, -hz + t]),
        ("drawer_back", [-hx, -hy, -hz + t], [-hx + t, hy, -hz + 2 * walls]),
        ("drawer_left", [-hx + t, -hy, -hz + t], [hx - 1.5 * t, -hy + t, -hz + 2 * walls]),
        ("drawer_right", [-hx + t, hy - t, -hz + t], [hx - 1.5 * t, hy, -hz + 2 * walls]),
        ("drawer_front", [hx - 1.5 * t, -hy, -hz + t], [hx, hy, hz]),
    ]
    reach = lay["handle_reach"]
    bar_half_y = 0.35 * hy
    post = 0.25 * reach
    handle = [
        ("handle_post_left", [hx, -bar_half_y, -post / 2], [hx + reach - post, -bar_half_y + post, post / 2]),
        ("handle_post_right", [hx, bar_half_y - post, -post / 2], [hx + reach - post, bar_half_y, post / 2]),
        ("handle_bar", [hx + reach - post, -bar_half_y, -post / 2], [hx + reach, bar_half_y, post / 2]),
    ]
    return parts, handle


def drawer_mass(lay, scale):
    parts, handle = drawer_parts(lay, scale)
    volume = sum((hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]) for _, lo, hi in parts + handle)
    return PLAN["material"]["density"] * volume


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    friction = vec(material["friction"], 0.005, 0.0001)
    floor_half = lay["simulation_bounds"]["max"][0]
    lines = header("benchgen_drawer", FAMILY, seed, scale, floor_half, 3.0 * scale + lay["height"])
    lines += zones_xml(lay)
    cab = cabinet_parts(lay)
    lines.append('    <body name="cabinet" pos="%s" euler="0 0 %s">' % (vec(*lay["origin"]), fmt(lay["yaw"] * math.pi / 2)))
    for name, lo, hi in cab:
        lines.append("      " + box_geom(name, lo, hi, FIXTURE_RGBA, FIXTURE_CONTACT + ' friction="%s"' % friction))
    mass = drawer_mass(lay, scale)
    # Damping proportional to the drawer's mass: it glides to a stop within ~0.25 s at every scale.
    damping = 4.0 * mass
    parts, handle = drawer_parts(lay, scale)
    rgba = payload_rgba((0.80, 0.62, 0.38, 1.0))
    lines += [
        '      <body name="drawer" pos="%s">' % vec(*lay["drawer_centre"]),
        '        <joint name="drawer_slide" type="slide" axis="1 0 0" limited="true" range="%s" damping="%s"/>'
        % (vec(-0.001 * scale, lay["travel"]), fmt(damping)),
    ]
    for name, lo, hi in parts:
        lines.append("        " + box_geom(name, lo, hi, rgba, MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), friction)))
    for name, lo, hi in handle:
        lines.append("        " + box_geom(name, lo, hi, (0.25, 0.25, 0.28, 1.0), MOVING_CONTACT + ' density="%s"' % fmt(material["density"])))
    lines += ["      </body>", "    </body>", "  </worldbody>", "</mujoco>", ""]
    return "\n".join(lines)


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    mass = drawer_mass(lay, scale)
    start = [r5(v) for v in lay["start"]]
    result = {
        **definition_head(seed, scale, lay),
        "payload": {
            "body": "drawer",
            "label": "drawer on a slide joint, pulled by its handle",
            "shape": "box",
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [0.0, 0.0, 0.0],
            "joint": {"name": "drawer_slide", "kind": "slide", "range": [r5(-0.001 * scale), r5(lay["travel"])]},
        },
        "fixed_parts": [
            {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
            {"name": "cabinet", "shape": "box", "pos": [r5(v) for v in lay["origin"]],
             "size": [r5(lay["depth"]), r5(lay["width"]), r5(lay["height"])], "yaw_quarter_turns": lay["yaw"]},
        ],
        "free_bodies": [],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {"max_unit_cost": 100.0, "max_weight": r5(max(1.0, 10.0 * mass))},
        "randomization": ranges_json(scale, unscaled=("goal_open_fraction",)),
        "reference_solution": guide("drawer", lay["waypoints"], 10.0 * mass * 9.81, 3.0),
        "difficulty": None,  # measured by the validator (replay, random baseline) and written into benchmark.json
    }
    result["task"] = preset_task(lay, scale)
    return result


def preset_task(lay, scale):
    """The resolved task (Benchgen.Tasks README §2): the cabinet (body "cabinet", its frame yawed on the floor) with one
    drawer part on its slide, closed at the start; the goal opens it at least as far as the old goal zone asked."""
    parts, handle = drawer_parts(lay, scale)
    drawer = [task_span(lo, hi) for _, lo, hi in parts + handle]
    geoms = [task_span(lo, hi) for _, lo, hi in cabinet_parts(lay)] + task_moved(drawer, lay["drawer_centre"])
    hx, hy, hz = lay["drawer_half"]
    t = 0.01 * scale * size_factor()
    # The drawer's cavity, in the drawer body's frame (it moves with the drawer): inside its walls, up to their top.
    cavity = {"min": [-hx + t, -hy + t, -hz + t], "max": [hx - 1.5 * t, hy - t, -hz + 1.5 * hz]}
    part = task_part("drawer", "drawer_slide", "slide", [-0.001 * scale, lay["travel"]],
                     closed=0.0, open=lay["travel"], open_threshold=lay["open_goal"])
    cabinet = task_object("cabinet_1", "cabinet", "cabinet", False, task_extent(geoms), payload_colour(),
                          payload_rgba((0.80, 0.62, 0.38, 1.0)),
                          anchors={"drawer": task_anchor("cavity", "drawer", cavity)}, parts={"drawer": part})
    return task_block(2, [cabinet], [task_predicate("closed", "cabinet_1.drawer")],
                      [task_predicate("open", "cabinet_1.drawer")], lay)


if __name__ == "__main__":
    main()
