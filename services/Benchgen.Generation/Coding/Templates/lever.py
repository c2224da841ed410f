#!/usr/bin/env python3
"""Benchgen generator script, family "lever".

A beam balanced on a hinge over a fixed fulcrum, one end resting on the floor under a free weight that leans
against a lip. The payload is the weight; the goal zone is on the other end of the beam once that end has tipped
down to the floor, so moving the weight across tips the lever and the scene rests again.

Standard library only. Deterministic: every random draw comes from random.Random(seed) and every number is
written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
# @include lib/core.py
# @include lib/fixtures.py


FAMILY = "lever"


def quat_yaw_pitch(yaw, pitch):
    """Rotation yaw about world z after pitch about the body's y axis, as an MJCF quaternion (w x y z)."""
    c1, s1 = math.cos(yaw / 2), math.sin(yaw / 2)
    c2, s2 = math.cos(pitch / 2), math.sin(pitch / 2)
    return (c1 * c2, -s1 * s2, c1 * s2, s1 * c2)


def tilt(px, pz, beta):
    """A point of the beam frame (x along the beam, z up) rotated by beta about the beam's y axis."""
    return px * math.cos(beta) + pz * math.sin(beta), -px * math.sin(beta) + pz * math.cos(beta)


def layout(seed, scale=1.0):
    """Every dimension and position of one variant, drawn in a fixed order from random.Random(seed)."""
    check_scale(scale)
    rng = random.Random(int(seed))
    s = scale
    f = size_factor()
    half_ws = PLAN["workspace_half_extent"] * s
    a = draw(rng, "beam_half_length", s) * f
    # The fulcrum height sets the tilt: sin(tilt) = height / half length, kept gentle so the weight rests against its lip.
    h = a * draw(rng, "tilt_ratio")
    w = draw(rng, "weight_half_extent", s) * f
    cx = draw(rng, "lever_x", s)
    cy = draw(rng, "lever_y", s)
    yaw = rng.randrange(4)
    t = 0.02 * s * f
    bw = max(1.6 * w, 0.04 * s * f)
    lip_w, lip_h = 0.3 * w, 0.6 * w
    phi = math.asin(h / a)
    origin = [cx, cy, 0.0]
    pivot = [0.0, 0.0, h]

    def beam_point(px, pz, beta):
        x, z = tilt(px, pz, beta)
        return [pivot[0] + x, 0.0, pivot[2] + z]

    # Weight starts against the lip of the low end (local -x); the goal is resting on the other end once it is down.
    start_local = beam_point(-a + lip_w + w, t + w, -phi)
    goal_px = a - lip_w - w - 0.04 * s
    goal_local = beam_point(goal_px, t + w, phi)
    lo_pt = beam_point(a - lip_w - 2 * w - 0.08 * s, t, phi)
    hi_pt = beam_point(a - lip_w, t + 2 * w, phi)
    pad = 0.02 * s
    goal_box_local = ([min(lo_pt[0], hi_pt[0]) - pad, -bw - pad, max(0.0, min(lo_pt[2], hi_pt[2]) - pad)],
                      [max(lo_pt[0], hi_pt[0]) + pad, bw + pad, max(lo_pt[2], hi_pt[2]) + 2 * w + pad])
    goal_zone = box_to_world(origin, yaw, *goal_box_local)
    # Behind the low end, on the floor: the weight must be lifted across the fulcrum, not dragged off the beam backwards.
    back = -a * math.cos(phi) - 0.05 * s
    forbid_local = ([back - 0.15 * s, -bw - 0.05 * s, 0.0], [back, bw + 0.05 * s, 0.15 * s])
    forbid_zone = box_to_world(origin, yaw, *forbid_local)
    high_end = h + a * math.sin(phi) + (t + lip_h) * math.cos(phi)
    carry = high_end + 2 * w + 0.05 * s
    waypoints_local = [
        [start_local[0], 0.0, carry],
        [goal_local[0], 0.0, carry],
        [goal_local[0], 0.0, goal_local[2] + 0.003 * s],
    ]
    top = max(0.5 * s, carry + 0.25 * s)
    build_zone, bounds = workspace(half_ws, top, s)
    return {
        "origin": origin, "yaw": yaw, "a": a, "h": h, "w": w, "t": t, "bw": bw, "lip_w": lip_w, "lip_h": lip_h,
        "phi": phi, "start": local_to_world(origin, yaw, start_local),
        "goal_zone": goal_zone, "forbid_zones": [forbid_zone], "build_zone": build_zone, "simulation_bounds": bounds,
        "waypoints": [local_to_world(origin, yaw, p) for p in waypoints_local], "half_ws": half_ws,
    }


