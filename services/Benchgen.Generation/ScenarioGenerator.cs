using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Benchgen.Generation.Tasks;
using Benchgen.Generation.Validation;
using Benchgen.Tasks;
using Benchgen.Physics;
using Microsoft.Extensions.Options;

namespace Benchgen.Generation;

/// <summary>A scenario that passed validation, with everything ScenarioGenerated and persistence need.</summary>
public sealed record GeneratedScenario(
    TaskSpec Spec,
    ScenarioPlan Plan,
    GeneratorScript Script,
    int Seed,
    string CanonicalMjcf,
    IReadOnlyList<GeneratedVariant> Variants,
    string BenchmarkJson,
    ValidationReport Report)
{
    /// <summary>The body the reviewer must see: the canonical definition's payload (a part's body for a part goal).</summary>
    public string PayloadBody { get; init; } = Plan.PayloadBody;
}

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
    /// <param name="variants">Variant seeds besides the canonical one (0–32); null: the spec's own count, else the default.</param>
    /// <param name="spec">An edited TaskSpec to generate instead of planning the prompt (the plan-approval loop).</param>
    Task<GeneratedScenario> GenerateAsync(string prompt, int seed, int? variants, string? reviewFeedback,
        Func<string, string, Task>? progress = null, CancellationToken cancellationToken = default, Benchgen.Tasks.TaskSpec? spec = null);
}

