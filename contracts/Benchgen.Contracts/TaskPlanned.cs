namespace Benchgen.Contracts;

/// <summary>
/// The planner's answer to <see cref="PlanTask"/>: the TaskSpec as JSON, and <paramref name="Rejection"/> when it could
/// not be generated (the words not understood, or why the prompt was refused; then <paramref name="Spec"/> may be "{}").
/// </summary>
public record TaskPlanned(Guid RequestId, string Spec, string? Rejection);
