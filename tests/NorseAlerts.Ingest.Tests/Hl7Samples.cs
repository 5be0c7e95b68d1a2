namespace NorseAlerts.Ingest.Tests;

/// <summary>Realistic ER7 messages as an integration engine (Mirth Connect) forwards them: CR-separated segments.</summary>
internal static class Hl7Samples
{
    public static string Join(params string[] segments) => string.Join("\r", segments) + "\r";

    /// <summary>A segment with the given fields set (HL7 numbering), the rest empty.</summary>
    public static string Segment(string id, params (int Field, string Value)[] fields)
    {
        var values = new string[fields.Max(f => f.Field) + 1];
        values[0] = id;
        foreach (var (field, value) in fields)
        {
            values[field] = value;
        }

        return string.Join('|', values.Select(v => v ?? string.Empty));
    }

    public static string Rxa(string counter, string start, string code, string status = "CP", string action = "A", string amount = "700", string units = "mg^milligram^UCUM") =>
        Segment("RXA", (1, "0"), (2, counter), (3, start), (5, code), (6, amount), (7, units), (20, status), (21, action));

    public static string Header(string type, string controlId = "MSG00001") =>
        $"MSH|^~\\&|MIRTH|GENH|NORSEALERTS|NEURO|20240305101500+0000||{type}|{controlId}|P|2.5.1";

    public static readonly string AdmitWithStatusEpilepticus = Join(
        Header("ADT^A01^ADT_A01"),
        "EVN|A01|20240305101400+0000|||JSMITH^Smith^John",
        "PID|1||00123456^^^GENH^MR~987654321^^^SSA^SS||DOE^JANE^Q||19900101|F|||1 MAIN ST^^BOSTON^MA^02115",
        "PV1|1|I|NICU^101^A^GENH||||1234^Neuro^Attending|||NEU||||1|||1234^Neuro^Attending|IN||||||||||||||||||||||||20240305090000+0000",
        "DG1|1||R56.9^Unspecified convulsions^I10||20240304220000+0000|W",
        "DG1|2||230456007^Status epilepticus^SCT||20240305083000+0000|W|||||||||||||20240305093000+0000");

    public static readonly string Discharge = Join(
        Header("ADT^A03^ADT_A03", "MSG00002"),
        "EVN|A03|20240320150500+0000||||20240320140000+0000",
        "PID|1||00123456^^^GENH^MR||DOE^JANE||19900101|F",
        "PV1|1|I|NICU^101^A^GENH||||||||||||||||||||||||||||||||||||||||||20240320143000+0000");

    public static readonly string Merge = Join(
        Header("ADT^A40^ADT_A39", "MSG00003"),
        "EVN|A40|20240306080000+0000",
        "PID|1||00123456^^^GENH^MR||DOE^JANE",
        "MRG|00999999^^^GENH^MR");

    public static readonly string Rituximab = Join(
        Header("RAS^O17^RAS_O17", "MSG00004"),
        "PID|1||00123456^^^GENH^MR||DOE^JANE",
        "ORC|RE|ORD123|FIL456",
        Rxa("1", "20240306100000+0000", "121191^rituximab^RXNORM"),
        "RXR|IV^Intravenous^HL70162");

    public static readonly string FirstLineTwoDrugs = Join(
        Header("RAS^O17^RAS_O17", "MSG00005"),
        "PID|1||00123456^^^GENH^MR||DOE^JANE",
        "ORC|RE|ORD200",
        Rxa("1", "20240305110000+0000", "6902^methylprednisolone^RXNORM", amount: "1000", units: "mg"),
        "ORC|RE|ORD201",
        Rxa("1", "20240305113000+0000", "LEV500^Levetiracetam 500 mg^L", amount: "500", units: "mg"),
        "ORC|RE|ORD202",
        Rxa("1", "20240305120000+0000", "99999^Immune globulin intravenous (human) 10%^L", amount: "30", units: "g"));
}
