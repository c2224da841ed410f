/* mjcheck: load an MJCF file with MuJoCo 2.2.2 and report, as one JSON object on stdout:
 *   compile errors ("ok": false, "error": ...), the deepest contact penetration at t = 0 (metres, with the geom pair),
 *   every body's world position at t = 0, every hinge/slide joint's qpos at t = 0 and after the run, and the largest
 *   free-body linear speed (and the body) at the end of the run. Then every hinge/slide is pushed for 0.1 s and
 *   released: "q_released" (1 s after the release) and "q_held" (2 s after) show whether parts stay where left.
 * Build: gcc mjcheck.c -I/usr/include/mujoco -lmujoco -lm -o mjcheck
 * Usage: mjcheck model.xml [seconds=3]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <mujoco/mujoco.h>

static void json_str(const char* s) {
  putchar('"');
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\') { putchar('\\'); putchar(*s); }
    else if (*s == '\n') fputs("\\n", stdout);
    else if ((unsigned char)*s < 0x20) printf("\\u%04x", *s);
    else putchar(*s);
  }
  putchar('"');
}

static const char* nm(const mjModel* m, int type, int id) {
  const char* s = mj_id2name(m, type, id);
  return s ? s : "";
}

int main(int argc, char** argv) {
  if (argc < 2) { fprintf(stderr, "usage: mjcheck model.xml [seconds]\n"); return 2; }
  double seconds = argc > 2 ? atof(argv[2]) : 3.0;
  char error[1000] = "";
  mjModel* m = mj_loadXML(argv[1], NULL, error, sizeof(error));
  if (!m) {
    fputs("{\"ok\": false, \"error\": ", stdout); json_str(error); puts("}");
    return 1;
  }
  mjData* d = mj_makeData(m);
  mj_forward(m, d);
  double pen = 0.0; int pg1 = -1, pg2 = -1;
  for (int i = 0; i < d->ncon; i++) {
    if (-d->contact[i].dist > pen) { pen = -d->contact[i].dist; pg1 = d->contact[i].geom1; pg2 = d->contact[i].geom2; }
  }
  printf("{\"ok\": true, \"warning\": "); json_str(error);
  printf(", \"ncon0\": %d, \"penetration\": %.6g, \"pen_geoms\": [", d->ncon, pen);
  if (pg1 >= 0) { json_str(nm(m, mjOBJ_GEOM, pg1)); putchar(','); json_str(nm(m, mjOBJ_GEOM, pg2)); }
  printf("], \"bodies\": {");
  for (int b = 1; b < m->nbody; b++) {
    if (b > 1) putchar(',');
    json_str(nm(m, mjOBJ_BODY, b));
    printf(": [%.6f, %.6f, %.6f]", d->xpos[3 * b], d->xpos[3 * b + 1], d->xpos[3 * b + 2]);
  }
  printf("}");
  double* q0 = (double*)malloc(sizeof(double) * (m->nq > 0 ? m->nq : 1));
  for (int i = 0; i < m->nq; i++) q0[i] = d->qpos[i];
  int steps = (int)(seconds / m->opt.timestep + 0.5);
  int maxcon = d->ncon;
  for (int i = 0; i < steps; i++) { mj_step(m, d); if (d->ncon > maxcon) maxcon = d->ncon; }
  double vmax = 0.0, wmax = 0.0, drift = 0.0; int vb = -1, db = -1;
  for (int j = 0; j < m->njnt; j++) {
    if (m->jnt_type[j] != mjJNT_FREE) continue;
    const double* v = d->qvel + m->jnt_dofadr[j];
    const double* q = d->qpos + m->jnt_qposadr[j];
    const double* p = q0 + m->jnt_qposadr[j];
    double s = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    double w = sqrt(v[3] * v[3] + v[4] * v[4] + v[5] * v[5]);
    double dr = sqrt((q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]) + (q[2] - p[2]) * (q[2] - p[2]));
    if (s > vmax) { vmax = s; vb = m->jnt_bodyid[j]; }
    if (w > wmax) wmax = w;
    if (dr > drift) { drift = dr; db = m->jnt_bodyid[j]; }
  }
  printf(", \"seconds\": %.3f, \"max_contacts\": %d, \"nconmax\": %d, \"warnings\": [", seconds, maxcon, m->nconmax);
  int first = 1;
  for (int i = 0; i < mjNWARNING; i++) {
    if (d->warning[i].number > 0) { if (!first) putchar(','); first = 0; printf("[%d, %d]", i, d->warning[i].number); }
  }
  printf("], \"max_speed\": %.6g, \"max_speed_body\": ", vmax); json_str(vb >= 0 ? nm(m, mjOBJ_BODY, vb) : "");
  printf(", \"max_angular_speed\": %.6g, \"max_drift\": %.6g, \"max_drift_body\": ", wmax, drift);
  json_str(db >= 0 ? nm(m, mjOBJ_BODY, db) : "");
  /* Parts stay where an agent leaves them: push every hinge/slide toward the middle of its range for 0.1 s (twice its
     friction loss plus its damping), release, and read it 1 s and 2 s after the release. */
  double* q1 = (double*)malloc(sizeof(double) * (m->nq > 0 ? m->nq : 1));
  double* qa = (double*)malloc(sizeof(double) * (m->nq > 0 ? m->nq : 1));
  for (int i = 0; i < m->nq; i++) q1[i] = d->qpos[i];
  int push = (int)(0.1 / m->opt.timestep + 0.5), hold = (int)(1.0 / m->opt.timestep + 0.5);
  for (int i = 0; i < push; i++) {
    mju_zero(d->qfrc_applied, m->nv);
    for (int j = 0; j < m->njnt; j++) {
      int t = m->jnt_type[j];
      if (t != mjJNT_HINGE && t != mjJNT_SLIDE) continue;
      int a = m->jnt_qposadr[j], v = m->jnt_dofadr[j];
      int follower = 0;
      for (int e = 0; e < m->neq; e++)
        if (m->eq_type[e] == mjEQ_JOINT && m->eq_obj1id[e] == j && m->eq_obj2id[e] >= 0) follower = 1;
      if (follower) continue;  /* a coupled joint (joint1 of a joint equality) is turned by its driver only */
      double dir = 1.0;
      if (m->jnt_limited[j]) dir = (0.5 * (m->jnt_range[2 * j] + m->jnt_range[2 * j + 1]) >= q1[a]) ? 1.0 : -1.0;
      /* A driver also turns its followers: push against their friction too, through the coupling's ratio. */
      double friction = m->dof_frictionloss[v];
      for (int e = 0; e < m->neq; e++)
        if (m->eq_type[e] == mjEQ_JOINT && m->eq_obj2id[e] == j && m->eq_obj1id[e] >= 0)
          friction += fabs(m->eq_data[mjNEQDATA * e + 1]) * m->dof_frictionloss[m->jnt_dofadr[m->eq_obj1id[e]]];
      d->qfrc_applied[v] = dir * (2.0 * friction + m->dof_damping[v]);
    }
    mj_step(m, d);
  }
  mju_zero(d->qfrc_applied, m->nv);
  for (int i = 0; i < hold; i++) mj_step(m, d);
  for (int i = 0; i < m->nq; i++) qa[i] = d->qpos[i];
  for (int i = 0; i < hold; i++) mj_step(m, d);
  printf(", \"joints\": {");
  first = 1;
  for (int j = 0; j < m->njnt; j++) {
    int t = m->jnt_type[j];
    if (t != mjJNT_HINGE && t != mjJNT_SLIDE) continue;
    if (!first) putchar(',');
    first = 0;
    json_str(nm(m, mjOBJ_JOINT, j));
    int a = m->jnt_qposadr[j];
    printf(": {\"type\": \"%s\", \"q0\": %.6f, \"q1\": %.6f, \"ref\": %.6f, \"q_released\": %.6f, \"q_held\": %.6f}",
           t == mjJNT_HINGE ? "hinge" : "slide", q0[a], q1[a], m->qpos0[a], qa[a], d->qpos[a]);
  }
  printf("}, \"couplings\": [");
  first = 1;
  for (int e = 0; e < m->neq; e++) {
    if (m->eq_type[e] != mjEQ_JOINT || m->eq_obj2id[e] < 0) continue;
    int j1 = m->eq_obj1id[e], j2 = m->eq_obj2id[e];
    const mjtNum* c = m->eq_data + mjNEQDATA * e;
    double x = d->qpos[m->jnt_qposadr[j2]] - m->qpos0[m->jnt_qposadr[j2]];
    double err = (d->qpos[m->jnt_qposadr[j1]] - m->qpos0[m->jnt_qposadr[j1]]) - (c[0] + c[1] * x + c[2] * x * x);
    if (!first) putchar(',');
    first = 0;
    putchar('['); json_str(nm(m, mjOBJ_JOINT, j1)); putchar(','); json_str(nm(m, mjOBJ_JOINT, j2));
    printf(", %.6f, %.6g]", c[1], err);
  }
  printf("]}\n");
  free(q1);
  free(qa);
  free(q0);
  mj_deleteData(d);
  mj_deleteModel(m);
  return 0;
}
