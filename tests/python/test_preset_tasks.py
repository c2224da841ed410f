"""The twelve catalogue templates as presets: definition() carries the resolved task block (Benchgen.Tasks README §2).

Assembles every family template the way Coding/ScenarioCoder does (`# @include lib/X.py` lines replaced by the lib file,
then the three placeholders by Python string literals), with a realistic plan per family (ranges as each
Planning/<Family>Family.cs writes them), and checks for seeds 1..5 x scales 0.6/1.0/1.4:
  - the task block names the ids, kinds, initial predicates and goals of PresetCatalogue.FromPlan;
  - every body, part joint and anchor body it names exists in the MJCF, part ranges match the joints';
  - every extent equals the AABB of the body's geoms read back from the MJCF (world fixtures: their named geoms);
  - the initial predicates hold at t = 0 and the goal does not (where the geometry alone decides it).

Standard library only: python3 -m unittest discover -s tests/python -p 'test_preset_tasks.py'
"""
import json
import math
import re
import unittest
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = "services/Benchgen.Generation/Coding/Templates"
INCLUDE = re.compile(r"^# @include lib/(\w+)\.py$", re.M)
PLACEHOLDER = re.compile("__BENCHGEN_(?:PROMPT|PLAN|GENERATOR)__")
GENERATOR = "benchgen-generation/1.0"
SEEDS = range(1, 6)
SCALES = (0.6, 1.0, 1.4)
TIER_2 = ("drawer", "hinged_door", "lever", "pendulum")

WOOD = {"name": "wood", "density": 700.0, "friction": 0.6}
RED = [0.85, 0.15, 0.12, 1.0]
BLUE = [0.15, 0.35, 0.85, 1.0]


def spread(nominal):
    return [round(nominal * 0.6, 5), round(nominal * 1.4, 5)]


def centred(half):
    return [round(-half, 5), round(half, 5)]


