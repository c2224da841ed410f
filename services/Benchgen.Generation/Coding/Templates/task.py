#!/usr/bin/env python3
"""Benchgen generator script, family "task": the one template of the task compiler.

Builds the scene a TaskSpec describes (PLAN["spec"], the normalized spec of Benchgen.Tasks/README.md §1) from the
parametric asset library: every object drawn from its own seeded random stream, fixtures laid out first, then free
objects by their placements, arrangements and initial predicates, the rest scattered on the floor clear of each other.
Articulated parts start at the joint values the initial predicates ask for. definition() adds the resolved task
(README §2): every object's body, extent, anchors and parts, the initial and goal predicates and the goal zone.

Standard library only. Deterministic: every random draw comes from random.Random(...) with a fixed order and every
number is written with a fixed format, so a seed always gives the same bytes.

Usage: python3 script.py --seed N [--scale S] [--definition]
"""
FAMILY = "task"
# @include lib/core.py
# @include lib/parts.py
# @include lib/assets.py
# @include lib/layout.py


SPEC = PLAN["spec"]
# A preset names itself in the model and the definition ("stack"); a composed task is "task".
FAMILY = SPEC.get("preset") or "task"

SHAPE_OF = {"ball": "sphere", "cylinder": "cylinder", "puck": "cylinder", "can": "cylinder", "bottle": "cylinder",
            "plate": "cylinder", "bowl": "cylinder", "mug": "cylinder", "ring": "cylinder", "nut": "cylinder"}


def layout(seed, scale=1.0):
    lay = Layout(seed, scale)
    s = scale
    # The build zone is the workspace square, grown to hold everything the layout placed.
    reach = max(max(abs(v) for v in (e["min"][0], e["min"][1], e["max"][0], e["max"][1]))
                for e in (out["world"]["extent"] for out in lay.placed.values()))
    half_ws = max(lay.half, reach + 0.02 * s)
    tallest = max(out["world"]["extent"]["max"][2] for out in lay.placed.values())
    top = max(0.5 * s, tallest + 0.3 * s)
    lay.build_zone, lay.simulation_bounds = workspace(half_ws, top, s)
    lay.goal_zone = clamp_box(lay.goal_zone, lay.build_zone, 0.01 * s)
    lay.forbid_zones = [clamp_box(b, lay.build_zone, 0.01 * s) for b in lay.make_forbid_zones()]
    return lay


def clamp_box(box, bounds, least):
    """The box cut to the bounds (the goal zone must lie inside the build zone); never thinner than `least`."""
    lo, hi = [], []
    for i in range(3):
        a = min(max(box["min"][i], bounds["min"][i]), bounds["max"][i] - least)
        b = max(min(box["max"][i], bounds["max"][i]), a + least)
        lo.append(a)
        hi.append(b)
    return {"min": lo, "max": hi}


def as_dict(lay):
    return {"build_zone": lay.build_zone, "goal_zone": lay.goal_zone, "forbid_zones": lay.forbid_zones,
            "simulation_bounds": lay.simulation_bounds}


def build(seed, scale=1.0):
    """MJCF for one variant of the scene."""
    lay = layout(seed, scale)
    floor_half = lay.simulation_bounds["max"][0]
    geoms = sum(out["geoms"] for out in lay.placed.values())
    lines = mjcf_open("task", seed, scale, floor_half, 3.0 * scale + lay.simulation_bounds["max"][2], 0)
    # Composed scenes have many geoms: room for every geom touching a few others, but a bounded constraint count
    # (MuJoCo 2.2 allocates njmax x njmax matrices, so 8 x nconmax as the families use would not fit in memory).
    nconmax = min(600, 150 + 3 * geoms)
    assert lines[4].startswith("  <size ")
    lines[4] = '  <size nconmax="%d" njmax="%d"/>' % (nconmax, min(2500, 4 * nconmax))
    lines.append(box_site("goal_zone", lay.goal_zone, GOAL_RGBA))
    for i, box in enumerate(lay.forbid_zones):
        lines.append(box_site("forbid_zone_%d" % i, box, FORBID_RGBA))
    for o in lay.objects:
        lines += lay.placed[o["id"]]["xml"]
    lines.append("  </worldbody>")
    equality = list(lay.equality)
    for o in lay.objects:
        equality += lay.placed[o["id"]]["equality"]
    if equality:
        lines += ["  <equality>"] + equality + ["  </equality>"]
    lines += ["</mujoco>", ""]
    return "\n".join(lines)


def payload_body(lay):
    ref = lay.part_of(lay.payload_ref) if "." in lay.payload_ref else None
    out = lay.placed[lay.payload_id]
    if ref and ref[1] in out["parts"]:
        return out["parts"][ref[1]]["body"]
    return lay.payload_id


def definition(seed, scale=1.0):
    """The benchmark definition for one variant (axis-aligned boxes are {min: [x, y, z], max: [x, y, z]})."""
    lay = layout(seed, scale)
    d = as_dict(lay)
    body = payload_body(lay)
    po = lay.byid[lay.payload_id]
    out = lay.placed[lay.payload_id]
    mass = out["masses"].get(body, 0.0)
    free_bodies, fixed_parts = [], [{"name": "floor", "shape": "plane", "pos": [0.0, 0.0, 0.0]}]
    objects = []
    for o in lay.objects:
        res = lay.placed[o["id"]]
        free_bodies += res["free"]
        if not res["free"]:
            fixed_parts.append({"name": o["id"], "shape": o["kind"], "pos": [r5(v) for v in lay.pos[o["id"]]]})
        objects.append({
            "id": o["id"], "kind": o["kind"], "label": o.get("label") or o["kind"], "body": o["id"],
            "free": o["kind"] in FREE_KINDS, "colour": o.get("colour"),
            "rgba": [r5(v) for v in obj_rgba(o, KIND_RGBA.get(o["kind"], FIXTURE_BODY_RGBA))],
            "extent": res["extent"], "anchors": res["anchors"], "parts": res["parts"],
        })
    return {
        **definition_head(seed, scale, d),
        "payload": {
            "body": body,
            "label": po.get("label") or po["kind"],
            "shape": SHAPE_OF.get(po["kind"], "box") if body == lay.payload_id else "box",
            "material": obj_material(po)[0],
            "mass": r5(mass),
            "start": [r5(v) for v in out["world"]["body_pos"].get(body, lay.pos[lay.payload_id])],
            "jitter": [0.0, 0.0, 0.0],
        },
        "fixed_parts": fixed_parts,
        "free_bodies": free_bodies,
        "simulation_bounds": box_json(lay.simulation_bounds),
        "constraints": {
            "max_unit_cost": r5(100.0 * max(1, len(free_bodies))),
            "max_weight": r5(max(1.0, 20.0 * mass)),
        },
        # What the seeds draw beyond the library's own spreads: the spec's variation ranges (factors and fractions).
        "randomization": dict((k, [r5(v) for v in r]) for k, r in sorted(((SPEC.get("variation") or {}).get("ranges") or {}).items())),
        "difficulty": None,  # measured by the validator (replay, random baseline) and written into benchmark.json
        "task": {
            "spec": SPEC.get("spec", "benchgen.task/v1"),
            "tier": SPEC.get("tier", 1),
            "preset": SPEC.get("preset"),
            "objects": objects,
            "initial": SPEC.get("initial") or [],
            "goal": SPEC.get("goal") or [],
            "zones": {"goal": box_json(lay.goal_zone)},
        },
    }


if __name__ == "__main__":
    main()
