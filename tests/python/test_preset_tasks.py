"""The catalogue presets compiled through the task template (Coding/Templates/task.py + the asset library).

Each preset's TaskSpec is written here the way Tasks/PresetCatalogue.FromPlan states it (normalized: counts expanded,
parts named, colours resolved), with its zones and variation ranges, and checked like every example task
(tests/python/test_task_compiler.py: determinism, compilation, penetration, settling, parts that stay where released,
initial predicates true and the goal false at t = 0) for seeds x scales, plus what the family templates used to draw
themselves:
  - every zone rule of the spec becomes a zone where the rule says (goal on a surface or beyond an object; forbid zones
    beyond the goal, around, between, above, behind or beyond objects), inside the build zone, clear of the goal zone;
  - the build zone holds every object; the definition's family is the preset and its randomization the spec's ranges;
  - a size range is honoured: the same seed drawn at size factor 2 builds every dimension of the object twice as large.

Standard library + gcc + libmujoco only: python3 -m unittest tests/python/test_preset_tasks.py
Environment: TASK_SEEDS / TASK_SCALES as for test_task_compiler.py.
"""
import json
import os
import re
import sys
import tempfile
import unittest
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_task_compiler as tc  # noqa: E402

RED = [0.85, 0.15, 0.12, 1.0]
BLUE = [0.15, 0.35, 0.85, 1.0]
PORTED = ("stack", "pyramid", "container", "sideways_transfer", "gap_bridge", "ramp", "dominoes", "drawer", "hinged_door", "lever",
          "peg_in_hole", "pendulum")
ONE_PART = {"cabinet": ["drawer"], "door": ["door"], "lever": ["beam"], "pendulum": ["arm"]}


def obj(oid, kind, size="medium", colour=None, rgba=None, material="wood", params=None):
    return {"id": oid, "kind": kind, "label": kind, "count": None, "colour": colour, "rgba": rgba, "size": size,
            "material": material, "parts": ONE_PART.get(kind, []), "params": params}


def pred(name, *args):
    return {"predicate": name, "args": list(args), "value": None}


