using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Ingest;

/// <summary>
/// Reads an HL7 v2 ER7 message (<c>POST /api/hl7v2</c>, or an AMQP body) into canonical events plus what the ACK
/// needs. Pure and total: no I/O, no clock (the caller passes <c>now</c>), and no exception for any input text.
/// The mapping is documented in docs/hl7v2-mapping.md.
/// </summary>
public static partial class Hl7v2Reader
{
    /// <summary>HL7 v2 versions accepted in MSH-12 (RAS^O17 exists from 2.4; ADT from 2.1, and 2.2 feeds are still in service).</summary>
    public static readonly IReadOnlyList<string> SupportedVersions =
        ["2.1", "2.2", "2.3", "2.3.1", "2.4", "2.5", "2.5.1", "2.6", "2.7", "2.7.1", "2.8", "2.8.1", "2.8.2", "2.9"];

    /// <summary>The longest MSH-10 accepted (its length in HL7 v2.7 and later).</summary>
    public const int MaxControlIdLength = 199;

    /// <summary>Reads <paramref name="er7"/> with <see cref="Hl7v2Options.Default"/>.</summary>
    public static Hl7v2Result Read(string er7, DateTimeOffset now) => Read(er7, now, Hl7v2Options.Default);

    /// <summary>Decodes <paramref name="body"/> as MSH-18 says, then reads it; AR on MSH-18 when it cannot be decoded.</summary>
    /// <param name="body">The message bytes as received (HTTP body or MLLP frame).</param>
    /// <param name="now">The current time, for the five-minute future limit.</param>
    /// <param name="options">Site code tables and settings.</param>
    public static Hl7v2Result Read(ReadOnlySpan<byte> body, DateTimeOffset now, Hl7v2Options options)
    {
        if (Hl7Charset.Decode(body, out var charsetError) is { } text)
        {
            return Read(text, now, options);
        }

        // The header is still read (lossily) so the ACK can be routed back to the sender.
        var lossy = System.Text.Encoding.Latin1.GetString(body);
        var message = Er7Message.Parse(lossy, out _);
        return Rejected(message is null ? null : ReadHeader(message.Msh), new Issue("MSH-18", charsetError!, Hl7ErrorCodes.DataTypeError));
    }

    /// <summary>Reads <paramref name="er7"/>: AR when it cannot be processed, AE when its content is invalid, else AA.</summary>
    /// <param name="er7">The message; segments separated by CR (LF and CRLF accepted).</param>
    /// <param name="now">The current time, for the five-minute future limit.</param>
    /// <param name="options">Site code tables and settings.</param>
    public static Hl7v2Result Read(string er7, DateTimeOffset now, Hl7v2Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Hl7MessageHeader? header = null;
        try
        {
            var message = Er7Message.Parse(er7, out var parseError);
            if (message is null)
            {
                return Rejected(null, new Issue("MSH", parseError!, Hl7ErrorCodes.RequiredFieldMissing));
            }

            header = ReadHeader(message.Msh);
            var headerIssues = CheckHeader(message.Msh, header).ToList();
            if (headerIssues.Count > 0)
            {
                return Rejected(header, [.. headerIssues]);
            }

            var context = new Context(message, header, now, options);
            if (header.MessageCode == "ADT")
            {
                ReadAdt(context);
            }
            else
            {
                ReadRas(context);
            }

            return context.Issues.Count == 0
                ? new Hl7v2Result(context.Events, [], Hl7AckCodes.Accept, header) { UnmappedDiagnoses = context.Unmapped }
                : new Hl7v2Result([], [.. context.Issues.Select(i => i.Error)], Hl7AckCodes.Error, header)
                {
                    ErrorCodes = [.. context.Issues.Select(i => i.Code)],
                };
        }
        catch (Exception e)
        {
            // Never let a message crash the listener; an AE asks the engine to look at it, not to drop it.
            return new Hl7v2Result([], [new FieldError("MSH", $"could not be processed ({e.GetType().Name})")], Hl7AckCodes.Error, header)
            {
                ErrorCodes = [Hl7ErrorCodes.InternalError],
            };
        }
    }