RANGES = {
    "stack": lambda n: {
        "block_half_extent": spread(0.04), "block_half_height": spread(0.04), "stack_centre_x": centred(0.3),
        "stack_centre_y": centred(0.3), "goal_distance": [0.25, 0.45], "goal_half_extent": [0.06, 0.1],
        "forbid_half_extent": [0.06, 0.12], "stagger_fraction": [0.0, 0.0]},
    "pyramid": lambda n: {
        "block_half_extent": spread(0.04), "block_half_height": spread(0.04), "row_gap_fraction": [0.15, 0.35],
        "pyramid_centre_x": centred(0.4), "pyramid_centre_y": centred(0.4), "goal_distance": [0.25, 0.45],
        "goal_offset": centred(0.15), "goal_half_extent": [0.06, 0.1], "forbid_half_extent": [0.06, 0.12]},
    "container": lambda n: {
        "part_radius": spread(0.03), "part_spacing_fraction": [0.15, 0.4], "wall_margin_fraction": [0.3, 0.8],
        "wall_height_fraction": [1.2, 2.0], "container_centre_x": centred(0.3), "container_centre_y": centred(0.3),
        "goal_distance": [0.3, 0.5], "goal_half_extent": [0.06, 0.1], "forbid_half_extent": [0.06, 0.12]},
    "ramp": lambda n: {
        "ball_radius": spread(0.03), "ramp_length": [0.25, 0.45], "ramp_angle": [0.12, 0.32], "ramp_half_width": [0.06, 0.1],
        "runout_length": [0.05, 0.15], "goal_length": [0.1, 0.18], "forbid_half_extent": [0.04, 0.08],
        "ramp_centre_x": centred(0.4), "ramp_centre_y": centred(0.4)},
    "dominoes": lambda n: {
        "domino_half_thickness": spread(0.008), "domino_half_width": spread(0.025), "domino_half_height": spread(0.05),
        "spacing_fraction": [0.5, 0.75], "row_centre": centred(0.33156), "row_lateral": centred(0.33156),
        "goal_distance": [0.06, 0.15], "goal_half_extent": [0.06, 0.1], "forbid_half_extent": [0.05, 0.1]},
    "gap_bridge": lambda n: {
        "payload_half_extent": spread(0.03), "platform_height": [0.06, 0.14], "platform_length": [0.18, 0.3],
        "platform_half_width": [0.08, 0.14], "gap_width": [0.1, 0.25], "start_fraction": [0.3, 0.7],
        "goal_half_extent": [0.05, 0.09], "gap_centre_x": centred(0.4), "gap_centre_y": centred(0.4)},
    "sideways_transfer": lambda n: {
        "payload_half_extent": spread(0.03), "wall_half_thickness": [0.01, 0.03], "wall_height": [0.08, 0.2],
        "wall_half_length": [0.12, 0.25], "wall_clearance": [0.04, 0.12], "goal_half_extent": [0.05, 0.09],
        "lane_offset": [-0.6, 0.6], "wall_centre_x": centred(0.3), "wall_centre_y": centred(0.3)},
    "drawer": lambda n: {
        "cabinet_width": [0.24, 0.44], "cabinet_depth": [0.22, 0.38], "cabinet_height": [0.18, 0.34],
        "cabinet_x": centred(0.32), "cabinet_y": centred(0.32), "goal_open_fraction": [0.45, 0.65]},
    "lever": lambda n: {
        "beam_half_length": [0.22, 0.38], "tilt_ratio": [0.18, 0.32], "weight_half_extent": [0.025, 0.045],
        "lever_x": centred(0.28), "lever_y": centred(0.28)},
    "peg_in_hole": lambda n: {
        "peg_half_width": [0.018, 0.032], "peg_aspect": [1.6, 2.6], "clearance_fraction": [0.3, 0.5],
        "block_height_ratio": [1.1, 1.6], "block_wall": [0.03, 0.06], "block_x": centred(0.24), "block_y": centred(0.24),
        "peg_distance": [0.06, 0.2]},
    "pendulum": lambda n: {
        "arm_length": [0.18, 0.32], "bob_radius": [0.025, 0.045], "floor_clearance": [0.05, 0.12],
        "frame_x": centred(0.252), "frame_y": centred(0.252), "stop_angle": [0.25, 0.45]},
    "hinged_door": lambda n: {
        "door_width": [0.24, 0.42], "door_height": [0.35, 0.6], "door_x": centred(0.28), "door_y": centred(0.28),
        "goal_angle": [0.9, 1.2]},
}

WORKSPACE = {"stack": 0.6, "pyramid": 0.8, "container": 0.6, "ramp": 0.8, "dominoes": 0.66311, "gap_bridge": 0.8,
             "sideways_transfer": 0.6, "drawer": 0.8, "lever": 0.7, "peg_in_hole": 0.6, "pendulum": 0.7, "hinged_door": 0.7}

PAYLOAD = {"drawer": "drawer", "lever": "weight", "peg_in_hole": "peg", "pendulum": "bob", "hinged_door": "door"}
JOINTS = {"drawer": {"slide": 1}, "lever": {"hinge": 1}, "pendulum": {"hinge": 1}, "hinged_door": {"hinge": 1}}


def make_plan(family, count=1, shape="box", colour=None, rgba=None, adjustments=(), arrangement="default", ranges=None):
    prefix = {"stack": "block", "pyramid": "block", "dominoes": "domino",
              "container": "ball" if shape == "sphere" else "cube"}.get(family)
    if prefix:
        bodies = ["%s_%d" % (prefix, i) for i in range(count)]
    else:
        bodies = {"ramp": ["ball"], "gap_bridge": ["payload"], "sideways_transfer": ["payload"],
                  "lever": ["weight"], "peg_in_hole": ["peg"]}.get(family, [])
    payload = PAYLOAD.get(family) or (bodies[0] if family == "container" else bodies[-1])
    all_ranges = RANGES[family](count)
    all_ranges.update(ranges or {})
    return {
        "family": family, "count": count, "shape": shape, "size": "medium", "colour": colour, "rgba": rgba,
        "material": WOOD, "arrangement": arrangement, "workspace_half_extent": WORKSPACE[family],
        "ranges": dict(sorted(all_ranges.items())), "free_bodies": bodies, "payload_body": payload,
        "expected_joints": JOINTS.get(family, {}), "must_settle": family != "ramp", "proportion": None,
        "floor_material": None,
        "adjustments": {"enlarge_payload": "enlarge" in adjustments, "highlight_payload": "highlight" in adjustments,
                        "brighten_scene": "brighten" in adjustments},
    }


