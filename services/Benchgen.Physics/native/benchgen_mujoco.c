/* Flat C ABI over MuJoCo 2.2.2 and OSMesa, consumed by Benchgen.Physics via [LibraryImport].
   Why a shim: mjModel/mjData/mjvScene/mjrContext are large, version-specific structs; mirroring
   them in C# would be brittle. Here C code reads the fields and hands out flat arrays. */
#define _GNU_SOURCE
#include "benchgen_mujoco.h"

#include <GL/osmesa.h>
#include <mujoco/mujoco.h>
#include <mujoco/mjxmacro.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bg_sim {
  mjModel* m;
  mjData* d;
  long long token;  /* unique per loaded model; renderers key their GPU cache on it */
};

struct bg_renderer {
  OSMesaContext ctx;
  unsigned char* buffer;  /* OSMesa default framebuffer (MuJoCo renders into its own FBO) */
  int width, height;
  long long model_token;  /* model the scene/context below were made for; 0 = none */
  int has_context;
  mjvScene scn;
  mjrContext con;
  mjvOption opt;
  mjvPerturb pert;
  unsigned char* seg;     /* width*height*3 scratch for the segmentation pass */
  int draw_sites;         /* 0: the colour pass leaves sites out (the caller draws zones itself); 1: as the model says */
  double floor_scale;     /* > 1: planes are drawn this many times larger (picture only; a plane collides infinitely) */
};

/* MuJoCo's default error handler calls exit(); inside a service that would kill the host.
   Errors are turned into a longjmp back to the guarded entry point on the same thread. */
static __thread jmp_buf* tl_jmp;
static __thread char tl_msg[1024];
static pthread_once_t handlers_once = PTHREAD_ONCE_INIT;

static void on_error(const char* msg) {
  snprintf(tl_msg, sizeof tl_msg, "%s", msg ? msg : "unknown MuJoCo error");
  if (tl_jmp) longjmp(*tl_jmp, 1);
  fprintf(stderr, "benchgen_mujoco: MuJoCo error outside a guarded call: %s\n", tl_msg);
  abort();
}

/* Warnings are counted in mjData.warning and surfaced by bg_warnings; the default handler
   would print and append to MUJOCO_LOG.TXT in the working directory. */
static void on_warning(const char* msg) { (void)msg; }

static void install_handlers(void) {
  mju_user_error = on_error;
  mju_user_warning = on_warning;
}

static void copy_err(char* err, int err_len, const char* text) {
  if (err && err_len > 0) snprintf(err, (size_t)err_len, "%s", text ? text : "");
}

#define GUARD(err, err_len, failure)          \
  jmp_buf guard_jb;                           \
  jmp_buf* guard_prev = tl_jmp;               \
  if (setjmp(guard_jb)) {                     \
    tl_jmp = guard_prev;                      \
    copy_err(err, err_len, tl_msg);           \
    failure;                                  \
  }                                           \
  tl_jmp = &guard_jb
#define UNGUARD() tl_jmp = guard_prev

static int guarded_forward(const mjModel* m, mjData* d, char* err, int err_len) {
  GUARD(err, err_len, { d->pstack = 0; return -1; });
  mj_forward(m, d);
  UNGUARD();
  return 0;
}

const char* bg_version(void) { return mj_versionString(); }

/* Bytes mj_makeData will allocate for this model: the mjData buffer (every MJDATA_POINTERS array, each rounded up
   to 8 bytes as mj_makeData does) plus the stack. Computed from the model alone, so a model whose data would not
   fit the budget is refused before anything is allocated. */
static long long data_bytes(const mjModel* m) {
  MJDATA_POINTERS_PREAMBLE(m)
  long long total = 0;
#define X(type, name, nr, nc) total += (((long long)sizeof(type) * (long long)m->nr * (long long)(nc)) + 7) / 8 * 8;
  MJDATA_POINTERS
#undef X
  (void)nv;
  (void)njmax;
  total += (long long)m->nstack * (long long)sizeof(mjtNum);
  return total;
}

