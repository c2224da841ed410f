using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using Benchgen.Tasks;

namespace Benchgen.Benchmarks;

/// <summary>
/// `tasks [FILE]`: every row of a task-instruction table (default ../shared/prompts/tasks.tsv) through the embedded
/// pipeline (`benchgen batch`: plan → compile → sandbox → MuJoCo validation → render → review → persist), each accepted
/// benchmark's stored spec compared with the row's expected objects, goal and initial columns. A measure, not a test:
/// it prints a markdown table and the counts.
/// </summary>
public static partial class TaskBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var file = args.Length > 0 ? args[0] : Path.Combine("..", "shared", "prompts", "tasks.tsv");
        var rows = File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split('\t')).Where(c => c.Length >= 3).ToArray();
        // The whole embedded pipeline, as `benchgen batch` runs it: plan, compile, sandbox, validate, render, review, persist.
        var clock = Stopwatch.StartNew();
        var (lines, data) = await BatchAsync("benchgen-tasks-", rows.Select(r => r[0]), "--seed", "1", "--variants", "2");
        var sessions = lines
            .Where(e => e.TryGetProperty("prompt", out _))
            .GroupBy(e => e.GetProperty("prompt").GetString()!).ToDictionary(g => g.Key, g => g.First());
        var table = new StringBuilder("| # | prompt | outcome | task | note |\n|---|---|---|---|---|\n");
        int faithful = 0, wrong = 0, rejected = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var (prompt, objects, goal, initial) = (rows[i][0], rows[i][1], rows[i][2], rows[i].Length > 3 ? rows[i][3] : "-");
            string outcome, task, note;
            if (!sessions.TryGetValue(prompt, out var session)) { outcome = "no outcome"; task = ""; note = ""; rejected++; }
            else if (session.GetProperty("state").GetString() == "Accepted")
            {
                var definition = new Uri(session.GetProperty("artifacts").GetProperty("definition").GetString()!).LocalPath;
                using var benchmark = JsonDocument.Parse(await File.ReadAllTextAsync(definition));
                var spec = TaskSpecReader.Parse(benchmark.RootElement.GetProperty("spec").GetRawText());
                var problems = Compare(spec, objects, goal, initial);
                task = spec.DescribeGoal();
                if (problems.Count == 0) { faithful++; outcome = "accepted, faithful"; note = ""; }
                else { wrong++; outcome = "**accepted, DIFFERENT TASK**"; note = string.Join("; ", problems); }
            }
            else
            {
                rejected++;
                outcome = "rejected";
                task = "";
                note = session.GetProperty("failureReason").GetString() ?? "";
                if (note.Length > 300) note = note[..297] + "...";
            }
            table.Append(CultureInfo.InvariantCulture, $"| {i + 1} | {prompt} | {outcome} | {task} | {note.Replace("|", "\\|")} |\n");
        }
        Directory.Delete(data, recursive: true);
        Console.WriteLine(table);
        Console.WriteLine(FormattableString.Invariant(
            $"tasks: {faithful} of {rows.Length} faithful, {wrong} accepted with a different task, {rejected} rejected ({clock.Elapsed.TotalSeconds:0} s)"));
        return wrong == 0 ? 0 : 1;
    }

    /// <summary>
    /// Runs <c>benchgen batch --json</c> in process over <paramref name="prompts"/> in a fresh data directory (the caller
    /// deletes it) and returns the JSON lines it printed.
    /// </summary>
    internal static async Task<(JsonElement[] Lines, string DataDir)> BatchAsync(string prefix, IEnumerable<string> prompts, params string[] options)
    {
        var data = Directory.CreateTempSubdirectory(prefix).FullName;
        var file = Path.Combine(data, "prompts.txt");
        await File.WriteAllLinesAsync(file, prompts);
        var stdout = new StringWriter();
        await Cli.BenchgenCommandLine.RunAsync(["batch", "--file", file, .. options, "--data-dir", data, "--json"], stdout, Console.Error);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();
        return (lines, data);
    }

    /// <summary>What in an accepted spec disagrees with the row's columns (empty: the task asked for).</summary>
    public static IReadOnlyList<string> Compare(TaskSpec spec, string objects, string goal, string initial)
    {
        var problems = new List<string>();
        var normal = TaskSpecRules.Normalize(spec);
        foreach (var item in SplitTop(objects, ','))
        {
            var m = ObjectItem().Match(item.Trim());
            if (!m.Success) { problems.Add($"cannot read expected object '{item}'"); continue; }
            var name = m.Groups["name"].Value.Trim();
            var colour = m.Groups["colour"].Success ? m.Groups["colour"].Value : null;
            var count = m.Groups["count"].Success ? int.Parse(m.Groups["count"].Value, CultureInfo.InvariantCulture) : 1;
            var atLeast = m.Groups["plus"].Success;
            var note = m.Groups["note"].Success ? m.Groups["note"].Value : "";
            var proxies = note.StartsWith("proxy:", StringComparison.Ordinal)
                ? note["proxy:".Length..].Replace("small", "").Split(" or ", StringSplitOptions.TrimEntries) : [];
            var matching = normal.Objects.Where(o => Names(o, name) || (proxies.Contains(o.Kind) && o.Label.Contains(name, StringComparison.Ordinal))).ToArray();
            if (name == "gear" && matching.Length == 0) matching = normal.Objects.Where(o => o.Kind == "gear").ToArray();
            if (atLeast ? matching.Length < count : matching.Length != count)
                problems.Add($"expected {(atLeast ? "at least " : "")}{count} {name}, the spec has {matching.Length}");
            if (colour is not null && matching.Any(o => o.Colour != colour)) problems.Add($"expected every {name} {colour}");
            if (note.Contains("drawers", StringComparison.Ordinal) && matching.Any(o => (o.Parts ?? []).Count != int.Parse(note[..1], CultureInfo.InvariantCulture)))
                problems.Add($"expected a cabinet with {note}");
            if (note == "lidded" && matching.Any(o => !(o.Parts ?? []).Contains("lid"))) problems.Add("expected a lidded box");
            if (note.Contains("six colours", StringComparison.Ordinal) && matching.Select(o => o.Colour).Distinct().Count() != 6)
                problems.Add("expected six different colours");
        }
        problems.AddRange(ComparePredicates("goal", normal, normal.Goal, goal));
        problems.AddRange(ComparePredicates("initial", normal, normal.Initial, initial));
        return problems;
    }

    private static IEnumerable<string> ComparePredicates(string column, TaskSpec spec, IReadOnlyList<Predicate> actual, string expected)
    {
        expected = expected.Trim();
        if (expected is "-" or "" or "blocks loose")
        {
            if (expected == "blocks loose" && actual.Any(p => p.Name is "stacked" or "on")) yield return "expected the blocks to start loose";
            yield break;
        }
        if (expected.StartsWith("the ", StringComparison.Ordinal) || expected.Contains("preset's task", StringComparison.Ordinal))
        {
            var preset = PresetName().Match(expected);
            if (preset.Success && spec.Preset != preset.Groups[1].Value) yield return $"expected the {preset.Groups[1].Value} preset, got {spec.Preset ?? "a composed task"}";
            if (expected.Contains("fulcrum", StringComparison.Ordinal) && !spec.Variation.Ranges.Keys.Any(k => k.Contains("fulcrum", StringComparison.Ordinal)))
                yield return "expected the fulcrum position in the variation ranges";
        }
        if (expected.StartsWith("pyramid", StringComparison.Ordinal))
        {
            string[] pairs = ["4:1", "4:2", "5:2", "5:3", "6:4", "6:5"];
            var blocks = spec.Objects.Where(o => o.Kind == "block").Select(o => o.Id).ToArray();
            if (blocks.Length != 6) { yield return "expected six blocks"; yield break; }
            foreach (var pair in pairs)
            {
                var (upper, lower) = (blocks[pair[0] - '1'], blocks[pair[2] - '1']);
                if (!actual.Any(p => p.Name == "on" && p.Args.SequenceEqual([upper, lower]))) yield return $"expected on({upper}, {lower})";
            }
            if (expected.Contains("colour order", StringComparison.Ordinal) &&
                !spec.Objects.Where(o => o.Kind == "block").Select(o => o.Colour).SequenceEqual(TaskVocabulary.Rainbow))
                yield return "expected the blocks in rainbow order";
            yield break;
        }
        foreach (var clause in expected.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var m = PredicateText().Match(clause);
            if (!m.Success) continue; // prose about presets, checked above
            var name = m.Groups["name"].Value;
            var args = m.Groups["args"].Value.Split(',', StringSplitOptions.TrimEntries);
            var rest = m.Groups["rest"].Value.Trim();
            if (rest.StartsWith("for every", StringComparison.Ordinal))
            {
                var subjects = Resolve(spec, args[0], all: true);
                foreach (var subject in subjects)
                    if (!actual.Any(p => p.Name == name && p.Args[0] == subject && Matches(spec, p.Args.Skip(1), args.Skip(1))))
                        yield return $"expected {name}({subject}, {string.Join(", ", args.Skip(1))}) in {column}";
                if (subjects.Count < 2) yield return $"expected several {args[0]}";
                continue;
            }
            var found = actual.Any(p => p.Name == name && p.Args.Count == args.Length && Matches(spec, p.Args, args) &&
                                        (!double.TryParse(args[^1], CultureInfo.InvariantCulture, out _) || true));
            if (name is "rotated" or "lifted" && args.Length == 2)
                found = actual.Any(p => p.Name == name && Matches(spec, p.Args, args[..1]) &&
                                        Math.Abs((p.Value ?? 0) - double.Parse(args[1], CultureInfo.InvariantCulture)) < 1e-6);
            if (name == "upright" && args[0].StartsWith("every", StringComparison.Ordinal))
                found = Resolve(spec, args[0], all: true) is var all && all.Count > 1 &&
                        all.All(id => actual.Any(p => p.Name == "upright" && p.Args[0] == id));
            if (!found) yield return $"expected {clause} in {column}, got {string.Join(", ", actual)}";
            if (rest.StartsWith("on ", StringComparison.Ordinal) && name == "stacked")
            {
                var bottom = actual.FirstOrDefault(p => p.Name == "stacked")?.Args[0];
                if (bottom is null || !actual.Any(p => p.Name == "on" && p.Args[0] == bottom && Matches(spec, p.Args.Skip(1), [rest[3..]])))
                    yield return $"expected the stack {rest}";
            }
        }
    }

    private static bool Matches(TaskSpec spec, IEnumerable<string> actual, IEnumerable<string> expected) =>
        actual.Zip(expected).All(pair => pair.Second == "goal" ? pair.First == "goal" : Resolve(spec, pair.Second, all: false).Contains(pair.First));

    /// <summary>The spec references an expected name stands for ("top block", "second bin", "cabinet.drawer_top", "lid").</summary>
    private static IReadOnlyList<string> Resolve(TaskSpec spec, string name, bool all)
    {
        var part = name.Contains('.') ? name[(name.IndexOf('.') + 1)..] : null;
        var noun = part is null ? name : name[..name.IndexOf('.')];
        var words = noun.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var head = words[^1];
        var qualifier = words.Length > 1 ? words[0] : null;
        if (head == "lid")
            return spec.Objects.Where(o => (o.Parts ?? []).Contains("lid")).Select(o => o.Id + ".lid").ToArray();
        var candidates = spec.Objects.Where(o => Names(o, head) || (qualifier is not null && Names(o, noun))).ToList();
        if (qualifier is "input" or "output")
            candidates = candidates.Where(o => o.Label.Contains(qualifier, StringComparison.Ordinal)).ToList();
        else if (qualifier is "top" or "last") candidates = candidates.TakeLast(1).ToList();
        else if (qualifier is "first") candidates = candidates.Take(1).ToList();
        else if (qualifier is "second") candidates = candidates.Skip(1).Take(1).ToList();
        else if (qualifier is not null and not "every" && TaskVocabulary.Colours.ContainsKey(qualifier))
            candidates = candidates.Where(o => o.Colour == qualifier).ToList();
        var ids = candidates.Select(o => o.Id).ToArray();
        if (part is not null) return ids.Select(id => id + "." + part).ToArray();
        // An object with one moving part stands for it: rotated(dial, 180) is rotated(dial_1.dial, 180).
        return ids.Concat(candidates.SelectMany(o => (o.Parts ?? []).Count == 1 ? [o.Id + "." + o.Parts![0]] : Array.Empty<string>())).ToArray();
    }

    private static bool Names(TaskObject o, string name) =>
        o.Kind == name || o.Label == name || o.Label.EndsWith(" " + name, StringComparison.Ordinal) ||
        (name.EndsWith('s') && (o.Kind == name[..^1] || o.Label.EndsWith(name[..^1], StringComparison.Ordinal)));

    private static IEnumerable<string> SplitTop(string text, char separator)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == separator && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    [GeneratedRegex(@"^(?<name>[a-z ]+?)(?::(?<colour>[a-z]+))?(?: x(?<count>\d+)(?<plus>\+)?)?(?: \((?<note>[^)]*)\))?$")]
    private static partial Regex ObjectItem();

    [GeneratedRegex(@"^(?<name>[a-z_]+)\((?<args>[^)]*)\)(?<rest>.*)$")]
    private static partial Regex PredicateText();

    [GeneratedRegex(@"the (\w+) preset's task")]
    private static partial Regex PresetName();
}
