namespace Benchgen.Generation.Llm;

/// <summary>The model answered, but not in the shape the planner, coder or reviewer asked for.</summary>
public sealed class LlmReplyException(string message, Exception? inner = null) : Exception(message, inner);
