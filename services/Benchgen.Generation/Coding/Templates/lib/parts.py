# Benchgen generator-script library "parts": pasted into every script that includes it, so each script
# stays a single standard-library file. Edit here, not in the generated scripts.

PALETTE = [
    (0.20, 0.45, 0.80), (0.25, 0.65, 0.35), (0.85, 0.65, 0.15), (0.60, 0.35, 0.70),
    (0.30, 0.70, 0.75), (0.75, 0.45, 0.30),
]


GOAL_RGBA = (0.1, 0.8, 0.2, 0.35)


FORBID_RGBA = (0.9, 0.1, 0.1, 0.3)


FIXED_RGBA = (0.55, 0.52, 0.48, 1.0)


GRAVITY = 9.81


# Rolling resistance (metres) for spheres: with condim 6 a ball comes to rest instead of creeping forever.
ROLLING = 0.0005


def clamp(x, lo, hi):
    return max(lo, min(hi, x))


def aabb(centre, half):
    return {"min": [centre[k] - half[k] for k in range(3)], "max": [centre[k] + half[k] for k in range(3)]}


def box_site(name, box, rgba):
    lo, hi = box["min"], box["max"]
    centre = [(a + b) / 2 for a, b in zip(lo, hi)]
    half = [(b - a) / 2 for a, b in zip(lo, hi)]
    return '    <site name="%s" type="box" pos="%s" size="%s" rgba="%s"/>' % (name, vec(*centre), vec(*half), vec(*rgba))


def part_rgba(index, payload_index):
    # A colour the prompt asked for is part of the task: the review's highlight never repaints it.
    if index == payload_index and PLAN["adjustments"].get("highlight_payload") and not PLAN.get("rgba"):
        return PAYLOAD_HIGHLIGHT + (1.0,)
    if PLAN.get("rgba"):
        r, g, b, a = PLAN["rgba"]
        # Shade alternate parts so a single-colour scene still shows where one part ends.
        k = 1.0 if index % 2 == 0 else 0.8
        return (r * k, g * k, b * k, a)
    return PALETTE[index % len(PALETTE)] + (1.0,)


def part_colour(index, payload_index):
    """The plan's colour name when part_rgba gives this part the plan's colour (shaded or not); None otherwise."""
    if index == payload_index and PLAN["adjustments"].get("highlight_payload") and not PLAN.get("rgba"):
        return None
    return PLAN.get("colour") if PLAN.get("rgba") else None


def floor_friction():
    return (PLAN.get("floor_material") or PLAN["material"])["friction"]


def part_volume(shape, size):
    if shape == "sphere":
        return 4.0 / 3.0 * math.pi * size[0] ** 3
    if shape == "cylinder":
        return math.pi * size[0] ** 2 * 2 * size[1]
    return 8 * size[0] * size[1] * size[2]


def part_half_height(shape, size):
    return size[0] if shape == "sphere" else size[-1]


def part_body(name, shape, size, pos, rgba, indent="    "):
    """A free body of the plan's material: sphere [r], box [hx, hy, hz] or upright cylinder [r, hz]."""
    material = PLAN["material"]
    density = fmt(material["density"])
    friction = vec(material["friction"], 0.005, ROLLING)
    lines = ['%s<body name="%s" pos="%s">' % (indent, name, vec(*pos)), '%s  <freejoint name="%s_joint"/>' % (indent, name)]
    if shape == "sphere":
        lines.append('%s  <geom name="%s_geom" type="sphere" size="%s" rgba="%s" density="%s" friction="%s" condim="6"/>'
                     % (indent, name, fmt(size[0]), vec(*rgba), density, friction))
    elif shape == "cylinder":
        # MuJoCo 2.2 gives cylinder contacts a single point, so a standing cylinder rocks forever: the cylinder is the
        # visual and the mass, a massless inscribed box (hidden in geom group 3) carries the contacts.
        side = size[0] * math.sqrt(0.5)
        lines += [
            '%s  <geom name="%s_geom" type="cylinder" size="%s" rgba="%s" density="%s" contype="0" conaffinity="0"/>'
            % (indent, name, vec(size[0], size[1]), vec(*rgba), density),
            '%s  <geom name="%s_contact" type="box" size="%s" density="0" group="3" rgba="0 0 0 0" friction="%s"/>'
            % (indent, name, vec(side, side, size[1]), friction),
        ]
    else:
        lines.append('%s  <geom name="%s_geom" type="box" size="%s" rgba="%s" density="%s" friction="%s"/>'
                     % (indent, name, vec(*size), vec(*rgba), density, friction))
    lines.append("%s</body>" % indent)
    return lines


