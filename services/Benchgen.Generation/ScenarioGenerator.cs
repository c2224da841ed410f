using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Validation;
using Benchgen.Physics;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation;

/// <summary>A scenario that passed validation, with everything ScenarioGenerated and persistence need.</summary>
public sealed record GeneratedScenario(
    ScenarioPlan Plan,
    GeneratorScript Script,
    int Seed,
    string CanonicalMjcf,
    IReadOnlyList<GeneratedVariant> Variants,
    string BenchmarkJson,
    ValidationReport Report);

/// <summary>One validated seed at scale 1.0: its MJCF and the SHA-256 of the MJCF's UTF-8 bytes.</summary>
public sealed record GeneratedVariant(int Seed, string Mjcf, string Sha256);

/// <summary>The validator rejected the script; the report says which run failed which check.</summary>
public sealed class ScenarioRejectedException(ValidationReport report) : Exception("The generated scenario failed validation: " + report.Summary)
{
    public ValidationReport Report { get; } = report;
}

/// <summary>One generation attempt for a prompt: the catalogue backend or the LLM backend.</summary>
public interface IScenarioGenerator
{
    /// <param name="progress">Called with (stage, message) for planning | coding | validating checkpoints.</param>
    Task<GeneratedScenario> GenerateAsync(string prompt, int seed, int variants, string? reviewFeedback,
        Func<string, string, Task>? progress = null, CancellationToken cancellationToken = default);
}

/// <summary>Catalogue backend: planner (prompt parser + families) → coder (templates) → <see cref="ScriptValidation"/>.</summary>
public sealed class ScenarioGenerator(PromptParser parser, ScenarioCoder coder, ScriptValidation validation) : IScenarioGenerator
{
    public async Task<GeneratedScenario> GenerateAsync(
        string prompt, int seed, int variants, string? reviewFeedback, Func<string, string, Task>? progress = null,
        CancellationToken cancellationToken = default)
    {
        progress ??= (_, _) => Task.CompletedTask;
        var plan = parser.Parse(prompt);
        await progress("planning", $"family {plan.Family}: {plan.Count} {plan.Size.ToString().ToLowerInvariant()} {plan.Material.Name} " +
                             $"{plan.Shape.ToString().ToLowerInvariant()}{(plan.Count == 1 ? "" : "s")}, {plan.Arrangement}" +
                             (plan.Colour is null ? "" : $", {plan.Colour}"))
            .ConfigureAwait(false);

        var adjustments = ReviewAdjustments.FromFeedback(reviewFeedback);
        var script = coder.Write(plan, adjustments);
        await progress("coding", $"wrote the {plan.Family} generator script ({script.Source.Length} characters; {adjustments.Describe()})");

        var (scenario, report) = await validation.RunAsync(plan, script, prompt, seed, variants, progress, cancellationToken).ConfigureAwait(false);
        return scenario ?? throw new ScenarioRejectedException(report);
    }
}

/// <summary>
/// The part every backend shares: run a generator script in the sandbox for the canonical seed, the variants and the
/// extra scales, validate every run in MuJoCo, and package benchmark.json with provenance.
/// </summary>
public sealed class ScriptValidation(ScriptSandbox sandbox, ScenarioValidator validator, IOptions<GenerationOptions> options)
{
    private readonly GenerationOptions _options = options.Value;

    /// <summary>Variant seeds for a canonical seed: distinct, non-negative and the same on every machine.</summary>
    public static IReadOnlyList<int> VariantSeeds(int seed, int count)
    {
        var seeds = new List<int>(count);
        var state = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL);
        while (seeds.Count < count)
        {
            // SplitMix64 step.
            state = unchecked(state + 0x9E3779B97F4A7C15UL);
            var z = state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            var candidate = (int)(z % 1_000_000_000UL);
            if (candidate != seed && !seeds.Contains(candidate)) seeds.Add(candidate);
        }
        return seeds;
    }

    /// <summary>
    /// Returns the packaged scenario when every run passed, else (null, report) — the report names the failed checks
    /// (a script that crashes or hangs throws <see cref="GeneratorScriptException"/>).
    /// </summary>
    public async Task<(GeneratedScenario? Scenario, ValidationReport Report)> RunAsync(
        ScenarioPlan plan, GeneratorScript script, string prompt, int seed, int variants, Func<string, string, Task> progress,
        CancellationToken cancellationToken)
    {
        var variantSeeds = VariantSeeds(seed, Math.Clamp(variants <= 0 ? _options.DefaultVariants : variants, 0, 32));
        var runs = new List<(int Seed, double Scale)> { (seed, 1.0) };
        var roles = new List<string> { "canonical" };
        foreach (var v in variantSeeds) { runs.Add((v, 1.0)); roles.Add("variant"); }
        foreach (var scale in _options.ExtraScales.Where(s => s > 0 && s != 1.0).Distinct())
        {
            runs.Add((seed, scale));
            roles.Add("scale");
        }
        var results = await sandbox.RunAsync(script.Source, runs, cancellationToken).ConfigureAwait(false);
        await progress("validating", $"script ran for {runs.Count} seed/scale pairs in the {sandbox.EffectiveMode.ToString().ToLowerInvariant()} sandbox; simulating in MuJoCo {Mujoco.Version}");

        var report = validator.Validate(plan, results, roles);
        await progress("validating", report.Summary);
        if (!report.Passed) return (null, report);

        var atUnitScale = results.Where(r => r.Scale == 1.0).ToArray();
        var generated = atUnitScale.Select(r => new GeneratedVariant(r.Seed, r.Mjcf, Sha256(r.Mjcf))).ToArray();
        var benchmark = BenchmarkJson(plan, script, prompt, results[0].Definition, report, seed, variantSeeds, runs.Select(r => r.Scale).Distinct());
        return (new GeneratedScenario(plan, script, seed, results[0].Mjcf, generated, benchmark, report), report);
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string BenchmarkJson(
        ScenarioPlan plan, GeneratorScript script, string prompt, JsonObject definition, ValidationReport report,
        int seed, IReadOnlyList<int> variantSeeds, IEnumerable<double> scales)
    {
        var measured = (JsonObject)definition.DeepClone();
        // The stored difficulty is the validator's, measured from the simulated scene.
        measured["difficulty"] = report.Difficulty;
        var document = new JsonObject
        {
            ["definition"] = measured,
            ["provenance"] = new JsonObject
            {
                ["generator_version"] = script.GeneratorVersion,
                ["family"] = plan.Family,
                ["mujoco_version"] = Mujoco.Version,
                ["prompt_sha256"] = Sha256(prompt),
                ["script_sha256"] = Sha256(script.Source),
                ["seed"] = seed,
                ["variant_seeds"] = new JsonArray(variantSeeds.Select(s => (JsonNode)s).ToArray()),
                ["scales"] = new JsonArray(scales.Select(s => (JsonNode)s).ToArray()),
                ["review_adjustments"] = script.Adjustments.Describe(),
            },
            ["difficulty"] = report.Difficulty,
            ["validation_summary"] = report.Summary,
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
