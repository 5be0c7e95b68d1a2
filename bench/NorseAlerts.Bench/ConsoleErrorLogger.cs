using Microsoft.Extensions.Logging;

namespace NorseAlerts.Bench;

/// <summary>
/// Writes the runtime's warnings and errors to stderr and drops the rest: a failing pass of the scheduler or
/// the dispatcher must show in a benchmark run, while per-event information logs would distort the figures.
/// </summary>
internal sealed class ConsoleErrorLogger<T> : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            Console.Error.WriteLine($"[{logLevel} {typeof(T).Name}] {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
        }
    }
}
