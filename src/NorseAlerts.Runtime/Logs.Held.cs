using Microsoft.Extensions.Logging;

namespace NorseAlerts.Runtime;

/// <summary>Log messages of held events: event source, id and type only, never the patient key.</summary>
internal static partial class Logs
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Held event {Source}/{Id} ({Type}) dropped: no onset within {After} of its arrival")]
    public static partial void HeldEventExpired(ILogger logger, string source, string id, string type, TimeSpan after);
}
