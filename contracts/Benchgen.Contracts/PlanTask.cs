namespace Benchgen.Contracts;

/// <summary>Request: plan a prompt into a TaskSpec without generating anything; answered with <see cref="TaskPlanned"/>.</summary>
public record PlanTask(Guid RequestId, string Prompt);
