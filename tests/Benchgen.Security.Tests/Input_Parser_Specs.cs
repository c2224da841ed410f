using Benchgen.Generation.Tasks.Parsing;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>The embedded parser keeps letters and digits only; a sign, a decimal point or an exponent must not vanish into another count.</summary>
public sealed class Input_Parser_Specs
{
    static readonly TaskParser Parser = new();

    [Theory]
    [InlineData("-3 blocks", "-3")]
    [InlineData("A stack of -3 blocks", "-3")]
    [InlineData("1e308 blocks", "1e308")]
    [InlineData("A stack of 1e308 blocks", "1e308")]
    [InlineData("A stack of 2.5 blocks", "2.5")]
    [InlineData("A stack of 1,000 blocks", "1,000")]
    [InlineData("A stack of +3 blocks", "+3")]
    [InlineData("A stack of \u22123 blocks", "\u22123")]
    [InlineData("put the bowl on the plate, 1E9 variations of it", "1E9")]
    public void A_count_that_is_not_a_plain_whole_number_is_not_understood(string prompt, string word)
    {
        var plan = Parser.Parse(prompt);

        Assert.False(plan.Accepted, $"'{prompt}' was planned: {plan.Spec.Describe()}");
        Assert.StartsWith($"not understood: '{word}'", plan.Rejection);
        Assert.Contains(word, plan.Spec.Unmapped);
        Assert.True(plan.Rejection!.Length <= TaskParser.MaxRejectionLength);
    }

    [Theory]
    [InlineData("100 variations of put the bowl on the plate")]
    [InlineData("0 variations of put the bowl on the plate")]
    [InlineData("40 variations of a stack of 3 blocks")]
    public void A_variation_count_out_of_range_is_refused_not_clamped(string prompt)
    {
        var plan = Parser.Parse(prompt);
        Assert.False(plan.Accepted);
        Assert.Contains("1 to 32 variations", plan.Rejection);
    }

    [Theory]
    [InlineData("A stack of 3 blocks")]
    [InlineData("10 variations of put the bowl on the plate")]
    [InlineData("sequentially stack 6 blocks into a pyramid of 3-2-1 with rainbow colored ordering")]
    [InlineData("Rotate a dial 180 degrees.")]
    public void Plain_counts_still_plan(string prompt) =>
        Assert.True(Parser.Parse(prompt).Accepted, Parser.Parse(prompt).Rejection);
}
