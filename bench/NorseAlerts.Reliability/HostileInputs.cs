using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace NorseAlerts.Reliability;

/// <summary>One hostile request: where it goes, what it carries, and which family of damage it is.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Path">Path and query.</param>
/// <param name="ContentType">Content-Type of the body, or null for none.</param>
/// <param name="Body">The raw body bytes (may be broken UTF-8), or null for no body.</param>
/// <param name="Kind">The damage done to a valid input, e.g. <c>events/lone-surrogate</c>.</param>
/// <param name="WithKey">False for a request sent without an API key.</param>
public sealed record HostileInput(string Method, string Path, string? ContentType, byte[]? Body, string Kind, bool WithKey = true)
{
    /// <summary>The endpoint family: the part of <see cref="Kind"/> before the slash.</summary>
    public string Endpoint => Kind.Split('/')[0];

    /// <summary>The input as an HTTP request (the API key is the client's business).</summary>
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            }
        }

        return request;
    }
}

/// <summary>
/// A deterministic corpus of hostile inputs over every endpoint: valid messages damaged in known ways (truncated,
/// bytes flipped, lone UTF-16 surrogates, invalid UTF-8, wrong types, deep nesting, huge values, control
/// characters) plus hostile paths and queries. The same seed gives the same corpus, so a failure can be replayed.
/// </summary>
public sealed class HostileInputs
{
    private static readonly string[] LoneSurrogates = ["\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud83d"];

    private static readonly byte[][] BrokenUtf8 =
    [
        [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80],
    ];

    private static readonly string[] Families = ["events", "fhir", "hl7v2", "ack", "cases", "case", "audit", "alerts"];

    private readonly Random random;
    private readonly DateTimeOffset now;
    private readonly string alertId;
    private readonly string caseId;
    private int serial;

    /// <summary>A corpus generator; <paramref name="alertId"/> and <paramref name="caseId"/> name a real alert and case.</summary>
    public HostileInputs(int seed, DateTimeOffset now, string alertId, string caseId)
    {
        random = new Random(seed);
        this.now = now;
        this.alertId = alertId;
        this.caseId = caseId;
    }

    /// <summary><paramref name="count"/> inputs spread evenly over every endpoint family.</summary>
    public IReadOnlyList<HostileInput> Take(int count)
    {
        var list = new List<HostileInput>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(Next(Families[i % Families.Length]));
        }

