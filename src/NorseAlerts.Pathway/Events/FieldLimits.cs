namespace NorseAlerts.Pathway.Events;

/// <summary>
/// Length and character limits on the text of a canonical event, whatever format it came in, and the range a
/// measurement must lie in to be believed. Ids and keys end up in URLs, logs (case ids only) and the dashboard:
/// control characters and bidirectional overrides (U+202E shows <c>gnp.exe</c> as <c>exe.png</c>) have no place there.
/// </summary>
public static class FieldLimits
{
    /// <summary>Longest <c>id</c> (CloudEvents id, HL7 MSH-10 and derived ids, FHIR type/id plus version).</summary>
    public const int Id = 256;

    /// <summary>Longest <c>source</c> (a URI reference).</summary>
    public const int Source = 512;

    /// <summary>Longest <c>subject</c> and <c>data.from</c> (a patient key).</summary>
    public const int PatientKey = 256;

    /// <summary>Longest coded value (<c>data.agent</c>, <c>data.outcome</c>).</summary>
    public const int Code = 100;

    /// <summary>Longest free text (<c>data.reason</c>, <c>data.detail</c>).</summary>
    public const int Text = 4000;

    /// <summary>
    /// Plausible body weight in kg: above the lightest surviving newborns (about 0.25 kg) and below the heaviest
    /// person ever recorded (about 635 kg, Guinness World Records). Outside it, a unit or typing error is likelier.
    /// </summary>
    public static readonly (double Min, double Max) WeightKg = (0.2, 700);

    /// <summary>Plausible body height in cm: a very preterm newborn (about 20 cm) up to the tallest person recorded (272 cm).</summary>
    public static readonly (double Min, double Max) HeightCm = (20, 300);

    /// <summary>Why <paramref name="value"/> breaks the limits, or null when it keeps them.</summary>
    /// <param name="value">The text (null passes: requiredness is checked elsewhere).</param>
    /// <param name="maxLength">The longest allowed.</param>
    /// <param name="freeText">True when line breaks and tabs are allowed.</param>
    public static string? Check(string? value, int maxLength, bool freeText = false)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return $"is {value.Length} characters long; at most {maxLength}";
        }

        foreach (var c in value)
        {
            if (freeText && c is '\n' or '\r' or '\t')
            {
                continue;
            }

            if (char.IsControl(c) || c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\uFEFF')
            {
                return $"contains the control character U+{(int)c:X4}; send plain text";
            }
        }

        return null;
    }
}