/* The one name the VFS holds. Fixed, with no directory part, so nothing a caller passes can point MuJoCo at the host
   filesystem: MuJoCo reads a VFS file only when the name matches, and falls back to fopen() otherwise. */
static const char vfs_name[] = "benchgen_model.xml";

int bg_load(const char* xml, int xml_len, const long long* limits, double min_timestep, long long token,
            bg_sim** out, long long* measured, char* err, int err_len) {
  pthread_once(&handlers_once, install_handlers);
  copy_err(err, err_len, "");
  *out = NULL;
  *measured = 0;
  if (xml_len <= 0) { copy_err(err, err_len, "the model is empty"); return -1; }
  mjVFS* vfs = (mjVFS*)malloc(sizeof(mjVFS));  /* mjVFS is ~MBs of name tables: keep it off the stack */
  if (!vfs) { copy_err(err, err_len, "out of memory allocating MuJoCo VFS"); return -1; }
  mj_defaultVFS(vfs);
  int rc = mj_makeEmptyFileVFS(vfs, vfs_name, xml_len);
  if (rc != 0) {
    copy_err(err, err_len, rc == 1 ? "MuJoCo VFS is full" : "duplicate file name in MuJoCo VFS");
    mj_deleteVFS(vfs); free(vfs);
    return -1;
  }
  int idx = mj_findFileVFS(vfs, vfs_name);
  if (idx < 0 || vfs->nfile != 1) {
    copy_err(err, err_len, "the model is not in the MuJoCo VFS");
    mj_deleteVFS(vfs); free(vfs);
    return -1;
  }
  memcpy(vfs->filedata[idx], xml, (size_t)xml_len);

  mjModel* volatile m = NULL;
  GUARD(err, err_len, { mj_deleteVFS(vfs); free(vfs); return -1; });
  m = mj_loadXML(vfs_name, vfs, err, err_len);
  UNGUARD();
  mj_deleteVFS(vfs);
  free(vfs);
  if (!m) {
    if (err && err_len > 0 && err[0] == 0) copy_err(err, err_len, "mj_loadXML failed without a message");
    return -1;
  }
  /* the budget, checked on the compiled model before mjData exists */
  long long sizes[BG_LIMIT_COUNT] = {m->nbody, m->ngeom, m->njnt, m->nbuffer, data_bytes(m)};
  for (int i = 0; i < BG_LIMIT_COUNT; i++)
    if (limits && limits[i] > 0 && sizes[i] > limits[i]) {
      *measured = sizes[i];
      mj_deleteModel(m);
      return i + 1;
    }
  if (!(m->opt.timestep >= min_timestep)) {
    mj_deleteModel(m);
    return BG_LIMIT_COUNT + 1;
  }
  mjData* d = mj_makeData(m);
  if (!d) { mj_deleteModel(m); copy_err(err, err_len, "mj_makeData failed"); return -1; }
  /* derived quantities (xpos, contacts) are garbage until the first forward; a freshly loaded
     model should already answer positions and render */
  if (guarded_forward(m, d, err, err_len) != 0) {
    mj_deleteData(d);
    mj_deleteModel(m);
    return -1;
  }
  bg_sim* sim = (bg_sim*)calloc(1, sizeof(bg_sim));
  if (!sim) { mj_deleteData(d); mj_deleteModel(m); copy_err(err, err_len, "out of memory"); return -1; }
  sim->m = m;
  sim->d = d;
  sim->token = token;
  *out = sim;
  return 0;
}

void bg_memory(const bg_sim* sim, long long* bytes) {
  bytes[0] = sim->m->nbuffer;
  bytes[1] = data_bytes(sim->m);
}

void bg_free(bg_sim* sim) {
  if (!sim) return;
  mj_deleteData(sim->d);
  mj_deleteModel(sim->m);
  free(sim);
}

