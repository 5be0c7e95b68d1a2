namespace NorseAlerts.Ingest;

/// <summary>The HL7 table 0357 (message error condition) codes the reader uses in ERR-3.</summary>
public static class Hl7ErrorCodes
{
    /// <summary>Segment sequence error.</summary>
    public const string SegmentSequence = "100";

    /// <summary>Required field missing.</summary>
    public const string RequiredFieldMissing = "101";

    /// <summary>Data type error.</summary>
    public const string DataTypeError = "102";

    /// <summary>Table value not found.</summary>
    public const string TableValueNotFound = "103";

    /// <summary>Unsupported message type.</summary>
    public const string UnsupportedMessageType = "200";

    /// <summary>Unsupported event code.</summary>
    public const string UnsupportedEventCode = "201";

    /// <summary>Unsupported version id.</summary>
    public const string UnsupportedVersionId = "203";

    /// <summary>Application internal error.</summary>
    public const string InternalError = "207";

    /// <summary>The table's text for a code.</summary>
    public static string Describe(string code) => code switch
    {
        SegmentSequence => "Segment sequence error",
        RequiredFieldMissing => "Required field missing",
        DataTypeError => "Data type error",
        TableValueNotFound => "Table value not found",
        UnsupportedMessageType => "Unsupported message type",
        UnsupportedEventCode => "Unsupported event code",
        UnsupportedVersionId => "Unsupported version id",
        _ => "Application internal error",
    };
}
