using System.Text;
using NorseAlerts.Ingest;
using NorseAlerts.Pathway.Events;
using Xunit;

namespace NorseAlerts.Ingest.Tests;

public class CloudEventsReaderTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 5, 12, 0, 0, TimeSpan.Zero);

    private static IngestResult Read(string json, string? contentType = "application/cloudevents+json") =>
        CloudEventsReader.Read(Encoding.UTF8.GetBytes(json), contentType, Now);

    private static string Event(string id = "e-1", string type = "immunotherapy.first-line.started", string time = "2024-03-05T10:00:00Z", string data = """{"agent":"methylprednisolone"}""", string extra = "") =>
        $$"""{"specversion":"1.0","id":"{{id}}","source":"/ehr/genh","type":"{{type}}","time":"{{time}}","subject":"GENH:00123456","data":{{data}}{{extra}}}""";

    private static string[] Fields(IngestResult result) => [.. result.Errors.Select(e => e.Field)];

    [Fact]
    public void A_structured_event_maps_every_attribute_and_the_agent()
    {
        var result = Read(Event());

        Assert.True(result.IsValid);
        var e = Assert.Single(result.Events);
        Assert.Equal("/ehr/genh", e.Source);
        Assert.Equal("e-1", e.Id);
        Assert.Equal(EventTypes.FirstLineStarted, e.Type);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 0, 0, TimeSpan.Zero), e.Time);
        Assert.Equal("GENH:00123456", e.Subject);
        Assert.Equal(Agents.Methylprednisolone, e.Agent);
    }

    [Fact]
    public void Data_fields_of_each_type_reach_the_canonical_event()
    {
        var batch = "[" + string.Join(",",
            Event("a", "response.assessed", data: """{"outcome":"not-responding","reason":"still seizing"}"""),
            Event("b", "patient.merged", data: """{"from":"GENH:0999"}"""),
            Event("c", "patient.measurements", data: """{"weightKg":72.5,"heightCm":180}"""),
            Event("d", "etiology.identified", data: """{"etiology":"anti-NMDAR encephalitis"}"""),
            Event("e", "norse.suspected", data: """{"detail":"cryptogenic so far"}""")) + "]";

        var result = Read(batch, "application/cloudevents-batch+json");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(["a", "b", "c", "d", "e"], result.Events.Select(e => e.Id));
        Assert.Equal(("not-responding", "still seizing"), (result.Events[0].Outcome, result.Events[0].Reason));
        Assert.Equal("GENH:0999", result.Events[1].From);
        Assert.Equal((72.5, 180.0), (result.Events[2].WeightKg!.Value, result.Events[2].HeightCm!.Value));
        Assert.Equal("anti-NMDAR encephalitis", result.Events[3].Detail);
        Assert.Equal("cryptogenic so far", result.Events[4].Detail);
    }

    [Fact]
    public void A_retraction_names_the_event_it_retracts_and_is_refused_without_it()
    {
        var named = Read(Event("r-1", "event.entered-in-error", data: """{"retracts":"e-1","reason":"charted on the wrong patient"}"""));
        var bare = Read(Event("r-2", "event.entered-in-error", data: "{}"));
        var itself = Read(Event("r-3", "event.entered-in-error", data: """{"retracts":"r-3"}"""));

        Assert.Equal("e-1", Assert.Single(named.Events).Retracts);
        Assert.Equal(["data.retracts"], Fields(bare));
        Assert.Empty(bare.Events);
        Assert.Equal(["data.retracts"], Fields(itself));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/cloudevents+json; charset=utf-8")]
    [InlineData("Application/CloudEvents+JSON;charset=\"UTF-8\"")]
    [InlineData(null)]
    [InlineData("")]
    public void Accepted_content_types_and_a_missing_one_are_read(string? contentType)
    {
        Assert.True(Read(Event(), contentType).IsValid);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=iso-8859-1")]
    public void Other_content_types_or_charsets_are_refused_by_name(string contentType)
    {
        var result = Read(Event(), contentType);

        Assert.Equal(["Content-Type"], Fields(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_json_array_with_the_single_event_media_type_is_still_read_as_a_batch()
    {
        var result = Read($"[{Event("a")},{Event("b")}]", "application/json");

        Assert.Equal(2, result.Events.Count);
    }

    [Fact]
    public void Every_bad_field_of_a_single_event_is_named_at_once()
    {
        var json = """{"specversion":"0.3","id":"","source":"/s","type":"immunotherapy.first-line.started","time":"yesterday","data":{"agent":"aspirin"}}""";

        var result = Read(json);

        Assert.False(result.IsValid);
        Assert.Equal(["specversion", "id", "subject", "time", "data.agent"], Fields(result));
    }

    [Fact]
    public void An_unknown_agent_is_named_as_data_agent()
    {
        var result = Read(Event(data: """{"agent":"aspirin"}"""));

        Assert.Equal(["data.agent"], Fields(result));
    }

    [Fact]
    public void Missing_specversion_is_named()
    {
        var result = Read("""{"id":"1","source":"/s","type":"rse.onset","time":"2024-03-05T10:00:00Z","subject":"P1"}""");

        Assert.Equal(["specversion"], Fields(result));
    }

    [Theory]
    [InlineData("2024-03-05T10:00:00")]
    [InlineData("2024-03-05")]
    [InlineData("2024-03-05 10:00:00Z")]
    [InlineData("2024-02-30T10:00:00Z")]
    public void A_time_that_is_not_rfc3339_with_an_offset_is_named(string time)
    {
        var result = Read(Event(time: time));

        Assert.Equal(["time"], Fields(result));
    }

    [Fact]
    public void Offsets_and_long_fractions_are_honoured()
    {
        var result = Read(Event(time: "2024-03-05T11:00:00.123456789+01:00"));

        Assert.Equal(new DateTimeOffset(2024, 3, 5, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), Assert.Single(result.Events).Time);
    }

    [Fact]
    public void A_time_more_than_five_minutes_ahead_is_refused_and_five_minutes_is_not()
    {
        Assert.Equal(["time"], Fields(Read(Event(time: "2024-03-05T12:05:01Z"))));
        Assert.True(Read(Event(time: "2024-03-05T12:05:00Z")).IsValid);
    }

    [Theory]
    [InlineData("\"methylprednisolone\"", "data")]
    [InlineData("[1]", "data")]
    [InlineData("{\"agent\":7}", "data.agent")]
    [InlineData("{\"weightKg\":\"70\"}", "data.weightKg")]
    public void Data_of_the_wrong_shape_is_named(string data, string field)
    {
        var type = field == "data.weightKg" ? "patient.measurements" : "immunotherapy.first-line.started";

        var result = Read(Event(type: type, data: data));

        Assert.Contains(field, Fields(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void Wrong_attribute_kinds_and_bad_extensions_are_named()
    {
        var result = Read(Event(extra: ""","Bad-Name":"x","nested":{"a":1},"big":12345678901""").Replace("\"id\":\"e-1\"", "\"id\":42", StringComparison.Ordinal));

        Assert.Equal(["id", "Bad-Name", "nested", "big"], Fields(result));
    }

    [Fact]
    public void Binary_data_and_a_non_json_datacontenttype_are_refused()
    {
        var result = Read(Event(extra: ""","data_base64":"AAAA","datacontenttype":"text/plain" """));

        Assert.Equal(["datacontenttype", "data_base64"], Fields(result));
    }

    [Fact]
    public void A_valid_extension_attribute_is_accepted()
    {
        Assert.True(Read(Event(extra: ""","traceparent":"00-abc","priority":3""")).IsValid);
    }

    [Fact]
    public void A_batch_is_atomic_and_names_every_bad_field_with_its_index()
    {
        var batch = $"[{Event("a")},{Event("b", data: """{"agent":"aspirin"}""")},{Event("c", time: "later")},{Event("d")}]";

        var result = Read(batch, "application/cloudevents-batch+json");

        Assert.Empty(result.Events);
        Assert.Equal(["[1].data.agent", "[2].time"], Fields(result));
    }

    [Fact]
    public void A_repeated_source_and_id_inside_a_batch_is_refused()
    {
        var result = Read($"[{Event("a")},{Event("b")},{Event("a")}]");

        Assert.Equal(["[2].id"], Fields(result));
        Assert.Contains("[0]", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_element_that_is_not_an_object_is_named_by_index()
    {
        Assert.Equal(["[1]"], Fields(Read($"[{Event("a")},\"x\"]")));
    }

    [Fact]
    public void An_empty_batch_is_refused()
    {
        var result = Read("[]", "application/cloudevents-batch+json");

        Assert.Equal(["body"], Fields(result));
        Assert.Contains("empty batch", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{\"specversion\":")]
    [InlineData("not json")]
    [InlineData("42")]
    [InlineData("\"a string\"")]
    [InlineData("null")]
    public void A_body_that_is_not_an_event_or_array_is_refused_as_body(string body)
    {
        var result = Read(body);

        Assert.Equal(["body"], Fields(result));
        Assert.Empty(result.Events);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_tolerated()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Event())).ToArray();

        Assert.True(CloudEventsReader.Read(bytes, "application/json", Now).IsValid);
    }

    [Fact]
    public void Deeply_nested_json_is_refused_without_throwing()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);

        Assert.Equal(["body"], Fields(Read(deep)));
    }

    [Fact]
    public void Garbage_bytes_never_throw_and_never_yield_events()
    {
        var random = new Random(20240305);
        var valid = Encoding.UTF8.GetBytes($"[{Event("a")},{Event("b", "patient.measurements", data: """{"weightKg":70}""")}]");
        for (var i = 0; i < 3000; i++)
        {
            byte[] body;
            if (i % 2 == 0)
            {
                body = new byte[random.Next(0, 300)];
                random.NextBytes(body);
            }
            else
            {
                // Mutate a valid batch: flips keep most of it JSON, which reaches the deeper checks.
                body = (byte[])valid.Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    body[random.Next(body.Length)] = (byte)random.Next(256);
                }
            }

            var result = CloudEventsReader.Read(body, i % 3 == 0 ? null : "application/json", Now);

            Assert.True(result.IsValid ? result.Errors.Count == 0 : result.Events.Count == 0);
        }
    }

    [Fact]
    public void One_event_with_several_bad_fields_names_every_one_of_them()
    {
        var result = Read(Event(time: "yesterday", data: """{"agent":"aspirin"}""", extra: ",\"subject\":\"\""));

        Assert.Equal(["data.agent", "subject", "time"], Fields(result).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_bad_attribute_and_an_unknown_type_are_named_together_with_the_valid_types()
    {
        var result = Read(Event(type: "rse.offset", extra: ",\"specversion\":\"0.3\""));

        Assert.Contains("specversion", Fields(result));
        var type = Assert.Single(result.Errors, e => e.Field == "type");
        Assert.Contains(EventTypes.RseOnset, type.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_id_and_a_subject_with_a_bidi_override_are_refused()
    {
        var result = Read(Event(id: new string('x', 100_000)).Replace("GENH:00123456", "GENH:\u202E00123456", StringComparison.Ordinal));

        Assert.Equal(["id", "subject"], Fields(result).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_weight_of_1e308_kg_is_refused()
    {
        var result = Read(Event(type: "patient.measurements", data: """{"weightKg":1e308}"""));

        Assert.Equal(["data.weightKg"], Fields(result));
    }
}
