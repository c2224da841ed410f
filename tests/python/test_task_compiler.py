"""Checks of the task compiler's generator template (Coding/Templates/task.py + lib/assets.py + lib/layout.py).

For every services/Benchgen.Tasks/examples/*.task.json this builds the generator script exactly the way the C# coder
does (paste the `# @include lib/X.py` files, then substitute the three placeholders with Python string literals),
runs it for seeds 1..5 x scales 0.6/1.0/1.4 and checks, with MuJoCo 2.2 through tests/python/mjcheck.c:
determinism, compilation, initial penetration, resting free bodies, bodies inside the bounds, part joints starting at
their ref/state and staying put.

Standard library + gcc + libmujoco only:  python3 -m unittest tests/python/test_task_compiler.py
Environment: TASK_EXAMPLES=01,29 limits the examples; TASK_SEEDS=1,2 and TASK_SCALES=1.0 limit the variants.
"""
import glob
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import threading
import unittest
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TEMPLATES = os.path.join(ROOT, "services", "Benchgen.Generation", "Coding", "Templates")
EXAMPLES = os.path.join(ROOT, "services", "Benchgen.Tasks", "examples")
MJCHECK_SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mjcheck.c")

MATERIALS = {
    "wood": {"density": 700, "friction": 0.6}, "steel": {"density": 7800, "friction": 0.4},
    "plastic": {"density": 1100, "friction": 0.5}, "rubber": {"density": 1200, "friction": 0.9},
    "stone": {"density": 2500, "friction": 0.7}, "glass": {"density": 2500, "friction": 0.4},
    "foam": {"density": 100, "friction": 0.8}, "ice": {"density": 917, "friction": 0.05},
    "aluminium": {"density": 2700, "friction": 0.45},
}
SEEDS = [int(x) for x in os.environ.get("TASK_SEEDS", "1,2,3,4,5").split(",")]
SCALES = [float(x) for x in os.environ.get("TASK_SCALES", "0.6,1.0,1.4").split(",")]
MAX_PENETRATION = 0.002
SWINGS_BACK = ("pendulum",)  # parts that do not stay where released
MAX_SPEED = 1e-3
INCLUDE = re.compile(r"^# @include lib/(\w+)\.py$", re.M)


def plan_for(spec, **overrides):
    plan = {
        "family": "task", "spec": spec,
        "material": {"name": "wood", "density": 700, "friction": 0.6},
        "materials": MATERIALS,
        "floor_material": None,
        "adjustments": {"enlarge_payload": False, "highlight_payload": False, "brighten_scene": False},
        "ranges": {}, "rgba": None, "size": "medium",
    }
    plan.update(overrides)
    return plan


def script_for(spec, generator="task.py@test", **plan):
    """The script the C# ScenarioCoder writes: includes pasted (trailing newlines trimmed), then placeholders."""
    with open(os.path.join(TEMPLATES, "task.py")) as f:
        template = f.read()

    def include(m):
        with open(os.path.join(TEMPLATES, "lib", m.group(1) + ".py")) as g:
            return g.read().rstrip("\n")
    text = INCLUDE.sub(include, template)
    values = {"__BENCHGEN_PROMPT__": repr(spec.get("prompt") or ""),
              "__BENCHGEN_PLAN__": repr(json.dumps(plan_for(spec, **plan), sort_keys=True)),
              "__BENCHGEN_GENERATOR__": repr(generator)}
    return re.sub("__BENCHGEN_(?:PROMPT|PLAN|GENERATOR)__", lambda m: values[m.group(0)], text)


_MJCHECK = []
_MJCHECK_LOCK = threading.Lock()


def mjcheck_binary():
    with _MJCHECK_LOCK:
        if not _MJCHECK:
            out = os.path.join(tempfile.mkdtemp(prefix="benchgen_mjcheck_"), "mjcheck")
            subprocess.run(["gcc", MJCHECK_SRC, "-I/usr/include", "-lmujoco", "-lm", "-o", out], check=True)
            _MJCHECK.append(out)
        return _MJCHECK[0]


