using Microsoft.Extensions.Configuration;

namespace NorseAlerts.Admin;

/// <summary>One run of the tool: the command, its arguments and flags, the settings, where to write, and the clock.</summary>
public sealed class AdminInvocation
{
    private static readonly string[] ValueFlags = ["--data", "--protocol", "--protocol-file", "--until"];

    private readonly Dictionary<string, string?> flags = new(StringComparer.Ordinal);
    private readonly List<string> arguments = [];
    private readonly List<string> configuration = [];

    private AdminInvocation(TextWriter output, TextWriter error, TimeProvider time)
    {
        Output = output;
        Error = error;
        Time = time;
    }

    /// <summary>The command name (first argument).</summary>
    public string Command { get; private set; } = "";

    /// <summary>Positional arguments after the command.</summary>
    public IReadOnlyList<string> Arguments => arguments;

    /// <summary>Where results go.</summary>
    public TextWriter Output { get; }

    /// <summary>Where errors go.</summary>
    public TextWriter Error { get; }

    /// <summary>The wall clock (retention cut-off, restore file names, replay end).</summary>
    public TimeProvider Time { get; }

    /// <summary>The host's settings as this run sees them (read on first use).</summary>
    public AdminSettings Settings => field ??= AdminSettings.Read(BuildConfiguration());

    /// <summary>Splits <paramref name="args"/> into command, arguments, flags and configuration overrides.</summary>
    public static AdminInvocation Parse(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(args);
        var invocation = new AdminInvocation(output, error, time);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (i == 0)
            {
                invocation.Command = arg;
            }
            else if (ValueFlags.Contains(arg))
            {
                invocation.flags[arg] = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{arg} needs a value.");
            }
            else if (arg.StartsWith("--NorseAlerts", StringComparison.OrdinalIgnoreCase))
            {
                invocation.configuration.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    invocation.configuration.Add(args[++i]);
                }
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                invocation.flags[arg] = null;
            }
            else
            {
                invocation.arguments.Add(arg);
            }
        }

        return invocation;
    }

    /// <summary>Whether a flag such as <c>--dry-run</c> was given.</summary>
    public bool Has(string flag) => flags.ContainsKey(flag);

    /// <summary>The value of a flag such as <c>--protocol</c>, or null.</summary>
    public string? Flag(string flag) => flags.GetValueOrDefault(flag);

    /// <summary>The flags given that the command does not know, for a clear usage error.</summary>
    public IEnumerable<string> UnknownFlags(params string[] known) => flags.Keys.Where(f => f != "--data" && !known.Contains(f));

    private IConfiguration BuildConfiguration()
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. configuration]);
        if (Flag("--data") is { } data)
        {
            builder.AddInMemoryCollection([new("NorseAlerts:DataDirectory", data)]);
        }

        return builder.Build();
    }
}
