using System.Reflection;
using NorseAlerts.Pathway.Events;

namespace NorseAlerts.Pathway.Protocols;

/// <summary>
/// The protocols a deployment knows: the two built-in ones (their current versions and every released version kept
/// in <c>Protocols/released</c>) plus any institution files. Loaded and validated once at start; a case looks its
/// pinned protocol up by name and version for life, and new cases take the newest version of a name.
/// </summary>
public sealed class ProtocolCatalog
{
    /// <summary>The default protocol name.</summary>
    public const string Seed = "seed";

    /// <summary>The international consensus protocol.</summary>
    public const string Consensus2022 = "consensus-2022";

    private readonly Dictionary<(string, string), Protocol> byVersion = [];
    private readonly Dictionary<string, Protocol> latest = new(StringComparer.Ordinal);

    /// <summary>
    /// A catalog with the built-in protocols and the given institution protocols. Throws
    /// <see cref="ProtocolException"/>, naming the file, when an institution file reuses a built-in's name and
    /// version, or another institution file's with other content: a case pins name and version, and two contents
    /// under one pin would make its deadlines depend on which file was loaded.
    /// </summary>
    public ProtocolCatalog(IEnumerable<Protocol>? additional = null)
        : this(BuiltIn, additional)
    {
    }

    /// <summary>A catalog over the given built-in protocols (tests load them from another assembly).</summary>
    internal ProtocolCatalog(IReadOnlyList<Protocol> builtIn, IEnumerable<Protocol>? additional)
    {
        foreach (var p in builtIn)
        {
            Add(p);
        }

        foreach (var p in (additional ?? []).Where(p => !builtIn.Contains(p, ReferenceEqualityComparer.Instance)))
        {
            if (builtIn.Any(b => b.Name == p.Name && b.Version == p.Version))
            {
                throw Refused(p, "the built-in protocol: give the institution protocol a name of its own");
            }

            Add(p);
        }
    }

    /// <summary>
    /// The built-in protocols, parsed from embedded resources (validated like any file): the current version of each
    /// name, then every released version kept in <c>Protocols/released</c> so that cases pinned to it still run
    /// after a version bump.
    /// </summary>
    public static IReadOnlyList<Protocol> BuiltIn { get; } = LoadBuiltIn(typeof(ProtocolCatalog).Assembly);

    /// <summary>The newest version of every protocol name.</summary>
    public IEnumerable<Protocol> Latest => latest.Values;

    /// <summary>Loads an institution's protocol file.</summary>
    public static Protocol LoadFile(string path) => ProtocolReader.Parse(File.ReadAllText(path), path);

    /// <summary>The newest version of the named protocol, for new cases.</summary>
    public Protocol Get(string name) =>
        latest.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"Unknown protocol '{name}'. Known: {string.Join(", ", latest.Keys)}");

    /// <summary>Every loaded version of every protocol.</summary>
    public IEnumerable<Protocol> All => byVersion.Values;

    /// <summary>The exact version a case pinned.</summary>
    public Protocol Get(string name, string version) =>
        byVersion.TryGetValue((name, version), out var p) ? p : throw new KeyNotFoundException($"Protocol '{name}' version '{version}' is not loaded");

    /// <summary>
    /// The exact content a case pinned: name, version and, when the case recorded one, the content hash. Refuses
    /// (<see cref="ProtocolChangedException"/>) rather than compute the case's deadlines from other content.
    /// </summary>
    public Protocol Get(string name, string version, string? hash)
    {
        var p = Get(name, version);
        return hash is null || hash == p.Hash ? p : throw new ProtocolChangedException(p, hash);
    }

    /// <summary>Whether the named protocol exists.</summary>
    public bool Contains(string name) => latest.ContainsKey(name);

    /// <summary>Whether the named protocol's <paramref name="version"/> is loaded.</summary>
    public bool Contains(string name, string version) => byVersion.ContainsKey((name, version));

    private void Add(Protocol p)
    {
        if (byVersion.TryGetValue((p.Name, p.Version), out var loaded))
        {
            // The same content twice (one file listed under two keys) is one protocol.
            if (loaded.Hash != p.Hash)
            {
                throw Refused(p, $"the protocol of {loaded.Origin}, with other content: give this file a new version");
            }

            return;
        }

        byVersion[(p.Name, p.Version)] = p;
        if (!latest.TryGetValue(p.Name, out var current) || CompareVersions(p.Version, current.Version) > 0)
        {
            latest[p.Name] = p;
        }
    }

    private static ProtocolException Refused(Protocol p, string why) =>
        new(p.Origin, [new FieldError("version", $"'{p.Name}' version '{p.Version}' is already {why}")]);

    /// <summary>
    /// Orders protocol versions: numerically when both parse as <see cref="System.Version"/> (so 1.10.0 is
    /// newer than 1.9.0), ordinally otherwise.
    /// </summary>
    public static int CompareVersions(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Parse(a) is { } va && Parse(b) is { } vb
            ? va.CompareTo(vb)
            : string.CompareOrdinal(a, b);

        // System.Version needs major.minor; a bare "2" is version 2.0.
        static System.Version? Parse(string v) =>
            System.Version.TryParse(v, out var parsed) || System.Version.TryParse(v + ".0", out parsed) ? parsed : null;
    }

    /// <summary>The embedded resource prefix of released built-in versions (<c>Protocols/released/*.json</c>).</summary>
    internal const string ReleasedPrefix = "NorseAlerts.Pathway.Protocols.released.";

    /// <summary>The current built-in files of <paramref name="asm"/>, then its released ones in name order.</summary>
    internal static List<Protocol> LoadBuiltIn(Assembly asm)
    {
        var released = asm.GetManifestResourceNames()
            .Where(r => r.StartsWith(ReleasedPrefix, StringComparison.Ordinal) && r.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(r => Read(asm, r));
        return [Read(asm, $"NorseAlerts.Pathway.Protocols.{Seed}.json"), Read(asm, $"NorseAlerts.Pathway.Protocols.{Consensus2022}.json"), .. released];
    }

    private static Protocol Read(Assembly asm, string resource)
    {
        using var stream = asm.GetManifestResourceStream(resource) ?? throw new InvalidOperationException($"Missing embedded protocol {resource}");
        using var reader = new StreamReader(stream);
        return ProtocolReader.Parse(reader.ReadToEnd(), resource);
    }
}