def preset_spec(family, count=1, part="block", colour=None, rgba=None, size="medium", arrangement="tower", material_ranges=None):
    """The normalized preset spec of PresetCatalogue (ids from 1, zones and ranges of WithZonesAndRanges)."""
    parts = lambda kind, n: [obj("%s_%d" % (kind, i + 1), kind, size, colour, rgba) for i in range(n)]
    ids = lambda kind, n: ["%s_%d" % (kind, i + 1) for i in range(n)]
    fixture = lambda kind, **kw: obj(kind + "_1", kind, kw.pop("size", size), **kw)
    beyond = [{"region": "beyond_goal", "args": []}]
    placements, initial, goal_zone, forbid = [], [], None, beyond
    if family in ("stack", "pyramid"):
        objects = parts(part, count)
        placements = [{"object": None, "relation": None, "target": "floor", "arrangement": arrangement if family == "stack" else "pyramid",
                       "objects": ids(part, count)}]
        initial = [pred("stacked", *ids(part, count))] if family == "stack" else []
        goal = [pred("at", ids(part, count)[-1], "goal")]
    elif family == "container":
        objects = [fixture("container", size="large" if count > 6 else "medium")] + parts(part, count)
        placements = [{"object": i, "relation": "in", "target": "container_1", "arrangement": None, "objects": None} for i in ids(part, count)]
        initial = [pred("in", i, "container_1") for i in ids(part, count)]
        goal = [pred("at", part + "_1", "goal")]
    elif family == "ramp":
        objects = [fixture("ramp"), obj("ball_1", "ball", size, colour, rgba)]
        placements = [{"object": "ball_1", "relation": "on", "target": "ramp_1", "arrangement": None, "objects": None}]
        goal, goal_zone = [pred("at", "ball_1", "goal")], {"region": "on", "args": ["ramp_1.runout"]}
    elif family == "dominoes":
        objects = parts("domino", count)
        placements = [{"object": None, "relation": None, "target": "floor", "arrangement": "row", "objects": ids("domino", count)}]
        initial = [pred("upright", i) for i in ids("domino", count)]
        goal = [pred("at", "domino_%d" % count, "goal")]
    elif family == "gap_bridge":
        objects = [obj("platform_1", "platform", size), obj("platform_2", "platform", size), obj(part + "_1", part, size, colour, rgba)]
        placements = [{"object": part + "_1", "relation": "on", "target": "platform_1", "arrangement": None, "objects": None},
                      {"object": "platform_2", "relation": "right_of", "target": "platform_1", "arrangement": None, "objects": None}]
        initial = [pred("on", part + "_1", "platform_1")]
        goal, goal_zone = [pred("at", part + "_1", "goal")], {"region": "on", "args": ["platform_2"]}
        forbid = [{"region": "between", "args": ["platform_1", "platform_2"]}]
    elif family == "sideways_transfer":
        objects = [fixture("wall"), obj(part + "_1", part, size, colour, rgba)]
        goal, goal_zone = [pred("at", part + "_1", "goal")], {"region": "beyond", "args": ["wall_1"]}
        forbid = [{"region": "around", "args": ["wall_1"]}]
    elif family == "drawer":
        objects = [fixture("cabinet", colour=colour, rgba=rgba, params={"drawers": 1})]
        initial, goal = [pred("closed", "cabinet_1.drawer")], [pred("open", "cabinet_1.drawer")]
        forbid = [{"region": "above", "args": ["cabinet_1"]}]
    elif family == "hinged_door":
        objects = [fixture("door", colour=colour, rgba=rgba)]
        initial, goal = [pred("closed", "door_1.door")], [pred("open", "door_1.door")]
        forbid = [{"region": "behind", "args": ["door_1"]}]
    elif family == "lever":
        objects = [fixture("lever"), dict(obj("weight_1", "block", size, colour, rgba), label="weight")]
        placements = [{"object": "weight_1", "relation": "on", "target": "lever_1.end_left", "arrangement": None, "objects": None}]
        initial, goal = [pred("on", "weight_1", "lever_1.end_left")], [pred("on", "weight_1", "lever_1.end_right")]
        forbid = []
    elif family == "pendulum":
        objects = [fixture("pendulum", colour=colour, rgba=rgba)]
        goal, forbid = [dict(pred("rotated", "pendulum_1.arm"), value=200)], []
    elif family == "peg_in_hole":
        objects = [obj("peg_1", "peg", size, colour, rgba), fixture("socket")]
        placements = [{"object": "peg_1", "relation": "next_to", "target": "socket_1", "arrangement": None, "objects": None}]
        goal = [pred("inserted", "peg_1", "socket_1")]
        forbid = [{"region": "beyond", "args": ["socket_1"]}]
    else:
        raise AssertionError(family)
    free = [o["id"] for o in objects if o["kind"] in tc_free()]
    fixed = [o["id"] for o in objects if o["kind"] not in tc_free()]
    ranges = {}
    if free:
        # The stack's blocks are the family's 4 cm (1.6x the library's nominal 2.5 cm), +-40 %.
        ranges[free[0] + ".size"] = [0.96, 2.24] if family == "stack" else [0.6, 1.4]
    if fixed:
        ranges[fixed[0] + ".size"] = [0.8, 1.2]
    ranges.update(material_ranges or {})
    return {"spec": "benchgen.task/v1", "prompt": "a %s" % family, "preset": family, "objects": objects,
            "placements": placements, "initial": initial, "goal": goal,
            "variation": {"variants": None, "ranges": ranges}, "zones": {"goal": goal_zone, "forbid": forbid},
            "tier": 2 if family in ("drawer", "hinged_door", "lever", "pendulum") else 1, "floor_material": None, "understood": [], "unmapped": []}


def tc_free():
    return ("block", "cube", "cylinder", "ball", "puck", "peg", "nut", "ring", "bowl", "plate", "mug", "can", "bottle", "box",
            "book", "domino")


CASES = [
    ("stack", preset_spec("stack", 3)),
    ("stack", preset_spec("stack", 5, "cylinder", "blue", BLUE, arrangement="staggered_tower")),
    ("stack", preset_spec("stack", 4, colour="red", rgba=RED, size="large")),
    ("pyramid", preset_spec("pyramid", 6, colour="red", rgba=RED)),
    ("container", preset_spec("container", 4, "ball")),
    ("container", preset_spec("container", 12, "cube", "red", RED, size="small")),
    ("ramp", preset_spec("ramp", 1, "ball", "blue", BLUE)),
    ("dominoes", preset_spec("dominoes", 8)),
    ("dominoes", preset_spec("dominoes", 20, size="large")),
    ("gap_bridge", preset_spec("gap_bridge", 1, "block")),
    ("gap_bridge", preset_spec("gap_bridge", 1, "ball", "red", RED)),
    ("sideways_transfer", preset_spec("sideways_transfer", 1, "ball")),
    ("sideways_transfer", preset_spec("sideways_transfer", 1, "cylinder", "blue", BLUE)),
    ("drawer", preset_spec("drawer")),
    ("drawer", preset_spec("drawer", colour="red", rgba=RED, size="small")),
    ("hinged_door", preset_spec("hinged_door", colour="blue", rgba=BLUE)),
    ("peg_in_hole", preset_spec("peg_in_hole")),
    ("lever", preset_spec("lever", colour="blue", rgba=BLUE)),
    ("pendulum", preset_spec("pendulum", colour="red", rgba=RED)),
    ("lever", preset_spec("lever", size="large", material_ranges={"lever_1.fulcrum": [0.3, 0.7]})),
]