void bg_counts(const bg_sim* sim, int* counts) {
  counts[0] = sim->m->nbody;
  counts[1] = sim->m->ngeom;
  counts[2] = sim->m->njnt;
  counts[3] = sim->m->nq;
  counts[4] = sim->m->nv;
  counts[5] = mjNWARNING;
}

double bg_timestep(const bg_sim* sim) { return sim->m->opt.timestep; }
double bg_time(const bg_sim* sim) { return sim->d->time; }
double bg_fovy(const bg_sim* sim) { return sim->m->vis.global.fovy; }

void bg_statistic(const bg_sim* sim, double* stat) {
  stat[0] = sim->m->stat.center[0];
  stat[1] = sim->m->stat.center[1];
  stat[2] = sim->m->stat.center[2];
  stat[3] = sim->m->stat.extent;
}

const char* bg_name(const bg_sim* sim, int objtype, int id) { return mj_id2name(sim->m, objtype, id); }
int bg_name2id(const bg_sim* sim, int objtype, const char* name) { return mj_name2id(sim->m, objtype, name); }

void bg_body_info(const bg_sim* sim, int* parent, int* is_free, double* mass) {
  const mjModel* m = sim->m;
  for (int b = 0; b < m->nbody; b++) {
    parent[b] = m->body_parentid[b];
    mass[b] = m->body_mass[b];
    is_free[b] = 0;
    for (int j = 0; j < m->body_jntnum[b]; j++)
      if (m->jnt_type[m->body_jntadr[b] + j] == mjJNT_FREE) is_free[b] = 1;
  }
}

void bg_geom_info(const bg_sim* sim, int* body, int* type, double* size, float* rgba, double* rbound) {
  const mjModel* m = sim->m;
  for (int g = 0; g < m->ngeom; g++) {
    body[g] = m->geom_bodyid[g];
    type[g] = m->geom_type[g];
    rbound[g] = m->geom_rbound[g];
    for (int k = 0; k < 3; k++) size[3 * g + k] = m->geom_size[3 * g + k];
    /* a material's colour wins over the geom's own rgba when rendering */
    const float* src = m->geom_matid[g] >= 0 ? m->mat_rgba + 4 * m->geom_matid[g] : m->geom_rgba + 4 * g;
    for (int k = 0; k < 4; k++) rgba[4 * g + k] = src[k];
  }
}

void bg_joint_info(const bg_sim* sim, int* body, int* type) {
  for (int j = 0; j < sim->m->njnt; j++) {
    body[j] = sim->m->jnt_bodyid[j];
    type[j] = sim->m->jnt_type[j];
  }
}

int bg_reset(bg_sim* sim, char* err, int err_len) {
  GUARD(err, err_len, { sim->d->pstack = 0; return -1; });
  mj_resetData(sim->m, sim->d);
  mj_forward(sim->m, sim->d);
  UNGUARD();
  return 0;
}

int bg_forward(bg_sim* sim, char* err, int err_len) {
  GUARD(err, err_len, { sim->d->pstack = 0; return -1; });
  mj_forward(sim->m, sim->d);
  UNGUARD();
  return 0;
}

int bg_step(bg_sim* sim, int count, char* err, int err_len) {
  GUARD(err, err_len, { sim->d->pstack = 0; return -1; });
  for (int i = 0; i < count; i++) mj_step(sim->m, sim->d);
  UNGUARD();
  return 0;
}

static int all_finite(const mjtNum* v, int n) {
  for (int i = 0; i < n; i++)
    if (!isfinite(v[i])) return 0;
  return 1;
}

int bg_is_finite(const bg_sim* sim) {
  return all_finite(sim->d->qpos, sim->m->nq) && all_finite(sim->d->qvel, sim->m->nv);
}

