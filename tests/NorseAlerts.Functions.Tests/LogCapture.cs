using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NorseAlerts.Functions.Tests;

/// <summary>One log message as written: its event id, level and formatted text.</summary>
internal sealed record LogRecord(int EventId, LogLevel Level, string Message);

/// <summary>Keeps every message its loggers write, to be read back by a test.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> records = new();

    public IReadOnlyList<LogRecord> Records => [.. records];

    public ILogger CreateLogger(string categoryName) => new Logger(records);

    /// <summary>A logger of <typeparamref name="T"/>'s category writing here.</summary>
    public ILogger<T> For<T>() => new Logger<T>(new Factory(this));

    public void Dispose()
    {
    }

    private sealed class Factory(LogCapture capture) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => capture.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class Logger(ConcurrentQueue<LogRecord> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Enqueue(new LogRecord(eventId.Id, logLevel, formatter(state, exception)));
    }
}
