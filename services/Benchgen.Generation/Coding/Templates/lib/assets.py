# Benchgen generator-script library "assets": the parametric asset library of the task compiler (TASKS.md §3), pasted
# into every script that includes it, so each script stays a single standard-library file. Edit here, not in the
# generated scripts. Needs lib/core.py (fmt, vec, PLAN) included before it.
#
# A builder `fn(o, rng, s)` gets the SPEC object, the object's own random.Random and the scale, draws the object's
# dimensions in a fixed order and returns {"footprint": [hx, hy], "height": h, "emit": emit} (plus optional
# "reserve": [x0, y0, x1, y1], the floor area around the base centre it needs clear, e.g. for an opening drawer).
# `emit(pos, state)` places the object with its base centre at pos (z = support height) and its parts at the joint
# values in state, and returns its MJCF lines, extent, anchors and parts (README §2) in the body's own frame, plus
# "world" (the same boxes in the world frame at t = 0) for the layout. Every fixture faces -y, toward the default camera.

ASSETS = {}

# Free objects collide with everything; fixed fixtures and the moving parts they carry never collide with each other
# (the joint already constrains that motion). Gears collide with free objects and the floor only, so meshing teeth
# never jam: the equality constraint turns the pair together.
FREE_CONTACT = 'contype="1" conaffinity="3"'
STATIC_CONTACT = 'contype="2" conaffinity="2"'
PART_CONTACT = 'contype="1" conaffinity="1"'
GEAR_CONTACT = 'contype="1" conaffinity="0"'
NO_CONTACT = 'contype="0" conaffinity="0"'

KIND_RGBA = {
    "block": (0.20, 0.45, 0.80, 1.0), "cube": (0.85, 0.65, 0.15, 1.0), "cylinder": (0.25, 0.65, 0.35, 1.0),
    "ball": (0.85, 0.30, 0.25, 1.0), "puck": (0.15, 0.15, 0.18, 1.0), "peg": (0.75, 0.45, 0.30, 1.0),
    "nut": (0.62, 0.62, 0.66, 1.0), "ring": (0.80, 0.70, 0.20, 1.0), "bowl": (0.85, 0.82, 0.75, 1.0),
    "plate": (0.93, 0.93, 0.90, 1.0), "mug": (0.30, 0.55, 0.75, 1.0), "can": (0.75, 0.20, 0.18, 1.0),
    "bottle": (0.80, 0.15, 0.12, 1.0), "box": (0.90, 0.85, 0.70, 1.0), "book": (0.35, 0.25, 0.60, 1.0),
    "domino": (0.95, 0.95, 0.92, 1.0), "basket": (0.62, 0.45, 0.25, 1.0), "bin": (0.35, 0.40, 0.45, 1.0),
    "tray": (0.55, 0.55, 0.58, 1.0), "container": (0.40, 0.60, 0.70, 1.0), "caddy": (0.50, 0.55, 0.40, 1.0),
}
FIXTURE_BODY_RGBA = (0.55, 0.45, 0.35, 1.0)
METAL_RGBA = (0.62, 0.62, 0.66, 1.0)
HANDLE_RGBA = (0.25, 0.25, 0.28, 1.0)
PART_RGBA = (0.80, 0.62, 0.38, 1.0)
GLASS_RGBA = (0.60, 0.75, 0.85, 0.45)


def asset(kind):
    """Decorator: registers a builder for `kind`."""
    def register(fn):
        ASSETS[kind] = fn
        return fn
    return register


def obj_material(o):
    """(name, density, friction) of an object: its own material, else the plan's default."""
    name = o.get("material") or PLAN["material"]["name"]
    m = (PLAN.get("materials") or {}).get(name) or PLAN["material"]
    return name, m["density"], m["friction"]


def obj_size(o):
    f = {"small": 0.75, "large": 1.3}.get(o.get("size"), 1.0)
    return f * o.get("_size_factor", 1.0) * o.get("_taper", 1.0) * (1.25 if o.get("_enlarge") else 1.0)


def obj_rgba(o, default=None):
    # A colour the prompt asked for is part of the task: the review's highlight never repaints it.
    if o.get("_highlight") and not o.get("rgba"):
        return PAYLOAD_HIGHLIGHT + (1.0,)
    if o.get("rgba"):
        return tuple(o["rgba"])
    return default or KIND_RGBA.get(o["kind"], FIXTURE_BODY_RGBA)


def dim(rng, nominal, s, f=1.0, spread=0.3):
    """nominal +- spread (a fraction), times the scale and the size factor."""
    return nominal * rng.uniform(1.0 - spread, 1.0 + spread) * s * f


def param(o, name, default):
    return (o.get("params") or {}).get(name, default)


def rot_z(p, a):
    c, sn = math.cos(a), math.sin(a)
    return [c * p[0] - sn * p[1], sn * p[0] + c * p[1], p[2]]


def rotate_box_z(lo, hi, a, about=(0.0, 0.0)):
    """World AABB of the box lo..hi rotated by a about the vertical line through `about`."""
    xs, ys = [], []
    for x in (lo[0], hi[0]):
        for y in (lo[1], hi[1]):
            q = rot_z([x - about[0], y - about[1], 0.0], a)
            xs.append(q[0] + about[0])
            ys.append(q[1] + about[1])
    return [min(xs), min(ys), lo[2]], [max(xs), max(ys), hi[2]]


def anchor(kind, body, lo, hi, **extra):
    a = {"kind": kind, "body": body, "min": [r5(v) for v in lo], "max": [r5(v) for v in hi]}
    for k, v in extra.items():
        a[k] = [r5(x) for x in v] if isinstance(v, (list, tuple)) else v
    return a


def shift_box(lo, hi, d):
    return {"min": [lo[i] + d[i] for i in range(3)], "max": [hi[i] + d[i] for i in range(3)]}


class Shape:
    """The geoms of one body, in the body's frame, with the body's extent (of its colliding and visible geoms) and mass."""

    def __init__(self, o, body, contact, density=None):
        _, dens, fric = obj_material(o)
        self.body = body
        self.contact = contact
        self.density = dens if density is None else density
        self.friction = fric
        self.lines = []
        self.lo = [1e9, 1e9, 1e9]
        self.hi = [-1e9, -1e9, -1e9]
        self.mass = 0.0
        self.count = 0

    def grow(self, lo, hi):
        for i in range(3):
            self.lo[i] = min(self.lo[i], lo[i])
            self.hi[i] = max(self.hi[i], hi[i])

    def _attrs(self, rgba, contact, density, visual):
        if visual:
            return 'rgba="%s" %s density="0" group="1"' % (vec(*rgba), NO_CONTACT)
        d = self.density if density is None else density
        return 'rgba="%s" %s density="%s" friction="%s"' % (
            vec(*rgba), contact or self.contact, fmt(d), vec(self.friction, 0.005, ROLLING))

    def box(self, tag, lo, hi, rgba, contact=None, density=None, visual=False, yaw=0.0):
        c = [(a + b) / 2 for a, b in zip(lo, hi)]
        h = [(b - a) / 2 for a, b in zip(lo, hi)]
        if yaw:
            # A box turned about its own centre (ring and bowl walls).
            blo, bhi = rotate_box_z([-h[0], -h[1], lo[2]], [h[0], h[1], hi[2]], yaw)
            self.grow([blo[0] + c[0], blo[1] + c[1], lo[2]], [bhi[0] + c[0], bhi[1] + c[1], hi[2]])
            rot = ' axisangle="0 0 1 %s"' % fmt(yaw)
        else:
            self.grow(lo, hi)
            rot = ""
        if not visual:
            self.mass += (self.density if density is None else density) * 8 * h[0] * h[1] * h[2]
        self.count += 1
        self.lines.append('<geom name="%s_%s" type="box" pos="%s" size="%s"%s %s/>' % (
            self.body, tag, vec(*c), vec(*h), rot, self._attrs(rgba, contact, density, visual)))

    def cylinder(self, tag, c, r, hz, rgba, contact=None, axis="z"):
        """A cylinder: the visual and the mass; a massless inscribed box (hidden, group 3) carries its contacts, since
        MuJoCo 2.2 gives a cylinder resting on a flat face a single contact point and it rocks forever."""
        side = r * math.sqrt(0.5)
        if axis == "z":
            half, zaxis = [r, r, hz], ""
            box = [side, side, hz]
        elif axis == "y":
            half, zaxis = [r, hz, r], ' zaxis="0 1 0"'
            box = [side, hz, side]
        else:
            half, zaxis = [hz, r, r], ' zaxis="1 0 0"'
            box = [hz, side, side]
        self.grow([c[i] - half[i] for i in range(3)], [c[i] + half[i] for i in range(3)])
        self.mass += self.density * math.pi * r * r * 2 * hz
        self.count += 2
        self.lines.append('<geom name="%s_%s" type="cylinder" pos="%s"%s size="%s" rgba="%s" density="%s" %s/>' % (
            self.body, tag, vec(*c), zaxis, vec(r, hz), vec(*rgba), fmt(self.density), NO_CONTACT))
        self.lines.append('<geom name="%s_%s_contact" type="box" pos="%s" size="%s" density="0" group="3" rgba="0 0 0 0" %s friction="%s"/>' % (
            self.body, tag, vec(*c), vec(*box), contact or self.contact, vec(self.friction, 0.005, ROLLING)))

    def disc(self, tag, c, r, hz, rgba, contact=None):
        """A flat round part that others rest on: an octagon of two crossed boxes (visual and contacts)."""
        a = r * math.cos(math.pi / 8)
        self.box(tag + "_a", [c[0] - a, c[1] - a, c[2] - hz], [c[0] + a, c[1] + a, c[2] + hz], rgba, contact, density=self.density * 0.5)
        self.box(tag + "_b", [c[0] - a, c[1] - a, c[2] - hz], [c[0] + a, c[1] + a, c[2] + hz], rgba, contact,
                 density=self.density * 0.5, yaw=math.pi / 4)

    def sphere(self, tag, c, r, rgba):
        self.grow([c[i] - r for i in range(3)], [c[i] + r for i in range(3)])
        self.mass += self.density * 4.0 / 3.0 * math.pi * r ** 3
        self.count += 1
        self.lines.append('<geom name="%s_%s" type="sphere" pos="%s" size="%s" rgba="%s" %s density="%s" friction="%s" condim="6"/>' % (
            self.body, tag, vec(*c), fmt(r), vec(*rgba), self.contact, fmt(self.density), vec(self.friction, 0.005, ROLLING)))

    def walls(self, tag, c, r_in, thick, z0, z1, n, rgba, contact=None):
        """n boxes standing round a circle of inner radius r_in: the wall of a bowl, mug or ring."""
        rc = r_in + thick / 2
        half_t = (r_in + thick) * math.tan(math.pi / n) * 1.02
        for k in range(n):
            a = 2 * math.pi * k / n
            x, y = c[0] + rc * math.cos(a), c[1] + rc * math.sin(a)
            self.box("%s_%d" % (tag, k), [x - thick / 2, y - half_t, z0], [x + thick / 2, y + half_t, z1], rgba, contact, yaw=a)

    def extent(self):
        return {"min": [r5(v) for v in self.lo], "max": [r5(v) for v in self.hi]}