CASES = [
    ("stack", make_plan("stack", 3)),
    ("stack", make_plan("stack", 5, "cylinder", "blue", BLUE, ranges={"stagger_fraction": [0.02, 0.06]}, arrangement="staggered")),
    ("stack", make_plan("stack", 4, colour="red", rgba=RED, adjustments=("enlarge", "highlight", "brighten"))),
    ("pyramid", make_plan("pyramid", 6, colour="red", rgba=RED)),
    ("pyramid", make_plan("pyramid", 4, adjustments=("enlarge", "highlight"))),
    ("container", make_plan("container", 4, "sphere")),
    ("container", make_plan("container", 3, "box", "red", RED)),
    ("ramp", make_plan("ramp", 1, "sphere", "blue", BLUE)),
    ("dominoes", make_plan("dominoes", 6)),
    ("dominoes", make_plan("dominoes", 8, colour="red", rgba=RED, adjustments=("highlight",))),
    ("gap_bridge", make_plan("gap_bridge", 1, "box")),
    ("gap_bridge", make_plan("gap_bridge", 1, "sphere", "red", RED)),
    ("gap_bridge", make_plan("gap_bridge", 1, "cylinder", adjustments=("enlarge",))),
    ("sideways_transfer", make_plan("sideways_transfer", 1, "sphere")),
    ("sideways_transfer", make_plan("sideways_transfer", 1, "box", "blue", BLUE)),
    ("sideways_transfer", make_plan("sideways_transfer", 1, "cylinder")),
    ("drawer", make_plan("drawer")),
    ("drawer", make_plan("drawer", colour="red", rgba=RED, adjustments=("enlarge", "highlight"))),
    ("lever", make_plan("lever", colour="blue", rgba=BLUE)),
    ("peg_in_hole", make_plan("peg_in_hole")),
    ("pendulum", make_plan("pendulum", shape="sphere", colour="red", rgba=RED)),
    ("hinged_door", make_plan("hinged_door")),
    ("hinged_door", make_plan("hinged_door", colour="blue", rgba=BLUE, adjustments=("highlight",))),
]


# ---------------------------------------------------------------------------------------------------------------- scripts

def read_worktree(path):
    return (ROOT / path).read_text(encoding="utf-8")


def assemble(read, family, plan, prompt):
    template = read("%s/%s.py" % (TEMPLATES, family))
    source = INCLUDE.sub(lambda m: read("%s/lib/%s.py" % (TEMPLATES, m.group(1))).rstrip("\n"), template)
    values = {"__BENCHGEN_PROMPT__": json.dumps(prompt), "__BENCHGEN_PLAN__": json.dumps(json.dumps(plan)),
              "__BENCHGEN_GENERATOR__": json.dumps(GENERATOR)}
    return PLACEHOLDER.sub(lambda m: values[m.group(0)], source)


def load(read, family, plan, prompt):
    namespace = {"__name__": "benchgen_script_" + family}
    exec(compile(assemble(read, family, plan, prompt), "<%s.py>" % family, "exec"), namespace)
    return namespace


# --------------------------------------------------------------------------------------------------- expected (the brief)

