using Microsoft.Extensions.Logging;

namespace NorseAlerts.Bench;

/// <summary>
/// Loggers that write the runtime's warnings and errors to stderr and drop the rest: a failing pass of the
/// scheduler or the dispatcher must show in a benchmark run, while per-event information logs would distort
/// the figures.
/// </summary>
internal sealed class ConsoleErrorLoggerFactory : ILoggerFactory
{
    public static readonly ConsoleErrorLoggerFactory Instance = new();

    public ILogger CreateLogger(string categoryName) => new Named(categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Named(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            if (IsEnabled(logLevel))
            {
                Console.Error.WriteLine($"[{logLevel} {category}] {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}");
            }
        }
    }
}