int bg_run(bg_sim* sim, int count, const double* bounds, int* out_of_bounds, double* max_speed,
           int* fastest_body, int* nonfinite, char* err, int err_len) {
  const mjModel* m = sim->m;
  mjData* d = sim->d;
  GUARD(err, err_len, { d->pstack = 0; return -1; });
  for (int i = 0; i < count; i++) {
    mj_step(m, d);
    /* MuJoCo silently resets mjData when qpos/qacc go bad, so check every step */
    if (!bg_is_finite(sim)) *nonfinite = 1;
    for (int b = 1; b < m->nbody; b++) {
      mjtNum vel[6];
      mj_objectVelocity(m, d, mjOBJ_BODY, b, vel, 0);
      double speed = sqrt(vel[3] * vel[3] + vel[4] * vel[4] + vel[5] * vel[5]);
      if (!isfinite(speed)) { *nonfinite = 1; speed = INFINITY; }
      if (speed > *max_speed || (*fastest_body < 0 && speed >= *max_speed)) {
        *max_speed = speed;
        *fastest_body = b;
      }
      if (bounds && out_of_bounds) {
        const mjtNum* p = d->xpos + 3 * b;
        for (int k = 0; k < 3; k++)
          if (!(p[k] >= bounds[k] && p[k] <= bounds[3 + k])) out_of_bounds[b] = 1;
      }
    }
  }
  UNGUARD();
  return 0;
}

void bg_body_xpos(const bg_sim* sim, double* xyz) {
  memcpy(xyz, sim->d->xpos, sizeof(double) * 3 * (size_t)sim->m->nbody);
}

void bg_geom_xpos(const bg_sim* sim, double* xyz) {
  memcpy(xyz, sim->d->geom_xpos, sizeof(double) * 3 * (size_t)sim->m->ngeom);
}

void bg_geom_xmat(const bg_sim* sim, double* mat) {
  memcpy(mat, sim->d->geom_xmat, sizeof(double) * 9 * (size_t)sim->m->ngeom);
}

int bg_site_spheres(const bg_sim* sim, double* out, int capacity) {
  const mjModel* m = sim->m;
  int n = 0;
  for (int i = 0; i < m->nsite && n < capacity; i++) {
    if (m->site_rgba[4 * i + 3] <= 0) continue;  /* invisible sites do not need to be in frame */
    const mjtNum* size = m->site_size + 3 * i;
    mjtNum r;
    switch (m->site_type[i]) {
      case mjGEOM_SPHERE: r = size[0]; break;
      case mjGEOM_CAPSULE: r = size[0] + size[1]; break;
      case mjGEOM_CYLINDER: r = sqrt(size[0] * size[0] + size[1] * size[1]); break;
      default: r = sqrt(size[0] * size[0] + size[1] * size[1] + size[2] * size[2]); break;
    }
    out[4 * n] = sim->d->site_xpos[3 * i];
    out[4 * n + 1] = sim->d->site_xpos[3 * i + 1];
    out[4 * n + 2] = sim->d->site_xpos[3 * i + 2];
    out[4 * n + 3] = r;
    n++;
  }
  return n;
}

int bg_site_count(const bg_sim* sim) { return sim->m->nsite; }

int bg_site_boxes(const bg_sim* sim, double* out, int capacity) {
  const mjModel* m = sim->m;
  int n = 0;
  for (int i = 0; i < m->nsite && n < capacity; i++) {
    if (m->site_rgba[4 * i + 3] <= 0 || m->site_type[i] != mjGEOM_BOX) continue;
    double* o = out + 20 * n;
    o[0] = i;
    for (int a = 0; a < 3; a++) o[1 + a] = sim->d->site_xpos[3 * i + a];
    for (int a = 0; a < 9; a++) o[4 + a] = sim->d->site_xmat[9 * i + a];
    for (int a = 0; a < 3; a++) o[13 + a] = m->site_size[3 * i + a];
    for (int a = 0; a < 4; a++) o[16 + a] = m->site_rgba[4 * i + a];
    n++;
  }
  return n;
}