    /// <summary>
    /// An AR result for a message refused before it was read (e.g. too large): the header is taken from
    /// <paramref name="start"/>, the message's first bytes, so the ACK still reaches the sender.
    /// </summary>
    public static Hl7v2Result Refused(ReadOnlySpan<byte> start, string field, string reason)
    {
        var message = Er7Message.Parse(System.Text.Encoding.Latin1.GetString(start), out _);
        return Rejected(message is null ? null : ReadHeader(message.Msh), new Issue(field, reason, Hl7ErrorCodes.InternalError));
    }

    private static Hl7v2Result Rejected(Hl7MessageHeader? header, params Issue[] issues) =>
        new([], [.. issues.Select(i => i.Error)], Hl7AckCodes.Reject, header) { ErrorCodes = [.. issues.Select(i => i.Code)] };

    private static Hl7MessageHeader ReadHeader(Er7Segment msh) => new(
        msh.Reencoded(3), msh.Reencoded(4), msh.Reencoded(5), msh.Reencoded(6),
        msh.Value(9, 1), msh.Value(9, 2), msh.Value(10), msh.Value(11), msh.Value(12));

    private static IEnumerable<Issue> CheckHeader(Er7Segment msh, Hl7MessageHeader header)
    {
        if (header.ControlId.Length == 0)
        {
            yield return new Issue("MSH-10", "is required (the message control id: the event id, echoed in MSA-2)", Hl7ErrorCodes.RequiredFieldMissing);
        }

        else if (header.ControlId.Length > MaxControlIdLength || FieldLimits.Check(header.ControlId, MaxControlIdLength) is not null)
        {
            yield return new Issue("MSH-10", $"must be at most {MaxControlIdLength} plain characters (HL7 v2.7 MSH-10); it is the event id", Hl7ErrorCodes.DataTypeError);
        }

        if (msh.Value(3).Length == 0)
        {
            yield return new Issue("MSH-3", "is required (the sending application: the event source)", Hl7ErrorCodes.RequiredFieldMissing);
        }

        if (header.Version.Length == 0)
        {
            yield return new Issue("MSH-12", "is required (the HL7 version)", Hl7ErrorCodes.RequiredFieldMissing);
        }
        else if (!SupportedVersions.Contains(header.Version, StringComparer.Ordinal))
        {
            yield return new Issue("MSH-12", $"version '{header.Version}' is not supported; use one of {string.Join(", ", SupportedVersions)}", Hl7ErrorCodes.UnsupportedVersionId);
        }

        if (header.MessageCode.Length == 0)
        {
            yield return new Issue("MSH-9", "is required (message type, e.g. ADT^A03)", Hl7ErrorCodes.RequiredFieldMissing);
        }
        else if (header.MessageCode is not ("ADT" or "RAS"))
        {
            yield return new Issue("MSH-9", $"message type '{header.MessageCode}' is not supported; send ADT or RAS^O17", Hl7ErrorCodes.UnsupportedMessageType);
        }
        else if (header.TriggerEvent.Length == 0)
        {
            yield return new Issue("MSH-9", "needs a trigger event (MSH-9.2, e.g. A03)", Hl7ErrorCodes.RequiredFieldMissing);
        }
        else if (header.MessageCode == "RAS" && header.TriggerEvent != "O17")
        {
            yield return new Issue("MSH-9", $"event 'RAS^{header.TriggerEvent}' is not supported; send RAS^O17", Hl7ErrorCodes.UnsupportedEventCode);
        }
    }

    /// <summary>
    /// The patient key of a PID-3 or MRG-1 (CX, repeating): the first repetition whose CX-4 belongs to a site identifier
    /// domain gives <c>Domain:id</c>; else the first repetition gives <c>AUTHORITY:id</c>, or the id alone without an authority.
    /// </summary>
    private static string? PatientKey(Context context, Er7Segment segment, int field)
    {
        string? fallback = null;
        for (var repetition = 0; repetition < segment.Repetitions(field); repetition++)
        {
            var components = segment.Components(field, repetition);
            var id = components.Count > 0 ? components[0] : string.Empty;
            if (id.Length == 0)
            {
                continue;
            }

            // CX-4 assigning authority is an HD: namespace id & universal id & universal id type.
            var authorities = segment.Subcomponents(field, 4, repetition).Where(s => s.Length > 0).ToList();
            if (authorities.Select(a => context.Options.Identifiers.KeyFor(a, id)).FirstOrDefault(k => k is not null) is { } key)
            {
                return key;
            }

            fallback ??= authorities.Count == 0 ? id : authorities[0] + ":" + id;
        }

        return fallback;
    }

