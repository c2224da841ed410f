using System.Text.Json.Nodes;
using Benchgen.Generation;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;

namespace Benchgen.Security.Tests;

/// <summary>Hostile MJCF for the replays: a plain scene to poison, a definition the validator accepts, host files.</summary>
internal static class Mjcf_Hostile
{
    /// <summary>A floor and one free block: compiles, and simulates as long as it is asked to.</summary>
    public static string Scene(string head = "", string world = "") => $"""
        <mujoco model="hostile">
          <option timestep="0.002"/>
          {head}
          <worldbody>
            <geom name="floor" type="plane" size="3 3 0.1"/>
            {world}
            <body name="block_1" pos="0 0 0.05">
              <freejoint name="block_1_joint"/>
              <geom name="block_1" type="box" size="0.05 0.05 0.05" mass="0.2"/>
            </body>
          </worldbody>
        </mujoco>
        """;

    /// <summary>What a generator script prints as its definition for <see cref="Scene"/>: the validator gets as far as MuJoCo.</summary>
    public static JsonObject Definition(double guideSeconds = 3)
    {
        var definition = JsonNode.Parse("""
        {
          "build_zone": {"min": [-1, -1, 0], "max": [1, 1, 1]},
          "goal_zone": {"min": [0.4, -0.1, 0], "max": [0.6, 0.1, 0.2]},
          "forbid_zones": [],
          "payload": {"body": "block_1", "start": [0, 0, 0.05], "jitter": [0, 0, 0], "mass": 0.2},
          "simulation_bounds": {"min": [-2, -2, -0.1], "max": [2, 2, 2]},
          "free_bodies": ["block_1"],
          "reference_solution": {"kind": "guide", "body": "block_1", "waypoints": [[0, 0, 0.2], [0.5, 0, 0.2], [0.5, 0, 0.06]],
                                 "max_force": 20, "duration": 3}
        }
        """)!.AsObject();
        definition["reference_solution"]!["duration"] = guideSeconds;
        return definition;
    }

    public static ScriptRun Run(string mjcf, double guideSeconds = 3) => new(7, 1.0, mjcf, Definition(guideSeconds));

    public static ScenarioPlan Plan() =>
        new Benchgen.Generation.Tasks.TaskCompiler(new Benchgen.Generation.Coding.ScenarioCoder())
            .Compile(new Benchgen.Generation.Tasks.Parsing.TaskParser().Parse("A stack of 2 blocks").Spec).Plan;

    /// <summary>A temp directory holding a mode-0600 "secret.png" with a marker inside; deleted on dispose.</summary>
    internal sealed class SecretFiles : IDisposable
    {
        public const string Marker = "BENCHGEN-SECRET-7f3a";

        public SecretFiles()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("benchgen-mjcf-").FullName;
            Secret = Path.Combine(Directory, "secret.png");
            File.WriteAllText(Secret, Marker);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Missing = Path.Combine(Directory, "missing.png");
        }

        public string Directory { get; }
        public string Secret { get; }
        public string Missing { get; }

        /// <summary>A FIFO: whoever opens it for reading blocks until a writer comes, so an open shows as a hang.</summary>
        public string Fifo()
        {
            var path = Path.Combine(Directory, "fifo.png");
            using var mkfifo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", ["-m", "600", path]))!;
            if (!mkfifo.WaitForExit(10_000) || mkfifo.ExitCode != 0) throw new IOException("mkfifo failed");
            return path;
        }

        /// <summary>Unblocks a reader stuck on the FIFO (only needed when the gate failed).</summary>
        public static void Release(string fifo)
        {
            using var writer = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            writer.WriteByte(0);
        }

        public void Dispose()
        {
            try { System.IO.Directory.Delete(Directory, recursive: true); }
            catch (IOException) { }
        }
    }

    public static GenerationOptions Options(Action<GenerationOptions>? configure = null)
    {
        var options = new GenerationOptions { ValidationParallelism = 2 };
        configure?.Invoke(options);
        return options;
    }
}