def weight_mass(lay):
    return PLAN["material"]["density"] * 8 * lay["w"] ** 3


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    material = PLAN["material"]
    friction = vec(material["friction"], 0.005, 0.0001)
    floor_half = lay["simulation_bounds"]["max"][0]
    a, h, w, t, bw, phi = lay["a"], lay["h"], lay["w"], lay["t"], lay["bw"], lay["phi"]
    yaw = lay["yaw"] * math.pi / 2
    lines = header("benchgen_lever", FAMILY, seed, scale, floor_half, 3.0 * scale + h)
    lines += zones_xml(lay)
    fulcrum_half = 0.4 * h
    lines += [
        '    <body name="lever_base" pos="%s" euler="0 0 %s">' % (vec(*lay["origin"]), fmt(yaw)),
        "      " + box_geom("fulcrum", [-fulcrum_half, -bw, 0.0], [fulcrum_half, bw, 0.97 * h], FIXTURE_RGBA, FIXTURE_CONTACT),
        '      <geom name="fulcrum_pin" type="cylinder" pos="%s" size="%s" euler="1.5708 0 0" rgba="0.3 0.3 0.32 1" %s/>'
        % (vec(0.0, 0.0, h), vec(0.2 * fulcrum_half + 0.004 * scale, 1.1 * bw), FIXTURE_CONTACT),
        # The beam is balanced on its pivot, so only the weight decides which end rests on the floor.
        '      <body name="beam" pos="%s" euler="0 %s 0">' % (vec(0.0, 0.0, h), fmt(-phi)),
        '        <joint name="fulcrum_hinge" type="hinge" axis="0 1 0" limited="true" range="%s" damping="%s"/>'
        % (vec(-0.02, 2 * phi + 0.02), fmt(0.02 * (scale ** 5))),
        "        " + box_geom("beam_plank", [-a, -bw, 0.0], [a, bw, t], (0.70, 0.55, 0.35, 1.0),
                              MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), friction)),
        "        " + box_geom("beam_lip_low", [-a, -bw, t], [-a + lay["lip_w"], bw, t + lay["lip_h"]], (0.55, 0.42, 0.28, 1.0),
                              MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), friction)),
        "        " + box_geom("beam_lip_high", [a - lay["lip_w"], -bw, t], [a, bw, t + lay["lip_h"]], (0.55, 0.42, 0.28, 1.0),
                              MOVING_CONTACT + ' density="%s" friction="%s"' % (fmt(material["density"]), friction)),
        "      </body>",
        "    </body>",
    ]
    q = quat_yaw_pitch(yaw, -phi)
    lines += [
        '    <body name="weight" pos="%s" quat="%s">' % (vec(*lay["start"]), vec(*q)),
        '      <freejoint name="weight_joint"/>',
        # conaffinity 3 lets the weight touch the fixtures too, which the beam ignores.
        '      <geom name="weight_geom" type="box" size="%s" rgba="%s" density="%s" friction="%s" contype="1" conaffinity="3"/>'
        % (vec(w, w, w), vec(*payload_rgba((0.25, 0.30, 0.75, 1.0))), fmt(material["density"]), friction),
        "    </body>",
        "  </worldbody>",
        "</mujoco>",
        "",
    ]
    return "\n".join(lines)


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    mass = weight_mass(lay)
    start = [r5(v) for v in lay["start"]]
    result = {
        **definition_head(seed, scale, lay),
        "payload": {
            "body": "weight",
            "label": "weight resting on the low end of a lever; it must end on the other end, tipped down",
            "shape": "box",
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [0.0, 0.0, 0.0],
        },
        "fixed_parts": [
            {"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]},
            {"name": "fulcrum", "shape": "box", "pos": [r5(v) for v in lay["origin"]], "height": r5(lay["h"]),
             "yaw_quarter_turns": lay["yaw"]},
        ],
        "free_bodies": ["weight"],
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {"max_unit_cost": 100.0, "max_weight": r5(max(1.0, 20.0 * mass))},
        "randomization": ranges_json(scale, unscaled=("tilt_ratio",)),
        "reference_solution": guide("weight", lay["waypoints"], 8.0 * mass * 9.81, 4.0),
        "difficulty": None,  # measured by the validator (replay, random baseline) and written into benchmark.json
    }
    result["task"] = preset_task(lay, scale)
    return result


def preset_task(lay, scale):
    """The resolved task (Benchgen.Tasks README §2): the lever (body "lever_base": fulcrum, pin and the beam part on its
    hinge, at its start tilt) and the weight on its low end; the weight ends in the goal zone on the other end. The
    lever's `top` is the plank between the lips, on the beam body, so it tilts with the beam."""
    a, h, w, t, bw, phi = lay["a"], lay["h"], lay["w"], lay["t"], lay["bw"], lay["phi"]
    fulcrum_half = 0.4 * h
    beam = [task_span([-a, -bw, 0.0], [a, bw, t]),
            task_span([-a, -bw, t], [-a + lay["lip_w"], bw, t + lay["lip_h"]]),
            task_span([a - lay["lip_w"], -bw, t], [a, bw, t + lay["lip_h"]])]
    geoms = [task_span([-fulcrum_half, -bw, 0.0], [fulcrum_half, bw, 0.97 * h]),
             task_geom("cylinder", [0.0, 0.0, h], [0.2 * fulcrum_half + 0.004 * scale, 1.1 * bw], rot_x(1.5708))]
    geoms += task_moved(beam, [0.0, 0.0, h], rot_y(-phi))
    plank = task_anchor("surface", "beam", {"min": [-a + lay["lip_w"], -bw, t], "max": [a - lay["lip_w"], bw, t]})
    lever = task_object("lever_1", "lever", "lever_base", False, task_extent(geoms), None, (0.70, 0.55, 0.35, 1.0),
                        anchors={"top": plank},
                        parts={"beam": task_part("beam", "fulcrum_hinge", "hinge", [-0.02, 2 * phi + 0.02])})
    weight = task_free_part("weight_1", "block", "weight", "box", [w, w, w], payload_colour(),
                            payload_rgba((0.25, 0.30, 0.75, 1.0)), label="weight")
    return task_block(2, [lever, weight], [], [task_predicate("at", "weight_1", "goal")], lay)


if __name__ == "__main__":
    main()
