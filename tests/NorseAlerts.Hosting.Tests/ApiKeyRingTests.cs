using NorseAlerts.Hosting;
using Xunit;

namespace NorseAlerts.Hosting.Tests;

public class ApiKeyRingTests
{
    private static readonly ApiKeyRing Ring = new(
        new Dictionary<string, string?> { ["integrationEngine"] = "k-ingest", ["dashboard"] = "k-dash" },
        new Dictionary<string, string?> { ["integrationEngine"] = "ingest" });

    [Fact]
    public void A_request_without_a_key_or_with_an_unknown_key_is_unauthenticated()
    {
        Assert.Equal(ApiAccess.Unauthenticated, Ring.Check(null, ApiRoles.Ingest));
        Assert.Equal(ApiAccess.Unauthenticated, Ring.Check("", ApiRoles.Ingest));
        Assert.Equal(ApiAccess.Unauthenticated, Ring.Check("k-ingestX", ApiRoles.Ingest));
    }

    [Fact]
    public void A_narrowed_key_is_forbidden_outside_its_roles()
    {
        Assert.Equal(ApiAccess.Granted, Ring.Check("k-ingest", ApiRoles.Ingest));
        Assert.Equal(ApiAccess.Forbidden, Ring.Check("k-ingest", ApiRoles.Ack));
    }

    [Fact]
    public void A_key_without_narrowed_roles_holds_every_role()
    {
        Assert.All(ApiRoles.All, role => Assert.Equal(ApiAccess.Granted, Ring.Check("k-dash", role)));
    }

    [Fact]
    public void The_name_of_a_presented_key_is_known_for_the_audit_trail()
    {
        Assert.Equal("dashboard", Ring.NameOf("k-dash"));
        Assert.Null(Ring.NameOf("k-unknown"));
    }

    [Fact]
    public void Misconfigured_keys_fail_at_start_naming_the_key()
    {
        var empty = Assert.Throws<ArgumentException>(() => new ApiKeyRing(
            new Dictionary<string, string?> { ["pager"] = " " }, new Dictionary<string, string?>()));
        Assert.Contains("pager", empty.Message, StringComparison.Ordinal);

        var badRole = Assert.Throws<ArgumentException>(() => new ApiKeyRing(
            new Dictionary<string, string?> { ["pager"] = "k" }, new Dictionary<string, string?> { ["pager"] = "ack,admin" }));
        Assert.Contains("admin", badRole.Message, StringComparison.Ordinal);
    }
}
