namespace NorseAlerts.Pathway.Events;

/// <summary>
/// Checks a canonical event against DESIGN section 5. Pure: the caller passes <c>now</c>, so the
/// same event is judged the same way in the embedded host, in Azure and in a test.
/// </summary>
public static class ClinicalEventValidator
{
    /// <summary>How far in the future a clinical time may lie (clock skew between systems).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>Every bad field of <paramref name="e"/>; empty when the event is valid.</summary>
    public static IReadOnlyList<FieldError> Validate(ClinicalEvent e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e);
        var errors = new List<FieldError>();
        Require(errors, "source", e.Source);
        Require(errors, "id", e.Id);
        Require(errors, "subject", e.Subject);
        if (string.IsNullOrWhiteSpace(e.Type))
        {
            errors.Add(new FieldError("type", "is required"));
        }
        else if (!EventTypes.All.Contains(e.Type))
        {
            errors.Add(new FieldError("type", $"'{e.Type}' is not a NorseAlerts event type"));
        }

        if (e.Time == default)
        {
            errors.Add(new FieldError("time", "is required (RFC 3339 clinical time)"));
        }
        else if (e.Time > now + FutureTolerance)
        {
            errors.Add(new FieldError("time", $"lies more than {FutureTolerance.TotalMinutes:0} minutes in the future"));
        }

        switch (e.Type)
        {
            case EventTypes.FirstLineStarted:
                if (string.IsNullOrWhiteSpace(e.Agent) || !Agents.FirstLine.Contains(e.Agent))
                {
                    errors.Add(new FieldError("data.agent", "must be one of methylprednisolone, ivig, plasmapheresis"));
                }

                break;
            case EventTypes.SecondLineStarted:
                Require(errors, "data.agent", e.Agent);
                break;
            case EventTypes.ResponseAssessed:
                if (e.Outcome is not (ResponseOutcomes.Responding or ResponseOutcomes.NotResponding))
                {
                    errors.Add(new FieldError("data.outcome", "must be 'responding' or 'not-responding'"));
                }

                break;
            case EventTypes.PatientMerged:
                Require(errors, "data.from", e.From);
                if (!string.IsNullOrWhiteSpace(e.From) && string.Equals(e.From, e.Subject, StringComparison.Ordinal))
                {
                    errors.Add(new FieldError("data.from", "must name a different patient key than subject"));
                }

                break;
            case EventTypes.PatientMeasurements:
                if (e.WeightKg is null && e.HeightCm is null)
                {
                    errors.Add(new FieldError("data", "needs weightKg or heightCm"));
                }

                Positive(errors, "data.weightKg", e.WeightKg);
                Positive(errors, "data.heightCm", e.HeightCm);
                break;
            default:
                break;
        }

        return errors;
    }

    private static void Require(List<FieldError> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, "is required"));
        }
    }

    private static void Positive(List<FieldError> errors, string field, double? value)
    {
        if (value is { } v && (double.IsNaN(v) || double.IsInfinity(v) || v <= 0))
        {
            errors.Add(new FieldError(field, "must be a positive number"));
        }
    }
}
