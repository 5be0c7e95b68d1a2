using NorseAlerts.Pathway.Cases;
using NorseAlerts.Pathway.Events;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Tests;

public class IdsTests
{
    private static readonly byte[] Secret = "deployment-secret-one-0123456789"u8.ToArray();
    private static readonly byte[] OtherSecret = "deployment-secret-two-0123456789"u8.ToArray();

    [Fact]
    public void Without_the_secret_a_guessed_mrn_cannot_be_tested_against_a_patient_or_case_id()
    {
        // Someone who knows the id scheme but not the secret computes the plain hash (or a hash with another
        // secret) of a guessed MRN: neither matches the deployment's ids.
        Assert.NotEqual(Ids.Patient(Secret, "GENH:00123456"), Ids.Patient(ReadOnlyMemory<byte>.Empty, "GENH:00123456"));
        Assert.NotEqual(Ids.Patient(Secret, "GENH:00123456"), Ids.Patient(OtherSecret, "GENH:00123456"));
        Assert.NotEqual(Ids.Case(Secret, "GENH:00123456", "/adt", "1"), Ids.Case(ReadOnlyMemory<byte>.Empty, "GENH:00123456", "/adt", "1"));
    }

    [Fact]
    public void With_the_same_secret_both_hosts_derive_the_same_ids()
    {
        Assert.Equal(Ids.Patient(Secret, "GENH:00123456"), Ids.Patient(Secret.ToArray(), "GENH:00123456"));
        Assert.Equal(Ids.Case(Secret, "GENH:00123456", "/adt", "1"), Ids.Case(Secret.ToArray(), "GENH:00123456", "/adt", "1"));
    }

    [Fact]
    public void A_case_opened_with_a_keyed_pathway_has_the_keyed_case_id()
    {
        var pathway = new CasePathway(new ProtocolCatalog(), new PathwayOptions { IdKey = Secret });
        var onset = new ClinicalEvent
        {
            Source = "/adt",
            Id = "1",
            Type = EventTypes.RseOnset,
            Time = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero),
            Subject = "GENH:00123456",
        };

        var state = pathway.Decide(CaseState.New("GENH:00123456"), new EventSignal(onset), onset.Time).State;

        Assert.Equal(Ids.Case(Secret, "GENH:00123456", "/adt", "1"), state.CaseId);
    }
}
