namespace Benchgen.Generation.Planning;

/// <summary>
/// One scenario family of the embedded catalogue (stack, pyramid, ramp, ...): recognises its prompts and turns them into
/// a plan. The coder pairs each family with a Python template named after <see cref="Name"/>.
/// </summary>
public interface IScenarioFamily
{
    string Name { get; }

    /// <summary>A prompt this family accepts, quoted in "unsupported prompt" messages.</summary>
    string Example { get; }

    /// <summary>Higher wins when several families recognise a prompt (e.g. "pyramid" over "stack").</summary>
    int Priority { get; }

    bool Recognises(PromptText prompt);

    /// <summary>Throws <see cref="UnsupportedPromptException"/> when the prompt is recognised but cannot be built.</summary>
    ScenarioPlan Plan(PromptText prompt);
}
