using Microsoft.Playwright;
using static NorseAlerts.Dashboard.Tests.DashboardHost;

namespace NorseAlerts.Dashboard.Tests;

/// <summary>The held section of the on-call page against <c>GET /api/held</c>.</summary>
public sealed partial class OnCallPageTests
{
    private const string WrongIdentifier = "GENH:00444003";
    private const string LateOnset = "GENH:00444004";

    [Fact]
    public async Task Held_events_show_when_they_arrived_and_when_they_expire_and_leave_the_list_when_an_onset_opens_the_case()
    {
        await host.PostAsync("patient.discharged", Start.AddHours(-1), WrongIdentifier);
        host.Time.Advance(TimeSpan.FromHours(1));
        await host.PostAsync("norse.suspected", Start.AddHours(-2), LateOnset);
        host.Time.Advance(TimeSpan.FromHours(2));
        var page = await ConnectAsync(ReaderKey);

        var rows = page.Locator("#held tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#held-count")).ToHaveTextAsync("(2)");
        // The longest waiting first: arrived at 09:00 Oslo time, three hours before the server's now.
        var first = rows.Nth(0);
        await Assertions.Expect(first.Locator("td").Nth(0)).ToHaveTextAsync(WrongIdentifier);
        await Assertions.Expect(first.Locator("td").Nth(1)).ToHaveTextAsync("Discharged");
        await Assertions.Expect(first.Locator(".held-age")).ToHaveTextAsync("2026-03-02 09:00 CET (3 h ago)");
        // 30 days after arrival, across the change to summer time.
        await Assertions.Expect(first.Locator(".held-expiry")).ToHaveTextAsync("2026-04-01 10:00 CEST (in 29 d 21 h)");
        await Assertions.Expect(rows.Nth(1).Locator("td").Nth(0)).ToHaveTextAsync(LateOnset);
        await Assertions.Expect(rows.Nth(1).Locator(".held-age")).ToHaveTextAsync("2026-03-02 10:00 CET (2 h ago)");
        await Chromium.ScreenshotAsync(page, "09-held-events");

        await host.PostAsync("rse.onset", Start.AddHours(-1), LateOnset);

        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = 5000 });
        await Assertions.Expect(rows.Nth(0).Locator("td").Nth(0)).ToHaveTextAsync(WrongIdentifier);
        await Assertions.Expect(page.Locator("#cases tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#cases tbody tr td").Nth(0)).ToHaveTextAsync(LateOnset);
    }

    [Fact]
    public async Task With_nothing_held_the_section_says_so_instead_of_an_empty_table()
    {
        await host.PostAsync("rse.onset", Start.AddDays(-6.5), DueSoon);
        var page = await ConnectAsync(ReaderKey);

        await Assertions.Expect(page.Locator("#held-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#held")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#held-count")).ToHaveTextAsync("(0)");
    }
}
