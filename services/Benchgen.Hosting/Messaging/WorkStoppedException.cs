namespace Benchgen.Hosting.Messaging;

/// <summary>
/// The host stopped this work on purpose (the CLI's --timeout passed, it was interrupted): a fault that no retry can
/// help, so every endpoint's retry policy ignores it and the message faults at once. Without that a stopped batch would
/// drain each queued attempt through the whole retry schedule.
/// </summary>
public class WorkStoppedException(string message) : Exception(message);
