using System.Text.Json;
using Benchgen.Tasks;
using Xunit;

namespace Benchgen.Generation.Tests.Tasks;

public class Reading_a_task_spec
{
    internal const string BowlOnPlate = """
        {"spec": "benchgen.task/v1", "prompt": "put the bowl on the plate",
         "objects": [{"id": "bowl_1", "kind": "bowl", "label": "bowl"}, {"id": "plate_1", "kind": "plate", "label": "plate"}],
         "goal": [{"predicate": "on", "args": ["bowl_1", "plate_1"]}]}
        """;

    [Fact]
    public void Should_round_trip_through_json_unchanged()
    {
        var spec = TaskSpecReader.Parse(BowlOnPlate);
        var again = TaskSpecReader.Parse(spec.ToJson());
        Assert.Equal(spec.ToJson(), again.ToJson());
        Assert.Equal("on(bowl_1, plate_1)", again.DescribeGoal());
        Assert.Equal(TaskSpec.Version, again.Spec);
    }

    [Fact]
    public void Should_name_the_json_path_of_every_schema_error()
    {
        var bad = """
            {"spec": "benchgen.task/v1",
             "objects": [{"id": "Bowl 1", "kind": "bowl"}, {"id": "plate_1", "kind": "plate", "size": "huge"}],
             "placements": [{"object": "bowl_1", "relation": "on", "target": "plate_1"}, {"arrangement": "tower", "objects": ["bowl_1"]}],
             "goal": [{"predicate": "hover", "args": ["bowl_1"]}], "colour": "red"}
            """;
        var error = Assert.Throws<TaskSpecException>(() => TaskSpecReader.Parse(bad));
        // A placement that satisfies one branch of the schema's oneOf is not an error; the failed one names its field.
        Assert.DoesNotContain(error.Errors, e => e.StartsWith("$.placements[0]", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.placements[1].objects:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.objects[0].id:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.objects[1].size:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$.goal[0].predicate:", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.StartsWith("$", StringComparison.Ordinal) && e.Contains("colour", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_refuse_malformed_json_and_oversized_specs()
    {
        Assert.StartsWith("$:", Assert.Throws<TaskSpecException>(() => TaskSpecReader.Parse("{\"spec\": ")).Errors[0]);
        var huge = "{\"spec\": \"benchgen.task/v1\", \"prompt\": \"" + new string('a', TaskSpecReader.MaxLength) + "\"}";
        Assert.Contains("limit", Assert.Throws<TaskSpecException>(() => TaskSpecReader.Parse(huge)).Message);
    }

    [Fact]
    public void Should_publish_the_schema_that_it_checks_against()
    {
        using var schema = JsonDocument.Parse(TaskSpecReader.SchemaJson);
        Assert.Equal("Benchgen TaskSpec v1", schema.RootElement.GetProperty("title").GetString());
        var file = Path.Combine(RepoRoot(), "services", "Benchgen.Tasks", "schemas", "task-spec.v1.json");
        Assert.Equal(File.ReadAllText(file), TaskSpecReader.SchemaJson);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Benchgen.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Benchgen.sln not found above the test binaries");
    }
}

public class Checking_a_task_spec_against_the_library
{
    private static TaskSpecException Rejected(string objects, string goal, string? placements = null, string? initial = null) =>
        Assert.Throws<TaskSpecException>(() => TaskSpecReader.Parse(
            $$"""{"spec": "benchgen.task/v1", "objects": [{{objects}}], "goal": [{{goal}}], "placements": [{{placements}}], "initial": [{{initial}}]}"""));

    [Fact]
    public void Should_reject_an_unknown_kind_naming_the_nearest_ones()
    {
        var error = Rejected("""{"id": "spatula_1", "kind": "spatula"}""", """{"predicate": "at", "args": ["spatula_1", "goal"]}""");
        Assert.Contains(error.Errors, e => e.StartsWith("$.objects[0].kind: unknown kind 'spatula'", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_reject_an_unknown_part()
    {
        var error = Rejected("""{"id": "cabinet_1", "kind": "cabinet", "params": {"drawers": 2}}""",
            """{"predicate": "open", "args": ["cabinet_1.drawer_middle"]}""");
        Assert.Contains(error.Errors, e => e.StartsWith("$.goal[0].args[0]:", StringComparison.Ordinal) && e.Contains("drawer_middle", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_reject_a_support_cycle()
    {
        var error = Rejected("""{"id": "block_1", "kind": "block"}, {"id": "block_2", "kind": "block"}""",
            """{"predicate": "at", "args": ["block_1", "goal"]}""",
            initial: """{"predicate": "on", "args": ["block_1", "block_2"]}, {"predicate": "on", "args": ["block_2", "block_1"]}""");
        Assert.Contains(error.Errors, e => e.Contains("cycle", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_reject_ten_bowls_in_one_bowl()
    {
        var goal = string.Join(", ", Enumerable.Range(1, 10).Select(i => $$"""{"predicate": "in", "args": ["bowl_{{i}}", "bowl_11"]}"""));
        var error = Rejected("""{"id": "bowl_1", "kind": "bowl", "count": 11}""", goal);
        Assert.Contains(error.Errors, e => e.Contains("cannot fit in bowl_11", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_reject_more_objects_than_the_library_builds()
    {
        var error = Rejected("""{"id": "block_1", "kind": "block", "count": 20}, {"id": "ball_1", "kind": "ball", "count": 20}""",
            """{"predicate": "at", "args": ["block_1", "goal"]}""");
        Assert.Contains(error.Errors, e => e.StartsWith("$.objects:", StringComparison.Ordinal) && e.Contains("at most 24", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_reject_a_goal_that_is_its_own_start()
    {
        var error = Rejected("""{"id": "cabinet_1", "kind": "cabinet"}""", """{"predicate": "open", "args": ["cabinet_1.drawer"]}""",
            initial: """{"predicate": "open", "args": ["cabinet_1.drawer"]}""");
        Assert.Contains(error.Errors, e => e.Contains("start solved", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_expand_counts_into_one_object_each()
    {
        var spec = TaskSpecReader.Parse("""
            {"spec": "benchgen.task/v1", "objects": [{"id": "block_1", "kind": "block", "count": 3, "colour": "red"}],
             "goal": [{"predicate": "stacked", "args": ["block_1", "block_2", "block_3"]}]}
            """);
        var normal = TaskSpecRules.Normalize(spec);
        Assert.Equal(["block_1", "block_2", "block_3"], normal.Objects.Select(o => o.Id));
        Assert.All(normal.Objects, o => Assert.Equal("red", o.Colour));
        Assert.All(normal.Objects, o => Assert.Null(o.Count));
    }
}