void bg_body_linvel(const bg_sim* sim, double* xyz) {
  for (int b = 0; b < sim->m->nbody; b++) {
    mjtNum vel[6];
    mj_objectVelocity(sim->m, sim->d, mjOBJ_BODY, b, vel, 0);
    xyz[3 * b] = vel[3];
    xyz[3 * b + 1] = vel[4];
    xyz[3 * b + 2] = vel[5];
  }
}

int bg_body_linacc(bg_sim* sim, double* xyz, char* err, int err_len) {
  const mjModel* m = sim->m;
  mjData* d = sim->d;
  GUARD(err, err_len, { d->pstack = 0; return -1; });
  /* cacc is only filled by mj_rnePostConstraint; forward first so it matches the current state */
  mj_forward(m, d);
  mj_rnePostConstraint(m, d);
  UNGUARD();
  for (int b = 0; b < m->nbody; b++) {
    mjtNum acc[6];
    mj_objectAcceleration(m, d, mjOBJ_BODY, b, acc, 0);
    /* MuJoCo seeds the world with -gravity (accelerometer convention); add gravity back so
       a body at rest reads 0 and a falling one reads g */
    for (int k = 0; k < 3; k++) xyz[3 * b + k] = acc[3 + k] + m->opt.gravity[k];
  }
  return 0;
}

double bg_joint_qpos(const bg_sim* sim, int joint) { return sim->d->qpos[sim->m->jnt_qposadr[joint]]; }

int bg_set_free_body_pos(bg_sim* sim, int body, double x, double y, double z) {
  const mjModel* m = sim->m;
  for (int j = 0; j < m->body_jntnum[body]; j++) {
    int jnt = m->body_jntadr[body] + j;
    if (m->jnt_type[jnt] != mjJNT_FREE) continue;
    mjtNum* q = sim->d->qpos + m->jnt_qposadr[jnt];
    q[0] = x; q[1] = y; q[2] = z;
    mju_zero(sim->d->qvel + m->jnt_dofadr[jnt], 6);
    return 0;
  }
  return -1;
}

int bg_nq(const bg_sim* sim) { return sim->m->nq; }

void bg_get_qpos(const bg_sim* sim, double* out) { mju_copy(out, sim->d->qpos, sim->m->nq); }

int bg_set_qpos(bg_sim* sim, const double* qpos, char* err, int err_len) {
  mju_copy(sim->d->qpos, qpos, sim->m->nq);
  mju_zero(sim->d->qvel, sim->m->nv);
  return guarded_forward(sim->m, sim->d, err, err_len);
}

void bg_apply_force(bg_sim* sim, int body, double fx, double fy, double fz) {
  mjtNum* f = sim->d->xfrc_applied + 6 * body;
  f[0] = fx; f[1] = fy; f[2] = fz;
}

void bg_clear_forces(bg_sim* sim) { mju_zero(sim->d->xfrc_applied, 6 * sim->m->nbody); }

void bg_apply_wrench(bg_sim* sim, int body, double fx, double fy, double fz, double tx, double ty, double tz) {
  mjtNum* f = sim->d->xfrc_applied + 6 * body;
  f[0] = fx; f[1] = fy; f[2] = fz;
  f[3] = tx; f[4] = ty; f[5] = tz;
}

double bg_joint_qvel(const bg_sim* sim, int joint) { return sim->d->qvel[sim->m->jnt_dofadr[joint]]; }

void bg_set_joint_force(bg_sim* sim, int joint, double value) {
  sim->d->qfrc_applied[sim->m->jnt_dofadr[joint]] = value;
}

void bg_clear_joint_forces(bg_sim* sim) { mju_zero(sim->d->qfrc_applied, sim->m->nv); }

void bg_joint_dynamics(const bg_sim* sim, int joint, double* out) {
  int dof = sim->m->jnt_dofadr[joint];
  out[0] = sim->m->dof_damping[dof];
  out[1] = sim->m->dof_frictionloss[dof];
}

