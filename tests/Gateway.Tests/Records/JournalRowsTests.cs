using System.Text;
using Azure.Data.Tables;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Journal;

namespace OscpFleet.Gateway.Tests.Records;

public sealed class JournalRowsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 10, 15, 0, TimeSpan.Zero);

    private static OscpJournalEntry Entry(string message, string body, string? groupId = null) =>
        new(At, JournalDirections.In, "vector_test", groupId, message, "req-1", "corr-1", 204, 3.25, Encoding.UTF8.GetBytes(body), false);

    [Fact]
    public void An_entry_about_a_site_is_a_row_of_its_day_and_of_its_sites_shard_keyed_by_group_id_then_the_day_key()
    {
        var rows = JournalTable.Rows("svc", Entry("update_group_capacity_forecast", """{"group_id":"SITE_1","type":"CONSUMPTION"}"""), "w1", 7).ToList();

        Assert.Equal(["svc|d|20261203", $"svc|g|202612|{SiteShard.Of("SITE_1")}"], rows.Select(r => r.Entity.PartitionKey));
        var dayKey = rows[0].Entity.RowKey;
        Assert.Equal("SITE_1|" + dayKey, rows[1].Entity.RowKey);
        Assert.Equal(dayKey, JournalTable.PlainRowKey(rows[1].Entity.RowKey));
        var row = (TableEntity)rows[0].Entity;
        Assert.Equal("SITE_1", row.GetString("GroupId"));
        Assert.Equal(At, JournalTable.AtOf(row.RowKey));
        Assert.True(JournalTable.IsRowKey(row.RowKey));
        var record = JournalTable.Read(row);
        Assert.Equal(("in", "vector_test", "req-1", "corr-1", 204), (record.Direction, record.PeerId, record.RequestId, record.CorrelationId, record.Status));
        Assert.Equal(record, JournalTable.Read((TableEntity)rows[1].Entity));
    }

    [Fact]
    public void A_register_body_keeps_its_shape_but_never_its_token()
    {
        const string token = "tok-0123456789abcdefghijklmnopqrstuvwxyz";
        var rows = JournalTable.Rows("svc", Entry("register", $$"""{"token":"{{token}}","version_url":[{"version":"2.0","base_url":"https://cp.example/oscp"}]}"""), "w1", 1).ToList();

        var body = ((TableEntity)Assert.Single(rows).Entity).GetString("Body");
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.Contains("\"token\":\"[redacted]\"", body, StringComparison.Ordinal);
        Assert.Contains("https://cp.example/oscp", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_register_body_that_is_not_json_is_withheld()
    {
        var (text, _) = JournalBodies.Prepare("register", "token=abcdefghijklmnopqrstuvwxyz0123456789"u8, truncated: false);

        Assert.Equal(JournalBodies.Withheld, text);
    }

    [Fact]
    public void A_cut_body_is_marked_and_still_names_its_site()
    {
        var (text, groupId) = JournalBodies.Prepare("update_group_capacity_forecast", """{"group_id":"SITE_9","forecasted_blocks":[{"capacity":1"""u8, truncated: true);

        Assert.EndsWith(JournalBodies.TruncatedMark, text, StringComparison.Ordinal);
        Assert.Equal("SITE_9", groupId);
    }

    [Fact]
    public void An_entry_naming_no_valid_site_is_only_a_row_of_its_day()
    {
        var rows = JournalTable.Rows("svc", Entry("heartbeat", """{"offline_mode_at":"2026-12-03T10:20:00Z"}"""), "w1", 2).ToList();
        var odd = JournalTable.Rows("svc", Entry("update_group_capacity_forecast", """{"group_id":"no/such#site"}"""), "w1", 3).ToList();

        Assert.Equal(["svc|d|20261203"], rows.Select(r => r.Entity.PartitionKey));
        Assert.Equal(["svc|d|20261203"], odd.Select(r => r.Entity.PartitionKey));
    }

    [Fact]
    public void A_long_body_is_stored_compressed_once_per_row_and_reads_back_as_the_same_text()
    {
        var blocks = string.Join(",", Enumerable.Range(0, 96).Select(i =>
            $$"""{"capacity":{{100 + i}},"phase":"ALL","unit":"KW","start_time":"2026-12-03T{{i / 4:00}}:{{i % 4 * 15:00}}:00Z","end_time":"2026-12-03T{{(i + 1) / 4 % 24:00}}:{{(i + 1) % 4 * 15:00}}:00Z"}"""));
        var body = $$"""{"group_id":"SITE_1","type":"CONSUMPTION","forecasted_blocks":[{{blocks}}]}""";
        var rows = JournalTable.Rows("svc", Entry("update_group_capacity_forecast", body), "w1", 4).ToList();

        Assert.Equal(2, rows.Count);
        foreach (var row in rows.Select(r => (TableEntity)r.Entity))
        {
            Assert.False(row.ContainsKey("Body"));
            var gzip = row.GetBinary("BodyGzip");
            Assert.True(gzip!.Length < body.Length / 5, $"{gzip.Length} bytes for {body.Length} characters");
            Assert.Equal(body, JournalTable.Read(row).Body);
        }
    }

    [Fact]
    public void A_short_body_stays_readable_text_and_a_row_written_before_compression_reads_as_it_did()
    {
        var row = (TableEntity)Assert.Single(JournalTable.Rows("svc", Entry("heartbeat", """{"offline_mode_at":"2026-12-03T10:20:00Z"}"""), "w1", 5)).Entity;
        var older = new TableEntity("svc|d|20261203", JournalTable.RowKey(At, "w0", 1)) { ["Body"] = new string('x', 5000), ["Direction"] = "in" };
        var broken = new TableEntity("svc|d|20261203", JournalTable.RowKey(At, "w0", 2)) { ["BodyGzip"] = new byte[] { 1, 2, 3 } };

        Assert.Equal("""{"offline_mode_at":"2026-12-03T10:20:00Z"}""", row.GetString("Body"));
        Assert.False(row.ContainsKey("BodyGzip"));
        Assert.Equal(new string('x', 5000), JournalTable.Read(older).Body);
        Assert.Equal("[unreadable: BodyGzip is not gzip]", JournalTable.Read(broken).Body);
    }
}
