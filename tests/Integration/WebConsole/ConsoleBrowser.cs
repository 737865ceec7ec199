using Microsoft.Playwright;

namespace OscpFleet.Integration.WebConsole;

/// <summary>
/// Headless Chromium driven by Playwright: the system's browser (the Debian package <c>chromium</c>, which
/// <c>./test.sh</c> installs when missing), never one downloaded at test time. <c>OSCPFLEET_CHROMIUM</c> names another
/// executable.
/// </summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/lib/chromium/chromium"];

    private IPlaywright? playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("OSCPFLEET_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : Candidates.FirstOrDefault(File.Exists);
        if (executable is null || !File.Exists(executable))
            throw new InvalidOperationException(
                "No Chromium found (looked for OSCPFLEET_CHROMIUM, " + string.Join(", ", Candidates) + "): install the Debian package 'chromium' (./test.sh does).");
        // The machine is shared and slow at times: assertions that poll wait as long as the harness does elsewhere.
        Assertions.SetDefaultExpectTimeout((float)Testing.VectorPeerCluster.Timeout.TotalMilliseconds);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in a container has no user namespace for Chromium's sandbox.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}