        return list;
    }

    /// <summary>The next hostile input for one endpoint family.</summary>
    public HostileInput Next(string family)
    {
        serial++;
        return family switch
        {
            "events" => Json(family, "/api/events", "application/cloudevents+json", ValidEvent()),
            "fhir" => Json(family, "/api/fhir", "application/fhir+json", ValidFhir()),
            "ack" => Json(family, $"/api/alerts/{Uri.EscapeDataString(alertId)}/ack", "application/json", """{"by":"dr.oncall","note":"on my way"}"""),
            "hl7v2" => Hl7(),
            "cases" => Get(family, "/api/cases?status=" + HostileQueryValue("active")),
            "case" => Get(family, "/api/cases/" + HostileSegment(caseId)),
            "audit" => Get(family, $"/api/cases/{HostileSegment(caseId)}/audit"),
            "alerts" => Get(family, $"/api/alerts?caseId={HostileQueryValue(caseId)}&state={HostileQueryValue("triggered")}"),
            _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown endpoint family"),
        };
    }

    private HostileInput Json(string family, string path, string contentType, string valid)
    {
        var (kind, body) = random.Next(14) switch
        {
            0 => ("truncated", Utf8(valid[..random.Next(valid.Length)])),
            1 => ("byte-flipped", FlipByte(Utf8(valid))),
            2 => ("lone-surrogate", Utf8(InsertIntoString(valid, LoneSurrogates[random.Next(LoneSurrogates.Length)]))),
            3 => ("broken-utf8", InsertBytes(Utf8(valid), BrokenUtf8[random.Next(BrokenUtf8.Length)])),
            4 => ("wrong-type", Utf8(ReplaceFirstString(valid, random.Next(3) switch { 0 => "12345", 1 => "[]", _ => "{\"x\":null}" }))),
            5 => ("deep-nesting", Utf8(new string('[', 5000 + random.Next(5000)) + new string(']', 10))),
            6 => ("huge-number", Utf8(ReplaceFirstString(valid, "1e999999"))),
            7 => ("control-chars", Utf8(InsertIntoString(valid, "\\u0000\\u001b[2J\\u202e"))),
            8 => ("not-json", Utf8(random.Next(3) switch { 0 => "<xml/>", 1 => "\uFEFF\uFEFF{", _ => "MSH|^~\\&|" })),
            9 => ("empty", random.Next(2) == 0 ? [] : Utf8("   \r\n\t ")),
            10 => ("long-string", Utf8(InsertIntoString(valid, new string('x', 100_000 + random.Next(200_000))))),
            11 => ("duplicate-keys", Utf8(valid.Replace("{", "{\"id\":1,\"id\":{},", StringComparison.Ordinal))),
            12 => ("null", Utf8(random.Next(2) == 0 ? "null" : "[null,null]")),
            _ => ("raw-surrogate", Latin1Surrogate(valid)),
        };
        return new HostileInput("POST", path, random.Next(20) == 0 ? "text/html" : contentType, body, $"{family}/{kind}", WithKey: random.Next(30) != 0);
    }

    private HostileInput Hl7()
    {
        var valid = ValidHl7();
        var (kind, body) = random.Next(10) switch
        {
            0 => ("truncated", Utf8(valid[..random.Next(valid.Length)])),
            1 => ("byte-flipped", FlipByte(Utf8(valid))),
            2 => ("broken-utf8", InsertBytes(Utf8(valid), BrokenUtf8[random.Next(BrokenUtf8.Length)])),
            3 => ("no-msh", Utf8(valid[valid.IndexOf('\r', StringComparison.Ordinal)..])),
            4 => ("bad-separators", Utf8(valid.Replace("|^~\\&|", random.Next(2) == 0 ? "|||||" : "|\0\0\0\0|", StringComparison.Ordinal))),
            5 => ("hex-escapes", Utf8(valid.Replace("DOE", "\\XD800\\\\X00\\\\E\\\\Zfoo\\", StringComparison.Ordinal))),
            6 => ("repetitions", Utf8(valid.Replace("DOE^JANE", string.Join('~', Enumerable.Repeat("DOE^JANE", 20_000)), StringComparison.Ordinal))),
            7 => ("line-endings", Utf8(valid.Replace("\r", random.Next(2) == 0 ? "\n" : "\r\r\r\n\n", StringComparison.Ordinal))),
            8 => ("bad-time", Utf8(valid.Replace("20260301", random.Next(2) == 0 ? "99999999" : "2026-03-01T", StringComparison.Ordinal))),
            _ => ("control-chars", Utf8(valid.Replace("JANE", "JA\u0000\u001b\u202eNE", StringComparison.Ordinal))),
        };
        return new HostileInput("POST", "/api/hl7v2", "x-application/hl7-v2+er7", body, $"hl7v2/{kind}", WithKey: random.Next(30) != 0);
    }

    private HostileInput Get(string family, string path) => new("GET", path, null, null, $"{family}/query", WithKey: random.Next(30) != 0);

    private string HostileQueryValue(string valid) => random.Next(8) switch
    {
        0 => "%ED%A0%80",
        1 => "%00",
        2 => new string('a', 4000 + random.Next(4000)),
        3 => "%FF%FE",
        4 => Uri.EscapeDataString("' OR 1=1 --"),
        5 => "%25%25%25",
        6 => valid + "%0d%0aX-Injected:%20yes",
        _ => valid,
    };

    private string HostileSegment(string valid) => random.Next(6) switch
    {
        0 => "%ED%A0%80",
        1 => "..%2F..%2Fetc%2Fpasswd",
        2 => new string('c', 2000 + random.Next(2000)),
        3 => "%00",
        4 => Uri.EscapeDataString("case-\u202e\u0000"),
        _ => valid,
    };

    private string ValidEvent() => $$$"""
        {"specversion":"1.0","id":"hostile-{{{serial}}}","source":"fuzz://corpus","type":"norse.suspected","time":"{{{Time(now.AddHours(-1))}}}","subject":"FUZZ:{{{serial}}}","data":{"note":"x"}}
        """;

    private string ValidFhir() => $$$"""
        {"resourceType":"Condition","id":"c{{{serial}}}","subject":{"identifier":{"system":"urn:oid:1.2.3","value":"FUZZ{{{serial}}}"}},"code":{"coding":[{"system":"http://snomed.info/sct","code":"230456007"}]},"onsetDateTime":"{{{Time(now.AddHours(-2))}}}","recordedDate":"{{{Time(now.AddHours(-1))}}}"}
        """;

    private string ValidHl7()
    {
        var sent = now.AddMinutes(-5).UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var happened = now.AddMinutes(-6).UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var id = serial.ToString(CultureInfo.InvariantCulture);
        return "MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|" + sent + "+0000||ADT^A01^ADT_A01|FUZZ" + id + "|P|2.5.1\r"
            + "EVN|A01|" + happened + "+0000\r"
            + "PID|1||F" + id + "^^^GENH^MR||DOE^JANE||19900101|F\r"
            + "PV1|1|I|NICU^101^A^GENH\r"
            + "DG1|1||230456007^Status epilepticus^SCT||20260301083000+0000|W\r";
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private byte[] FlipByte(byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        if (copy.Length > 0)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private byte[] InsertBytes(byte[] bytes, byte[] insert)
    {
        var at = InsideAString(Encoding.UTF8.GetString(bytes));
        return [.. bytes[..at], .. insert, .. bytes[at..]];
    }

    // The UTF-8 encoding of a lone surrogate (CESU-8 style), which no conforming decoder may accept.
    private byte[] Latin1Surrogate(string valid) => InsertBytes(Utf8(valid), [0xED, 0xB0, 0x80]);

    private string InsertIntoString(string json, string text)
    {
        var at = InsideAString(json);
        return json[..at] + text + json[at..];
    }

    // A position just after an opening quote of a string value, so the damage lands inside a field.
    private int InsideAString(string json)
    {
        var quotes = new List<int>();
        for (var i = 0; i < json.Length - 1; i++)
        {
            if (json[i] == ':' && json[i + 1] == '"')
            {
                quotes.Add(i + 2);
            }
        }

        return quotes.Count == 0 ? json.Length / 2 : quotes[random.Next(quotes.Count)];
    }

    private string ReplaceFirstString(string json, string replacement)
    {
        var start = InsideAString(json) - 1;
        var end = json.IndexOf('"', start + 1);
        return end < 0 ? json : json[..start] + replacement + json[(end + 1)..];
    }
}
