using System.Globalization;
using System.Text;

namespace NorseAlerts.Ingest;

/// <summary>
/// A parsed HL7 v2 ER7 message: segments split on CR (LF and CRLF accepted), fields on the separator MSH-1 names,
/// components, repetitions and escapes on the characters MSH-2 names. Hand-written because no HL7 v2 parser is
/// served to this build; it reads only what the NorseAlerts mapping needs.
/// </summary>
internal sealed class Er7Message
{
    private Er7Message(Er7Delimiters delimiters, IReadOnlyList<Er7Segment> segments)
    {
        Delimiters = delimiters;
        Segments = segments;
    }

    public Er7Delimiters Delimiters { get; }

    public IReadOnlyList<Er7Segment> Segments { get; }

    public Er7Segment Msh => Segments[0];

    /// <summary>The first segment with <paramref name="id"/>, or null.</summary>
    public Er7Segment? First(string id) => Segments.FirstOrDefault(s => s.Id == id);

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> when it has no usable MSH.</summary>
    public static Er7Message? Parse(string? text, out string? error)
    {
        // MLLP framing (VT ... FS CR) is stripped: engines sometimes forward it over HTTP unchanged.
        var body = (text ?? string.Empty).Trim('\v', '\u001c', '\r', '\n', ' ', '\t', '\uFEFF');
        if (body.Length == 0)
        {
            error = "the message is empty";
            return null;
        }

        if (!body.StartsWith("MSH", StringComparison.Ordinal) || body.Length < 8)
        {
            error = "a message must start with an MSH segment";
            return null;
        }

        var field = body[3];
        var end = body.IndexOf(field, 4);
        var encoding = end < 0 ? string.Empty : body[4..end];
        if (char.IsLetterOrDigit(field) || encoding.Length is < 4 or > 5
            || encoding.Distinct().Count() != encoding.Length || encoding.Any(c => c == field || char.IsLetterOrDigit(c) || char.IsWhiteSpace(c)))
        {
            error = "MSH-1 and MSH-2 must name the field separator and four distinct encoding characters (|^~\\&)";
            return null;
        }

        var delimiters = new Er7Delimiters(field, encoding[0], encoding[1], encoding[2], encoding[3]);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var segments = new List<Er7Segment>();
        foreach (var line in body.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(field).ToList();
            if (fields[0] == "MSH")
            {
                // MSH-1 is the separator itself, so MSH-n sits at index n once it is put back.
                fields.Insert(1, field.ToString());
            }

            var id = fields[0];
            counts[id] = counts.GetValueOrDefault(id) + 1;
            segments.Add(new Er7Segment(id, counts[id], fields, delimiters));
        }

        error = null;
        return new Er7Message(delimiters, segments);
    }
}

