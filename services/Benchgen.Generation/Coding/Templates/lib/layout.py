# Benchgen generator-script library "layout": the placement and arrangement solver of the task compiler, pasted into
# every script that includes it, so each script stays a single standard-library file. Edit here, not in the generated
# scripts. Needs lib/core.py and lib/assets.py included before it.
#
# Directions are in the default camera's frame: the viewer looks along +y, so right_of = +x, left_of = -x,
# in_front_of = -y, behind = +y. The workspace is the floor square |x|, |y| <= 0.6 * scale.

CONTAINER_KINDS = {"basket", "bin", "tray", "container", "caddy"}
FREE_KINDS = {"block", "cube", "cylinder", "ball", "puck", "peg", "nut", "ring", "bowl", "plate", "mug", "can", "bottle",
              "box", "book", "domino"}
DIRECTIONS = {"right_of": (1.0, 0.0), "left_of": (-1.0, 0.0), "behind": (0.0, 1.0), "in_front_of": (0.0, -1.0)}
SUPPORT_ANCHOR = {"on": "top", "in": "inside", "under": "under"}
PART_PREDICATES = {"open", "closed", "turned_on", "turned_off", "pressed", "rotated"}
TRIES = 200


def split_ref(ref):
    if "." in ref:
        a, b = ref.split(".", 1)
        return a, b
    return ref, None


def rect_of(pos, rel):
    """Floor rectangle [x0, y0, x1, y1] of a footprint given relative to pos."""
    return [pos[0] + rel[0], pos[1] + rel[1], pos[0] + rel[2], pos[1] + rel[3]]


def rect_gap(a, b):
    """Separation of two rectangles (negative when they overlap)."""
    dx = max(a[0] - b[2], b[0] - a[2])
    dy = max(a[1] - b[3], b[1] - a[3])
    return max(dx, dy)


def world_box_centre(box):
    return [(box["min"][i] + box["max"][i]) / 2 for i in range(3)]


