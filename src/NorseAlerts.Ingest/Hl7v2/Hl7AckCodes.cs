namespace NorseAlerts.Ingest;

/// <summary>MSA-1 acknowledgment codes (HL7 table 0008, original mode).</summary>
public static class Hl7AckCodes
{
    /// <summary>Application accept: the message was processed (it may have held nothing to do).</summary>
    public const string Accept = "AA";

    /// <summary>Application error: the content is invalid (missing or bad fields); nothing was applied.</summary>
    public const string Error = "AE";

    /// <summary>Application reject: the message cannot be processed at all (bad MSH, unsupported type or version).</summary>
    public const string Reject = "AR";
}