def run(script_path, *args):
    r = subprocess.run([sys.executable, script_path] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        raise AssertionError("script failed (%s): %s" % (" ".join(args), r.stderr[-3000:]))
    return r.stdout


def inside(p, box, tol=1e-6):
    return all(box["min"][i] - tol <= p[i] <= box["max"][i] + tol for i in range(3))


def check_variant(script_path, seed, scale, workdir):
    """Returns a list of problems for one seed x scale."""
    problems = []
    a = ["--seed", str(seed), "--scale", repr(scale)]
    xml1, xml2 = run(script_path, *a), run(script_path, *a)
    d1, d2 = run(script_path, *a, "--definition"), run(script_path, *a, "--definition")
    if xml1 != xml2 or d1 != d2:
        problems.append("not deterministic")
    defn = json.loads(d1)
    path = os.path.join(workdir, "s%d_%s.xml" % (seed, scale))
    with open(path, "w") as f:
        f.write(xml1)
    r = subprocess.run([mjcheck_binary(), path, "3"], capture_output=True, text=True)
    try:
        rep = json.loads(r.stdout)
    except ValueError:
        return problems + ["mjcheck output unreadable: %r %r" % (r.stdout[-500:], r.stderr[-500:])]
    if not rep.get("ok"):
        return problems + ["compile error: %s" % rep.get("error")]
    if rep["penetration"] > MAX_PENETRATION * max(1.0, scale):
        problems.append("penetration %.4f m between %s" % (rep["penetration"], rep["pen_geoms"]))
    if rep["max_speed"] > MAX_SPEED:
        problems.append("free body %s still moving at %.5f m/s after 3 s" % (rep["max_speed_body"], rep["max_speed"]))
    for j1, j2, ratio, err in rep.get("couplings", []):
        if abs(err) > 0.01:
            problems.append("coupling %s <- %s off by %.4f" % (j1, j2, err))
    if rep["warnings"]:
        problems.append("mujoco warnings %s" % rep["warnings"])
    bounds = defn["simulation_bounds"]
    for body, p in rep["bodies"].items():
        if not inside(p, bounds):
            problems.append("body %s starts outside the bounds at %s" % (body, p))
    # The workspace is the build zone (the 0.6 m square, grown for long rows).
    ws = max(defn["build_zone"]["max"][0], defn["build_zone"]["max"][1]) + 1e-6
    if ws < 0.6 * scale - 1e-6:
        problems.append("build zone %s is smaller than the workspace" % defn["build_zone"])
    for o in defn["task"]["objects"]:
        p = rep["bodies"].get(o["body"])
        if p is None:
            problems.append("object %s has no body %s" % (o["id"], o["body"]))
        elif abs(p[0]) > ws or abs(p[1]) > ws:
            problems.append("object %s starts outside the workspace at %s" % (o["id"], p))
        for name, part in o["parts"].items():
            if part["type"] == "free":
                if part["body"] not in rep["bodies"]:
                    problems.append("part %s.%s has no body" % (o["id"], name))
                continue
            j = rep["joints"].get(part["joint"])
            if j is None:
                problems.append("part %s.%s has no joint %s" % (o["id"], name, part["joint"]))
                continue
            if abs(j["q0"] - j["ref"]) > 1e-6:
                problems.append("joint %s starts at %.5f, ref %.5f" % (part["joint"], j["q0"], j["ref"]))
            tol = 0.002 * scale if part["type"] == "slide" else 0.01
            if abs(j["q1"] - j["q0"]) > tol:
                problems.append("joint %s drifted %.5f -> %.5f" % (part["joint"], j["q0"], j["q1"]))
            if o["kind"] in SWINGS_BACK:
                # A pendulum swings back under gravity: it only has to hang still at the start.
                continue
            if abs(j["q_released"] - j["q1"]) < 1e-4:
                problems.append("joint %s did not move when pushed" % part["joint"])
            if abs(j["q_held"] - j["q_released"]) > tol / 2:
                problems.append("joint %s does not stay where released: %.5f -> %.5f" % (part["joint"], j["q_released"], j["q_held"]))
    for key in ("family", "generator", "prompt", "seed", "scale", "build_zone", "goal_zone", "forbid_zones", "payload",
                "fixed_parts", "free_bodies", "simulation_bounds", "constraints", "randomization", "difficulty", "task"):
        if key not in defn:
            problems.append("definition lacks %s" % key)
    if "reference_solution" in defn:
        problems.append("definition carries a reference_solution (C# derives it)")
    problems += task_problems(defn, rep, scale)
    if defn["payload"]["body"] not in rep["bodies"]:
        problems.append("payload body %s missing" % defn["payload"]["body"])
    return problems


def world_boxes(defn, rep):
    """World boxes at t = 0 of every object's extent and anchors (root bodies are never rotated, part bodies that
    carry anchors only slide, so body frame -> world is a translation by the body's position)."""
    ext, anchors = {}, {}
    for o in defn["task"]["objects"]:
        p = rep["bodies"][o["body"]]
        ext[o["id"]] = {"min": [o["extent"]["min"][i] + p[i] for i in range(3)], "max": [o["extent"]["max"][i] + p[i] for i in range(3)]}
        for name, pt in o["parts"].items():
            if pt["type"] == "free":
                q = rep["bodies"][pt["body"]]
                ext[o["id"] + "." + name] = {"min": [pt["extent"]["min"][i] + q[i] for i in range(3)],
                                             "max": [pt["extent"]["max"][i] + q[i] for i in range(3)]}
        for name, a in o["anchors"].items():
            q = rep["bodies"][a["body"]]
            anchors[(o["id"], name)] = {"min": [a["min"][i] + q[i] for i in range(3)], "max": [a["max"][i] + q[i] for i in range(3)]}
    return ext, anchors


def centre(box):
    return [(box["min"][i] + box["max"][i]) / 2 for i in range(3)]


DIRS = {"right_of": (1, 0), "left_of": (-1, 0), "behind": (0, 1), "in_front_of": (0, -1)}


def holds(pred, defn, rep, ext, anchors, scale):
    """A rough reading of a predicate at t = 0 (the C# predicates are the real ones): True, False or None (unknown)."""
    name, args = pred["predicate"], pred["args"]
    objs = dict((o["id"], o) for o in defn["task"]["objects"])

    def part(ref):
        oid, _, pn = ref.partition(".")
        o = objs[oid]
        if not pn:
            if len(o["parts"]) != 1:
                return None
            pn = list(o["parts"])[0]
        return o["parts"].get(pn)
    if name in ("open", "closed", "turned_on", "turned_off", "pressed", "rotated"):
        pt = part(args[0])
        if pt is None or pt["type"] == "free":
            return None
        q = rep["joints"][pt["joint"]]["q0"]
        end = pt.get("open", pt.get("on", pt.get("pressed")))
        if name == "rotated":
            return abs(q) >= math.radians(pred.get("value") or 0) * 0.9
        frac = q / end if end else 0.0
        return frac < 0.1 if name in ("closed", "turned_off") else frac > 0.5
    a = args[0] if args[0] in ext else args[0].split(".")[0]
    if a not in ext:
        return None
    ac = centre(ext[a])
    if name == "at":
        z = defn["task"]["zones"]["goal"]
        return all(z["min"][i] <= ac[i] <= z["max"][i] for i in range(2))
    if len(args) < 2:
        return None if name != "toppled" else False
    b, _, bp = args[1].partition(".")
    if b not in ext:
        return None
    if name in ("in", "under", "inserted"):
        key = (b, bp or {"in": "inside", "under": "under", "inserted": "hole"}[name])
        box = anchors.get(key)
        return box is not None and all(box["min"][i] - 1e-6 <= ac[i] <= box["max"][i] + 1e-6 for i in range(3))
    if name in ("on", "off"):
        top = anchors[(b, bp or "top")]
        on = top["min"][0] <= ac[0] <= top["max"][0] and top["min"][1] <= ac[1] <= top["max"][1] and abs(ext[a]["min"][2] - top["max"][2]) < 0.005 * scale
        return on if name == "on" else not on
    if name in DIRS:
        dx, dy = DIRS[name]
        bc = centre(ext[b])
        return (ac[0] - bc[0]) * dx + (ac[1] - bc[1]) * dy > 0
    if name == "next_to":
        ea, eb = ext[a], ext[b]
        gap = max(ea["min"][0] - eb["max"][0], eb["min"][0] - ea["max"][0], ea["min"][1] - eb["max"][1], eb["min"][1] - ea["max"][1])
        return gap < 0.05 * scale
    if name == "stacked":
        return all(holds({"predicate": "on", "args": [args[i + 1], args[i]]}, defn, rep, ext, anchors, scale) for i in range(len(args) - 1))
    return None


def task_problems(defn, rep, scale):
    problems = []
    ext, anchors = world_boxes(defn, rep)
    for p in defn["task"]["initial"]:
        if holds(p, defn, rep, ext, anchors, scale) is False:
            problems.append("initial %s(%s) does not hold at t = 0" % (p["predicate"], ", ".join(p["args"])))
    goal = [holds(p, defn, rep, ext, anchors, scale) for p in defn["task"]["goal"]]
    if goal and all(g is True for g in goal):
        problems.append("the goal already holds at t = 0")
    for p in defn["task"]["goal"]:
        if p["predicate"] == "in" and "." in p["args"][1]:
            # A drawer's exposed part, open at 0.8 of its travel, takes the object from above; closed, it fits inside.
            oid, _, pn = p["args"][1].partition(".")
            cab = next(o for o in defn["task"]["objects"] if o["id"] == oid)
            pt = cab["parts"][pn]
            cav = cab["anchors"][pn]
            front = cab["anchors"]["top"]["min"][1]
            q = rep["joints"][pt["joint"]]["q0"]
            shift = 0.8 * pt["open"] - q   # from the current value to the 0.8-open one, along -y
            cavity_front = cav["min"][1] + rep["bodies"][cav["body"]][1] - shift
            exposed = (front + rep["bodies"][oid][1]) - cavity_front
            a = ext[p["args"][0]]
            need = max(a["max"][0] - a["min"][0], a["max"][1] - a["min"][1])
            if exposed < need + 0.01 * scale:
                problems.append("drawer %s exposes %.3f m open, %s needs %.3f" % (p["args"][1], exposed, p["args"][0], need))
            if a["max"][2] - a["min"][2] > cav["max"][2] - cav["min"][2]:
                problems.append("%s is taller than the drawer %s" % (p["args"][0], p["args"][1]))
            if a["max"][0] - a["min"][0] > cav["max"][0] - cav["min"][0]:
                problems.append("%s is wider than the drawer %s" % (p["args"][0], p["args"][1]))
    return problems


def example_files():
    files = sorted(glob.glob(os.path.join(EXAMPLES, "*.task.json")))
    only = os.environ.get("TASK_EXAMPLES")
    if only:
        keep = only.split(",")
        files = [f for f in files if os.path.basename(f)[:2] in keep]
    return files


# Every kind of the asset library, a few per scene (the examples do not use them all).
KIND_GROUPS = [
    ["cube", "ball", "nut", "ring", "book", "mug", "can", "bottle", "peg", "cylinder"],
    ["caddy", "tray", "knob", "faucet", "door", "domino"],
    ["crank", "rack", "wall", "socket", "dial", "button"],
    ["table", "shelf", "microwave", "stove", "coffee_machine", "window"],
    ["block", "puck", "bowl", "plate", "box", "basket", "bin", "container", "gear", "cabinet"],
    ["ramp", "platform", "lever", "pendulum", "ball"],
]
ONE_PART = {"microwave": ["door"], "stove": ["knob"], "button": ["button"], "dial": ["dial"], "knob": ["knob"],
            "faucet": ["handle"], "window": ["sash"], "door": ["door"], "gear": ["gear"], "crank": ["crank"], "cabinet": ["drawer"],
            "lever": ["beam"], "pendulum": ["arm"]}


def kinds_spec(kinds):
    objs = [{"id": k + "_1", "kind": k, "label": k, "colour": None, "rgba": None, "size": "medium", "material": None,
             "parts": ONE_PART.get(k, []), "params": {"direction": "side"} if k == "button" else {}} for k in kinds]
    return {"spec": "benchgen.task/v1", "prompt": "every kind: " + ", ".join(kinds), "preset": None, "objects": objs,
            "placements": [], "initial": [], "goal": [{"predicate": "at", "args": [objs[0]["id"], "goal"]}],
            "variation": {"variants": None, "ranges": {}}, "tier": 1}


def check_example(path, seeds=None, scales=None, plan=None):
    if isinstance(path, dict):
        spec = path
    else:
        with open(path) as f:
            spec = json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "task_script.py")
        with open(script, "w") as f:
            f.write(script_for(spec, **(plan or {})))
        problems = []
        for seed in seeds or SEEDS:
            for scale in scales or SCALES:
                try:
                    for p in check_variant(script, seed, scale, tmp):
                        problems.append("seed %d scale %s: %s" % (seed, scale, p))
                except AssertionError as e:
                    problems.append("seed %d scale %s: %s" % (seed, scale, e))
        return problems


