using OscpFleet.Oscp.Outbox;

namespace OscpFleet.Oscp.Tests.Outbox;

public sealed class IdempotencyKeysTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("a")]
    [InlineData("8e03978e-40d5-43e8-bc93-6894a57f9324")]
    [InlineData("with space and ~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}")]
    public void Printable_ascii_keys_are_valid(string key) => Assert.True(IdempotencyKeys.IsValid(key));

    [Theory]
    [InlineData("")]
    [InlineData("tab\there")]
    [InlineData("new\nline")]
    [InlineData("caf\u00e9")]
    [InlineData("del\u007f")]
    public void Empty_control_and_non_ascii_keys_are_invalid(string key) => Assert.False(IdempotencyKeys.IsValid(key));

    [Fact]
    public void A_key_may_be_255_characters_but_not_256()
    {
        Assert.True(IdempotencyKeys.IsValid(new string('k', 255)));
        Assert.False(IdempotencyKeys.IsValid(new string('k', 256)));
        Assert.False(IdempotencyKeys.IsValid(null));
    }

    [Fact]
    public void Prune_forgets_keys_24_hours_old_and_keeps_younger_ones()
    {
        var kept = new List<(string Key, DateTimeOffset At)> { ("old", T0), ("young", T0.AddHours(1)) };

        var bounded = IdempotencyKeys.Prune(kept, k => k.At, T0.AddHours(24));

        Assert.Equal(0, bounded);
        Assert.Equal(["young"], kept.Select(k => k.Key));
        IdempotencyKeys.Prune(kept, k => k.At, T0.AddHours(24).AddTicks(-1).AddHours(1));
        Assert.Equal(["young"], kept.Select(k => k.Key));
    }

    [Fact]
    public void Prune_beyond_the_bound_forgets_the_oldest_and_counts_them()
    {
        var kept = Enumerable.Range(0, 5).Select(i => (Key: $"k{i}", At: T0.AddMinutes(i))).ToList();

        var bounded = IdempotencyKeys.Prune(kept, k => k.At, T0.AddHours(1), max: 3);

        Assert.Equal(2, bounded);
        Assert.Equal(["k2", "k3", "k4"], kept.Select(k => k.Key));
    }
}
