using Benchgen.Generation;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Answering_review_feedback_on_a_drawer
{
    [Fact]
    public async Task Should_show_more_of_the_drawer_when_the_reviewer_says_it_is_hidden()
    {
        const string feedbackText = "rejected: payload cabinet_1_drawer is hidden: visible (≥ 100 px) in only 9 of 24 views";
        var sandbox = new ScriptSandbox(new GenerationOptions());
        var feedback = ReviewAdjustments.FromFeedback(feedbackText);
        Assert.True(feedback.EnlargePayload);

        var first = await sandbox.RunAsync(TestSupport.Script("A sliding drawer with a handle").Source, [(3, 1.0)]);
        var retry = await sandbox.RunAsync(TestSupport.Script("A sliding drawer with a handle", feedbackText).Source, [(3, 1.0)]);

        // The payload is the drawer: its cabinet is built larger (so is the drawer front the views see) and highlighted.
        static double Width(ScriptRun run)
        {
            var cabinet = run.Definition["task"]!["objects"]!.AsArray().Single(o => o!["id"]!.GetValue<string>() == "cabinet_1")!;
            var extent = cabinet["extent"]!;
            return extent["max"]![0]!.GetValue<double>() - extent["min"]![0]!.GetValue<double>();
        }
        Assert.Equal("cabinet_1_drawer", retry[0].Definition["payload"]!["body"]!.GetValue<string>());
        Assert.True(Width(retry[0]) > 1.2 * Width(first[0]), $"{Width(retry[0])} vs {Width(first[0])}");
        Assert.Contains("rgba=\"1.00000 0.35000 0.05000 1.00000\"", retry[0].Mjcf);
        Assert.DoesNotContain("rgba=\"1.00000 0.35000 0.05000 1.00000\"", first[0].Mjcf);
        Assert.Contains("cabinet_1_drawer_joint", retry[0].Mjcf);
    }

    [Fact]
    public async Task Should_keep_the_colour_the_prompt_asked_for_when_the_review_asks_for_a_highlight()
    {
        // The colour is part of the task: repainting a red drawer orange would fail its own fidelity check forever.
        const string feedbackText = "rejected: payload cabinet_1_drawer is hidden: visible (≥ 100 px) in only 9 of 24 views";
        Assert.True(ReviewAdjustments.FromFeedback(feedbackText).HighlightPayload);
        var retry = await new ScriptSandbox(new GenerationOptions()).RunAsync(TestSupport.Script("A red sliding drawer with a handle", feedbackText).Source, [(3, 1.0)]);
        Assert.Contains("rgba=\"0.85000 0.15000 0.12000 1.00000\"", retry[0].Mjcf);
        Assert.DoesNotContain("rgba=\"1.00000 0.35000 0.05000 1.00000\"", retry[0].Mjcf);
    }
}

public sealed class Describing_a_plan
{
    [Theory]
    [InlineData("A stack of 3 blocks", "3× block", "stacked(block_1, block_2, block_3)")]
    [InlineData("Stack 4 wooden cylinders", "4× cylinder", "stacked(cylinder_1, cylinder_2, cylinder_3, cylinder_4)")]
    public void Should_name_the_parts_in_plain_english(string prompt, string count, string start)
    {
        var text = TestSupport.Planner.Parse(prompt).Spec.Describe();
        Assert.StartsWith("task (preset stack), tier 1: ", text);
        Assert.Contains(count, text);
        Assert.Contains("starts " + start, text);
    }
}

public sealed class Building_on_an_icy_floor
{
    [Theory]
    [InlineData("A stack of 2 large red blocks on an icy floor")]
    [InlineData("A pyramid of 3 blocks on an icy floor")]
    [InlineData("A hinged door on an icy floor")]
    public async Task Should_give_the_floor_ice_friction_and_keep_the_parts_material(string prompt)
    {
        var compiled = TestSupport.Compile(prompt);
        Assert.Equal("ice", compiled.Spec.FloorMaterial);
        var runs = await new ScriptSandbox(new GenerationOptions()).RunAsync(compiled.Script.Source, [(1, 1.0)]);

        var ice = Benchgen.Tasks.TaskVocabulary.Materials["ice"].Friction;
        var floor = System.Xml.Linq.XDocument.Parse(runs[0].Mjcf).Descendants("geom").Single(g => (string?)g.Attribute("name") == "floor");
        Assert.StartsWith(ice.ToString("0.00000", System.Globalization.CultureInfo.InvariantCulture), (string?)floor.Attribute("friction"));
        // The parts keep their own material's friction.
        var part = compiled.Spec.Objects[0].Material ?? "wood";
        Assert.NotEqual(ice, Benchgen.Tasks.TaskVocabulary.Materials[part].Friction);
    }
}
