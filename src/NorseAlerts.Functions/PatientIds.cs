using NorseAlerts.Pathway;

namespace NorseAlerts.Functions;

/// <summary>The per-patient instance ids of this deployment: keyed hashes with its <c>NorseAlerts:InstanceIdSecret</c>.</summary>
public sealed class PatientIds
{
    private readonly byte[] key;

    /// <summary>Ids keyed with <paramref name="key"/>.</summary>
    public PatientIds(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        this.key = key.Length > 0 ? key : throw new ArgumentException("the instance id key is empty", nameof(key));
    }

    /// <summary>The instance id of <paramref name="patientKey"/>.</summary>
    public string Of(string patientKey) => Ids.Patient(key, patientKey);
}
