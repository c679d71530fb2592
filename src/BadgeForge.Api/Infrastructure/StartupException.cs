namespace BadgeForge.Api.Infrastructure;

/// A mistake in configuration or environment that stops start-up. Program prints the message alone, on one line,
/// because an operator needs to know what to fix, not where in our code it was noticed.
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
