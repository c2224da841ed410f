#!/usr/bin/env python3
"""Drive `benchgen env` with the standard library only: push SUBJECT for 1 s, then grade.
Usage: env_client.py BENCHMARK SUBJECT [BENCHGEN]   e.g. env_client.py bm-… cabinet_1.drawer_middle"""
import json, subprocess, sys

bench, subject = sys.argv[1], sys.argv[2]
cmd = (sys.argv[3] if len(sys.argv) > 3 else "./benchgen").split() + ["env", bench]
env = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

def call(**request):
    env.stdin.write(json.dumps(request) + "\n"); env.stdin.flush()
    answer = json.loads(env.stdout.readline())
    if not answer["ok"]: raise RuntimeError(answer["error"])
    return answer

obs = call(op="reset")["observation"]
push = {"subject": subject, "effort": 5.0} if "." in subject else {"subject": subject, "force": [1.0, 0.0, 0.0]}
for _ in range(50):  # 50 requests x 10 steps (2 ms each) = 1 s of holding the action
    obs = call(op="step", action={"hand": [push]}, steps=10)["observation"]
print(obs["time"], [(g["predicate"], g["holds"]) for g in obs["goal"]])
print(json.dumps(call(op="grade")["evaluation"]["goal"]))
call(op="close")