    /// <summary>Validates <paramref name="e"/> and, when valid, adds it; validator fields are renamed to HL7 fields.</summary>
    private static void Emit(Context context, ClinicalEvent e, Dictionary<string, string> fieldNames)
    {
        var errors = ClinicalEventValidator.Validate(e, context.Now);
        foreach (var error in errors)
        {
            var field = fieldNames.TryGetValue(error.Field, out var hl7) ? hl7 : error.Field;
            if (context.Issues.Any(i => i.Field == field))
            {
                continue; // already named more precisely (e.g. an unreadable time)
            }

            context.Issues.Add(new Issue(field, error.Message, error.Message.StartsWith("is required", StringComparison.Ordinal) ? Hl7ErrorCodes.RequiredFieldMissing : Hl7ErrorCodes.DataTypeError));
        }

        if (errors.Count == 0)
        {
            context.Events.Add(e);
        }
    }

    /// <summary>The first readable clinical time among <paramref name="candidates"/> (segment, field), in order.</summary>
    private static (DateTimeOffset? Time, string Field) FirstTime(Context context, params (Er7Segment? Segment, int Field)[] candidates)
    {
        var (time, field, _) = FirstTime(context, dayAllowed: false, candidates);
        return (time, field);
    }

    /// <summary>
    /// The first readable time among <paramref name="candidates"/>; with <paramref name="dayAllowed"/> (closures only) a
    /// date alone is taken as the start of that day in the site zone, and <c>DayOnly</c> says so.
    /// </summary>
    private static (DateTimeOffset? Time, string Field, bool DayOnly) FirstTime(Context context, bool dayAllowed, params (Er7Segment? Segment, int Field)[] candidates)
    {
        foreach (var (segment, field) in candidates)
        {
            if (segment is null)
            {
                continue;
            }

            var raw = segment.Value(field);
            if (raw.Length == 0)
            {
                continue;
            }

            if (Hl7Time.Parse(raw, context.Options.LocalTimeZone) is { } time)
            {
                return (time, segment.Name(field), false);
            }

            if (dayAllowed && Hl7Time.ParseDay(raw, context.Options.LocalTimeZone) is { } day)
            {
                return (day, segment.Name(field), true);
            }

            context.Issues.Add(new Issue(segment.Name(field), dayAllowed
                ? $"'{raw}' is not an HL7 date (YYYYMMDD) or date/time (YYYYMMDDHHMM[SS][+ZZZZ])"
                : $"'{raw}' is not an HL7 date/time precise to the minute (YYYYMMDDHHMM[SS][+ZZZZ]); a date alone cannot start or stop a treatment clock", Hl7ErrorCodes.DataTypeError));
            return (null, segment.Name(field), false);
        }

        return (null, candidates.Length > 0 && candidates[0].Segment is { } first ? first.Name(candidates[0].Field) : "MSH-7", false);
    }

    private sealed class Context(Er7Message message, Hl7MessageHeader header, DateTimeOffset now, Hl7v2Options options)
    {
        public Er7Message Message { get; } = message;

        public Hl7MessageHeader Header { get; } = header;

        public DateTimeOffset Now { get; } = now;

        public Hl7v2Options Options { get; } = options;

        public List<ClinicalEvent> Events { get; } = [];

        public List<Issue> Issues { get; } = [];

        public List<Coding> Unmapped { get; } = [];

        /// <summary>"hl7v2:" + MSH-3 (+ "/" + MSH-4): the sending application and facility, namespace ids.</summary>
        public string Source => Message.Msh.Value(4) is { Length: > 0 } facility
            ? $"hl7v2:{Message.Msh.Value(3)}/{facility}"
            : $"hl7v2:{Message.Msh.Value(3)}";
    }

    private readonly record struct Issue(string Field, string Message, string Code)
    {
        public FieldError Error => new(Field, Message);
    }
}