def definitions(spec, seeds, scales, **plan):
    """{(seed, scale): (definition, mjcf)} from the compiled script run in this process."""
    source = tc.script_for(spec, **plan)
    namespace = {"__name__": "benchgen_preset_" + (spec.get("preset") or "task")}
    exec(compile(source, "<preset>", "exec"), namespace)
    return dict(((seed, scale), (namespace["definition"](seed, scale), namespace["build"](seed, scale))) for seed in seeds for scale in scales)


def world(o, d, mjcf):
    """The object's extent in the world at t = 0 (root bodies are placed by translation only)."""
    pos = [float(v) for v in re.search(r'<body name="%s" pos="([^"]+)"' % re.escape(o["body"]), mjcf).group(1).split()]
    return {"min": [o["extent"]["min"][i] + pos[i] for i in range(3)], "max": [o["extent"]["max"][i] + pos[i] for i in range(3)]}


def disjoint(a, b):
    return any(a["max"][i] <= b["min"][i] + 1e-9 or b["max"][i] <= a["min"][i] + 1e-9 for i in range(3))


def contains(outer, inner, tol=1e-6):
    return all(outer["min"][i] - tol <= inner["min"][i] and inner["max"][i] <= outer["max"][i] + tol for i in range(3))


class Preset_tasks(unittest.TestCase):
    def test_every_ported_preset_is_covered(self):
        self.assertEqual(sorted(set(f for f, _ in CASES)), sorted(PORTED))

    def test_every_preset_builds_settles_and_starts_unsolved(self):
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            results = list(pool.map(lambda case: tc.check_example(case[1]), CASES))
        failures = ["%s (%s):\n  %s" % (f, spec["objects"][-1]["id"], "\n  ".join(p[:12])) for (f, spec), p in zip(CASES, results) if p]
        self.assertFalse(failures, "\n".join(failures))

    def test_zones_follow_the_rules_of_the_spec(self):
        for family, spec in CASES:
            for (seed, scale), (d, mjcf) in definitions(spec, tc.SEEDS, tc.SCALES).items():
                with self.subTest(family=family, payload=spec["objects"][-1]["id"], seed=seed, scale=scale):
                    self.check_zones(spec, d, mjcf, scale)

    def check_zones(self, spec, d, mjcf, scale):
        objs = dict((o["id"], o) for o in d["task"]["objects"])
        ext = dict((oid, world(o, d, mjcf)) for oid, o in objs.items())
        goal, forbid, build = d["goal_zone"], d["forbid_zones"], d["build_zone"]
        self.assertEqual(d["family"], spec["preset"])
        self.assertEqual(d["randomization"], spec["variation"]["ranges"])
        self.assertEqual(len(forbid), len(spec["zones"]["forbid"]))
        self.assertTrue(contains(build, goal), "goal zone outside the build zone")
        for oid, e in ext.items():
            for i in range(2):
                self.assertTrue(build["min"][i] - 1e-6 <= e["min"][i] and e["max"][i] <= build["max"][i] + 1e-6, "%s outside the build zone" % oid)
        start = d["payload"]["start"]
        for rule, box in zip(spec["zones"]["forbid"], forbid):
            self.assertTrue(contains(build, box), "%s outside the build zone" % rule)
            self.assertTrue(disjoint(box, goal), "%s overlaps the goal zone" % rule)
            self.assertFalse(tc.inside(start, box), "the payload starts in %s" % rule)
            args = rule["args"]
            if rule["region"] == "around":
                self.assertTrue(contains(box, {"min": ext[args[0]]["min"][:2] + [0.0], "max": ext[args[0]]["max"]}), "around misses its object")
            elif rule["region"] == "between":
                a, b = ext[args[0]], ext[args[1]]
                lo, hi = (a, b) if a["max"][0] <= b["min"][0] else (b, a)
                self.assertAlmostEqual(box["min"][0], lo["max"][0], places=4)
                self.assertAlmostEqual(box["max"][0], hi["min"][0], places=4)
                self.assertAlmostEqual(box["max"][2], min(a["max"][2], b["max"][2]), places=4)
            elif rule["region"] == "above":
                self.assertGreater(box["min"][2], ext[args[0]]["max"][2])
            elif rule["region"] == "behind":
                self.assertGreater(box["min"][1], ext[args[0]]["max"][1])
            elif rule["region"] in ("beyond", "beyond_goal"):
                # Past the object (or the goal) as seen from the payload's start: never between the two.
                target = tc.centre(goal if rule["region"] == "beyond_goal" else ext[args[0]])
                fc = tc.centre(box)
                self.assertGreater((fc[0] - start[0]) ** 2 + (fc[1] - start[1]) ** 2, (target[0] - start[0]) ** 2 + (target[1] - start[1]) ** 2 - 1e-9)
        rule = spec["zones"]["goal"]
        if rule and rule["region"] == "on":
            oid, _, anchor = rule["args"][0].partition(".")
            a = objs[oid]["anchors"][anchor or "top"]
            pos = [world(objs[oid], d, mjcf)["min"][i] - objs[oid]["extent"]["min"][i] for i in range(3)]
            self.assertAlmostEqual(goal["min"][2], a["max"][2] + pos[2], places=4)
            for i in range(2):
                self.assertTrue(a["min"][i] + pos[i] - 1e-4 <= goal["min"][i] and goal["max"][i] <= a["max"][i] + pos[i] + 1e-4)
        elif rule and rule["region"] == "beyond":
            w = tc.centre(ext[rule["args"][0]])
            g = tc.centre(goal)
            # The wall stands between the start and the goal along the dominant axis.
            axis = 0 if abs(w[0] - start[0]) >= abs(w[1] - start[1]) else 1
            self.assertGreater((g[axis] - w[axis]) * (w[axis] - start[axis]), 0.0)

    def test_a_size_range_is_honoured(self):
        for family, spec in CASES[:1] + CASES[4:5] + CASES[13:14]:
            oid = next(k for k in spec["variation"]["ranges"])[:-len(".size")]
            runs = {}
            for factor in (1.0, 2.0):
                s = json.loads(json.dumps(spec))
                s["variation"]["ranges"] = {oid + ".size": [factor, factor]}
                runs[factor] = definitions(s, [3], [1.0])[(3, 1.0)][0]
            with self.subTest(family=family, object=oid):
                one = next(o for o in runs[1.0]["task"]["objects"] if o["id"] == oid)["extent"]
                two = next(o for o in runs[2.0]["task"]["objects"] if o["id"] == oid)["extent"]
                for k in ("min", "max"):
                    for i in range(3):
                        self.assertAlmostEqual(two[k][i], 2 * one[k][i], delta=2e-5)

    def test_the_fulcrum_range_moves_the_pivot_and_the_beam_still_balances_its_load(self):
        spec = preset_spec("lever")
        pivots = {}
        for frac in (0.3, 0.5, 0.7):
            s = json.loads(json.dumps(spec))
            s["variation"]["ranges"] = {"lever_1.fulcrum": [frac, frac]}
            d, mjcf = definitions(s, [4], [1.0])[(4, 1.0)]
            plank = re.search(r'<geom name="lever_1_beam_plank" type="box" pos="([^"]+)" size="([^"]+)"', mjcf)
            half = float(plank.group(2).split()[0])
            inertial = re.search(r'<inertial pos="([^"]+)" mass="([^"]+)"', mjcf)
            pivots[frac] = -float(re.search(r'<geom name="lever_1_beam_lip_left" type="box" pos="([^ ]+)', mjcf).group(1)) / (2 * half)
            # The weight's moment about the pivot cancels the beam's.
            weight = next(o for o in d["task"]["objects"] if o["id"] == "weight_1")
            wx = float(re.search(r'<body name="weight_1" pos="([^ ]+)', mjcf).group(1)) - float(re.search(r'<body name="lever_1" pos="([^ ]+)', mjcf).group(1))
            xc, m = float(inertial.group(1).split()[0]), float(inertial.group(2))
            mw = d["payload"]["mass"]
            self.assertAlmostEqual(m * xc + mw * wx, 0.0, delta=3e-4 * mw + 2e-5)
            self.assertEqual(d["randomization"], {"lever_1.fulcrum": [frac, frac]})
        # The left lip sits at the beam's left end: its distance from the pivot is the fulcrum fraction of the length.
        for frac, measured in pivots.items():
            self.assertAlmostEqual(measured, frac, delta=0.02)

    def test_seeds_draw_sizes_inside_the_range(self):
        spec = CASES[0][1]
        one = dict((k, v) for k, v in spec.items())
        one["variation"] = {"variants": None, "ranges": {}}
        base = definitions(one, [5], [1.0])[(5, 1.0)][0]
        ranged = definitions(spec, [5], [1.0])[(5, 1.0)][0]
        b = next(o for o in base["task"]["objects"] if o["id"] == "block_1")["extent"]["max"][2]
        r = next(o for o in ranged["task"]["objects"] if o["id"] == "block_1")["extent"]["max"][2]
        self.assertTrue(0.96 - 1e-6 <= r / b <= 2.24 + 1e-6, r / b)
        self.assertNotAlmostEqual(r, b, places=6)


if __name__ == "__main__":
    unittest.main()
