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


def box_site(name, box, rgba):
    lo, hi = box["min"], box["max"]
    centre = [(a + b) / 2 for a, b in zip(lo, hi)]
    half = [(b - a) / 2 for a, b in zip(lo, hi)]
    return '    <site name="%s" type="box" pos="%s" size="%s" rgba="%s"/>' % (name, vec(*centre), vec(*half), vec(*rgba))


def floor_friction():
    return (PLAN.get("floor_material") or PLAN["material"])["friction"]


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

