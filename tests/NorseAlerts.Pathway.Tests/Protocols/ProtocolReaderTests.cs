using System.Text.Json.Nodes;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Tests.Protocols;

/// <summary>Every malformed protocol file names the JSON path of the bad field.</summary>
public class ProtocolReaderTests
{
    private static string SeedJson()
    {
        using var stream = typeof(ProtocolCatalog).Assembly.GetManifestResourceStream("NorseAlerts.Pathway.Protocols.seed.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static ProtocolException Broken(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(SeedJson())!.AsObject();
        edit(root);
        return Assert.Throws<ProtocolException>(() => ProtocolReader.Parse(root.ToJsonString(), "hospital.json"));
    }

    private static JsonObject At(JsonObject root, string path)
    {
        JsonNode node = root;
        foreach (var part in path.Split('.'))
        {
            node = node[part]!;
        }

        return node.AsObject();
    }

    public static TheoryData<string, string, string> Edits => new()
    {
        // (path of the object to edit, property: "-" removes it, otherwise "name=json", expected error field)
        { "firstLine.window", "-source", "firstLine.window.source" },
        { "firstLine.window", "value=0", "firstLine.window.value" },
        { "firstLine.window", "value=-7", "firstLine.window.value" },
        { "firstLine.window", "value=\"7\"", "firstLine.window.value" },
        { "firstLine.window", "unit=\"weeks\"", "firstLine.window.unit" },
        { "firstLine.window", "source=\"no-such-source\"", "firstLine.window.source" },
        { "firstLine", "-window", "firstLine.window" },
        { "firstLine.agents", "-plasmapheresis", "firstLine.agents.plasmapheresis" },
        { "firstLine.agents.ivig", "-course", "firstLine.agents.ivig.course" },
        { "firstLine.agents.ivig.dose", "basis=\"per-lb\"", "firstLine.agents.ivig.dose.basis" },
        { "firstLine.agents.ivig.dose", "min=0", "firstLine.agents.ivig.dose.min" },
        { "secondLine.agents.rituximab", "-doses", "secondLine.agents.rituximab.doses" },
        { "secondLine.agents.rituximab", "-doseInterval", "secondLine.agents.rituximab.doseInterval" },
        { "secondLine.agents.rituximab", "doseInterval=7", "secondLine.agents.rituximab.doseInterval" },
        { "secondLine.agents.rituximab.doses", "value=2.5", "secondLine.agents.rituximab.doses.value" },
        { "secondLine.agents.rituximab.doses", "unit=\"d\"", "secondLine.agents.rituximab.doses.unit" },
        { "secondLine.agents.cyclophosphamide.dose", "max=100", "secondLine.agents.cyclophosphamide.dose.max" },
        { "secondLine", "recommendWithoutResponseAfter=7", "secondLine.recommendWithoutResponseAfter" },
        { "secondLine.adjuncts", "", "" },
        { "responseCheck", "grase={\"value\":24,\"unit\":\"h\",\"source\":\"product\"}", "responseCheck.grase" },
        { "responseCheck.grace", "unit=\"kg\"", "responseCheck.grace.unit" },
        { "escalation", "roles=[]", "escalation.roles" },
        { "escalation", "roles=[\"neurology-oncall\", \"\"]", "escalation.roles[1]" },
        { "escalation.ackTimeout", "value=0", "escalation.ackTimeout.value" },
        { "escalation.repeatLast", "value=-1", "escalation.repeatLast.value" },
        { "measurements.maxWeightKg", "value=0.1", "measurements.maxWeightKg" },
        { "measurements.minHeightCm", "unit=\"in\"", "measurements.minHeightCm.unit" },
        { "superRefractory", "-after", "superRefractory.after" },
        { "sources", "seed=\"\"", "sources.seed" },
        { "", "-sources", "sources" },
        { "", "-name", "name" },
        { "", "responsCheck={}", "responsCheck" },
        { "", "superRefractory=24", "superRefractory" },
        { "", "-alerts", "alerts" },
        { "superRefractory", "-recommendation", "superRefractory.recommendation" },
        { "superRefractory.recommendation", "text=\" \"", "superRefractory.recommendation.text" },
        { "responseCheck.recommendation", "-title", "responseCheck.recommendation.title" },
        { "secondLine.advice", "-notResponding", "secondLine.advice.notResponding" },
        { "secondLine.agents.anakinra", "label=\"\"", "secondLine.agents.anakinra.label" },
        { "secondLine.advice.notResponding", "source=\"nowhere\"", "secondLine.advice.notResponding.source" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public void Malformed_protocol_names_the_bad_field(string objectPath, string edit, string field)
    {
        if (edit.Length == 0)
        {
            // An adjunct without a source.
            var ex0 = Broken(r => At(r, "secondLine")["adjuncts"] = JsonNode.Parse("""[{"label":"Ketogenic diet"}]"""));
            Assert.Contains(ex0.Errors, e => e.Field == "secondLine.adjuncts[0].source");
            Assert.Contains(ex0.Errors, e => e.Field == "secondLine.adjuncts[0].note");
            return;
        }

        var ex = Broken(root =>
        {
            var target = objectPath.Length == 0 ? root : At(root, objectPath);
            if (edit.StartsWith('-'))
            {
                Assert.True(target.Remove(edit[1..]), $"{objectPath} has no {edit[1..]}");
            }
            else
            {
                var eq = edit.IndexOf('=', StringComparison.Ordinal);
                target[edit[..eq]] = JsonNode.Parse(edit[(eq + 1)..]);
            }
        });

        Assert.Contains(ex.Errors, e => e.Field == field);
        Assert.Equal("hospital.json", ex.Origin);
        Assert.Contains(field, ex.Message);
    }

    [Fact]
    public void Invalid_json_is_reported_at_the_root()
    {
        var ex = Assert.Throws<ProtocolException>(() => ProtocolReader.Parse("{ \"name\": ", "hospital.json"));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$", error.Field);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void A_json_array_is_not_a_protocol()
    {
        var ex = Assert.Throws<ProtocolException>(() => ProtocolReader.Parse("[]", "hospital.json"));

        Assert.Equal("$", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_at_once()
    {
        var ex = Broken(root =>
        {
            At(root, "firstLine.window").Remove("source");
            At(root, "escalation.ackTimeout")["unit"] = "s";
            At(root, "firstLine.agents").Remove("ivig");
        });

        Assert.Equal(
            ["escalation.ackTimeout.unit", "firstLine.agents.ivig", "firstLine.window.source"],
            ex.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_citation_may_stand_in_for_a_source_key()
    {
        var root = JsonNode.Parse(SeedJson())!.AsObject();
        At(root, "firstLine.window")["source"] = "Local stroke unit protocol 2025, section 4";

        var protocol = ProtocolReader.Parse(root.ToJsonString(), "hospital.json");

        Assert.Equal("Local stroke unit protocol 2025, section 4", protocol.Cite(protocol.FirstLine.Window.Source));
    }

    [Fact]
    public void An_institution_file_loads_from_disk()
    {
        var root = JsonNode.Parse(SeedJson())!.AsObject();
        root["name"] = "st-elsewhere";
        At(root, "firstLine.window")["value"] = 5;
        var path = Path.Combine(Path.GetTempPath(), $"norse-protocol-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, root.ToJsonString());
        try
        {
            var protocol = ProtocolCatalog.LoadFile(path);

            Assert.Equal("st-elsewhere", protocol.Name);
            Assert.Equal(TimeSpan.FromDays(5), protocol.FirstLine.Window.AsDuration);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