def body_open(name, pos, indent, joint=None, yaw=0.0, quat_axis=None):
    rot = ""
    if quat_axis is not None and abs(quat_axis[3]) > 1e-12:
        rot = ' axisangle="%s"' % vec(*quat_axis)
    lines = ['%s<body name="%s" pos="%s"%s>' % (indent, name, vec(*pos), rot)]
    if joint:
        lines.append(indent + "  " + joint)
    return lines


def free_object(o, shapes, top, extra_anchors=None, emitters=None):
    """emit() of a free object made of one Shape (plus optional extra top-level free bodies from `emitters`)."""
    oid = o["id"]

    def emit(pos, state):
        sh = shapes
        lines = body_open(oid, pos, "    ", '<freejoint name="%s_joint"/>' % oid)
        lines += ["      " + g for g in sh.lines]
        lines.append("    </body>")
        anchors = {"top": anchor("surface", oid, *top)}
        world = {"top": shift_box(top[0], top[1], pos)}
        for name, (kind, lo, hi) in (extra_anchors or {}).items():
            anchors[name] = anchor(kind, oid, lo, hi)
            world[name] = shift_box(lo, hi, pos)
        out = {"xml": lines, "extent": sh.extent(), "anchors": anchors, "parts": {}, "equality": [], "bodies": [oid],
               "free": [oid], "masses": {oid: sh.mass}, "geoms": sh.count,
               "world": {"extent": shift_box(sh.lo, sh.hi, pos), "anchors": world, "parts": {}, "body_pos": {oid: list(pos)}}}
        for extra in emitters or []:
            extra(pos, state, out)
        return out
    return emit


def top_of(lo, hi, thick):
    return ([lo[0], lo[1], hi[2] - thick], [hi[0], hi[1], hi[2]])


# ---------------------------------------------------------------- free objects

def _box_object(o, hx, hy, hz):
    sh = Shape(o, o["id"], FREE_CONTACT)
    sh.box("geom", [-hx, -hy, 0.0], [hx, hy, 2 * hz], obj_rgba(o))
    return {"footprint": [hx, hy], "height": 2 * hz, "half_width": min(hx, hy), "mass": sh.mass,
            "emit": free_object(o, sh, top_of([-hx, -hy, 0], [hx, hy, 2 * hz], 0.002 * 1.0))}


@asset("block")
def block(o, rng, s):
    f = obj_size(o)
    hx, hy, hz = dim(rng, 0.025, s, f), dim(rng, 0.025, s, f), dim(rng, 0.025, s, f)
    # Blocks no taller than they are wide keep towers statically stable.
    return _box_object(o, hx, hy, min(hz, hx, hy))


@asset("cube")
def cube(o, rng, s):
    a = dim(rng, 0.025, s, obj_size(o))
    return _box_object(o, a, a, a)


@asset("book")
def book(o, rng, s):
    f = obj_size(o)
    return _box_object(o, dim(rng, 0.07, s, f, 0.2), dim(rng, 0.05, s, f, 0.2), dim(rng, 0.012, s, f, 0.25))


@asset("domino")
def domino(o, rng, s):
    f = obj_size(o)
    return _box_object(o, dim(rng, 0.008, s, f, 0.15), dim(rng, 0.025, s, f, 0.15), dim(rng, 0.05, s, f, 0.15))


def _round_object(o, r, hz, kind_top=0.002):
    sh = Shape(o, o["id"], FREE_CONTACT)
    sh.cylinder("geom", [0.0, 0.0, hz], r, hz, obj_rgba(o))
    a = r * math.sqrt(0.5)
    return {"footprint": [r, r], "height": 2 * hz, "half_width": a,
            "emit": free_object(o, sh, ([-a, -a, 2 * hz - kind_top], [a, a, 2 * hz]))}


@asset("cylinder")
def cylinder(o, rng, s):
    f = obj_size(o)
    r, hz = dim(rng, 0.025, s, f, 0.25), dim(rng, 0.03, s, f, 0.25)
    # No taller than wide across the box that carries its contacts: a tower of them comes to rest.
    return _round_object(o, r, min(hz, math.sqrt(0.5) * r))


@asset("puck")
def puck(o, rng, s):
    f = obj_size(o)
    return _round_object(o, dim(rng, 0.03, s, f, 0.25), dim(rng, 0.006, s, f, 0.25))


@asset("can")
def can(o, rng, s):
    f = obj_size(o)
    return _round_object(o, dim(rng, 0.033, s, f, 0.2), dim(rng, 0.05, s, f, 0.2))


@asset("ball")
def ball(o, rng, s):
    r = dim(rng, 0.03, s, obj_size(o), 0.25)
    sh = Shape(o, o["id"], FREE_CONTACT)
    sh.sphere("geom", [0.0, 0.0, r], r, obj_rgba(o))
    a = 0.3 * r
    return {"footprint": [r, r], "height": 2 * r, "half_width": r,
            "emit": free_object(o, sh, ([-a, -a, 2 * r - 0.002 * s], [a, a, 2 * r]))}


@asset("peg")
def peg(o, rng, s):
    f = obj_size(o)
    # The cross-section is fixed per size (sockets are cut for it with ~2 mm clearance a side); the length varies.
    w = 0.01 * s * f
    hl = dim(rng, 0.045, s, f, 0.2)
    rgba = obj_rgba(o)

    def emit(pos, state):
        # "_pose": "y" lays the peg along y (inserted in a side socket); otherwise it stands upright.
        sh = Shape(o, o["id"], FREE_CONTACT)
        if o.get("_pose") == "y":
            sh.box("geom", [-w, -hl, 0.0], [w, hl, 2 * w], rgba)
        else:
            sh.box("geom", [-w, -w, 0.0], [w, w, 2 * hl], rgba)
        return free_object(o, sh, top_of(sh.lo, sh.hi, 0.002 * s))(pos, state)
    return {"footprint": [w, w], "height": 2 * hl, "half_width": w, "length": 2 * hl, "emit": emit}


@asset("nut")
def nut(o, rng, s):
    f = obj_size(o)
    R, hz = dim(rng, 0.02, s, f, 0.2), dim(rng, 0.007, s, f, 0.2)
    apothem = R * math.cos(math.pi / 6)
    hole = 0.5 * R
    sh = Shape(o, o["id"], FREE_CONTACT)
    t = apothem - hole
    half_side = apothem * math.tan(math.pi / 6)
    for k in range(6):
        a = math.pi / 3 * k
        rc = hole + t / 2
        x, y = rc * math.cos(a), rc * math.sin(a)
        sh.box("side_%d" % k, [x - t / 2, y - half_side, 0.0], [x + t / 2, y + half_side, 2 * hz], obj_rgba(o), yaw=a)
    return {"footprint": [R, R], "height": 2 * hz, "half_width": apothem,
            "emit": free_object(o, sh, ([-apothem, -apothem, 2 * hz - 0.002 * s], [apothem, apothem, 2 * hz]))}


