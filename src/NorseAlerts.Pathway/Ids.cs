using System.Security.Cryptography;
using System.Text;

namespace NorseAlerts.Pathway;

/// <summary>
/// Deterministic identifiers: the same inputs give the same id on every host and every replay, and an
/// id never reveals the patient key it was derived from. Ids derived from a patient key are keyed hashes
/// (HMAC-SHA256 with the deployment's secret): a plain hash of an 8-digit MRN is reversed by trying every MRN,
/// a keyed one cannot be tested without the secret. An empty key gives the plain hash of earlier releases.
/// </summary>
public static class Ids
{
    /// <summary>The case opened by an onset event for a patient, keyed with the deployment secret <paramref name="key"/>.</summary>
    public static string Case(ReadOnlyMemory<byte> key, string patientKey, string onsetSource, string onsetId) =>
        "case-" + Keyed(key, patientKey, onsetSource, onsetId);

    /// <summary>An alert of a case.</summary>
    public static string Alert(string caseId, Alerts.AlertKind kind, string instanceKey, int occurrence) =>
        "alert-" + Hash(caseId, kind.Name, instanceKey, occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The per-patient instance id on Azure, keyed with <paramref name="key"/>: instance ids show up in URLs and logs.</summary>
    public static string Patient(ReadOnlyMemory<byte> key, string patientKey) => PatientPrefix + Keyed(key, "patient", patientKey);

    /// <summary>What every per-patient instance id starts with (<see cref="Patient"/>), so a query can ask for those alone.</summary>
    public const string PatientPrefix = "patient-";

    private static string Keyed(ReadOnlyMemory<byte> key, params string[] parts)
    {
        if (key.IsEmpty)
        {
            return Hash(parts);
        }

        var bytes = HMACSHA256.HashData(key.Span, Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 10));
    }

    private static string Hash(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 10));
    }
}