/// <summary>The separators of one message (MSH-1 and MSH-2).</summary>
internal readonly record struct Er7Delimiters(char Field, char Component, char Repetition, char Escape, char Subcomponent)
{
    /// <summary>The standard set, used for everything NorseAlerts writes.</summary>
    public static readonly Er7Delimiters Standard = new('|', '^', '~', '\\', '&');

    /// <summary>Replaces escape sequences with the characters they stand for.</summary>
    public string Unescape(string value)
    {
        if (value.IndexOf(Escape, StringComparison.Ordinal) < 0)
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        var i = 0;
        while (i < value.Length)
        {
            var close = value[i] == Escape ? value.IndexOf(Escape, i + 1) : -1;
            if (close < 0)
            {
                result.Append(value[i]);
                i++;
                continue;
            }

            var sequence = value[(i + 1)..close];
            result.Append(sequence switch
            {
                "F" => Field.ToString(),
                "S" => Component.ToString(),
                "T" => Subcomponent.ToString(),
                "R" => Repetition.ToString(),
                "E" => Escape.ToString(),
                ".br" => "\n",
                _ when sequence.StartsWith('X') => Hex(sequence[1..]),
                _ => string.Empty,
            });
            i = close + 1;
        }

        return result.ToString();
    }

    /// <summary>Escapes the delimiters in free text so it can be written into a field.</summary>
    public string EscapeText(string value)
    {
        var result = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            result.Append(c switch
            {
                _ when c == Escape => $"{Escape}E{Escape}",
                _ when c == Field => $"{Escape}F{Escape}",
                _ when c == Component => $"{Escape}S{Escape}",
                _ when c == Subcomponent => $"{Escape}T{Escape}",
                _ when c == Repetition => $"{Escape}R{Escape}",
                '\r' or '\n' => " ",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }

    private static string Hex(string digits)
    {
        var text = new StringBuilder();
        for (var i = 0; i + 1 < digits.Length; i += 2)
        {
            if (byte.TryParse(digits.AsSpan(i, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b) && b >= 0x20)
            {
                text.Append((char)b);
            }
        }

        return text.ToString();
    }
}

/// <summary>One segment; fields are numbered as HL7 numbers them (PID-3 is <c>Field(3)</c>).</summary>
internal sealed class Er7Segment(string id, int occurrence, IReadOnlyList<string> fields, Er7Delimiters delimiters)
{
    /// <summary>The segment id, e.g. <c>RXA</c>.</summary>
    public string Id { get; } = id;

    /// <summary>1 for the first segment with this id in the message, 2 for the second...</summary>
    public int Occurrence { get; } = occurrence;

    /// <summary>How errors name a field of this segment: <c>RXA-3</c>, or <c>RXA[2]-3</c> for the second RXA.</summary>
    public string Name(int field) => Occurrence == 1 ? $"{Id}-{field}" : $"{Id}[{Occurrence}]-{field}";

    /// <summary>The raw field (all repetitions), or empty.</summary>
    public string Raw(int field) => field < fields.Count ? fields[field] : string.Empty;

    /// <summary>How many repetitions the field has (1 for an empty field).</summary>
    public int Repetitions(int field) => Id == "MSH" && field <= 2 ? 1 : Raw(field).Split(delimiters.Repetition).Length;

    /// <summary>The components of repetition <paramref name="repetition"/> of a field, unescaped (first subcomponent only).</summary>
    public IReadOnlyList<string> Components(int field, int repetition = 0)
    {
        var reps = Id == "MSH" && field <= 2 ? [Raw(field)] : Raw(field).Split(delimiters.Repetition);
        if (repetition >= reps.Length)
        {
            return [];
        }

        return [.. reps[repetition].Split(delimiters.Component).Select(c => delimiters.Unescape(c.Split(delimiters.Subcomponent)[0]).Trim())];
    }

    /// <summary>The subcomponents of one component, unescaped.</summary>
    public IReadOnlyList<string> Subcomponents(int field, int component, int repetition = 0)
    {
        var reps = Raw(field).Split(delimiters.Repetition);
        if (repetition >= reps.Length)
        {
            return [];
        }

        var components = reps[repetition].Split(delimiters.Component);
        return component - 1 < components.Length
            ? [.. components[component - 1].Split(delimiters.Subcomponent).Select(s => delimiters.Unescape(s).Trim())]
            : [];
    }

    /// <summary>One component (1-based) of the first repetition, unescaped; empty when absent.</summary>
    public string Value(int field, int component = 1) =>
        Components(field) is { } parts && component - 1 < parts.Count ? parts[component - 1] : string.Empty;

    /// <summary>The field's first repetition written again with the standard delimiters (for echoing into an ACK).</summary>
    /// <remarks>Subcomponents are kept (an HD such as <c>MIRTH^1.2.3&amp;x^ISO</c> survives whole).</remarks>
    public string Reencoded(int field)
    {
        var standard = Er7Delimiters.Standard;
        var raw = Id == "MSH" && field <= 2 ? Raw(field) : Raw(field).Split(delimiters.Repetition)[0];
        var components = raw.Split(delimiters.Component).Select(component => string.Join(
            standard.Subcomponent,
            component.Split(delimiters.Subcomponent).Select(sub => standard.EscapeText(delimiters.Unescape(sub).Trim()))).TrimEnd(standard.Subcomponent));
        return string.Join(standard.Component, components).TrimEnd(standard.Component);
    }

    /// <summary>The CE/CWE triplets of the first repetition: (code, text, system) and the alternate triplet.</summary>
    public IReadOnlyList<Coding> Codings(int field)
    {
        var c = Components(field);
        string At(int i) => i < c.Count ? c[i] : string.Empty;
        var codings = new List<Coding> { new(At(2), At(0), At(1)) };
        if (At(3).Length > 0 || At(4).Length > 0)
        {
            codings.Add(new Coding(At(5), At(3), At(4)));
        }

        return codings;
    }
}
