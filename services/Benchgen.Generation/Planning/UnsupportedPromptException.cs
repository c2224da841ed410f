namespace Benchgen.Generation.Planning;

/// <summary>The prompt asks for something no scenario family can build; the message says why and what is supported.</summary>
public sealed class UnsupportedPromptException(string message) : Exception(message);
