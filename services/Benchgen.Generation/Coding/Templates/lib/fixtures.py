# Benchgen generator-script library "fixtures": pasted into every script that includes it, so each script
# stays a single standard-library file. Edit here, not in the generated scripts.

FIXTURE_RGBA = (0.55, 0.45, 0.35, 1.0)


# Fixed fixtures collide with the floor and free parts but never with the jointed mechanism they carry: the joint
# already constrains that motion, and geoms sharing an axis (a hinge through its bearing) would otherwise touch.
FIXTURE_CONTACT = 'contype="2" conaffinity="2"'


MOVING_CONTACT = 'contype="1" conaffinity="1"'


def yaw_point(k, x, y):
    """Rotates (x, y) by k quarter turns about z."""
    for _ in range(k % 4):
        x, y = -y, x
    return x, y


def local_to_world(origin, k, p):
    x, y = yaw_point(k, p[0], p[1])
    return [origin[0] + x, origin[1] + y, origin[2] + p[2]]


def box_to_world(origin, k, lo, hi):
    """Axis-aligned local box -> axis-aligned world box (exact for quarter-turn yaws)."""
    a = local_to_world(origin, k, lo)
    b = local_to_world(origin, k, hi)
    return {"min": [min(a[i], b[i]) for i in range(3)], "max": [max(a[i], b[i]) for i in range(3)]}


def box_geom(name, lo, hi, rgba, extra=""):
    """An MJCF box geom spanning lo..hi in its body's frame."""
    centre = [(a + b) / 2 for a, b in zip(lo, hi)]
    half = [(b - a) / 2 for a, b in zip(lo, hi)]
    return '<geom name="%s" type="box" pos="%s" size="%s" rgba="%s"%s/>' % (
        name, vec(*centre), vec(*half), vec(*rgba), (" " + extra) if extra else "")


def zone_site(name, box, rgba):
    lo, hi = box["min"], box["max"]
    centre = [(a + b) / 2 for a, b in zip(lo, hi)]
    half = [(b - a) / 2 for a, b in zip(lo, hi)]
    return '    <site name="%s" type="box" pos="%s" size="%s" rgba="%s"/>' % (name, vec(*centre), vec(*half), vec(*rgba))


def payload_rgba(default):
    # A colour the prompt asked for is part of the task: the review's highlight never repaints it.
    if PLAN["adjustments"].get("highlight_payload") and not PLAN.get("rgba"):
        return PAYLOAD_HIGHLIGHT + (1.0,)
    if PLAN.get("rgba"):
        return tuple(PLAN["rgba"])
    return default


def payload_colour():
    """The plan's colour name when payload_rgba gives the payload the plan's colour; None otherwise."""
    if PLAN["adjustments"].get("highlight_payload") and not PLAN.get("rgba"):
        return None
    return PLAN.get("colour") if PLAN.get("rgba") else None


def size_factor():
    return {"small": 0.75, "large": 1.3}.get(PLAN.get("size"), 1.0)


def header(model, family, seed, scale, floor_half, light_height, extra_option=""):
    bright = PLAN["adjustments"].get("brighten_scene")
    ambient = 0.45 if bright else 0.3
    diffuse = 0.9 if bright else 0.7
    # "on an icy floor" names the floor's material; otherwise the floor shares the parts' material.
    friction = (PLAN.get("floor_material") or PLAN["material"])["friction"]
    return [
        '<mujoco model="%s">' % model,
        "  <!-- generator %s, family %s, seed %d, scale %s -->" % (GENERATOR, family, int(seed), fmt(scale)),
        '  <compiler angle="radian"/>',
        '  <option timestep="0.002" gravity="0 0 -9.81"%s/>' % extra_option,
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
        % (vec(floor_half, floor_half, 0.05), vec(friction, 0.005, 0.0001)),
    ]


def zones_xml(lay):
    lines = [zone_site("goal_zone", lay["goal_zone"], (0.1, 0.8, 0.2, 0.35))]
    for i, box in enumerate(lay["forbid_zones"]):
        lines.append(zone_site("forbid_zone_%d" % i, box, (0.9, 0.1, 0.1, 0.3)))
    return lines
