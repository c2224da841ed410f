namespace Benchgen.Physics;

/// <summary>
/// The budget of MuJoCo work one model may cost, bound from the <c>Mujoco</c> configuration section (keys
/// <c>Mujoco:MaxXmlBytes</c> and so on). <see cref="MjcfGate"/> checks the text before compiling; the compiled model is
/// checked again (bodies, geoms, joints, model and data memory, timestep) before its mjData is allocated; stepping
/// stops at <see cref="MaxStepsPerModel"/> steps or <see cref="MaxWallSecondsPerModel"/> seconds. A value of 0 or less
/// turns a cap off (not recommended for untrusted models). The defaults leave every Benchgen template well inside.
/// </summary>
public sealed class MujocoLimits
{
    public const string SectionName = "Mujoco";

    /// <summary>The defaults (a fresh instance: callers may not change a shared one).</summary>
    public static MujocoLimits Default => new();

    /// <summary>UTF-8 size of the MJCF text.</summary>
    public int MaxXmlBytes { get; set; } = 1024 * 1024;

    /// <summary>XML elements in the document (every tag, defaults and assets included).</summary>
    public int MaxElements { get; set; } = 20_000;

    /// <summary>Nesting depth of XML elements (MuJoCo's parser recurses per level).</summary>
    public int MaxDepth { get; set; } = 64;

    /// <summary>Bodies, counting the world body (checked on the text and on the compiled model).</summary>
    public int MaxBodies { get; set; } = 1_000;

    public int MaxGeoms { get; set; } = 4_000;

    /// <summary>Joints, free joints included.</summary>
    public int MaxJoints { get; set; } = 1_000;

    /// <summary>Height-field samples, nrow × ncol, summed over every hfield.</summary>
    public long MaxHfieldSamples { get; set; } = 512 * 512;

    /// <summary>Texture pixels, width × height (× 6 faces for cube and skybox textures), summed over every texture.</summary>
    public long MaxTexturePixels { get; set; } = 2048 * 2048;

    /// <summary>Mesh vertices given inline (<c>vertex</c> attribute), summed over every mesh.</summary>
    public int MaxMeshVertices { get; set; } = 50_000;

    /// <summary>
    /// Largest <c>&lt;size njmax/nconmax&gt;</c> (constraint rows / contacts): MuJoCo 2.2.2 allocates njmax² numbers, so
    /// this is checked on the text before the data-memory check on the compiled model.
    /// </summary>
    public int MaxConstraintRows { get; set; } = 10_000;

    /// <summary><c>&lt;size nstack&gt;</c> in mjtNums (MuJoCo 2.2.2's name for the memory attribute).</summary>
    public long MaxStack { get; set; } = 16L * 1024 * 1024;

    /// <summary>Keyframes (<c>&lt;size nkey&gt;</c> and <c>&lt;key&gt;</c> elements).</summary>
    public int MaxKeyframes { get; set; } = 100;

    /// <summary>Solver iterations per step (<c>option iterations / noslip_iterations / mpr_iterations</c>).</summary>
    public int MaxSolverIterations { get; set; } = 1_000;

    /// <summary>Shadow-map size and offscreen buffer width/height in <c>&lt;visual&gt;</c> (rendering memory).</summary>
    public int MaxRenderSize { get; set; } = 4096;

    /// <summary>mjModel buffer, MiB, measured on the compiled model.</summary>
    public int MaxModelMegabytes { get; set; } = 128;

    /// <summary>What mj_makeData would allocate (mjData buffer + stack), MiB, measured before it is allocated.</summary>
    public int MaxDataMegabytes { get; set; } = 1024;

    /// <summary>
    /// Smallest <c>option timestep</c>, seconds. Benchgen's templates use 2 ms; a 1e-7 s step makes every simulated
    /// second ten million steps.
    /// </summary>
    public double MinTimestep { get; set; } = 1e-4;

    /// <summary>Steps one compiled model may take over its life (every Step, Simulate, replay and trial on it).</summary>
    public long MaxStepsPerModel { get; set; } = 250_000;

    /// <summary>Wall-clock seconds one compiled model may spend stepping, counted from compilation; a backstop to the step cap.</summary>
    public double MaxWallSecondsPerModel { get; set; } = 120;

    /// <summary>Steps between wall-clock and cancellation checks inside long step loops.</summary>
    public const int CheckEverySteps = 100;

    internal static long Megabytes(int value) => value <= 0 ? 0 : (long)value * 1024 * 1024;
}
