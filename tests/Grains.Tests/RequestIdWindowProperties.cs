using System.Text.Json;
using CsCheck;
using OscpFleet.Grains.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// A site's request-id window (<see cref="RequestIdWindow"/>) answers exactly as the list of strings it replaced: the
/// newest ids up to the capacity, compared ordinal, whatever their shape (UUIDs in lower or upper case, with braces,
/// near-UUIDs, anything else), and it is stored as that list was.
/// </summary>
public sealed class RequestIdWindowProperties
{
    private static readonly JsonSerializerOptions Storage = new(JsonSerializerDefaults.Web);

    // A few UUIDs written several ways, and other strings; few enough that ids repeat.
    private static readonly Gen<string> GenId = Gen.Int[0, 5].SelectMany(uuid => Gen.Int[0, 6].Select(shape =>
    {
        var g = new Guid(uuid, 0x1234, 0x5678, 1, 2, 3, 4, 5, 6, 7, (byte)uuid);
        return shape switch
        {
            0 or 1 or 2 => g.ToString("D"),
            3 => g.ToString("D").ToUpperInvariant(),
            4 => g.ToString("B"),
            5 => g.ToString("N"),
            _ => $"req-{uuid}",
        };
    }));

    [Fact]
    public void The_window_answers_as_the_list_of_the_newest_ids_did()
    {
        Gen.Select(Gen.Int[1, 8], GenId.Array[0, 40], GenId.Array[1, 10]).Sample((capacity, added, probes) =>
        {
            var window = new RequestIdWindow(capacity);
            var model = new List<string>();
            foreach (var id in added)
            {
                window.Add(id);
                model.Add(id);
                if (model.Count > capacity) model.RemoveAt(0);
            }

            Assert.Equal(model, window);
            Assert.Equal(model.Count, window.Count);
            foreach (var probe in probes.Concat(added)) Assert.Equal(model.Contains(probe, StringComparer.Ordinal), window.Contains(probe));
        });
    }

    [Fact]
    public void The_window_is_stored_as_the_array_of_strings_it_was()
    {
        GenId.Array[0, 30].Sample(added =>
        {
            var window = new RequestIdWindow();
            foreach (var id in added) window.Add(id);

            var json = JsonSerializer.Serialize(window, Storage);
            Assert.Equal(JsonSerializer.Serialize(added, Storage), json);
            Assert.Equal(added, JsonSerializer.Deserialize<RequestIdWindow>(json, Storage)!);
        });
    }

    [Fact]
    public void A_stored_list_longer_than_the_capacity_keeps_its_newest_ids()
    {
        var ids = Enumerable.Range(0, SiteState.RememberedRequestIds + 5).Select(i => $"r{i}").ToArray();

        var read = JsonSerializer.Deserialize<RequestIdWindow>(JsonSerializer.Serialize(ids, Storage), Storage)!;

        Assert.Equal(ids[5..], read);
        Assert.False(read.Contains("r4"));
        Assert.True(read.Contains("r5"));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"recentRequestIds":null}""")]
    public void A_site_row_without_request_ids_reads_with_none(string json)
    {
        var state = JsonSerializer.Deserialize<SiteState>(json, Storage)!;

        Assert.Empty(state.RecentRequestIds);
        Assert.False(state.RecentRequestIds.Contains("r1"));
    }

    [Theory]
    [InlineData("""{"recentRequestIds":"r1"}""")]
    [InlineData("""{"recentRequestIds":[1]}""")]
    public void A_site_row_with_request_ids_of_another_shape_is_refused(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SiteState>(json, Storage));
}
