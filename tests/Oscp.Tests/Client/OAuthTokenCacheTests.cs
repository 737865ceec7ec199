using Microsoft.Extensions.Time.Testing;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OAuthTokenCacheTests
{
    private static readonly OAuthClientCredentials Client = new(new Uri("https://cp.example.test/token"), "fleet", "s3cret", "oscp");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<OAuthClientCredentials> _asked = [];
    private readonly Queue<Func<Task<TokenAnswer>>> _answers = new();

    private OAuthTokenCache Cache() => new(_time, c =>
    {
        _asked.Add(c);
        return _answers.Dequeue()();
    });

    private void Answer(string token, int? expiresIn = 3600) =>
        _answers.Enqueue(() => Task.FromResult(new TokenAnswer(TokenFetch.Success(token), expiresIn is { } s ? TimeSpan.FromSeconds(s) : null)));

    private void Fail(string error) =>
        _answers.Enqueue(() => Task.FromResult(new TokenAnswer(TokenFetch.Failure(OscpSendOutcome.Retryable, error), null)));

    [Fact]
    public async Task A_token_is_reused_until_its_refresh_margin_then_fetched_again()
    {
        var cache = Cache();
        Answer("tok-1", expiresIn: 600);
        Answer("tok-2");

        Assert.Equal("tok-1", (await cache.GetAsync(Client, default)).AccessToken);
        _time.Advance(TimeSpan.FromSeconds(569));
        Assert.Equal("tok-1", (await cache.GetAsync(Client, default)).AccessToken);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("tok-2", (await cache.GetAsync(Client, default)).AccessToken);
        Assert.Equal(2, _asked.Count);
    }

    [Fact]
    public async Task A_token_without_a_lifetime_lives_five_minutes()
    {
        var cache = Cache();
        Answer("tok-1", expiresIn: null);
        Answer("tok-2");

        await cache.GetAsync(Client, default);
        _time.Advance(OAuthTokenCache.ReuseFor(OAuthTokenCache.LifetimeWhenUnknown) - TimeSpan.FromTicks(1));
        Assert.Equal("tok-1", (await cache.GetAsync(Client, default)).AccessToken);
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("tok-2", (await cache.GetAsync(Client, default)).AccessToken);
    }

    [Fact]
    public async Task A_failure_is_returned_and_not_cached()
    {
        var cache = Cache();
        Fail("token request to cp.example.test failed: HTTP 503");
        Answer("tok-1");

        var failed = await cache.GetAsync(Client, default);
        Assert.False(failed.IsSuccess);
        Assert.Equal("token request to cp.example.test failed: HTTP 503", failed.Error);
        Assert.Equal("tok-1", (await cache.GetAsync(Client, default)).AccessToken);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_fetch_and_one_giving_up_does_not_cancel_it()
    {
        var gate = new TaskCompletionSource<TokenAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _answers.Enqueue(() => gate.Task);
        var cache = Cache();
        using var giveUp = new CancellationTokenSource();

        var first = cache.GetAsync(Client, giveUp.Token);
        var second = cache.GetAsync(Client, default);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        gate.SetResult(new TokenAnswer(TokenFetch.Success("tok-1"), TimeSpan.FromHours(1)));

        Assert.Equal("tok-1", (await second).AccessToken);
        Assert.Single(_asked);
    }

    [Fact]
    public async Task Invalidate_forgets_only_the_rejected_token()
    {
        var cache = Cache();
        Answer("tok-1");
        Answer("tok-2");

        await cache.GetAsync(Client, default);
        cache.Invalidate(Client, "some-older-token");
        Assert.Equal("tok-1", (await cache.GetAsync(Client, default)).AccessToken);
        cache.Invalidate(Client, "tok-1");
        Assert.Equal("tok-2", (await cache.GetAsync(Client, default)).AccessToken);
    }

    [Fact]
    public async Task Tokens_are_kept_per_request_but_not_per_secret()
    {
        var cache = Cache();
        Answer("tok-1");
        Answer("tok-2");
        Answer("tok-3");

        await cache.GetAsync(Client, default);
        Assert.Equal("tok-1", (await cache.GetAsync(Client with { ClientSecret = "rotated" }, default)).AccessToken);
        Assert.Equal("tok-2", (await cache.GetAsync(Client with { Scope = "other" }, default)).AccessToken);
        Assert.Equal("tok-3", (await cache.GetAsync(Client with { AuthStyle = OAuthClientAuthStyle.Basic }, default)).AccessToken);
        Assert.Equal(3, _asked.Count);
    }
}
