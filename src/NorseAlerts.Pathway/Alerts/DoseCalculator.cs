using System.Globalization;
using NorseAlerts.Pathway.Protocols;

namespace NorseAlerts.Pathway.Alerts;

/// <summary>
/// Turns a protocol dose into a patient dose when weight (and height) are known and plausible, and shows
/// the inputs and the formula. Body-surface area is Mosteller's: sqrt(height cm x weight kg / 3600).
/// Implausible measurements are refused, never computed from.
/// </summary>
public static class DoseCalculator
{
    /// <summary>Mosteller body-surface area in m2.</summary>
    public static double MostellerBsa(double heightCm, double weightKg) => Math.Sqrt(heightCm * weightKg / 3600.0);

    /// <summary>The dose in words, computed for the patient where possible.</summary>
    public static string Describe(Dose dose, double? weightKg, double? heightCm, MeasurementLimits limits)
    {
        ArgumentNullException.ThrowIfNull(dose);
        ArgumentNullException.ThrowIfNull(limits);
        var perUnit = dose.Basis switch { "per-kg" => $"{dose.Unit}/kg", "per-m2" => $"{dose.Unit}/m2", _ => dose.Unit };
        var label = $"{Range(dose.Min, dose.Max)} {perUnit}/{dose.Per}";
        if (dose.Basis == "fixed")
        {
            return label;
        }

        var weightProblem = Check("weight", weightKg, "kg", limits.MinWeightKg.Value, limits.MaxWeightKg.Value);
        if (weightProblem is not null)
        {
            return $"{label}; {weightProblem}";
        }

        var w = weightKg!.Value;
        if (dose.Basis == "per-kg")
        {
            return $"{label} x {N(w)} kg = {Range(dose.Min * w, dose.Max * w)} {dose.Unit}/{dose.Per}";
        }

        var heightProblem = Check("height", heightCm, "cm", limits.MinHeightCm.Value, limits.MaxHeightCm.Value);
        if (heightProblem is not null)
        {
            return $"{label}; {heightProblem}";
        }

        var h = heightCm!.Value;
        var bsa = MostellerBsa(h, w);
        return $"{label} x BSA {N(bsa)} m2 (Mosteller: sqrt({N(h)} cm x {N(w)} kg / 3600)) = {Range(dose.Min * bsa, dose.Max * bsa)} {dose.Unit}/{dose.Per}";
    }

    private static string? Check(string what, double? value, string unit, double min, double max)
    {
        if (value is not { } v)
        {
            return $"{what} not recorded: dose not computed";
        }

        return v < min || v > max
            ? $"recorded {what} {N(v)} {unit} is outside the plausible range {N(min)}-{N(max)} {unit}: dose not computed, check the measurement"
            : null;
    }

    private static string Range(double min, double? max) => max is { } m && m != min ? $"{N(min)}-{N(m)}" : N(min);

    private static string N(double v) => v.ToString(v >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