def expected_task(family, plan):
    """(objects [(id, kind, label, body, free)], initial, goal) as PresetCatalogue.FromPlan names them."""
    n = plan["count"]
    part = {"sphere": "ball", "cylinder": "cylinder"}.get(plan["shape"], "block")

    def at(oid):
        return [("at", [oid, "goal"])]

    if family in ("stack", "pyramid"):
        kind = "cylinder" if family == "stack" and plan["shape"] == "cylinder" else "block"
        ids = ["%s_%d" % (kind, i + 1) for i in range(n)]
        objects = [(oid, kind, kind, "block_%d" % i, True) for i, oid in enumerate(ids)]
        return objects, ([("stacked", ids)] if family == "stack" else []), at(ids[-1])
    if family == "container":
        kind = "ball" if plan["shape"] == "sphere" else "cube"
        ids = ["%s_%d" % (kind, i + 1) for i in range(n)]
        objects = [("container_1", "container", "container", "world", False)] + [
            (oid, kind, kind, "%s_%d" % (kind, i), True) for i, oid in enumerate(ids)]
        return objects, [("in", [oid, "container_1"]) for oid in ids], at(ids[0])
    if family == "ramp":
        return [("ramp_1", "ramp", "ramp", "world", False), ("ball_1", "ball", "ball", "ball", True)], [], at("ball_1")
    if family == "dominoes":
        ids = ["domino_%d" % (i + 1) for i in range(n)]
        return ([(oid, "domino", "domino", "domino_%d" % i, True) for i, oid in enumerate(ids)],
                [("upright", [oid]) for oid in ids], at(ids[-1]))
    if family == "gap_bridge":
        return ([("platform_1", "platform", "platform", "world", False), ("platform_2", "platform", "platform", "world", False),
                 (part + "_1", part, part, "payload", True)], [("on", [part + "_1", "platform_1"])], at(part + "_1"))
    if family == "sideways_transfer":
        return [("wall_1", "wall", "wall", "world", False), (part + "_1", part, part, "payload", True)], [], at(part + "_1")
    if family == "drawer":
        return ([("cabinet_1", "cabinet", "cabinet", "cabinet", False)], [("closed", ["cabinet_1.drawer"])],
                [("open", ["cabinet_1.drawer"])])
    if family == "lever":
        return ([("lever_1", "lever", "lever", "lever_base", False), ("weight_1", "block", "weight", "weight", True)], [],
                at("weight_1"))
    if family == "peg_in_hole":
        return ([("peg_1", "peg", "peg", "peg", True), ("socket_1", "socket", "socket", "hole_block", False)], [],
                [("inserted", ["peg_1", "socket_1"])])
    if family == "pendulum":
        return [("pendulum_1", "pendulum", "pendulum", "frame", False)], [], at("pendulum_1.arm")
    if family == "hinged_door":
        return ([("door_1", "door", "door", "door_frame", False)], [("closed", ["door_1.door"])], [("open", ["door_1.door"])])
    raise AssertionError(family)


EXPECTED_PARTS = {"drawer": {"cabinet_1": ("drawer", "drawer", "drawer_slide", "slide")},
                  "lever": {"lever_1": ("beam", "beam", "fulcrum_hinge", "hinge")},
                  "pendulum": {"pendulum_1": ("arm", "bob", "pivot", "hinge")},
                  "hinged_door": {"door_1": ("door", "door", "door_hinge", "hinge")}}

# Fixtures built from world geoms: which geoms of the world body are the object's.
WORLD_GEOMS = {
    ("container", "container_1"): re.compile(r"^container_"),
    ("ramp", "ramp_1"): re.compile(r"^(ramp|backstop)$"),
    ("gap_bridge", "platform_1"): re.compile(r"^platform_near$"),
    ("gap_bridge", "platform_2"): re.compile(r"^platform_far$"),
    ("sideways_transfer", "wall_1"): re.compile(r"^obstacle_wall$"),
}


# ------------------------------------------------------------------------------------------------- MJCF geometry read-back

def floats(text):
    return [float(v) for v in text.split()]