void bg_body_state(const bg_sim* sim, int body, double* out) {
  mju_copy3(out, sim->d->xpos + 3 * body);
  mju_copy4(out + 3, sim->d->xquat + 4 * body);
  mju_copy3(out + 7, sim->d->xipos + 3 * body);
  mjtNum vel[6];
  mj_objectVelocity(sim->m, sim->d, mjOBJ_BODY, body, vel, 0);
  mju_copy3(out + 10, vel + 3);
  mju_copy3(out + 13, vel);
}

void bg_joint_xaxis(const bg_sim* sim, int joint, double* xyz) { mju_copy3(xyz, sim->d->xaxis + 3 * joint); }

double bg_joint_inertia(const bg_sim* sim, int joint) {
  int dof = sim->m->jnt_dofadr[joint];
  return sim->d->qM[sim->m->dof_Madr[dof]];
}

double bg_max_penetration(const bg_sim* sim, int* geom1, int* geom2) {
  double deepest = 0;
  *geom1 = -1;
  *geom2 = -1;
  for (int i = 0; i < sim->d->ncon; i++) {
    const mjContact* c = sim->d->contact + i;
    if (-c->dist > deepest) {
      deepest = -c->dist;
      *geom1 = c->geom1;
      *geom2 = c->geom2;
    }
  }
  return deepest;
}

void bg_warnings(const bg_sim* sim, int* numbers) {
  for (int i = 0; i < mjNWARNING; i++) numbers[i] = sim->d->warning[i].number;
}

double bg_kinetic_energy(const bg_sim* sim) {
  const mjModel* m = sim->m;
  mjData* d = sim->d;
  mjtNum* mv = (mjtNum*)malloc(sizeof(mjtNum) * (size_t)(m->nv > 0 ? m->nv : 1));
  mj_mulM(m, d, mv, d->qvel);
  double e = 0.5 * mju_dot(mv, d->qvel, m->nv);
  free(mv);
  return e;
}

/* ------------------------------------------------------------------ rendering */

bg_renderer* bg_renderer_create(int width, int height, char* err, int err_len) {
  pthread_once(&handlers_once, install_handlers);
  if (width <= 0 || height <= 0) { copy_err(err, err_len, "renderer size must be positive"); return NULL; }
  bg_renderer* r = (bg_renderer*)calloc(1, sizeof(bg_renderer));
  r->width = width;
  r->height = height;
  r->ctx = OSMesaCreateContextExt(OSMESA_RGBA, 24, 0, 0, NULL);
  if (!r->ctx) { copy_err(err, err_len, "OSMesaCreateContextExt failed"); free(r); return NULL; }
  r->buffer = (unsigned char*)malloc((size_t)width * (size_t)height * 4);
  r->seg = (unsigned char*)malloc((size_t)width * (size_t)height * 3);
  if (!r->buffer || !r->seg || !OSMesaMakeCurrent(r->ctx, r->buffer, GL_UNSIGNED_BYTE, width, height)) {
    copy_err(err, err_len, "OSMesaMakeCurrent failed");
    bg_renderer_free(r);
    return NULL;
  }
  mjv_defaultScene(&r->scn);
  mjr_defaultContext(&r->con);
  mjv_defaultOption(&r->opt);
  r->draw_sites = 1;
  r->floor_scale = 1;
  mjv_defaultPerturb(&r->pert);
  return r;
}

static void release_model_resources(bg_renderer* r) {
  if (!r->has_context) return;
  mjr_freeContext(&r->con);
  mjv_freeScene(&r->scn);
  r->has_context = 0;
  r->model_token = 0;
}

void bg_renderer_free(bg_renderer* r) {
  if (!r) return;
  if (r->ctx && r->buffer && OSMesaMakeCurrent(r->ctx, r->buffer, GL_UNSIGNED_BYTE, r->width, r->height))
    release_model_resources(r);
  if (r->ctx) OSMesaDestroyContext(r->ctx);
  free(r->buffer);
  free(r->seg);
  free(r);
}

static void flip_rows(const unsigned char* src, unsigned char* dst, int w, int h) {
  size_t row = (size_t)w * 3;
  for (int y = 0; y < h; y++) memcpy(dst + (size_t)(h - 1 - y) * row, src + (size_t)y * row, row);
}