@asset("ring")
def ring(o, rng, s):
    f = obj_size(o)
    R, hz = dim(rng, 0.03, s, f, 0.2), dim(rng, 0.005, s, f, 0.2)
    t = 0.3 * R
    sh = Shape(o, o["id"], FREE_CONTACT)
    sh.walls("seg", [0.0, 0.0, 0.0], R - t, t, 0.0, 2 * hz, 10, obj_rgba(o))
    return {"footprint": [R, R], "height": 2 * hz, "half_width": R,
            "emit": free_object(o, sh, ([-R, -R, 2 * hz - 0.002 * s], [R, R, 2 * hz]))}


def _cup(o, sh, r, h, tb, tw, n, rgba):
    """A round cup: a flat octagonal bottom and n wall boxes. Returns the inside cavity box."""
    r_in = r - tw
    sh.disc("bottom", [0.0, 0.0, tb / 2], r_in * 1.0, tb / 2, rgba)
    sh.walls("wall", [0.0, 0.0, 0.0], r_in, tw, 0.0, h, n, rgba)
    a = r_in * math.sqrt(0.5)
    return [-a, -a, tb], [a, a, h]


@asset("bowl")
def bowl(o, rng, s):
    f = obj_size(o)
    r, h = dim(rng, 0.07, s, f, 0.25), dim(rng, 0.045, s, f, 0.2)
    tw, tb = 0.006 * s * f, 0.006 * s * f
    sh = Shape(o, o["id"], FREE_CONTACT)
    inside = _cup(o, sh, r, h, tb, tw, 10, obj_rgba(o))
    return {"footprint": [r, r], "height": h, "half_width": r,
            "emit": free_object(o, sh, ([-r, -r, h - tw], [r, r, h]), {"inside": ("cavity",) + tuple(inside)})}


@asset("mug")
def mug(o, rng, s):
    f = obj_size(o)
    r, h = dim(rng, 0.035, s, f, 0.2), dim(rng, 0.08, s, f, 0.2)
    tw, tb = 0.005 * s * f, 0.006 * s * f
    rgba = obj_rgba(o)
    sh = Shape(o, o["id"], FREE_CONTACT)
    inside = _cup(o, sh, r, h, tb, tw, 10, rgba)
    # The handle: two arms and a grip on the +x side.
    reach, t = 0.025 * s * f, 0.006 * s * f
    sh.box("handle_upper", [r - tw, -t, 0.75 * h - t], [r + reach, t, 0.75 * h + t], rgba)
    sh.box("handle_lower", [r - tw, -t, 0.25 * h - t], [r + reach, t, 0.25 * h + t], rgba)
    sh.box("handle_grip", [r + reach - 2 * t, -t, 0.25 * h + t], [r + reach, t, 0.75 * h - t], rgba)
    return {"footprint": [r + reach, r], "height": h, "half_width": r,
            "emit": free_object(o, sh, ([-r, -r, h - tw], [r, r, h]), {"inside": ("cavity",) + tuple(inside)})}


@asset("plate")
def plate(o, rng, s):
    f = obj_size(o)
    r, hz = dim(rng, 0.09, s, f, 0.2), dim(rng, 0.006, s, f, 0.2)
    sh = Shape(o, o["id"], FREE_CONTACT)
    sh.disc("geom", [0.0, 0.0, hz], r, hz, obj_rgba(o))
    a = r * math.cos(math.pi / 8)
    return {"footprint": [a, a], "height": 2 * hz, "half_width": a,
            "emit": free_object(o, sh, ([-a, -a, 0.0], [a, a, 2 * hz]))}


@asset("bottle")
def bottle(o, rng, s):
    f = obj_size(o)
    r, hb = dim(rng, 0.03, s, f, 0.2), dim(rng, 0.055, s, f, 0.2)
    rn, hn = 0.4 * r, dim(rng, 0.025, s, f, 0.2)
    rgba = obj_rgba(o)
    sh = Shape(o, o["id"], FREE_CONTACT)
    sh.cylinder("body", [0.0, 0.0, hb], r, hb, rgba)
    sh.cylinder("neck", [0.0, 0.0, 2 * hb + hn], rn, hn, rgba)
    h = 2 * hb + 2 * hn
    a = rn * math.sqrt(0.5)
    return {"footprint": [r, r], "height": h, "half_width": r * math.sqrt(0.5),
            "emit": free_object(o, sh, ([-a, -a, h - 0.002 * s], [a, a, h]))}


@asset("box")
def box_asset(o, rng, s):
    f = obj_size(o)
    hx, hy, hz = dim(rng, 0.045, s, f, 0.25), dim(rng, 0.03, s, f, 0.25), dim(rng, 0.025, s, f, 0.25)
    rgba = obj_rgba(o)
    oid = o["id"]
    if not param(o, "lidded", False):
        return _box_object(o, hx, hy, hz)
    t = 0.006 * s * f
    tl = 0.008 * s * f
    h = 2 * hz
    sh = Shape(o, oid, FREE_CONTACT)
    sh.box("bottom", [-hx, -hy, 0.0], [hx, hy, t], rgba)
    sh.box("wall_left", [-hx, -hy, t], [-hx + t, hy, h], rgba)
    sh.box("wall_right", [hx - t, -hy, t], [hx, hy, h], rgba)
    sh.box("wall_front", [-hx + t, -hy, t], [hx - t, -hy + t, h], rgba)
    sh.box("wall_back", [-hx + t, hy - t, t], [hx - t, hy, h], rgba)
    lid_rgba = tuple(min(1.0, c * 0.8) for c in rgba[:3]) + (rgba[3],)
    lid_name = oid + "_lid"

    def emit_lid(pos, state, out):
        lid = Shape(o, lid_name, FREE_CONTACT)
        lid.box("plate", [-hx, -hy, 0.0], [hx, hy, tl], lid_rgba)
        # A knob to lift it by.
        k = 0.008 * s * f
        lid.box("knob", [-k, -k, tl], [k, k, tl + k], HANDLE_RGBA)
        lpos = [pos[0], pos[1], pos[2] + h]
        out["xml"] += body_open(lid_name, lpos, "    ", '<freejoint name="%s_joint"/>' % lid_name)
        out["xml"] += ["      " + g for g in lid.lines] + ["    </body>"]
        out["bodies"].append(lid_name)
        out["free"].append(lid_name)
        out["masses"][lid_name] = lid.mass
        out["geoms"] += lid.count
        # A free part carries its own extent (in its body's frame): off(box.lid, box) and on(box.lid, table) read it.
        out["parts"]["lid"] = {"body": lid_name, "joint": lid_name + "_joint", "type": "free", "extent": lid.extent()}
        out["world"]["parts"]["lid"] = shift_box(lid.lo, lid.hi, lpos)
        out["world"]["body_pos"][lid_name] = lpos
        ext = out["world"]["extent"]
        ext["max"][2] = max(ext["max"][2], lpos[2] + lid.hi[2])
    inside = ([-hx + t, -hy + t, t], [hx - t, hy - t, h])
    return {"footprint": [hx, hy], "height": h + tl + 0.008 * s * f, "half_width": min(hx, hy),
            "emit": free_object(o, sh, ([-hx, -hy, h - t], [hx, hy, h]), {"inside": ("cavity",) + inside}, [emit_lid])}


# ---------------------------------------------------------------- containers (fixed, open at the top)

def _container(o, rng, s, nominal_h, compartments=1, spread_h=0.15):
    f = obj_size(o)
    hx, hy = dim(rng, 0.11, s, f, 0.2), dim(rng, 0.08, s, f, 0.2)
    h = dim(rng, nominal_h, s, f, spread_h)
    t = 0.008 * s * f
    # A container that starts holding objects grows to take them side by side (with room to spare) and to reach
    # above the tallest (the layout sets the load from the objects placed in it).
    area, tallest = o.get("_load", (0.0, 0.0))
    inner = (2 * hx - 2 * t) * (2 * hy - 2 * t)
    if area > inner > 0:
        k = math.sqrt(area / inner)
        hx, hy = hx * k + t, hy * k + t
    if o["kind"] != "tray":  # a tray stays shallow
        h = max(h, 1.2 * tallest)
    rgba = obj_rgba(o)
    oid = o["id"]
    sh = Shape(o, oid, STATIC_CONTACT)
    sh.box("bottom", [-hx, -hy, 0.0], [hx, hy, t], rgba)
    sh.box("wall_left", [-hx, -hy, t], [-hx + t, hy, h], rgba)
    sh.box("wall_right", [hx - t, -hy, t], [hx, hy, h], rgba)
    sh.box("wall_front", [-hx + t, -hy, t], [hx - t, -hy + t, h], rgba)
    sh.box("wall_back", [-hx + t, hy - t, t], [hx - t, hy, h], rgba)
    extra = {"inside": ("cavity", [-hx + t, -hy + t, t], [hx - t, hy - t, h])}
    if compartments == 2:
        sh.box("divider", [-t / 2, -hy + t, t], [t / 2, hy - t, h], rgba)
        extra["compartment_1"] = ("cavity", [-hx + t, -hy + t, t], [-t / 2, hy - t, h])
        extra["compartment_2"] = ("cavity", [t / 2, -hy + t, t], [hx - t, hy - t, h])
    return {"footprint": [hx, hy], "height": h, "emit": fixed_object(o, [sh], ([-hx, -hy, h - t], [hx, hy, h]), extra)}


