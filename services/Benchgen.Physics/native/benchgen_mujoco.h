/* Flat C ABI over MuJoCo 2.2.2 + OSMesa for the Benchgen .NET binding.
   Every function is callable through plain P/Invoke: opaque handles, primitive
   arguments, caller-owned output arrays. Functions that can fail return 0 on
   success and a negative value on failure, with MuJoCo's text in `err`. */
#ifndef BENCHGEN_MUJOCO_H
#define BENCHGEN_MUJOCO_H

#ifdef __cplusplus
extern "C" {
#endif

#define BG_API __attribute__((visibility("default")))

typedef struct bg_sim bg_sim;
typedef struct bg_renderer bg_renderer;

BG_API const char* bg_version(void);

/* model + data */
/* limits[BG_LIMIT_*] (0 or less: unchecked), checked on the compiled model before mj_makeData allocates anything */
#define BG_LIMIT_BODIES 0
#define BG_LIMIT_GEOMS 1
#define BG_LIMIT_JOINTS 2
#define BG_LIMIT_MODEL_BYTES 3 /* mjModel.nbuffer */
#define BG_LIMIT_DATA_BYTES 4  /* what mj_makeData would allocate: buffer + stack */
#define BG_LIMIT_COUNT 5
/* Compiles MJCF text from a VFS that holds only this text, under a fixed name. Returns 0 with *out set; -1 when MuJoCo
   refused the model (its text in err); 1 + BG_LIMIT_x when the compiled model exceeds that limit (*measured = its
   size); BG_LIMIT_COUNT + 1 when opt.timestep is below min_timestep. */
BG_API int bg_load(const char* xml, int xml_len, const long long* limits, double min_timestep, long long token,
                   bg_sim** out, long long* measured, char* err, int err_len);
/* bytes[0] = mjModel buffer, bytes[1] = mjData buffer + stack */
BG_API void bg_memory(const bg_sim* sim, long long* bytes);
BG_API void bg_free(bg_sim* sim);
/* counts[0..5] = nbody, ngeom, njnt, nq, nv, nwarning */
BG_API void bg_counts(const bg_sim* sim, int* counts);
BG_API double bg_timestep(const bg_sim* sim);
BG_API double bg_time(const bg_sim* sim);
BG_API double bg_fovy(const bg_sim* sim);
/* stat[0..3] = center xyz, extent */
BG_API void bg_statistic(const bg_sim* sim, double* stat);
/* objtype: mjtObj; NULL when unnamed */
BG_API const char* bg_name(const bg_sim* sim, int objtype, int id);
BG_API int bg_name2id(const bg_sim* sim, int objtype, const char* name);

BG_API void bg_body_info(const bg_sim* sim, int* parent, int* is_free, double* mass);
BG_API void bg_geom_info(const bg_sim* sim, int* body, int* type, double* size, float* rgba,
                         double* rbound);
BG_API void bg_joint_info(const bg_sim* sim, int* body, int* type);

/* all return 0 or a negative code with MuJoCo's error text in err */
/* mj_resetData followed by mj_forward, so positions and contacts describe the reset state */
/* mj_resetData then mj_forward, so positions and contacts describe the reset state */
BG_API int bg_reset(bg_sim* sim, char* err, int err_len);
BG_API int bg_forward(bg_sim* sim, char* err, int err_len);
BG_API int bg_step(bg_sim* sim, int count, char* err, int err_len);
/* Steps `count` times and tracks, after every step: the fastest body COM speed,
   whether qpos/qvel stayed finite and which bodies left `bounds` (min xyz, max xyz; may be NULL).
   out_of_bounds has nbody entries and is only ever set to 1. */
BG_API int bg_run(bg_sim* sim, int count, const double* bounds, int* out_of_bounds,
                  double* max_speed, int* fastest_body, int* nonfinite, char* err, int err_len);

BG_API void bg_body_xpos(const bg_sim* sim, double* xyz /* 3*nbody */);
BG_API void bg_geom_xpos(const bg_sim* sim, double* xyz /* 3*ngeom */);
BG_API void bg_geom_xmat(const bg_sim* sim, double* mat /* 9*ngeom, row-major local -> world */);
/* Visible sites (alpha > 0) as bounding spheres {x, y, z, r}; returns how many were written (<= capacity). */
BG_API int bg_site_spheres(const bg_sim* sim, double* out /* 4*capacity */, int capacity);
BG_API int bg_site_count(const bg_sim* sim);
/* Visible box sites (the zones): 20 doubles each: site id, xpos[3], xmat[9], size[3], rgba[4]. */
BG_API int bg_site_boxes(const bg_sim* sim, double* out /* 20*capacity */, int capacity);
/* world-frame linear velocity of each body's COM, 3*nbody */
BG_API void bg_body_linvel(const bg_sim* sim, double* xyz);
/* world-frame linear acceleration of each body's COM, gravity offset removed, 3*nbody */
BG_API int bg_body_linacc(bg_sim* sim, double* xyz, char* err, int err_len);
BG_API double bg_joint_qpos(const bg_sim* sim, int joint);
BG_API int bg_set_free_body_pos(bg_sim* sim, int body, double x, double y, double z);
/* Generalized positions (the recorded trajectory of a replay): nq values; setting them zeroes qvel and runs mj_forward */
BG_API int bg_nq(const bg_sim* sim);
BG_API void bg_get_qpos(const bg_sim* sim, double* out);
BG_API int bg_set_qpos(bg_sim* sim, const double* qpos, char* err, int err_len);
BG_API void bg_apply_force(bg_sim* sim, int body, double fx, double fy, double fz);
BG_API void bg_clear_forces(bg_sim* sim);
/* force (world) and torque (world) on the body's centre of mass until cleared */
BG_API void bg_apply_wrench(bg_sim* sim, int body, double fx, double fy, double fz, double tx, double ty, double tz);
BG_API double bg_joint_qvel(const bg_sim* sim, int joint);
/* generalized force on the first degree of freedom of a slide/hinge joint (qfrc_applied) until cleared */
BG_API void bg_set_joint_force(bg_sim* sim, int joint, double value);
BG_API void bg_clear_joint_forces(bg_sim* sim);
/* damping and friction loss of a joint's first degree of freedom */
BG_API void bg_joint_dynamics(const bg_sim* sim, int joint, double* damping_frictionloss);
/* one body's state: xpos(3), xquat(4: w x y z), centre of mass(3), linear velocity(3), angular velocity(3) = 16 */
BG_API void bg_body_state(const bg_sim* sim, int body, double* out16);
/* world-frame axis of a joint (valid after forward/step) */
BG_API void bg_joint_xaxis(const bg_sim* sim, int joint, double* xyz);
/* diagonal of the joint-space inertia at the joint's first degree of freedom (kg or kg m^2; after forward/step) */
BG_API double bg_joint_inertia(const bg_sim* sim, int joint);
/* deepest penetration (>= 0) over the current contact list; geoms of that contact or -1 */
BG_API double bg_max_penetration(const bg_sim* sim, int* geom1, int* geom2);
BG_API void bg_warnings(const bg_sim* sim, int* numbers /* nwarning */);
BG_API int bg_is_finite(const bg_sim* sim);
/* 0.5 qvel' M qvel, valid after forward */
BG_API double bg_kinetic_energy(const bg_sim* sim);

/* rendering */
BG_API bg_renderer* bg_renderer_create(int width, int height, char* err, int err_len);
BG_API void bg_renderer_free(bg_renderer* r);
/* Picture style for later bg_render calls: draw_sites 0 leaves sites out of the colour pass (the caller draws zones),
   planes are drawn floor_scale times larger. */
BG_API void bg_renderer_style(bg_renderer* r, int draw_sites, double floor_scale);
/* rgb: width*height*3, rows top-to-bottom. body_pixels: nbody counts from a
   segmentation pass (may be NULL to skip the pass). */
BG_API int bg_render(bg_renderer* r, bg_sim* sim, double azimuth, double elevation,
                     double distance, double lookat_x, double lookat_y, double lookat_z,
                     unsigned char* rgb, int* body_pixels, char* err, int err_len);

#ifdef __cplusplus
}
#endif
#endif
