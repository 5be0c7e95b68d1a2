using System.Text;
using NorseAlerts.Hosting;
using Xunit;

namespace NorseAlerts.Hosting.Tests;

public class ReadinessReportTests
{
    [Fact]
    public void One_failing_check_makes_the_host_not_ready_and_the_answer_503_with_absent_details_left_out()
    {
        var report = ReadinessReport.Of(new Dictionary<string, ReadinessCheck>
        {
            ["store"] = ReadinessCheck.Passing("writable"),
            ["broker"] = ReadinessCheck.Failing("disconnected", new Dictionary<string, object> { ["endpoint"] = "sb://norse" }),
        });

        var reply = report.ToReply();

        Assert.Equal(503, reply.Status);
        Assert.Equal(
            """{"status":"not-ready","checks":{"store":{"status":"ready","description":"writable"},"broker":{"status":"not-ready","description":"disconnected","data":{"endpoint":"sb://norse"}}}}""",
            Encoding.UTF8.GetString(reply.Body));
    }
}