class Layout:
    """Every dimension, position and joint value of one variant, drawn in a fixed order."""

    def __init__(self, seed, s):
        check_scale(s)
        self.seed, self.s = int(seed), s
        self.half = 0.6 * s
        self.rng = random.Random("%d:layout" % int(seed))
        self.objects = [dict(o) for o in SPEC["objects"]]
        self.byid = dict((o["id"], o) for o in self.objects)
        self.goal = SPEC.get("goal") or []
        self.initial = SPEC.get("initial") or []
        for o in self.objects:
            if o["kind"] not in ASSETS:
                raise ValueError("no asset for kind %r (object %s)" % (o["kind"], o["id"]))
        self.payload_ref = self.goal[0]["args"][0] if self.goal and self.goal[0]["args"] else self.objects[0]["id"]
        self.payload_id = split_ref(self.payload_ref)[0]
        adjust = PLAN.get("adjustments") or {}
        if self.payload_id in self.byid:
            # Enlarging a payload that has to fit into something (a drawer, a bowl, a hole) could make the task
            # impossible: those keep their size and are only highlighted.
            fits = any(p["predicate"] in ("in", "under", "inserted") and p.get("args") and split_ref(p["args"][0])[0] == self.payload_id
                       for p in self.goal)
            if adjust.get("enlarge_payload") and not fits:
                self.byid[self.payload_id]["_enlarge"] = True
            if adjust.get("highlight_payload"):
                self.byid[self.payload_id]["_highlight"] = True
        self.read_relations()
        self.ranges = (SPEC.get("variation") or {}).get("ranges") or {}
        self.draw_dimensions()
        # A long row needs a wider workspace than the default square (the build zone grows with it).
        self.half = max(self.half, max([self.arrangement_span(a) / 2 + 0.1 * s for a in self.arrangements] + [0.0]))
        self.states = self.part_states()
        self.placed, self.pos, self.support = {}, {}, {}
        self.floor_rects = []          # (id, rect, gap) of everything standing on the floor
        self.anchor_rects = {}         # (target id, anchor) -> rects of what stands on / in it
        self.equality = []
        for o in self.objects:
            if o["kind"] not in FREE_KINDS:
                self.place(o["id"])
        for o in self.objects:
            self.place(o["id"])
        self.goal_zone = self.make_goal_zone()

    # ------------------------------------------------------------ reading the spec

    def read_relations(self):
        self.rel, self.meshes, self.arrangements, self.member = {}, {}, [], {}
        for p in SPEC.get("placements") or []:
            if p.get("arrangement"):
                self.add_arrangement(p["arrangement"], list(p["objects"]), p.get("target") or "floor")
            elif p.get("relation") == "meshes_with":
                self.meshes[p["object"]] = p["target"]
            elif p.get("relation"):
                self.rel.setdefault(p["object"], (p["relation"], p["target"]))
        # Initial predicates on free objects act as placements.
        for p in self.initial:
            a = p.get("args") or []
            if p["predicate"] in ("on", "in", "inserted", "under") and len(a) >= 2 and "." not in a[0]:
                self.rel.setdefault(a[0], (p["predicate"], a[1]))
            elif p["predicate"] == "stacked" and len(a) >= 2 and not any(x in self.member for x in a):
                target = self.rel.get(a[0], ("on", "floor"))[1]
                self.add_arrangement("tower", list(a), target)

    def add_arrangement(self, kind, members, target):
        arr = {"kind": kind, "objects": members, "target": target}
        self.arrangements.append(arr)
        for m in members:
            self.member.setdefault(m, arr)

    def related(self, a, b):
        """Objects of the spec that one predicate or placement names together."""
        pairs = []
        for p in list(self.initial) + list(self.goal):
            ids = [split_ref(x)[0] for x in p.get("args") or []]
            pairs.append(ids)
        for p in SPEC.get("placements") or []:
            if p.get("object"):
                pairs.append([split_ref(p["object"])[0], split_ref(p.get("target") or "floor")[0]])
        return any(a in ids and b in ids for ids in pairs)

    def matched_groups(self):
        """Objects of one kind and size that the task builds into one structure (a tower, a pyramid, a row: stacked,
        on or next_to each other in the goal, or an arrangement) are one size within a scene, so the structure can
        stand; every object's id maps to its group's first id."""
        root = dict((o["id"], o["id"]) for o in self.objects)

        def find(x):
            while root[x] != x:
                x = root[x]
            return x

        def join(ids):
            ids = [i for i in ids if i in self.byid]
            for a, b in zip(ids, ids[1:]):
                oa, ob = self.byid[a], self.byid[b]
                if oa["kind"] == ob["kind"] and oa.get("size") == ob.get("size"):
                    ra, rb = find(a), find(b)
                    if ra != rb:
                        root[max(ra, rb)] = min(ra, rb)

        for p in self.goal:
            args = [split_ref(a)[0] for a in p.get("args") or []]
            if p["predicate"] == "stacked" or (p["predicate"] in ("on", "next_to") and len(args) == 2):
                join(args)
        for p in SPEC.get("placements") or []:
            if p.get("arrangement"):
                join(p.get("objects") or [])
        return dict((i, find(i)) for i in root)

    def draw_dimensions(self):
        """Each object draws from its own random.Random("seed:id") — a structure's objects from their group's — so
        draws never depend on the other objects."""
        self.dims = {}
        group = self.matched_groups()
        for arr in self.arrangements:
            if arr["kind"] in ("tower", "staggered_tower"):
                # A tower tapers by 1.5 % a block, so every block rests wholly on the one below: blocks of one size
                # with coincident edges chatter on MuJoCo's box-box contacts and tall towers creep over.
                for i, m in enumerate(arr["objects"]):
                    if m in self.byid:
                        self.byid[m]["_taper"] = 0.985 ** i
        for o in self.objects:
            # variation.ranges: "<id>.size" scales the object as a whole (a structure's objects share their group's
            # draw), "<lever id>.fulcrum" moves the lever's pivot along its beam; each from its own stream.
            g = group[o["id"]]
            for name, key in (("size", "_size_factor"), ("fulcrum", "_fulcrum")):
                r = self.ranges.get("%s.%s" % (g, name)) or self.ranges.get("%s.%s" % (o["id"], name))
                if r:
                    o[key] = random.Random("%d:%s:%s" % (self.seed, g, name)).uniform(r[0], r[1])
        containers = set(o["id"] for o in self.objects if o["kind"] in CONTAINER_KINDS)
        late = set(["socket", "lever"])
        for o in self.objects:
            if o["kind"] not in late and o["id"] not in containers:
                self.dims[o["id"]] = ASSETS[o["kind"]](o, random.Random("%d:%s" % (self.seed, group[o["id"]])), self.s)
        for o in self.objects:
            if o["id"] in containers:
                # What starts inside: the floor area its objects need side by side (1.6x their footprint squares) and
                # the tallest of them.
                load = [m for m, (rel, target) in self.rel.items() if rel == "in" and split_ref(target)[0] == o["id"] and m in self.dims]
                d = [2 * max(self.dims[m]["footprint"]) + 0.012 * self.s for m in load]
                o["_load"] = (1.6 * sum(x * x for x in d), max([self.dims[m]["height"] for m in load] + [0.0]))
                self.dims[o["id"]] = ASSETS[o["kind"]](o, random.Random("%d:%s" % (self.seed, group[o["id"]])), self.s)
        for o in self.objects:
            if o["kind"] == "lever":
                # What starts on the beam's ends, {anchor: (mass, half length along the beam)}: the lever balances it.
                load = {}
                for m, (rel, target) in self.rel.items():
                    tid, anchor = split_ref(target)
                    if rel == "on" and tid == o["id"] and anchor in ("end_left", "end_right") and m in self.dims:
                        load[anchor] = (self.dims[m].get("mass", 0.0), self.dims[m]["footprint"][0])
                o["_load"] = load
                self.dims[o["id"]] = ASSETS["lever"](o, random.Random("%d:%s" % (self.seed, group[o["id"]])), self.s)
        for o in self.objects:
            if o["kind"] == "socket":
                fits = [self.dims[p["id"]]["half_width"] for p in self.objects if p["kind"] == "peg" and self.related(p["id"], o["id"])]
                if fits:
                    o["_fit"] = max(fits)
                self.dims[o["id"]] = ASSETS["socket"](o, random.Random("%d:%s" % (self.seed, o["id"])), self.s)

    def part_of(self, ref):
        """(object id, part name) of a part reference; an object with exactly one part may be named without it."""
        oid, part = split_ref(ref)
        o = self.byid.get(oid)
        if o is None:
            return None
        parts = o.get("parts") or []
        if part is None:
            if len(parts) == 1 and o["kind"] not in FREE_KINDS:
                part = parts[0]
            else:
                return None
        return oid, part

    def part_states(self):
        """Initial joint values as (end, fraction) of the part's ends; the default is closed / off / rest, or the
        other end when the goal asks for that one, so the goal never holds at t = 0."""
        states = dict((o["id"], {}) for o in self.objects)
        ends = {"open": ("open", 0.8), "closed": ("closed", 1.0), "turned_on": ("on", 1.0), "turned_off": ("off", 1.0),
                "pressed": ("pressed", 1.0)}
        for p in self.goal:
            if p["predicate"] in ("closed", "turned_off") and p.get("args"):
                ref = self.part_of(p["args"][0])
                if ref:
                    states[ref[0]][ref[1]] = ("open", 0.8) if p["predicate"] == "closed" else ("on", 1.0)
        for p in self.initial:
            if p["predicate"] in ends and p.get("args"):
                ref = self.part_of(p["args"][0])
                if ref:
                    states[ref[0]][ref[1]] = ends[p["predicate"]]
        return states

    # ------------------------------------------------------------ placing

    def arrangement_span(self, arr):
        """Floor length of a row arrangement (0 for the compact ones)."""
        if arr["kind"] != "row":
            return 0.0
        members = [m for m in arr["objects"] if m in self.dims]
        if not members:
            return 0.0
        fx = max(self.dims[m]["footprint"][0] for m in members)
        return (len(members) - 1) * self.row_step(members) + 2 * fx

    def row_step(self, members):
        fx = max(self.dims[m]["footprint"][0] for m in members)
        dominoes = all(self.byid[m]["kind"] == "domino" for m in members)
        height = max(self.dims[m]["height"] for m in members)
        # Dominoes stand more than 1.5x their height apart: toppling one does not knock the next.
        return 1.6 * height if dominoes else 2 * fx + 0.03 * self.s

    def footprint_rect(self, oid):
        d = self.dims[oid]
        if d.get("reserve"):
            return list(d["reserve"])
        hx, hy = d["footprint"]
        return [-hx, -hy, hx, hy]

    def gap(self, oid):
        return (0.06 if self.byid[oid]["kind"] not in FREE_KINDS else 0.045) * self.s

    def goal_conflict(self, oid, centre, rect):
        """True when putting oid here would make a spatial goal hold at t = 0."""
        for p in self.goal:
            a = p.get("args") or []
            if len(a) < 2 or "." in a[0] or "." in a[1]:
                continue
            if p["predicate"] in DIRECTIONS or p["predicate"] == "next_to":
                if oid == a[0] and a[1] in self.placed:
                    other, mine, sign = a[1], centre, 1.0
                elif oid == a[1] and a[0] in self.placed:
                    other, mine, sign = a[0], centre, -1.0
                else:
                    continue
                ob = self.placed[other]["world"]["extent"]
                oc = world_box_centre(ob)
                if p["predicate"] == "next_to":
                    orect = [ob["min"][0], ob["min"][1], ob["max"][0], ob["max"][1]]
                    if rect_gap(rect, orect) < 0.12 * self.s:
                        return True
                    continue
                dx, dy = DIRECTIONS[p["predicate"]]
                # The subject starts on the other side of the target (or level with it).
                if sign * ((mine[0] - oc[0]) * dx + (mine[1] - oc[1]) * dy) > 0.0:
                    return True
        return False

    def clear(self, oid, rect, skip=()):
        g = self.gap(oid)
        best = 1e9
        for other, r, og in self.floor_rects:
            if other in skip:
                continue
            best = min(best, rect_gap(rect, r) - max(g, og))
        return best

    def inside_ws(self, rect, margin):
        return rect[0] >= -self.half + margin and rect[2] <= self.half - margin and rect[1] >= -self.half + margin and rect[3] <= self.half - margin

    def scatter(self, oid, rel_rect, skip=()):
        """A random floor position clear of everything placed (rejection sampling with a fixed number of tries; the
        best candidate when none is clear)."""
        m = 0.02 * self.s
        x_lo, x_hi = -self.half + m - rel_rect[0], self.half - m - rel_rect[2]
        y_lo, y_hi = -self.half + m - rel_rect[1], self.half - m - rel_rect[3]
        if x_lo > x_hi:
            x_lo = x_hi = (x_lo + x_hi) / 2
        if y_lo > y_hi:
            y_lo = y_hi = (y_lo + y_hi) / 2
        best, best_score = None, -1e18
        for _ in range(TRIES):
            c = [self.rng.uniform(x_lo, x_hi), self.rng.uniform(y_lo, y_hi), 0.0]
            rect = rect_of(c, rel_rect)
            score = self.clear(oid, rect, skip)
            if self.goal_conflict(oid, c, rect):
                score -= 1.0
            if score >= 0.0:
                return c
            if score > best_score:
                best, best_score = c, score
        return best

    def commit(self, oid, pos, floor=True, anchor_key=None, rel_rect=None):
        out = self.dims[oid]["emit"](pos, self.states.get(oid, {}))
        self.placed[oid] = out
        self.pos[oid] = list(pos)
        if floor:
            rr = rel_rect or self.footprint_rect(oid)
            ext = out["world"]["extent"]
            rect = rect_of(pos, rr)
            rect = [min(rect[0], ext["min"][0]), min(rect[1], ext["min"][1]), max(rect[2], ext["max"][0]), max(rect[3], ext["max"][1])]
            self.floor_rects.append((oid, rect, self.gap(oid)))
        if anchor_key is not None:
            fx, fy = self.dims[oid]["footprint"]
            self.anchor_rects.setdefault(anchor_key, []).append([pos[0] - fx, pos[1] - fy, pos[0] + fx, pos[1] + fy])
        return out

    def place(self, oid):
        if oid in self.placed:
            return
        if oid in self.member:
            return self.place_arrangement(self.member[oid])
        if oid in self.meshes:
            return self.place_meshing(oid, self.meshes[oid])
        relation, target = self.rel.get(oid, ("on", "floor"))
        if target == "floor" or relation not in SUPPORT_ANCHOR and relation not in DIRECTIONS and relation not in ("inserted", "next_to"):
            return self.commit(oid, self.scatter(oid, self.footprint_rect(oid)))
        tid, part = split_ref(target)
        if tid not in self.byid:
            return self.commit(oid, self.scatter(oid, self.footprint_rect(oid)))
        self.place(tid)
        if relation in SUPPORT_ANCHOR:
            name = part or SUPPORT_ANCHOR[relation]
            box = self.placed[tid]["world"]["anchors"].get(name) or self.placed[tid]["world"]["anchors"]["top"]
            # On a named surface anchor (a lever's end) the object stands on top of it, as on an object's top.
            surface = relation == "on" and (not part or self.placed[tid]["anchors"].get(name, {}).get("kind") == "surface")
            pos = self.in_box(oid, (tid, name), box, surface)
            return self.commit(oid, pos, floor=(relation == "under"), anchor_key=(tid, name))
        if relation == "inserted":
            return self.insert(oid, tid)
        return self.beside(oid, relation, tid)

    def in_box(self, oid, key, box, surface):
        """A position for oid's base inside an anchor box: on its top (surface) or on its floor (cavity, under)."""
        fx, fy = self.dims[oid]["footprint"]
        x_lo, x_hi = box["min"][0] + fx, box["max"][0] - fx
        y_lo, y_hi = box["min"][1] + fy, box["max"][1] - fy
        if x_lo > x_hi:
            x_lo = x_hi = (box["min"][0] + box["max"][0]) / 2
        if y_lo > y_hi:
            y_lo = y_hi = (box["min"][1] + box["max"][1]) / 2
        z = box["max"][2] if surface else box["min"][2]
        others = self.anchor_rects.get(key, [])
        best, best_score = None, -1e18

        def score_of(c):
            rect = [c[0] - fx, c[1] - fy, c[0] + fx, c[1] + fy]
            return min([rect_gap(rect, r) - 0.006 * self.s for r in others] + [1.0])
        for _ in range(60):
            c = [self.rng.uniform(x_lo, x_hi), self.rng.uniform(y_lo, y_hi), z]
            score = score_of(c)
            if score >= 0.0:
                return c
            if score > best_score:
                best, best_score = c, score
        # A full box: scan it on a grid from a corner (a packed layer), so everything that fits finds its place.
        step = max(1e-4, 0.25 * min(fx, fy))
        nx, ny = int((x_hi - x_lo) / step) + 1, int((y_hi - y_lo) / step) + 1
        for j in range(ny):
            for i in range(nx):
                c = [x_lo + i * step, y_lo + j * step, z]
                score = score_of(c)
                if score >= 0.0:
                    return c
                if score > best_score:
                    best, best_score = c, score
        return best

    def insert(self, oid, tid):
        box = self.placed[tid]["world"]["anchors"]["hole"]
        c = world_box_centre(box)
        if self.dims[tid].get("side"):
            # Lying along the hole's axis (+y), 60 % of its length inside: its centre of mass rests on the hole floor.
            length = self.dims[oid]["length"]
            self.byid[oid]["_pose"] = "y"
            pos = [c[0], box["min"][1] + 0.1 * length, box["min"][2]]
        else:
            pos = [c[0], c[1], box["min"][2]]
        return self.commit(oid, pos, floor=False, anchor_key=(tid, "hole"))

    def beside(self, oid, relation, tid):
        ext = self.placed[tid]["world"]["extent"]
        tc = world_box_centre(ext)
        th = [(ext["max"][i] - ext["min"][i]) / 2 for i in range(2)]
        rr = self.footprint_rect(oid)
        mh = [(rr[2] - rr[0]) / 2, (rr[3] - rr[1]) / 2]
        z = self.pos[tid][2]
        on_floor = z <= 1e-9
        if relation == "next_to":
            k = self.rng.randrange(4)
            dirs = [list(DIRECTIONS.values())[(k + i) % 4] for i in range(4)]
        else:
            dirs = [DIRECTIONS[relation]]
        best, best_score = None, -1e18
        for t in range(40):
            dx, dy = dirs[t % len(dirs)]
            g = self.rng.uniform(0.04, 0.08) * self.s
            lateral = self.rng.uniform(-0.3, 0.3)
            cx = tc[0] + dx * (th[0] + mh[0] + g) + (0.0 if dx else lateral * th[0])
            cy = tc[1] + dy * (th[1] + mh[1] + g) + (0.0 if dy else lateral * th[1])
            # Centre of the footprint rect -> base centre.
            c = [cx - (rr[0] + rr[2]) / 2, cy - (rr[1] + rr[3]) / 2, z]
            rect = rect_of(c, rr)
            score = self.clear(oid, rect, skip=(tid,)) if on_floor else 0.0
            if not self.inside_ws(rect, 0.01 * self.s):
                score -= 1.0
            if score >= 0.0:
                return self.commit(oid, c, floor=on_floor)
            if score > best_score:
                best, best_score = c, score
        return self.commit(oid, best, floor=on_floor)

    def place_meshing(self, oid, tid):
        self.place(tid)
        r1 = self.dims[tid]["pitch_radius"]
        r2 = self.dims[oid]["pitch_radius"]
        d = r1 + r2
        tc = self.pos[tid]
        rr = self.footprint_rect(oid)
        k0 = self.rng.randrange(8)
        best, best_score = None, -1e18
        for i in range(8):
            a = 2 * math.pi * ((k0 + i) % 8) / 8
            c = [tc[0] + d * math.cos(a), tc[1] + d * math.sin(a), 0.0]
            rect = rect_of(c, rr)
            score = self.clear(oid, rect, skip=(tid,))
            if not self.inside_ws(rect, 0.01 * self.s):
                score -= 1.0
            if score >= 0.0:
                best = c
                break
            if score > best_score:
                best, best_score = c, score
        # Half a tooth out of phase so the teeth interleave.
        self.byid[oid]["_phase"] = True
        out = self.commit(oid, best)
        j1 = self.placed[oid]["parts"]["gear"]["joint"]
        j2 = self.placed[tid]["parts"]["gear"]["joint"]
        # Meshing gears turn opposite ways at the ratio of their pitch radii: q_out = -(r_in / r_out) q_in.
        self.equality.append('    <joint name="%s_meshes_%s" joint1="%s" joint2="%s" polycoef="0 %s 0 0 0"/>' % (
            oid, tid, j1, j2, fmt(-r1 / r2)))
        return out

    def place_arrangement(self, arr):
        members = [m for m in arr["objects"] if m in self.byid]
        kind = arr["kind"]
        n = len(members)
        fx = max(self.dims[m]["footprint"][0] for m in members)
        fy = max(self.dims[m]["footprint"][1] for m in members)
        s = self.s
        if kind == "tower":
            offsets = [[0.0, 0.0]] * n
        elif kind == "staggered_tower":
            # Alternate blocks shift sideways by 2-6 % of the narrower footprint: larger offsets make MuJoCo 2.2's
            # box-box contacts chatter, so the tower never comes to rest.
            stagger = self.rng.uniform(0.02, 0.06)
            w = min(self.dims[m].get("half_width", self.dims[m]["footprint"][0]) for m in members)
            offsets = [[0.0 if i == 0 else (1.0 if i % 2 else -1.0) * stagger * w, 0.0] for i in range(n)]
        elif kind == "pyramid":
            k = 1
            while k * (k + 1) // 2 < n:
                k += 1
            step = 2 * fx + 0.004 * s
            offsets, rows = [], []
            row, left = 0, n
            while left > 0:
                cnt = min(k - row, left)
                for i in range(cnt):
                    offsets.append([(i - (k - row - 1) / 2.0) * step, 0.0])
                    rows.append(row)
                left -= cnt
                row += 1
        elif kind == "row":
            step = self.row_step(members)
            offsets = [[(i - (n - 1) / 2.0) * step, 0.0] for i in range(n)]
        elif kind == "ring":
            radius = max(0.08 * s, n * (2 * max(fx, fy) + 0.02 * s) / (2 * math.pi))
            offsets = [[radius * math.cos(2 * math.pi * i / n), radius * math.sin(2 * math.pi * i / n)] for i in range(n)]
        else:  # pile: a loose cluster, nothing overlapping
            offsets = []
            cols = int(math.ceil(math.sqrt(n)))
            step = 2 * max(fx, fy) + 0.012 * s
            for i in range(n):
                offsets.append([(i % cols - (cols - 1) / 2.0) * step + self.rng.uniform(-0.004, 0.004) * s,
                                (i // cols - (cols - 1) / 2.0) * step + self.rng.uniform(-0.004, 0.004) * s])
        xs = [p[0] for p in offsets]
        ys = [p[1] for p in offsets]
        rel_rect = [min(xs) - fx, min(ys) - fy, max(xs) + fx, max(ys) + fy]
        target = arr["target"] or "floor"
        tid, part = split_ref(target)
        if tid in self.byid:
            self.place(tid)
            name = part or "top"
            box = self.placed[tid]["world"]["anchors"].get(name) or self.placed[tid]["world"]["anchors"]["top"]
            c = world_box_centre(box)
            centre = [c[0], c[1], box["max"][2] if not part else box["min"][2]]
            floor = False
        else:
            centre = self.scatter(members[0], rel_rect)
            floor = True
        tops = {}
        for i, m in enumerate(members):
            if kind in ("tower", "staggered_tower"):
                z = centre[2] if i == 0 else self.placed[members[i - 1]]["world"]["anchors"]["top"]["max"][2]
            elif kind == "pyramid" and rows[i] > 0:
                below = [j for j in range(i) if rows[j] == rows[i] - 1 and abs(offsets[j][0] - offsets[i][0]) < 2 * fx]
                z = max(tops[j] for j in below) if below else centre[2]
            else:
                z = centre[2]
            pos = [centre[0] + offsets[i][0], centre[1] + offsets[i][1], z]
            self.commit(m, pos, floor=False)
            tops[i] = self.placed[m]["world"]["anchors"]["top"]["max"][2]
        if floor:
            self.floor_rects.append((members[0], rect_of(centre, rel_rect), self.gap(members[0])))

    # ------------------------------------------------------------ the goal zone

    def object_height(self, oid):
        ext = self.placed[oid]["world"]["extent"]
        return ext["max"][2] - ext["min"][2]

    def make_goal_zone(self):
        s = self.s
        for p in self.goal:
            if p["predicate"] == "at" and p.get("args"):
                rule = (SPEC.get("zones") or {}).get("goal")
                if rule:
                    return self.ruled_goal_zone(split_ref(p["args"][0])[0], rule)
                return self.at_zone(split_ref(p["args"][0])[0])
        for p in self.goal:
            z = self.zone_for(p)
            if z is not None:
                return z
        ext = self.placed[self.payload_id]["world"]["extent"]
        return {"min": list(ext["min"]), "max": list(ext["max"])}

    def at_zone(self, oid):
        s = self.s
        half = self.rng.uniform(0.06, 0.1) * s
        start = self.pos[oid]
        best, best_score = None, -1e18
        for _ in range(TRIES):
            d = self.rng.uniform(0.25, 0.45) * s
            a = self.rng.uniform(0.0, 2 * math.pi)
            c = [start[0] + d * math.cos(a), start[1] + d * math.sin(a)]
            rect = [c[0] - half, c[1] - half, c[0] + half, c[1] + half]
            if not self.inside_ws(rect, 0.0):
                # A goal zone outside the workspace could not be reached while building only there.
                continue
            score = min([rect_gap(rect, r) - 0.01 * s for o, r, g in self.floor_rects if o != oid] + [1.0])
            if score >= 0.0:
                best = c
                break
            if score > best_score:
                best, best_score = c, score
        if best is None:
            # Every sampled direction left the workspace: towards the centre always fits.
            r = math.hypot(start[0], start[1]) or 1.0
            best = [start[0] - 0.3 * s * start[0] / r, start[1] - 0.3 * s * start[1] / r]
        h = max(0.05 * s, 1.5 * self.object_height(oid))
        return {"min": [best[0] - half, best[1] - half, 0.0], "max": [best[0] + half, best[1] + half, h]}

    def extent_of(self, ref):
        oid, part = split_ref(ref)
        world = self.placed[oid]["world"]
        if part and part in world["parts"]:
            return world["parts"][part]
        if part and part in world["anchors"]:
            return world["anchors"][part]
        return world["extent"]

    def ruled_goal_zone(self, oid, rule):
        """The goal zone of at(oid, goal) placed by SPEC zones.goal: on(x) above the surface anchor x, beyond(x) on the
        floor past x as seen from oid's start."""
        s = self.s
        h = max(0.05 * s, 1.5 * self.object_height(oid))
        ref = rule["args"][0]
        if rule["region"] == "on":
            box = self.anchor_box(ref, "top")
            return {"min": [box["min"][0], box["min"][1], box["max"][2]], "max": [box["max"][0], box["max"][1], box["max"][2] + h]}
        # beyond: along the dominant axis from the start through x, just past x's far side.
        ext = self.extent_of(ref)
        c, start = world_box_centre(ext), self.pos[oid]
        axis = 0 if abs(c[0] - start[0]) >= abs(c[1] - start[1]) else 1
        sign = 1.0 if c[axis] >= start[axis] else -1.0
        half = self.rng.uniform(0.05, 0.09) * s
        centre = [c[0], c[1]]
        far = ext["max"][axis] if sign > 0 else ext["min"][axis]
        centre[axis] = far + sign * (self.rng.uniform(0.04, 0.12) * s + half)
        other = 1 - axis
        centre[other] = start[other]
        return {"min": [centre[0] - half, centre[1] - half, 0.0], "max": [centre[0] + half, centre[1] + half, h]}

    def make_forbid_zones(self):
        """SPEC zones.forbid, each placed against the scene (Benchgen.Tasks README §1)."""
        s = self.s
        out = []
        for rule in (SPEC.get("zones") or {}).get("forbid") or []:
            region, args = rule["region"], rule.get("args") or []
            if region == "beyond_goal":
                # Just past the goal zone along the dominant start-to-goal axis: overshooting is penalised.
                # When that side leaves the workspace, the zone flanks the goal sideways instead.
                g = self.goal_zone
                gc, start = world_box_centre(g), self.pos[self.payload_id]
                axis = 0 if abs(gc[0] - start[0]) >= abs(gc[1] - start[1]) else 1
                sign = 1.0 if gc[axis] >= start[axis] else -1.0
                half = self.rng.uniform(0.06, 0.12) * s
                box, best = None, -1e18
                for ax, sg in ((axis, sign), (1 - axis, 1.0), (1 - axis, -1.0)):
                    c = [gc[0], gc[1]]
                    c[ax] = (g["max"][ax] if sg > 0 else g["min"][ax]) + sg * (0.04 * s + half)
                    fit = min(self.half - abs(c[0]) - half, self.half - abs(c[1]) - half)
                    if fit > best:
                        box, best = {"min": [c[0] - half, c[1] - half, 0.0], "max": [c[0] + half, c[1] + half, 0.3 * s]}, fit
                    if fit >= 0.0:
                        break
            elif region == "beyond":
                # A low floor box past x's far side as seen from the payload's start (approach from the near side).
                e, start = self.extent_of(args[0]), self.pos[self.payload_id]
                c = world_box_centre(e)
                axis = 0 if abs(c[0] - start[0]) >= abs(c[1] - start[1]) else 1
                sign = 1.0 if c[axis] >= start[axis] else -1.0
                half = 0.08 * s
                f = [c[0], c[1]]
                f[axis] = (e["max"][axis] if sign > 0 else e["min"][axis]) + sign * (0.05 * s + half)
                box = {"min": [f[0] - half, f[1] - half, 0.0], "max": [f[0] + half, f[1] + half, 0.1 * s]}
            elif region == "around":
                e, m = self.extent_of(args[0]), 0.02 * s
                box = {"min": [e["min"][0] - m, e["min"][1] - m, 0.0], "max": [e["max"][0] + m, e["max"][1] + m, e["max"][2] + m]}
            elif region == "between":
                a, b = self.extent_of(args[0]), self.extent_of(args[1])
                axis = 0 if max(a["min"][0] - b["max"][0], b["min"][0] - a["max"][0]) >= max(a["min"][1] - b["max"][1], b["min"][1] - a["max"][1]) else 1
                lo, hi = (a, b) if a["max"][axis] <= b["min"][axis] else (b, a)
                other = 1 - axis
                box = {"min": [0.0, 0.0, 0.0], "max": [0.0, 0.0, min(a["max"][2], b["max"][2])]}
                box["min"][axis], box["max"][axis] = lo["max"][axis], hi["min"][axis]
                box["min"][other] = max(a["min"][other], b["min"][other])
                box["max"][other] = min(a["max"][other], b["max"][other])
            elif region == "above":
                e = self.extent_of(args[0])
                box = {"min": [e["min"][0], e["min"][1], e["max"][2] + 0.015 * s], "max": [e["max"][0], e["max"][1], e["max"][2] + 0.12 * s]}
            elif region == "behind":
                e = self.extent_of(args[0])
                box = {"min": [e["min"][0], e["max"][1] + 0.01 * s, 0.0],
                       "max": [e["max"][0], e["max"][1] + 0.15 * s, max(0.05 * s, 0.6 * (e["max"][2] - e["min"][2]))]}
            else:
                raise ValueError("unknown forbid region %r" % region)
            out.append(box)
        return out

    def anchor_box(self, ref, default):
        tid, part = split_ref(ref)
        if tid not in self.placed:
            return None
        anchors = self.placed[tid]["world"]["anchors"]
        return anchors.get(part or default) or anchors.get(default) or anchors["top"]

    def zone_for(self, p):
        s = self.s
        pred, args = p["predicate"], p.get("args") or []
        if not args:
            return None
        if pred in PART_PREDICATES:
            ref = self.part_of(args[0])
            if ref is None:
                return None
            box = self.placed[ref[0]]["world"]["parts"].get(ref[1])
            if box is None:
                return None
            m = 0.01 * s
            return {"min": [box["min"][i] - m for i in range(3)], "max": [box["max"][i] + m for i in range(3)]}
        aid = split_ref(args[0])[0]
        if aid not in self.placed:
            return None
        a_part = split_ref(args[0])[1]
        if a_part and a_part in self.placed[aid]["world"]["parts"]:
            abox = self.placed[aid]["world"]["parts"][a_part]
        else:
            abox = self.placed[aid]["world"]["extent"]
        ah = abox["max"][2] - abox["min"][2]
        ahx, ahy = (abox["max"][0] - abox["min"][0]) / 2, (abox["max"][1] - abox["min"][1]) / 2
        b = args[1] if len(args) > 1 else None
        if pred in ("on", "in", "under") and b:
            if b == "floor":
                return {"min": [-self.half, -self.half, 0.0], "max": [self.half, self.half, ah]}
            box = self.anchor_box(b, SUPPORT_ANCHOR[pred])
            if box is None:
                return None
            bid, bpart = split_ref(b)
            joint = self.placed[bid]["world"].get("joints", {}).get(bpart) if bpart else None
            if joint and joint["type"] == "slide" and any(
                    g["predicate"] == "closed" and self.part_of(g["args"][0]) == (bid, bpart) for g in self.goal if g.get("args")):
                # "put it in the drawer and close it": the zone is the cavity of the closed drawer.
                d = [-joint["axis"][i] * joint["value"] for i in range(3)]
                box = {"min": [box["min"][i] + d[i] for i in range(3)], "max": [box["max"][i] + d[i] for i in range(3)]}
            if pred == "on":
                return {"min": [box["min"][0], box["min"][1], box["max"][2]], "max": [box["max"][0], box["max"][1], box["max"][2] + ah]}
            return {"min": list(box["min"]), "max": list(box["max"])}
        if pred == "stacked":
            box = self.placed[aid]["world"]["anchors"]["top"]
            h = sum(self.object_height(split_ref(x)[0]) for x in args[1:] if split_ref(x)[0] in self.placed)
            return {"min": [box["min"][0], box["min"][1], box["max"][2]], "max": [box["max"][0], box["max"][1], box["max"][2] + h]}
        if b and split_ref(b)[0] in self.placed:
            bid = split_ref(b)[0]
            bext = self.placed[bid]["world"]["extent"]
            bc = world_box_centre(bext)
            bh = [(bext["max"][i] - bext["min"][i]) / 2 for i in range(2)]
            z0 = self.pos[bid][2]
            if pred in DIRECTIONS:
                dx, dy = DIRECTIONS[pred]
                c = [bc[0] + dx * (bh[0] + ahx + 0.04 * s), bc[1] + dy * (bh[1] + ahy + 0.04 * s)]
                hx, hy = ahx + 0.03 * s, ahy + 0.03 * s
                return {"min": [c[0] - hx, c[1] - hy, z0], "max": [c[0] + hx, c[1] + hy, z0 + ah]}
            if pred == "next_to":
                m = 2 * max(ahx, ahy) + 0.04 * s
                return {"min": [bext["min"][0] - m, bext["min"][1] - m, z0], "max": [bext["max"][0] + m, bext["max"][1] + m, z0 + ah]}
            if pred in ("off", "out_of"):
                # The floor strip in front of the target, inside the workspace.
                y1 = max(-self.half + 0.02 * s, bext["min"][1] - 0.02 * s)
                y0 = max(-self.half, y1 - 0.2 * s)
                return {"min": [max(-self.half, bext["min"][0]), y0, 0.0], "max": [min(self.half, bext["max"][0]), y1, max(ah, 0.02 * s)]}
            if pred == "between" and len(args) > 2 and split_ref(args[2])[0] in self.placed:
                cext = self.placed[split_ref(args[2])[0]]["world"]["extent"]
                cc = world_box_centre(cext)
                return {"min": [min(bc[0], cc[0]), min(bc[1], cc[1]), 0.0], "max": [max(bc[0], cc[0]), max(bc[1], cc[1]), ah]}
        if pred == "toppled":
            c = world_box_centre(abox)
            r = ah + max(ahx, ahy)
            return {"min": [c[0] - r, c[1] - r, abox["min"][2]], "max": [c[0] + r, c[1] + r, abox["min"][2] + 2 * max(ahx, ahy)]}
        if pred == "lifted":
            h = float(p.get("value") or 0.1) * s
            return {"min": [abox["min"][0], abox["min"][1], abox["min"][2] + h], "max": [abox["max"][0], abox["max"][1], abox["max"][2] + h + 0.05 * s]}
        return None