def fixed_box(name, centre, half, rgba=FIXED_RGBA, euler=None):
    rot = ' euler="%s"' % vec(*euler) if euler else ""
    return '    <geom name="%s" type="box" pos="%s" size="%s"%s rgba="%s" friction="%s"/>' % (
        name, vec(*centre), vec(*half), rot, vec(*rgba), vec(floor_friction(), 0.005, ROLLING))


def mjcf_open(model, seed, scale, floor_half, light_height, contacts):
    bright = PLAN["adjustments"].get("brighten_scene")
    ambient = 0.45 if bright else 0.3
    diffuse = 0.9 if bright else 0.7
    nconmax = 100 + 16 * contacts
    return [
        '<mujoco model="benchgen_%s">' % model,
        "  <!-- generator %s, family %s, seed %d, scale %s -->" % (GENERATOR, FAMILY, int(seed), fmt(scale)),
        '  <compiler angle="radian"/>',
        # noslip iterations stop the slow creep of resting parts on soft contacts.
        '  <option timestep="0.002" gravity="0 0 -9.81" noslip_iterations="5"/>',
        '  <size nconmax="%d" njmax="%d"/>' % (nconmax, 8 * nconmax),
        "  <default>",
        '    <geom solimp="0.95 0.99 0.001"/>',
        "  </default>",
        "  <visual>",
        '    <global offwidth="640" offheight="480"/>',
        '    <headlight ambient="%s" diffuse="%s" specular="0.1 0.1 0.1"/>' % (vec(ambient, ambient, ambient), vec(0.4, 0.4, 0.4)),
        "  </visual>",
        "  <asset>",
        '    <texture name="grid" type="2d" builtin="checker" rgb1="0.82 0.82 0.8" rgb2="0.68 0.7 0.72" width="256" height="256"/>',
        '    <material name="floor" texture="grid" texrepeat="%s" reflectance="0.05"/>' % vec(floor_half * 4, floor_half * 4),
        "  </asset>",
        "  <worldbody>",
        '    <light name="key" pos="%s" dir="-0.3 -0.2 -1" directional="true" diffuse="%s" specular="0.2 0.2 0.2" castshadow="true"/>'
        % (vec(0.0, 0.0, light_height), vec(diffuse, diffuse, diffuse)),
        '    <geom name="floor" type="plane" size="%s" material="floor" friction="%s"/>'
        % (vec(floor_half, floor_half, 0.05), vec(floor_friction(), 0.005, ROLLING)),
    ]


def mjcf_zones(lay):
    lines = [box_site("goal_zone", lay["goal_zone"], GOAL_RGBA)]
    for i, box in enumerate(lay["forbid_zones"]):
        lines.append(box_site("forbid_zone_%d" % i, box, FORBID_RGBA))
    return lines


def mjcf_close():
    return ["  </worldbody>", "</mujoco>", ""]


def reference(body, mass, waypoints, scale, speed=0.25):
    """Scripted guide for the payload: PD-driven through the waypoints, then released (see Validation/ReferenceSolution)."""
    length = sum(math.dist(a, b) for a, b in zip(waypoints, waypoints[1:]))
    # Enough to lift the payload against gravity and accelerate it briskly, not enough to fling it.
    return guide(body, waypoints, max(2.0, 6.0 * mass * GRAVITY),
                 max(2.0, 1.5 + length / (speed * max(scale, 0.5)) + 0.5 * len(waypoints)))


def common_definition(seed, scale, lay, payload, label, mass, fixed_parts, free_bodies, waypoints, unscaled=()):
    start = [r5(v) for v in payload["pos"]]
    return {
        **definition_head(seed, scale, lay),
        "payload": {
            "body": payload["name"],
            "label": label,
            "shape": PLAN["shape"],
            "material": PLAN["material"]["name"],
            "mass": r5(mass),
            "start": start,
            "jitter": [r5(0.005 * scale), r5(0.005 * scale), 0.0],
        },
        "fixed_parts": fixed_parts,
        "free_bodies": free_bodies,
        "simulation_bounds": box_json(lay["simulation_bounds"]),
        "constraints": {
            "max_unit_cost": r5(100.0 * max(1, len(free_bodies))),
            "max_weight": r5(max(1.0, 20.0 * mass)),
        },
        "randomization": ranges_json(scale, unscaled),
        "reference_solution": reference(payload["name"], mass, waypoints, scale),
        "difficulty": None,  # measured by the validator (replay, random baseline) and written into benchmark.json
    }
