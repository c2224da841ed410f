using Benchgen.Generation.Validation;
using Xunit;
using Xunit.Abstractions;

namespace Benchgen.Generation.Tests;

public sealed class Scoring_difficulty(ITestOutputHelper output)
{
    private ValidationReport Validate(HandMadeScene scene)
    {
        var report = new ScenarioValidator(TestSupport.Options()).Validate(scene.Plan(), [scene.Run(seed: 3)]);
        output.WriteLine($"goal x {scene.GoalX}: difficulty {report.Difficulty} {report.DifficultyTerms}");
        return report;
    }

    [Fact]
    public void Should_grow_monotonically_when_only_the_goal_distance_grows()
    {
        // The same crate, goal size and forbid zone beyond the goal; only the goal moves away from the crate.
        var scores = new[] { -0.1, 0.05, 0.2, 0.35 }.Select(x => Validate(new HandMadeScene { GoalX = x })).ToArray();

        Assert.All(scores, r => Assert.True(r.Passed, r.Summary));
        for (var i = 1; i < scores.Length; i++)
        {
            Assert.True(scores[i].DifficultyTerms!.PathLength > scores[i - 1].DifficultyTerms!.PathLength);
            Assert.True(scores[i].Difficulty > scores[i - 1].Difficulty,
                $"goal {i} is farther but scores {scores[i].Difficulty} <= {scores[i - 1].Difficulty}");
        }
        Assert.All(scores, r => Assert.InRange(r.Difficulty, 0.0, 1.0));
    }

    [Fact]
    public void Should_measure_every_term_from_the_canonical_run()
    {
        var report = Validate(new HandMadeScene());
        var terms = report.DifficultyTerms!;

        // Start (-0.3, 0, 0.05) -> up 7 cm -> across 0.5 m -> down 6.6 cm.
        Assert.Equal(0.07 + 0.5 + 0.066, terms.PathLength, 3);
        Assert.Equal(1.2, terms.WorkspaceSize, 5);
        Assert.Equal(0.16, terms.GoalSide, 5);
        Assert.Equal(0.1, terms.PayloadSize, 5);
        Assert.InRange(terms.ForbidClearance, 0.04, 0.2);
        Assert.Equal(1, terms.Bodies);
        Assert.Equal(0, terms.Joints);
        Assert.Equal(8, terms.RandomTrials);
        Assert.InRange(terms.RandomSuccesses, 0, 8);
        Assert.Equal(DifficultyScore.Compute(terms), report.Difficulty);
    }

    [Fact]
    public void Should_give_the_same_random_baseline_for_the_same_seed()
    {
        var first = Validate(new HandMadeScene());
        var second = Validate(new HandMadeScene());

        Assert.Equal(first.DifficultyTerms, second.DifficultyTerms);
    }

    [Fact]
    public void Should_score_goals_random_pushing_reaches_as_easier()
    {
        var terms = new DifficultyBreakdown(0.5, 1.2, 0.16, 0.1, 0.1, 3, 0, 8, 0);

        var unreached = DifficultyScore.Compute(terms);
        var halfReached = DifficultyScore.Compute(terms with { RandomSuccesses = 4 });

        Assert.Equal(0.15, unreached - halfReached, 5);
    }

    [Fact]
    public void Should_score_tighter_goals_crowded_scenes_and_forbid_skirting_paths_as_harder()
    {
        var terms = new DifficultyBreakdown(0.5, 1.2, 0.3, 0.1, 0.1, 3, 0, 8, 0);
        var score = DifficultyScore.Compute(terms);

        Assert.True(DifficultyScore.Compute(terms with { GoalSide = 0.12 }) > score);
        Assert.True(DifficultyScore.Compute(terms with { Bodies = 12, Joints = 2 }) > score);
        Assert.True(DifficultyScore.Compute(terms with { ForbidClearance = 0.02 }) > score);
        Assert.True(DifficultyScore.Compute(terms with { ForbidClearance = -1 }) < score);
    }

    [Fact]
    public void Should_stay_within_zero_and_one()
    {
        Assert.Equal(1.0, DifficultyScore.Compute(new DifficultyBreakdown(50, 1, 0, 1, 0, 100, 10, 8, 0)));
        Assert.Equal(0.0, DifficultyScore.Compute(new DifficultyBreakdown(0, 1, 1, 0, -1, 1, 0, 8, 8)));
        Assert.Equal(0.0, DifficultyScore.Compute(new DifficultyBreakdown(1, 0, 1, 0, -1, 1, 0, 8, 8)));
    }
}
