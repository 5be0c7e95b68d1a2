using Microsoft.Extensions.Logging;

namespace NorseAlerts.Hosting;

/// <summary>
/// The shared hosting layer's log messages with fixed event ids, so hospital IT can alert on them. They carry
/// feeds and codes, never a patient key or a name.
/// </summary>
internal static partial class Logs
{
    // System and code only: a diagnosis code without the message names no patient.
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Diagnosis {System}|{Code} received over {Feed} maps to no onset code")]
    public static partial void DiagnosisUnmapped(ILogger logger, string feed, string system, string code);
}