void bg_renderer_style(bg_renderer* r, int draw_sites, double floor_scale) {
  r->draw_sites = draw_sites;
  r->floor_scale = floor_scale;
}

int bg_render(bg_renderer* r, bg_sim* sim, double azimuth, double elevation, double distance,
              double lookat_x, double lookat_y, double lookat_z, unsigned char* rgb, int* body_pixels,
              char* err, int err_len) {
  mjModel* m = sim->m;
  mjData* d = sim->d;
  if (!OSMesaMakeCurrent(r->ctx, r->buffer, GL_UNSIGNED_BYTE, r->width, r->height)) {
    copy_err(err, err_len, "OSMesaMakeCurrent failed");
    return -2;
  }
  GUARD(err, err_len, { d->pstack = 0; return -1; });
  if (!r->has_context || r->model_token != sim->token) {
    release_model_resources(r);
    /* the offscreen FBO is sized from the model, so it must be raised before the context */
    m->vis.global.offwidth = r->width;
    m->vis.global.offheight = r->height;
    /* A 2048² shadow map instead of MuJoCo's 4096² default: on 640x480 views the pictures do not change visibly and
       software GL (llvmpipe) renders the 24 views ~15 % faster (measured with the throughput bench). */
    if (m->vis.quality.shadowsize > 2048) m->vis.quality.shadowsize = 2048;
    mjv_makeScene(m, &r->scn, 2000);
    /* mjr_makeContext bakes each plane's mesh (extent, grid, texture coordinates) from the model: draw the floor larger
       by making the context from a scaled copy of the plane sizes, then put the model's own values back. */
    mjtNum* saved_size = NULL;
    if (r->floor_scale > 1 && m->ngeom > 0) {
      saved_size = (mjtNum*)malloc(sizeof(mjtNum) * 3 * (size_t)m->ngeom);
      memcpy(saved_size, m->geom_size, sizeof(mjtNum) * 3 * (size_t)m->ngeom);
      for (int g = 0; g < m->ngeom; g++)
        if (m->geom_type[g] == mjGEOM_PLANE)
          for (int a = 0; a < 3; a++) m->geom_size[3 * g + a] *= r->floor_scale;
    }
    mjr_makeContext(m, &r->con, mjFONTSCALE_100);
    if (saved_size) {
      memcpy(m->geom_size, saved_size, sizeof(mjtNum) * 3 * (size_t)m->ngeom);
      free(saved_size);
    }
    r->has_context = 1;
    r->model_token = sim->token;
  }
  mjr_setBuffer(mjFB_OFFSCREEN, &r->con);

  mjvCamera cam;
  mjv_defaultCamera(&cam);
  cam.type = mjCAMERA_FREE;
  cam.azimuth = azimuth;
  cam.elevation = elevation;
  cam.distance = distance;
  cam.lookat[0] = lookat_x;
  cam.lookat[1] = lookat_y;
  cam.lookat[2] = lookat_z;

  mjrRect viewport = {0, 0, r->width, r->height};
  /* Without sites when the caller draws the zones: a translucent box still casts a solid shadow in MuJoCo 2.2. */
  mjtByte shown_sites[mjNGROUP];
  memcpy(shown_sites, r->opt.sitegroup, sizeof(shown_sites));
  if (!r->draw_sites) memset(r->opt.sitegroup, 0, sizeof(shown_sites));
  mjv_updateScene(m, d, &r->opt, &r->pert, &cam, mjCAT_ALL, &r->scn);
  memcpy(r->opt.sitegroup, shown_sites, sizeof(shown_sites));
  for (int k = 0; k < r->scn.ngeom; k++) {
    mjvGeom* g = r->scn.geoms + k;
    if (g->type == mjGEOM_PLANE && r->floor_scale > 1) {
      /* size[2] is the grid spacing the renderer tessellates with: scale it too, or the quad count grows with the square */
      for (int a = 0; a < 3; a++) g->size[a] *= (float)r->floor_scale;
      g->texrepeat[0] *= (float)r->floor_scale;
      g->texrepeat[1] *= (float)r->floor_scale;
    }
  }
  if (r->floor_scale > 1) {
    /* The far clip plane is zfar x the model's extent, a few metres for a table-top task: the enlarged floor would be
       cut off there and leave a black band. Push it out to the floor's own reach. */
    float reach = 0;
    for (int k = 0; k < r->scn.ngeom; k++)
      if (r->scn.geoms[k].type == mjGEOM_PLANE) {
        float s = r->scn.geoms[k].size[0] > r->scn.geoms[k].size[1] ? r->scn.geoms[k].size[0] : r->scn.geoms[k].size[1];
        if (2 * s > reach) reach = 2 * s;
      }
    for (int c = 0; c < 2; c++)
      if (r->scn.camera[c].frustum_far < reach) r->scn.camera[c].frustum_far = reach;
  }
  mjr_render(viewport, &r->scn, &r->con);
  mjr_readPixels(r->seg, NULL, viewport, &r->con);
  flip_rows(r->seg, rgb, r->width, r->height);

  if (body_pixels) {
    /* IDCOLOR encodes (index into scn.geoms)+1 as r + g<<8 + b<<16; background stays 0 */
    unsigned char saved_skybox = r->scn.flags[mjRND_SKYBOX];
    /* Zone markers are translucent sites in the picture, but the segmentation pass draws everything opaque: without
       them, so a part inside its goal zone still counts as seen. */
    mjtByte saved_sites[mjNGROUP];
    memcpy(saved_sites, r->opt.sitegroup, sizeof(saved_sites));
    memset(r->opt.sitegroup, 0, sizeof(saved_sites));
    mjv_updateScene(m, d, &r->opt, &r->pert, &cam, mjCAT_ALL, &r->scn);
    memcpy(r->opt.sitegroup, saved_sites, sizeof(saved_sites));
    r->scn.flags[mjRND_SEGMENT] = 1;
    r->scn.flags[mjRND_IDCOLOR] = 1;
    r->scn.flags[mjRND_SKYBOX] = 0;
    mjr_render(viewport, &r->scn, &r->con);
    mjr_readPixels(r->seg, NULL, viewport, &r->con);
    r->scn.flags[mjRND_SEGMENT] = 0;
    r->scn.flags[mjRND_IDCOLOR] = 0;
    r->scn.flags[mjRND_SKYBOX] = saved_skybox;
    memset(body_pixels, 0, sizeof(int) * (size_t)m->nbody);
    /* The colour encodes a geom's segid, not its place in scn.geoms: mjr_render sorts transparent geoms (the zone
       sites) in place, so map segid -> the body of the model geom it stands for. */
    int* seg_body = (int*)malloc(sizeof(int) * (size_t)(r->scn.ngeom > 0 ? r->scn.ngeom : 1));
    for (int k = 0; k < r->scn.ngeom; k++) seg_body[k] = -1;
    for (int k = 0; k < r->scn.ngeom; k++) {
      const mjvGeom* g = r->scn.geoms + k;
      if (g->segid >= 0 && g->segid < r->scn.ngeom && g->objtype == mjOBJ_GEOM && g->objid >= 0 && g->objid < m->ngeom)
        seg_body[g->segid] = m->geom_bodyid[g->objid];
    }
    size_t n = (size_t)r->width * (size_t)r->height;
    for (size_t i = 0; i < n; i++) {
      const unsigned char* p = r->seg + 3 * i;
      int id = (int)p[0] + ((int)p[1] << 8) + ((int)p[2] << 16) - 1;
      if (id < 0 || id >= r->scn.ngeom || seg_body[id] < 0) continue;
      body_pixels[seg_body[id]]++;
    }
    free(seg_body);
  }
  UNGUARD();
  return 0;
}
