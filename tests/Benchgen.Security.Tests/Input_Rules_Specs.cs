using Benchgen.Hosting;
using Xunit;

namespace Benchgen.Security.Tests;

/// <summary>
/// One table of bad requests over the shared rule set (<see cref="RequestRules"/>). Each row is replayed at the HTTP API
/// (<see cref="Input_Api_Specs"/>), on the bus (<see cref="Input_Bus_Specs"/>) and through the CLI
/// (<see cref="Input_Cli_Specs"/>), and every door must answer with the rule's own reason.
/// </summary>
public static class InputCases
{
    public sealed record Case(string Name, string Prompt, long? Seed, long? Variants)
    {
        /// <summary>The reason every entry point must give.</summary>
        public string Reason => RequestRules.Prompt(Prompt) ?? RequestRules.Seed.Check(Seed) ?? RequestRules.Variants.Check(Variants)
            ?? throw new InvalidOperationException($"case {Name} is not a bad request");

        public override string ToString() => Name;
    }

    public const string Good = "A stack of 3 blocks";

    public static readonly Case[] All =
    [
        new("NUL in the prompt", "A stack of\0 3 blocks", null, null),
        new("1 MB prompt", new string('a', 1_000_000), null, null),
        new("bell and escape in the prompt", "A stack \u001b[2J of 3 blocks\u0007", null, null),
        new("empty prompt", "   ", null, null),
        new("seed -5", Good, -5, null),
        new("seed past int", Good, 2_147_483_648L, null),
        new("variants 33", Good, null, 33),
        new("variants -1", Good, null, -1),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    public static Case Named(string name) => All.Single(c => c.Name == name);
}

public sealed class Input_Rules_Specs
{
    [Theory]
    [MemberData(nameof(InputCases.Names), MemberType = typeof(InputCases))]
    public void Every_row_of_the_table_is_refused_by_the_shared_rules(string name)
    {
        var c = InputCases.Named(name);
        Assert.False(string.IsNullOrWhiteSpace(c.Reason));
        // A reason never echoes the payload: bounded, one printable line.
        Assert.True(c.Reason.Length <= 200, c.Reason);
        Assert.DoesNotContain(c.Reason, ch => char.IsControl(ch));
    }

    [Theory]
    [InlineData(0L, null)]
    [InlineData(2_147_483_647L, null)]
    [InlineData(-5L, "the seed must be a whole number from 0 to 2147483647; got -5")]
    public void The_seed_rule_says_its_bounds(long seed, string? reason) => Assert.Equal(reason, RequestRules.Seed.Check(seed));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("32", 32)]
    public void Zero_and_thirty_two_variants_are_accepted_as_given(string text, int expected)
    {
        Assert.Null(RequestRules.Variants.Parse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("33")]
    [InlineData("-1")]
    [InlineData("1e308")]
    [InlineData("4.5")]
    [InlineData("99999999999999999999999")]
    public void Out_of_range_or_non_integer_variants_are_an_error_not_a_clamp(string text)
    {
        Assert.NotNull(RequestRules.Variants.Parse(text, out var value));
        Assert.Null(value);
    }

    [Fact]
    public void A_prompt_with_an_unpaired_surrogate_is_refused() =>
        Assert.NotNull(RequestRules.Prompt("A stack of " + (char)0xDC00 + " blocks"));

    [Fact]
    public void A_prompt_with_a_surrogate_pair_is_plain_text() =>
        Assert.Null(RequestRules.Prompt("A stack of 3 blocks \U0001F9F1"));

    [Theory]
    [InlineData(0, "the batch has no prompts")]
    [InlineData(10_000, null)]
    [InlineData(10_001, "the batch has 10001 prompts; the limit is 10000")]
    public void The_batch_cap_is_ten_thousand(int prompts, string? reason) => Assert.Equal(reason, RequestRules.BatchSize(prompts));

    [Fact]
    public void A_spec_longer_than_64_KB_is_refused() =>
        Assert.NotNull(RequestRules.Spec("{" + new string(' ', 64 * 1024) + "}"));

    [Theory]
    [InlineData("A stack\nState:      Accepted", "A stack\\nState:      Accepted")]
    [InlineData("bell\u0007 esc\u001b[31m", "bell\\u0007 esc\\u001b[31m")]
    [InlineData("rtl \u202e override", "rtl \\u202e override")]
    [InlineData("line\u2028sep", "line\\u2028sep")]
    [InlineData("brick \U0001F9F1 ok", "brick \U0001F9F1 ok")]
    public void Sanitised_text_is_one_printable_line(string text, string expected) =>
        Assert.Equal(expected, RequestRules.Sanitise(text));

    [Fact]
    public void A_lone_surrogate_is_shown_escaped()
    {
        // Built at run time: an attribute argument cannot carry a lone surrogate through metadata.
        var text = "lone " + (char)0xD800 + " surrogate";
        Assert.Equal("lone \\ud800 surrogate", RequestRules.Sanitise(text));
    }

    [Fact]
    public void Sanitised_text_is_bounded_and_says_how_long_it_was()
    {
        var shown = RequestRules.Sanitise(new string('x', 1_000_000), 200);
        Assert.StartsWith(new string('x', 200) + "…", shown);
        Assert.Contains("1000000 characters", shown);
        Assert.True(shown.Length < 240);
    }
}