/// <summary>
/// The generator: a planner (the embedded parser, or the LLM planner) turns the prompt into a TaskSpec — or an edited
/// spec comes with the request — then <see cref="TaskCompiler"/> writes the script and <see cref="ScriptValidation"/>
/// proves it in MuJoCo. Nothing after planning knows which planner ran.
/// </summary>
public sealed class ScenarioGenerator(ITaskPlanner planner, TaskCompiler compiler, ScriptValidation validation) : IScenarioGenerator
{
    public async Task<GeneratedScenario> GenerateAsync(
        string prompt, int seed, int? variants, string? reviewFeedback, Func<string, string, Task>? progress = null,
        CancellationToken cancellationToken = default, TaskSpec? spec = null)
    {
        progress ??= (_, _) => Task.CompletedTask;
        // The entry points refuse these already; a request that bypassed them is refused here, never clamped.
        if ((Benchgen.Hosting.RequestRules.Seed.Check(seed) ?? Benchgen.Hosting.RequestRules.Variants.Check(variants)) is { } problem)
            throw new ArgumentException(problem);
        if (spec is null)
        {
            var planned = await planner.PlanAsync(prompt, reviewFeedback, cancellationToken).ConfigureAwait(false);
            if (!planned.Accepted) throw new UnsupportedPromptException(planned.Rejection!);
            spec = planned.Spec;
        }
        CompiledTask compiled;
        try
        {
            compiled = compiler.Compile(spec, ReviewAdjustments.FromFeedback(reviewFeedback));
        }
        catch (TaskSpecException ex)
        {
            throw new UnsupportedPromptException(ex.Message);
        }
        await progress("planning", compiled.Spec.Describe()).ConfigureAwait(false);
        var script = compiled.Script;
        await progress("coding", $"compiled the {(compiled.Spec.Preset is { } p ? p + " preset" : "task")} into a generator script ({script.Source.Length} characters; {script.Adjustments.Describe()})");

        // "10 variations of ..." asks for ten models (nine variants besides the canonical one); an explicit request
        // count — 0 included — wins; neither: the default.
        var count = variants ?? (compiled.Spec.Variation.Variants is int asked ? Math.Max(0, asked - 1) : null);
        var (scenario, report) = await validation.RunAsync(compiled.Plan, script, prompt, seed, count, progress, cancellationToken,
            spec: compiled.Spec).ConfigureAwait(false);
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
    /// (a script that crashes or hangs throws <see cref="GeneratorScriptException"/>). Every validated seed (canonical
    /// and variants) runs at scale 1.0 and at each of <see cref="GenerationOptions.EffectiveExtraScales"/>.
    /// </summary>
    /// <param name="provenance">Which backend produced the script (the catalogue when null), for benchmark.json.</param>
    public async Task<(GeneratedScenario? Scenario, ValidationReport Report)> RunAsync(
        ScenarioPlan plan, GeneratorScript script, string prompt, int seed, int? variants, Func<string, string, Task> progress,
        CancellationToken cancellationToken, GenerationProvenance? provenance = null, TaskSpec? spec = null)
    {
        // Null: the configured default; 0: the canonical seed alone.
        var variantSeeds = VariantSeeds(seed, Math.Clamp(variants ?? _options.DefaultVariants, 0, 32));
        var scales = _options.EffectiveExtraScales.Where(s => s > 0 && double.IsFinite(s) && s != 1.0).Distinct().ToArray();
        var runs = new List<(int Seed, double Scale)>();
        var roles = new List<string>();
        foreach (var s in variantSeeds.Prepend(seed))
        {
            runs.Add((s, 1.0));
            roles.Add(s == seed ? "canonical" : "variant");
        }
        foreach (var scale in scales)
            foreach (var s in variantSeeds.Prepend(seed))
            {
                runs.Add((s, scale));
                roles.Add("scale");
            }
        var results = await sandbox.RunAsync(script, runs, cancellationToken).ConfigureAwait(false);
        await progress("validating", $"script ran for {runs.Count} seed/scale pairs in the {sandbox.EffectiveMode.ToString().ToLowerInvariant()} sandbox; simulating in MuJoCo {Mujoco.Version}");

        var report = validator.Validate(plan, results, roles, spec, cancellationToken);
        await progress("validating", report.Summary);
        if (!report.Passed) return (null, report);

        var atUnitScale = results.Where(r => r.Scale == 1.0).ToArray();
        var generated = atUnitScale.Select(r => new GeneratedVariant(r.Seed, r.Mjcf, Sha256(r.Mjcf))).ToArray();
        var benchmark = BenchmarkJson(plan, script, prompt, results[0], report, seed, variantSeeds,
            scales.Prepend(1.0).ToArray(), provenance ?? GenerationProvenance.Catalogue, spec);
        var payload = results[0].Definition["payload"]?["body"]?.GetValue<string>() ?? plan.PayloadBody;
        return (new GeneratedScenario(spec ?? new TaskSpec { Prompt = prompt }, plan, script, seed, results[0].Mjcf, generated, benchmark, report)
        {
            PayloadBody = payload,
        }, report);
    }

    /// <summary>
    /// SHA-256 over the script's UTF-8 bytes followed by the canonical MJCF's — the same content hash persistence
    /// computes from the stored script.py and model.xml.
    /// </summary>
    public static string ContentHash(string scriptSource, string canonicalMjcf) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes(scriptSource), .. Encoding.UTF8.GetBytes(canonicalMjcf)]));

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string BenchmarkJson(
        ScenarioPlan plan, GeneratorScript script, string prompt, ScriptRun canonical, ValidationReport report,
        int seed, IReadOnlyList<int> variantSeeds, IReadOnlyList<double> scales, GenerationProvenance provenance, TaskSpec? spec)
    {
        var measured = (JsonObject)canonical.Definition.DeepClone();
        // The stored difficulty is the validator's, measured from the simulated scene.
        measured["difficulty"] = report.Difficulty;
        // The reference solution that proved the task, in the skills format grading reads.
        if (report.ReferenceSolution is not null) measured["reference_solution"] = report.ReferenceSolution.DeepClone();
        // Signature and provenance come first: readers that search the document for a key take the first match, and a
        // script's definition must not be able to shadow them.
        var document = new JsonObject
        {
            ["signature"] = report.Signature,
            ["content_hash"] = ContentHash(script.Source, canonical.Mjcf),
            ["provenance"] = new JsonObject
            {
                ["generator_version"] = script.GeneratorVersion,
                ["backend"] = provenance.Backend,
                ["family"] = plan.Family,
                ["llm_model"] = provenance.Model,
                ["mujoco_version"] = Mujoco.Version,
                ["prompt_sha256"] = Sha256(prompt),
                ["script_sha256"] = Sha256(script.Source),
                ["seed"] = seed,
                ["variant_seeds"] = new JsonArray(variantSeeds.Select(s => (JsonNode)s).ToArray()),
                ["scales"] = new JsonArray(scales.Select(s => (JsonNode)s).ToArray()),
                ["review_adjustments"] = script.Adjustments.Describe(),
            },
            // The task asked for (TaskSpec, objects resolved to bodies, parts to joints) and its tier.
            ["task"] = measured[ResolvedTask.Key]?.DeepClone(),
            ["tier"] = spec?.Tier ?? (measured[ResolvedTask.Key]?["tier"]?.GetValue<int>()),
            ["spec"] = spec is null ? null : JsonNode.Parse(spec.ToJson(indented: false)),
            ["difficulty"] = report.Difficulty,
            ["difficulty_terms"] = report.DifficultyTerms is null ? null : JsonSerializer.SerializeToNode(report.DifficultyTerms, SnakeCase),
            ["validation"] = new JsonObject
            {
                ["pass_fraction"] = report.PassFraction,
                ["runs"] = new JsonArray(report.Runs.Select(r => (JsonNode)new JsonObject
                {
                    ["seed"] = r.Seed,
                    ["scale"] = r.Scale,
                    ["passed"] = r.Passed,
                    ["fidelity"] = new JsonObject(r.Checks.Where(c => c.Name is "structure" or "joints" or "colour")
                        .Select(c => KeyValuePair.Create(c.Name, (JsonNode?)c.Detail))),
                    ["reference_solution"] = r.Checks.FirstOrDefault(c => c.Name == "reference_solution")?.Detail,
                }).ToArray()),
            },
            ["validation_summary"] = report.Summary,
            ["definition"] = measured,
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}

/// <summary>Which backend wrote a generator script: "catalogue" (a family template) or "llm" (with the model name).</summary>
public sealed record GenerationProvenance(string Backend, string? Model = null)
{
    public static readonly GenerationProvenance Catalogue = new("catalogue");

    public static GenerationProvenance Llm(string model) => new("llm", model);
}
