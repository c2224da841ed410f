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
MAX_SPEED = 1e-3
INCLUDE = re.compile(r"^# @include lib/(\w+)\.py$", re.M)


def plan_for(spec):
    return {
        "family": "task", "spec": spec,
        "material": {"name": "wood", "density": 700, "friction": 0.6},
        "materials": MATERIALS,
        "floor_material": None,
        "adjustments": {"enlarge_payload": False, "highlight_payload": False, "brighten_scene": False},
        "ranges": {}, "rgba": None, "size": "medium",
    }


def script_for(spec, generator="task.py@test"):
    """The script the C# ScenarioCoder writes: includes pasted (trailing newlines trimmed), then placeholders."""
    with open(os.path.join(TEMPLATES, "task.py")) as f:
        template = f.read()

    def include(m):
        with open(os.path.join(TEMPLATES, "lib", m.group(1) + ".py")) as g:
            return g.read().rstrip("\n")
    text = INCLUDE.sub(include, template)
    values = {"__BENCHGEN_PROMPT__": repr(spec.get("prompt") or ""),
              "__BENCHGEN_PLAN__": repr(json.dumps(plan_for(spec), sort_keys=True)),
              "__BENCHGEN_GENERATOR__": repr(generator)}
    return re.sub("__BENCHGEN_(?:PROMPT|PLAN|GENERATOR)__", lambda m: values[m.group(0)], text)


_MJCHECK = []


def mjcheck_binary():
    if not _MJCHECK:
        out = os.path.join(tempfile.gettempdir(), "benchgen_mjcheck")
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
    if rep["warnings"]:
        problems.append("mujoco warnings %s" % rep["warnings"])
    bounds = defn["simulation_bounds"]
    for body, p in rep["bodies"].items():
        if not inside(p, bounds):
            problems.append("body %s starts outside the bounds at %s" % (body, p))
    ws = 0.6 * scale + 1e-6
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
    for key in ("family", "generator", "prompt", "seed", "scale", "build_zone", "goal_zone", "forbid_zones", "payload",
                "fixed_parts", "free_bodies", "simulation_bounds", "constraints", "randomization", "difficulty", "task"):
        if key not in defn:
            problems.append("definition lacks %s" % key)
    if "reference_solution" in defn:
        problems.append("definition carries a reference_solution (C# derives it)")
    if defn["payload"]["body"] not in rep["bodies"]:
        problems.append("payload body %s missing" % defn["payload"]["body"])
    return problems


def example_files():
    files = sorted(glob.glob(os.path.join(EXAMPLES, "*.task.json")))
    only = os.environ.get("TASK_EXAMPLES")
    if only:
        keep = only.split(",")
        files = [f for f in files if os.path.basename(f)[:2] in keep]
    return files


def check_example(path):
    with open(path) as f:
        spec = json.load(f)
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "task_script.py")
        with open(script, "w") as f:
            f.write(script_for(spec))
        problems = []
        for seed in SEEDS:
            for scale in SCALES:
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

    def test_script_is_single_file_with_placeholders_substituted(self):
        path = example_files()[0]
        with open(path) as f:
            text = script_for(json.load(f))
        self.assertNotIn("# @include", text)
        self.assertNotIn("__BENCHGEN_", text)


if __name__ == "__main__":
    unittest.main()
