using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static NorseAlerts.Dashboard.Tests.DashboardHost;

namespace NorseAlerts.Dashboard.Tests;

/// <summary>The on-call page in a real headless Chromium against the real host.</summary>
[Collection(ChromiumCollection.Name)]
public sealed partial class OnCallPageTests(Chromium chromium) : IAsyncLifetime
{
    private const string Overdue = "GENH:00123456";
    private const string DueSoon = "GENH:00777001";
    private const string NotResponding = "GENH:00555002";

    private readonly DashboardHost host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.CloseContextsAsync();
        await host.DisposeAsync();
    }

    /// <summary>Three patients: a missed first-line window (critical), a window closing in 12 h (warning), and a
    /// patient not responding to first line (high).</summary>
    private async Task<(string Overdue, string DueSoon, string NotResponding)> ThreePatientsAsync()
    {
        var overdue = await host.PostAsync("rse.onset", Start.AddDays(-8), Overdue);
        var soon = await host.PostAsync("rse.onset", Start.AddDays(-6.5), DueSoon);
        var second = await host.PostAsync("rse.onset", Start.AddDays(-3), NotResponding);
        await host.PostAsync("patient.measurements", Start.AddDays(-3), NotResponding, new { weightKg = 70, heightCm = 175 });
        await host.PostAsync("immunotherapy.first-line.started", Start.AddDays(-2.5), NotResponding, new { agent = "methylprednisolone" });
        await host.PostAsync("response.assessed", Start.AddHours(-2), NotResponding, new { outcome = "not-responding", reason = "seizures recur on weaning" });
        return (overdue!, soon!, second!);
    }

    private async Task<IPage> ConnectAsync(string key = AdminKey, int width = 1280, int height = 900)
    {
        var page = await chromium.PageAsync(width, height);
        await page.GotoAsync(host.DashboardUrl);
        await page.FillAsync("#key", key);
        await page.ClickAsync("#key-form button");
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("Live");
        return page;
    }

    private static ILocator OpenAlerts(IPage page) => page.Locator("#open-alerts > li");

    [Fact]
    public async Task Open_alerts_are_ordered_critical_then_high_then_warning_with_patient_case_kind_level_and_countdown()
    {
        var cases = await ThreePatientsAsync();
        var page = await ConnectAsync();

        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(3);
        var rows = OpenAlerts(page);
        Assert.Equal(["critical", "high", "warning"], await rows.Locator(".badge").AllInnerTextsAsync() is var b ? b.Select(x => x.ToLowerInvariant()) : []);
        var first = rows.Nth(0);
        await Assertions.Expect(first.Locator("h3")).ToHaveTextAsync("First-line immunotherapy not started: window closed");
        await Assertions.Expect(first.Locator(".patient")).ToHaveTextAsync(Overdue);
        await Assertions.Expect(first.Locator("a[href^='#case/']")).ToHaveTextAsync(cases.Overdue);
        await Assertions.Expect(first.Locator(".level")).ToHaveTextAsync("Level 1 · neurology on-call");
        await Assertions.Expect(first.Locator(".clock")).ToHaveTextAsync("overdue by 1 d");
        await Assertions.Expect(first.Locator(".raised")).ToContainTextAsync("(less than a minute ago)");
        await Assertions.Expect(rows.Nth(1).Locator(".patient")).ToHaveTextAsync(NotResponding);
        await Assertions.Expect(rows.Nth(1).Locator("h3")).ToHaveTextAsync("Second-line immunotherapy recommended");
        await Assertions.Expect(rows.Nth(2).Locator(".patient")).ToHaveTextAsync(DueSoon);
        await Assertions.Expect(rows.Nth(2).Locator(".clock")).ToHaveTextAsync("due in 12 h");
        await Assertions.Expect(page.Locator("#cases tbody tr")).ToHaveCountAsync(3);
        await Chromium.ScreenshotAsync(page, "01-open-alerts");
    }

    [Fact]
    public async Task Every_time_on_the_page_has_one_format_with_the_zone_shown()
    {
        await ThreePatientsAsync();
        var page = await ConnectAsync();
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(3);

        var text = await page.Locator("#board").InnerTextAsync();

        Assert.DoesNotMatch(UtcStamp(), text);
        Assert.DoesNotMatch(LocaleStamp(), text);
        var stamps = PageStamp().Matches(text).Select(m => m.Value).ToList();
        Assert.True(stamps.Count >= 9, $"times on the page: {string.Join(" | ", stamps)}");
        // 2026-03-02 08:00 UTC is 09:00 in Oslo (CET): every time is shown in the browser's zone, named.
        Assert.Contains("2026-02-22 09:00 CET", text);
        await Assertions.Expect(page.Locator(".zone")).ToContainTextAsync("Europe/Oslo");
    }

    [Fact]
    public async Task Recommendations_stay_folded_until_opened_and_each_can_show_its_source()
    {
        await ThreePatientsAsync();
        var page = await ConnectAsync();
        var first = OpenAlerts(page).Nth(0);
        var recommendations = first.Locator("details.recs-box");
        var toggle = recommendations.Locator("> summary");

        await Assertions.Expect(recommendations.Locator(".recs")).ToBeHiddenAsync();
        await toggle.ClickAsync();
        await Assertions.Expect(recommendations.Locator(".recs > li")).ToHaveCountAsync(3);
        await Assertions.Expect(recommendations.Locator(".recs > li").Nth(0)).ToContainTextAsync("IV methylprednisolone");
        var source = recommendations.Locator(".recs > li").Nth(0).Locator("details.source");
        await Assertions.Expect(source.Locator("p").First).ToBeHiddenAsync();
        await source.Locator("summary").ClickAsync();
        await Assertions.Expect(source.Locator("p").First).ToContainTextAsync("NORSE management");
        await Chromium.ScreenshotAsync(page, "02-recommendations-open");
    }

    [Fact]
    public async Task Acknowledging_asks_who_confirms_what_and_lists_the_alert_under_acknowledged_with_who_and_when()
    {
        var cases = await ThreePatientsAsync();
        var page = await ConnectAsync();
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(3);

        await OpenAlerts(page).Nth(0).Locator("button.ack").ClickAsync();
        var dialog = page.Locator("#ack-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#ack-what")).ToContainTextAsync($"First-line immunotherapy not started: window closed. Patient {Overdue}, case {cases.Overdue}, level 1 (neurology on-call), raised 2026-03-02 09:00 CET.");
        await Chromium.ScreenshotAsync(page, "03-ack-dialog");
        await page.ClickAsync("#ack-confirm");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        Assert.Empty(await host.AlertsAsync("acknowledged"));

        await page.FillAsync("#ack-by", "Dr. Berg");
        await page.FillAsync("#ack-note", "seen, starting IVMP");
        await page.ClickAsync("#ack-confirm");

        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync($"for case {cases.Overdue} as Dr. Berg");
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(2);
        var acked = page.Locator("#acked-alerts > li");
        await Assertions.Expect(acked).ToHaveCountAsync(1);
        await Assertions.Expect(acked.Locator(".acked-by")).ToHaveTextAsync(new Regex(@"^Acknowledged by Dr\. Berg at 2026-03-02 09:00 CET \(less than a minute ago\): seen, starting IVMP$"));
        var stored = Assert.Single(await host.AlertsAsync("acknowledged"))!;
        Assert.Equal("Dr. Berg", stored["acknowledgedBy"]!.GetValue<string>());
        await Chromium.ScreenshotAsync(page, "04-acknowledged");

        // The name is remembered for the session: the next acknowledgement starts with it filled in.
        await OpenAlerts(page).Nth(0).Locator("button.ack").ClickAsync();
        await Assertions.Expect(page.Locator("#ack-by")).ToHaveValueAsync("Dr. Berg");
    }

    [Fact]
    public async Task The_keyboard_alone_can_connect_open_recommendations_and_acknowledge()
    {
        await ThreePatientsAsync();
        var page = await chromium.PageAsync();
        await page.GotoAsync(host.DashboardUrl);
        await page.FocusAsync("#key");
        await page.Keyboard.TypeAsync(AdminKey);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(3);

        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await TabUntilAsync(page, "summary");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(OpenAlerts(page).Nth(0).Locator(".recs")).ToBeVisibleAsync();
        await TabUntilAsync(page, "button.ack");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#ack-by")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Dr. Keys");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.Locator("#acked-alerts > li")).ToHaveCountAsync(1);
        Assert.Equal("Dr. Keys", (await host.AlertsAsync("acknowledged"))[0]!["acknowledgedBy"]!.GetValue<string>());
    }

    private static async Task TabUntilAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await page.EvaluateAsync<bool>($"document.activeElement && document.activeElement.matches({System.Text.Json.JsonSerializer.Serialize(selector)})"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        throw new InvalidOperationException($"Tab never reached {selector}");
    }

    [Fact]
    public async Task A_new_alert_appears_without_a_reload_when_the_server_records_it()
    {
        await host.PostAsync("rse.onset", Start.AddDays(-6.5), DueSoon);
        var page = await ConnectAsync();
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(1);
        await page.EvaluateAsync("window.__sameDocument = true");

        await host.PostAsync("rse.onset", Start.AddDays(-9), Overdue);

        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(2, new() { Timeout = 5000 });
        await Assertions.Expect(OpenAlerts(page).Nth(0).Locator(".patient")).ToHaveTextAsync(Overdue);
        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "the page reloaded");
        await Chromium.ScreenshotAsync(page, "05-live-update");
    }

    [Fact]
    public async Task The_key_travels_only_in_a_header_and_updates_come_from_the_event_stream_not_polling()
    {
        await host.PostAsync("rse.onset", Start.AddDays(-8), Overdue);
        var page = await chromium.PageAsync();
        var requests = new List<IRequest>();
        page.Request += (_, r) => requests.Add(r);
        await page.GotoAsync(host.DashboardUrl);
        await page.FillAsync("#key", AdminKey);
        await page.ClickAsync("#key-form button");
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(1);
        var loaded = requests.Count(r => r.Url.Contains("/api/alerts", StringComparison.Ordinal));
        await page.WaitForTimeoutAsync(1500);

        Assert.DoesNotContain(requests, r => r.Url.Contains(AdminKey, StringComparison.Ordinal));
        var stream = Assert.Single(requests, r => r.Url.EndsWith("/api/updates", StringComparison.Ordinal));
        Assert.Equal(AdminKey, await stream.HeaderValueAsync("x-api-key"));
        Assert.Equal(loaded, requests.Count(r => r.Url.Contains("/api/alerts", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_a_message_and_shows_no_data()
    {
        await host.PostAsync("rse.onset", Start.AddDays(-8), Overdue);
        var page = await chromium.PageAsync();
        await page.GotoAsync(host.DashboardUrl);
        await page.FillAsync("#key", "not-a-key");
        await page.ClickAsync("#key-form button");

        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("Key refused");
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_case_page_draws_onset_windows_events_pages_acks_and_now_with_deadlines_and_audit()
    {
        var cases = await ThreePatientsAsync();
        var alert = (await host.AlertsAsync("triggered")).Single(a => a!["caseId"]!.GetValue<string>() == cases.NotResponding)!;
        var ack = await host.Api.PostAsync($"/api/alerts/{alert["alertId"]}/ack", new StringContent("""{"by":"Dr. Lind"}""", System.Text.Encoding.UTF8, "application/json"));
        ack.EnsureSuccessStatusCode();
        var page = await ConnectAsync();

        await page.ClickAsync($"#acked-alerts a[href='#case/{cases.NotResponding}']");
        await Assertions.Expect(page.Locator("#case-view")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#case-title")).ToHaveTextAsync($"Case {cases.NotResponding}");
        await Assertions.Expect(page.Locator("#case-summary")).ToContainTextAsync(NotResponding);
        var timeline = page.Locator("#timeline");
        await Assertions.Expect(timeline.Locator("line.onset")).ToHaveCountAsync(1);
        await Assertions.Expect(timeline.Locator("line.now")).ToHaveCountAsync(1);
        await Assertions.Expect(timeline.Locator(".event-mark")).ToHaveCountAsync(4);
        await Assertions.Expect(timeline.Locator(".band-group[data-kind='first-line-window']")).ToHaveCountAsync(1);
        Assert.True(await timeline.Locator(".page-mark").CountAsync() >= 1, "a page mark");
        await Assertions.Expect(timeline.Locator(".ack-mark")).ToHaveCountAsync(1);
        var deadlineRows = page.Locator("#deadlines tbody tr");
        Assert.Equal(await deadlineRows.CountAsync(), await timeline.Locator(".band-group").CountAsync());
        await Assertions.Expect(page.Locator("#deadlines")).ToContainTextAsync("First-line immunotherapy window");
        await Assertions.Expect(page.Locator("#deadlines")).ToContainTextAsync("met");
        await Assertions.Expect(page.Locator("#case-alerts > li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#case-alerts .acked-by")).ToContainTextAsync("Dr. Lind");
        await Assertions.Expect(page.Locator("#case-events tbody tr")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#audit")).ToContainTextAsync("alert acknowledged");
        await Assertions.Expect(page.Locator("#audit")).ToContainTextAsync("case opened");
        await Chromium.ScreenshotAsync(page, "06-case-page");

        await page.ClickAsync("a.back");
        await Assertions.Expect(page.Locator("#board")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task On_a_phone_the_page_fits_the_screen_width()
    {
        var cases = await ThreePatientsAsync();
        var page = await ConnectAsync(width: 390, height: 844);
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(3);

        Assert.True(await WiderThanScreenAsync(page) is "" or null, await WiderThanScreenAsync(page));
        var button = await OpenAlerts(page).Nth(0).Locator("button.ack").BoundingBoxAsync();
        Assert.True(button!.Height >= 40, "touch target too small");
        await Chromium.ScreenshotAsync(page, "07-phone-board");

        await page.GotoAsync($"{host.DashboardUrl}#case/{cases.Overdue}");
        await Assertions.Expect(page.Locator("#case-view")).ToBeVisibleAsync();
        Assert.True(await WiderThanScreenAsync(page) is "" or null, await WiderThanScreenAsync(page));
        await Assertions.Expect(page.Locator("#deadlines tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#case-summary")).ToContainTextAsync("First-line immunotherapy window (overdue by 1 d)");
        await Chromium.ScreenshotAsync(page, "08-phone-case");
    }

    [Fact]
    public async Task The_board_the_acknowledged_list_and_the_case_page_pass_the_WCAG_2_AA_checks_including_contrast()
    {
        var cases = await ThreePatientsAsync();
        var alert = (await host.AlertsAsync("triggered")).Single(a => a!["caseId"]!.GetValue<string>() == cases.DueSoon)!;
        (await host.Api.PostAsync($"/api/alerts/{alert["alertId"]}/ack", new StringContent("""{"by":"Dr. Lind"}""", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var page = await ConnectAsync();
        await Assertions.Expect(OpenAlerts(page)).ToHaveCountAsync(2);
        await page.Locator("#open-alerts details.recs-box > summary").First.ClickAsync();

        var board = await page.RunAxe(WcagAa);
        await page.ClickAsync($"#open-alerts a[href='#case/{cases.Overdue}']");
        await Assertions.Expect(page.Locator("#timeline line.now")).ToHaveCountAsync(1);
        var casePage = await page.RunAxe(WcagAa);

        Assert.True(board.Violations.Length == 0, Describe(board));
        Assert.True(casePage.Violations.Length == 0, Describe(casePage));
        Assert.Contains(board.Passes, p => p.Id == "color-contrast");
    }

    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private static string Describe(AxeResult result) => string.Join("\n", result.Violations.Select(v =>
        $"{v.Id}: {v.Help} at {string.Join("; ", v.Nodes.Select(n => string.Join(" ", n.Target.ToString())))}"));

    /// <summary>Elements that stick out of the screen (outside the scroll boxes meant for wide tables), or "".</summary>
    private static Task<string> WiderThanScreenAsync(IPage page) => page.EvaluateAsync<string>("""
        [...document.querySelectorAll('body *')]
          .filter((e) => !e.closest('.scroll') && e.getBoundingClientRect().right > window.innerWidth + 0.5)
          .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')
        """);

    [GeneratedRegex(@"\d{2}:\d{2}Z")]
    private static partial Regex UtcStamp();

    [GeneratedRegex(@"\d{1,2}/\d{1,2}/\d{4}")]
    private static partial Regex LocaleStamp();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} CET")]
    private static partial Regex PageStamp();
}
