using NorseAlerts.Host.Mllp;
using NorseAlerts.Host.Security;
using NorseAlerts.Hosting;
using NorseAlerts.Ingest;
using NorseAlerts.Messaging;
using NorseAlerts.Runtime;
using NorseAlerts.Runtime.Storage;

namespace NorseAlerts.Host;

/// <summary>
/// Everything the embedded host reads and validates before it starts: the shared settings, the site profile, its
/// own runtime, MLLP and broker settings, the id key and the API keys. A bad value stops the process with a message
/// that names the key and says what to fix.
/// </summary>
/// <param name="Settings">The settings both hosts share.</param>
/// <param name="Runtime">The embedded runtime's settings (data directory, watchdog).</param>
/// <param name="IdKey">The key of patient and case ids (kept in the data directory unless configured).</param>
/// <param name="Amqp">The broker settings (absent = no broker).</param>
/// <param name="Site">The site's feed settings.</param>
/// <param name="Mllp">The MLLP listener settings (absent port = no listener).</param>
/// <param name="Keys">The API keys and their roles (a Development key when none is configured in Development).</param>
public sealed record HostSetup(
    NorseAlertsSettings Settings, RuntimeOptions Runtime, byte[] IdKey, AmqpOptions Amqp, SiteProfile Site, MllpOptions Mllp, ApiKeyRing Keys)
{
    /// <summary>Reads the setup; null (after printing why to standard error) when the host cannot start.</summary>
    public static HostSetup? Read(IConfiguration configuration, IHostEnvironment environment) =>
        Read(configuration, environment, Console.Out, Console.Error);

    /// <summary>
    /// Reads the setup, printing notices to <paramref name="output"/>; null (after printing why to
    /// <paramref name="error"/>) when the host cannot start.
    /// </summary>
    public static HostSetup? Read(IConfiguration configuration, IHostEnvironment environment, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var settings = NorseAlertsSettings.Read(configuration);
            var runtime = RuntimeSettings.Read(configuration, settings);

            // A protocol file edited without a new version would move the deadlines of the live cases pinned to it, and
            // a version no longer loaded would stop them. The store is opened here only when a version went missing.
            ProtocolPins? pins = null;
            var retired = ProtocolVersionLedger.Verify(
                settings.Protocols,
                runtime.DataDirectory,
                v => (pins ??= new ProtocolPins(new Database(runtime))).ActiveCasesPinnedTo(v.Name, v.Version));
            foreach (var version in retired)
            {
                output.WriteLine(
                    $"NorseAlerts: protocol {version} is no longer loaded and no active case is pinned to it; marked retired in {ProtocolVersionLedger.FileName}.");
            }

            // Keys case ids; the embedded host keeps a generated secret in its data directory beside the store.
            var idKey = DeploymentSecret.Resolve(settings.InstanceIdSecret, runtime.DataDirectory, mayGenerate: true);
            var site = SiteProfile.Read(configuration);
            var mllp = MllpOptions.Read(configuration);
            var amqp = BrokerRegistration.ReadOptions(configuration);
            return ReadKeys(settings, runtime, environment, output, error) is { } keys ? new HostSetup(settings, runtime, idKey, amqp, site, mllp, keys) : null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NorseAlerts.Pathway.Protocols.ProtocolException or IOException or FormatException
            or UnauthorizedAccessException or ArgumentException)
        {
            error.WriteLine("NorseAlerts cannot start: " + ex.Message);
            return null;
        }
    }

    private static ApiKeyRing? ReadKeys(NorseAlertsSettings settings, RuntimeOptions runtime, IHostEnvironment environment, TextWriter output, TextWriter error)
    {
        var apiKeys = new Dictionary<string, string?>(settings.ApiKeys, StringComparer.Ordinal);
        if (apiKeys.Count == 0)
        {
            if (!environment.IsDevelopment())
            {
                error.WriteLine(
                    "NorseAlerts cannot start: no API key is configured. Set one with the environment variable "
                    + "NorseAlerts__ApiKeys__<name>=<key> (or NorseAlerts:ApiKeys:<name> in appsettings), optionally narrowed "
                    + "with NorseAlerts__Roles__<name>=ingest,read,ack. In Development a key is generated for you.");
                return null;
            }

            var (key, keyFile, created) = DevelopmentKey.LoadOrCreate(runtime.DataDirectory);
            apiKeys["development"] = key;
            output.WriteLine(created
                ? $"NorseAlerts: no API key configured; created a Development key, kept in {keyFile} for the next starts: {key}"
                : $"NorseAlerts: no API key configured; using the Development key kept in {keyFile}: {key}");
            output.WriteLine("NorseAlerts: send it as the X-Api-Key header; configure NorseAlerts__ApiKeys__<name> to choose your own.");
        }

        // Throws ArgumentException naming the key when a value is empty or a role is unknown.
        return new ApiKeyRing(apiKeys, settings.Roles);
    }
}
