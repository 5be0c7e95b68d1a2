using System.Text.Json;

namespace NorseAlerts.Contract.Tests;

/// <summary><c>POST /api/fhir</c>: a FHIR R4 resource or Bundle, answered like <c>/api/events</c> plus the entries not applied.</summary>
public abstract partial class ApiContract
{
    private const string FhirJson = "application/fhir+json";

    private static string Condition(string mrn, string onset = "2026-11-24T08:30:00+01:00") => $$$"""
        {"resourceType":"Condition","id":"c-{{{mrn}}}",
         "code":{"coding":[{"system":"http://snomed.info/sct","code":"230456007","display":"Status epilepticus"}]},
         "subject":{"identifier":{"system":"{{{ContractKeys.FhirIdentifierSystem}}}","value":"{{{mrn}}}"}},
         "onsetDateTime":"{{{onset}}}"}
        """;

    private Task<ApiAnswer> PostFhirAsync(string body, string contentType = FhirJson) =>
        Api.SendAsync(HttpMethod.Post, "/api/fhir", body, contentType);

    [Fact]
    public async Task A_fhir_condition_for_status_epilepticus_opens_a_case_for_the_site_patient()
    {
        var mrn = NewMrn();

        var answer = await PostFhirAsync(Condition(mrn));

        Assert.Equal(202, answer.Status);
        Assert.Equal(["accepted", "duplicates", "ignored"], Names(answer.Json));
        var accepted = Assert.Single(answer.Json.GetProperty("accepted").EnumerateArray());
        var caseId = accepted.GetProperty("caseId").GetString();
        Assert.StartsWith("case-", caseId, StringComparison.Ordinal);
        var opened = await CaseOfAsync("GENH:" + mrn);
        Assert.Equal(caseId, opened!.Value.GetProperty("caseId").GetString());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 7, 30, 0, TimeSpan.Zero), opened.Value.GetProperty("onsetAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_first_line_administration_sent_again_as_entered_in_error_no_longer_counts_and_the_overdue_pages()
    {
        var mrn = NewMrn();
        var now = DateTimeOffset.UtcNow;
        var onset = await PostEventsAsync(Event("GENH:" + mrn, "rse.onset", now.AddDays(-8), "onset-" + mrn));
        var caseId = onset.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString();
        var given = await PostFhirAsync(Administration(mrn, "completed", now.AddDays(-5)));
        Assert.Equal(202, given.Status);
        Assert.Equal([("first-line-overdue", "resolved")], await KindsAndStatesAsync(caseId));

        var retracted = await PostFhirAsync(Administration(mrn, "entered-in-error", now.AddDays(-5)));

        Assert.Equal(202, retracted.Status);
        Assert.Equal(caseId, Assert.Single(retracted.Json.GetProperty("accepted").EnumerateArray()).GetProperty("caseId").GetString());
        Assert.Equal([("first-line-overdue", "resolved"), ("first-line-overdue", "triggered")], await KindsAndStatesAsync(caseId));
        var record = await Api.SendAsync(HttpMethod.Get, "/api/cases/" + caseId);
        Assert.Equal("first-line-overdue", record.Json.GetProperty("stage").GetString());
        var events = record.Json.GetProperty("events").EnumerateArray().ToList();
        var dose = Assert.Single(events, e => e.GetProperty("type").GetString() == "immunotherapy.first-line.started");
        Assert.True(dose.GetProperty("enteredInError").GetBoolean());
        var retraction = Assert.Single(events, e => e.GetProperty("type").GetString() == "event.entered-in-error");
        Assert.Equal("MedicationAdministration/ma-" + mrn, retraction.GetProperty("retracts").GetString());
    }

    private static string Administration(string mrn, string status, DateTimeOffset given) => $$$"""
        {"resourceType":"MedicationAdministration","id":"ma-{{{mrn}}}","meta":{"source":"emr-genh"},"status":"{{{status}}}",
         "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"6902","display":"methylprednisolone"}]},
         "subject":{"identifier":{"system":"{{{ContractKeys.FhirIdentifierSystem}}}","value":"{{{mrn}}}"}},
         "effectiveDateTime":"{{{Time(given)}}}"}
        """;

    [Fact]
    public async Task A_fhir_post_with_a_form_content_type_is_unsupported()
    {
        AssertProblem(await PostFhirAsync(Condition(NewMrn()), contentType: "application/x-www-form-urlencoded"), 415);
    }

    [Fact]
    public async Task A_malformed_fhir_resource_is_a_problem_naming_the_element_and_stores_nothing()
    {
        var mrn = NewMrn();

        // An onset without a time of day cannot start the treatment clock.
        var answer = await PostFhirAsync(Condition(mrn, onset: "2026-11-24"));

        AssertProblem(answer, 400);
        Assert.Equal(["Condition.onsetDateTime"], Names(answer.Json.GetProperty("errors")));
        Assert.Null(await CaseOfAsync("GENH:" + mrn));
    }

    [Fact]
    public async Task A_fhir_transaction_bundle_lists_the_entries_it_did_not_apply()
    {
        var mrn = NewMrn();
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:5b3c1e9a-2f4d-4a8b-9c7e-6d5f4e3a2b10","resource":{{{Condition(mrn)}}},"request":{"method":"POST","url":"Condition"}},
              {"request":{"method":"DELETE","url":"Condition/draft"}}]}
            """;

        var answer = await PostFhirAsync(bundle);

        Assert.Equal(202, answer.Status);
        Assert.Single(answer.Json.GetProperty("accepted").EnumerateArray());
        var ignored = Assert.Single(answer.Json.GetProperty("ignored").EnumerateArray());
        Assert.Equal("Bundle.entry[1]", ignored.GetProperty("field").GetString());
        Assert.False(string.IsNullOrEmpty(ignored.GetProperty("reason").GetString()));
        Assert.NotNull(await CaseOfAsync("GENH:" + mrn));
    }

    [Fact]
    public async Task A_fhir_resource_posted_again_is_listed_as_a_duplicate()
    {
        var condition = Condition(NewMrn());
        var first = await PostFhirAsync(condition);

        var again = await PostFhirAsync(condition);

        Assert.Equal(202, again.Status);
        Assert.Empty(again.Json.GetProperty("accepted").EnumerateArray());
        var duplicate = Assert.Single(again.Json.GetProperty("duplicates").EnumerateArray());
        Assert.Equal(first.Json.GetProperty("accepted")[0].GetProperty("caseId").GetString(), duplicate.GetProperty("caseId").GetString());
        Assert.Equal(JsonValueKind.Array, again.Json.GetProperty("ignored").ValueKind);
    }
}
