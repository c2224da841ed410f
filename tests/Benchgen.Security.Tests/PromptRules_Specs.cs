using Benchgen.Hosting;
using Xunit;

namespace Benchgen.Security.Tests;

public sealed class PromptRules_Specs
{
    [Theory]
    [InlineData("stack\0 3 blocks")]
    [InlineData("")]
    public void A_prompt_with_a_NUL_or_nothing_in_it_is_refused(string prompt) =>
        Assert.NotNull(PromptRules.Problem(prompt));
}