def fixed_object(o, shapes, top, extra_anchors=None, parts=None):
    """emit() of a fixed object: the root Shape plus articulated parts.

    parts: list of functions part(pos, state) -> dict(name, shape, local (body origin in the root frame at the
    closed/rest configuration), joint_type, axis, value (state), range, ends, anchors {name: (kind, lo, hi)})."""
    oid = o["id"]

    def emit(pos, state):
        root = shapes[0]
        lines = body_open(oid, pos, "    ")
        for sh in shapes:
            lines += ["      " + g for g in sh.lines]
        anchors = {"top": anchor("surface", oid, *top)}
        world = {"top": shift_box(top[0], top[1], pos)}
        for name, spec in (extra_anchors or {}).items():
            kind, lo, hi = spec[0], spec[1], spec[2]
            extra = spec[3] if len(spec) > 3 else {}
            anchors[name] = anchor(kind, oid, lo, hi, **extra)
            world[name] = shift_box(lo, hi, pos)
        lo, hi = list(root.lo), list(root.hi)
        for sh in shapes[1:]:
            lo = [min(lo[i], sh.lo[i]) for i in range(3)]
            hi = [max(hi[i], sh.hi[i]) for i in range(3)]
        out_parts, world_parts, body_pos, masses, bodies = {}, {}, {oid: list(pos)}, {oid: 0.0}, [oid]
        geoms = sum(sh.count for sh in shapes)
        equality = []
        joints = {}
        for make in parts or []:
            # state[part] is a joint value or (end, fraction) of one of the part's ends ("open", 0.8).
            p = make({})
            raw = state.get(p["name"], 0.0)
            if isinstance(raw, (tuple, list)):
                raw = p["ends"].get(raw[0], 0.0) * raw[1]
            if raw:
                p = make({p["name"]: raw})
            name, sh = p["name"], p["shape"]
            body = oid + "_" + name
            joint = body + "_joint"
            value = p["value"]
            jt = p["type"]
            axis = p["axis"]
            local = list(p["local"])
            if jt == "slide":
                local = [local[i] + axis[i] * value for i in range(3)]
                rot = None
                plo, phi = [sh.lo[i] + local[i] for i in range(3)], [sh.hi[i] + local[i] for i in range(3)]
            else:
                # Hinge on the body origin; the body frame is turned by the initial value about the (vertical) axis.
                rot = list(axis) + [value]
                a = value * axis[2]
                blo, bhi = rotate_box_z(sh.lo, sh.hi, a)
                plo = [blo[i] + local[i] for i in range(3)]
                phi = [bhi[i] + local[i] for i in range(3)]
            damping, frictionloss = p.get("damping", 0.5), p.get("frictionloss", 0.05)
            limited = p.get("limited", True)
            jattr = '<joint name="%s" type="%s" axis="%s" ref="%s" damping="%s" frictionloss="%s" armature="%s" %s/>' % (
                joint, jt, vec(*axis), fmt(value), fmt(damping), fmt(frictionloss), fmt(p.get("armature", 0.0005)),
                ('limited="true" range="%s"' % vec(*p["range"])) if limited else 'limited="false"')
            lines += body_open(body, local, "      ", jattr, quat_axis=rot)
            lines += ["        " + g for g in sh.lines]
            lines.append("      </body>")
            rec = {"body": body, "joint": joint, "type": jt, "range": [r5(v) for v in p["range"]]}
            for k, v in p.get("ends", {}).items():
                rec[k] = r5(v)
            out_parts[name] = rec
            wpos = [pos[i] + local[i] for i in range(3)]
            world_parts[name] = {"min": [pos[i] + plo[i] for i in range(3)], "max": [pos[i] + phi[i] for i in range(3)]}
            joints[name] = {"type": jt, "axis": list(axis), "value": value}
            body_pos[body] = wpos
            masses[body] = sh.mass
            bodies.append(body)
            geoms += sh.count
            for i in range(3):
                lo[i] = min(lo[i], plo[i])
                hi[i] = max(hi[i], phi[i])
            for aname, (kind, alo, ahi) in p.get("anchors", {}).items():
                anchors[aname] = anchor(kind, body, alo, ahi)
                world[aname] = shift_box(alo, ahi, wpos)
        lines.append("    </body>")
        return {"xml": lines, "extent": {"min": [r5(v) for v in lo], "max": [r5(v) for v in hi]}, "anchors": anchors,
                "parts": out_parts, "equality": equality, "bodies": bodies, "free": [], "masses": masses, "geoms": geoms,
                "world": {"extent": shift_box(lo, hi, pos), "anchors": world, "parts": world_parts, "body_pos": body_pos,
                          "joints": joints}}
    return emit


@asset("basket")
def basket(o, rng, s):
    return _container(o, rng, s, 0.065)


@asset("bin")
def bin_asset(o, rng, s):
    return _container(o, rng, s, 0.075)


@asset("container")
def container(o, rng, s):
    return _container(o, rng, s, 0.07)


@asset("tray")
def tray(o, rng, s):
    return _container(o, rng, s, 0.03, spread_h=0.1)


@asset("caddy")
def caddy(o, rng, s):
    return _container(o, rng, s, 0.07, compartments=2)


# ---------------------------------------------------------------- fixtures

def _part(name, shape, local, jt, axis, value, rng_, ends=None, anchors=None, **kw):
    d = {"name": name, "shape": shape, "local": local, "type": jt, "axis": axis, "value": value, "range": rng_,
         "ends": ends or {}, "anchors": anchors or {}}
    d.update(kw)
    return d