def rotation(element):
    """The element's rotation in its parent's frame (euler with one non-zero angle, or quat), as 3x3 rows."""
    if element.get("euler"):
        ax, ay, az = floats(element.get("euler"))
        rot = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
        for axis, angle in ((0, ax), (1, ay), (2, az)):
            if angle:
                c, s = math.cos(angle), math.sin(angle)
                m = {0: [[1, 0, 0], [0, c, -s], [0, s, c]], 1: [[c, 0, s], [0, 1, 0], [-s, 0, c]],
                     2: [[c, -s, 0], [s, c, 0], [0, 0, 1]]}[axis]
                rot = [[sum(rot[i][k] * m[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
        return rot
    if element.get("quat"):
        w, x, y, z = floats(element.get("quat"))
        return [[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]]
    return None


def compose(frame, rot, pos):
    """frame = (R, t) of a parent in the root's frame; returns the child's (R, t) given its local rot and pos."""
    R, t = frame
    child_r = R if rot is None else [[sum(R[i][k] * rot[k][j] for k in range(3)) for j in range(3)] for i in range(3)]
    return child_r, [t[i] + sum(R[i][k] * pos[k] for k in range(3)) for i in range(3)]


def geom_box(geom, frame):
    kind = geom.get("type", "sphere")
    size = floats(geom.get("size", "0 0 0"))
    if geom.get("fromto"):
        a, b = floats(geom.get("fromto"))[:3], floats(geom.get("fromto"))[3:]
        R, t = frame
        ends = [[t[i] + sum(R[i][k] * p[k] for k in range(3)) for i in range(3)] for p in (a, b)]
        r = size[0]
        return [min(e[i] for e in ends) - r for i in range(3)], [max(e[i] for e in ends) + r for i in range(3)]
    half = {"box": lambda: size[:3], "sphere": lambda: [size[0]] * 3, "cylinder": lambda: [size[0], size[0], size[1]],
            "capsule": lambda: [size[0], size[0], size[1] + size[0]]}[kind]()
    R, t = compose(frame, rotation(geom), floats(geom.get("pos", "0 0 0")))
    span = [sum(abs(R[i][k]) * half[k] for k in range(3)) for i in range(3)]
    return [t[i] - span[i] for i in range(3)], [t[i] + span[i] for i in range(3)]


IDENTITY = ([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], [0.0, 0.0, 0.0])


def subtree_boxes(body, frame=IDENTITY):
    boxes = [geom_box(g, frame) for g in body.findall("geom")]
    for child in body.findall("body"):
        boxes += subtree_boxes(child, compose(frame, rotation(child), floats(child.get("pos", "0 0 0"))))
    return boxes


def union(boxes):
    return [min(b[0][i] for b in boxes) for i in range(3)], [max(b[1][i] for b in boxes) for i in range(3)]


# ----------------------------------------------------------------------------------------------------------------- tests

class Preset_task_blocks(unittest.TestCase):
    """Every catalogue template's definition carries the preset task, consistent with the MJCF it builds."""

    def test_every_family_is_covered(self):
        self.assertEqual(sorted(set(f for f, _ in CASES)), sorted(RANGES))

    def test_task_block_names_the_preset(self):
        for family, plan in CASES:
            script = load(read_worktree, family, plan, "a %s" % family)
            objects, initial, goal = expected_task(family, plan)
            for seed in SEEDS:
                for scale in SCALES:
                    with self.subTest(family=family, shape=plan["shape"], count=plan["count"], seed=seed, scale=scale):
                        definition = script["definition"](seed, scale)
                        self.check_task(family, plan, definition, script["build"](seed, scale), objects, initial, goal)

    def check_task(self, family, plan, definition, mjcf, objects, initial, goal):
        task = definition["task"]
        json.dumps(task, allow_nan=False)
        self.assertEqual(sorted(task), ["goal", "initial", "objects", "preset", "spec", "tier", "zones"])
        self.assertEqual(task["spec"], "benchgen.task/v1")
        self.assertEqual(task["preset"], family)
        self.assertEqual(task["tier"], 2 if family in TIER_2 else 1)
        self.assertEqual(task["zones"], {"goal": definition["goal_zone"]})
        self.assertEqual([(o["id"], o["kind"], o["label"], o["body"], o["free"]) for o in task["objects"]], objects)
        self.assertEqual([(p["predicate"], p["args"]) for p in task["initial"]], initial)
        self.assertEqual([(p["predicate"], p["args"]) for p in task["goal"]], goal)
        for p in task["initial"] + task["goal"]:
            self.assertEqual(sorted(p), ["args", "predicate", "value"])
            self.assertIsNone(p["value"])
        self.assert_r5(task)

        root = ET.fromstring(mjcf)
        bodies = dict((b.get("name"), b) for b in root.iter("body"))
        bodies["world"] = root.find("worldbody")
        joints = dict((j.get("name"), j) for j in list(root.iter("joint")) + list(root.iter("freejoint")))
        for o in task["objects"]:
            self.assertEqual(sorted(o), ["anchors", "body", "colour", "extent", "free", "id", "kind", "label", "parts", "rgba"])
            self.assertIn(o["body"], bodies, o["id"])
            body = bodies[o["body"]]
            self.assertEqual(o["free"], body.find("freejoint") is not None, o["id"])
            self.assert_box(o["extent"], o["id"])
            # The extent is the AABB of the object's geoms in its body's frame, read back from the MJCF.
            if o["body"] == "world":
                pattern = WORLD_GEOMS[(family, o["id"])]
                boxes = [geom_box(g, IDENTITY) for g in body.findall("geom") if pattern.match(g.get("name", ""))]
                self.assertTrue(boxes, o["id"])
            else:
                boxes = subtree_boxes(body)
            lo, hi = union(boxes)
            for i in range(3):
                self.assertAlmostEqual(o["extent"]["min"][i], lo[i], delta=2e-5, msg="%s extent min" % o["id"])
                self.assertAlmostEqual(o["extent"]["max"][i], hi[i], delta=2e-5, msg="%s extent max" % o["id"])
            self.assertIn("top", o["anchors"], o["id"])
            for name, anchor in o["anchors"].items():
                self.assertIn(anchor["kind"], ("surface", "cavity", "under", "hole"), name)
                self.assertIn(anchor["body"], bodies, "%s anchor %s" % (o["id"], name))
                self.assert_box(anchor, "%s anchor %s" % (o["id"], name))
            self.assertEqual(o["anchors"]["top"]["kind"], "surface")
            if o["kind"] != "ramp":  # the ramp's top is the box around its inclined face
                self.assertAlmostEqual(o["anchors"]["top"]["min"][2], o["anchors"]["top"]["max"][2], delta=1e-9)
            if o["kind"] in ("container",):
                self.assertEqual(o["anchors"]["inside"]["kind"], "cavity")
            if o["kind"] == "socket":
                self.assertEqual(o["anchors"]["hole"]["kind"], "hole")
                self.assertEqual(o["anchors"]["hole"]["axis"], [0.0, 0.0, -1.0])
            self.check_colour(o, plan, body)
            self.check_parts(family, o, bodies, joints)
        self.check_start_state(family, task, bodies, definition)

    def check_colour(self, o, plan, body):
        if o["colour"] is not None:
            self.assertEqual(o["colour"], plan["colour"], o["id"])
        if o["rgba"] is not None:
            self.assertEqual(len(o["rgba"]), 4)
            used = set(tuple(floats(g.get("rgba"))) for g in body.iter("geom") if g.get("rgba"))
            self.assertIn(tuple(round(v, 5) for v in o["rgba"]), used, "%s rgba is not on any of its geoms" % o["id"])
        if plan["rgba"] and o["colour"] is not None:
            # A coloured object's rgba is the plan's colour (alternate parts shaded by 0.8).
            k = o["rgba"][0] / plan["rgba"][0]
            self.assertTrue(abs(k - 1.0) < 1e-4 or abs(k - 0.8) < 1e-4, o["id"])

    def check_parts(self, family, o, bodies, joints):
        expected = EXPECTED_PARTS.get(family, {}).get(o["id"])
        self.assertEqual(sorted(o["parts"]), [expected[0]] if expected else [], o["id"])
        for name, part in o["parts"].items():
            self.assertEqual((name, part["body"], part["joint"], part["type"]), expected)
            self.assertIn(part["body"], bodies)
            self.assertIn(part["joint"], joints)
            joint = joints[part["joint"]]
            self.assertEqual(joint.get("type"), part["type"])
            self.assertIs(bodies[part["body"]].find("joint"), joint, "%s: the joint moves the part's body" % name)
            self.assertEqual(part["range"], floats(joint.get("range")))
            if "closed" in part:
                lo, hi = part["range"]
                self.assertEqual(part["closed"], 0.0)
                self.assertTrue(lo <= part["open"] <= hi and part["open"] != 0.0, name)
                # The threshold lies between the ends, on the open side.
                self.assertTrue(0.0 < part["open_threshold"] / part["open"] < 1.0, name)

    def check_start_state(self, family, task, bodies, definition):
        """The initial predicates hold and an at() goal does not, at t = 0 (from body positions and extents)."""
        by_id = dict((o["id"], o) for o in task["objects"])

        def pos(o):
            return floats(bodies[o["body"]].get("pos"))

        def inside(p, box, slack=1e-6):
            return all(box["min"][i] - slack <= p[i] <= box["max"][i] + slack for i in range(3))

        for p in task["initial"]:
            args = p["args"]
            if p["predicate"] == "stacked":
                for lower, upper in zip(args, args[1:]):
                    a, b = by_id[lower], by_id[upper]
                    self.assertAlmostEqual(pos(a)[2] + a["extent"]["max"][2], pos(b)[2] + b["extent"]["min"][2], delta=2e-5)
            elif p["predicate"] == "in":
                self.assertTrue(inside(pos(by_id[args[0]]), by_id[args[1]]["anchors"]["inside"]), args)
            elif p["predicate"] == "on":
                a, top = by_id[args[0]], by_id[args[1]]["anchors"]["top"]
                self.assertAlmostEqual(pos(a)[2] + a["extent"]["min"][2], top["max"][2], delta=2e-5)
                self.assertTrue(inside(pos(a)[:2] + [top["max"][2]], top), args)
            elif p["predicate"] == "upright":
                o = by_id[args[0]]
                self.assertIsNone(bodies[o["body"]].get("euler") or bodies[o["body"]].get("quat"))
                self.assertAlmostEqual(pos(o)[2] + o["extent"]["min"][2], 0.0, delta=2e-5)
            elif p["predicate"] == "closed":
                oid, part = args[0].split(".")
                self.assertIn(part, by_id[oid]["parts"])  # no joint ref: qpos0 is 0, the closed end
            else:
                self.fail("unchecked initial predicate %s" % p["predicate"])
        for p in task["goal"]:
            if p["predicate"] == "at" and "." not in p["args"][0]:
                o = by_id[p["args"][0]]
                self.assertFalse(inside(pos(o), task["zones"]["goal"]), "%s starts in the goal zone" % o["id"])
                self.assertEqual(o["body"], definition["payload"]["body"])
            elif p["predicate"] == "at":
                oid, part = p["args"][0].split(".")
                self.assertEqual(by_id[oid]["parts"][part]["body"], definition["payload"]["body"])
            elif p["predicate"] == "inserted":
                self.assertEqual(by_id[p["args"][0]]["body"], definition["payload"]["body"])
                self.assertIn("hole", by_id[p["args"][1]]["anchors"])

    def assert_box(self, box, what):
        for i in range(3):
            self.assertLessEqual(box["min"][i], box["max"][i], what)

    def assert_r5(self, value, path="task"):
        if isinstance(value, bool) or value is None or isinstance(value, str):
            return
        if isinstance(value, float):
            self.assertTrue(math.isfinite(value) and float("%.5f" % value) == value, "%s = %r is not r5()" % (path, value))
        elif isinstance(value, int):
            return
        elif isinstance(value, dict):
            for k, v in value.items():
                self.assert_r5(v, "%s.%s" % (path, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self.assert_r5(v, "%s[%d]" % (path, i))
        else:
            self.fail("%s has a %s" % (path, type(value).__name__))


if __name__ == "__main__":
    unittest.main()
