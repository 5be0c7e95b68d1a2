using System.Reflection;
using System.Text.Json.Serialization;
using NorseAlerts.Pathway.Cases;

namespace NorseAlerts.Runtime.Storage;

/// <summary>The audit kind of an effect: its JSON discriminator (e.g. <c>alert-raised</c>), read once from the attributes.</summary>
public static class EffectKinds
{
    private static readonly Dictionary<Type, string> Kinds = typeof(Effect)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .Where(a => a.TypeDiscriminator is string)
        .ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);

    /// <summary>The discriminator of <paramref name="effect"/>'s type, or its type name for an unlisted type.</summary>
    public static string Of(Effect effect) => Kinds.TryGetValue(effect.GetType(), out var kind) ? kind : effect.GetType().Name;
}
