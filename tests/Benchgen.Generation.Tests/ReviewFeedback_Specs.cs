using Benchgen.Generation;
using Benchgen.Generation.Coding;
using Benchgen.Generation.Planning;
using Benchgen.Generation.Sandbox;
using Xunit;

namespace Benchgen.Generation.Tests;

public sealed class Answering_review_feedback_on_a_drawer
{
    [Fact]
    public async Task Should_open_the_cabinet_top_when_the_reviewer_says_the_drawer_is_hidden()
    {
        var plan = new PromptParser().Parse("A sliding drawer with a handle");
        var coder = new ScenarioCoder();
        var sandbox = new ScriptSandbox(new GenerationOptions());
        var feedback = ReviewAdjustments.FromFeedback("rejected: payload drawer is hidden: visible (≥ 100 px) in only 9 of 24 views");
        Assert.True(feedback.EnlargePayload);

        var first = await sandbox.RunAsync(coder.Write(plan).Source, [(3, 1.0)]);
        var retry = await sandbox.RunAsync(coder.Write(plan, feedback).Source, [(3, 1.0)]);

        Assert.Contains("cabinet_top", first[0].Mjcf);
        Assert.DoesNotContain("cabinet_top", retry[0].Mjcf);
        Assert.Contains("drawer_slide", retry[0].Mjcf);
    }

    [Fact]
    public async Task Should_keep_the_colour_the_prompt_asked_for_when_the_review_asks_for_a_highlight()
    {
        // The colour is part of the task: repainting a red drawer orange would fail its own fidelity check forever.
        var plan = new PromptParser().Parse("A red sliding drawer with a handle");
        var feedback = ReviewAdjustments.FromFeedback("rejected: payload drawer is hidden: visible (≥ 100 px) in only 9 of 24 views");
        Assert.True(feedback.HighlightPayload);
        var retry = await new ScriptSandbox(new GenerationOptions()).RunAsync(new ScenarioCoder().Write(plan, feedback).Source, [(3, 1.0)]);
        Assert.Contains("rgba=\"0.85000 0.15000 0.12000 1.00000\"", retry[0].Mjcf);
        Assert.DoesNotContain("rgba=\"1.00000 0.35000 0.05000 1.00000\"", retry[0].Mjcf);
    }
}

public sealed class Describing_a_plan
{
    [Theory]
    [InlineData("A stack of 3 blocks", "3 medium", "boxes")]
    [InlineData("Stack 4 wooden cylinders", "4 medium wood", "cylinders")]
    public void Should_name_the_parts_in_plain_english(string prompt, string count, string noun)
    {
        var text = new PromptParser().Parse(prompt).Describe();
        Assert.StartsWith("family stack: ", text);
        Assert.Contains(count, text);
        Assert.Contains(noun + ",", text);
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
        var plan = new PromptParser().Parse(prompt);
        Assert.Equal("ice", plan.FloorMaterial?.Name);
        var runs = await new ScriptSandbox(new GenerationOptions()).RunAsync(new ScenarioCoder().Write(plan).Source, [(1, 1.0)]);

        var floor = System.Xml.Linq.XDocument.Parse(runs[0].Mjcf).Descendants("geom").Single(g => (string?)g.Attribute("name") == "floor");
        Assert.StartsWith(plan.FloorMaterial!.Friction.ToString("0.00000", System.Globalization.CultureInfo.InvariantCulture),
            (string?)floor.Attribute("friction"));
        Assert.NotEqual(plan.FloorMaterial.Friction, plan.Material.Friction);
    }
}
