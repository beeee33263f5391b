using System.Globalization;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace HeavyRanker.Cli;

/// <summary>
/// Writes log lines synchronously through the Spectre console. The Microsoft.Extensions.Logging
/// console provider writes from a background thread straight to <see cref="System.Console.Out"/>,
/// which tears a live progress bar apart and bypasses the writer a test passes in; writing
/// through Spectre keeps the bar below the log lines.
/// </summary>
internal sealed class SpectreLoggerProvider : ILoggerProvider
{
    private readonly IAnsiConsole _console;
    private readonly Lock _lock = new();

    public SpectreLoggerProvider(IAnsiConsole console) => _console = console;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        string time = DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        string levelText = level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
        string color = level switch
        {
            LogLevel.Warning => "yellow",
            >= LogLevel.Error => "red",
            _ => "grey",
        };

        lock (_lock)
        {
            _console.MarkupLine($"[{color}]{time} {levelText}[/] {Markup.Escape(message)}");
            if (exception is not null)
            {
                _console.WriteLine(exception.ToString());
            }
        }
    }

    private sealed class Logger(SpectreLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