class TaskCompilerTest(unittest.TestCase):
    def test_examples(self):
        files = example_files()
        self.assertTrue(files, "no examples")
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            results = list(pool.map(check_example, files))
        failures = []
        for path, problems in zip(files, results):
            if problems:
                failures.append("%s:\n  %s" % (os.path.basename(path), "\n  ".join(problems[:12])))
        self.assertFalse(failures, "\n".join(failures))

    def test_every_kind_builds_and_settles(self):
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            results = list(pool.map(lambda g: check_example(kinds_spec(g), [1, 2], [0.6, 1.4]), KIND_GROUPS))
        failures = ["%s:\n  %s" % (g, "\n  ".join(p[:12])) for g, p in zip(KIND_GROUPS, results) if p]
        self.assertFalse(failures, "\n".join(failures))

    def test_review_adjustments_and_floor_material(self):
        plan = {"adjustments": {"enlarge_payload": True, "highlight_payload": True, "brighten_scene": True},
                "floor_material": {"name": "ice", "density": 917, "friction": 0.05}}
        for name in ("01", "29"):
            path = [f for f in sorted(glob.glob(os.path.join(EXAMPLES, "*.task.json"))) if os.path.basename(f).startswith(name)][0]
            problems = check_example(path, [1], [1.0], plan)
            self.assertFalse(problems, "\n".join(problems))

    def test_script_is_single_file_with_placeholders_substituted(self):
        path = example_files()[0]
        with open(path) as f:
            text = script_for(json.load(f))
        self.assertNotIn("# @include", text)
        self.assertNotIn("__BENCHGEN_", text)


if __name__ == "__main__":
    unittest.main()
