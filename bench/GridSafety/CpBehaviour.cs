using OscpFleet.Oscp.Wire;

namespace OscpFleet.Bench.GridSafety;

/// <summary>A forecast the script sends: its type, its blocks as sent, and whether it is an all-zero emergency profile.</summary>
internal sealed record ScriptedForecast(string GroupId, CapacityForecastType Type, IReadOnlyList<ForecastedBlock> Blocks, bool AllZero)
{
    /// <summary>The blocks as the oracle reads them (A per phase → kW at the nominal voltage).</summary>
    public IReadOnlyList<OracleBlock> OracleBlocks() => [.. Blocks.Select(b => new OracleBlock(
        b.StartTime, b.EndTime, b.Phase,
        b.Unit == ForecastedBlockUnit.A ? b.Capacity * SiteSetup.NominalVoltage / 1000 : b.Capacity))];

    /// <summary>A one-line description for the report.</summary>
    public string Describe()
    {
        var whole = Blocks.Where(b => b.Phase == PhaseIndicator.All).ToList();
        var phases = Blocks.Count - whole.Count;
        var span = $"{Blocks.Min(b => b.StartTime):HH:mm}–{Blocks.Max(b => b.EndTime):HH:mm}";
        var kind = AllZero ? "EMERGENCY all-zero" : Type == CapacityForecastType.Consumption ? "CONSUMPTION" : "FALLBACK";
        var values = whole.Count == 0 ? "" : $" ALL {whole.Min(b => b.Capacity):0.#}–{whole.Max(b => b.Capacity):0.#} kW";
        return $"{kind} {span}{values} ({whole.Count} ALL blocks{(phases > 0 ? $", {phases} per-phase A blocks" : "")})";
    }
}

/// <summary>
/// The CP's behaviour, from one seeded <see cref="Random"/>: when it sends what to which site, when the connection
/// drops and for how long, when the CP re-handshakes while online. The same seed and options give the same script.
/// </summary>
internal sealed class CpBehaviour(int seed, IReadOnlyList<string> sites)
{
    private static readonly TimeSpan Block = TimeSpan.FromMinutes(15);
    private readonly Random random = new(seed);

    /// <summary>Chance per site and step of a CONSUMPTION forecast.</summary>
    public const double ConsumptionChance = 0.06;

    /// <summary>Share of CONSUMPTION forecasts that are all-zero emergency profiles.</summary>
    public const double EmergencyShare = 0.15;

    /// <summary>Chance per site and step of a FALLBACK_CONSUMPTION forecast.</summary>
    public const double FallbackChance = 0.015;

    /// <summary>The forecasts of one step, in sending order.</summary>
    public List<ScriptedForecast> Step(DateTimeOffset now, bool first)
    {
        var step = new List<ScriptedForecast>();
        foreach (var site in sites)
        {
            // At the start every site gets a consumption forecast, most a fallback too.
            if (first || random.NextDouble() < FallbackChance)
            {
                if (!first || random.NextDouble() < 0.75) step.Add(Fallback(site, now));
            }
            if (first || random.NextDouble() < ConsumptionChance)
                step.Add(random.NextDouble() < EmergencyShare && !first ? Emergency(site, now) : Consumption(site, now));
        }
        return step;
    }

    /// <summary>Picks one of the sites.</summary>
    public string AnySite() => sites[random.Next(sites.Count)];

    /// <summary>A forecast of a random kind, for the probe sent while the connection is not back yet.</summary>
    public ScriptedForecast Probe(DateTimeOffset now) => Consumption(AnySite(), now);