def _legged(o, rng, s, top_h, hx, hy, t, leg, kind):
    rgba = obj_rgba(o, FIXTURE_BODY_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("top", [-hx, -hy, top_h - t], [hx, hy, top_h], rgba)
    for i, (sx, sy) in enumerate(((-1, -1), (1, -1), (-1, 1), (1, 1))):
        x, y = sx * (hx - leg), sy * (hy - leg)
        sh.box("leg_%d" % i, [x - leg, y - leg, 0.0], [x + leg, y + leg, top_h - t], rgba)
    under = ("under", [-hx + 2 * leg, -hy + 2 * leg, 0.0], [hx - 2 * leg, hy - 2 * leg, top_h - t])
    return {"footprint": [hx, hy], "height": top_h,
            "emit": fixed_object(o, [sh], ([-hx, -hy, top_h - t], [hx, hy, top_h]), {"under": under})}


@asset("table")
def table(o, rng, s):
    f = obj_size(o)
    top_h = rng.uniform(0.25, 0.3) * s * f
    hx, hy = dim(rng, 0.25, s, f, 0.12), dim(rng, 0.175, s, f, 0.12)
    return _legged(o, rng, s, top_h, hx, hy, 0.02 * s * f, 0.015 * s * f, "table")


@asset("shelf")
def shelf(o, rng, s):
    f = obj_size(o)
    top_h = rng.uniform(0.15, 0.2) * s * f
    hx, hy = dim(rng, 0.16, s, f, 0.15), dim(rng, 0.1, s, f, 0.15)
    return _legged(o, rng, s, top_h, hx, hy, 0.015 * s * f, 0.01 * s * f, "shelf")


@asset("wall")
def wall(o, rng, s):
    f = obj_size(o)
    hx, hy, h = dim(rng, 0.2, s, f, 0.2), 0.01 * s * f, dim(rng, 0.08, s, f, 0.2)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("geom", [-hx, -hy, 0.0], [hx, hy, h], obj_rgba(o, FIXTURE_BODY_RGBA))
    return {"footprint": [hx, hy], "height": h, "emit": fixed_object(o, [sh], ([-hx, -hy, h - 0.002 * s], [hx, hy, h]))}


@asset("rack")
def rack(o, rng, s):
    f = obj_size(o)
    hx, hy, t = dim(rng, 0.12, s, f, 0.15), dim(rng, 0.05, s, f, 0.15), 0.012 * s * f
    rgba = obj_rgba(o, FIXTURE_BODY_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("base", [-hx, -hy, 0.0], [hx, hy, t], rgba)
    pw, ph = 0.006 * s * f, dim(rng, 0.08, s, f, 0.15)
    for k in range(3):
        x = (k - 1) * hx * 0.6
        sh.box("peg_%d" % k, [x - pw, -pw, t], [x + pw, pw, t + ph], METAL_RGBA)
    return {"footprint": [hx, hy], "height": t + ph, "emit": fixed_object(o, [sh], ([-hx, -hy, 0.0], [hx, hy, t]))}


def drawer_names(n):
    return ["drawer"] if n <= 1 else (["drawer_top", "drawer_bottom"] if n == 2 else ["drawer_top", "drawer_middle", "drawer_bottom"])


@asset("cabinet")
def cabinet(o, rng, s):
    f = obj_size(o)
    n = max(1, min(3, int(param(o, "drawers", 1))))
    names = drawer_names(n)
    hx = dim(rng, 0.15, s, f, 0.1)        # half width (x)
    hy = dim(rng, 0.14, s, f, 0.08)       # half depth (y); the front faces -y
    slot = dim(rng, 0.08, s, f, 0.06)     # height of one drawer opening
    t = 0.012 * s * f                     # wall / divider thickness
    plinth = 0.02 * s * f
    gap = 0.003 * s * f
    h = plinth + n * slot + (n - 1) * t + t
    rgba = obj_rgba(o, FIXTURE_BODY_RGBA)
    oid = o["id"]
    sh = Shape(o, oid, STATIC_CONTACT)
    sh.box("base", [-hx, -hy, 0.0], [hx, hy, plinth], rgba)
    sh.box("top", [-hx, -hy, h - t], [hx, hy, h], rgba)
    sh.box("back", [-hx + t, hy - t, plinth], [hx - t, hy, h - t], rgba)
    sh.box("left", [-hx, -hy, plinth], [-hx + t, hy, h - t], rgba)
    sh.box("right", [hx - t, -hy, plinth], [hx, hy, h - t], rgba)
    # Drawer slots from the top down; a divider between neighbouring slots.
    slots = []
    for k in range(n):
        z_hi = h - t - k * (slot + t)
        slots.append((z_hi - slot, z_hi))
        if k < n - 1:
            sh.box("divider_%d" % k, [-hx + t, -hy, z_hi - slot - t], [hx - t, hy - t, z_hi - slot], rgba)
    dw, dd = hx - t - gap, hy - t / 2 - gap   # drawer half width / half depth
    travel = 2 * dd * 0.82
    part_rgba = PART_RGBA if not o.get("rgba") else tuple(min(1.0, c * 1.15) for c in rgba[:3]) + (1.0,)
    makers = []
    for k, name in enumerate(names):
        z0, z1 = slots[k]

        def make(state, name=name, z0=z0, z1=z1):
            value = state.get(name, 0.0)
            dh = (z1 - z0 - 2 * gap) / 2              # drawer half height
            ds = Shape(o, oid + "_" + name, PART_CONTACT)
            tb, tw = 0.006 * s * f, 0.006 * s * f
            wall_top = -dh + 0.8 * 2 * dh
            ds.box("bottom", [-dw, -dd, -dh], [dw, dd, -dh + tb], part_rgba)
            ds.box("back", [-dw, dd - tw, -dh + tb], [dw, dd, wall_top], part_rgba)
            ds.box("left", [-dw, -dd + tw, -dh + tb], [-dw + tw, dd - tw, wall_top], part_rgba)
            ds.box("right", [dw - tw, -dd + tw, -dh + tb], [dw, dd - tw, wall_top], part_rgba)
            ds.box("front", [-dw, -dd, -dh + tb], [dw, -dd + tw, dh], part_rgba)
            reach, post = 0.03 * s * f, 0.008 * s * f
            bar = 0.35 * dw
            ds.box("handle_post_left", [-bar, -dd - reach + post, -post / 2], [-bar + post, -dd, post / 2], HANDLE_RGBA)
            ds.box("handle_post_right", [bar - post, -dd - reach + post, -post / 2], [bar, -dd, post / 2], HANDLE_RGBA)
            ds.box("handle_bar", [-bar, -dd - reach, -post / 2], [bar, -dd - reach + post, post / 2], HANDLE_RGBA)
            cavity = ("cavity", [-dw + tw, -dd + tw, -dh + tb], [dw - tw, dd - tw, wall_top])
            # The drawer front is flush with the cabinet front; its back stops short of the back wall.
            local = [0.0, -hy + dd, (z0 + z1) / 2]
            mass = max(ds.mass, 1e-3)
            return _part(name, ds, local, "slide", [0.0, -1.0, 0.0], value, [0.0, travel],
                         {"closed": 0.0, "open": travel}, {name: cavity},
                         damping=8.0 * mass, frictionloss=0.25 * mass * 9.81 + 0.02 * s, armature=0.0)
        makers.append(make)
    # The drawers slide out toward -y: that floor must stay clear.
    reserve = [-hx, -hy - travel - 0.05 * s, hx, hy]
    return {"footprint": [hx, hy], "height": h, "reserve": reserve, "drawer_travel": travel,
            "emit": fixed_object(o, [sh], ([-hx, -hy, h - t], [hx, hy, h]), None, makers)}


@asset("microwave")
def microwave(o, rng, s):
    f = obj_size(o)
    hx, hy, h = dim(rng, 0.16, s, f, 0.1), dim(rng, 0.12, s, f, 0.1), dim(rng, 0.16, s, f, 0.1)
    t = 0.01 * s * f
    rgba = obj_rgba(o, (0.85, 0.85, 0.85, 1.0))
    oid = o["id"]
    sh = Shape(o, oid, STATIC_CONTACT)
    sh.box("bottom", [-hx, -hy, 0.0], [hx, hy, t], rgba)
    sh.box("top", [-hx, -hy, h - t], [hx, hy, h], rgba)
    sh.box("back", [-hx + t, hy - t, t], [hx - t, hy, h - t], rgba)
    sh.box("left", [-hx, -hy, t], [-hx + t, hy, h - t], rgba)
    sh.box("right", [hx - t, -hy, t], [hx, hy, h - t], rgba)
    dt = 0.012 * s * f
    width = 2 * hx

    def make(state):
        value = state.get("door", 0.0)
        ds = Shape(o, oid + "_door", PART_CONTACT)
        # Body frame on the hinge (left front edge); the panel runs along +x in front of the opening.
        lift = 0.003 * s
        ds.box("panel", [0.0, -dt, 0.0], [width, 0.0, h - 2 * lift], GLASS_RGBA)
        ds.box("frame", [width - 0.03 * s * f, -dt, 0.0], [width, 0.0, h - 2 * lift], rgba)
        ds.box("handle", [width - 0.025 * s * f, -dt - 0.025 * s * f, 0.3 * h], [width - 0.012 * s * f, -dt, 0.7 * h], HANDLE_RGBA)
        inertia = max(ds.mass, 1e-3) * width * width / 3.0
        # Opening swings the free edge toward -y: a rotation about -z.
        return _part("door", ds, [-hx, -hy, lift], "hinge", [0.0, 0.0, -1.0], value, [0.0, 1.75],
                     {"closed": 0.0, "open": 1.5708}, damping=inertia / 0.15, frictionloss=inertia * 5.0 + 0.002 * s, armature=0.0)
    inside = ("cavity", [-hx + t, -hy, t], [hx - t, hy - t, h - t])
    reserve = [-hx - 0.03 * s, -hy - width - 0.04 * s, hx, hy]
    return {"footprint": [hx, hy], "height": h, "reserve": reserve,
            "emit": fixed_object(o, [sh], ([-hx, -hy, h - t], [hx, hy, h]), {"inside": inside}, [make])}


def _knob_part(o, name, local, r, hz, s, f, value, ends, rng_, rgba, limited=True, contact=PART_CONTACT):
    ks = Shape(o, o["id"] + "_" + name, contact)
    ks.cylinder("cap", [0.0, 0.0, hz], r, hz, rgba)
    p = 0.25 * r
    ks.box("pointer", [0.0, -p, 2 * hz], [0.95 * r, p, 2 * hz + p], HANDLE_RGBA)
    inertia = max(ks.mass, 1e-4) * r * r / 2
    return _part(name, ks, local, "hinge", [0.0, 0.0, 1.0], value, rng_, ends, limited=limited,
                 damping=inertia / 0.05 + 1e-5, frictionloss=inertia * 20 + 1e-4 * s, armature=1e-5 * s)


@asset("stove")
def stove(o, rng, s):
    f = obj_size(o)
    hx, hy, h = dim(rng, 0.15, s, f, 0.1), dim(rng, 0.12, s, f, 0.1), dim(rng, 0.08, s, f, 0.15)
    rgba = obj_rgba(o, (0.25, 0.25, 0.27, 1.0))
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("body", [-hx, -hy, 0.0], [hx, hy, h], rgba)
    br = 0.05 * s * f
    sh.box("burner", [-0.5 * hx - br, 0.2 * hy - br, h], [-0.5 * hx + br, 0.2 * hy + br, h + 0.003 * s * f], (0.1, 0.1, 0.1, 1.0))
    sh.box("burner_2", [0.5 * hx - br, 0.2 * hy - br, h], [0.5 * hx + br, 0.2 * hy + br, h + 0.003 * s * f], (0.1, 0.1, 0.1, 1.0))
    kr, kz = 0.018 * s * f, 0.01 * s * f

    def make(state):
        return _knob_part(o, "knob", [0.6 * hx, -hy + 0.035 * s * f, h], kr, kz, s, f, state.get("knob", 0.0),
                          {"off": 0.0, "on": 1.5708}, [0.0, 1.5708], (0.9, 0.9, 0.9, 1.0))
    return {"footprint": [hx, hy], "height": h,
            "emit": fixed_object(o, [sh], ([-hx, -0.1 * hy, h - 0.003 * s], [hx, hy, h]), None, [make])}


@asset("knob")
def knob(o, rng, s):
    f = obj_size(o)
    hb, hz = dim(rng, 0.035, s, f, 0.15), dim(rng, 0.02, s, f, 0.2)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("base", [-hb, -hb, 0.0], [hb, hb, 2 * hz], obj_rgba(o, FIXTURE_BODY_RGBA))
    kr, kz = dim(rng, 0.02, s, f, 0.15), 0.012 * s * f

    def make(state):
        return _knob_part(o, "knob", [0.0, 0.0, 2 * hz], kr, kz, s, f, state.get("knob", 0.0),
                          {"off": 0.0, "on": 1.5708}, [0.0, 1.5708], (0.9, 0.9, 0.9, 1.0))
    return {"footprint": [hb, hb], "height": 2 * hz + 2 * kz,
            "emit": fixed_object(o, [sh], ([-hb, -hb, 2 * hz - 0.002 * s], [hb, hb, 2 * hz]), None, [make])}


@asset("dial")
def dial(o, rng, s):
    f = obj_size(o)
    hb, hz = dim(rng, 0.045, s, f, 0.15), dim(rng, 0.015, s, f, 0.2)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("base", [-hb, -hb, 0.0], [hb, hb, 2 * hz], obj_rgba(o, FIXTURE_BODY_RGBA))
    kr, kz = 0.8 * hb, 0.008 * s * f

    def make(state):
        return _knob_part(o, "dial", [0.0, 0.0, 2 * hz], kr, kz, s, f, state.get("dial", 0.0), {},
                          [-2 * math.pi, 2 * math.pi], (0.85, 0.85, 0.88, 1.0), limited=False)
    return {"footprint": [hb, hb], "height": 2 * hz + 2 * kz,
            "emit": fixed_object(o, [sh], ([-hb, -hb, 2 * hz - 0.002 * s], [hb, hb, 2 * hz]), None, [make])}


@asset("faucet")
def faucet(o, rng, s):
    f = obj_size(o)
    hb = dim(rng, 0.04, s, f, 0.15)
    ch = dim(rng, 0.12, s, f, 0.15)
    cw = 0.012 * s * f
    rgba = obj_rgba(o, METAL_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("base", [-hb, -hb, 0.0], [hb, hb, 0.01 * s * f], rgba)
    sh.box("column", [-cw, -cw, 0.01 * s * f], [cw, cw, ch], rgba)
    reach = dim(rng, 0.07, s, f, 0.15)
    sh.box("spout", [-cw, -reach, ch - 2 * cw], [cw, -cw, ch], rgba)
    sh.box("spout_tip", [-cw, -reach, ch - 4 * cw], [cw, -reach + 2 * cw, ch - 2 * cw], rgba)
    lever = 0.05 * s * f

    def make(state):
        hs = Shape(o, o["id"] + "_handle", PART_CONTACT)
        hs.box("hub", [-cw, -cw, 0.0], [cw, cw, 0.015 * s * f], rgba)
        hs.box("lever", [0.0, -0.004 * s * f, 0.005 * s * f], [lever, 0.004 * s * f, 0.013 * s * f], HANDLE_RGBA)
        inertia = max(hs.mass, 1e-4) * lever * lever / 3
        return _part("handle", hs, [0.0, 0.0, ch], "hinge", [0.0, 0.0, 1.0], state.get("handle", 0.0), [0.0, 1.5708],
                     {"off": 0.0, "on": 1.5708}, damping=inertia / 0.05 + 1e-5, frictionloss=inertia * 20 + 1e-4 * s, armature=1e-5 * s)
    return {"footprint": [hb, max(hb, reach)], "height": ch + 0.015 * s * f, "reserve": [-lever - 0.02 * s, -reach, lever + 0.02 * s, lever + 0.02 * s],
            "emit": fixed_object(o, [sh], ([-hb, -hb, 0.0], [hb, hb, 0.01 * s * f]), None, [make])}


@asset("button")
def button(o, rng, s):
    f = obj_size(o)
    side = param(o, "direction", "top") == "side"
    hb = dim(rng, 0.04, s, f, 0.15)
    h = dim(rng, 0.08 if side else 0.035, s, f, 0.15)
    r = dim(rng, 0.016, s, f, 0.15)
    travel = 0.012 * s * f
    cap = 0.016 * s * f                   # cap height (it protrudes this much at rest)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("housing", [-hb, -hb, 0.0], [hb, hb, h], obj_rgba(o, (0.3, 0.3, 0.32, 1.0)))
    cap_rgba = (0.85, 0.15, 0.12, 1.0) if not o.get("rgba") else tuple(o["rgba"])

    def make(state):
        cs = Shape(o, o["id"] + "_button", PART_CONTACT)
        if side:
            # On the front face, pressed toward +y.
            cs.cylinder("cap", [0.0, -cap / 2, 0.0], r, cap / 2, cap_rgba, axis="y")
            local, axis = [0.0, -hb, h / 2], [0.0, 1.0, 0.0]
        else:
            cs.cylinder("cap", [0.0, 0.0, cap / 2], r, cap / 2, cap_rgba)
            local, axis = [0.0, 0.0, h], [0.0, 0.0, -1.0]
        mass = max(cs.mass, 1e-4)
        # Friction holds the cap wherever it is left (against its own weight when pressed from the top).
        return _part("button", cs, local, "slide", axis, state.get("button", 0.0), [0.0, travel],
                     {"rest": 0.0, "pressed": travel}, damping=20.0 * mass + 0.05, frictionloss=3.0 * mass * 9.81 + 0.02, armature=0.0)
    top = ([-hb, -hb, h - 0.002 * s], [hb, hb, h])
    return {"footprint": [hb, hb], "height": h + (0 if side else cap),
            "emit": fixed_object(o, [sh], top, None, [make])}


@asset("window")
def window(o, rng, s):
    f = obj_size(o)
    w = dim(rng, 0.12, s, f, 0.15)       # half width of the opening (the sash covers the left half of the frame)
    h = dim(rng, 0.22, s, f, 0.15)
    p, d = 0.015 * s * f, 0.02 * s * f
    sill = 0.03 * s * f
    rgba = obj_rgba(o, (0.92, 0.92, 0.9, 1.0))
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("sill", [-2 * w - p, -d, 0.0], [2 * w + p, d, sill], rgba)
    sh.box("lintel", [-2 * w - p, -d, sill + h], [2 * w + p, d, sill + h + p], rgba)
    sh.box("post_left", [-2 * w - p, -d, sill], [-2 * w, d, sill + h], rgba)
    sh.box("post_right", [2 * w, -d, sill], [2 * w + p, d, sill + h], rgba)
    sh.box("pane_fixed", [0.0, 0.3 * d, sill], [2 * w, 0.6 * d, sill + h], GLASS_RGBA)
    travel = 2 * w * 0.92

    def make(state):
        ss = Shape(o, o["id"] + "_sash", PART_CONTACT)
        t = 0.006 * s * f
        ss.box("pane", [-w, -t, -h / 2], [w, t, h / 2], GLASS_RGBA)
        ss.box("stile", [-w, -t - 0.002 * s, -h / 2], [-w + 0.012 * s * f, t + 0.002 * s, h / 2], rgba)
        ss.box("grip", [-w + 0.015 * s * f, -t - 0.02 * s * f, -0.1 * h], [-w + 0.027 * s * f, -t, 0.1 * h], HANDLE_RGBA)
        mass = max(ss.mass, 1e-3)
        return _part("sash", ss, [-w, -0.4 * d, sill + h / 2], "slide", [1.0, 0.0, 0.0], state.get("sash", 0.0), [0.0, travel],
                     {"closed": 0.0, "open": travel}, damping=8.0 * mass, frictionloss=0.3 * mass * 9.81 + 0.02 * s, armature=0.0)
    return {"footprint": [2 * w + p, d], "height": sill + h + p, "reserve": [-2 * w - p, -d - 0.06 * s, 2 * w + p, d + 0.03 * s],
            "emit": fixed_object(o, [sh], ([-2 * w - p, -d, sill + h], [2 * w + p, d, sill + h + p]), None, [make])}


@asset("door")
def door(o, rng, s):
    f = obj_size(o)
    w = dim(rng, 0.1, s, f, 0.15)        # half width of the panel
    h = dim(rng, 0.3, s, f, 0.15)
    post, t, gap = 0.015 * s * f, 0.015 * s * f, 0.008 * s * f
    rgba = obj_rgba(o, FIXTURE_BODY_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    inner = w + gap
    top = gap + h + gap
    sh.box("post_left", [-inner - 2 * post, -post, 0.0], [-inner, post, top + 2 * post], rgba)
    sh.box("post_right", [inner, -post, 0.0], [inner + 2 * post, post, top + 2 * post], rgba)
    sh.box("lintel", [-inner, -post, top], [inner, post, top + 2 * post], rgba)

    def make(state):
        ds = Shape(o, o["id"] + "_door", PART_CONTACT)
        ds.box("panel", [0.0, -t / 2, 0.0], [2 * w, t / 2, h], PART_RGBA)
        ds.box("handle", [2 * w - 0.05 * s * f, -t / 2 - 0.03 * s * f, 0.45 * h], [2 * w - 0.03 * s * f, -t / 2, 0.55 * h], HANDLE_RGBA)
        inertia = max(ds.mass, 1e-3) * 4 * w * w / 3.0
        return _part("door", ds, [-w, 0.0, gap], "hinge", [0.0, 0.0, -1.0], state.get("door", 0.0), [0.0, 1.75],
                     {"closed": 0.0, "open": 1.5708}, damping=inertia / 0.15, frictionloss=inertia * 5.0 + 0.002 * s, armature=0.0)
    return {"footprint": [inner + 2 * post, post], "height": top + 2 * post,
            "reserve": [-inner - 2 * post, -2 * w - 0.05 * s, inner + 2 * post, 0.05 * s],
            "emit": fixed_object(o, [sh], ([-inner, -post, top + post], [inner, post, top + 2 * post]), None, [make])}


@asset("socket")
def socket(o, rng, s):
    f = obj_size(o)
    side = param(o, "orientation", "top") == "side"
    fit = o.get("_fit") or 0.01 * s * f      # half width of the peg it takes
    c = 0.002 * s                            # clearance per side
    a = fit + c
    rgba = obj_rgba(o, FIXTURE_BODY_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    if side:
        hx, hy, h = dim(rng, 0.045, s, f, 0.15), dim(rng, 0.05, s, f, 0.1), dim(rng, 0.07, s, f, 0.15)
        zc = max(h / 2, a + 0.015 * s)
        back = 0.01 * s * f
        # A horizontal square hole from the front face (-y) to near the back.
        sh.box("left", [-hx, -hy, 0.0], [-a, hy, h], rgba)
        sh.box("right", [a, -hy, 0.0], [hx, hy, h], rgba)
        sh.box("below", [-a, -hy, 0.0], [a, hy, zc - a], rgba)
        sh.box("above", [-a, -hy, zc + a], [a, hy, h], rgba)
        sh.box("back", [-a, hy - back, zc - a], [a, hy, zc + a], rgba)
        hole = ("hole", [-a, -hy, zc - a], [a, hy - back, zc + a], {"axis": [0.0, 1.0, 0.0]})
    else:
        hx, hy, h = dim(rng, 0.04, s, f, 0.15), dim(rng, 0.04, s, f, 0.15), dim(rng, 0.05, s, f, 0.15)
        floor_t = 0.01 * s * f
        sh.box("floor", [-hx, -hy, 0.0], [hx, hy, floor_t], rgba)
        sh.box("left", [-hx, -hy, floor_t], [-a, hy, h], rgba)
        sh.box("right", [a, -hy, floor_t], [hx, hy, h], rgba)
        sh.box("front", [-a, -hy, floor_t], [a, -a, h], rgba)
        sh.box("back", [-a, a, floor_t], [a, hy, h], rgba)
        hole = ("hole", [-a, -a, floor_t], [a, a, h], {"axis": [0.0, 0.0, -1.0]})
    return {"footprint": [hx, hy], "height": h, "side": side,
            "reserve": [-hx, -hy - (0.14 * s if side else 0.0), hx, hy],
            "emit": fixed_object(o, [sh], ([-hx, -hy, h - 0.002 * s], [hx, hy, h]), {"hole": hole})}


@asset("gear")
def gear(o, rng, s):
    f = obj_size(o)
    r = dim(rng, 0.05, s, f, 0.25)          # pitch radius
    hz = 0.006 * s * f
    axle_h = dim(rng, 0.04, s, f, 0.1)
    teeth = max(10, int(round(r / (0.008 * s * f))))
    rgba = obj_rgba(o, METAL_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    hb = 0.02 * s * f
    sh.box("base", [-hb, -hb, 0.0], [hb, hb, 0.008 * s * f], FIXTURE_BODY_RGBA)
    sh.box("axle", [-0.005 * s * f, -0.005 * s * f, 0.008 * s * f], [0.005 * s * f, 0.005 * s * f, axle_h + 2 * hz + 0.004 * s], METAL_RGBA)
    add = 0.08 * r

    def make(state):
        gs = Shape(o, o["id"] + "_gear", GEAR_CONTACT)
        gs.disc("disc", [0.0, 0.0, hz], r - add, hz, rgba)
        for k in range(teeth):
            a = 2 * math.pi * (k + (0.5 if o.get("_phase") else 0.0)) / teeth
            x, y = r * math.cos(a), r * math.sin(a)
            tw = math.pi * r / teeth * 0.45
            gs.box("tooth_%d" % k, [x - add, y - tw, 0.0], [x + add, y + tw, 2 * hz], rgba, yaw=a)
        gs.box("mark", [0.3 * r, -0.004 * s * f, 2 * hz], [0.8 * r, 0.004 * s * f, 2 * hz + 0.002 * s * f], HANDLE_RGBA)
        inertia = max(gs.mass, 1e-4) * r * r / 2
        return _part("gear", gs, [0.0, 0.0, axle_h], "hinge", [0.0, 0.0, 1.0], state.get("gear", 0.0),
                     [-2 * math.pi, 2 * math.pi], {}, limited=False,
                     damping=inertia / 0.05 + 1e-5, frictionloss=inertia * 20 + 1e-4 * s, armature=1e-5 * s)
    return {"footprint": [r + add, r + add], "height": axle_h + 2 * hz, "pitch_radius": r,
            "emit": fixed_object(o, [sh], ([-hb, -hb, 0.0], [hb, hb, 0.008 * s * f]), None, [make])}


@asset("crank")
def crank(o, rng, s):
    f = obj_size(o)
    hb = dim(rng, 0.035, s, f, 0.15)
    axle_h = dim(rng, 0.06, s, f, 0.15)
    arm = dim(rng, 0.08, s, f, 0.15)
    rgba = obj_rgba(o, METAL_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("base", [-hb, -hb, 0.0], [hb, hb, axle_h], FIXTURE_BODY_RGBA)

    def make(state):
        cs = Shape(o, o["id"] + "_crank", PART_CONTACT)
        t = 0.008 * s * f
        cs.box("hub", [-1.5 * t, -1.5 * t, 0.0], [1.5 * t, 1.5 * t, 2 * t], rgba)
        cs.box("arm", [0.0, -t, 0.0], [arm, t, t], rgba)
        cs.cylinder("grip", [arm - t, 0.0, t + 0.02 * s * f], t, 0.02 * s * f, HANDLE_RGBA)
        inertia = max(cs.mass, 1e-4) * arm * arm / 3
        return _part("crank", cs, [0.0, 0.0, axle_h], "hinge", [0.0, 0.0, 1.0], state.get("crank", 0.0),
                     [-2 * math.pi, 2 * math.pi], {}, limited=False,
                     damping=inertia / 0.05 + 1e-5, frictionloss=inertia * 20 + 1e-4 * s, armature=1e-5 * s)
    return {"footprint": [max(hb, arm), max(hb, arm)], "height": axle_h + 0.05 * s * f,
            "emit": fixed_object(o, [sh], ([-hb, -hb, axle_h - 0.002 * s], [hb, hb, axle_h]), None, [make])}


@asset("coffee_machine")
def coffee_machine(o, rng, s):
    f = obj_size(o)
    hx = dim(rng, 0.09, s, f, 0.1)
    depth = dim(rng, 0.2, s, f, 0.1)
    h = dim(rng, 0.3, s, f, 0.08)
    col = 0.07 * s * f                   # depth of the back column
    head = 0.06 * s * f                  # thickness of the overhanging head
    clear = max(0.15 * s, h - head)      # free height under the head: a mug fits
    h = clear + head
    rgba = obj_rgba(o, (0.2, 0.2, 0.22, 1.0))
    hy = depth / 2
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("column", [-hx, hy - col, 0.0], [hx, hy, h], rgba)
    sh.box("head", [-hx, -hy, clear], [hx, hy - col, h], rgba)
    sh.box("spout", [-0.012 * s * f, -0.3 * hy - 0.012 * s * f, clear - 0.02 * s * f], [0.012 * s * f, -0.3 * hy + 0.012 * s * f, clear], METAL_RGBA)
    under = ("under", [-hx, -hy, 0.0], [hx, hy - col, clear - 0.02 * s * f])
    return {"footprint": [hx, hy], "height": h,
            "emit": fixed_object(o, [sh], ([-hx, -hy, h - 0.002 * s], [hx, hy, h]), {"under": under})}


# ---------------------------------------------------------------- fixtures of the catalogue presets

@asset("platform")
def platform(o, rng, s):
    f = obj_size(o)
    hx, hy, h = dim(rng, 0.1, s, f, 0.2), dim(rng, 0.1, s, f, 0.2), dim(rng, 0.08, s, f, 0.25)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("geom", [-hx, -hy, 0.0], [hx, hy, h], obj_rgba(o, FIXTURE_BODY_RGBA))
    return {"footprint": [hx, hy], "height": h, "emit": fixed_object(o, [sh], ([-hx, -hy, h - 0.002 * s], [hx, hy, h]))}


@asset("ramp")
def ramp(o, rng, s):
    """An incline rising toward -x, a flat top at its high end, a run-out on the floor at its low end (+x) and a
    backstop closing the run-out."""
    f = obj_size(o)
    length, hy = dim(rng, 0.25, s, f, 0.15), dim(rng, 0.07, s, f, 0.15)
    angle = rng.uniform(0.25, 0.4)
    t = 0.01 * s * f
    h = length * math.sin(angle)
    run = length * math.cos(angle)
    top_len, runout = 0.08 * s * f, dim(rng, 0.12, s, f, 0.15)
    rgba = obj_rgba(o, FIXTURE_BODY_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    x0 = -run / 2                      # high end
    sh.box("top", [x0 - top_len, -hy, 0.0], [x0, hy, h], rgba)
    # The incline: a slab whose top face runs from (x0, h) down to (x0 + run, 0).
    cx, cz = x0 + run / 2 - t / 2 * math.sin(angle), h / 2 - t / 2 * math.cos(angle)
    sh.lines.append('<geom name="%s_incline" type="box" pos="%s" size="%s" euler="0 %s 0" %s/>' % (
        o["id"], vec(cx, 0.0, cz), vec(length / 2, hy, t / 2), fmt(angle), sh._attrs(rgba, None, None, False)))
    sh.grow([x0, -hy, 0.0], [x0 + run, hy, h])
    sh.count += 1
    sh.box("runout", [x0 + run, -hy, 0.0], [x0 + run + runout, hy, 0.004 * s * f], rgba)
    sh.box("backstop", [x0 + run + runout, -hy, 0.0], [x0 + run + runout + t, hy, 0.05 * s * f], rgba)
    lo, hi = [x0 - top_len, -hy, 0.0], [x0 + run + runout + t, hy, h]
    shift = -(lo[0] + hi[0]) / 2
    return {"footprint": [(hi[0] - lo[0]) / 2, hy], "height": h, "reserve": [lo[0], -hy, hi[0], hy],
            "emit": fixed_object(o, [sh], ([x0 - top_len, -hy, h - 0.002 * s], [x0, hy, h]),
                                 {"runout": ("surface", [x0 + run, -hy, 0.0], [x0 + run + runout, hy, 0.004 * s * f])})}


@asset("lever")
def lever(o, rng, s):
    """A beam on a fulcrum (a hinge about y), with a lip at each end. The pivot sits at `_fulcrum` of the beam's length
    from its left end (variation range "<id>.fulcrum"; 0.5 by default). The beam's own centre of mass is placed so
    that beam and load balance as the scene starts (the load: what the layout puts on its end anchors), so it stays
    level until a load is moved; moved, the beam tips onto the heavier side, where its lip holds the load."""
    f = obj_size(o)
    hl, hw, ht = dim(rng, 0.18, s, f, 0.15), 0.025 * s * f, 0.008 * s * f
    fh = dim(rng, 0.06, s, f, 0.15)
    frac = o.get("_fulcrum", 0.5)
    rgba = obj_rgba(o, FIXTURE_BODY_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("fulcrum", [-0.02 * s * f, -hw, 0.0], [0.02 * s * f, hw, fh], rgba)
    x0, x1 = -2 * hl * frac, 2 * hl * (1.0 - frac)   # the beam's ends, from the pivot
    # Tilting onto either end never reaches the floor (and stays gentle: a load on the low end rests against the lip).
    limit = min(0.1, 0.9 * math.asin(min(0.9, fh / max(-x0, x1))))
    lip_w, lip_h = 0.006 * s * f, 0.014 * s * f
    loads = o.get("_load") or {}
    # End anchors as long as what stands on them (or 5 cm), from the lip inwards.
    reach = dict((end, 2 * loads[end][1] + 0.0005 * s if end in loads else 0.05 * s * f) for end in ("end_left", "end_right"))
    ends = {"end_left": (x0 + lip_w, x0 + lip_w + reach["end_left"]), "end_right": (x1 - lip_w - reach["end_right"], x1 - lip_w)}

    def make(state):
        bs = Shape(o, o["id"] + "_beam", PART_CONTACT)
        bs.box("plank", [x0, -hw, -ht], [x1, hw, ht], PART_RGBA)
        bs.box("lip_left", [x0, -hw, ht], [x0 + lip_w, hw, ht + lip_h], PART_RGBA)
        bs.box("lip_right", [x1 - lip_w, -hw, ht], [x1, hw, ht + lip_h], PART_RGBA)
        mass = max(bs.mass, 1e-3)
        moment = sum(m * (ends[end][0] + ends[end][1]) / 2 for end, (m, _) in loads.items())
        xc = -moment / mass
        length = x1 - x0
        # Explicit inertia: the plank's, about its centre of mass at xc (MuJoCo then ignores the geoms' own).
        # (Inertias of a few grams of plank are below fmt()'s five decimals: printed to 6 significant digits.)
        bs.lines.append('<inertial pos="%s" mass="%s" diaginertia="%s"/>' % (
            vec(xc, 0.0, 0.0), "%.6e" % mass, " ".join("%.6e" % v for v in (
                mass * (4 * hw * hw + 4 * ht * ht) / 12, mass * (length * length + 4 * ht * ht) / 12, mass * (length * length + 4 * hw * hw) / 12))))
        inertia = mass * (length * length / 12 + xc * xc)
        anchors = dict((end, ("surface", [a, -hw, ht - 0.002 * s], [b, hw, ht])) for end, (a, b) in ends.items())
        anchors["beam"] = ("surface", [x0 + lip_w, -hw, ht - 0.002 * s], [x1 - lip_w, hw, ht])
        return _part("beam", bs, [0.0, 0.0, fh + ht], "hinge", [0.0, 1.0, 0.0], state.get("beam", 0.0), [-limit, limit], {},
                     anchors=anchors, damping=inertia / 0.1 + 1e-4, frictionloss=inertia * 2 + 1e-4 * s, armature=0.0)
    return {"footprint": [max(-x0, x1), hw], "height": fh + 2 * ht + lip_h, "reserve": [x0, -hw, x1, hw],
            "emit": fixed_object(o, [sh], ([-0.02 * s * f, -hw, fh - 0.002 * s], [0.02 * s * f, hw, fh]), None, [make])}


@asset("pendulum")
def pendulum(o, rng, s):
    """A bob on an arm hanging from an axle between two posts (a hinge about y: the arm swings in the x-z plane, the
    posts stand in front of and behind it). Unlike the other parts it swings back under gravity, except past upright:
    the joint stops the arm `stop` beyond upright on either side, where gravity holds it."""
    f = obj_size(o)
    arm, br = dim(rng, 0.18, s, f, 0.15), dim(rng, 0.025, s, f, 0.15)
    stop = rng.uniform(0.25, 0.45)
    post = 0.012 * s * f
    hy = br + 0.03 * s * f
    h = arm + 2 * br + 0.05 * s * f
    rgba = obj_rgba(o, FIXTURE_BODY_RGBA)
    sh = Shape(o, o["id"], STATIC_CONTACT)
    sh.box("post_front", [-post, -hy - 2 * post, 0.0], [post, -hy, h], rgba)
    sh.box("post_back", [-post, hy, 0.0], [post, hy + 2 * post, h], rgba)
    sh.box("axle", [-post, -hy - 2 * post, h], [post, hy + 2 * post, h + 2 * post], rgba)

    def make(state):
        ps = Shape(o, o["id"] + "_arm", PART_CONTACT)
        ps.box("rod", [-0.003 * s * f, -0.003 * s * f, -arm], [0.003 * s * f, 0.003 * s * f, 0.0], METAL_RGBA)
        ps.sphere("bob", [0.0, 0.0, -arm - br], br, obj_rgba(o, PART_RGBA) if o.get("rgba") else PART_RGBA)
        limit = math.pi + stop
        return _part("arm", ps, [0.0, 0.0, h + post], "hinge", [0.0, 1.0, 0.0], state.get("arm", 0.0),
                     [-limit, limit], {}, damping=0.0005 * s, frictionloss=0.0, armature=0.0)
    reach = arm + 2 * br
    return {"footprint": [reach, hy + 2 * post], "height": h + post + reach, "reserve": [-reach, -hy - 2 * post, reach, hy + 2 * post],
            "emit": fixed_object(o, [sh], ([-post, -hy - 2 * post, h + post], [post, hy + 2 * post, h + 2 * post]), None, [make])}
