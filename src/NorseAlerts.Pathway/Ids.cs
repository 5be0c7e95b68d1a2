using System.Security.Cryptography;
using System.Text;

namespace NorseAlerts.Pathway;

/// <summary>
/// Deterministic identifiers: the same inputs give the same id on every host and every replay, and an
/// id never reveals the patient key it was derived from.
/// </summary>
public static class Ids
{
    /// <summary>The case opened by an onset event for a patient.</summary>
    public static string Case(string patientKey, string onsetSource, string onsetId) =>
        "case-" + Hash(patientKey, onsetSource, onsetId);

    /// <summary>An alert of a case.</summary>
    public static string Alert(string caseId, string kind, string instanceKey, int occurrence) =>
        "alert-" + Hash(caseId, kind, instanceKey, occurrence.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The per-patient instance id on Azure: a hash, because instance ids show up in URLs and logs.</summary>
    public static string Patient(string patientKey) => "patient-" + Hash("patient", patientKey);

    private static string Hash(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 10));
    }
}