    /// <summary>
    /// Connection events over <paramref name="steps"/> steps: (step, drop lasting this many steps) and re-handshakes.
    /// 3–5 drops of 2–24 steps, and 4–8 re-handshakes while online, spread over the day.
    /// </summary>
    public (SortedDictionary<int, int> Drops, SortedSet<int> Rehandshakes) Connection(int steps)
    {
        var drops = new SortedDictionary<int, int>();
        var count = 3 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            // One drop in each slice of the day, never in the first step (the sites get their first forecasts there).
            var slice = steps / count;
            var at = Math.Max(2, (i * slice) + random.Next(Math.Max(1, slice - 30)));
            drops[at] = 2 + random.Next(23);
        }
        var rehandshakes = new SortedSet<int>();
        var handshakes = 4 + random.Next(5);
        for (var i = 0; i < handshakes; i++) rehandshakes.Add(2 + random.Next(Math.Max(1, steps - 2)));
        return (drops, rehandshakes);
    }

    private ScriptedForecast Emergency(string site, DateTimeOffset now)
    {
        var start = QuarterHour(now);
        var count = 1 + random.Next(8);
        return new ScriptedForecast(site, CapacityForecastType.Consumption,
            [.. Enumerable.Range(0, count).Select(i => new ForecastedBlock(0, PhaseIndicator.All, ForecastedBlockUnit.Kw, start + (i * Block), start + ((i + 1) * Block)))],
            AllZero: true);
    }

    private ScriptedForecast Consumption(string site, DateTimeOffset now)
    {
        var start = QuarterHour(now) + (random.NextDouble() < 0.7 ? TimeSpan.Zero : random.Next(1, 5) * Block);
        var count = 4 + random.Next(93);
        var gaps = random.NextDouble() < 0.3;
        var perPhase = random.NextDouble() < 0.25;
        var level = random.NextDouble() * 120;
        var blocks = new List<ForecastedBlock>();
        for (var i = 0; i < count; i++)
        {
            var from = start + (i * Block);
            var to = from + Block;
            level = Math.Clamp(level + ((random.NextDouble() - 0.5) * 30), 0, 120);
            var kw = random.NextDouble() < 0.08 ? 200 + (random.NextDouble() * 60) : random.NextDouble() < 0.04 ? 0 : Math.Round(level, 1);
            var skipWhole = gaps && random.NextDouble() < 0.25;
            if (!skipWhole) blocks.Add(new ForecastedBlock(Math.Round(kw, 1), PhaseIndicator.All, ForecastedBlockUnit.Kw, from, to));
            if (perPhase && random.NextDouble() < 0.6)
            {
                foreach (var phase in new[] { PhaseIndicator.One, PhaseIndicator.Two, PhaseIndicator.Three })
                {
                    if (random.NextDouble() < 0.7)
                        blocks.Add(new ForecastedBlock(Math.Round(10 + (random.NextDouble() * 150), 1), phase, ForecastedBlockUnit.A, from, to));
                }
            }
        }
        if (blocks.Count == 0)
            blocks.Add(new ForecastedBlock(Math.Round(level, 1), PhaseIndicator.All, ForecastedBlockUnit.Kw, start, start + Block));
        return new ScriptedForecast(site, CapacityForecastType.Consumption, blocks, AllZero: blocks.All(b => b.Capacity == 0));
    }

    /// <summary>A fallback higher than any consumption value the script sends (130–260 kW, against 0–120 and a few spikes).</summary>
    private ScriptedForecast Fallback(string site, DateTimeOffset now)
    {
        var start = QuarterHour(now);
        var count = 16 + random.Next(81);
        var gaps = random.NextDouble() < 0.3;
        var blocks = new List<ForecastedBlock>();
        for (var i = 0; i < count; i++)
        {
            if (gaps && random.NextDouble() < 0.2) continue;
            var from = start + (i * Block);
            blocks.Add(new ForecastedBlock(Math.Round(130 + (random.NextDouble() * 130), 1), PhaseIndicator.All, ForecastedBlockUnit.Kw, from, from + Block));
        }
        if (blocks.Count == 0) blocks.Add(new ForecastedBlock(180, PhaseIndicator.All, ForecastedBlockUnit.Kw, start, start + Block));
        return new ScriptedForecast(site, CapacityForecastType.FallbackConsumption, blocks, AllZero: false);
    }

    private static DateTimeOffset QuarterHour(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Block.Ticks), TimeSpan.Zero);
}
